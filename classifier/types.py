"""The values that flow through the library: lines in, labelled lines and page findings out."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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


@dataclass(frozen=True, slots=True)
class LineResult:
    """The decision for one line."""

    line: Line
    label: Label
    confidence: float
    keep: bool
    probabilities: dict[str, float] = field(default_factory=dict)


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

    @property
    def text(self) -> str:
        return "\n".join(r.line.text for r in self.lines if r.keep)
