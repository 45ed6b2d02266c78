"""The app as a whole: CORS, API keys, rate limit, and the one error shape for routing errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
TEXT = {"text": "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen."}


@pytest.mark.parametrize(
    "origin",
    [
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "moz-extension://3f1c2b9e-4d5a-4b7e-9c1d-2a6b8e0f7d13",
    ],
)
def test_preflight_from_an_extension_is_allowed(double: TestClient, origin: str) -> None:
    response = double.options("/v1/clean", headers={"Origin": origin, **PREFLIGHT})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == origin
    assert "POST" in response.headers["access-control-allow-methods"]
    simple = double.post("/v1/clean", json=TEXT, headers={"Origin": origin})
    assert simple.headers["access-control-allow-origin"] == origin


@pytest.mark.parametrize("origin", ["https://evil.example", "chrome-extension://x/../evil", "null"])
def test_preflight_from_another_origin_is_refused(double: TestClient, origin: str) -> None:
    response = double.options("/v1/clean", headers={"Origin": origin, **PREFLIGHT})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "cors_refused"
    assert "access-control-allow-origin" not in response.headers
    simple = double.post("/v1/clean", json=TEXT, headers={"Origin": origin})
    assert "access-control-allow-origin" not in simple.headers


def test_explicit_origins_are_allowed_too(make_double) -> None:
    client = make_double(cors_origins="https://app.example, https://other.example")
    response = client.options("/v1/clean", headers={"Origin": "https://other.example", **PREFLIGHT})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://other.example"


@pytest.fixture
def keyed(make_double) -> TestClient:
    return make_double(api_keys="first-key,second-key")


def test_with_keys_a_call_without_one_is_401(keyed: TestClient) -> None:
    response = keyed.post("/v1/clean", json=TEXT)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "missing_api_key"
    assert response.headers["www-authenticate"] == "Bearer"
    assert keyed.get("/v1/model").status_code == 401


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": "Bearer wrong"}, {"X-API-Key": "first-key-not"}, {"Authorization": "Basic first-key"}],
)
def test_with_keys_a_wrong_key_is_401(keyed: TestClient, headers: dict[str, str]) -> None:
    response = keyed.post("/v1/clean", json=TEXT, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] in {"invalid_api_key", "missing_api_key"}


@pytest.mark.parametrize("headers", [{"Authorization": "Bearer second-key"}, {"X-API-Key": "first-key"}])
def test_with_keys_a_right_key_passes(keyed: TestClient, headers: dict[str, str]) -> None:
    assert keyed.post("/v1/clean", json=TEXT, headers=headers).status_code == 200


def test_keys_guard_v1_only(keyed: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert keyed.get(path).status_code == 200, path


def test_auth_is_checked_before_the_body_is_read(keyed: TestClient, scripted) -> None:
    response = keyed.post(
        "/v1/clean", content=b"x" * (6 * 1024 * 1024), headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 401
    assert scripted.calls == []


def test_rate_limit_exceeded_is_429_with_retry_after(make_double) -> None:
    client = make_double(rate_limit_per_minute=3)
    statuses = [client.post("/v1/clean", json=TEXT).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.post("/v1/clean", json=TEXT)
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response.headers["retry-after"]) <= 20
    assert client.get("/healthz").status_code == 200


def test_rate_limit_is_per_key(make_double) -> None:
    client = make_double(api_keys="a,b", rate_limit_per_minute=1)
    assert client.post("/v1/clean", json=TEXT, headers={"X-API-Key": "a"}).status_code == 200
    assert client.post("/v1/clean", json=TEXT, headers={"X-API-Key": "a"}).status_code == 429
    assert client.post("/v1/clean", json=TEXT, headers={"X-API-Key": "b"}).status_code == 200


def test_unknown_path_and_wrong_method_keep_the_error_shape(double: TestClient) -> None:
    missing = double.get("/v2/clean")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    wrong = double.get("/v1/clean")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"
    assert wrong.headers["allow"] == "POST"
