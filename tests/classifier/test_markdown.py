"""The clean page as Markdown (``classifier.markdown``), from lines segmented by the HTML segmenter.

The pages are built from the segmenter's lines with a keep decision of our choosing, so these tests
check the writing of Markdown, not the model's decisions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.dom import read_html
from classifier.markdown import escape_line, page_markdown
from classifier.segment import segment_text
from classifier.types import Finding, Label, Line, LineResult, PageResult

NONE = Finding(present=False, confidence=1.0)


def page_of(lines: list[Line], keep: Callable[[Line], bool] = lambda line: True, title_line: int | None = None):
    results = tuple(
        LineResult(line=line, label=Label.CONTENT, confidence=0.9, keep=keep(line) and line.index != title_line)
        for line in lines
    )
    return PageResult(
        lines=results, consent_banner=NONE, paywall=NONE, adblock_wall=NONE, language="en", title_line=title_line
    )


def markdown_of(body: str, **kwargs) -> str:
    lines = list(read_html(f"<html><body>{body}</body></html>".encode()).lines)
    return page_markdown(page_of(lines, **kwargs))


def test_the_headline_heads_the_body_and_headings_keep_their_level() -> None:
    lines = list(read_html(b"<h1>Harbour library opens</h1><p>It opened on Saturday.</p><h3>Hours</h3>"
                           b"<p>Nine to five.</p>").lines)
    assert page_markdown(page_of(lines, title_line=1)) == (
        "# Harbour library opens\n\nIt opened on Saturday.\n\n### Hours\n\nNine to five.\n"
    )


def test_lists_are_bulleted_numbered_and_nested_and_two_lists_stay_apart() -> None:
    md = markdown_of(
        "<ul><li>Bread</li><li>Milk<ul><li>Oat milk</li></ul></li></ul>"
        "<ol><li>Mix the flour</li><li>Bake it</li></ol><ol><li>Serve</li></ol>"
    )
    assert md == (
        "- Bread\n- Milk\n  - Oat milk\n\n1. Mix the flour\n2. Bake it\n\n1. Serve\n"
    )


def test_quotes_code_and_line_breaks() -> None:
    md = markdown_of(
        "<blockquote><p>We open at nine.</p><p>We close at five.</p></blockquote>"
        "<pre><code>x = 1\nprint(```x```)</code></pre><p>Harbour Street 1<br>Northtown</p>"
    )
    assert md == (
        "> We open at nine.\n>\n> We close at five.\n\n"
        "````\nx = 1\nprint(```x```)\n````\n\n"
        "Harbour Street 1\nNorthtown\n"
    )


def test_a_data_table_becomes_a_pipe_table() -> None:
    md = markdown_of(
        "<table><thead><tr><th>Room</th><th>Seats</th></tr></thead>"
        "<tbody><tr><td>Reading | quiet</td><td>40</td></tr><tr><td>Maker space</td></tr></tbody></table>"
    )
    assert md == "| Room | Seats |\n| --- | --- |\n| Reading \\| quiet | 40 |\n| Maker space |  |\n"


@pytest.mark.parametrize(
    "table",
    [
        "<table><tr><td>Only one column</td></tr><tr><td>Still one</td></tr></table>",
        f"<table><tr><td>{'A whole article laid out in a cell. ' * 10}</td><td>Menu</td></tr></table>",
    ],
    ids=["one column", "layout table"],
)
def test_a_table_that_holds_no_data_is_written_as_paragraphs(table: str) -> None:
    md = markdown_of(table)
    assert "|" not in md and md.count("\n\n") == 1


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. Not a list item", "1\\. Not a list item"),
        ("2) Not one either", "2\\) Not one either"),
        ("- not a bullet", "\\- not a bullet"),
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "\\> not a quote"),
        ("---", "\\---"),
        ("#hashtag", "#hashtag"),
        ("-5 degrees at night", "-5 degrees at night"),
        ("2026 was a good year", "2026 was a good year"),
    ],
)
def test_a_line_that_opens_like_a_mark_is_escaped(text: str, escaped: str) -> None:
    assert escape_line(text) == escaped


def test_text_mode_writes_each_kept_line_as_a_paragraph() -> None:
    lines = segment_text("Accept all cookies\nCity opens a library\n\n1. It has four floors.\n")
    md = page_markdown(page_of(lines, keep=lambda line: line.index != 1))
    assert md == "City opens a library\n\n1\\. It has four floors.\n"


def test_a_page_with_nothing_kept_is_empty() -> None:
    lines = segment_text("Accept all cookies\nReject all")
    assert page_markdown(page_of(lines, keep=lambda line: False)) == ""


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


def test_markdown_holds_the_title_and_text_words_and_no_others() -> None:
    body = (
        "<h1>Harbour library opens</h1><p>Opened on Saturday, 3 May.</p><h2>Rooms</h2>"
        "<ol><li>Reading room</li><li>Maker space<ul><li>With 3 printers</li></ul></li></ol>"
        "<blockquote><p>A fine day, said the mayor.</p></blockquote><pre>open(7)</pre>"
        "<table><tr><th>Floor</th><th>What</th></tr><tr><td>1</td><td>Books</td></tr></table>"
        "<p>1. A line that opens like a list.</p>"
    )
    lines = list(read_html(f"<html><body>{body}</body></html>".encode()).lines)
    page = page_of(lines, title_line=1)
    md = page_markdown(page)
    marks = re.compile(r"^(?:> ?)*(?:#{1,6} |\s*- |\s*\d+\. |\| --- .*|`{3,})", re.M)
    assert _words(marks.sub("", md)) == _words(f"{page.title}\n{page.text}")


# -- any page: the words stay the page's -------------------------------------------------------------

_TOKENS = ["harbour", "library", "opens", "10", "1.", "2)", "-", "+", "*", "#", "##", ">", "|", "x|y", "```",
           "---", "===", "\\", "&amp;", "&lt;b&gt;"]
_TAGS = ["p", "div", "h1", "h2", "h4", "ul", "ol", "li", "blockquote", "pre", "table", "tbody", "tr", "td",
         "th", "span", "dl", "dd", "figcaption"]
_texts = st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=5).map(" ".join)
_markup = st.recursive(
    _texts,
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(_TAGS), st.lists(inner, min_size=1, max_size=4)).map(
            lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"
        ),
        st.lists(inner, min_size=2, max_size=3).map("<br>".join),
    ),
    max_leaves=25,
)
_FENCE = re.compile(r"`{3,}")
_MARK = re.compile(r"^(?:#{1,6} |\s*- |\s*\d+\. |\| --- .*)")


def _without_marks(markdown: str) -> str:
    """The text of ``markdown`` without the marks ``page_markdown`` writes (code lines kept whole)."""
    out, in_code = [], False
    for raw in markdown.split("\n"):
        line = re.sub(r"^(?:> ?)*", "", raw)
        if _FENCE.fullmatch(line):
            in_code = not in_code
            continue
        out.append(line if in_code else _MARK.sub("", line))
    return "\n".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_markup, data=st.data())
def test_any_page_keeps_exactly_its_kept_words(body: str, data: st.DataObject) -> None:
    lines = list(read_html(f"<html><body>{body}</body></html>".encode()).lines)
    kept = data.draw(st.sets(st.sampled_from([line.index for line in lines])) if lines else st.just(set()))
    page = page_of(lines, keep=lambda line: line.index in kept)
    md = page_markdown(page)
    assert _words(_without_marks(md)) == _words(page.text)
    assert md == "" or (md.endswith("\n") and not md.endswith("\n\n"))
