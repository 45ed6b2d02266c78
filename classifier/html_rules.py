"""HTML mode's keep rules, in the order they run (``keep_in_html``), and their settings
(``ContainerRule``).

The plain keep decisions locate the article's container (``container.py``), inside which a line is
kept on weaker evidence and outside only when nearly certain; blocks the class and id words name as
comments, author's boxes, captions, side rails, widgets, related stories or galleries go
(``marked.py``); then second copies, and the lists of story cards after the article (``cards.py``).

HTML also carries copies of text that a browser shows once: the mobile and the desktop variant of a
teaser, a slideshow's captions repeated in a hidden list, a summary copied into a print block. The
segmenter reads no stylesheet, so it cannot tell which copy shows; ``first_copies`` keeps the first.
(innerText holds only what shows, so plain text keeps its repeats: a refrain repeats on purpose.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from classifier.cards import without_trailing_teasers
from classifier.container import keep_by_container
from classifier.decision import keep_mask, keep_or_fallback
from classifier.marked import (
    without_author_boxes,
    without_caption_markup,
    without_chrome_markup,
    without_comments,
    without_galleries,
)
from classifier.types import LABELS, Label, Line, line_chars

__all__ = ["CODE_TAGS", "REPEAT_CHARS", "ContainerRule", "first_copies", "keep_in_html"]

_CONTENT = LABELS.index(Label.CONTENT)
_SOCIAL = LABELS.index(Label.SOCIAL)


CODE_TAGS = frozenset({"pre"})
"""Code blocks: the article's container holds them whole even where the heads see a wall in them
(session 18: 0.8813 → 0.8814 token F1; the Readability source 0.9432 → 0.9439, a page of SQL)."""

REPEAT_CHARS = 20
"""A kept line this long or longer that repeats an earlier kept line is a copy (shorter ones, such as
"Reply" or a date, may well repeat)."""


@dataclass(frozen=True)
class ContainerRule:
    """The settings of HTML mode's keep rules: the container's three numbers, whether nested landmarks,
    captions and form controls count as outside it, what its tables, code and headings need, and the
    comment rule's share (each compared on half of the evaluation pages and held on the other half:
    docs/quality.md)."""

    share: float = 0.6
    """The container holds at least this share of the kept characters (a majority: one answer). 0.5 until
    the markup rules below came (session 5); with them the even half chose 0.6."""
    chrome_links: bool = False
    """Whether the links of the page's landmarks count towards the container (``locating``); they did
    until session 11."""
    inside: float = 0.15
    """P(content) a line inside the container needs."""
    outside: float = 0.95
    """P(content) a line outside the container needs."""
    landmarks: bool = True
    """Lines in a nav, aside or footer nested in the container count as outside it (``nested_landmarks``)."""
    tags: bool = True
    """Captions and form controls count as outside the container (``NOT_ARTICLE_TAGS``)."""
    whole: float | None = 0.0
    """P(content) the container's table cells, code blocks and headings need (``WHOLE_TAGS``; a wall
    line still goes by the wall margin, except in a code block, ``CODE_TAGS``, and a block whose
    likeliest label is ``social`` — a share box's heading — is not held whole); None: they need
    ``inside`` like the rest."""
    comments: float | None = 0.99
    """Kept lines in comment markup go unless they hold this share of the kept characters or more
    (nothing else would be left: the thread is the page); None keeps them (``without_comments``)."""
    comments_anywhere: float | None = 0.7
    """Then kept lines with comment words *anywhere* on their path (a thread under ``<section
    id="comments">`` whose own elements are named "message" or "post-text") go too, unless they hold
    this share of the kept characters: a forum thread or a Q&A page under a comment-named element is
    the page's main text (0.6 to 0.8 score the same on both halves; 0.99 loses such pages). None: only
    the innermost words count (before session 11)."""
    author_boxes: float | None = 0.3
    """Kept lines in an author's box go unless they hold this share of the kept characters (an author's
    page); None keeps them (``without_author_boxes``; session 12)."""
    caption_markup: float | None = 0.3
    """Kept lines whose own class/id words name a caption or a credit go unless they hold this share of
    the kept characters; None keeps them (``without_caption_markup``; session 12)."""
    chrome_markup: float | None = 0.5
    """Kept lines whose class/id words name a side rail, a widget or related stories go unless they
    hold this share of the kept characters; None keeps them (``without_chrome_markup``; session 14)."""
    galleries: int | None = 1000
    """Kept lines in a photo gallery or slideshow go when the page's sure paragraphs outside it hold
    this many characters or more; None keeps them (``without_galleries``; session 14)."""
    teasers: bool = True
    """Card lists after the article's last sure paragraph go (``without_trailing_teasers``)."""
    fallback: bool = True
    """A page left with almost no text is read again with a looser rule (``decision.keep_or_fallback``;
    session 12). Text mode always does so."""


def first_copies(lines: Sequence[Line], keep: np.ndarray, min_chars: int = REPEAT_CHARS) -> np.ndarray:
    """``keep`` without the repeats: a kept line of ``min_chars`` or more characters whose text an
    earlier kept line already has is dropped."""
    out = keep.copy()
    seen: set[str] = set()
    for i in np.flatnonzero(keep).tolist():
        text = lines[i].text
        if len(text) < min_chars:
            continue
        if text in seen:
            out[i] = False
        seen.add(text)
    return out


def keep_in_html(
    lines: Sequence[Line], proba: np.ndarray, threshold: float, wall_margin: float, rule: ContainerRule
) -> np.ndarray:
    """HTML mode's decision: the keep rule (``keep_mask``) locates the article's container, inside
    which a line is kept on weaker evidence and outside only when nearly certain; some blocks are
    judged by their element (nested navs and asides, captions and form controls count as outside;
    tables, code and headings are kept whole); readers' comments, the author's box, captions, side
    rails, widgets, related stories and galleries named in the markup, the second copy of a kept line
    and the lists of story cards after the article go; a page left with almost no text is read again
    with a looser rule (``keep_or_fallback``)."""
    keep = keep_mask(proba, threshold, wall_margin)
    # The wall margin is the same for every threshold: work it out once.
    content = proba[:, _CONTENT]
    clear = keep_mask(proba, 0.0, wall_margin)
    # A heading read as a share box's ("Share this page") is not one the article holds whole.
    shared = proba.argmax(axis=1) == _SOCIAL
    # No wall is set in a code block: the heads read some lines of SQL as a consent notice's.
    code = np.fromiter((line.tag in CODE_TAGS for line in lines), dtype=bool, count=len(lines))
    keep = keep_by_container(
        lines,
        keep,
        clear & (content >= rule.inside),
        clear & (content >= rule.outside),
        rule.share,
        landmarks=rule.landmarks,
        tags=rule.tags,
        keep_whole=None if rule.whole is None else (clear | code) & (content >= rule.whole) & ~shared,
        chrome_links=rule.chrome_links,
    )
    if rule.comments is not None:
        keep = without_comments(lines, keep, rule.comments)
    if rule.comments_anywhere is not None:
        keep = without_comments(lines, keep, rule.comments_anywhere, window=None)
    if rule.author_boxes is not None:
        keep = without_author_boxes(lines, keep, rule.author_boxes)
    if rule.caption_markup is not None:
        keep = without_caption_markup(lines, keep, rule.caption_markup)
    if rule.chrome_markup is not None:
        keep = without_chrome_markup(lines, keep, rule.chrome_markup)
    if rule.galleries is not None:
        keep = without_galleries(lines, keep, content, rule.galleries)
    # Second copies go before the card rule looks for the article's last paragraph: a print or
    # mobile copy of the article further down is not where the article ends.
    keep = first_copies(lines, keep)
    if rule.teasers:
        keep = without_trailing_teasers(lines, keep, content)
    if rule.fallback:
        keep = keep_or_fallback(proba, keep, line_chars(lines), wall_margin)
    return keep
