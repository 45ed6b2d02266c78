"""Page-level findings from the line decisions: is there a consent banner, a paywall, an ad-block wall?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np

from classifier.types import LABELS, Finding, Label

_COLUMN = {label: i for i, label in enumerate(LABELS)}
FINDING_WALLS: tuple[Label, ...] = (Label.CONSENT, Label.PAYWALL, Label.ADBLOCK)
"""The walls a page-level finding reports (a newsletter prompt is no wall in front of the article)."""
PRESENT_GRID = (0.3, 0.4, 0.5, 0.6, 0.7)
SINGLE_LINE_GRID = (0.6, 0.7, 0.8, 0.9, 0.95)


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


def wall_present(column: np.ndarray, present: float, single_line: float) -> bool:
    """Whether a page shows a wall, from its lines' probabilities of that wall: two lines at ``present``
    or more, or one at ``single_line`` or more."""
    return bool(column.size) and (float(column.max()) >= single_line or int((column >= present).sum()) >= 2)


def _wall(proba: np.ndarray, label: Label, thresholds: FindingThresholds) -> tuple[Finding, int | None]:
    if proba.shape[0] == 0:
        return Finding(present=False, confidence=1.0), None
    column = proba[:, _COLUMN[label]]
    best = int(column.argmax())
    score = float(column[best])
    present = wall_present(column, thresholds.present, thresholds.single_line)
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


def _walls_of(
    pages: Sequence[np.ndarray], labels: Sequence[np.ndarray]
) -> list[tuple[Label, np.ndarray, list[np.ndarray]]]:
    """Per finding: whether each page has a line of that wall, and each page's probabilities of it."""
    return [
        (
            wall,
            np.array([bool((y == _COLUMN[wall]).any()) for y in labels]),
            [p[:, _COLUMN[wall]] for p in pages],
        )
        for wall in FINDING_WALLS
    ]


def _scores(
    walls: list[tuple[Label, np.ndarray, list[np.ndarray]]], present: float, single_line: float
) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for wall, truth, columns in walls:
        said = np.array([wall_present(column, present, single_line) for column in columns])
        tp = int((truth & said).sum())
        precision = tp / max(1, int(said.sum()))
        recall = tp / max(1, int(truth.sum()))
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        out[str(wall)] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}
    return out


def finding_scores(
    pages: Sequence[np.ndarray], labels: Sequence[np.ndarray], present: float, single_line: float
) -> dict[str, dict[str, float]]:
    """Page-level precision, recall and F1 of each finding on pages whose line labels are known
    (``labels``: indices into ``LABELS``, one per line): a page has a wall when any line is one."""
    return _scores(_walls_of(pages, labels), present, single_line)


def choose_finding_thresholds(
    pages: Sequence[np.ndarray], labels: Sequence[np.ndarray]
) -> tuple[float, float, dict[str, dict[str, float]]]:
    """The (``present``, ``single_line``) pair of the grids with the best mean F1 of the findings on
    these pages (out-of-fold pages at training time), and its scores. Ties go to the stricter pair."""
    walls = _walls_of(pages, labels)
    best: tuple[float, float, float, dict[str, dict[str, float]]] | None = None
    for present, single in product(
        sorted(PRESENT_GRID, reverse=True), sorted(SINGLE_LINE_GRID, reverse=True)
    ):
        scores = _scores(walls, present, single)
        mean = float(np.mean([s["f1"] for s in scores.values()]))
        if best is None or mean > best[0] + 1e-12:
            best = (mean, present, single, scores)
    assert best is not None
    return best[1], best[2], best[3]
