"""HTML mode's headline: the ``<h1>`` that the document's own title names.

Extractors give a page's headline apart from its body: trafilatura and Readability return it as the
title beside the text, and the benchmarks' gold texts (fundus, Readability's fixtures, the Scrapinghub
article bodies, newspaper's) leave it out of the body. linesift's labels count the headline as
``content``; in HTML mode the page's result gives it as ``PageResult.title`` and keeps it out of
``PageResult.text``, so the text is the body, as the extractors compare it (docs/design.md,
"The headline").

Which line is the headline is no guess from its looks: an ``<h1>`` whose words the page's own
``og:title``, ``twitter:title`` or ``<title>`` holds ("Headline | Site" holds "Headline"). A section's
heading or a wall's title is not what the title names, and a logo's ``<h1>`` shares fewer of its
words than the headline does. The headline is the title whether or not the keep rules kept its line
(a headline above the article's container often is not); a page whose titles name no ``<h1>`` has no
title here, and its text loses nothing. Plain text has no titles and no elements: text mode keeps the
headline in the text.

The article is the element around the headline that holds most of the text kept after it
(``article_around``), and it begins at the headline (``within_article``). What the keep rules kept
after the headline outside that element goes: a rail of other stories, a list of links after the
article. Above the headline, what was kept (a kicker, a breadcrumb, a promotion) goes when it is a
small part of the kept text, ``ABOVE_SHARE``; when it is more (a shop's or a forum's page whose
``<h1>`` comes late, or a stream of other stories), only what lies outside the article goes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np

from classifier.container import inside
from classifier.types import Line, line_chars

__all__ = [
    "ABOVE_SHARE",
    "HEADLINE_TAG",
    "HELD_SHARE",
    "TITLE_SHARE",
    "article_around",
    "headline_at",
    "title_words",
    "within_article",
]

HEADLINE_TAG = "h1"
TITLE_SHARE = 0.7
"""The share of a line's words that one of the titles must hold. A title adds the site's name and may
shorten or reword the headline; 0.5, 0.7 and 0.9 score the same on the evaluation pages
(docs/journal/quality-log.md, "Session 18")."""

ABOVE_SHARE = 0.2
"""The kept lines above the headline all go when they hold at most this share of the kept characters
(0.2 to 0.5 score the same on the even half of the evaluation pages; the odd half holds it:
docs/journal/quality-log.md, "Session 18")."""
HELD_SHARE = 0.5
"""The headline's article: the deepest element around the headline that holds this share of the kept
characters after it (0.4 to 0.5 score best on the even half of the evaluation pages, 0.6, the article
container's share, 0.001 lower; the odd half holds 0.5: docs/journal/quality-log.md, "Session 18")."""

_WORD = re.compile(r"\w+")


def title_words(text: str) -> frozenset[str]:
    """The words of ``text`` as the title match compares them: NFKC, case-folded, runs of ``\\w``."""
    return frozenset(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def headline_at(lines: Sequence[Line], titles: Sequence[str]) -> int | None:
    """The position of the page's headline in ``lines``, or None: of the ``HEADLINE_TAG`` lines of
    which one of ``titles`` holds ``TITLE_SHARE`` of the words, the one that shares the most words
    with a title (the first of equals). A logo's ``<h1>`` ("Harbour News") is held whole by a title
    such as "The ferry returns | Harbour News", but the headline shares more of it."""
    if not titles:
        return None
    named = [title_words(title) for title in titles]
    best, best_shared = None, 0
    for at, line in enumerate(lines):
        if line.tag != HEADLINE_TAG:
            continue
        words = title_words(line.text)
        if not words:
            continue
        shared = max(len(words & title) for title in named)
        if shared >= TITLE_SHARE * len(words) and shared > best_shared:
            best, best_shared = at, shared
    return best


def within_article(
    lines: Sequence[Line], keep: np.ndarray, at: int, share: float = ABOVE_SHARE, held: float = HELD_SHARE
) -> np.ndarray:
    """``keep`` cut to the article of the headline at ``at``: the kept lines after the headline outside
    its article (``article_around``) go; above it, all kept lines go when they hold at most ``share`` of
    the kept characters, else those outside its article."""
    block = article_around(lines, keep, at, held)
    within = None if block is None else inside(lines, block)
    chars = line_chars(lines)
    above = int(chars[:at][keep[:at]].sum())
    out = keep.copy()
    if above and above <= share * int(chars[keep].sum()):
        out[:at] = False
    elif within is not None:
        out[:at] &= within[:at]
    if within is not None:
        out[at + 1 :] &= within[at + 1 :]
    return out


def article_around(lines: Sequence[Line], keep: np.ndarray, at: int, held: float = HELD_SHARE) -> int | None:
    """The headline's article: the deepest element around the headline at ``at`` that holds ``held``
    of the kept characters after it, or None (plain text, or nothing kept after it). An element holds
    all that the elements inside it hold, so the search goes outwards from the headline and stops at
    the first that holds enough."""
    after = [line for line, kept in zip(lines[at + 1 :], keep[at + 1 :].tolist(), strict=True) if kept]
    total = sum(len(line.text) for line in after)
    if not total:
        return None
    for block in reversed(lines[at].blocks[:-1]):
        if sum(len(line.text) for line in after if block in line.blocks) >= held * total:
            return block
    return None
