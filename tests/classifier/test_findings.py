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
