"""Bodies: media types, charsets, and a size cap that stops reading as soon as it is passed."""

from __future__ import annotations

import anyio
import pytest
from starlette.requests import Request

from app.body import RawBody, media_kind, read_capped
from app.errors import ApiError

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("application/json", ("json", None)),
        ("application/problem+json", ("json", None)),
        ("text/plain; charset=ISO-8859-1", ("text", "ISO-8859-1")),
        ('TEXT/HTML; Charset="utf-8"', ("html", "utf-8")),
        ("application/xhtml+xml", ("html", None)),
    ],
)
def test_media_kind(header: str, expected: tuple) -> None:
    assert media_kind(header, ("json", "text", "html")) == expected


@pytest.mark.parametrize("header", [None, "", "image/png", "text/csv", "multipart/form-data; boundary=x"])
def test_media_kind_refuses_others_with_415(header: str | None) -> None:
    with pytest.raises(ApiError) as caught:
        media_kind(header, ("json", "text", "html"))
    assert caught.value.status == 415


def test_media_kind_respects_what_the_route_accepts() -> None:
    with pytest.raises(ApiError):
        media_kind("text/plain", ("json",))


def test_text_decoding() -> None:
    assert RawBody("text", "Grüße".encode("cp1252"), "cp1252").text() == "Grüße"
    assert RawBody("text", "Grüße".encode()).text() == "Grüße"
    with pytest.raises(ApiError) as caught:
        RawBody("text", b"ok \xc3(").text()
    assert (caught.value.status, caught.value.code) == (400, "invalid_encoding")


def test_html_falls_back_to_bytes_when_the_charset_does_not_fit() -> None:
    assert RawBody("html", b"<p>\xff</p>", "utf-8").html() == b"<p>\xff</p>"
    assert RawBody("html", b"<p>\xff</p>", "no-such-codec").html() == b"<p>\xff</p>"
    assert RawBody("html", b"<p>\xe9</p>", "latin-1").html() == "<p>é</p>"
    assert RawBody("html", b"<p>x</p>").html() == b"<p>x</p>"


def streaming_request(chunks: int, chunk_size: int, headers: dict[str, str] | None = None):
    """A request whose body arrives in chunks; ``pulled`` counts how many were read."""
    pulled = [0]

    async def receive() -> dict:
        pulled[0] += 1
        more = pulled[0] < chunks
        return {"type": "http.request", "body": b"x" * chunk_size, "more_body": more}

    raw_headers = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {"type": "http", "method": "POST", "path": "/", "headers": raw_headers, "query_string": b""}
    return Request(scope, receive), pulled


def test_a_50_mb_stream_is_cut_off_after_the_cap_not_read_whole() -> None:
    request, pulled = streaming_request(chunks=50, chunk_size=MB)
    with pytest.raises(ApiError) as caught:
        anyio.run(read_capped, request, 5 * MB, 10.0)
    assert (caught.value.status, caught.value.code) == (413, "body_too_large")
    assert pulled[0] == 6  # 6 MB read of 50: the sixth chunk crossed the 5 MB cap


def test_a_declared_length_over_the_cap_is_refused_before_reading() -> None:
    request, pulled = streaming_request(chunks=50, chunk_size=MB, headers={"Content-Length": str(50 * MB)})
    with pytest.raises(ApiError) as caught:
        anyio.run(read_capped, request, 5 * MB, 10.0)
    assert caught.value.status == 413
    assert pulled[0] == 0


def test_a_bad_content_length_is_400() -> None:
    request, _ = streaming_request(chunks=1, chunk_size=10, headers={"Content-Length": "-5"})
    with pytest.raises(ApiError) as caught:
        anyio.run(read_capped, request, MB, 10.0)
    assert caught.value.status == 400


def test_a_body_under_the_cap_is_read_whole() -> None:
    request, _ = streaming_request(chunks=3, chunk_size=1000)
    assert anyio.run(read_capped, request, 3000, 10.0) == b"x" * 3000


def test_a_body_that_stops_arriving_times_out() -> None:
    async def receive() -> dict:
        await anyio.sleep(60)
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [], "query_string": b""}
    with pytest.raises(ApiError) as caught:
        anyio.run(read_capped, Request(scope, receive), MB, 0.05)
    assert (caught.value.status, caught.value.code) == (503, "timeout")


def test_gzip_and_deflate_bodies_are_inflated_under_the_cap() -> None:
    import gzip
    import zlib

    from app.body import content_coding, inflate

    assert content_coding(None) is None and content_coding(" Identity ") is None
    assert inflate(gzip.compress(b"<p>Hello</p>"), content_coding("GZIP"), MB) == b"<p>Hello</p>"
    assert inflate(zlib.compress(b"text"), content_coding("deflate"), MB) == b"text"
    # Two gzip members one after another are one body.
    assert inflate(gzip.compress(b"one ") + gzip.compress(b"two"), "gzip", MB) == b"one two"


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"x" * 100, 400, "bad_content_encoding"),  # not gzip at all
        (b"", 400, "empty"),
        (None, 413, "body_too_large"),  # a bomb: 10 KB that inflates to 20 MB
    ],
)
def test_bad_or_oversized_compressed_bodies_are_refused(data: bytes | None, status: int, code: str) -> None:
    import gzip

    from app.body import inflate

    body = gzip.compress(b"\0" * (20 * MB)) if data is None else data
    with pytest.raises(ApiError) as caught:
        inflate(body, "gzip", 5 * MB)
    assert (caught.value.status, caught.value.code) == (status, code)


def test_a_cut_short_gzip_body_or_an_unknown_coding_is_refused() -> None:
    import gzip

    from app.body import content_coding, inflate

    with pytest.raises(ApiError) as caught:
        inflate(gzip.compress(b"hello world" * 100)[:-12], "gzip", MB)
    assert (caught.value.status, caught.value.code) == (400, "bad_content_encoding")
    with pytest.raises(ApiError) as caught:
        content_coding("br")
    assert (caught.value.status, caught.value.code) == (415, "unsupported_content_encoding")
