"""Every error the service answers has one shape: ``{"error": {"code": ..., "message": ...}}``."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from classifier import InputError

log = logging.getLogger(__name__)

# What each classifier refusal means over HTTP.
INPUT_ERROR_STATUS: Mapping[str, int] = {
    "too_many_lines": 413,
    "dom_too_large": 413,
    "timeout": 503,
    "not_text": 400,
    "empty": 400,
}

_HTTP_CODES: Mapping[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "unavailable",
}


class ApiError(Exception):
    """An answer other than success, raised anywhere below a route and rendered by the handler."""

    def __init__(
        self, status: int, code: str, message: str, *, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    @classmethod
    def from_input_error(cls, exc: InputError) -> ApiError:
        return cls(INPUT_ERROR_STATUS.get(exc.code, 400), exc.code, str(exc))

    @classmethod
    def from_validation(cls, errors: Sequence[Mapping[str, Any]]) -> ApiError:
        """Bad JSON is a 400; JSON of the wrong shape is a 422. Both name where the problem is."""
        if any(e.get("type") == "json_invalid" for e in errors):
            first = next(e for e in errors if e.get("type") == "json_invalid")
            detail = (first.get("ctx") or {}).get("error") or first.get("msg", "")
            return cls(400, "bad_json", f"the body is not valid JSON: {detail}")
        return cls(422, "invalid_request", "; ".join(_describe(e) for e in errors[:5]))

    def body(self) -> dict[str, dict[str, str]]:
        return {"error": {"code": self.code, "message": self.message}}

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, headers=self.headers)


def _describe(error: Mapping[str, Any]) -> str:
    where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body",))
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid"))


def install_error_handlers(app: FastAPI) -> None:
    """Render ApiError, FastAPI's validation and routing errors, and anything unexpected, in one shape."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(RequestValidationError)
    async def _request_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return ApiError.from_validation(exc.errors()).response()

    @app.exception_handler(ValidationError)
    async def _validation(request: Request, exc: ValidationError) -> JSONResponse:
        return ApiError.from_validation(exc.errors()).response()

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        return ApiError(exc.status_code, code, str(exc.detail), headers=exc.headers).response()

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return ApiError(500, "internal", "internal error; the request was logged").response()
