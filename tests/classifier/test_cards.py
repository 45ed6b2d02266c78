"""HTML mode's story cards: lists of linked-headline cards, and those after the article going."""

from __future__ import annotations

import numpy as np

from classifier.cards import teaser_lists, without_trailing_teasers
from classifier.dom import segment_html
from classifier.types import Line

ARTICLE = "The harbour reopened on Monday after three weeks of repairs to the northern pier. " * 2


def card(headline: str, summary: str) -> str:
    return f"<li><div class='card'><h3><a href='/s'>{headline}</a></h3><p>{summary}</p></div></li>"


CARDS = (
    "<ul class='more'>"
    + card("Ferry timetable changes for the winter season", "Fewer crossings from November.")
    + card("Harbour master retires after forty years", "A farewell on the quay.")
    + card("New fish market opens on the east pier", "Stalls open at six.")
    + "</ul>"
)


def test_a_list_of_linked_headline_cards_is_a_teaser_list():
    lines = segment_html(f"<body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article>{CARDS}</body>")
    [(cards, members)] = teaser_lists(lines)
    assert cards.tolist() == members.tolist() == [2, 3, 4, 5, 6, 7]
    # The article's paragraphs are elements of their own in one parent: no cards.
    assert teaser_lists(segment_html(f"<body><article>{'<p>' + ARTICLE + '</p>' * 4}</article></body>")) == []


def test_two_cards_or_cards_without_a_linked_headline_are_no_list():
    two = "<ul>" + card("Ferry timetable changes for the winter", "Fewer crossings.") * 2 + "</ul>"
    assert teaser_lists(segment_html(f"<body>{two}</body>")) == []
    unlinked = CARDS.replace("<a href='/s'>", "").replace("</a>", "")
    assert teaser_lists(segment_html(f"<body>{unlinked}</body>")) == []
    long = CARDS.replace("Stalls open at six.", ARTICLE * 8).replace("A farewell on the quay.", ARTICLE * 8)
    assert teaser_lists(segment_html(f"<body>{long}</body>")) == []  # two long items: one card left


def test_cards_after_the_article_go_cards_before_it_or_without_it_stay():
    after = segment_html(f"<body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article>{CARDS}</body>")
    keep = np.ones(len(after), dtype=bool)
    content = np.array([0.99, 0.99] + [0.5] * 6)
    assert without_trailing_teasers(after, keep, content).tolist() == [True, True] + [False] * 6
    # Not sure of the article: nothing goes.
    unsure = np.array([0.8, 0.8] + [0.5] * 6)
    assert without_trailing_teasers(after, keep, unsure).tolist() == keep.tolist()
    # A shop's category page: the cards are the page, an introduction above them is short.
    category = segment_html(f"<body><p>Our harbour news, week by week.</p>{CARDS}</body>")
    keep = np.ones(len(category), dtype=bool)
    assert without_trailing_teasers(category, keep, np.full(len(category), 0.99)).all()
    # Cards above the article (a "most read" bar) stay to the other rules.
    before = segment_html(f"<body>{CARDS}<article><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body>")
    keep = np.ones(len(before), dtype=bool)
    assert without_trailing_teasers(before, keep, np.array([0.5] * 6 + [0.99, 0.99])).all()


def test_a_sure_summary_in_a_card_list_that_goes_does_not_save_the_list_above_it():
    # "Read next" cards, then a "More from us" list whose first card has a long, sure summary.
    more = CARDS.replace("Fewer crossings from November.", ARTICLE).replace("class='more'", "class='other'")
    lines = segment_html(f"<body><article><p>{ARTICLE}</p><p>{ARTICLE}</p></article>{CARDS}{more}</body>")
    keep = np.ones(len(lines), dtype=bool)
    content = np.array([0.99, 0.99] + [0.5] * 6 + [0.5, 0.99] + [0.5] * 4)
    assert without_trailing_teasers(lines, keep, content).tolist() == [True, True] + [False] * 12
    # Without the article above them, the summary is the page's last sure paragraph before neither list.
    alone = segment_html(f"<body>{CARDS}{more}</body>")
    assert without_trailing_teasers(alone, np.ones(len(alone), dtype=bool), content[2:]).all()


def test_plain_text_lines_have_no_teaser_lists():
    assert (
        teaser_lists([Line(index=i + 1, text="Ferry timetable changes for winter") for i in range(5)]) == []
    )
    assert teaser_lists([]) == []
