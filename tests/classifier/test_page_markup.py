"""A page's markup: class names as authored, hashed or left out; containers opened once, closed in order."""

from __future__ import annotations

import random
import re

from classifier.page_markup import PageMarkup, _base36

LAYOUT = {
    "kinds": ["news"],
    "page": ["<main>{items}</main>"],
    "list": ["<ul>{items}</ul>"],
    "list_item": ["<li>{text}</li>"],
}
TEMPLATE = '<div class="cookie-banner cookie-banner--top" id="banner">{text}</div>'


def markup(mode: str, seed: int = 0) -> PageMarkup:
    page = PageMarkup(random.Random(seed), LAYOUT)
    page.mode = mode
    return page


def test_class_names_are_kept_dropped_or_hashed_alike_on_one_page():
    assert markup("semantic").names(TEMPLATE) == TEMPLATE
    assert markup("bare").names(TEMPLATE) == "<div>{text}</div>"
    hashed = markup("hashed")
    out = hashed.names(TEMPLATE)
    classes, ids = re.findall(r'(?:class|id)="([^"]*)"', out)
    assert "cookie" not in out and "banner" not in ids
    assert len(classes.split()) == 2
    assert hashed.names('<p class="cookie-banner">') == f'<p class="{classes.split()[0]}">'
    assert markup("hashed", seed=1).names(TEMPLATE) != out  # salted per page


def test_vendor_markup_keeps_its_names_on_every_page():
    for mode in ("semantic", "hashed", "bare"):
        assert markup(mode).names(TEMPLATE, vendor=True) == TEMPLATE


def test_base36():
    assert [_base36(n) for n in (0, 35, 36, 36**3 + 1)] == ["0", "z", "10", "1001"]
    assert all(int(_base36(n), 36) == n for n in range(0, 10**6, 9973))


def test_links_and_numbers_are_made_up_and_text_is_escaped():
    out = markup("semantic").fill('<a href="{href}" data-n="{n}">{text}</a>', "<b> & co")
    assert re.fullmatch(r'<a href="(/([a-z])\2\d{1,3}){1,3}" data-n="\d{3,5}">&lt;b&gt; &amp; co</a>', out)


def test_some_paragraphs_carry_a_link_or_emphasis_around_a_few_words():
    text = "The council approved the new timetable on Monday after a long debate."
    outs = [markup("semantic", seed).fill("<p>{text}</p>", text, inline=True) for seed in range(40)]
    assert f"<p>{text}</p>" in outs
    assert any("<a href=" in out for out in outs)
    assert any(re.search(r"<(strong|em|b)>", out) for out in outs)
    assert all(re.sub(r"<[^>]+>", "", out) == text for out in outs)


def test_containers_open_once_and_close_innermost_first():
    page = markup("semantic")
    page.enter("page")
    page.enter("list")
    page.enter("list")  # already the innermost: stays as it is
    page.leaf("list_item", "one & two", "content")
    page.leave("page")  # not the innermost: nothing closes
    assert page.out == ["<main>", "<ul>", "<li>one &amp; two</li>"]
    page.leave_all(but="page")
    assert page.out[-1] == "</ul>"
    page.leaf_group("navigation", ["Home", "World"], "list", "unused")
    page.leave_all()
    assert (
        "".join(page.out)
        == "<main><ul><li>one &amp; two</li></ul><ul><li>Home</li><li>World</li></ul></main>"
    )
    assert page.emitted == [("one & two", "content"), ("Home", "navigation"), ("World", "navigation")]
