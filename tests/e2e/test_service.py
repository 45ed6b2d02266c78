"""The real service over real sockets: uvicorn on loopback with the shipped model."""

from __future__ import annotations

import concurrent.futures
import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from _service import ROOT, Service, running_service

pytestmark = pytest.mark.e2e

EXAMPLE = ROOT.parent / "shared" / "examples" / "de-news-adwall.txt"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    with running_service() as running:
        yield running


@pytest.fixture(scope="module")
def http(service: Service) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=30.0) as client:
        yield client


def example_lines() -> list[str]:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} is absent (../shared is not beside the repository)")
    return EXAMPLE.read_text(encoding="utf-8").splitlines()


def clean_example(http: httpx.Client) -> tuple[list[str], set[str]]:
    """The issue's demo: `curl --data-binary @de-news-adwall.txt -H 'Content-Type: text/plain'
    -H 'Accept: text/plain' localhost:8000/v1/clean`. Returns the page's lines and the lines kept."""
    lines = example_lines()
    response = http.post(
        "/v1/clean",
        content="\n".join(lines).encode(),
        headers={"Content-Type": "text/plain", "Accept": "text/plain"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return lines, set(response.text.splitlines())


def test_the_example_page_comes_back_as_its_article(http: httpx.Client) -> None:
    lines, kept = clean_example(http)
    paragraphs = [line for line in lines[11:] if len(line) > 200]  # the article's body paragraphs
    assert len(paragraphs) >= 8
    assert [p for p in paragraphs if p not in kept] == []
    assert lines[11] in kept  # its kicker (line 12)
    assert lines[0] not in kept and lines[1] not in kept  # the cookie notice


def test_the_example_page_loses_its_adblock_wall_and_offer(http: httpx.Client) -> None:
    lines, kept = clean_example(http)
    walls = {n: lines[n - 1] for n in range(4, 11)}  # ad-block wall and subscription offer
    assert {n: text for n, text in walls.items() if text in kept} == {}


def test_the_example_page_reports_its_consent_banner_and_adblock_wall(http: httpx.Client) -> None:
    response = http.post("/v1/clean", json={"text": "\n".join(example_lines())})
    assert response.status_code == 200
    body = response.json()
    assert body["page"]["consent_banner"]["present"] is True
    assert body["page"]["adblock_wall"]["present"] is True
    assert body["language"] == "de"


PARAGRAPHS = [
    "Der Stadtrat hat am Dienstagabend nach mehr als fünf Stunden Debatte den Haushalt für das kommende "
    "Jahr beschlossen.",
    "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Schulen und den Kindergärten, "
    "die nach ihren Worten die Familien am härtesten treffen.",
    "Der Kämmerer verteidigte den Entwurf: Ohne die Einsparungen wäre die Stadt im Herbst zahlungsunfähig "
    "gewesen, sagte er vor den Abgeordneten.",
    "Bürgerinnen und Bürger hatten vor dem Rathaus gegen die Pläne demonstriert; die Polizei sprach von "
    "etwa dreihundert Teilnehmern.",
    "Über die Investitionen in den Nahverkehr soll im Frühjahr gesondert abgestimmt werden.",
]


def test_html_pages_are_cleaned_too(http: httpx.Client) -> None:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    html = (
        "<html lang='de'><body><nav><a href='/'>Startseite</a> <a href='/politik'>Politik</a></nav>"
        f"<article><h1>Stadtrat beschließt den Haushalt</h1>{body}</article></body></html>"
    )
    response = http.post("/v1/clean", content=html.encode(), headers={"Content-Type": "text/html"})
    assert response.status_code == 200
    clean = response.json()["text"]
    assert sum(p in clean for p in PARAGRAPHS) >= 4, clean


def raw_exchange(service: Service, head: bytes, body_chunks: Iterator[bytes]) -> tuple[bytes, int]:
    """Send ``head`` then body chunks until the server answers; return the answer and bytes of body sent."""
    sent = 0
    with socket.create_connection((service.host, service.port), timeout=30) as sock:
        sock.sendall(head)
        sock.setblocking(False)
        answer = b""
        deadline = time.monotonic() + 30
        for chunk in body_chunks:
            with contextlib.suppress(BlockingIOError):
                answer += sock.recv(65536)
            if answer or time.monotonic() > deadline:
                break
            try:
                sock.setblocking(True)
                sock.sendall(chunk)
                sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            finally:
                sock.setblocking(False)
        sock.setblocking(True)
        sock.settimeout(10)
        while b"\r\n\r\n" not in answer:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    return answer, sent


def test_a_declared_50_mb_body_is_refused_before_it_is_sent(service: Service) -> None:
    head = (
        b"POST /v1/clean HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
        + f"Content-Length: {50 * MB}\r\n\r\n".encode()
    )
    answer, sent = raw_exchange(service, head, (b"a" * MB for _ in range(50)))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 20 * MB  # the server answered at once; socket buffers took a few MB meanwhile


def test_a_chunked_50_mb_body_is_cut_off_near_the_cap(service: Service) -> None:
    head = (
        b"POST /v1/clean HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    chunk = b"%x\r\n" % MB + b"a" * MB + b"\r\n"
    answer, sent = raw_exchange(service, head, (chunk for _ in range(50)))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < 20 * MB  # the server stopped at 5 MB; socket buffers hold a little more


def test_a_100000_deep_html_is_answered_without_a_server_error(service: Service, http: httpx.Client) -> None:
    html = (
        "<div>" * 100_000 + "Tief verschachtelter Text, der irgendwo ganz unten steht." + "</div>" * 100_000
    )
    started = time.monotonic()
    response = http.post("/v1/clean", json={"html": html})
    elapsed = time.monotonic() - started
    assert response.status_code in (200, 400, 413), response.text[:300]
    assert elapsed < 10 + 5  # the request deadline, plus slack for a loaded machine
    assert http.get("/healthz").status_code == 200


def test_a_million_lines_is_413(http: httpx.Client) -> None:
    response = http.post("/v1/clean", content=b"line\n" * 1_000_000, headers={"Content-Type": "text/plain"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_many_lines"


def test_concurrent_clients_are_all_answered(service: Service) -> None:
    text = "Der Stadtrat hat am Dienstag den neuen Haushalt beschlossen.\nStartseite\nImpressum\n" * 20

    def one(_: int) -> int:
        with httpx.Client(base_url=service.url, timeout=30.0) as client:
            return client.post("/v1/clean", json={"text": text}).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(one, range(32)))
    assert statuses == [200] * 32


def test_metrics_reflect_what_was_served(http: httpx.Client) -> None:
    http.post("/v1/clean", json={"text": "Ein kurzer Text mit ein paar Wörtern darin."})
    metrics = http.get("/metrics").text
    assert 'linesift_http_requests_total{method="POST",route="/v1/clean",status="200"}' in metrics
    assert "linesift_model_info{version=" in metrics


def test_keys_and_rate_limit_on_a_real_server(tmp_path: Path) -> None:
    env = {"LINESIFT_API_KEYS": "e2e-key", "LINESIFT_RATE_LIMIT_PER_MINUTE": "2"}
    with running_service(env) as keyed, httpx.Client(base_url=keyed.url, timeout=30.0) as client:
        assert client.post("/v1/clean", json={"text": "Hallo"}).status_code == 401
        auth = {"Authorization": "Bearer e2e-key"}
        statuses = [
            client.post("/v1/clean", json={"text": "Hallo"}, headers=auth).status_code for _ in range(3)
        ]
        preflight = client.options(
            "/v1/clean",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
    assert statuses == [200, 200, 429]
    assert preflight.status_code == 400


def test_one_long_token_is_answered_within_the_deadline() -> None:
    token = "data:image/png;base64," + "QUJD" * 75_000  # 300 KB without a space, as in a minified page
    bodies = {"text/plain": token, "text/html": f"<p>Ein Absatz.</p><p>{token}</p>"}
    deadline_s = 3.0
    env = {"LINESIFT_REQUEST_TIMEOUT_S": str(deadline_s)}
    with running_service(env, stop_timeout=2) as service:  # a stuck request would hold a graceful stop
        for content_type, body in bodies.items():
            try:
                response = httpx.post(
                    f"{service.url}/v1/clean",
                    content=body.encode(),
                    headers={"Content-Type": content_type},
                    timeout=deadline_s + 5,
                )
            except httpx.ReadTimeout:
                pytest.fail(f"{content_type}: no answer within {deadline_s + 5:g} s, past the deadline")
            assert response.status_code in (200, 400, 413, 503), response.text[:300]
