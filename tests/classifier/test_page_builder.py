"""One composed page: the article in order with its labels, link rows and varied lines keep their words."""

from __future__ import annotations

import random

from classifier.page_builder import PageBuilder
from classifier.types import Label
from tests.classifier.test_compose import KIT

ARTICLE = KIT["articles"][0]
CONTENT = ["A headline", "A lead sentence.", "First paragraph of the story.", "A subheading"]
CONTENT += ["Second paragraph.", "an item", "Last paragraph."]


def test_a_page_holds_its_article_in_order_as_content():
    cut = 0
    for seed in range(60):
        builder = PageBuilder(KIT, random.Random(seed), [], repeats=False)
        lines = builder.build(ARTICLE, variant=seed % 3)
        content = [text for text, label in lines if label is Label.CONTENT]
        assert len(content) >= 4 and content == CONTENT[: len(content)]  # a hard paywall may cut it
        cut += len(content) < len(CONTENT)
        assert ("Also read: elsewhere", Label.NAVIGATION) in lines or len(content) < len(CONTENT)
    assert 0 < cut < 30


def test_link_rows_glued_or_not_take_the_same_draws():
    items = ["Home", "World", "Sport", "Money", "Science", "Culture", "Travel", "Food", "Cars"]
    glued_rows = 0
    for seed in range(40):
        glued_rng, apart_rng = random.Random(seed), random.Random(seed)
        glued = PageBuilder(KIT, glued_rng, [])._links(items, Label.NAVIGATION, glued=0.5)
        apart = PageBuilder(KIT, apart_rng, [], glue=False)._links(items, Label.NAVIGATION, glued=0.5)
        assert [text for text, _ in apart] == items
        assert "".join(text for text, _ in glued) == "".join(items)
        assert glued_rng.random() == apart_rng.random()  # the rest of the page is drawn alike
        glued_rows += len(glued) < len(items)
    assert 0 < glued_rows < 40


def test_varied_lines_keep_their_words():
    texts = [
        "Accept all",
        "We and our partners store and access information on your device to measure visits and show ads.",
        "お客様のプライバシーを尊重します",
    ]
    seen = set()
    for seed in range(80):
        builder = PageBuilder(KIT, random.Random(seed), [])
        for text in texts:
            pieces = builder._vary(text)
            assert " ".join(pieces).lower() == text.lower() or "".join(pieces) == text
            seen.add("upper" if pieces == [text.upper()] != [text] else "split" if len(pieces) == 2 else "")
    assert {"upper", "split"} <= seen
