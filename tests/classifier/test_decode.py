"""Page bytes of unknown charset: which decoding wins, and input that is not text."""

from __future__ import annotations

import random

import pytest

from classifier.decode import decode_html
from classifier.dom import segment_html
from classifier.errors import InputError


def texts(html: str | bytes) -> list[str]:
    return [line.text for line in segment_html(html)]


# ------------------------------------------------------------------------------------------- encodings


def test_decode_utf8_without_declaration():
    assert decode_html("<p>Zürich – 10 €</p>".encode()) == "<p>Zürich – 10 €</p>"


def test_decode_declared_charset():
    page = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
    assert texts(page.encode("windows-1251")) == ["Привет, мир"]
    page = '<meta http-equiv="Content-Type" content="text/html; charset=shift_jis"><p>日本語のテキスト</p>'
    assert texts(page.encode("shift_jis")) == ["日本語のテキスト"]


def test_decode_undeclared_legacy_charset():
    body = "<p>Le café de la fenêtre était fermé à cause de la grève générale des employés.</p>" * 5
    assert texts(body.encode("windows-1252"))[0] == (
        "Le café de la fenêtre était fermé à cause de la grève générale des employés."
    )


def test_decode_wrong_declared_charset():
    # UTF-8 bytes declared as ISO-8859-1: read as UTF-8, not as mojibake.
    page = '<meta charset="iso-8859-1"><p>Größe – déjà vu</p>'
    assert texts(page.encode("utf-8")) == ["Größe – déjà vu"]
    # windows-1252 bytes declared as UTF-8: the declaration fails, the fallback reads them.
    page = '<meta charset="utf-8"><p>' + "Das Café hat geöffnet, sagt Jürgen. " * 5 + "</p>"
    assert "Das Café hat geöffnet, sagt Jürgen." in texts(page.encode("windows-1252"))[0]


def test_decode_byte_order_marks():
    page = "<p>ünïcödé</p>"
    assert texts(page.encode("utf-16")) == ["ünïcödé"]
    assert texts(b"\xef\xbb\xbf" + page.encode("utf-8")) == ["ünïcödé"]


# ------------------------------------------------------------------------------------------- not text


@pytest.mark.parametrize(
    "data",
    [
        random.Random(7).randbytes(20_000),
        b"\x89PNG\r\n\x1a\n" + bytes(4_000),
        b"\x1f\x8b\x08\x00" + random.Random(8).randbytes(3_000),
    ],
)
def test_binary_garbage_is_not_text(data):
    with pytest.raises(InputError) as caught:
        segment_html(data)
    assert caught.value.code == "not_text"
    with pytest.raises(InputError):
        decode_html(data)


def test_control_characters_in_a_str_are_not_text():
    with pytest.raises(InputError) as caught:
        segment_html("<p>" + "\x01\x02\x03" * 100 + "</p>")
    assert caught.value.code == "not_text"
