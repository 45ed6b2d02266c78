"""Page-level findings from the line decisions: is there a consent banner, a paywall, an ad-block wall?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from classifier.types import LABELS, Finding, Label

_COLUMN = {label: i for i, label in enumerate(LABELS)}


@dataclass(frozen=True)
class FindingThresholds:
    present: float = 0.5
    """A wall is present when two of its lines reach this probability (walls have several lines) ..."""
    single_line: float = 0.9
    """... or one line reaches this one (a one-line notice)."""
    hard_paywall_share: float = 0.25
    """A paywall is *hard* when less than this share of the content's words comes after it ..."""
    hard_paywall_words: int = 350
    """... and the kept article is this short: the body stopped at the offer."""


def _wall(proba: np.ndarray, label: Label, thresholds: FindingThresholds) -> tuple[Finding, int | None]:
    if proba.shape[0] == 0:
        return Finding(present=False, confidence=1.0), None
    column = proba[:, _COLUMN[label]]
    best = int(column.argmax())
    score = float(column[best])
    present = score >= thresholds.single_line or int((column >= thresholds.present).sum()) >= 2
    confidence = score if present else 1.0 - score
    return Finding(present=present, confidence=round(confidence, 4)), (best if present else None)


def page_findings(
    proba: np.ndarray,
    keep: Sequence[bool],
    word_counts: Sequence[int],
    thresholds: FindingThresholds,
    *,
    accessible_for_free: bool | None = None,
) -> tuple[Finding, Finding, Finding]:
    """Consent banner, paywall (with kind none / soft / hard) and ad-block wall of one page.

    A paywall is *hard* when the page says so (schema.org ``isAccessibleForFree: false``) or when the
    article stops at the offer: a short kept text, little of it after the first paywall line. Otherwise a
    present paywall is *soft* (an offer beside a readable article, a meter notice).
    """
    consent, _ = _wall(proba, Label.CONSENT, thresholds)
    adblock, _ = _wall(proba, Label.ADBLOCK, thresholds)
    paywall, first = _wall(proba, Label.PAYWALL, thresholds)
    if not paywall.present:
        if accessible_for_free is False:
            return consent, Finding(present=True, confidence=0.9, kind="hard"), adblock
        return consent, Finding(present=False, confidence=paywall.confidence, kind="none"), adblock
    wall_rows = np.flatnonzero(proba[:, _COLUMN[Label.PAYWALL]] >= thresholds.present)
    start = int(wall_rows.min()) if wall_rows.size else int(first or 0)
    kept_words = np.asarray(word_counts, dtype=np.float64) * np.asarray(keep, dtype=bool)
    total = kept_words.sum()
    after = kept_words[start:].sum()
    before = kept_words[:start].sum()
    truncated = (
        0 < total <= thresholds.hard_paywall_words
        and before > 0
        and after / total < thresholds.hard_paywall_share
    )
    kind = "hard" if accessible_for_free is False or truncated else "soft"
    return consent, Finding(present=True, confidence=paywall.confidence, kind=kind), adblock
