"""POST /v1/clean and /v1/clean/batch through TestClient: the answers, and every bad input refused."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from classifier import InputError

ARTICLE = (
    "Wir verwenden Cookies, um Ihnen ein besseres Erlebnis zu bieten.\n"
    "Startseite\n"
    "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt beschlossen.\n"
    "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Schulen.\n"
)


def error_of(response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    return response.status_code, body["error"]["code"]


# -- answers ---------------------------------------------------------------------------------------


def test_json_text_is_answered_line_by_line(double: TestClient) -> None:
    response = double.post("/v1/clean", json={"text": ARTICLE, "url": "https://example.org/a"})
    assert response.status_code == 200
    body = response.json()
    assert [line["index"] for line in body["lines"]] == [1, 2, 3, 4]
    assert [line["label"] for line in body["lines"]] == ["consent", "navigation", "content", "content"]
    assert body["text"] == "\n".join(ARTICLE.splitlines()[2:])
    assert body["page"]["consent_banner"]["present"] is True
    assert body["page"]["paywall"] == {"present": False, "confidence": 0.8, "kind": "none"}
    assert body["url"] == "https://example.org/a"
    assert body["model"] == "test-1"
    assert body["timing_ms"] >= 0


def test_raw_text_body_gives_the_same_answer_as_json(double: TestClient) -> None:
    raw = double.post("/v1/clean", content=ARTICLE.encode(), headers={"Content-Type": "text/plain"})
    as_json = double.post("/v1/clean", json={"text": ARTICLE})
    assert raw.status_code == as_json.status_code == 200
    drop_timing = lambda body: {k: v for k, v in body.items() if k != "timing_ms"}  # noqa: E731
    assert drop_timing(raw.json()) == drop_timing(as_json.json())


def test_accept_text_plain_answers_only_the_clean_text(double: TestClient) -> None:
    response = double.post(
        "/v1/clean",
        content=ARTICLE.encode(),
        headers={"Content-Type": "text/plain; charset=utf-8", "Accept": "text/plain"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == "\n".join(ARTICLE.splitlines()[2:])


@pytest.mark.parametrize(
    ("accept", "plain"),
    [
        (None, False),
        ("*/*", False),
        ("application/json", False),
        ("text/plain", True),
        ("text/plain, application/json", False),
        ("application/json;q=0.5, text/plain", True),
        ("text/*", True),
    ],
)
def test_accept_negotiation(double: TestClient, accept: str | None, plain: bool) -> None:
    headers = {"Accept": accept} if accept else {}
    response = double.post("/v1/clean", json={"text": ARTICLE}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain" if plain else "application/json")


def test_include_lines_false_leaves_lines_out(double: TestClient) -> None:
    body = double.post("/v1/clean", json={"text": ARTICLE, "include_lines": False}).json()
    assert body["lines"] is None
    assert body["text"]


def test_raw_body_options_come_from_the_query(double: TestClient) -> None:
    response = double.post(
        "/v1/clean?include_lines=false&lang=de&url=https://example.org/x",
        content=ARTICLE.encode(),
        headers={"Content-Type": "text/plain"},
    )
    body = response.json()
    assert body["lines"] is None
    assert body["url"] == "https://example.org/x"
    assert body["language"] == "de"  # the model said "und", so the caller's hint stands


def test_json_fields_win_over_the_query(double: TestClient) -> None:
    body = double.post("/v1/clean?include_lines=false", json={"text": ARTICLE, "include_lines": True}).json()
    assert body["lines"] is not None
    body = double.post("/v1/clean?include_lines=false", json={"text": ARTICLE}).json()
    assert body["lines"] is None


def test_html_goes_to_classify_html_with_the_limits(double: TestClient, scripted) -> None:
    html = "<html><body><p>Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen.</p></body></html>"
    response = double.post("/v1/clean", json={"html": html})
    assert response.status_code == 200
    mode, kwargs = scripted.calls[-1]
    assert mode == "html"
    assert kwargs["max_nodes"] == 200_000
    assert 0 < kwargs["timeout_s"] <= 10


def test_raw_html_is_passed_as_bytes_unless_the_header_names_a_charset(double: TestClient, scripted) -> None:
    html = "<p>Grüße aus Köln, wo der Stadtrat heute tagte.</p>".encode()
    assert double.post("/v1/clean", content=html, headers={"Content-Type": "text/html"}).status_code == 200
    assert scripted.calls[-1][1]["type"] is bytes
    headers = {"Content-Type": "text/html; charset=utf-8"}
    assert double.post("/v1/clean", content=html, headers=headers).status_code == 200
    assert scripted.calls[-1][1]["type"] is str


def test_text_in_a_declared_charset_is_decoded(double: TestClient) -> None:
    text = "Grüße aus Köln, wo der Stadtrat heute lange tagte."
    response = double.post(
        "/v1/clean", content=text.encode("latin-1"), headers={"Content-Type": "text/plain; charset=latin-1"}
    )
    assert response.status_code == 200
    assert response.json()["lines"][0]["text"] == text


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain", "text/html", "application/json"])
def test_empty_body_is_400(double: TestClient, content_type: str) -> None:
    response = double.post("/v1/clean", content=b"", headers={"Content-Type": content_type})
    assert error_of(response) == (400, "empty")


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"url": "https://example.org"},
        {"text": "a", "html": "<p>a</p>"},
        {"text": None, "html": "<p>a</p>"},
    ],
)
def test_both_or_neither_of_text_and_html_is_422(double: TestClient, payload: dict) -> None:
    assert error_of(double.post("/v1/clean", json=payload)) == (422, "invalid_request")


def test_unknown_fields_and_wrong_types_are_422(double: TestClient) -> None:
    assert error_of(double.post("/v1/clean", json={"text": "a", "colour": 1}))[0] == 422
    assert error_of(double.post("/v1/clean", json={"text": 5}))[0] == 422
    assert error_of(double.post("/v1/clean", json={"text": "a", "include_lines": "yes"}))[0] == 422
    assert error_of(double.post("/v1/clean", json=["text"]))[0] == 422
    assert error_of(double.post("/v1/clean", json={"text": "a", "lang": "not a language"}))[0] == 422


def test_a_body_over_the_cap_is_413_before_it_is_parsed(make_double, scripted) -> None:
    client = make_double()
    body = b"x" * (50 * 1024 * 1024)
    response = client.post("/v1/clean", content=body, headers={"Content-Type": "text/plain"})
    assert error_of(response) == (413, "body_too_large")
    assert scripted.calls == []


def test_the_body_cap_is_a_setting(make_double, scripted) -> None:
    client = make_double(max_body_bytes=100)
    ok = client.post("/v1/clean", content=b"a" * 100, headers={"Content-Type": "text/plain"})
    over = client.post("/v1/clean", content=b"a" * 101, headers={"Content-Type": "text/plain"})
    assert ok.status_code == 200
    assert error_of(over) == (413, "body_too_large")


def test_binary_garbage_is_400(double: TestClient) -> None:
    garbage = bytes(range(256)) * 64
    assert error_of(double.post("/v1/clean", content=garbage, headers={"Content-Type": "text/plain"})) == (
        400,
        "invalid_encoding",
    )
    assert error_of(
        double.post("/v1/clean", content=garbage, headers={"Content-Type": "application/json"})
    ) == (400, "bad_json")


def test_invalid_utf8_names_the_bad_byte(double: TestClient) -> None:
    response = double.post(
        "/v1/clean", content="Grüße".encode() + b"\xff\xfe rest", headers={"Content-Type": "text/plain"}
    )
    assert error_of(response) == (400, "invalid_encoding")
    assert "0xff" in response.json()["error"]["message"]
    assert "offset 7" in response.json()["error"]["message"]


def test_unknown_charset_is_415(double: TestClient) -> None:
    response = double.post(
        "/v1/clean", content=b"abc", headers={"Content-Type": "text/plain; charset=klingon"}
    )
    assert error_of(response) == (415, "unsupported_charset")


def test_a_million_lines_is_413(double: TestClient) -> None:
    response = double.post("/v1/clean", content=b"a\n" * 1_000_000, headers={"Content-Type": "text/plain"})
    assert error_of(response) == (413, "too_many_lines")


def test_the_line_cap_is_a_setting(make_double, scripted) -> None:
    client = make_double(max_lines=3)
    response = client.post("/v1/clean", json={"text": "a\nb\nc\nd"})
    assert error_of(response) == (413, "too_many_lines")
    assert scripted.calls[-1] == ("text", {"max_lines": 3})


def test_a_dom_over_the_node_cap_is_413(make_double, scripted) -> None:
    client = make_double(max_dom_nodes=10)
    response = client.post("/v1/clean", json={"html": "<div>" * 11})
    assert error_of(response) == (413, "dom_too_large")


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "image/png", "multipart/form-data"]
)
def test_wrong_content_type_is_415(double: TestClient, content_type: str) -> None:
    response = double.post("/v1/clean", content=b"text=hello", headers={"Content-Type": content_type})
    assert error_of(response) == (415, "unsupported_media_type")


def test_missing_content_type_is_415(double: TestClient) -> None:
    response = double.post("/v1/clean", content=b"hello")
    assert error_of(response) == (415, "unsupported_media_type")


@pytest.mark.parametrize("body", [b"{", b'{"text": "a",}', b"{'text': 'a'}", b'{"text": "\\ud800 x"'])
def test_bad_json_is_400(double: TestClient, body: bytes) -> None:
    response = double.post("/v1/clean", content=body, headers={"Content-Type": "application/json"})
    assert error_of(response) == (400, "bad_json")


def test_a_lone_surrogate_in_json_is_refused_or_answered_never_500(double: TestClient) -> None:
    response = double.post(
        "/v1/clean", content=b'{"text": "a \\ud800 b c d e"}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (200, 400)
    json.dumps(response.json())


@pytest.mark.parametrize(
    ("code", "status"),
    [("timeout", 503), ("not_text", 400), ("empty", 400), ("too_many_lines", 413), ("dom_too_large", 413)],
)
def test_classifier_refusals_map_to_statuses(make_double, scripted, code: str, status: int) -> None:
    scripted.fail_with = InputError(f"refused: {code}", code=code)
    client = make_double()
    response = client.post("/v1/clean", json={"html": "<p>x</p>"})
    assert error_of(response) == (status, code)
    assert response.json()["error"]["message"] == f"refused: {code}"


def test_a_spent_deadline_is_503_timeout(make_double, scripted) -> None:
    client = make_double(request_timeout_s=1e-9)
    response = client.post("/v1/clean", json={"html": "<p>x</p>"})
    assert error_of(response) == (503, "timeout")


# -- batch -----------------------------------------------------------------------------------------


def test_batch_answers_in_order_and_isolates_bad_documents(make_double, scripted) -> None:
    documents = [
        {"text": ARTICLE},
        {"text": "a", "html": "<p>a</p>"},
        "not an object",
        {"html": "<div>" * 20},
        {"text": ARTICLE, "include_lines": False},
    ]
    client = make_double(max_dom_nodes=10)
    response = client.post("/v1/clean/batch", json={"documents": documents})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4]
    assert [r["status"] for r in results] == [200, 422, 422, 413, 200]
    assert results[0]["result"]["page"]["consent_banner"]["present"] is True
    assert results[1]["error"]["code"] == "invalid_request" and results[1]["result"] is None
    assert results[3]["error"]["code"] == "dom_too_large"
    assert results[4]["result"]["lines"] is None
    assert response.json()["model"] == "test-1"


def test_batch_over_the_cap_is_413(make_double, scripted) -> None:
    client = make_double(max_batch=2)
    response = client.post("/v1/clean/batch", json={"documents": [{"text": "a"}] * 3})
    assert error_of(response) == (413, "too_many_documents")
    assert scripted.calls == []


def test_batch_takes_json_only(double: TestClient) -> None:
    response = double.post(
        "/v1/clean/batch", content=ARTICLE.encode(), headers={"Content-Type": "text/plain"}
    )
    assert error_of(response) == (415, "unsupported_media_type")
    assert error_of(double.post("/v1/clean/batch", json={"docs": []})) == (422, "invalid_request")
    assert error_of(
        double.post("/v1/clean/batch", content=b"[", headers={"Content-Type": "application/json"})
    ) == (
        400,
        "bad_json",
    )


def test_batch_documents_past_the_deadline_get_their_own_timeout(make_double, scripted) -> None:
    client = make_double(request_timeout_s=1e-9)
    response = client.post("/v1/clean/batch", json={"documents": [{"html": "<p>a</p>"}, {"text": "b"}]})
    assert response.status_code == 200
    assert [(r["status"], r["error"]["code"]) for r in response.json()["results"]] == [
        (503, "timeout"),
        (503, "timeout"),
    ]
