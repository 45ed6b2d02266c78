"""Page-level findings: a wall is present on two probable lines, or on one very probable line."""

from __future__ import annotations

import numpy as np

from classifier.findings import FindingThresholds, page_findings
from classifier.types import LABELS, Label

ADBLOCK = LABELS.index(Label.ADBLOCK)
CONSENT = LABELS.index(Label.CONSENT)


def page(*adblock: float) -> np.ndarray:
    proba = np.zeros((len(adblock), len(LABELS)))
    proba[:, ADBLOCK] = adblock
    proba[:, 0] = 1.0 - proba[:, ADBLOCK]
    return proba


def findings(proba: np.ndarray):
    n = proba.shape[0]
    return page_findings(proba, [True] * n, [10] * n, FindingThresholds())


def test_one_doubtful_line_is_no_wall():
    _, _, adblock = findings(page(0.1, 0.68, 0.2))
    assert not adblock.present
    assert adblock.confidence < 0.5


def test_two_probable_lines_are_a_wall():
    _, _, adblock = findings(page(0.1, 0.6, 0.55))
    assert adblock.present
    assert adblock.confidence == 0.6


def test_one_sure_line_is_a_wall():
    consent, _, adblock = findings(page(0.95, 0.1))
    assert adblock.present
    assert not consent.present


def test_no_lines_no_walls():
    consent, paywall, adblock = findings(np.zeros((0, len(LABELS))))
    assert not (consent.present or paywall.present or adblock.present)


def test_finding_scores_count_pages_with_a_wall_line():
    from classifier.findings import finding_scores

    pages = [page(0.95), page(0.1, 0.2), page(0.6, 0.6)]
    none, ad = LABELS.index(Label.CONTENT), ADBLOCK
    labels = [np.array([ad]), np.array([none, none]), np.array([none, none])]
    scores = finding_scores(pages, labels, present=0.5, single_line=0.9)["adblock"]
    # Fired on pages 1 and 3, right on page 1: precision 1/2, recall 1/1.
    assert (scores["precision"], scores["recall"]) == (0.5, 1.0)
    assert scores["f1"] == round(2 * 0.5 / 1.5, 4)


def test_the_chosen_rule_catches_lone_wall_lines_when_the_pages_show_them():
    from classifier.findings import choose_finding_thresholds

    ad, none = ADBLOCK, LABELS.index(Label.CONTENT)
    # Walls of one line at 0.75; clean pages whose most wall-like line reaches 0.35.
    pages = [page(0.75, 0.1) for _ in range(5)] + [page(0.35, 0.1) for _ in range(5)]
    labels = [np.array([ad, none])] * 5 + [np.array([none, none])] * 5
    _present, single_line, scores = choose_finding_thresholds(pages, labels)
    assert 0.35 < single_line <= 0.75
    assert scores["adblock"]["f1"] == 1.0
