"""HTML -> lines: the visible text blocks of a page, in document order, each with its structural context.

The tree is lxml's own (``lxml.etree`` with libxml2's HTML parser), walked with ``iterwalk``: no
recursion, so no page can exhaust the stack, and a block is flushed as soon as it ends. Bytes are decoded
with beautifulsoup4's ``UnicodeDammit`` when they are not valid UTF-8 (declared charset, then detection).
docs/html-segmentation.md records the choices (what counts as a block, what is hidden) and the timings.
"""

from __future__ import annotations

import codecs
import json
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from bs4.dammit import EncodingDetector, UnicodeDammit
from lxml import etree

from classifier.errors import InputError
from classifier.types import Line

__all__ = ["MAX_DEPTH", "HtmlPage", "PageHints", "decode_html", "page_hints", "read_html", "segment_html"]

MAX_DEPTH = 1_000
"""Elements nested deeper than this make the page too large to read (``dom_too_large``)."""
MAX_PATH_WORDS = 96
"""The innermost class/id words a line keeps; deeper utility-class soup is cut from the outside."""
_BAD_TEXT_SHARE = 0.02
"""More control or replacement characters than this share of the input: it is not text."""
_TIME_CHECK_EVERY = 512
_MAX_JSONLD_CHARS = 200_000

# Subtrees that are never visible text.
_SKIP = frozenset({
    "head", "title", "meta", "link", "base", "script", "style", "template", "svg", "math",
    "iframe", "frame", "frameset", "noframes", "object", "embed", "applet", "canvas", "video", "audio",
    "source", "track", "map", "area", "img", "picture", "input", "textarea", "param",
})
# Elements whose text runs on inside the surrounding block. Everything else (and not skipped) is a block:
# its text is a line of its own. Custom elements (``<x-widget>``) are inline, as browsers render them.
_INLINE = frozenset({
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "blink", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "ins", "kbd", "mark", "nobr", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "small",
    "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "output", "meter",
    "progress", "slot", "marquee",
})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# Context bits a frame inherits from its ancestors.
_FORM, _BUTTON, _DIALOG, _NAV, _HEADER, _FOOTER, _ASIDE, _ARTICLE, _LINK, _PRE = (1 << i for i in range(10))
_TAG_BITS = {
    "form": _FORM, "search": _FORM, "button": _BUTTON, "dialog": _DIALOG, "nav": _NAV, "header": _HEADER,
    "footer": _FOOTER, "aside": _ASIDE, "article": _ARTICLE, "main": _ARTICLE, "a": _LINK, "pre": _PRE,
    "listing": _PRE, "xmp": _PRE, "plaintext": _PRE,
}
_ROLE_BITS = {
    "form": _FORM, "search": _FORM, "button": _BUTTON, "dialog": _DIALOG, "alertdialog": _DIALOG,
    "navigation": _NAV, "menubar": _NAV, "banner": _HEADER, "contentinfo": _FOOTER,
    "complementary": _ASIDE, "main": _ARTICLE, "article": _ARTICLE, "link": _LINK,
}

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WORD_SPLIT = re.compile(r"[\W_]+")
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*>")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]")  # as segment.clean_line
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_BAD_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
# A hidden element that wraps this much of the page is the page itself, hidden by a script until it
# loads or made inert behind an open modal; reading it is closer to what a person sees than dropping it.
_WRAPS_PAGE = etree.XPath("count(.//p) >= 3 or boolean(.//article) or boolean(.//main)")


@dataclass(frozen=True, slots=True)
class PageHints:
    """Page-level facts in the markup that no single line shows."""

    lang: str | None = None
    """Primary subtag of ``<html lang>``, lowercased ("de" for "de-AT"), or None."""
    accessible_for_free: bool | None = None
    """JSON-LD ``isAccessibleForFree`` (False: the publisher marks the page as paywalled), or None."""
    og_type: str | None = None
    """``<meta property="og:type">``, lowercased ("article", "website", ...), or None."""

    @property
    def paywalled(self) -> bool:
        return self.accessible_for_free is False


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """A page read once: its lines and its page-level hints."""

    lines: tuple[Line, ...]
    hints: PageHints


# ---------------------------------------------------------------------------------------------- decoding


def decode_html(data: bytes) -> str:
    """Decode page bytes: a byte-order mark wins, then valid UTF-8, then ``UnicodeDammit`` (the declared
    charset, then detection, then windows-1252).

    UTF-8 is tried before a declared charset because the declaration is often wrong in that direction
    (UTF-8 bytes labelled ISO-8859-1) while other charsets almost never validate as UTF-8.
    Raises ``InputError`` (code ``not_text``) for bytes that are not text.
    """
    text = _decode(data)
    _check_text(text)
    return text


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SEVEN_BIT = ("iso-2022", "utf-7", "hz")  # charsets whose bytes also pass as UTF-8


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    if _plain_utf8(data):
        return data.decode("utf-8")
    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is None:
        return data.decode("windows-1252", errors="replace")
    return dammit.unicode_markup


def _plain_utf8(data: bytes) -> bool:
    """Valid UTF-8 without a UTF-16/32 byte-order mark and not declared as a 7-bit charset."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return False
    declared = EncodingDetector.find_declared_encoding(data[:4096], is_html=True) or ""
    if declared.lower().startswith(_SEVEN_BIT):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_text(text: str | bytes) -> None:
    sample = text[:100_000]
    if isinstance(sample, bytes):
        bad = len(sample) - len(sample.translate(None, _BAD_BYTES)) + sample.count(b"\xef\xbf\xbd")
    else:
        bad = len(_BAD_CHARS.findall(sample))
    if bad > _BAD_TEXT_SHARE * len(sample):
        raise InputError("the input is not text (too many control characters)", code="not_text")


def _utf8(html: str | bytes) -> bytes:
    """The page as UTF-8 bytes for the parser, which reads bytes faster than ``str``."""
    if isinstance(html, bytes) and _plain_utf8(html):
        data = html[3:] if html.startswith(codecs.BOM_UTF8) else html
        _check_text(data)
    else:
        text = html if isinstance(html, str) else _decode(html)
        _check_text(text)
        data = text.encode("utf-8", errors="replace")
    return _XML_DECL.sub(b"", data, count=1).replace(b"\x00", b"")


def _parse(html: str | bytes) -> etree._Element | None:
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True,
                              no_network=True, default_doctype=False)
    data = _utf8(html)
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
    return PageHints() if root is None else _hints(root)


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
    return HtmlPage(lines=tuple(_Walker(max_nodes, deadline, timeout_s).walk(root)), hints=_hints(root))


def _check_deadline(deadline: float | None, timeout_s: float | None) -> None:
    if deadline is not None and time.perf_counter() > deadline:
        raise InputError(f"reading the page took more than {timeout_s} s", code="timeout")


@lru_cache(maxsize=8192)
def _words(value: str) -> tuple[str, ...]:
    """Class or id words: each whole name, then its alphanumeric parts; lowercased, first seen first."""
    out: dict[str, None] = {}
    for name in value.lower().split():
        out[name] = None
        for part in _WORD_SPLIT.split(name):
            if part:
                out[part] = None
    return tuple(out)


def _collapse(text: str) -> str:
    """Whitespace runs to one space, invisible characters dropped, trimmed (``segment.clean_line``'s
    result for one line, at a third of its cost: this runs once per block)."""
    text = " ".join(text.split())
    if (text.isascii() and text.isprintable()) or not _INVISIBLE.search(text):
        return text
    return " ".join(_INVISIBLE.sub("", text).split())


def _extend(path: tuple[str, ...], words: tuple[str, ...] | dict[str, None]) -> tuple[str, ...]:
    seen = set(path)
    new = tuple(w for w in words if w not in seen)
    if not new:
        return path
    path += new
    return path[-MAX_PATH_WORDS:] if len(path) > MAX_PATH_WORDS else path


# A path is built lazily, only for the blocks that have text: each element with class or id words adds a
# node [parent node, its words, the materialised path or None]; the others share their parent's node.
_PathNode = list
_ROOT_NODE: _PathNode = [None, (), ()]
_SKIPPED = ("", False, 0, _ROOT_NODE, ())


def _path_of(node: _PathNode) -> tuple[str, ...]:
    chain = []
    while node[2] is None:
        chain.append(node)
        node = node[0]
    path: tuple[str, ...] = node[2]
    for item in reversed(chain):
        path = _extend(path, item[1])
        item[2] = path
    return path


class _Walker:
    """One pass over a parsed tree. A frame per open element: (tag, block, bits, path node, extra).

    ``extra`` holds the class/id words of the inline elements since the innermost block; they join a
    line's path only when the line's text comes from inside them.
    """

    def __init__(self, max_nodes: int, deadline: float | None, timeout_s: float | None) -> None:
        self.max_nodes = max_nodes
        self.deadline = deadline
        self.timeout_s = timeout_s
        self.lines: list[Line] = []
        self.stack: list[tuple[str, bool, int, _PathNode, tuple[str, ...]]] = []
        self.tags: list[str] = []  # the stack's tag names, for a line's ancestors
        self.blocks: list[int] = []  # stack positions of the open blocks
        self._reset()

    def _reset(self) -> None:
        self.pieces: list[str] = []
        self.link_pieces: list[str] = []
        self.bits = 0
        self.extra: dict[str, None] = {}

    def walk(self, root: etree._Element) -> list[Line]:
        walker = etree.iterwalk(root, events=("start", "end"))
        seen = 0
        for event, el in walker:
            if event == "end":
                self._end(el)
                continue
            seen += 1
            if seen > self.max_nodes:
                raise InputError(f"the page has more than {self.max_nodes} elements", code="dom_too_large")
            if len(self.stack) >= MAX_DEPTH:
                raise InputError(f"the page nests elements deeper than {MAX_DEPTH}", code="dom_too_large")
            if seen % _TIME_CHECK_EVERY == 0:
                _check_deadline(self.deadline, self.timeout_s)
            tag = el.tag
            if tag.__class__ is not str or tag in _SKIP or not self._start(el, tag):
                self.stack.append(_SKIPPED)
                self.tags.append("")
                walker.skip_subtree()
        self._flush()
        return self.lines

    def _start(self, el: etree._Element, tag: str) -> bool:
        """Open ``el``; False when it is hidden (the caller skips its subtree)."""
        parent = self.stack[-1] if self.stack else _SKIPPED
        bits = parent[2] | _TAG_BITS.get(tag, 0)
        words: tuple[str, ...] = ()
        hidden = False
        is_open = False
        for key, value in el.items():
            if key == "class" or key == "id":
                words += _words(value)
            elif key == "role":
                for role in value.lower().split():
                    bits |= _ROLE_BITS.get(role, 0)
            elif key == "hidden":
                hidden = True
            elif key == "aria-hidden" or key == "aria-modal":
                if value.strip().lower() == "true":
                    if key == "aria-hidden":
                        hidden = True
                    else:
                        bits |= _DIALOG
            elif key == "style":
                hidden = hidden or bool(_HIDDEN_STYLE.search(value))
            elif key == "open":
                is_open = True
        if (hidden or (tag == "dialog" and not is_open)) and not _WRAPS_PAGE(el):
            return False
        block = tag not in _INLINE and "-" not in tag
        node = [parent[3], words, None] if words else parent[3]
        extra = () if block else (parent[4] + words)[-MAX_PATH_WORDS:] if words else parent[4]
        if block or tag == "br":
            self._flush()
        if block:
            self.blocks.append(len(self.stack))
        self.stack.append((tag, block, bits, node, extra))
        self.tags.append(tag)
        if el.text and tag != "br":
            self._add(el.text)
        return True

    def _end(self, el: etree._Element) -> None:
        if not self.stack:
            return
        if self.stack[-1][1]:
            self._flush()
            self.blocks.pop()
        self.stack.pop()
        self.tags.pop()
        if el.tail and self.stack:
            self._add(el.tail)

    def _add(self, text: str) -> None:
        if not self.pieces and text.isspace():
            return
        frame = self.stack[-1]
        self.pieces.append(text)
        self.bits |= frame[2]
        if frame[2] & _LINK:
            self.link_pieces.append(text)
        if frame[4]:
            self.extra.update(dict.fromkeys(frame[4]))

    def _flush(self) -> None:
        if not self.pieces or not self.stack:
            return
        raw = "".join(self.pieces)
        bits, extra = self.bits, self.extra
        link_text = "".join(self.link_pieces)
        self._reset()
        at = self.blocks[-1] if self.blocks else 0
        block = self.stack[at]
        path = _path_of(block[3])
        if extra:
            path = _extend(path, extra)
        ancestors = tuple(self.tags[:at])
        for part in raw.splitlines() if bits & _PRE else (raw,):
            text = _collapse(part)
            if not text:
                continue
            link_chars = min(len(text), len(_collapse(link_text))) if link_text else 0
            self.lines.append(Line(
                index=len(self.lines) + 1, text=text, tag=block[0], heading=_HEADINGS.get(block[0], 0),
                path=path, ancestors=ancestors, link_chars=link_chars,
                in_form=bool(bits & _FORM), in_button=bool(bits & _BUTTON), in_dialog=bool(bits & _DIALOG),
                in_nav=bool(bits & _NAV), in_header=bool(bits & _HEADER), in_footer=bool(bits & _FOOTER),
                in_aside=bool(bits & _ASIDE), in_article=bool(bits & _ARTICLE), depth=at,
            ))


# ---------------------------------------------------------------------------------------------- hints


def _hints(root: etree._Element) -> PageHints:
    lang = (root.get("lang") or root.get("xml:lang") or "").strip().lower()
    lang = _WORD_SPLIT.split(lang)[0] if lang else ""
    og_type = None
    free: bool | None = None
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:type":
            og_type = (meta.get("content") or "").strip().lower() or None
            break
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        found = _accessible_for_free(script.text[:_MAX_JSONLD_CHARS])
        if found is not None:
            free = found if free is None else free and found
    return PageHints(lang=lang if lang.isalpha() and 2 <= len(lang) <= 3 else None,
                     accessible_for_free=free, og_type=og_type)


def _accessible_for_free(source: str) -> bool | None:
    """``isAccessibleForFree`` anywhere in one JSON-LD block: False if any says False, else True/None."""
    try:
        data = json.loads(source)
    except ValueError:
        return None
    found: bool | None = None
    todo = [data]
    budget = 10_000
    while todo and budget:
        budget -= 1
        item = todo.pop()
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key.lower() == "isaccessibleforfree":
                    flag = value if isinstance(value, bool) else str(value).strip().lower() == "true"
                    found = flag if found is None else found and flag
                elif isinstance(value, dict | list):
                    todo.append(value)
    return found
