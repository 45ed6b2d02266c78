"""HTML mode's story cards: the lists of other stories that close a news page.

News pages close with lists of *cards*: other stories, each a linked headline with a line or two of
summary, one element per card (docs/journal/quality-log.md, "Session 6"). A summary reads as prose
and a headline as a subheading, so neither the words nor the container tell them from the article;
their shape does. A card list that starts after the article's last sure paragraph goes
(``without_trailing_teasers``).
(The same shape is the content of a shop's category page or a landing page of services, where no
article comes before it.)

A *sure paragraph* (``SURE_CHARS``, ``SURE_CONTENT``) also bounds the article for other rules: a
gallery beside an article (``marked.without_galleries``) and text mode's span
(``decision.keep_within_span``).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from operator import attrgetter

import numpy as np

from classifier.types import Line, line_chars

__all__ = [
    "CARD_LIST_MIN",
    "SURE_CHARS",
    "SURE_CONTENT",
    "teaser_lists",
    "without_trailing_teasers",
]

_LINK_CHARS = attrgetter("link_chars")


CARD_LIST_MIN = 3
"""A card list has at least this many cards (two are a pair, not a list)."""
CARD_MAX_LINES = 6
"""A card holds at most this many lines: a headline, a kicker, a summary, a date, a label or two."""
CARD_MAX_CHARS = 800
"""A card holds at most this many characters: a summary is a sentence or two, not an article."""
CARD_LINK_SHARE = 0.8
CARD_HEADLINE_CHARS = 15
"""A card's headline: a line at least this long (in characters, so that unspaced scripts count) whose
text is at least ``CARD_LINK_SHARE`` link text."""
CARD_SHARE = 0.6
"""The cards hold at least this share of their list element's lines (a list, not a column that also
holds one teaser)."""
SURE_CONTENT = 0.9
SURE_CHARS = 80
"""A *sure paragraph*: a kept line of at least ``SURE_CHARS`` characters at P(content) ``SURE_CONTENT``."""
SURE_SHARE = 0.5
"""The sure paragraphs before a card list hold at least this share of the list's kept characters: an
article came first, and the list is not the page's main text."""


def teaser_lists(
    lines: Sequence[Line], chars: np.ndarray | None = None
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The page's card lists, each as (its cards' lines, all lines of its element), line indices in order
    (``chars``: ``line_chars(lines)``, when already counted).

    A card list is an element with ``CARD_LIST_MIN`` or more child elements that are *cards* — at most
    ``CARD_MAX_LINES`` lines and ``CARD_MAX_CHARS`` characters, one of them a linked headline — and
    whose cards hold ``CARD_SHARE`` of its lines. A paragraph of the article is its own element, not a
    card: cards are elements *around* lines (``Line.blocks``), one per story.

    Worked out at once for every (element, child element) pair on the lines' chains, with NumPy: a
    page has thousands of such pairs."""
    if chars is None:
        chars = line_chars(lines)
    links = np.fromiter(map(_LINK_CHARS, lines), dtype=np.int64, count=len(lines))
    headline = (chars >= CARD_HEADLINE_CHARS) & (links >= CARD_LINK_SHARE * chars)  # Line.link_density
    if headline.sum() < CARD_LIST_MIN:
        return []
    chains = [line.blocks for line in lines]
    sizes = np.fromiter(map(len, chains), dtype=np.int64, count=len(lines))
    ids = np.fromiter(chain.from_iterable(chains), dtype=np.int64, count=int(sizes.sum()))
    owner = np.repeat(np.arange(len(lines)), sizes)
    pair = np.ones(len(ids), dtype=bool)  # each element of a chain but its outermost, with its parent
    pair[(np.cumsum(sizes) - sizes)[sizes > 0]] = False
    if not pair.any():
        return []
    span = int(ids.max()) + 1
    parent, child, owner = ids[np.flatnonzero(pair) - 1], ids[pair], owner[pair]
    keys, slot = np.unique(parent * span + child, return_inverse=True)
    held = np.bincount(slot, minlength=len(keys))
    card = (
        (held <= CARD_MAX_LINES)
        & (np.bincount(slot, weights=chars[owner], minlength=len(keys)) <= CARD_MAX_CHARS)
        & (np.bincount(slot, weights=headline[owner], minlength=len(keys)) > 0)
    )
    outer = keys // span  # each pair's parent; pairs are sorted by it
    lists, start = np.unique(outer, return_index=True)
    n_kids = np.diff(np.append(start, len(keys)))
    n_cards = np.add.reduceat(card.astype(np.int64), start)
    in_cards = np.add.reduceat(np.where(card, held, 0), start)
    in_all = np.add.reduceat(held, start)
    found = []
    qualified = (n_kids >= CARD_LIST_MIN) & (n_cards >= CARD_LIST_MIN) & (in_cards >= CARD_SHARE * in_all)
    if qualified.any():
        pair_parent, pair_card = outer[slot], card[slot]
        for element in lists[qualified]:
            mine = pair_parent == element  # a chain holds an element once: no repeats, in order
            found.append((owner[mine & pair_card], owner[mine]))
    return found


def without_trailing_teasers(lines: Sequence[Line], keep: np.ndarray, content: np.ndarray) -> np.ndarray:
    """``keep`` without the card lists (``teaser_lists``) that start after the article: after the last
    sure paragraph outside the list (``SURE_CHARS``, ``SURE_CONTENT``), when the sure paragraphs hold
    ``SURE_SHARE`` of the list's kept characters. The lists are judged from the page's last up, and the
    cards of a list that went no longer count as sure paragraphs for the lists above it. ``content``
    is each line's P(content).

    A card list before the article or in its middle stays: a shop's category page or a landing page
    of services is one, with at most an introduction above it (docs/journal/quality-log.md, "Session 6")."""
    chars = line_chars(lines)
    lists = teaser_lists(lines, chars)
    if not lists:
        return keep
    sure = keep & (content >= SURE_CONTENT) & (chars >= SURE_CHARS)
    out = keep.copy()
    # From the last list up: a sure summary in a card list further down that went is not where the
    # article ends either (a page closing with a "More from us" list of cards after a "Read next" one).
    for cards, members in reversed(lists):
        in_list = np.zeros(len(lines), dtype=bool)
        in_list[members] = True
        before = np.flatnonzero(sure & out & ~in_list)
        if (
            before.size
            and cards[0] > before[-1]
            and chars[before].sum() >= SURE_SHARE * chars[out & in_list].sum()
        ):
            out[cards] = False
    return out
