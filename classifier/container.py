"""HTML mode's article container: the element that holds the article, found from the keep decisions.

Readability, trafilatura and their kin find the element that holds the article and take the text
inside it. The line classifier decides line by line instead, which wins on pages whose content is not
one neat block, but it keeps prose-like clutter *around* a news article: comment sections, badge
descriptions, teasers with a sentence of summary. The two ideas combine: the model's own keep
decisions locate the article's container — the deepest element around the kept lines that holds
most of their text — and then a line inside that container is kept on weaker evidence, a line
outside it only when the model is nearly certain (``keep_by_container``).

The rule needs the block elements around each line (``Line.blocks``, filled by the HTML segmenter);
plain text has none, and there the plain keep rule stands. Its three numbers were chosen on every second
page of the evaluation set and checked on the others (docs/journal/quality-log.md,
"The article's container"). Some blocks are judged by their element, where the markup says more
than the words (docs/journal/quality-log.md, "Session 5"): a nav, aside or footer nested in the
container, a caption and a form control count as outside it; its table cells, code blocks and
headings are kept whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import repeat
from operator import attrgetter, contains

import numpy as np

from classifier.types import Line, line_chars

__all__ = [
    "CHROME_LANDMARKS",
    "LANDMARKS",
    "NOT_ARTICLE_TAGS",
    "WHOLE_TAGS",
    "article_container",
    "inside",
    "keep_by_container",
    "locating",
    "nested_landmarks",
    "not_article_blocks",
    "whole_blocks",
]

_BLOCKS = attrgetter("blocks")
_TAG = attrgetter("tag")
_LINK_CHARS = attrgetter("link_chars")


LANDMARK_LINK_SHARE = 0.5
"""A line in a nav, header, footer or aside whose text is at least this share link text is a link of
the site's chrome (a menu entry, a linked teaser in a mega-menu): it does not locate the article."""


LANDMARKS = ("in_nav", "in_aside", "in_footer")
"""The landmark elements (``<nav>``, ``<aside>``, ``<footer>`` and their ARIA roles) that are not part of
an article container they sit in: a related-links box, a pull-out aside, the article's tag footer."""


CHROME_LANDMARKS = (*LANDMARKS, "in_header")
"""The landmarks whose links are the site's chrome (``locating``): its menus, sidebars, footers and
mastheads."""


def _flag(lines: Sequence[Line], name: str) -> np.ndarray:
    """One context flag of every line (``Line.in_nav`` and its kin)."""
    return np.fromiter(map(attrgetter(name), lines), dtype=bool, count=len(lines))


def locating(lines: Sequence[Line]) -> np.ndarray:
    """Which lines may locate the article's container: all but the links of the landmarks
    (``LANDMARK_LINK_SHARE``). A news site's mega-menu can hold a dozen linked teasers, each a headline
    and a sentence of summary: the text heads read them as prose, and together they outweigh a short
    article (docs/journal/quality-log.md, "Session 11"). A shop's or a list page's own links are not in a
    landmark, so they still count."""
    flags = np.zeros(len(lines), dtype=bool)
    for name in CHROME_LANDMARKS:
        flags |= _flag(lines, name)
    if not flags.any():
        return np.ones(len(lines), dtype=bool)
    chars = line_chars(lines)
    links = np.fromiter(map(_LINK_CHARS, lines), dtype=np.int64, count=len(lines))
    return ~(flags & (links >= LANDMARK_LINK_SHARE * chars))


def article_container(
    lines: Sequence[Line], keep: np.ndarray, share: float, *, chrome_links: bool = False
) -> int | None:
    """The deepest element around two or more kept lines that holds at least ``share`` of the kept
    lines' characters, or None when there is none (nothing kept, or plain text without elements).
    The links of the page's landmarks are left out of the count (``locating``) unless ``chrome_links``.

    Only elements *around* lines count, not a line's own: one long paragraph is not a container. With
    ``share`` above one half the elements that qualify are nested in one another, so the deepest is
    well defined; at exactly one half a tie goes to the one met first in the page.
    """
    chars: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    depth: dict[int, int] = {}
    total = 0
    counted = keep if chrome_links else keep & locating(lines)
    for line, kept in zip(lines, counted.tolist(), strict=True):
        if not kept:
            continue
        total += len(line.text)
        for level, block in enumerate(line.blocks[:-1]):
            chars[block] += len(line.text)
            count[block] += 1
            depth[block] = level
    best, best_depth = None, -1
    for block, held in chars.items():
        if held >= share * total and count[block] >= 2 and depth[block] > best_depth:
            best, best_depth = block, depth[block]
    return best


def inside(lines: Sequence[Line], block: int) -> np.ndarray:
    """Which lines lie inside the block element ``block``."""
    return np.fromiter(map(contains, map(_BLOCKS, lines), repeat(block)), dtype=bool, count=len(lines))


def nested_landmarks(lines: Sequence[Line], within: np.ndarray) -> np.ndarray:
    """Which of the lines ``within`` a container sit in a landmark nested *inside* it. A landmark flag
    that every line of the container carries comes from an element around the container (a page laid
    out inside one ``<aside>``), and marks nothing."""
    out = np.zeros(len(lines), dtype=bool)
    for name in LANDMARKS:
        flagged = _flag(lines, name)
        if (flagged & within).any() and not flagged[within].all():
            out |= flagged & within
    return out


NOT_ARTICLE_TAGS = frozenset({"figcaption", "label", "button", "option"})
"""Blocks whose text is not the article's even inside its container: figure captions (captions are
``other`` in our labels, and gold texts leave them out) and form controls (labels, buttons, the options
of a select)."""


def not_article_blocks(lines: Sequence[Line]) -> np.ndarray:
    """Which lines are blocks of ``NOT_ARTICLE_TAGS``."""
    return np.fromiter(map(NOT_ARTICLE_TAGS.__contains__, map(_TAG, lines)), dtype=bool, count=len(lines))


WHOLE_TAGS = frozenset({"td", "th", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})
"""Blocks the article's container holds whole: a table is read whole (a cell of figures means nothing
alone, and the text heads read one as clutter), a code block belongs to its how-to, a heading
introduces what follows it."""


def whole_blocks(lines: Sequence[Line]) -> np.ndarray:
    """Which lines are blocks of ``WHOLE_TAGS``."""
    return np.fromiter(map(WHOLE_TAGS.__contains__, map(_TAG, lines)), dtype=bool, count=len(lines))


def keep_by_container(
    lines: Sequence[Line],
    keep: np.ndarray,
    keep_inside: np.ndarray,
    keep_outside: np.ndarray,
    share: float,
    *,
    landmarks: bool = True,
    tags: bool = True,
    keep_whole: np.ndarray | None = None,
    chrome_links: bool = False,
) -> np.ndarray:
    """``keep_inside`` for the lines inside the container that ``keep`` locates, ``keep_outside`` for the
    others; ``keep`` itself when there is no container (nothing kept, or plain text). With ``landmarks``
    the lines of a nav, aside or footer nested in the container count as outside it, with ``tags``
    its captions and form controls (``NOT_ARTICLE_TAGS``). ``keep_whole``, when given, decides the
    container's table cells, code blocks and headings (``WHOLE_TAGS``) instead of ``keep_inside``.
    ``chrome_links`` lets the links of the landmarks count towards the container (``locating``)."""
    block = article_container(lines, keep, share, chrome_links=chrome_links)
    if block is None:
        return keep
    within = inside(lines, block)
    if landmarks:
        within &= ~nested_landmarks(lines, within)
    if tags:
        within &= ~not_article_blocks(lines)
    out = np.where(within, keep_inside, keep_outside)
    if keep_whole is not None:
        whole = within & whole_blocks(lines)
        out[whole] = keep_whole[whole]
    return out
