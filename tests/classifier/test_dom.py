"""HTML segmentation: which text is a line, what each line knows about its place, and the caps."""

from __future__ import annotations

import dataclasses
import random

import pytest

from classifier.dom import MAX_CONTEXT, MAX_DEPTH, read_html, segment_html
from classifier.errors import InputError
from classifier.types import Line


def texts(html: str | bytes, **kwargs) -> list[str]:
    return [line.text for line in segment_html(html, **kwargs)]


def line_with(html: str, text: str):
    (found,) = [line for line in segment_html(html) if line.text == text]
    return found


# ------------------------------------------------------------------------------------------- visibility


def test_hidden_elements_are_skipped():
    html = """<body>
      <p>seen one</p>
      <p hidden>by attribute</p>
      <div aria-hidden="true"><p>by aria</p></div>
      <p aria-hidden="false">seen two</p>
      <p style="color: red; DISPLAY : None">by display</p>
      <p style="visibility:hidden">by visibility</p>
      <dialog><p>closed dialog</p></dialog>
      <dialog open><p>open dialog</p></dialog>
      <script>var x = "script text";</script><style>p { color: red }</style>
      <template><p>template text</p></template>
      <svg><text>svg text</text></svg>
      <p>seen three</p>
    </body>"""
    assert texts(html) == ["seen one", "seen two", "open dialog", "seen three"]


def test_text_after_a_skipped_element_stays_in_its_block():
    assert texts("<p>before <script>x()</script>after <span hidden>no</span>end</p>") == ["before after end"]


def test_a_hidden_wrapper_around_the_whole_page_is_read():
    # Consent tools make the page inert behind their modal; scripts reveal pages hidden until load.
    html = """<div id="page" aria-hidden="true"><main><p>first</p><p>second</p></main></div>
              <div role="dialog" aria-modal="true"><p>We use cookies</p></div>"""
    assert texts(html) == ["first", "second", "We use cookies"]


def test_react_s_streamed_content_is_read_where_its_placeholder_stands():
    # Streaming server rendering sends a boundary's content last, hidden, and a script swaps it in.
    html = """<body><main><h1>Title</h1><template id="B:0"></template><p>after it</p></main>
      <footer><p>Footer</p></footer>
      <div hidden id="S:0"><p>First paragraph</p>loose text<p>Second paragraph</p></div>
      <div hidden id="S:7"><p>never placed</p></div>
      <script>$RC("B:0","S:0")</script></body>"""
    assert texts(html) == ["Title", "First paragraph", "loose text", "Second paragraph", "after it", "Footer"]
    placed = line_with(html, "Second paragraph")
    assert placed.in_article and placed.ancestors[-2:] == ("body", "main")
    # Text outside the streamed elements keeps its place: the content's own text before them, the
    # placeholder's tail after them.
    loose = '<body><p>x</p><template id="B:1"></template>tail<div hidden id="S:1">lead<p>y</p></div></body>'
    assert texts(loose) == ["x", "lead", "y", "tail"]
    # An ordinary hidden element named S:0 without a placeholder stays hidden.
    assert texts('<body><p>seen</p><div hidden id="S:0"><p>not shown</p></div></body>') == ["seen"]


def test_noscript_is_read_like_a_browser_without_scripts():
    assert texts("<body><noscript><p>Please enable JavaScript.</p></noscript><p>text</p></body>") == [
        "Please enable JavaScript.",
        "text",
    ]


def test_noscript_markup_saved_as_text_is_read_as_elements():
    # A page saved with scripts on holds its <noscript> markup escaped; the markup is not visible text.
    html = (
        "<body><noscript>&lt;div class=\"alert\"&gt;&lt;p&gt;Turn on &lt;em&gt;JavaScript&lt;/em&gt;"
        "&lt;/p&gt;&lt;/div&gt;&lt;img src=\"x.gif\"&gt;</noscript><p>text</p></body>"
    )
    assert texts(html) == ["Turn on JavaScript", "text"]
    # Text that merely mentions a tag stays text.
    assert texts("<body><noscript>Use a browser with scripts on.</noscript></body>") == [
        "Use a browser with scripts on."
    ]


# ------------------------------------------------------------------------------------------- blocks


def test_br_runs_split_into_lines():
    html = "<div>Line one<br>Line <b>two</b><br/><br>  <br>Line three<br></div><p>next</p>"
    assert texts(html) == ["Line one", "Line two", "Line three", "next"]


def test_inline_elements_merge_into_their_block():
    html = "<p>A <a href='#'>link</a>, <em>emphasis</em>, <strong>strong</strong> and <code>x()</code>.</p>"
    assert texts(html) == ["A link, emphasis, strong and x()."]


def test_table_cells_are_lines_of_their_own():
    html = """<table><caption>Results</caption>
      <tr><th>Team</th><th>Points</th></tr>
      <tr><td>Harbour <b>FC</b></td><td>12</td></tr>
    </table>"""
    lines = segment_html(html)
    assert [line.text for line in lines] == ["Results", "Team", "Points", "Harbour FC", "12"]
    assert [line.tag for line in lines] == ["caption", "th", "th", "td", "td"]


def test_nested_blocks_keep_document_order():
    html = """<div>Own text<div>inner one<p>deep paragraph</p>inner two</div>tail of outer</div>
              <ul><li>item one<ul><li>sub item</li></ul></li><li>item two</li></ul>
              <blockquote>quoted</blockquote><figure><img src=x><figcaption>caption</figcaption></figure>
              <dl><dt>term</dt><dd>definition</dd></dl>"""
    assert texts(html) == [
        "Own text",
        "inner one",
        "deep paragraph",
        "inner two",
        "tail of outer",
        "item one",
        "sub item",
        "item two",
        "quoted",
        "caption",
        "term",
        "definition",
    ]


def test_whitespace_collapses_and_invisible_characters_go():
    assert texts("<p>  many \n\t spaces\u00a0and\u200bzero\u2003width  </p>") == ["many spaces andzero width"]


def test_pre_keeps_its_lines():
    assert texts("<pre>first line\n   second line\n\nthird</pre>") == ["first line", "second line", "third"]


def test_indices_are_one_based_in_order():
    lines = segment_html("<h1>a</h1><p>b</p><div>c</div>")
    assert [line.index for line in lines] == [1, 2, 3]


def test_broken_markup_still_reads():
    html = "<p>one<p>two <b>bold<p>three</div></span> <div>four & five < six</td><li>seven"
    assert texts(html) == ["one", "two bold", "three", "four & five < six", "seven"]


def test_empty_and_textless_pages_give_no_lines():
    assert segment_html("") == []
    assert segment_html(b"   \n ") == []
    assert segment_html("<html><head><title>t</title></head><body><img src=x></body></html>") == []


def test_xml_declaration_in_a_str_is_accepted():
    html = '<?xml version="1.0" encoding="utf-8"?><html><body><p>x</p></body></html>'
    assert texts(html) == ["x"]


# ------------------------------------------------------------------------------------------- context


def test_tag_heading_and_depth():
    lines = segment_html("<body><h2>Sub</h2><section><h4>Small</h4><p>para</p></section></body>")
    assert [(line.tag, line.heading) for line in lines] == [("h2", 2), ("h4", 4), ("p", 0)]
    assert lines[0].ancestors == ("html", "body")
    assert lines[2].ancestors == ("html", "body", "section")
    assert [line.depth for line in lines] == [2, 3, 3]


def test_blocks_name_the_elements_around_a_line_its_own_last():
    html = """<body><div><h1>Title</h1><div><p>one</p><p>two <b>bold</b></p></div></div>
              <div><p>other</p></div>x<br>y</body>"""
    title, one, two, other, x, y = segment_html(html)
    story = title.blocks[:-1]  # html, body, the first div
    assert len(story) == 3
    assert one.blocks[:3] == two.blocks[:3] == story and len(one.blocks) == len(two.blocks) == 5
    assert one.blocks[3] == two.blocks[3] and one.blocks[4] != two.blocks[4]  # sibling <p>s
    assert other.blocks[:2] == story[:2] and story[2] not in other.blocks
    assert x.blocks == y.blocks == story[:2]  # text straight in <body>
    assert len({block for line in (title, one, two, other) for block in line.blocks}) == 9


def test_a_line_keeps_its_innermost_ancestors_only():
    depth = MAX_CONTEXT + 100
    html = "<body>" + "<div>" * depth + "<p>deep</p><p>deeper</p>" + "</div>" * depth + "</body>"
    deep, deeper = segment_html(html)
    assert len(deep.ancestors) == len(deep.blocks) == MAX_CONTEXT
    assert deep.ancestors[-1] == "div" and deep.depth == depth + 2
    assert deep.blocks[:-1] == deeper.blocks[:-1] and deep.blocks[-1] != deeper.blocks[-1]


def test_path_has_class_and_id_words_outermost_first():
    html = """<div id="Main-Wrapper" class="page"><div class="cmp-Banner__text cmp-banner__text  page">
              <p class="note">x <a class="js-accept">y</a></p></div></div>"""
    line = segment_html(html)[0]
    assert line.path == (
        "main-wrapper",
        "main",
        "wrapper",
        "page",
        "cmp-banner__text",
        "cmp",
        "banner",
        "text",
        "page",
        "note",
        "js-accept",
        "js",
        "accept",
    )


def test_inline_words_join_the_path_only_for_their_own_text():
    html = '<div class="outer"><p>plain</p><p><span class="share-link">share</span></p></div>'
    plain, shared = segment_html(html)
    assert plain.path == ("outer",)
    assert shared.path == ("outer", "share-link", "share", "link")


def test_link_density():
    html = """<p><a href="/">Home</a></p><p>Read the <a href="/x">full story</a> here</p><p>none</p>"""
    home, story, none = segment_html(html)
    assert home.link_chars == 4 and home.link_density == 1.0
    assert story.link_chars == len("full story")
    assert story.link_density == pytest.approx(10 / len("Read the full story here"))
    assert none.link_chars == 0


@pytest.mark.parametrize(
    ("html", "flag"),
    [
        ("<form><label>Email</label></form>", "in_form"),
        ("<div role='search'><p>t</p></div>", "in_form"),
        ("<button>t</button>", "in_button"),
        ("<div role='button'>t</div>", "in_button"),
        ("<dialog open><p>t</p></dialog>", "in_dialog"),
        ("<div role='alertdialog'>t</div>", "in_dialog"),
        ("<div aria-modal='true'>t</div>", "in_dialog"),
        ("<nav><ul><li>t</li></ul></nav>", "in_nav"),
        ("<div role='navigation'>t</div>", "in_nav"),
        ("<header><p>t</p></header>", "in_header"),
        ("<footer><p>t</p></footer>", "in_footer"),
        ("<div role='contentinfo'>t</div>", "in_footer"),
        ("<aside><p>t</p></aside>", "in_aside"),
        ("<article><p>t</p></article>", "in_article"),
        ("<main><p>t</p></main>", "in_article"),
        ("<div role='main'><p>t</p></div>", "in_article"),
    ],
)
def test_context_flags(html, flag):
    flags = [f.name for f in dataclasses.fields(Line) if f.name.startswith("in_")]
    (line,) = segment_html(html)
    assert {f for f in flags if getattr(line, f)} == {flag}


def test_buttons_labels_and_options_are_lines():
    html = """<div id="didomi-popup"><p>We care about your privacy</p>
      <button>Agree</button><button>Disagree</button>
      <form><label>Email</label>
        <select><option>Daily</option><option>Weekly</option></select></form></div>"""
    lines = segment_html(html)
    assert [(line.text, line.tag) for line in lines] == [
        ("We care about your privacy", "p"),
        ("Agree", "button"),
        ("Disagree", "button"),
        ("Email", "label"),
        ("Daily", "option"),
        ("Weekly", "option"),
    ]


# ------------------------------------------------------------------------------------------- caps


def test_very_deep_nesting_is_refused_without_recursion():
    html = "<body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</body>"
    with pytest.raises(InputError) as caught:
        segment_html(html)
    assert caught.value.code == "dom_too_large"


def test_nesting_just_past_the_limit_is_refused_and_below_it_read():
    def nested(depth: int) -> str:
        return "<body>" + "<div>" * depth + "deep" + "</div>" * depth + "</body>"

    with pytest.raises(InputError) as caught:
        segment_html(nested(MAX_DEPTH + 10))
    assert caught.value.code == "dom_too_large"
    assert texts(nested(500)) == ["deep"]


def test_max_nodes():
    html = "<body>" + "<p>x</p>" * 1_000 + "</body>"
    with pytest.raises(InputError) as caught:
        segment_html(html, max_nodes=500)
    assert caught.value.code == "dom_too_large"
    assert len(segment_html(html, max_nodes=2_000)) == 1_000


def test_timeout():
    html = "<body>" + "<p>some text</p>" * 5_000 + "</body>"
    with pytest.raises(InputError) as caught:
        segment_html(html, timeout_s=0.0)
    assert caught.value.code == "timeout"
    assert len(segment_html(html, timeout_s=60.0)) == 5_000


def test_mangled_pages_give_lines_or_a_clear_error():
    base = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        '<script type="application/ld+json">{"isAccessibleForFree": false}</script></head><body>'
        '<div id="onetrust-banner-sdk" role="dialog"><p>We use cookies</p><button>Accept</button></div>'
        "<nav><ul><li><a href='/'>Home</a></li></ul></nav><main><article><h1>Título</h1>"
        "<p>Ein Absatz mit Umlauten – äöü – und <a href='#'>einem Link</a>.</p><br><pre>a\nb</pre>"
        "</article></main><footer>© 2026</footer></body></html>"
    ).encode()
    pieces = [
        b"<",
        b">",
        b"</div>",
        b"<div",
        b"<!--",
        b"<![CDATA[",
        b"<script>",
        b"&#",
        b"\x00",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
        b"<meta charset=utf-16>",
        b'<meta charset="\x00">',
        b"<dialog>",
        b"\r\n",
        b"\x85",
    ]
    rng = random.Random(11)
    codes = set()
    for _ in range(400):
        data = bytearray(base[: rng.randint(0, len(base))])
        for _ in range(rng.randint(0, 12)):
            at = rng.randint(0, len(data))
            data[at:at] = rng.choice(pieces)
        for _ in range(rng.randint(0, 3) * rng.randint(0, 40)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        for page in (bytes(data), bytes(data).decode("utf-8", "replace")):
            try:
                result = read_html(page, max_nodes=10_000, timeout_s=10.0)
            except InputError as error:
                codes.add(error.code)
            else:
                assert all(line.text and line.text == line.text.strip() for line in result.lines)
    assert codes <= {"not_text", "dom_too_large"}
