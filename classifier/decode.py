"""Page bytes of unknown charset -> text, and the UTF-8 bytes the HTML parser reads.

Bytes are decoded with beautifulsoup4's ``UnicodeDammit`` candidates when they are not valid UTF-8
(declared charset, then detection); input that is mostly control characters is refused as not text.
docs/html-segmentation.md ("Bytes and encodings") records the order and why.
"""

from __future__ import annotations

import codecs
import re

from bs4.dammit import EncodingDetector

from classifier.errors import InputError

__all__ = ["decode_html", "parser_bytes"]

_BAD_TEXT_SHARE = 0.02
"""More control or replacement characters than this share of the input: it is not text."""
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*>")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_BAD_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])


def decode_html(data: bytes) -> str:
    """Decode page bytes: a byte-order mark wins, then valid UTF-8, then ``UnicodeDammit`` (the declared
    charset, then detection, then windows-1252).

    UTF-8 is tried before a declared charset because the declaration is often wrong in that direction
    (UTF-8 bytes labelled ISO-8859-1) while other charsets almost never validate as UTF-8.
    Raises ``InputError`` (code ``not_text``) for bytes that are not text.
    """
    text = _decode(data)
    _check_text(text)
    return text


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SEVEN_BIT = ("iso-2022", "utf-7", "hz")  # charsets whose bytes also pass as UTF-8


def _decode(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if _plain_utf8(data):
        return data.decode("utf-8")
    # UnicodeDammit's own candidates (declared charset, then detection), each tried strictly; its
    # lossy last resort would log a warning per page, so the lossy fallback is ours, silently.
    for encoding in EncodingDetector(data, is_html=True).encodings:
        try:
            return data.decode(encoding)
        except (ValueError, LookupError):  # undecodable, or a declared name no codec has
            continue
    return data.decode("windows-1252", errors="replace")


def _plain_utf8(data: bytes) -> bool:
    """Valid UTF-8 without a UTF-16/32 byte-order mark and not declared as a 7-bit charset."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)):
        return False
    declared = EncodingDetector.find_declared_encoding(data[:4096], is_html=True) or ""
    if declared.lower().startswith(_SEVEN_BIT):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _check_text(text: str | bytes) -> None:
    sample = text[:100_000]
    if isinstance(sample, bytes):
        bad = len(sample) - len(sample.translate(None, _BAD_BYTES)) + sample.count(b"\xef\xbf\xbd")
    else:
        bad = len(_BAD_CHARS.findall(sample))
    if bad > _BAD_TEXT_SHARE * len(sample):
        raise InputError("the input is not text (too many control characters)", code="not_text")


def parser_bytes(html: str | bytes) -> bytes:
    """The page as UTF-8 bytes for the parser, which reads bytes faster than ``str``: valid UTF-8 bytes
    as they are, anything else decoded first; the XML declaration and NUL bytes dropped.

    Raises ``InputError`` (code ``not_text``) for input that is not text.
    """
    if isinstance(html, bytes) and _plain_utf8(html):
        data = html[3:] if html.startswith(codecs.BOM_UTF8) else html
        _check_text(data)
    else:
        text = html if isinstance(html, str) else _decode(html)
        _check_text(text)
        data = text.encode("utf-8", errors="replace")
    return _XML_DECL.sub(b"", data, count=1).replace(b"\x00", b"")
