"""POST /v1/clean and /v1/clean/batch: a page in, its clean text and line labels out."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field, ValidationError

from app.body import DocumentBodyDep, JsonBodyDep, RawBody
from app.deps import ClassifierDep, MetricsDep, SettingsDep, enforce_rate_limit
from app.errors import ApiError
from app.metrics import Metrics
from app.schemas import (
    LANG_PATTERN,
    BatchItem,
    BatchRequest,
    BatchResponse,
    CleanRequest,
    CleanResponse,
    ErrorBody,
    ErrorResponse,
)
from classifier import InputError, Model, PageResult

router = APIRouter(prefix="/v1", tags=["clean"], dependencies=[Depends(enforce_rate_limit)])

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in {
        400: "Bad JSON, an empty body, text that is not valid in its charset.",
        401: "An API key is required and was missing or wrong.",
        413: "The body, line count, DOM size or batch is over its limit.",
        415: "The Content-Type (or charset) is not one the service takes.",
        422: "The JSON has the wrong shape (e.g. both or neither of `text` and `html`).",
        429: "Rate limit exceeded; see Retry-After.",
        503: "The model is not loaded, or the document took longer than the deadline (`timeout`).",
    }.items()
}
_RAW_TEXT = {"type": "string", "minLength": 1}
_CLEAN_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/CleanRequest"}},
            "text/plain": {"schema": _RAW_TEXT},
            "text/html": {"schema": _RAW_TEXT},
        },
    }
}
_BATCH_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}}},
    }
}


class RawOptions(BaseModel):
    """Options for raw ``text/plain`` and ``text/html`` bodies; a JSON body's own fields win."""

    url: str | None = Field(None, max_length=2048)
    lang: str | None = Field(None, max_length=35, pattern=LANG_PATTERN)
    include_lines: bool = True
    include_markdown: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """One page to classify, whatever form it came in."""

    text: str | None
    html: str | bytes | None
    url: str | None
    lang: str | None
    include_lines: bool
    include_markdown: bool

    @classmethod
    def from_request(cls, request: CleanRequest, defaults: RawOptions | None = None) -> Document:
        def pick(name: str) -> Any:
            explicit = name in request.model_fields_set or defaults is None
            return getattr(request if explicit else defaults, name)

        return cls(
            text=request.text,
            html=request.html,
            url=pick("url"),
            lang=pick("lang"),
            include_lines=pick("include_lines"),
            include_markdown=pick("include_markdown"),
        )

    @classmethod
    def from_body(cls, body: RawBody, options: RawOptions) -> Document:
        if body.kind == "json":
            return cls.from_request(CleanRequest.model_validate_json(body.data), options)
        text, html = (body.text(), None) if body.kind == "text" else (None, body.html())
        return cls(
            text=text,
            html=html,
            url=options.url,
            lang=options.lang,
            include_lines=options.include_lines,
            include_markdown=options.include_markdown,
        )


def _classify(
    model: Model, document: Document, max_lines: int, max_nodes: int, deadline: float
) -> PageResult:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise ApiError(503, "timeout", "the request's deadline passed before this document was read")
    try:
        if document.html is not None:
            return model.classify_html(
                document.html, max_nodes=max_nodes, max_lines=max_lines, timeout_s=remaining
            )
        assert document.text is not None
        return model.classify_text(document.text, max_lines=max_lines)
    except InputError as exc:
        raise ApiError.from_input_error(exc) from exc


def _answer(
    document: Document, model: Model, settings: SettingsDep, metrics: Metrics, deadline: float
) -> CleanResponse:
    started = time.perf_counter()
    page = _classify(model, document, settings.max_lines, settings.max_dom_nodes, deadline)
    metrics.count_document("html" if document.html is not None else "text", (r.label for r in page.lines))
    return CleanResponse.from_page(
        page,
        include_lines=document.include_lines,
        include_markdown=document.include_markdown,
        url=document.url,
        lang=document.lang,
        model=model.version,
        timing_ms=(time.perf_counter() - started) * 1000,
    )


Answer = Literal["json", "text", "markdown"]
_ANSWER_MEDIA: tuple[tuple[Answer, str], ...] = (
    ("json", "application/json"),
    ("text", "text/plain"),
    ("markdown", "text/markdown"),
)


def preferred_answer(accept: str | None) -> Answer:
    """The answer ``Accept`` prefers: the JSON document, the clean text (``text/plain``) or the page as
    Markdown (``text/markdown``). Ties go to the earlier of the three, so ``*/*`` and no header are JSON
    and ``text/*`` is the plain text."""
    if not accept:
        return "json"
    quality: dict[str, float] = {}
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        quality[media.lower()] = q

    def q_of(media: str) -> float:
        family = media.split("/")[0] + "/*"
        return next((quality[m] for m in (media, family, "*/*") if m in quality), 0.0)

    best: Answer = "json"
    best_q = q_of("application/json")
    for answer, media in _ANSWER_MEDIA[1:]:
        if q_of(media) > best_q:
            best, best_q = answer, q_of(media)
    return best


@router.post(
    "/clean",
    response_model=CleanResponse,
    responses={
        200: {
            "description": "The clean page; only its text with `Accept: text/plain`, or the page as "
            "Markdown with `Accept: text/markdown`.",
            "content": {
                "text/plain": {"schema": {"type": "string"}},
                "text/markdown": {"schema": {"type": "string"}},
            },
        },
        **_ERRORS,
    },
    openapi_extra=_CLEAN_BODY,
    summary="Clean one page: its text, each line's label and the walls found",
)
def clean(
    request: Request,
    body: DocumentBodyDep,
    options: Annotated[RawOptions, Query()],
    model: ClassifierDep,
    settings: SettingsDep,
    metrics: MetricsDep,
) -> CleanResponse | Response:
    deadline = time.monotonic() + settings.request_timeout_s
    form = preferred_answer(request.headers.get("accept"))
    document = Document.from_body(body, options)
    if form == "markdown":
        document = replace(document, include_markdown=True)
    answer = _answer(document, model, settings, metrics, deadline)
    if form == "text":
        return PlainTextResponse(answer.text)
    if form == "markdown":
        return Response(answer.markdown or "", media_type="text/markdown")
    return answer


@router.post(
    "/clean/batch",
    response_model=BatchResponse,
    responses={200: {"description": "One result per document, in order."}, **_ERRORS},
    openapi_extra=_BATCH_BODY,
    summary="Clean several pages; a bad document gets its own error",
)
def clean_batch(
    body: JsonBodyDep, model: ClassifierDep, settings: SettingsDep, metrics: MetricsDep
) -> BatchResponse:
    started = time.perf_counter()
    deadline = time.monotonic() + settings.request_timeout_s
    batch = BatchRequest.model_validate_json(body.data)
    if len(batch.documents) > settings.max_batch:
        raise ApiError(
            413,
            "too_many_documents",
            f"the batch has {len(batch.documents)} documents; the limit is {settings.max_batch}",
        )
    results = []
    for index, item in enumerate(batch.documents):
        try:
            document = Document.from_request(CleanRequest.model_validate(item))
            answer = _answer(document, model, settings, metrics, deadline)
        except ValidationError as exc:
            results.append(_failed(index, ApiError.from_validation(exc.errors())))
        except ApiError as error:
            results.append(_failed(index, error))
        else:
            results.append(BatchItem(index=index, status=200, result=answer, error=None))
    return BatchResponse(
        results=results, model=model.version, timing_ms=round((time.perf_counter() - started) * 1000, 3)
    )


def _failed(index: int, error: ApiError) -> BatchItem:
    return BatchItem(
        index=index, status=error.status, result=None, error=ErrorBody(code=error.code, message=error.message)
    )
