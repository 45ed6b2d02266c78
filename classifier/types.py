"""The values that flow through the library: lines in, labelled lines and page findings out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter

import numpy as np

from classifier.metadata import PageMetadata


class Label(StrEnum):
    """What a line of a page is. ``CONTENT`` is the article; everything else is wall or clutter."""

    CONTENT = "content"
    CONSENT = "consent"
    PAYWALL = "paywall"
    ADBLOCK = "adblock"
    NEWSLETTER = "newsletter"
    ADVERTISING = "advertising"
    NAVIGATION = "navigation"
    SOCIAL = "social"
    OTHER = "other"


LABELS: tuple[Label, ...] = tuple(Label)
WALL_LABELS: frozenset[Label] = frozenset({Label.CONSENT, Label.PAYWALL, Label.ADBLOCK, Label.NEWSLETTER})


@dataclass(frozen=True, slots=True)
class Line:
    """One visible block of a page.

    ``index`` is 1-based and refers to the input: for text, the line number (blank lines keep
    their numbers); for HTML, the block's order among the page's visible blocks.
    The structural fields are empty in text mode and filled by the HTML segmenter.
    """

    index: int
    text: str
    tag: str = ""
    heading: int = 0
    path: tuple[str, ...] = ()
    """Class and id words on the way from the root to the block, outermost first."""
    ancestors: tuple[str, ...] = ()
    """Tag names from the root to the block, outermost first."""
    link_chars: int = 0
    in_form: bool = False
    in_button: bool = False
    in_dialog: bool = False
    in_nav: bool = False
    in_header: bool = False
    in_footer: bool = False
    in_aside: bool = False
    in_article: bool = False
    depth: int = 0
    blocks: tuple[int, ...] = ()
    """Serial numbers of the block elements holding the line, outermost first (HTML mode): lines
    with a common prefix share those containers."""

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0


_TEXT = attrgetter("text")


def line_chars(lines: Sequence[Line]) -> np.ndarray:
    """Each line's length in characters."""
    return np.fromiter(map(len, map(_TEXT, lines)), dtype=np.int64, count=len(lines))


# ``make_line`` sets a new Line's slots through their descriptors, which ``Line``'s own ``__init__``
# (keyword arguments, ``object.__setattr__`` per field, as a frozen dataclass must) does at three times
# the cost: the HTML segmenter makes a page's two hundred lines with it.
_new_object = object.__new__
(
    _set_index,
    _set_text,
    _set_tag,
    _set_heading,
    _set_path,
    _set_ancestors,
    _set_link_chars,
    _set_in_form,
    _set_in_button,
    _set_in_dialog,
    _set_in_nav,
    _set_in_header,
    _set_in_footer,
    _set_in_aside,
    _set_in_article,
    _set_depth,
    _set_blocks,
) = (Line.__dict__[f.name].__set__ for f in fields(Line))


def make_line(
    index: int,
    text: str,
    tag: str,
    heading: int,
    path: tuple[str, ...],
    ancestors: tuple[str, ...],
    link_chars: int,
    in_form: bool,
    in_button: bool,
    in_dialog: bool,
    in_nav: bool,
    in_header: bool,
    in_footer: bool,
    in_aside: bool,
    in_article: bool,
    depth: int,
    blocks: tuple[int, ...],
) -> Line:
    """``Line(index, text, ...)`` with every field given, in ``Line``'s order: the same value, made at a
    third of the cost (tests/classifier/test_types.py holds the two to each other)."""
    line: Line = _new_object(Line)
    _set_index(line, index)
    _set_text(line, text)
    _set_tag(line, tag)
    _set_heading(line, heading)
    _set_path(line, path)
    _set_ancestors(line, ancestors)
    _set_link_chars(line, link_chars)
    _set_in_form(line, in_form)
    _set_in_button(line, in_button)
    _set_in_dialog(line, in_dialog)
    _set_in_nav(line, in_nav)
    _set_in_header(line, in_header)
    _set_in_footer(line, in_footer)
    _set_in_aside(line, in_aside)
    _set_in_article(line, in_article)
    _set_depth(line, depth)
    _set_blocks(line, blocks)
    return line


@dataclass(frozen=True, slots=True)
class LineResult:
    """The decision for one line."""

    line: Line
    label: Label
    confidence: float
    keep: bool
    probabilities: dict[str, float] = field(default_factory=dict)


_set_line, _set_label, _set_confidence, _set_keep, _set_probabilities = (
    LineResult.__dict__[f.name].__set__ for f in fields(LineResult)
)


def make_result(
    line: Line, label: Label, confidence: float, keep: bool, probabilities: dict[str, float]
) -> LineResult:
    """``LineResult(line, label, ...)`` with every field given, in its order: the same value at a third
    of the cost (``make_line``'s way), for a page's results."""
    result: LineResult = _new_object(LineResult)
    _set_line(result, line)
    _set_label(result, label)
    _set_confidence(result, confidence)
    _set_keep(result, keep)
    _set_probabilities(result, probabilities)
    return result


@dataclass(frozen=True, slots=True)
class Finding:
    """A page-level finding, such as "this page shows a consent banner"."""

    present: bool
    confidence: float
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class PageResult:
    """Everything the classifier says about one page."""

    lines: tuple[LineResult, ...]
    consent_banner: Finding
    paywall: Finding
    adblock_wall: Finding
    language: str
    title_line: int | None = None
    """HTML mode: the ``Line.index`` of the article's headline (``headline.headline_at``), given apart
    from ``text`` as extractors give it; its line is labelled ``content`` and not kept. None in text
    mode and on pages whose own titles name no ``<h1>``."""
    metadata: PageMetadata | None = None
    """HTML mode: what the page's markup says about it (``metadata.PageMetadata``); None in text mode."""

    @property
    def title(self) -> str | None:
        """The headline's text (``title_line``), or None."""
        if self.title_line is None:
            return None
        return next((r.line.text for r in self.lines if r.line.index == self.title_line), None)

    @property
    def text(self) -> str:
        """The kept lines, joined by newlines: the article's body (the headline is ``title``)."""
        return "\n".join(r.line.text for r in self.lines if r.keep)
