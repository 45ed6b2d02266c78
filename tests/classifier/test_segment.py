import pytest

from classifier.errors import InputError
from classifier.segment import clean_line, segment_text


def test_blank_lines_are_skipped_but_numbers_kept():
    lines = segment_text("first\n\n   \nsecond\r\nthird\rfourth")
    assert [(x.index, x.text) for x in lines] == [(1, "first"), (4, "second"), (5, "third"), (6, "fourth")]


def test_whitespace_is_collapsed_and_invisible_characters_dropped():
    assert clean_line("\u00a0 Hello\t\t  wor\u200bld \ufeff") == "Hello world"


def test_empty_text_gives_no_lines():
    assert segment_text("") == []
    assert segment_text("\n \n\t\n") == []


def test_line_cap_is_checked_before_work():
    with pytest.raises(InputError) as err:
        segment_text("a\n" * 11, max_lines=10)
    assert err.value.code == "too_many_lines"
    assert len(segment_text("a\n" * 9, max_lines=10)) == 9


def test_unicode_line_separators_split_lines():
    assert [x.text for x in segment_text("a\u2028b\u2029c")] == ["a", "b", "c"]


def test_lone_surrogates_are_dropped_not_a_crash(shipped_model):
    # A JSON string may hold "\ud800" as an escape; no encoding can carry it, so the n-gram hashing
    # (which encodes to UTF-8) would fail on it.
    assert [x.text for x in segment_text("\ud800abc\nok line\udfff")] == ["abc", "ok line"]
    page = shipped_model.classify_text("The council met on Tuesday.\ud83d\nAccept all cookies")
    assert [r.line.text for r in page.lines] == ["The council met on Tuesday.", "Accept all cookies"]
