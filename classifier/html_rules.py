"""HTML mode's keep rules: the article's container, no readers' comments, no second copy of a kept line.

Readability, trafilatura and their kin find the element that holds the article and take the text
inside it. The line classifier decides line by line instead, which wins on pages whose content is not
one neat block, but it keeps prose-like clutter *around* a news article: comment sections, badge
descriptions, teasers with a sentence of summary. The two ideas combine: the model's own keep
decisions locate the article's container — the deepest element around the kept lines that holds
most of their text — and then a line inside that container is kept on weaker evidence, a line
outside it only when the model is nearly certain.

The rule needs the block elements around each line (``Line.blocks``, filled by the HTML segmenter);
plain text has none, and there the plain keep rule stands. Its three numbers were chosen on every second
page of the evaluation set and checked on the others (docs/quality.md, "The article's container").

Some blocks are judged by their element, where the markup says more than the words (docs/quality.md,
"Session 5"): a nav, aside or footer nested in the container, a caption and a form control count as
outside it; its table cells, code blocks and headings are kept whole; readers' comments go, and so
(session 12) do the author's box and the captions and credits that the class and id words name.

News pages close with lists of *cards*: other stories, each a linked headline with a line or two of
summary, one element per card (docs/quality.md, "Session 6"). A summary reads as prose and a headline
as a subheading, so neither the words nor the container tell them from the article; their shape does.
A card list that starts after the article's last sure paragraph goes. (The same shape is the content
of a shop's category page or a landing page of services, where no article comes before it.)

HTML also carries copies of text that a browser shows once: the mobile and the desktop variant of a
teaser, a slideshow's captions repeated in a hidden list, a summary copied into a print block. The
segmenter reads no stylesheet, so it cannot tell which copy shows; ``first_copies`` keeps the first.
(innerText holds only what shows, so plain text keeps its repeats: a refrain repeats on purpose.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter, contains

import numpy as np

from classifier.types import Line

__all__ = [
    "AUTHOR_WORDS",
    "CAPTION_WORDS",
    "CHROME_LANDMARKS",
    "CHROME_WORDS",
    "COMMENT_WORDS",
    "GALLERY_WORDS",
    "NOT_ARTICLE_TAGS",
    "WHOLE_TAGS",
    "ContainerRule",
    "article_container",
    "first_copies",
    "in_author_boxes",
    "in_comments",
    "in_marked",
    "inside",
    "is_comment_word",
    "keep_by_container",
    "line_chars",
    "locating",
    "nested_landmarks",
    "not_article_blocks",
    "teaser_lists",
    "whole_blocks",
    "without_author_boxes",
    "without_caption_markup",
    "without_chrome_markup",
    "without_comments",
    "without_galleries",
    "without_marked",
    "without_trailing_teasers",
]

_BLOCKS = attrgetter("blocks")
_TAG = attrgetter("tag")
_TEXT = attrgetter("text")
_LINK_CHARS = attrgetter("link_chars")
_PATH = attrgetter("path")


def line_chars(lines: Sequence[Line]) -> np.ndarray:
    """Each line's length in characters."""
    return np.fromiter(map(len, map(_TEXT, lines)), dtype=np.int64, count=len(lines))


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
    line still goes by the wall margin, and a block whose likeliest label is ``social`` — a share
    box's heading — is not held whole); None: they need ``inside`` like the rest."""
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
    """A page left with almost no text is read again with a looser rule (``model.keep_or_fallback``;
    session 12). Text mode always does so."""


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
    article (docs/quality.md, "Session 11"). A shop's or a list page's own links are not in a
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


COMMENT_WORDS = frozenset({"comment", "comments"})
"""Class/id words (whole names or their parts: ``comment-list``, ``comment-590950``) that mark a reader's
comment, as the comment plugins of blogs and news sites name them."""
GLUED_COMMENT = "comment"
"""A class/id word that starts with this and has no separator is a glued name of a comment's element:
camelCase read lowercased (``commentContent``, ``commentList``) or run together (``commentbody``)."""
NOT_COMMENTS = ("commentary", "commentaries", "commentator", "commenting")
"""Glued words that name something else: an opinion piece (a news site's "Commentary"), its author."""
COMMENT_WINDOW = 4
"""How many of a line's innermost class/id words are read for ``COMMENT_WORDS``: its own element's and
its parent's, about."""


def is_comment_word(word: str) -> bool:
    """Whether a class/id word marks a reader's comment: one of ``COMMENT_WORDS``, or a glued name that
    starts with ``GLUED_COMMENT`` (not one of ``NOT_COMMENTS``)."""
    if word in COMMENT_WORDS:
        return True
    return word.startswith(GLUED_COMMENT) and word.isalpha() and not word.startswith(NOT_COMMENTS)


def in_comments(lines: Sequence[Line], window: int | None = COMMENT_WINDOW) -> np.ndarray:
    """Which lines sit in comment markup: comment words (``is_comment_word``) among their innermost
    ``window`` class/id words (None: anywhere on the path), leaving out the words every line of the
    page has (``<body class="comments-open">`` marks no comment)."""
    return in_marked(lines, is_comment_word, window)


def without_comments(
    lines: Sequence[Line], keep: np.ndarray, share: float, window: int | None = COMMENT_WINDOW
) -> np.ndarray:
    """``keep`` without the readers' comments below an article, as extractors of the trafilatura family
    drop them: the kept lines in comment markup (``in_comments`` with ``window``) go, unless they hold
    ``share`` or more of the kept characters — then the thread is all the page has, and dropping it
    would leave nothing.

    The text heads read a comment as the prose it is, and the comment section often holds more text
    than the article, so the container rule alone keeps it."""
    return without_marked(lines, keep, share, is_comment_word, window)


AUTHOR_WORDS = frozenset({"author", "authors", "authorbox", "authorbio", "bio", "biography", "byline"})
"""Class/id words (whole names or their parts: ``author-bio``, ``authorbox__description``) that mark the
box about an article's author: a photo, a name and a sentence or two of biography (session 12)."""
AUTHOR_WINDOW = 4
"""How many of a line's innermost class/id words are read for ``AUTHOR_WORDS`` (as ``COMMENT_WINDOW``)."""


def in_author_boxes(lines: Sequence[Line], window: int = AUTHOR_WINDOW) -> np.ndarray:
    """Which lines sit in an author's box: ``AUTHOR_WORDS`` among their innermost ``window`` class/id
    words, leaving out the words every line of the page has."""
    return in_marked(lines, AUTHOR_WORDS.__contains__, window)


def without_author_boxes(lines: Sequence[Line], keep: np.ndarray, share: float) -> np.ndarray:
    """``keep`` without the author's box, unless its lines hold ``share`` or more of the kept
    characters (an author's page, where the biography is the text). A biography is prose, so the text
    heads keep it; our labels count it with the bylines (``other``), as the gold texts of real pages
    leave it out."""
    return without_marked(lines, keep, share, AUTHOR_WORDS.__contains__, AUTHOR_WINDOW)


CAPTION_WORDS = frozenset({"caption", "captions", "credit", "credits"})
"""Class/id words (whole names or their parts: ``image-caption``, ``photo-credit``) that mark a photo's
caption or credit outside a ``<figcaption>`` (which ``NOT_ARTICLE_TAGS`` covers; session 12)."""
CAPTION_WINDOW = 2
"""How many of a line's innermost class/id words are read for ``CAPTION_WORDS``: its own element's,
about (four reached a caption's whole figure and the article around some)."""


def without_caption_markup(lines: Sequence[Line], keep: np.ndarray, share: float) -> np.ndarray:
    """``keep`` without the captions and credits named so in the markup, unless they hold ``share`` or
    more of the kept characters (a photo page). A caption is a sentence, so the text heads keep it; our
    labels count it as ``other``, and the gold texts of real pages leave it out."""
    return without_marked(lines, keep, share, CAPTION_WORDS.__contains__, CAPTION_WINDOW)


CHROME_WORDS = frozenset({"related", "rail", "rightrail", "leftrail", "widget", "widgets"})
"""Class/id words, anywhere on a line's path (whole names or their parts: ``right-rail``,
``related-posts``, ``sidebar-widget``), that name the chrome beside or below an article: a side rail,
a widget column, related stories. The model keeps a sure sentence there (a blog's "about" box, a
related story's summary); real pages' gold texts leave them out (session 14: +0.0019 token F1 with
``without_galleries``; words measured and left because the model already drops their lines:
newsletter, subscribe, share, social, tags, breadcrumb, meta, sponsored, promo, popular, trending,
recommended, outbrain, taboola)."""
GALLERY_WORDS = frozenset({"gallery", "slideshow"})
"""Class/id words of a photo gallery or slideshow: its captions are sentences, often a whole
other story each (a news site's 50-picture business round-up inside a travel article)."""
GALLERY_WINDOW = 8
"""How many of a line's innermost class/id words are read for ``GALLERY_WORDS``: a gallery's
captions sit a few elements inside it, while some sites put the word on the ``<body>`` of every page
that has a gallery (6 to 12 score the same)."""


def without_chrome_markup(lines: Sequence[Line], keep: np.ndarray, share: float) -> np.ndarray:
    """``keep`` without the kept lines in a side rail, a widget or a related-stories block
    (``CHROME_WORDS``), unless they hold ``share`` or more of the kept characters."""
    return without_marked(lines, keep, share, CHROME_WORDS.__contains__, None)


def without_galleries(
    lines: Sequence[Line], keep: np.ndarray, content: np.ndarray, min_chars: int
) -> np.ndarray:
    """``keep`` without the kept lines in a photo gallery or slideshow (``GALLERY_WORDS``), when the
    sure paragraphs outside it (``SURE_CHARS``, ``SURE_CONTENT``; ``content`` is each line's
    P(content)) hold ``min_chars`` characters or more: an article came with the gallery. A gallery
    page (captions and little else) keeps them."""
    marked = in_marked(lines, GALLERY_WORDS.__contains__, GALLERY_WINDOW) & keep
    if not marked.any():
        return keep
    chars = line_chars(lines)
    sure = keep & ~marked & (content >= SURE_CONTENT) & (chars >= SURE_CHARS)
    if chars[sure].sum() < min_chars:
        return keep
    return keep & ~marked


def in_marked(lines: Sequence[Line], is_word: Callable[[str], bool], window: int | None) -> np.ndarray:
    """Which lines carry a class/id word for which ``is_word`` holds among their innermost ``window``
    words (None: anywhere on the path), leaving out the words every line of the page has."""
    paths = list(map(_PATH, lines))
    inner = [path[-window:] for path in paths] if window else paths
    words = set(filter(is_word, set(chain.from_iterable(inner))))  # each distinct word once
    if words and paths:
        words -= words.intersection(*paths)  # the words every line carries mark nothing
    if not words:
        return np.zeros(len(lines), dtype=bool)
    return np.fromiter((not words.isdisjoint(path) for path in inner), dtype=bool, count=len(lines))


def without_marked(
    lines: Sequence[Line],
    keep: np.ndarray,
    share: float,
    is_word: Callable[[str], bool],
    window: int | None,
) -> np.ndarray:
    """``keep`` without the kept lines that ``in_marked`` finds, unless they hold ``share`` or more of
    the kept characters."""
    marked = in_marked(lines, is_word, window) & keep
    if not marked.any():
        return keep
    chars = line_chars(lines)
    if chars[marked].sum() >= share * chars[keep].sum():
        return keep
    return keep & ~marked


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
    of services is one, with at most an introduction above it (docs/quality.md, "Session 6")."""
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
