"""The FastAPI application: ``create_app(settings)`` wires settings, model, routes and middleware.

Run with ``uvicorn app.main:create_app --factory`` (``make run``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic.json_schema import models_json_schema
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from app.config import Settings
from app.errors import ApiError, install_error_handlers
from app.metrics import Metrics, MetricsMiddleware
from app.ratelimit import RateLimiter
from app.routes import clean, meta
from app.schemas import BatchRequest, CleanRequest
from classifier import ArtifactError, load_model

log = logging.getLogger(__name__)


class JsonCORSMiddleware(CORSMiddleware):
    """Starlette's CORS handling, with refused preflights answered in the service's error shape."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        reason = bytes(response.body).decode(errors="replace")
        dropped = ("content-length", "content-type")
        headers = {k: v for k, v in response.headers.items() if k.lower() not in dropped}
        return JSONResponse(
            ApiError(response.status_code, "cors_refused", reason).body(),
            status_code=response.status_code,
            headers=headers,
        )


def _lifespan(settings: Settings) -> Callable[[FastAPI], Any]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Load and verify the model once; a bad artifact leaves the service up but not ready (503)."""
        try:
            model = load_model(settings.model_dir)
        except ArtifactError as exc:
            log.error("model not loaded: %s", exc)
            app.state.model, app.state.model_error = None, f"the model is not loaded: {exc}"
        else:
            model.classify_text("linesift warm-up")  # pay the first call's one-off costs before serving
            app.state.model, app.state.model_error = model, None
            app.state.metrics.set_model(model.version)
            log.info("model %s loaded", model.version)
        yield
        app.state.model = None

    return lifespan


def _openapi(app: FastAPI, settings: Settings) -> Callable[[], dict[str, Any]]:
    """The generated document, plus the request bodies the routes read themselves, the runtime batch cap
    and, when keys are configured, the security schemes."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        _, defs = models_json_schema(
            [(CleanRequest, "validation"), (BatchRequest, "validation")],
            ref_template="#/components/schemas/{model}",
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(defs["$defs"])
        components["BatchRequest"]["properties"]["documents"]["maxItems"] = settings.max_batch
        if settings.api_keys:
            schema["components"]["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            }
            for path, operations in schema["paths"].items():
                if path.startswith("/v1/"):
                    for operation in operations.values():
                        operation["security"] = [{"bearer": []}, {"apiKey": []}]
        app.openapi_schema = schema
        return schema

    return build


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service. ``settings`` defaults to the environment (``LINESIFT_*``)."""
    settings = settings if settings is not None else Settings()
    app = FastAPI(
        title="linesift",
        version="1",
        description="Labels each line of a web page (content, consent, paywall, adblock, newsletter, "
        "advertising, navigation, social, other) and returns the clean text.",
        lifespan=_lifespan(settings),
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.state.limiter = RateLimiter(rate_per_minute=settings.rate_limit_per_minute, burst=settings.burst)
    app.state.model, app.state.model_error = None, "the model is not loaded yet"

    install_error_handlers(app)
    app.include_router(clean.router)
    app.include_router(meta.router)
    app.include_router(meta.v1)
    app.openapi = _openapi(app, settings)  # type: ignore[method-assign]

    app.add_middleware(
        JsonCORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_origin_regex=settings.cors_origin_regex,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "X-API-Key", "Content-Type", "Accept"],
        max_age=600,
    )
    app.add_middleware(MetricsMiddleware, metrics=app.state.metrics)
    return app
