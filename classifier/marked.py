"""HTML mode's rules on what the class and id words name: blocks the model reads as prose that the
gold texts of real pages leave out.

Readers' comments, the author's box, captions and credits named in the markup (session 12), side
rails, widgets, related stories and a gallery's captions (session 14). Each is prose the text heads
keep; each goes unless it is most of the page (a forum thread, an author's page, a photo page, a page
of related stories). ``in_marked`` and ``without_marked`` do the reading; the words of each kind and
how far in they are read are data here, chosen on half the evaluation pages and checked on the other
half (docs/quality.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain
from operator import attrgetter

import numpy as np

from classifier.cards import SURE_CHARS, SURE_CONTENT
from classifier.types import Line, line_chars

__all__ = [
    "AUTHOR_WORDS",
    "CAPTION_WORDS",
    "CHROME_WORDS",
    "COMMENT_WORDS",
    "GALLERY_WORDS",
    "in_author_boxes",
    "in_comments",
    "in_marked",
    "is_comment_word",
    "without_author_boxes",
    "without_caption_markup",
    "without_chrome_markup",
    "without_comments",
    "without_galleries",
    "without_marked",
]

_PATH = attrgetter("path")


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
