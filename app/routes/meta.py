"""Liveness, readiness, the model's manifest and Prometheus metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Response

from app.deps import ClassifierDep, MetricsDep, enforce_rate_limit
from app.metrics import CONTENT_TYPE
from app.schemas import ErrorResponse, Health, ModelInfo, Readiness

router = APIRouter(tags=["meta"])
v1 = APIRouter(prefix="/v1", tags=["meta"], dependencies=[Depends(enforce_rate_limit)])

# Manifest entries too large or too internal for /v1/model.
_HIDDEN = frozenset({"feature_names", "structure_feature_names", "hashing", "arrays", "weights"})


@router.get("/healthz", response_model=Health, summary="The process is up")
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": ErrorResponse, "description": "The model is not loaded."}},
    summary="The model is loaded and verified",
)
def readyz(model: ClassifierDep) -> Readiness:
    return Readiness(status="ready", model=model.version)


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {
            "description": "Prometheus text format.",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
    summary="Prometheus metrics",
)
def metrics(registry: MetricsDep) -> Response:
    return Response(registry.exposition(), media_type=CONTENT_TYPE)


@v1.get(
    "/model",
    response_model=ModelInfo,
    responses={
        status: {"model": ErrorResponse, "description": description}
        for status, description in {
            401: "API key missing or wrong.",
            429: "Rate limit exceeded.",
            503: "The model is not loaded.",
        }.items()
    },
    summary="The loaded model's manifest: version, labels, metrics",
)
def model_info(model: ClassifierDep) -> dict[str, Any]:
    manifest = {k: v for k, v in model.manifest.items() if k not in _HIDDEN}
    manifest.update(
        version=model.version,
        labels=[str(x) for x in manifest.get("labels", [])],
        metrics=manifest.get("metrics", {}),
    )
    return manifest
