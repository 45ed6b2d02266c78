"""The keep decision over a page's label probabilities: the threshold and wall margin, text mode's
article span, and the second reading of a page left with almost no text. HTML mode adds its rules on
top (``html_rules.keep_in_html``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from classifier.cards import SURE_CHARS, SURE_CONTENT
from classifier.types import LABELS, WALL_LABELS, Label, Line, line_chars

__all__ = [
    "FALLBACK_CHARS",
    "SPAN_WALL_FACTOR",
    "article_span",
    "keep_in_text",
    "keep_mask",
    "keep_or_fallback",
    "keep_within_span",
    "without_unsure_short",
    "without_weak_outside_span",
]

_CONTENT = LABELS.index(Label.CONTENT)
_WALLS = [LABELS.index(label) for label in LABELS if label in WALL_LABELS]


def keep_mask(proba: np.ndarray, threshold: float, wall_margin: float = 1.0) -> np.ndarray:
    """Which lines to keep: P(content) reaches the threshold and beats every wall label's
    probability ``wall_margin`` times over (a wall left in the clean text costs a reader more than a
    lost line, so a doubtful line that might be a wall goes)."""
    if proba.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    content = proba[:, _CONTENT]
    return (content >= threshold) & (content >= wall_margin * proba[:, _WALLS].max(axis=1))


FALLBACK_CHARS = 200
"""A page whose kept lines hold fewer characters than this is read again with ``FALLBACK_SHARE``."""
FALLBACK_SHARE = 0.2
"""On such a page, a line clear of the walls is kept when its P(content) reaches this share of the
page's highest and ``FALLBACK_FLOOR`` (``keep_or_fallback``)."""
FALLBACK_FLOOR = 0.05
"""The least P(content) the second reading keeps: a page of menus and buttons, whose best line is
itself unlikely content, has no article to give, and stays empty."""


def keep_or_fallback(
    proba: np.ndarray,
    keep: np.ndarray,
    chars: np.ndarray,
    wall_margin: float,
    *,
    min_chars: int = FALLBACK_CHARS,
    share: float = FALLBACK_SHARE,
    floor: float = FALLBACK_FLOOR,
) -> np.ndarray:
    """``keep``, unless its lines hold fewer than ``min_chars`` characters: then also every line clear
    of the walls whose P(content) reaches both ``share`` of the page's highest and ``floor``. A shop's
    category page or a landing page can leave no line above the keep threshold, and an empty text is
    the worst answer when the page does hold one (Readability likewise retries with looser rules when
    what it found is shorter than its ``charThreshold``). ``chars``: each line's length."""
    if not len(keep) or chars[keep].sum() >= min_chars:
        return keep
    clear = keep_mask(proba, 0.0, wall_margin)
    if not clear.any():
        return keep
    content = proba[:, _CONTENT]
    return keep | (clear & (content >= max(floor, share * content[clear].max())))


SPAN_INSIDE = 0.15
"""Text mode: between the page's first and last sure paragraphs, a sentence of ``SPAN_WORDS`` words or
more clear of the walls, or a line of a list of such lines, is kept from this P(content)
(``keep_within_span``), as HTML mode keeps the lines inside the article's element from the same
figure (``ContainerRule.inside``)."""
SPAN_OUTSIDE = 0.6
"""Text mode: before the page's first sure paragraph and after its last, a line needs this P(content)
(``without_weak_outside_span``), as HTML mode asks more of the lines outside the article's element
(``ContainerRule.outside``)."""
SPAN_WORDS = 4
"""Shorter lines inside the article (buttons, ad labels, "Share", "Read more") keep the plain rule."""
SPAN_LONG_WORDS = 12
"""A line this long counts as a sentence whatever its last character."""
SPAN_LIST_WORDS = 2
"""A line next to one of at least this many words that is no sentence either, and kept or kept on the
same weaker evidence, is an item of a list (pros and cons, a spec sheet, the picks of a guide)."""
SPAN_WALL_FACTOR = 2.0
"""A line kept on that weaker evidence must beat every wall label twice the keep rule's margin over:
a banner sentence dropped between two paragraphs is what the walls' figures miss most."""
_SENTENCE_ENDS = (".", "!", "?", ":", ";", "。", "！", "？", "：")
_CLOSING = "\"'”’»)]」』"


def _sentence(text: str, words: int) -> bool:
    """Whether a line of ``words`` words reads as a sentence: it ends as one does (closing quotes
    aside) or has ``SPAN_LONG_WORDS`` words."""
    return words >= SPAN_LONG_WORDS or text.rstrip().rstrip(_CLOSING).endswith(_SENTENCE_ENDS)


def article_span(lines: Sequence[Line], proba: np.ndarray, keep: np.ndarray) -> tuple[int, int] | None:
    """Where text mode's article lies: the first and the last *sure paragraph* (a kept line of
    ``SURE_CHARS`` characters or more at P(content) ``SURE_CONTENT``), or None when the page has fewer
    than two. Text has no element to say where the article is; its sure paragraphs bound it."""
    sure = np.flatnonzero(keep & (proba[:, _CONTENT] >= SURE_CONTENT) & (line_chars(lines) >= SURE_CHARS))
    if len(sure) < 2:
        return None
    return int(sure[0]), int(sure[-1])


def keep_within_span(
    lines: Sequence[Line],
    proba: np.ndarray,
    keep: np.ndarray,
    wall_margin: float,
    *,
    threshold: float = SPAN_INSIDE,
    min_words: int = SPAN_WORDS,
) -> np.ndarray:
    """``keep``, and between the first and the last sure paragraph (``article_span``) every line of
    ``min_words`` words or more clear of the walls whose P(content) reaches ``threshold`` and that is a
    sentence (``_sentence``) or an item of a list: next to a line of ``SPAN_LIST_WORDS`` words or more
    that is no sentence either and is kept or may be kept so. A sentence or a list between the sure
    paragraphs is rarely clutter. A lone headline-shaped line between two paragraphs keeps the plain
    rule: inside news articles it is as often an "also read" link as a subheading (kept on weaker
    evidence, such lines cost the news pages what the rest gained, docs/journal/quality-log.md,
    sessions 13 and 14). Words are what whitespace separates: a line of an unspaced script counts as
    one and keeps the plain rule."""
    span = article_span(lines, proba, keep)
    if span is None:
        return keep
    first, last = span
    candidates = keep_mask(proba, threshold, wall_margin)
    candidates[: first + 1] = False
    candidates[last:] = False
    out = keep.copy()
    headlines = []
    for i in np.flatnonzero(candidates & ~keep).tolist():
        text = lines[i].text
        words = len(text.split())
        if words < min_words:
            continue
        if _sentence(text, words):
            out[i] = True
        else:
            headlines.append(i)
    # A list's items: read against the decisions above, so the order they are met in does not matter.
    listed = out | candidates
    for i in headlines:
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and listed[j]:
                text = lines[j].text
                words = len(text.split())
                if words >= SPAN_LIST_WORDS and not _sentence(text, words):
                    out[i] = True
                    break
    return out


def without_weak_outside_span(
    lines: Sequence[Line], proba: np.ndarray, keep: np.ndarray, threshold: float = SPAN_OUTSIDE
) -> np.ndarray:
    """``keep`` without the lines before the first sure paragraph or after the last (``article_span``)
    whose P(content) falls short of ``threshold``. Around the article a page holds its chrome: the
    menus, teaser headlines and story lists that read like a kicker or a subheading, which the keep
    threshold lets through at P(content) 0.4–0.6 (docs/journal/quality-log.md, session 14). A page with
    no span keeps its decisions."""
    span = article_span(lines, proba, keep)
    if span is None:
        return keep
    first, last = span
    weak = proba[:, _CONTENT] < threshold
    weak[first : last + 1] = False
    return keep & ~weak


SHORT_WORDS = 2
"""Text mode: a line of this many words or fewer (and ``SHORT_CHARS`` characters at most) is a *short*
line: a button, a label, a date, a name, a one-word heading (``without_unsure_short``)."""
SHORT_CHARS = 20
"""...and this many characters at most: an unspaced script's line counts as one word, and a sentence
of Chinese or Japanese is not a button."""
SHORT_CONTENT = 0.9
"""The P(content) a short line needs in text mode, unless it stands between two kept paragraphs
(``without_unsure_short``)."""


def without_unsure_short(
    lines: Sequence[Line], proba: np.ndarray, keep: np.ndarray, threshold: float = SHORT_CONTENT
) -> np.ndarray:
    """``keep`` without the short lines (``SHORT_WORDS``, ``SHORT_CHARS``) whose P(content) falls short
    of ``threshold``, unless the line before and the line after are both kept paragraphs (kept lines,
    not short, that read as sentences): there it is a subheading. On real pages a short line kept at
    P(content) 0.35-0.9 is clutter nineteen times out of twenty ("Share", "Advertisement", "Related", a
    date, an author's name, a price): the text heads learned short lines from our pages, where they are
    subheadings and list items far more often than on the web (docs/journal/quality-log.md, session 17).
    jusText likewise reads a short block as boilerplate unless its neighbours are good. HTML mode keeps its
    container rule: its short lines inside the article's element are the article's."""
    if not len(keep):
        return keep
    words = np.fromiter((len(line.text.split()) for line in lines), dtype=np.int64, count=len(lines))
    short = (words <= SHORT_WORDS) & (line_chars(lines) <= SHORT_CHARS)
    unsure = keep & short & (proba[:, _CONTENT] < threshold)
    if not unsure.any():
        return keep
    sentences = (_sentence(line.text, int(n)) for line, n in zip(lines, words, strict=True))
    paragraph = keep & ~short & np.fromiter(sentences, dtype=bool, count=len(lines))
    between = np.zeros(len(keep), dtype=bool)
    between[1:-1] = paragraph[:-2] & paragraph[2:]
    return keep & ~(unsure & ~between)


def keep_in_text(
    lines: Sequence[Line], proba: np.ndarray, threshold: float, wall_margin: float
) -> np.ndarray:
    """Text mode's decision: the keep rule (``keep_mask``), the sentences and lists between the sure
    paragraphs (``keep_within_span``, at ``SPAN_WALL_FACTOR`` times the margin), more asked of the lines
    around them (``without_weak_outside_span``) and of the short lines (``without_unsure_short``), and
    the second reading of a page left with almost no text (``keep_or_fallback``)."""
    keep = keep_mask(proba, threshold, wall_margin)
    keep = keep_within_span(lines, proba, keep, SPAN_WALL_FACTOR * wall_margin)
    keep = without_weak_outside_span(lines, proba, keep)
    keep = without_unsure_short(lines, proba, keep)
    return keep_or_fallback(proba, keep, line_chars(lines), wall_margin)
