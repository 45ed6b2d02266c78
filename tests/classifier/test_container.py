"""HTML mode's article container: the element holding the kept text, and how a line inside it is read."""

from __future__ import annotations

import dataclasses

import numpy as np

from classifier.container import (
    article_container,
    inside,
    keep_by_container,
    locating,
    nested_landmarks,
    not_article_blocks,
    whole_blocks,
)
from classifier.dom import segment_html
from classifier.types import Line


def line(text: str, *blocks: int) -> Line:
    """A line in the elements ``blocks``, outermost first, its own element last (as segmented)."""
    return Line(index=1, text=text, blocks=blocks)


PAGE = [
    line("Menu", 1, 2, 10),
    line("A headline of the article", 1, 3, 11),
    line("The first long paragraph of the article body.", 1, 3, 4, 12),
    line("The second long paragraph of the article body.", 1, 3, 4, 13),
    line("A comment that reads like prose.", 1, 6, 14),
]


def test_the_deepest_block_holding_most_of_the_kept_text():
    keep = np.array([False, True, True, True, True])
    assert article_container(PAGE, keep, share=0.5) == 4
    assert article_container(PAGE, keep, share=0.75) == 3


def test_a_line_of_its_own_is_no_container():
    page = [
        line("A short title", 1, 2, 10),
        line("One very long paragraph that holds nearly all of the kept text on this page.", 1, 2, 3, 11),
    ]
    keep = np.array([True, True])
    assert article_container(page, keep, share=0.5) == 2  # not 3, nor the paragraph's own 11


def test_a_higher_share_climbs_to_an_outer_block():
    keep = np.array([False, True, True, True, True])
    assert article_container(PAGE, keep, share=0.95) == 1


def test_no_container_without_kept_lines_or_blocks():
    assert article_container(PAGE, np.zeros(5, dtype=bool), share=0.5) is None
    plain = [Line(index=i + 1, text="Some words") for i in range(3)]
    assert article_container(plain, np.ones(3, dtype=bool), share=0.5) is None


def test_the_links_of_a_landmark_do_not_locate_the_article():
    teaser = "A linked headline of another story with a sentence of its summary after it, in the menu."
    menu = [
        Line(index=i + 1, text=teaser, blocks=(1, 2, 5, 20 + i), in_nav=True, link_chars=len(teaser))
        for i in range(4)
    ]
    article = [
        line("The article's headline", 1, 3, 30),
        line("The article's one paragraph, shorter than the menu's teasers together.", 1, 3, 31),
    ]
    keep = np.ones(6, dtype=bool)
    assert article_container(menu + article, keep, share=0.6) == 3
    # The same teasers outside a landmark (a list page's own links) still count.
    listed = [dataclasses.replace(item, in_nav=False) for item in menu]
    assert article_container(listed + article, keep, share=0.6) == 5
    # Unlinked text in a landmark counts too.
    unlinked = [dataclasses.replace(item, link_chars=0) for item in menu]
    assert article_container(unlinked + article, keep, share=0.6) == 5
    assert locating(menu + article).tolist() == [False] * 4 + [True] * 2


def test_inside():
    assert inside(PAGE, 3).tolist() == [False, True, True, True, False]
    assert inside(PAGE, 4).tolist() == [False, False, True, True, False]


def test_keep_by_container_takes_inside_and_outside_decisions():
    keep = np.array([False, True, True, True, True])
    lenient = np.ones(5, dtype=bool)
    strict = np.array([False, True, False, False, False])
    assert keep_by_container(PAGE, keep, lenient, strict, share=0.5).tolist() == [
        False,
        True,
        True,
        True,
        False,
    ]
    nothing = np.zeros(5, dtype=bool)
    assert keep_by_container(PAGE, nothing, lenient, strict, share=0.5).tolist() == nothing.tolist()


def test_segmented_html_finds_the_element_holding_the_article_text():
    html = """<body><nav><a>Home</a> <a>World</a></nav>
      <div class="story"><h1>Harbour reopens</h1><div class="text">
        <p>The harbour reopened on Monday after three weeks of repairs to the northern pier.</p>
        <p>Fishing boats returned before dawn, and the market opened an hour early.</p></div></div>
      <div class="comments"><p>Good news at last.</p></div></body>"""
    lines = segment_html(html)
    keep = np.array([line.text != "Home World" for line in lines])
    block = article_container(lines, keep, share=0.5)
    # The body's <div> holds most of the kept text; the headline sits outside it, where a line stays
    # only when the model is nearly sure of it (a headline mostly is).
    assert [line.text for line, within in zip(lines, inside(lines, block), strict=True) if within] == [
        "The harbour reopened on Monday after three weeks of repairs to the northern pier.",
        "Fishing boats returned before dawn, and the market opened an hour early.",
    ]


ARTICLE = "The harbour reopened on Monday after three weeks of repairs to the northern pier. " * 2


def test_a_nav_aside_or_footer_inside_the_container_counts_as_outside_it():
    lines = segment_html(
        """<body><div class="story"><p>"""
        + ARTICLE
        + """</p><aside><p>Read also: the pier's history</p></aside><p>"""
        + ARTICLE
        + """</p><footer><p>Tags: harbour, pier</p></footer></div></body>"""
    )
    keep = np.ones(len(lines), dtype=bool)
    within = inside(lines, article_container(lines, keep, share=0.5))
    assert within.all()
    assert nested_landmarks(lines, within).tolist() == [False, True, False, True]
    lenient, strict = keep, np.array([True, False, True, False])
    assert keep_by_container(lines, keep, lenient, strict, share=0.5).tolist() == [True, False, True, False]
    assert keep_by_container(lines, keep, lenient, strict, share=0.5, landmarks=False).all()


def test_captions_labels_and_buttons_count_as_outside_the_container():
    lines = segment_html(
        "<body><div class='story'><p>" + ARTICLE + "</p><figure><figcaption>The pier at dawn. Photo: Agency"
        "</figcaption></figure><p>" + ARTICLE + "</p><form><label>Your e-mail</label>"
        "<button>Send</button></form></div></body>"
    )
    keep = np.ones(len(lines), dtype=bool)
    assert not_article_blocks(lines).tolist() == [False, True, False, True, True]
    lenient, strict = keep, ~not_article_blocks(lines)
    assert keep_by_container(lines, keep, lenient, strict, share=0.5).tolist() == strict.tolist()
    assert keep_by_container(lines, keep, lenient, strict, share=0.5, tags=False).all()


def test_a_landmark_around_the_whole_container_marks_nothing():
    lines = segment_html(
        "<body><aside><div><p>" + ARTICLE + "</p><p>" + ARTICLE + "</p></div></aside></body>"
    )
    within = np.ones(len(lines), dtype=bool)
    assert not nested_landmarks(lines, within).any()


def test_the_container_holds_its_tables_code_and_headings_whole():
    lines = segment_html(
        "<body><div class='story'><p>" + ARTICLE + "</p><h2>Results</h2><table><tr><th>Boat</th>"
        "<th>Catch</th></tr><tr><td>Aurora</td><td>412</td></tr></table><pre>catch = sum(boats)</pre>"
        "<p>" + ARTICLE + "</p></div><table><tr><td>Ad</td></tr></table></body>"
    )
    assert whole_blocks(lines).tolist() == [False, True, True, True, True, True, True, False, True]
    keep = np.array([True] + [False] * 6 + [True, False])
    # Outside the container (the last table) the whole-block decision does not apply.
    everything = np.ones(len(lines), dtype=bool)
    kept = keep_by_container(lines, keep, keep, keep, share=0.5, keep_whole=everything)
    assert kept.tolist() == [True] * 8 + [False]
    assert keep_by_container(lines, keep, keep, keep, share=0.5).tolist() == keep.tolist()
