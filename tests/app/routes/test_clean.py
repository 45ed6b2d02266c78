"""POST /v1/clean and /v1/clean/batch through TestClient: the answers, and every bad input refused.

``client`` serves the shipped model; ``double``/``make_double`` a scripted one, where a test has to see
what the classifier was asked or force it to refuse.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from classifier import InputError, Label

ARTICLE = (
    "Wir verwenden Cookies, um Ihnen ein besseres Erlebnis zu bieten. Alle akzeptieren.\n"
    "Startseite\n"
    "\n"
    "Der Stadtrat hat am Dienstag nach langer Debatte den neuen Haushalt der Stadt beschlossen.\n"
    "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Schulen und Kitas.\n"
)
LABELS = {str(label) for label in Label}
PLAIN = {"Content-Type": "text/plain"}


def error_of(response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    return response.status_code, body["error"]["code"]


def council_paragraphs(count: int) -> str:
    """``count`` paragraphs of a council report, each numbered so that no two lines are the same."""
    return "".join(
        f"<p>Der Stadtrat beriet am Dienstag zum {n}. Mal über den Haushalt und die Schulen der Stadt.</p>"
        for n in range(1, count + 1)
    )


def without_timing(body: dict) -> dict:
    return {k: v for k, v in body.items() if k != "timing_ms"}


# -- answers (shipped model) -------------------------------------------------------------------------


def test_json_text_is_answered_line_by_line(client: TestClient) -> None:
    response = client.post("/v1/clean", json={"text": ARTICLE, "url": "https://example.org/a"})
    assert response.status_code == 200
    body = response.json()
    assert [line["index"] for line in body["lines"]] == [1, 2, 4, 5]  # the blank line 3 keeps its number
    assert [line["text"] for line in body["lines"]] == [t for t in ARTICLE.splitlines() if t]
    assert {line["label"] for line in body["lines"]} <= LABELS
    assert all(0.0 <= line["confidence"] <= 1.0 for line in body["lines"])
    assert body["text"] == "\n".join(line["text"] for line in body["lines"] if line["keep"])
    assert set(body["page"]) == {"consent_banner", "paywall", "adblock_wall"}
    assert body["page"]["paywall"]["kind"] in ("none", "soft", "hard", None)
    assert body["url"] == "https://example.org/a"
    assert body["model"] == client.get("/readyz").json()["model"]
    assert body["timing_ms"] > 0


def test_raw_text_body_gives_the_same_answer_as_json(client: TestClient) -> None:
    raw = client.post("/v1/clean", content=ARTICLE.encode(), headers={"Content-Type": "text/plain"})
    as_json = client.post("/v1/clean", json={"text": ARTICLE})
    assert raw.status_code == as_json.status_code == 200
    assert without_timing(raw.json()) == without_timing(as_json.json())


def test_accept_text_plain_answers_only_the_clean_text(client: TestClient) -> None:
    as_json = client.post("/v1/clean", json={"text": ARTICLE}).json()
    response = client.post(
        "/v1/clean",
        content=ARTICLE.encode(),
        headers={"Content-Type": "text/plain; charset=utf-8", "Accept": "text/plain"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == as_json["text"]


@pytest.mark.parametrize(
    ("accept", "answer"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("text/plain", "text/plain"),
        ("text/plain, application/json", "application/json"),
        ("application/json;q=0.5, text/plain", "text/plain"),
        ("text/*", "text/plain"),
        ("text/markdown", "text/markdown"),
        ("text/markdown, text/plain", "text/plain"),
        ("text/plain;q=0.8, text/markdown", "text/markdown"),
        ("application/json, text/markdown", "application/json"),
    ],
)
def test_accept_negotiation(double: TestClient, accept: str | None, answer: str) -> None:
    headers = {"Accept": accept} if accept else {}
    response = double.post("/v1/clean", json={"text": ARTICLE}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == answer


def test_accept_text_markdown_answers_the_page_as_markdown(client: TestClient) -> None:
    paragraphs = council_paragraphs(3)
    html = (
        "<html lang='de'><head><title>Haushalt beschlossen – Stadtanzeiger</title></head><body><article>"
        f"<h1>Haushalt beschlossen</h1>{paragraphs}<h2>Die Kürzungen</h2><ul><li>Schulen: zwei Millionen</li>"
        "<li>Kitas: eine Million</li></ul></article></body></html>"
    )
    headers = {"Content-Type": "text/html", "Accept": "text/markdown"}
    response = client.post("/v1/clean", content=html.encode(), headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.text.startswith("# Haushalt beschlossen\n\nDer Stadtrat beriet am Dienstag zum 1. Mal")
    assert "Schulen der Stadt.\n\n## Die Kürzungen\n\n- Schulen: zwei Millionen\n" in response.text
    as_json = client.post("/v1/clean", json={"html": html, "include_markdown": True}).json()
    assert as_json["markdown"] == response.text


def test_markdown_is_answered_only_when_asked_for(client: TestClient) -> None:
    assert client.post("/v1/clean", json={"text": ARTICLE}).json()["markdown"] is None
    body = client.post("/v1/clean?include_markdown=true", content=ARTICLE.encode(), headers=PLAIN).json()
    assert body["markdown"] == "\n\n".join(body["text"].split("\n")) + "\n"


def test_include_lines_false_leaves_lines_out(client: TestClient) -> None:
    body = client.post("/v1/clean", json={"text": ARTICLE, "include_lines": False}).json()
    assert body["lines"] is None
    assert body["text"] == client.post("/v1/clean", json={"text": ARTICLE}).json()["text"]


def test_raw_body_options_come_from_the_query(client: TestClient) -> None:
    response = client.post(
        "/v1/clean?include_lines=false&url=https://example.org/x",
        content=ARTICLE.encode(),
        headers=PLAIN,
    )
    body = response.json()
    assert body["lines"] is None
    assert body["url"] == "https://example.org/x"


def test_the_lang_hint_stands_only_when_the_model_cannot_tell(double: TestClient) -> None:
    # The scripted model always says "und".
    assert double.post("/v1/clean?lang=de", json={"text": ARTICLE}).json()["language"] == "de"
    assert double.post("/v1/clean", json={"text": ARTICLE}).json()["language"] == "und"


def test_json_fields_win_over_the_query(client: TestClient) -> None:
    body = client.post("/v1/clean?include_lines=false", json={"text": ARTICLE, "include_lines": True}).json()
    assert body["lines"] is not None
    body = client.post("/v1/clean?include_lines=false", json={"text": ARTICLE}).json()
    assert body["lines"] is None


def test_html_is_read_block_by_block(client: TestClient) -> None:
    paragraphs = council_paragraphs(5)
    html = f"<html lang='de'><body><article><h1>Haushalt beschlossen</h1>{paragraphs}</article></body></html>"
    as_json = client.post("/v1/clean", json={"html": html})
    raw = client.post("/v1/clean", content=html.encode(), headers={"Content-Type": "text/html"})
    assert as_json.status_code == raw.status_code == 200
    lines = as_json.json()["lines"]
    assert lines[0]["text"] == "Haushalt beschlossen"
    assert any(line["text"].startswith("Der Stadtrat beriet am Dienstag zum 3. Mal") for line in lines)
    assert without_timing(raw.json()) == without_timing(as_json.json())


def test_html_answers_the_headline_its_title_names_as_the_title(client: TestClient) -> None:
    paragraphs = council_paragraphs(5)
    html = (
        "<html lang='de'><head><title>Haushalt beschlossen – Stadtanzeiger</title>"
        '<meta name="author" content="Eva Roth"><meta property="article:published_time" content="2026-03-02">'
        "</head><body><article>"
        f"<h1>Haushalt beschlossen</h1>{paragraphs}</article></body></html>"
    )
    body = client.post("/v1/clean", json={"html": html}).json()
    assert body["title"] == "Haushalt beschlossen" and body["title_line"] == 1
    assert body["metadata"] == {
        "site_name": None,
        "authors": ["Eva Roth"],
        "published": "2026-03-02",
        "modified": None,
        "description": None,
        "url": None,
        "image": None,
    }
    assert body["lines"][0] == {**body["lines"][0], "label": "content", "keep": False}
    assert body["text"].startswith("Der Stadtrat beriet am Dienstag zum 1. Mal")
    text_mode = client.post("/v1/clean", json={"text": "Haushalt beschlossen\n" + ARTICLE}).json()
    assert text_mode["title"] is None and text_mode["title_line"] is None and text_mode["metadata"] is None


def test_html_goes_to_classify_html_with_the_limits(double: TestClient, scripted) -> None:
    response = double.post("/v1/clean", json={"html": "<p>Der Stadtrat hat getagt.</p>"})
    assert response.status_code == 200
    mode, kwargs = scripted.calls[-1]
    assert mode == "html"
    assert kwargs["max_nodes"] == 200_000
    assert kwargs["max_lines"] == 20_000
    assert 0 < kwargs["timeout_s"] <= 10


def test_raw_html_is_passed_as_bytes_unless_the_header_names_a_charset(double: TestClient, scripted) -> None:
    html = "<p>Grüße aus Köln, wo der Stadtrat heute tagte.</p>".encode()
    assert double.post("/v1/clean", content=html, headers={"Content-Type": "text/html"}).status_code == 200
    assert scripted.calls[-1][1]["type"] is bytes
    headers = {"Content-Type": "text/html; charset=utf-8"}
    assert double.post("/v1/clean", content=html, headers=headers).status_code == 200
    assert scripted.calls[-1][1]["type"] is str


def test_text_in_a_declared_charset_is_decoded(client: TestClient) -> None:
    text = "Grüße aus Köln, wo der Stadtrat heute lange tagte."
    response = client.post(
        "/v1/clean", content=text.encode("latin-1"), headers={"Content-Type": "text/plain; charset=latin-1"}
    )
    assert response.status_code == 200
    assert response.json()["lines"][0]["text"] == text


def test_blank_text_is_an_empty_page_not_an_error(client: TestClient) -> None:
    body = client.post("/v1/clean", json={"text": " \n\t\n"}).json()
    assert body["text"] == "" and body["lines"] == []


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain", "text/html", "application/json"])
def test_empty_body_is_400(client: TestClient, content_type: str) -> None:
    response = client.post("/v1/clean", content=b"", headers={"Content-Type": content_type})
    assert error_of(response) == (400, "empty")


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"url": "https://example.org"},
        {"text": "a", "html": "<p>a</p>"},
        {"text": None, "html": "<p>a</p>"},
        {"text": ""},
    ],
)
def test_both_or_neither_of_text_and_html_is_422(client: TestClient, payload: dict) -> None:
    assert error_of(client.post("/v1/clean", json=payload)) == (422, "invalid_request")


@pytest.mark.parametrize(
    "payload",
    [
        {"text": "a", "colour": 1},
        {"text": 5},
        ["text"],
        {"text": "a", "lang": "not a language"},
        {"text": "a", "include_lines": "yes"},
        {"text": "a", "url": "x" * 3000},
    ],
)
def test_unknown_fields_and_wrong_types_are_422(client: TestClient, payload: object) -> None:
    assert error_of(client.post("/v1/clean", json=payload)) == (422, "invalid_request")


def test_a_50_mb_body_is_413_before_it_is_parsed(double: TestClient, scripted) -> None:
    response = double.post(
        "/v1/clean", content=b"x" * (50 * 1024 * 1024), headers={"Content-Type": "text/plain"}
    )
    assert error_of(response) == (413, "body_too_large")
    assert scripted.calls == []


def test_the_body_cap_is_a_setting(make_double) -> None:
    client = make_double(max_body_bytes=100)
    ok = client.post("/v1/clean", content=b"a" * 100, headers={"Content-Type": "text/plain"})
    over = client.post("/v1/clean", content=b"a" * 101, headers={"Content-Type": "text/plain"})
    assert ok.status_code == 200
    assert error_of(over) == (413, "body_too_large")


def test_a_gzip_body_is_answered_as_the_plain_one(client: TestClient) -> None:
    import gzip

    plain = client.post("/v1/clean", content=ARTICLE.encode(), headers=PLAIN)
    packed = client.post(
        "/v1/clean", content=gzip.compress(ARTICLE.encode()), headers={**PLAIN, "Content-Encoding": "gzip"}
    )
    assert packed.status_code == 200
    assert without_timing(packed.json()) == without_timing(plain.json())


def test_a_compressed_body_that_inflates_past_the_cap_is_413(double: TestClient, scripted) -> None:
    import gzip

    bomb = gzip.compress(b"a" * (50 * 1024 * 1024))  # 50 KB on the wire
    response = double.post("/v1/clean", content=bomb, headers={**PLAIN, "Content-Encoding": "gzip"})
    assert error_of(response) == (413, "body_too_large")
    assert scripted.calls == []
    brotli = double.post("/v1/clean", content=b"x", headers={**PLAIN, "Content-Encoding": "br"})
    assert error_of(brotli) == (415, "unsupported_content_encoding")


def test_binary_garbage_is_400(client: TestClient) -> None:
    garbage = bytes(range(256)) * 64
    text = client.post("/v1/clean", content=garbage, headers={"Content-Type": "text/plain"})
    as_json = client.post("/v1/clean", content=garbage, headers={"Content-Type": "application/json"})
    assert error_of(text) == (400, "invalid_encoding")
    assert error_of(as_json) == (400, "bad_json")


def test_binary_garbage_as_html_is_refused_or_read_never_a_server_error(client: TestClient) -> None:
    garbage = bytes(range(256)) * 64 + b"\x00" * 1000
    response = client.post("/v1/clean", content=garbage, headers={"Content-Type": "text/html"})
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 400:
        assert error_of(response) == (400, "not_text")


def test_invalid_utf8_names_the_bad_byte(client: TestClient) -> None:
    response = client.post(
        "/v1/clean", content="Grüße".encode() + b"\xff\xfe rest", headers={"Content-Type": "text/plain"}
    )
    assert error_of(response) == (400, "invalid_encoding")
    assert "0xff" in response.json()["error"]["message"]
    assert "offset 7" in response.json()["error"]["message"]


def test_unknown_charset_is_415(client: TestClient) -> None:
    headers = {"Content-Type": "text/plain; charset=klingon"}
    assert error_of(client.post("/v1/clean", content=b"abc", headers=headers)) == (415, "unsupported_charset")


def test_a_million_lines_is_413(client: TestClient) -> None:
    response = client.post("/v1/clean", content=b"a\n" * 1_000_000, headers={"Content-Type": "text/plain"})
    assert error_of(response) == (413, "too_many_lines")


def test_the_line_cap_is_a_setting(make_double, scripted) -> None:
    response = make_double(max_lines=3).post("/v1/clean", json={"text": "a\nb\nc\nd"})
    assert error_of(response) == (413, "too_many_lines")
    assert scripted.calls[-1] == ("text", {"max_lines": 3})


def test_an_html_page_over_the_line_cap_is_413(make_client) -> None:
    response = make_client(max_lines=50).post("/v1/clean", json={"html": "<p>a short line</p>" * 60})
    assert error_of(response) == (413, "too_many_lines")


def test_a_dom_over_the_node_cap_is_413(make_client) -> None:
    response = make_client(max_dom_nodes=50).post("/v1/clean", json={"html": "<div><p>x</p></div>" * 100})
    assert error_of(response) == (413, "dom_too_large")


def test_a_100000_deep_html_is_answered_without_a_server_error(client: TestClient) -> None:
    html = "<div>" * 100_000 + "Ganz unten steht ein Satz, der gelesen werden will." + "</div>" * 100_000
    response = client.post("/v1/clean", json={"html": html})
    assert response.status_code in (200, 400, 413), response.text[:300]
    if response.status_code != 200:
        assert error_of(response)[1] in {"dom_too_large", "not_text"}


def test_json_ld_nested_past_the_decoders_stack_is_answered(client: TestClient) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    html = f"<html><head><script type='application/ld+json'>{deep}</script></head><body>{council_paragraphs(2)}"
    response = client.post("/v1/clean", json={"html": html})
    assert response.status_code == 200, response.text[:300]
    assert response.json()["text"].startswith("Der Stadtrat beriet")


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "image/png", "multipart/form-data"]
)
def test_wrong_content_type_is_415(client: TestClient, content_type: str) -> None:
    response = client.post("/v1/clean", content=b"text=hello", headers={"Content-Type": content_type})
    assert error_of(response) == (415, "unsupported_media_type")


def test_missing_content_type_is_415(client: TestClient) -> None:
    assert error_of(client.post("/v1/clean", content=b"hello")) == (415, "unsupported_media_type")


@pytest.mark.parametrize("body", [b"{", b'{"text": "a",}', b"{'text': 'a'}", b'{"text": "\\ud800 x"'])
def test_bad_json_is_400(client: TestClient, body: bytes) -> None:
    response = client.post("/v1/clean", content=body, headers={"Content-Type": "application/json"})
    assert error_of(response) == (400, "bad_json")


def test_a_lone_surrogate_in_json_is_refused_or_answered_never_500(client: TestClient) -> None:
    response = client.post(
        "/v1/clean", content=b'{"text": "a \\ud800 b c d e"}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (200, 400)
    json.dumps(response.json())


@pytest.mark.parametrize(
    ("code", "status"),
    [("timeout", 503), ("not_text", 400), ("empty", 400), ("too_many_lines", 413), ("dom_too_large", 413)],
)
def test_classifier_refusals_map_to_statuses(double: TestClient, scripted, code: str, status: int) -> None:
    scripted.fail_with = InputError(f"refused: {code}", code=code)
    response = double.post("/v1/clean", json={"html": "<p>x</p>"})
    assert error_of(response) == (status, code)
    assert response.json()["error"]["message"] == f"refused: {code}"


def test_html_over_the_deadline_is_503_timeout(make_client) -> None:
    html = "<div><p>Ein Absatz mit einigen Wörtern über den Stadtrat und den Haushalt.</p></div>" * 20_000
    response = make_client(request_timeout_s=0.05).post("/v1/clean", json={"html": html})
    assert error_of(response) == (503, "timeout")


def test_a_spent_deadline_is_503_timeout(make_double, scripted) -> None:
    response = make_double(request_timeout_s=1e-9).post("/v1/clean", json={"html": "<p>x</p>"})
    assert error_of(response) == (503, "timeout")
    assert scripted.calls == []


# -- batch -----------------------------------------------------------------------------------------


def test_batch_answers_in_order_like_single_calls(client: TestClient) -> None:
    documents = [
        {"text": ARTICLE},
        {"html": "<p>Ein Satz über den Stadtrat.</p>", "include_markdown": True},
        {"text": "Hallo Welt"},
    ]
    response = client.post("/v1/clean/batch", json={"documents": documents})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["index"], r["status"], r["error"]) for r in results] == [
        (0, 200, None),
        (1, 200, None),
        (2, 200, None),
    ]
    for document, result in zip(documents, results, strict=True):
        single = client.post("/v1/clean", json=document).json()
        assert without_timing(result["result"]) == without_timing(single)
    assert [r["result"]["markdown"] is None for r in results] == [True, False, True]


def test_batch_isolates_bad_documents(make_client) -> None:
    documents = [
        {"text": ARTICLE},
        {"text": "a", "html": "<p>a</p>"},
        "not an object",
        {"html": "<div><p>x</p></div>" * 100},
        {"text": "x\n" * 30},
        {"text": ARTICLE, "include_lines": False},
    ]
    response = make_client(max_dom_nodes=50, max_lines=20).post(
        "/v1/clean/batch", json={"documents": documents}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4, 5]
    assert [r["status"] for r in results] == [200, 422, 422, 413, 413, 200]
    assert [r["error"]["code"] for r in results if r["error"]] == [
        "invalid_request",
        "invalid_request",
        "dom_too_large",
        "too_many_lines",
    ]
    assert all(r["result"] is None for r in results if r["error"])
    assert results[5]["result"]["lines"] is None


def test_batch_over_the_cap_is_413(make_double, scripted) -> None:
    response = make_double(max_batch=2).post("/v1/clean/batch", json={"documents": [{"text": "a"}] * 3})
    assert error_of(response) == (413, "too_many_documents")
    assert scripted.calls == []


def test_batch_takes_json_only(client: TestClient) -> None:
    raw = client.post("/v1/clean/batch", content=ARTICLE.encode(), headers={"Content-Type": "text/plain"})
    assert error_of(raw) == (415, "unsupported_media_type")
    assert error_of(client.post("/v1/clean/batch", json={"docs": []})) == (422, "invalid_request")
    bad = client.post("/v1/clean/batch", content=b"[", headers={"Content-Type": "application/json"})
    assert error_of(bad) == (400, "bad_json")


def test_batch_documents_past_the_deadline_get_their_own_timeout(make_double) -> None:
    client = make_double(request_timeout_s=1e-9)
    response = client.post("/v1/clean/batch", json={"documents": [{"html": "<p>a</p>"}, {"text": "b"}]})
    assert response.status_code == 200
    assert [(r["status"], r["error"]["code"]) for r in response.json()["results"]] == [
        (503, "timeout"),
        (503, "timeout"),
    ]
