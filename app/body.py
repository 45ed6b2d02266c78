"""Request bodies: media type checked first, size capped while streaming, then decoded.

Nothing here reads more than ``max_body_bytes`` of a body: a declared ``Content-Length`` over the cap
is refused before a byte is read, and a body without one is counted as it arrives. A compressed body
(``Content-Encoding: gzip`` or ``deflate``) is capped twice: as it arrives, and as it is inflated, so a
small bomb stops at the cap instead of filling memory.
"""

from __future__ import annotations

import codecs
import zlib
from dataclasses import dataclass
from email.message import Message
from typing import Annotated, Literal

import anyio
from fastapi import Depends, Request
from starlette.requests import ClientDisconnect

from app.deps import SettingsDep
from app.errors import ApiError

MediaKind = Literal["json", "text", "html"]
_KINDS: dict[str, MediaKind] = {
    "application/json": "json",
    "text/plain": "text",
    "text/html": "html",
    "application/xhtml+xml": "html",
}


@dataclass(frozen=True, slots=True)
class RawBody:
    """A request body that passed the size cap, with its media kind and declared charset."""

    kind: MediaKind
    data: bytes
    charset: str | None = None

    def text(self) -> str:
        """The body as text: the declared charset (UTF-8 by default), or a 400 naming the bad byte."""
        charset = self.charset or "utf-8"
        try:
            codecs.lookup(charset)
        except LookupError as exc:
            raise ApiError(415, "unsupported_charset", f"unknown charset {charset!r}") from exc
        try:
            return self.data.decode(charset)
        except UnicodeDecodeError as exc:
            raise ApiError(
                400,
                "invalid_encoding",
                f"the body is not valid {charset}: byte 0x{self.data[exc.start]:02x} at offset {exc.start}",
            ) from exc

    def html(self) -> str | bytes:
        """HTML decoded with the header's charset when it fits, else the bytes for the classifier to sniff."""
        if self.charset:
            try:
                return self.data.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        return self.data


def media_kind(content_type: str | None, accepted: tuple[MediaKind, ...]) -> tuple[MediaKind, str | None]:
    """The kind of body a ``Content-Type`` announces, and its charset; 415 if it is not one we take."""
    names = sorted(name for name, kind in _KINDS.items() if kind in accepted)
    if not content_type:
        raise ApiError(415, "unsupported_media_type", f"set Content-Type to one of {', '.join(names)}")
    message = Message()
    message["content-type"] = content_type
    media = message.get_content_type()
    kind = _KINDS.get(media)
    if kind is None and media.startswith("application/") and media.endswith("+json"):
        kind = "json"
    if kind is None or kind not in accepted:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Content-Type {media!r} is not taken; use {' or '.join(names)}",
        )
    charset = message.get_param("charset")
    return kind, charset if isinstance(charset, str) else None


async def read_capped(request: Request, limit: int, timeout_s: float) -> bytes:
    """The whole body, refused with 413 as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.strip().isdigit():
            raise ApiError(400, "bad_content_length", "Content-Length must be a number of bytes")
        if int(declared) > limit:
            raise ApiError(413, "body_too_large", f"the body has {int(declared)} bytes; the limit is {limit}")
    chunks: list[bytes] = []
    size = 0
    try:
        with anyio.fail_after(timeout_s):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise ApiError(413, "body_too_large", f"the body is over the limit of {limit} bytes")
                chunks.append(chunk)
    except TimeoutError as exc:
        raise ApiError(503, "timeout", f"the body did not arrive within {timeout_s:g} s") from exc
    except ClientDisconnect as exc:
        raise ApiError(400, "client_disconnected", "the client went away before the body arrived") from exc
    if size == 0:
        raise ApiError(400, "empty", "the request body is empty")
    return b"".join(chunks)


_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
"""zlib's window settings per ``Content-Encoding``: gzip's header and trailer, or zlib's (RFC 9110)."""


def content_coding(header: str | None) -> str | None:
    """The body's ``Content-Encoding`` (None for none or ``identity``); 415 for one we cannot undo.
    Several codings in a row (``gzip, gzip``) are refused too: no client needs them."""
    coding = (header or "").strip().lower()
    if coding in ("", "identity"):
        return None
    if coding not in _WBITS:
        raise ApiError(
            415,
            "unsupported_content_encoding",
            f"Content-Encoding {coding!r} is not taken; send the body as it is, or gzip or deflate",
        )
    return coding


def inflate(data: bytes, coding: str, limit: int) -> bytes:
    """``data`` decompressed, refused with 413 as soon as it grows past ``limit`` bytes and with 400
    when it is not valid ``coding`` data (or stops short)."""
    parts: list[bytes] = []
    size = 0
    rest = data
    while rest:  # gzip allows several members one after another (``cat a.gz b.gz``)
        inflater = zlib.decompressobj(_WBITS[coding])
        try:
            part = inflater.decompress(rest, limit + 1 - size)
        except zlib.error as exc:
            message = f"the body is not valid {coding} data: {exc}"
            raise ApiError(400, "bad_content_encoding", message) from exc
        size += len(part)
        if size > limit:
            message = f"the body inflates to more than the limit of {limit} bytes"
            raise ApiError(413, "body_too_large", message)
        if not inflater.eof:
            raise ApiError(400, "bad_content_encoding", f"the body's {coding} data is cut short")
        parts.append(part)
        rest = inflater.unused_data
    out = b"".join(parts)
    if not out:
        raise ApiError(400, "empty", "the request body is empty")
    return out


async def _body(request: Request, settings: SettingsDep, accepted: tuple[MediaKind, ...]) -> RawBody:
    kind, charset = media_kind(request.headers.get("content-type"), accepted)
    coding = content_coding(request.headers.get("content-encoding"))
    data = await read_capped(request, settings.max_body_bytes, settings.request_timeout_s)
    if coding is not None:
        data = inflate(data, coding, settings.max_body_bytes)
    return RawBody(kind=kind, data=data, charset=charset)


async def document_body(request: Request, settings: SettingsDep) -> RawBody:
    """A /v1/clean body: JSON, plain text or HTML."""
    return await _body(request, settings, ("json", "text", "html"))


async def json_body(request: Request, settings: SettingsDep) -> RawBody:
    """A JSON-only body (the batch call)."""
    return await _body(request, settings, ("json",))


DocumentBodyDep = Annotated[RawBody, Depends(document_body)]
JsonBodyDep = Annotated[RawBody, Depends(json_body)]
