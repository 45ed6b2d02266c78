"""GET /healthz, /readyz, /v1/model, /metrics and the OpenAPI document."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app


def test_healthz(double: TestClient) -> None:
    response = double.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_names_the_model(double: TestClient) -> None:
    assert double.get("/readyz").json() == {"status": "ready", "model": "test-1"}


def test_without_a_loadable_model_the_service_is_alive_but_not_ready(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text("{not json")
    with TestClient(create_app(Settings(model_dir=tmp_path))) as client:
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        clean = client.post("/v1/clean", json={"text": "Hallo Welt"})
    assert ready.status_code == 503
    assert ready.json()["error"]["code"] == "not_ready"
    assert "model" in ready.json()["error"]["message"]
    assert clean.status_code == 503
    assert clean.json()["error"]["code"] == "not_ready"


def test_model_answers_the_manifest_without_its_bulk(double: TestClient) -> None:
    body = double.get("/v1/model").json()
    assert body["version"] == "test-1"
    assert body["labels"][0] == "content" and len(body["labels"]) == 9
    assert body["metrics"] == {"token_f1": 0.5}
    assert "feature_names" not in body


def test_metrics_count_requests_by_route_template_and_lines_by_label(double: TestClient) -> None:
    double.post(
        "/v1/clean", json={"text": "Wir nutzen Cookies auf dieser Seite.\nEin Satz mit genug Wörtern hier."}
    )
    double.get("/nowhere/42")
    response = double.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'linesift_http_requests_total{method="POST",route="/v1/clean",status="200"} 1.0' in text
    assert 'linesift_http_requests_total{method="GET",route="unmatched",status="404"} 1.0' in text
    assert 'linesift_lines_classified_total{label="consent"} 1.0' in text
    assert 'linesift_lines_classified_total{label="content"} 1.0' in text
    assert 'linesift_documents_total{mode="text"} 1.0' in text
    assert 'linesift_http_request_duration_seconds_count{method="POST",route="/v1/clean"} 1.0' in text


def test_openapi_documents_bodies_errors_and_the_batch_cap(make_double) -> None:
    client = make_double(max_batch=7)
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    clean = spec["paths"]["/v1/clean"]["post"]
    assert set(clean["requestBody"]["content"]) == {"application/json", "text/plain", "text/html"}
    assert {"400", "401", "413", "415", "422", "429", "503"} <= set(clean["responses"])
    assert clean["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorResponse"
    )
    assert set(clean["responses"]["200"]["content"]) == {"application/json", "text/plain", "text/markdown"}
    schemas = spec["components"]["schemas"]
    assert schemas["CleanRequest"]["oneOf"] == [{"required": ["text"]}, {"required": ["html"]}]
    assert schemas["BatchRequest"]["properties"]["documents"]["maxItems"] == 7
    assert "securitySchemes" not in spec["components"]


def test_openapi_declares_security_only_when_keys_are_set(make_double) -> None:
    spec = make_double(api_keys="k1").get("/openapi.json").json()
    assert set(spec["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    assert spec["paths"]["/v1/clean"]["post"]["security"] == [{"bearer": []}, {"apiKey": []}]
    assert "security" not in spec["paths"]["/healthz"]["get"]
