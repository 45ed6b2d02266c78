"""The clean page as Markdown: the kept lines with the structure their elements give them.

HTML mode knows each line's element, so the article keeps its shape: the headline (``PageResult.title``)
as ``#``, headings at their level, list items as ``-`` or numbered under their list, nested lists
indented, quotes as ``>``, code blocks fenced, data tables as pipe tables. Text mode knows only lines, so
each kept line is a paragraph. The words are the kept lines' words, in order: Markdown adds only its
own marks, and escapes a line's opening characters where Markdown would read them as a mark (``1.``,
``-``, ``#``, ``>``). Inline characters are left as the page wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from classifier.types import Line, PageResult

__all__ = ["page_markdown"]

LIST_TAGS = frozenset({"ul", "ol", "menu"})
CELL_TAGS = frozenset({"td", "th"})
CODE_TAGS = frozenset({"pre", "listing", "xmp", "plaintext"})
TABLE_CELL_MAX_CHARS = 300
"""A table with a longer cell is a layout table (an article laid out in cells), written as paragraphs."""
LIST_INDENT = "  "

# What Markdown reads as a block mark at the start of a line: a heading, a quote, a bullet, an ordered
# item, a fence, a thematic break or a setext underline.
_BLOCK_MARK = re.compile(
    r"#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|```|~~~|(?:[-*_=]\s*){3,}$|[-=]+\s*$"
)
_ORDINAL = re.compile(r"(\d{1,9})([.)])")


def escape_line(text: str) -> str:
    """``text`` with a backslash before its first mark, where Markdown would read its opening as one."""
    if not _BLOCK_MARK.match(text):
        return text
    ordinal = _ORDINAL.match(text)
    if ordinal:
        return f"{ordinal.group(1)}\\{text[ordinal.end(1):]}"
    return "\\" + text


@dataclass(frozen=True, slots=True)
class _Group:
    """Consecutive kept lines of one element (a paragraph split by ``<br>``, a code block's lines)."""

    kind: str  # heading, code, item, cell or paragraph
    lines: tuple[Line, ...]

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def quoted(self) -> bool:
        return "blockquote" in self.first.ancestors


def _kind(line: Line) -> str:
    if line.heading:
        return "heading"
    if line.tag in CODE_TAGS:
        return "code"
    if line.tag == "li":
        return "item"
    if line.tag in CELL_TAGS:
        return "cell"
    return "paragraph"


def _groups(lines: Sequence[Line]) -> Iterator[_Group]:
    run: list[Line] = []
    for line in lines:
        if run and (
            not line.blocks or line.blocks != run[-1].blocks or _kind(line) != _kind(run[-1])
        ):
            yield _Group(_kind(run[0]), tuple(run))
            run = []
        run.append(line)
    if run:
        yield _Group(_kind(run[0]), tuple(run))


def _list_depth(ancestors: tuple[str, ...]) -> int:
    """How deep a list item sits: 1, plus one for each list item and list around its own list."""
    depth, at = 1, len(ancestors) - 2
    while at >= 1 and ancestors[at] == "li" and ancestors[at - 1] in LIST_TAGS:
        depth, at = depth + 1, at - 2
    return depth


def _list_root(line: Line) -> tuple[int, ...]:
    """The outermost list element of a list item's nesting, as its ``blocks`` prefix: items under one
    root are one Markdown list."""
    return line.blocks[: max(0, len(line.blocks) - (2 * _list_depth(line.ancestors) - 1))]


def _ordered(ancestors: tuple[str, ...]) -> bool:
    return bool(ancestors) and ancestors[-1] == "ol"


def _code(group: _Group) -> str:
    body = "\n".join(line.text for line in group.lines)
    longest = max((len(m) for m in re.findall(r"`{3,}", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{body}\n{fence}"


def _table(cells: Sequence[_Group]) -> str | None:
    """A pipe table of the cells, one row per ``<tr>``; None for a layout table."""
    rows: list[list[str]] = []
    row_of: object = None
    for cell in cells:
        if any(len(line.text) > TABLE_CELL_MAX_CHARS for line in cell.lines):
            return None
        parent = cell.first.blocks[:-1]
        if not rows or parent != row_of:
            rows.append([])
            row_of = parent
        rows[-1].append(" ".join(line.text for line in cell.lines).replace("|", "\\|"))
    width = max(map(len, rows))
    if width < 2:
        return None
    padded = [row + [""] * (width - len(row)) for row in rows]
    out = ["| " + " | ".join(padded[0]) + " |", "|" + " --- |" * width]
    out += ["| " + " | ".join(row) + " |" for row in padded[1:]]
    return "\n".join(out)


def _blocks(groups: Sequence[_Group]) -> Iterator[tuple[str, _Group]]:
    """Each group's Markdown, with the group it came from (a table comes with its first cell)."""
    counters: dict[tuple[int, ...], int] = {}
    at = 0
    while at < len(groups):
        group = groups[at]
        if group.kind == "cell":
            end = at
            while end < len(groups) and groups[end].kind == "cell":
                end += 1
            table = _table(groups[at:end])
            if table is not None:
                yield table, group
                at = end
                continue
            for cell in groups[at:end]:
                yield _paragraph(cell), cell
            at = end
            continue
        if group.kind == "heading":
            level = min(6, max(1, group.first.heading))
            yield "#" * level + " " + " ".join(line.text for line in group.lines), group
        elif group.kind == "code":
            yield _code(group), group
        elif group.kind == "item":
            ancestors = group.first.ancestors
            indent = LIST_INDENT * (_list_depth(ancestors) - 1)
            if _ordered(ancestors):
                key = group.first.blocks[:-1]
                counters[key] = counters.get(key, 0) + 1
                mark = f"{counters[key]}."
            else:
                mark = "-"
            pad = indent + " " * (len(mark) + 1)
            text = f"\n{pad}".join(escape_line(line.text) for line in group.lines)
            yield f"{indent}{mark} {text}", group
        else:
            yield _paragraph(group), group
        at += 1


def _paragraph(group: _Group) -> str:
    return "\n".join(escape_line(line.text) for line in group.lines)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def page_markdown(page: PageResult) -> str:
    """The page's kept lines as Markdown, under its headline (``PageResult.title``) when it has one."""
    parts: list[str] = []
    if page.title is not None:
        parts.append("# " + page.title)
    kept = [result.line for result in page.lines if result.keep]
    previous: _Group | None = None
    for text, group in _blocks(list(_groups(kept))):
        if group.quoted:
            text = _quote(text)
        if previous is None:
            parts.append(text)
        elif group.kind == previous.kind == "item" and _list_root(group.first) == _list_root(previous.first):
            parts[-1] += "\n" + text
        elif group.quoted and previous.quoted:
            parts[-1] += "\n>\n" + text
        else:
            parts.append(text)
        previous = group
    return "\n\n".join(parts) + ("\n" if parts else "")
