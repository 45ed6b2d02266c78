"""HTML -> lines: the visible text blocks of a page, in document order, each with its structural context.

The tree is lxml's own (``lxml.etree`` with libxml2's HTML parser), walked with ``iterwalk``: no
recursion, so no page can exhaust the stack, and a block is flushed as soon as it ends. Bytes are made
text in ``decode.py``; the page hints read from the same tree are in ``hints.py``.
docs/html-segmentation.md records the choices (what counts as a block, what is hidden) and the timings.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from classifier.decode import parser_bytes
from classifier.errors import InputError
from classifier.hints import PageHints, hints_of
from classifier.tags import (
    DIALOG,
    FLAG_MASK,
    FLAGS,
    HEADINGS,
    INLINE,
    PRE,
    ROLE_BITS,
    SKIP,
    TAG_BITS,
)
from classifier.types import Line, make_line

__all__ = ["MAX_DEPTH", "HtmlPage", "page_hints", "read_html", "segment_html"]

MAX_DEPTH = 1_000
"""Elements nested deeper than this make the page too large to read (``dom_too_large``)."""
MAX_PATH_WORDS = 96
"""The innermost class/id words a line keeps; deeper utility-class soup is cut from the outside."""
MAX_CONTEXT = 64
"""The innermost ancestors a line keeps (tags and block elements), cut from the outside: the deepest
line of the evaluation pages has 43, and a page nested hundreds deep with thousands of lines would
otherwise cost memory in proportion to lines × depth."""
_TIME_CHECK_EVERY = 512


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[\W_]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")  # as segment.clean_line
# A hidden element that wraps this much of the page is the page itself, hidden by a script until it
# loads or made inert behind an open modal; reading it is closer to what a person sees than dropping it.
_WRAPS_PAGE = etree.XPath("count(.//p) >= 3 or boolean(.//article) or boolean(.//main)")


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """A page read once: its lines and its page-level hints."""

    lines: tuple[Line, ...]
    hints: PageHints


def _parse(html: str | bytes) -> etree._Element | None:
    # ``collect_ids=False``: libxml2 need not index the ``id`` attributes, which nothing here looks up
    # (no XPath ``id()``, no ``get_element_by_id``); the tree is the same, a sixteenth cheaper to build.
    parser = etree.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
        no_network=True,
        default_doctype=False,
        collect_ids=False,
    )
    data = parser_bytes(html)
    if not data.strip():
        return None
    try:
        return etree.fromstring(data, parser)
    except etree.ParserError:  # "Document is empty" and its kin
        return None


# ---------------------------------------------------------------------------------------------- reading


def segment_html(
    html: str | bytes, *, max_nodes: int = 200_000, timeout_s: float | None = None
) -> list[Line]:
    """The visible text blocks of ``html`` as lines, in document order (see ``read_html``)."""
    return list(read_html(html, max_nodes=max_nodes, timeout_s=timeout_s).lines)


def page_hints(html: str | bytes) -> PageHints:
    """The page-level hints of ``html`` (``<html lang>``, JSON-LD ``isAccessibleForFree``, og:type)."""
    root = _parse(html)
    return PageHints() if root is None else hints_of(root)


def read_html(html: str | bytes, *, max_nodes: int = 200_000, timeout_s: float | None = None) -> HtmlPage:
    """Parse ``html`` once; return its lines and its page hints.

    Raises ``InputError`` with code ``dom_too_large`` (more than ``max_nodes`` elements walked, or
    nesting deeper than ``MAX_DEPTH``), ``timeout`` (more than ``timeout_s`` seconds, checked while
    walking) or ``not_text``. A page without visible text gives no lines.
    """
    deadline = None if timeout_s is None else time.perf_counter() + timeout_s
    root = _parse(html)
    if root is None:
        return HtmlPage(lines=(), hints=PageHints())
    _check_deadline(deadline, timeout_s)
    # One walk over the tree finds what the two repairs below need (each of its own would cost as much).
    noscripts: list[etree._Element] = []
    placeholders: list[etree._Element] = []
    for element in root.iter("noscript", "template"):
        if element.tag == "noscript":
            noscripts.append(element)
        elif element.get("id", "").startswith("B:"):
            placeholders.append(element)
    _markup_in_noscript(noscripts)
    if placeholders:
        _place_streamed_boundaries(root, placeholders)
    return HtmlPage(lines=tuple(_walk(root, max_nodes, deadline, timeout_s)), hints=hints_of(root))


_MARKUP_TEXT = re.compile(r"\s*<[A-Za-z!/]")


def _markup_in_noscript(noscripts: list[etree._Element]) -> None:
    """Parse ``<noscript>`` content that arrives as text into elements, as a browser without scripts does.

    A page saved from a browser with scripts on serialises its ``<noscript>`` content as escaped text
    (``&lt;div class="alert"&gt;...``), because that browser never parsed it. Read as text, the markup
    itself would become lines; a browser with scripts off renders the elements it spells.
    """
    for element in noscripts:
        text = element.text
        if len(element) or not text or not _MARKUP_TEXT.match(text):
            continue
        try:
            fragment = lxml_html.fragment_fromstring(text, create_parent="div")
        except (etree.ParserError, ValueError):
            element.text = None
            continue
        element.text = None
        element.append(fragment)


def _place_streamed_boundaries(root: etree._Element, placeholders: list[etree._Element]) -> None:
    """Move React's streamed Suspense content to where a browser shows it.

    A page rendered with React's streaming SSR sends each boundary's content late, in a
    ``<div hidden id="S:n">`` at the end of ``<body>``, with a placeholder ``<template id="B:n">`` where
    it belongs; an inline script swaps them as soon as it arrives. Read as served, the article would be
    hidden text after the footer; read as shown, it takes the placeholder's place. ``placeholders``:
    the page's ``<template id="B:n">`` elements.
    """
    streamed = {
        element.get("id"): element
        for element in root.iter("div")
        if element.get("hidden") is not None and element.get("id", "").startswith("S:")
    }
    for placeholder in placeholders:
        content = streamed.pop("S:" + placeholder.get("id", "")[2:], None)
        parent = placeholder.getparent()
        if content is None or parent is None or content.getparent() is None:
            continue
        content.getparent().remove(content)
        position = parent.index(placeholder)
        before = placeholder.getprevious()
        # Text outside any child element: the content's own text leads, the placeholder's tail trails.
        lead, trail = content.text or "", placeholder.tail or ""
        parent.remove(placeholder)  # its tail goes with it
        children = list(content)
        for offset, child in enumerate(children):
            parent.insert(position + offset, child)
        if children:
            children[-1].tail = (children[-1].tail or "") + trail
        else:
            lead += trail
        if before is not None:
            before.tail = (before.tail or "") + lead
        else:
            parent.text = (parent.text or "") + lead


def _check_deadline(deadline: float | None, timeout_s: float | None) -> None:
    if deadline is not None and time.perf_counter() > deadline:
        raise InputError(f"reading the page took more than {timeout_s} s", code="timeout")


_WORDS_CACHE: dict[str, tuple[str, ...]] = {}
_WORDS_CACHE_SIZE = 50_000


def _words(value: str) -> tuple[str, ...]:
    """Class or id words: each whole name, then its alphanumeric parts; lowercased, first seen first.

    Memoised in a plain dict (emptied when full): class strings repeat across a page and a site.
    """
    found = _WORDS_CACHE.get(value)
    if found is not None:
        return found
    out: dict[str, None] = {}
    for name in value.lower().split():
        out[name] = None
        for part in _WORD_SPLIT.split(name):
            if part:
                out[part] = None
    if len(_WORDS_CACHE) >= _WORDS_CACHE_SIZE:
        _WORDS_CACHE.clear()
    found = _WORDS_CACHE[value] = tuple(out)
    return found


def _collapse(text: str) -> str:
    """Whitespace runs to one space, invisible characters dropped, trimmed (``segment.clean_line``'s
    result for one line, at a third of its cost: this runs once per block)."""
    text = " ".join(text.split())
    if (text.isascii() and text.isprintable()) or not _INVISIBLE.search(text):
        return text
    return " ".join(_INVISIBLE.sub("", text).split())


def _extend(path: tuple[str, ...], words: tuple[str, ...]) -> tuple[str, ...]:
    path += words
    return path[-MAX_PATH_WORDS:] if len(path) > MAX_PATH_WORDS else path


_BLOCK, _INLINE_KIND, _LINK_KIND, _SKIPPED = 0, 1, 2, 3
_HIDING = frozenset({"hidden", "aria-hidden", "style"})
_Attrs = list[tuple[str, str]]
# A frame per open element: [attributes, tag, kind, (path, bits, tags from the root to it) or None,
# (own words, own bits) or None].
_Frame = list
_SKIP_FRAME: _Frame = [[], "", _SKIPPED, None, None]


def _own(items: _Attrs, tag: str) -> tuple[tuple[str, ...], int]:
    """An element's own class/id words and context bits (tag, role, aria-modal)."""
    bits = TAG_BITS.get(tag, 0)
    words: tuple[str, ...] = ()
    for key, value in items:
        if key == "class" or key == "id":
            if value:
                words += _words(value)
        elif key == "role":
            for role in value.lower().split():
                bits |= ROLE_BITS.get(role, 0)
        elif key == "aria-modal" and value.strip().lower() == "true":
            bits |= DIALOG
    return words, bits


def _frame_own(frame: _Frame) -> tuple[tuple[str, ...], int]:
    """``_own`` of an open inline element, worked out once: its words and bits are read again at
    every line its text runs into."""
    found = frame[4]
    if found is None:
        found = frame[4] = _own(frame[0], frame[1])
    return found


def _hidden(el: etree._Element, tag: str, items: _Attrs) -> bool:
    """``hidden``, ``aria-hidden="true"``, an inline style that hides, or a ``<dialog>`` not open; unless
    the element wraps the page itself (hidden by a script until load, or inert behind a modal)."""
    hides = tag == "dialog" and el.get("open") is None
    for key, value in items:
        if key in _HIDING and (
            key == "hidden"
            or (key == "aria-hidden" and value.strip().lower() == "true")
            or (key == "style" and _HIDDEN_STYLE.search(value) is not None)
        ):
            hides = True
            break
    return hides and not _WRAPS_PAGE(el)


def _walk(
    root: etree._Element, max_nodes: int, deadline: float | None, timeout_s: float | None
) -> list[Line]:
    """One pass over the tree; the text of each block run becomes a line when the run ends.

    The loop does as little as it can per element (most elements hold no text of their own): the
    class/id path, context bits and ancestors are worked out only for the blocks that have text, from
    the frames of the open elements, each frame at most once.
    """
    lines: list[Line] = []
    frames: list[_Frame] = []
    blocks: list[int] = []  # positions in ``frames`` of the open blocks
    serials: list[int] = []  # their serial numbers (``Line.blocks``), kept beside them: read at every line
    saved: list[list[_Frame]] = []
    inline: list[_Frame] = []  # the open inline elements inside the innermost block
    pieces: list[str] = []
    link_pieces: list[str] = []
    run_inline: list[_Frame] = []  # the inline elements holding text of the current run
    push, pop, add = frames.append, frames.pop, pieces.append

    def info_at(at: int) -> tuple[tuple[str, ...], int, tuple[str, ...]]:
        k = at
        while k >= 0 and frames[k][3] is None:
            k -= 1
        path, bits, tags = frames[k][3] if k >= 0 else ((), 0, ())
        for i in range(k + 1, at + 1):
            frame = frames[i]
            words, own = _own(frame[0], frame[1]) if frame[0] else ((), TAG_BITS.get(frame[1], 0))
            if words:
                path = _extend(path, words)
            bits |= own
            tags = (tags if len(tags) <= MAX_CONTEXT else tags[1:]) + (frame[1],)
            frame[3] = (path, bits, tags)
        return path, bits, tags

    def flush() -> None:
        raw = "".join(pieces)
        link_text = "".join(link_pieces) if link_pieces else ""
        inlines = list({id(f): f for f in run_inline}.values()) if run_inline else []
        pieces.clear()
        link_pieces.clear()
        run_inline.clear()
        at = blocks[-1] if blocks else 0
        path, bits, tags = info_at(at)
        for frame in inlines:
            words, own = _frame_own(frame)
            bits |= own
            if words:
                path = _extend(path, words)
        tag = tags[-1]
        ancestors = tags[:-1]
        around = tuple(serials[-MAX_CONTEXT:])
        for part in raw.splitlines() if bits & PRE else (raw,):
            text = _collapse(part)
            if not text:
                continue
            link_chars = min(len(text), len(_collapse(link_text))) if link_text else 0
            lines.append(
                make_line(
                    len(lines) + 1,
                    text,
                    tag,
                    HEADINGS.get(tag, 0),
                    path,
                    ancestors,
                    link_chars,
                    *FLAGS[bits & FLAG_MASK],
                    at,
                    around,
                )
            )

    walker = etree.iterwalk(root, events=("start", "end"))
    seen = 0
    check_at = min(max_nodes + 1, _TIME_CHECK_EVERY)
    links = 0  # open <a> elements
    for event, el in walker:
        if event == "end":
            kind = frames[-1][2]
            if kind == _BLOCK:
                if pieces:
                    flush()
                blocks.pop()
                serials.pop()
                inline = saved.pop()
            elif kind != _SKIPPED:
                inline.pop()
                if kind == _LINK_KIND:
                    links -= 1
            pop()
            text = el.tail
            if text and frames and (pieces or not text.isspace()):
                add(text)
                if links:
                    link_pieces.append(text)
                if inline:
                    run_inline.extend(inline)
            continue
        seen += 1
        if seen >= check_at:
            if seen > max_nodes:
                raise InputError(f"the page has more than {max_nodes} elements", code="dom_too_large")
            _check_deadline(deadline, timeout_s)
            check_at = min(max_nodes + 1, seen + _TIME_CHECK_EVERY)
        if len(frames) >= MAX_DEPTH:
            raise InputError(f"the page nests elements deeper than {MAX_DEPTH}", code="dom_too_large")
        tag = el.tag
        items = el.items()
        hides = tag == "dialog"
        for key, _ in items:
            if key in _HIDING:
                hides = True
                break
        if tag.__class__ is not str or tag in SKIP or tag == "br" or (hides and _hidden(el, tag, items)):
            if tag == "br" and pieces:
                flush()
            walker.skip_subtree()
            push(_SKIP_FRAME)
            continue
        if tag in INLINE or "-" in tag:
            frame = [items, tag, _INLINE_KIND, None, None]
            if tag == "a":
                frame[2] = _LINK_KIND
                links += 1
            inline.append(frame)
        else:
            frame = [items, tag, _BLOCK, None, None]
            if pieces:
                flush()
            blocks.append(len(frames))
            serials.append(seen)
            saved.append(inline)
            inline = []
        push(frame)
        text = el.text
        if text and (pieces or not text.isspace()):
            add(text)
            if links:
                link_pieces.append(text)
            if inline:
                run_inline.extend(inline)
    if pieces and frames:
        flush()
    return lines
