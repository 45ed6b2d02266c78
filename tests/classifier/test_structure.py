"""Structural features: one row per line, named columns, markup words matched by concept."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from classifier import structure
from classifier.dom import segment_html
from classifier.structure import MARKUP_CONCEPTS, STRUCTURE_FEATURE_NAMES, structure_features
from classifier.types import Line

COL = {name: i for i, name in enumerate(STRUCTURE_FEATURE_NAMES)}


def row(line: Line) -> dict[str, float]:
    values = structure_features([line])[0]
    return {name: float(values[i]) for name, i in COL.items()}


def nonzero(line: Line) -> set[str]:
    return {name for name, value in row(line).items() if value}


@pytest.fixture
def fake_markup(monkeypatch):
    """Install a small markup lexicon, so the matching rules are tested apart from the shipped lists."""
    markup = {
        "consent": ["cookie", "ot-", "cmp"],
        "advertising": ["ad", "banner"],
        "content": ["article"],
        "social": ["share"],
    }
    monkeypatch.setattr(structure, "lexicon", lambda: SimpleNamespace(markup=markup))
    structure._matcher.cache_clear()
    structure._word_concepts.cache_clear()
    yield
    structure._matcher.cache_clear()
    structure._word_concepts.cache_clear()


def test_names_and_shape():
    assert len(STRUCTURE_FEATURE_NAMES) == len(set(STRUCTURE_FEATURE_NAMES))
    lines = [Line(index=1, text="a", tag="p"), Line(index=2, text="b", tag="li")]
    out = structure_features(lines)
    assert out.dtype == np.float32
    assert out.shape == (2, len(STRUCTURE_FEATURE_NAMES))
    assert structure_features([]).shape == (0, len(STRUCTURE_FEATURE_NAMES))


def test_text_mode_lines_are_all_zero():
    out = structure_features([Line(index=1, text="Accept all cookies"), Line(index=3, text="More")])
    assert not out.any()


@pytest.mark.parametrize(
    ("tag", "column"),
    [
        ("p", "s_tag_p"),
        ("h3", "s_tag_h3"),
        ("li", "s_tag_li"),
        ("th", "s_tag_td"),
        ("td", "s_tag_td"),
        ("figcaption", "s_tag_caption"),
        ("section", "s_tag_div"),
        ("button", "s_tag_button"),
        ("label", "s_tag_label"),
        ("option", "s_tag_option"),
        ("marquee-box", "s_tag_other"),
    ],
)
def test_tag_one_hot(tag, column):
    tag_columns = {name for name in nonzero(Line(index=1, text="x", tag=tag)) if name.startswith("s_tag_")}
    assert tag_columns == {column}


def test_heading_level_and_links():
    h1 = row(Line(index=1, text="Title", tag="h1", heading=1))
    h6 = row(Line(index=2, text="t", tag="h6", heading=6))
    assert h1["s_heading_level"] == 1.0
    assert h6["s_heading_level"] == pytest.approx(1 / 6)
    menu = row(Line(index=1, text="Home", tag="li", link_chars=4))
    assert menu["s_link_density"] == 1.0 and menu["s_link_only"] == 1.0
    prose = row(Line(index=1, text="Read the full story here", tag="p", link_chars=10))
    assert prose["s_link_density"] == pytest.approx(10 / 24) and prose["s_link_only"] == 0.0


def test_flags_and_ancestors():
    line = Line(
        index=1,
        text="Sign up",
        tag="button",
        in_form=True,
        in_button=True,
        in_dialog=True,
        ancestors=("html", "body", "div", "form", "ul", "li"),
    )
    assert {"s_in_form", "s_in_button", "s_in_dialog", "s_in_list"} <= nonzero(line)
    assert not {"s_in_nav", "s_in_footer", "s_in_article", "s_in_table"} & nonzero(line)


def test_depth_is_relative_to_the_page():
    lines = [Line(index=1, text="a", tag="p", depth=4), Line(index=2, text="b", tag="p", depth=8)]
    out = structure_features(lines)
    assert out[:, COL["s_relative_depth"]].tolist() == [0.5, 1.0]
    assert out[0, COL["s_depth"]] == pytest.approx(4 / 40)


def test_markup_rules(fake_markup):
    def concepts(*path: str) -> set[str]:
        values = row(Line(index=1, text="x", tag="div", path=path))
        return {c for c in MARKUP_CONCEPTS if values[f"s_markup_{c}"]}

    assert concepts("cookiebanner") == {"consent", "advertising"}  # camel case, lowercased
    assert concepts("mycookienotice") == {"consent"}  # a long token matches inside a word
    assert concepts("ot-sdk-row", "ot", "sdk", "row") == {"consent"}  # prefix token
    assert concepts("not-ot") == set()  # a prefix matches at the start only
    assert concepts("ad-slot", "ad", "slot") == {"advertising"}  # short token: a whole part
    assert concepts("header", "download", "cmpx") == set()  # ... never inside a word
    assert concepts("share-bar", "share", "bar") == {"social"}
    assert concepts("css-1x2y3z", "css", "1x2y3z") == set()


def test_markup_nearness(fake_markup):
    near = row(Line(index=1, text="x", tag="p", path=("page", "wrap", "article", "body", "share")))
    assert near["s_markup_social_near"] == 1.0
    assert near["s_markup_content_near"] == pytest.approx(3 / 5)
    assert near["s_markup_consent_near"] == 0.0


def test_shipped_markup_knows_consent_and_paywall_vendors():
    html = """<div id="onetrust-banner-sdk"><p>a</p></div><div id="CybotCookiebotDialog"><p>b</p></div>
      <div class="qc-cmp2-container"><p>c</p></div><div class="tp-modal"><p>d</p></div>
      <div class="paywall"><p>e</p></div><ins class="adsbygoogle"><span>f</span></ins>
      <article class="article-body"><p>g</p></article><div class="css-1x2y3z"><p>h</p></div>"""
    out = structure_features(segment_html(html))
    markup = {
        c: out[:, COL[f"s_markup_{c}"]].tolist() for c in ("consent", "paywall", "advertising", "content")
    }
    assert markup["consent"][:3] == [1.0, 1.0, 1.0]
    assert markup["paywall"][3:5] == [1.0, 1.0]
    assert markup["advertising"][5] == 1.0
    assert markup["content"][6] == 1.0
    assert not out[7, COL["s_markup_consent"] :].any()


def test_segmented_page_rows_follow_lines():
    html = """<nav><ul><li><a href="/">Home</a></li></ul></nav>
      <main><h1>Headline</h1><p>Body text with a <a href="#">link</a>.</p></main>
      <footer><p>© 2026</p></footer>"""
    lines = segment_html(html)
    out = structure_features(lines)
    assert out.shape[0] == len(lines) == 4
    assert out[0, COL["s_in_nav"]] == 1.0 and out[0, COL["s_link_only"]] == 1.0
    assert out[1, COL["s_tag_h1"]] == 1.0 and out[1, COL["s_in_article"]] == 1.0
    assert 0 < out[2, COL["s_link_density"]] < 0.5
    assert out[3, COL["s_in_footer"]] == 1.0
