"""The wire format: request and response models, explicit so the OpenAPI document can be checked."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from classifier import Finding, Label, PageResult, page_markdown
from classifier.metadata import PageMetadata

_OPTIONAL_STRINGS = ("text", "html", "url", "lang")
LANG_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


def _document_schema(schema: dict[str, Any]) -> None:
    """Say on the wire what the validators below enforce: optional strings are never null, and a
    request carries exactly one of ``text`` and ``html``."""
    for name in _OPTIONAL_STRINGS:
        prop = schema["properties"][name]
        branches = [b for b in prop.pop("anyOf", []) if b.get("type") != "null"]
        prop.pop("default", None)
        for branch in branches:
            prop.update(branch)
    schema["oneOf"] = [{"required": ["text"]}, {"required": ["html"]}]


class CleanRequest(BaseModel):
    """One page: its visible text (one block per line) or its HTML; exactly one of the two."""

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra=lambda schema: _document_schema(schema)
    )

    text: str | None = Field(None, min_length=1, description="The page's visible text, one block per line.")
    html: str | None = Field(None, min_length=1, description="The page's HTML.")
    url: str | None = Field(None, max_length=2048, description="Where the page came from (echoed back).")
    lang: str | None = Field(
        None,
        max_length=35,
        pattern=LANG_PATTERN,
        description="The caller's language hint, answered when the model cannot tell the language.",
    )
    include_lines: bool = Field(True, description="Answer every line with its label (else `lines` is null).")
    include_markdown: bool = Field(
        False, description="Also answer the clean page as Markdown, under its headline (`markdown`)."
    )

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            nulls = [key for key in _OPTIONAL_STRINGS if key in data and data[key] is None]
            if nulls:
                raise ValueError(f"{', '.join(nulls)} may be left out but not null")
        return data

    @model_validator(mode="after")
    def _exactly_one_document(self) -> CleanRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError("send exactly one of `text` and `html`")
        return self


class BatchRequest(BaseModel):
    """Several pages in one call, answered in order. A document that is not a valid ``CleanRequest``
    gets its own error in ``results``; the others are answered as usual."""

    model_config = ConfigDict(extra="forbid")

    documents: list[Any] = Field(
        description="Each a CleanRequest object.",
        json_schema_extra={"items": {"$ref": "#/components/schemas/CleanRequest"}},
    )


class ErrorBody(BaseModel):
    code: str = Field(description="Stable, machine-readable reason, e.g. `too_many_lines`.")
    message: str = Field(description="What went wrong, for a person.")


class ErrorResponse(BaseModel):
    error: ErrorBody


class LineOut(BaseModel):
    index: int = Field(description="1-based: the input line number (text) or block order (HTML).")
    text: str
    label: Label
    confidence: float = Field(ge=0.0, le=1.0, description="The model's probability of `label`.")
    keep: bool = Field(
        description="Part of the clean text. For HTML the decision also reads the page's elements, so a "
        "kept line may carry a low confidence."
    )


class FindingOut(BaseModel):
    present: bool
    confidence: float = Field(ge=0.0, le=1.0)


class PaywallOut(FindingOut):
    kind: Literal["none", "soft", "hard"] | None = Field(
        description="`hard` when the article stops at the offer, `soft` when it stays readable; "
        "null if unknown."
    )


class PageFindings(BaseModel):
    consent_banner: FindingOut
    paywall: PaywallOut
    adblock_wall: FindingOut


class MetadataOut(BaseModel):
    """What the page's markup says about it (meta tags, canonical link, JSON-LD); null where it says
    nothing. Never guessed from the visible text."""

    site_name: str | None = Field(description="`og:site_name`, else the JSON-LD article's publisher.")
    authors: list[str] = Field(description="The JSON-LD article's authors, else the `author` meta tags'.")
    published: str | None = Field(description="ISO 8601 date, or date and time, of publication.")
    modified: str | None = Field(description="ISO 8601 date, or date and time, of the last change.")
    description: str | None = Field(description="The page's own summary (`og:description`, `description`).")
    url: str | None = Field(description="The canonical address (`<link rel=canonical>`, else `og:url`).")
    image: str | None = Field(description="The preview image (`og:image`, `twitter:image`).")

    @classmethod
    def from_metadata(cls, metadata: PageMetadata) -> MetadataOut:
        return cls(**asdict(metadata))


class CleanResponse(BaseModel):
    title: str | None = Field(
        None,
        description="HTML: the article's headline, the `<h1>` that the page's own title names; its line is "
        "labelled `content` and not kept, so `text` is the body. null for text and when no `<h1>` is named.",
    )
    title_line: int | None = Field(None, description="The `index` of the headline's line, or null.")
    metadata: MetadataOut | None = Field(
        None, description="HTML: the page's site, authors, dates, summary, address and image; null for text."
    )
    text: str = Field(description="The lines kept, joined by newlines (in HTML mode the body, not `title`).")
    markdown: str | None = Field(
        None,
        description="With `include_markdown`: the headline and the kept lines as Markdown, with the "
        "headings, lists, quotes, code blocks and tables their elements give them (HTML); text mode writes "
        "one paragraph a line.",
    )
    lines: list[LineOut] | None = Field(description="Every line with its decision; null if not asked for.")
    page: PageFindings
    language: str = Field(description="ISO 639-1 code of the page's language, or `und`.")
    url: str | None = Field(description="The `url` sent with the request, if any.")
    model: str = Field(description="Version of the model that answered.")
    timing_ms: float = Field(ge=0.0, description="Server time spent on this document.")

    @classmethod
    def from_page(
        cls,
        page: PageResult,
        *,
        include_lines: bool,
        include_markdown: bool = False,
        url: str | None,
        lang: str | None,
        model: str,
        timing_ms: float,
    ) -> CleanResponse:
        lines = None
        if include_lines:
            lines = [
                LineOut(
                    index=r.line.index, text=r.line.text, label=r.label, confidence=r.confidence, keep=r.keep
                )
                for r in page.lines
            ]
        language = lang if page.language == "und" and lang else page.language
        return cls(
            title=page.title,
            title_line=page.title_line,
            metadata=None if page.metadata is None else MetadataOut.from_metadata(page.metadata),
            text=page.text,
            markdown=page_markdown(page) if include_markdown else None,
            lines=lines,
            page=PageFindings(
                consent_banner=_finding(page.consent_banner),
                paywall=PaywallOut(**_finding(page.paywall).model_dump(), kind=_kind(page.paywall.kind)),
                adblock_wall=_finding(page.adblock_wall),
            ),
            language=language,
            url=url,
            model=model,
            timing_ms=round(timing_ms, 3),
        )


def _finding(finding: Finding) -> FindingOut:
    return FindingOut(present=finding.present, confidence=finding.confidence)


PaywallKind = Literal["none", "soft", "hard"]
_PAYWALL_KINDS: dict[str, PaywallKind] = {"none": "none", "soft": "soft", "hard": "hard"}


def _kind(kind: str | None) -> PaywallKind | None:
    return _PAYWALL_KINDS.get(kind) if kind is not None else None


class BatchItem(BaseModel):
    index: int = Field(description="0-based position of the document in the request.")
    status: int = Field(description="The HTTP status this document would have had on its own.")
    result: CleanResponse | None = Field(description="The answer, when `status` is 200.")
    error: ErrorBody | None = Field(description="Why the document was refused, otherwise.")


class BatchResponse(BaseModel):
    results: list[BatchItem]
    model: str
    timing_ms: float = Field(ge=0.0)


class Health(BaseModel):
    status: Literal["ok"]


class Readiness(BaseModel):
    status: Literal["ready"]
    model: str


class ModelInfo(BaseModel):
    """The loaded model's manifest: version, labels, quality figures and provenance."""

    model_config = ConfigDict(extra="allow")

    version: str
    labels: list[str]
    metrics: dict[str, Any]
