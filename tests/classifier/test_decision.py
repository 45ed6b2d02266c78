"""The keep decision: threshold, wall margin, the rule chosen on validation, and HTML mode's product of
the two heads."""

from __future__ import annotations

import numpy as np
import pytest

from classifier.decision import (
    FALLBACK_CHARS,
    article_span,
    keep_mask,
    keep_or_fallback,
    keep_within_span,
    without_unsure_short,
    without_weak_outside_span,
)
from classifier.evaluate import WALL_MARGINS, best_keep_rule
from classifier.model import HTML_HEAD_WEIGHT, combine_heads, product_of_experts
from classifier.types import LABELS, WALL_LABELS, Label

CONTENT = LABELS.index(Label.CONTENT)
CONSENT = LABELS.index(Label.CONSENT)
NAVIGATION = LABELS.index(Label.NAVIGATION)
WALLS = [LABELS.index(label) for label in LABELS if label in WALL_LABELS]


def rows(*pairs: tuple[float, float, int]) -> np.ndarray:
    """Probability rows from (P(content), P(other label), which other label); the rest is spread evenly."""
    out = np.zeros((len(pairs), len(LABELS)))
    for i, (content, other, column) in enumerate(pairs):
        out[i, CONTENT] = content
        out[i, column] = other
        rest = [j for j in range(len(LABELS)) if j not in (CONTENT, column)]
        out[i, rest] = (1.0 - content - other) / len(rest)
    return out


def test_keep_mask_threshold_and_margin():
    proba = rows((0.55, 0.40, CONSENT), (0.55, 0.40, NAVIGATION), (0.25, 0.10, CONSENT))
    assert keep_mask(proba, 0.3).tolist() == [True, True, False]
    # A margin of 2 asks content to be twice as probable as any wall: the consent-ish line goes, the
    # navigation-ish line (not a wall) stays.
    assert keep_mask(proba, 0.3, wall_margin=2.0).tolist() == [False, True, False]


def test_keep_mask_of_no_lines():
    assert keep_mask(np.zeros((0, len(LABELS))), 0.5).shape == (0,)


def test_a_page_left_with_almost_no_text_is_read_again_with_a_looser_rule():
    # A category page: an introduction the heads doubt, its menus, a consent line.
    proba = rows(
        (0.3, 0.6, NAVIGATION), (0.12, 0.8, NAVIGATION), (0.02, 0.9, NAVIGATION), (0.5, 0.45, CONSENT)
    )
    chars = np.array([160, 20, 15, 120])
    keep = keep_mask(proba, 0.35, wall_margin=2.0)
    assert not keep.any()
    # Every line clear of the walls with at least a fifth of the best P(content); the consent line stays out.
    assert keep_or_fallback(proba, keep, chars, 2.0).tolist() == [True, True, False, False]
    # A page whose kept lines hold enough text keeps its decision.
    enough = np.array([True, False, False, False])
    long = np.array([FALLBACK_CHARS, 20, 15, 120])
    assert keep_or_fallback(proba, enough, long, 2.0).tolist() == enough.tolist()
    # A page of menus and buttons: its best line is itself unlikely content, and the page stays empty.
    menus = rows((0.04, 0.9, NAVIGATION), (0.01, 0.9, NAVIGATION))
    assert not keep_or_fallback(menus, np.array([False, False]), np.array([40, 20]), 2.0).any()
    # Nothing clear of the walls, or no lines at all: nothing to fall back on.
    walls = rows((0.3, 0.6, CONSENT))
    assert not keep_or_fallback(walls, np.array([False]), np.array([100]), 2.0).any()
    assert keep_or_fallback(proba[:0], keep[:0], chars[:0], 2.0).shape == (0,)


def test_sentences_between_the_first_and_last_sure_paragraphs_are_kept_on_weaker_evidence():
    from classifier.segment import segment_text

    sure = "The council approved the plan by eleven votes to four after a debate that ran late."
    lines = segment_text(
        "\n".join(
            [
                "Teaser headline for another story here",  # before the first sure paragraph
                sure,
                "Work on the new pier starts in spring.",  # a sentence the heads doubt
                "Share this",  # a short line: the plain rule
                "We and our partners use cookies on this site.",  # doubtful, but a wall's too
                "Also read: the ferry timetable changes in May",  # headline-shaped: the plain rule
                sure + " Residents filled the gallery.",
                "More stories from the harbour town today.",  # after the last sure paragraph
            ]
        )
    )
    proba = rows(
        (0.3, 0.6, NAVIGATION),
        (0.97, 0.02, NAVIGATION),
        (0.2, 0.7, NAVIGATION),
        (0.3, 0.6, NAVIGATION),
        (0.3, 0.1, CONSENT),
        (0.3, 0.6, NAVIGATION),
        (0.96, 0.02, NAVIGATION),
        (0.3, 0.6, NAVIGATION),
    )
    keep = keep_mask(proba, 0.38, wall_margin=2.0)
    assert keep.tolist() == [False, True, False, False, False, False, True, False]
    # From P(content) 0.15 between the sure paragraphs: sentences of four words or more, clear of the
    # walls by the margin asked (the consent sentence, 0.3 against 0.1, passes 2 but not 4).
    with_margin_2 = [False, True, True, False, True, False, True, False]
    with_margin_4 = [False, True, True, False, False, False, True, False]
    assert keep_within_span(lines, proba, keep, 2.0).tolist() == with_margin_2
    assert keep_within_span(lines, proba, keep, 4.0).tolist() == with_margin_4
    # One sure paragraph bounds nothing.
    one = keep & (np.arange(len(lines)) != 6)
    assert keep_within_span(lines, proba, one, 4.0).tolist() == one.tolist()


def test_best_keep_rule_widens_the_margin_only_when_validation_allows():
    rng = np.random.default_rng(0)
    # Content lines sure of themselves, walls sure of themselves: any margin costs nothing.
    clear = np.vstack([rows((0.9, 0.05, CONSENT))] * 50 + [rows((0.05, 0.9, CONSENT))] * 50)
    is_content = np.array([True] * 50 + [False] * 50)
    rule = best_keep_rule(clear, is_content, CONTENT, WALLS)
    assert rule["wall_margin"] == max(WALL_MARGINS)
    assert rule["f1"] == pytest.approx(1.0)
    # Content lines that often look a little like consent: a wide margin would drop them, so the
    # rule keeps a narrow one.
    doubtful_content = rows(*[(0.6, 0.35, CONSENT)] * 40)
    walls = rows(*[(0.1, 0.85, CONSENT)] * 40)
    proba = np.vstack([doubtful_content, walls]) + rng.uniform(0, 1e-3, (80, len(LABELS)))
    rule = best_keep_rule(proba, np.array([True] * 40 + [False] * 40), CONTENT, WALLS)
    assert rule["wall_margin"] < 2.0
    assert rule["f1"] == pytest.approx(1.0)


def test_product_of_experts_needs_both_heads_to_agree():
    sure = rows((0.9, 0.05, NAVIGATION))
    doubtful = rows((0.3, 0.6, NAVIGATION))
    combined = product_of_experts(sure, doubtful)
    assert combined.sum(axis=1) == pytest.approx([1.0])
    assert doubtful[0, CONTENT] < combined[0, CONTENT] < sure[0, CONTENT]
    assert product_of_experts(sure, sure) == pytest.approx(sure)
    # A zero probability does not produce NaN.
    zero = sure.copy()
    zero[0, CONSENT] = 0.0
    assert np.isfinite(product_of_experts(zero, sure)).all()


def test_product_of_experts_weights_lean_towards_the_heavier_head():
    sure = rows((0.9, 0.05, NAVIGATION))
    doubtful = rows((0.3, 0.6, NAVIGATION))
    even = product_of_experts(sure, doubtful)
    leaning = product_of_experts(sure, doubtful, weights=(1.0, 0.5))
    assert even[0, CONTENT] < leaning[0, CONTENT] < sure[0, CONTENT]
    assert product_of_experts(sure, doubtful, weights=(1.0, 1.0)) == pytest.approx(even)


def test_the_html_heads_floor_bounds_their_veto():
    text = rows((0.95, 0.02, NAVIGATION))
    certain_wall = np.full_like(text, 1e-9)  # an HTML head sure of another label, from one markup word
    certain_wall[0, NAVIGATION] = 1.0 - 8e-9
    unfloored = combine_heads(text, certain_wall, floor=1e-12)
    floored = combine_heads(text, certain_wall)
    assert unfloored[0].argmax() == NAVIGATION  # the HTML head alone decides
    assert floored[0].argmax() == CONTENT  # a sure text head still wins
    assert floored.sum(axis=1) == pytest.approx([1.0])
    # Above the floor nothing changes: the plain product of experts at the HTML heads' weight.
    doubtful = rows((0.3, 0.6, NAVIGATION))
    assert combine_heads(text, doubtful) == pytest.approx(
        product_of_experts(text, doubtful, weights=(1.0, HTML_HEAD_WEIGHT))
    )


def test_a_list_between_the_sure_paragraphs_is_kept_a_lone_headline_is_not():
    from classifier.segment import segment_text

    sure = "The council approved the plan by eleven votes to four after a debate that ran late."
    lines = segment_text(
        "\n".join(
            [
                sure,
                "What we liked about it",  # a list: its items stand next to each other
                "Sturdy frame that folds flat",
                "Battery lasts a full week",
                sure + " Residents filled the gallery.",
                "Ferry timetable changes in May explained",  # alone between paragraphs: the plain rule
                sure + " The vote came at midnight.",
                "Two more lines",  # after the last sure paragraph: the plain rule
                "Sign up for our daily briefing now",
            ]
        )
    )
    proba = rows(
        (0.97, 0.02, NAVIGATION),
        (0.2, 0.7, NAVIGATION),
        (0.2, 0.7, NAVIGATION),
        (0.1, 0.8, NAVIGATION),  # below 0.15: it goes, and counts as no item for its neighbours
        (0.96, 0.02, NAVIGATION),
        (0.3, 0.6, NAVIGATION),
        (0.96, 0.02, NAVIGATION),
        (0.3, 0.6, NAVIGATION),
        (0.3, 0.6, NAVIGATION),
    )
    keep = keep_mask(proba, 0.38, wall_margin=2.0)
    expected = [True, True, True, False, True, False, True, False, False]
    assert keep_within_span(lines, proba, keep, 2.0).tolist() == expected


def test_around_the_sure_paragraphs_a_line_needs_more_evidence():
    from classifier.segment import segment_text

    sure = "The council approved the plan by eleven votes to four after a debate that ran late."
    lines = segment_text(
        "\n".join(
            [
                "Harbour town news",  # a menu-like line above the article, P 0.5
                "Council backs the new pier",  # the headline, P 0.8
                sure,
                "Work on the pier starts in spring",  # inside: the plain rule's decision stands
                sure + " Residents filled the gallery.",
                "Ferry timetable changes in May",  # a teaser below the article, P 0.5
                "Short note at the end of the page",  # P 0.65
            ]
        )
    )
    proba = rows(
        (0.5, 0.4, NAVIGATION),
        (0.8, 0.1, NAVIGATION),
        (0.97, 0.02, NAVIGATION),
        (0.45, 0.4, NAVIGATION),
        (0.96, 0.02, NAVIGATION),
        (0.5, 0.4, NAVIGATION),
        (0.65, 0.3, NAVIGATION),
    )
    keep = keep_mask(proba, 0.38)
    assert keep.all()
    assert article_span(lines, proba, keep) == (2, 4)
    assert without_weak_outside_span(lines, proba, keep, 0.6).tolist() == [
        False,
        True,
        True,
        True,
        True,
        False,
        True,
    ]
    # Without two sure paragraphs there is no span, and nothing changes.
    one = keep & (np.arange(len(lines)) != 4)
    assert article_span(lines, proba, one) is None
    assert without_weak_outside_span(lines, proba, one, 0.6).tolist() == one.tolist()


def test_a_short_line_needs_near_certainty_unless_it_stands_between_two_paragraphs():
    from classifier.segment import segment_text

    paragraph = "The council approved the plan by eleven votes to four after a debate that ran late."
    lines = segment_text(
        "\n".join(
            [
                "Share",  # a button above the article, P 0.6
                paragraph,
                "Funding",  # a subheading between two paragraphs, P 0.6: stays
                paragraph + " Residents filled the gallery.",
                "Advertisement",  # an ad label after a paragraph but before no paragraph, P 0.6: goes
                "Twelve new berths",  # three words: not short, the plain rule stands
                "Harbour",  # short but sure, P 0.95: stays
                "港口新闻今日更新了渡轮时刻表和码头的开放时间安排",  # one unspaced "word", but 24 characters
            ]
        )
    )
    proba = rows(
        (0.6, 0.3, NAVIGATION),
        (0.97, 0.02, NAVIGATION),
        (0.6, 0.3, NAVIGATION),
        (0.96, 0.02, NAVIGATION),
        (0.6, 0.3, NAVIGATION),
        (0.6, 0.3, NAVIGATION),
        (0.95, 0.02, NAVIGATION),
        (0.6, 0.3, NAVIGATION),
    )
    keep = keep_mask(proba, 0.35)
    assert keep.all()
    assert without_unsure_short(lines, proba, keep, 0.9).tolist() == [
        False,
        True,
        True,
        True,
        False,
        True,
        True,
        True,
    ]
    # A line already dropped stays dropped; no lines, no change.
    assert not without_unsure_short(lines, proba, np.zeros(len(lines), dtype=bool), 0.9).any()
    assert without_unsure_short([], np.zeros((0, len(LABELS))), np.zeros(0, dtype=bool)).tolist() == []
