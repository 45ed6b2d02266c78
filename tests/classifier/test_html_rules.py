"""HTML mode's keep rules in order (``keep_in_html``), their settings, and second copies."""

from __future__ import annotations

import dataclasses

import numpy as np

from classifier.dom import segment_html
from classifier.html_rules import ContainerRule, first_copies, keep_in_html
from classifier.types import LABELS, Label, Line


def test_the_rule_asks_less_inside_than_outside():
    rule = ContainerRule()
    assert 0 < rule.inside < rule.outside < 1 and 0.5 <= rule.share <= 1


def test_first_copies_drop_a_repeated_long_line_only():
    texts = [
        "A paragraph that the page carries twice.",
        "Reply",
        "Reply",
        "A paragraph that the page carries twice.",
    ]
    lines = [Line(index=i + 1, text=t) for i, t in enumerate(texts)]
    assert first_copies(lines, np.ones(4, dtype=bool)).tolist() == [True, True, True, False]
    # A copy after a dropped first one is the first kept copy.
    assert first_copies(lines, np.array([False, True, True, True])).tolist() == [False, True, True, True]


def test_keep_in_html_runs_the_rules_the_settings_turn_on():
    first = "The harbour reopened on Monday after three weeks of repairs to the northern pier. " * 2
    second = "Fishing boats returned before dawn, and the fish market opened an hour earlier than usual. " * 2
    related = "Pier repairs to start in spring after the council approved the budget on Tuesday."
    lines = segment_html(
        "<body><article><p>" + first + "</p><p>" + second + "</p></article>"
        '<section class="related-stories"><p>' + related + "</p></section></body>"
    )
    proba = np.zeros((len(lines), len(LABELS)))
    proba[:, LABELS.index(Label.CONTENT)] = 0.99
    proba[:, LABELS.index(Label.NAVIGATION)] = 0.01
    # Sure enough to stay outside the container; the related stories go by their markup.
    assert keep_in_html(lines, proba, 0.5, 2.0, ContainerRule()).tolist() == [True, True, False]
    kept = keep_in_html(lines, proba, 0.5, 2.0, dataclasses.replace(ContainerRule(), chrome_markup=None))
    assert kept.tolist() == [True, True, True]


def test_the_container_holds_its_code_whole_even_where_the_heads_see_a_wall():
    first = "The query below finds the hours whose error rate lies outside the usual band of the week. " * 2
    second = "Each bound is the mean plus or minus twice the standard deviation of the series itself. " * 2
    lines = segment_html(
        f"<body><article><p>{first}</p><pre>SELECT harbour, count(*) AS crossings</pre><p>{second}</p>"
        "<h3>Accept all cookies</h3></article></body>"
    )
    proba = np.zeros((len(lines), len(LABELS)))
    proba[:, LABELS.index(Label.CONTENT)] = [0.99, 0.18, 0.99, 0.2]
    # The code and the heading read as a consent notice.
    proba[:, LABELS.index(Label.CONSENT)] = [0.01, 0.74, 0.01, 0.7]
    assert [line.tag for line in lines] == ["p", "pre", "p", "h3"]
    # The heading is held whole too, but not against the wall margin; the code block is.
    assert keep_in_html(lines, proba, 0.5, 2.0, ContainerRule()).tolist() == [True, True, True, False]
