"""HTML mode's headline: the <h1> that the document's own title names (classifier/headline.py)."""

from __future__ import annotations

import numpy as np

from classifier.headline import ABOVE_SHARE, TITLE_SHARE, headline_at, title_words, within_article
from classifier.types import Line


def _lines(*rows: tuple[str, str]) -> list[Line]:
    return [Line(index=i + 1, text=text, tag=tag) for i, (tag, text) in enumerate(rows)]


PAGE = _lines(
    ("h1", "Harbour News"),  # the site's logo
    ("h1", "The ferry returns to the island"),
    ("p", "The ferry returns to the island on Monday after three weeks of repairs."),
)


def test_the_title_names_the_headline_not_the_logo():
    assert headline_at(PAGE, ["The ferry returns to the island | Harbour News"]) == 1
    # og:title first, <title> after: any of them may name it.
    assert headline_at(PAGE, ["Island ferry", "The Ferry Returns to the Island – Harbour News"]) == 1


def test_only_an_h1_is_the_headline():
    # The paragraph holds the same words but is no <h1>.
    assert headline_at(PAGE[2:], ["The ferry returns to the island on Monday"]) is None


def test_no_title_or_no_match_is_no_headline():
    assert headline_at(PAGE, []) is None
    assert headline_at(PAGE, ["Timetables and fares"]) is None


def test_a_reworded_title_must_hold_most_of_the_headline_s_words():
    words = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    lines = _lines(("h1", " ".join(words)))
    holds = round(TITLE_SHARE * len(words))
    assert headline_at(lines, [" ".join(words[:holds]) + " | Site"]) == 0
    assert headline_at(lines, [" ".join(words[: holds - 1]) + " | Site"]) is None


def test_words_are_compared_case_folded_and_normalised():
    assert title_words("Straße ＡＢＣ – Über") == title_words("STRASSE abc über")
    assert headline_at(_lines(("h1", "東京で大雪")), ["東京で大雪 - ニュース"]) == 0


def test_the_article_begins_at_its_headline():
    body = "The ferry returns to the island on Monday after three weeks of repairs to its engine."
    lines = _lines(("li", "Home"), ("p", "Harbour"), ("h1", "The ferry returns"), ("p", body), ("p", body))
    keep = np.array([False, True, True, True, True])
    assert within_article(lines, keep, 2).tolist() == [False, False, True, True, True]
    # Above the headline lies more than ABOVE_SHARE of the kept text: a page whose <h1> comes late.
    long_intro = _lines(("p", body), *[(line.tag, line.text) for line in lines[1:]])
    assert within_article(long_intro, np.ones(5, dtype=bool), 2).tolist() == [True] * 5
    assert len(body) + len("Harbour") > ABOVE_SHARE * sum(len(line.text) for line in long_intro)


def test_a_long_stream_above_the_headline_goes_but_not_a_late_headline_s_intro():
    from classifier.dom import segment_html

    story = "Ferries to the island run again from Monday, the harbour office said after three weeks."
    other = "A council vote on the new bus routes was put off until spring after a long debate on Tuesday."
    stream = "".join(f"<p>{other}</p>" for _ in range(3))
    body = f"<h1>The ferry returns</h1><p>{story}</p><p>{story}</p>"
    lines = segment_html(f'<body><div class="stream">{stream}</div><article>{body}</article></body>')
    keep = np.ones(len(lines), dtype=bool)
    assert within_article(lines, keep, 3).tolist() == [False] * 3 + [True] * 3
    # Above the headline, in the element that holds it and the text after it: the page's own intro.
    lines = segment_html(f"<body><main>{stream}{body}</main></body>")
    assert within_article(lines, keep, 3).tolist() == [True] * 6


def test_after_the_headline_what_lies_outside_its_article_goes():
    from classifier.dom import segment_html

    story = "Ferries to the island run again from Monday, the harbour office said after three weeks."
    other = "A council vote on the new bus routes was put off until spring after a long debate on Tuesday."
    lines = segment_html(
        f"<body><article><h1>The ferry returns</h1><p>{story}</p><p>{story}</p><p>{story}</p></article>"
        f'<div class="more"><p>{other}</p></div></body>'
    )
    keep = np.ones(len(lines), dtype=bool)
    assert within_article(lines, keep, 0).tolist() == [True] * 4 + [False]
    # What is kept after the headline lies outside its element: the article is an outer one, and it stays.
    kept = np.array([True, False, False, False, True])
    assert within_article(lines, kept, 0).tolist() == kept.tolist()
