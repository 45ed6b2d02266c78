"""Dependency aliases: what a route needs, taken from the app's state. Tests override these."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request

from app.config import Settings
from app.errors import ApiError
from app.metrics import Metrics
from app.ratelimit import RateLimiter, retry_after_header
from classifier import Model


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_classifier(request: Request) -> Model:
    """The model loaded in the lifespan; 503 while there is none."""
    model: Model | None = getattr(request.app.state, "model", None)
    if model is None:
        reason = getattr(request.app.state, "model_error", None) or "the model is not loaded"
        raise ApiError(503, "not_ready", reason)
    return model


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


SettingsDep = Annotated[Settings, Depends(get_settings)]
ClassifierDep = Annotated[Model, Depends(get_classifier)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]


def _presented_key(request: Request) -> str | None:
    authorization = request.headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("x-api-key") or None


async def require_api_key(request: Request, settings: SettingsDep) -> str | None:
    """When API keys are configured, the caller must present one (``Authorization: Bearer`` or
    ``X-API-Key``). Returns a stable, non-secret id of the key, or None when keys are off."""
    if not settings.api_keys:
        return None
    presented = _presented_key(request)
    challenge = {"WWW-Authenticate": "Bearer"}
    if presented is None:
        raise ApiError(
            401,
            "missing_api_key",
            "send an API key as `Authorization: Bearer KEY` or `X-API-Key`",
            headers=challenge,
        )
    matched = None
    for key in settings.api_keys:  # compare against every key: the timing says nothing about which
        if hmac.compare_digest(presented.encode(), key.get_secret_value().encode()):
            matched = key.get_secret_value()
    if matched is None:
        raise ApiError(401, "invalid_api_key", "the API key is not valid", headers=challenge)
    return hashlib.sha256(matched.encode()).hexdigest()[:16]


ApiKeyDep = Annotated[str | None, Depends(require_api_key)]


async def enforce_rate_limit(request: Request, key_id: ApiKeyDep) -> None:
    """One token per request from the caller's bucket: per API key, or per client address."""
    limiter: RateLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    wait = limiter.acquire(f"key:{key_id}" if key_id else f"addr:{client}")
    if wait > 0:
        retry = retry_after_header(wait)
        raise ApiError(
            429, "rate_limited", f"too many requests; try again in {retry} s", headers={"Retry-After": retry}
        )
