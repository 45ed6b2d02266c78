"""Scoring line decisions: per-label precision/recall/F1, a confusion matrix, wall removal rates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from classifier.types import LABELS, WALL_LABELS, Label


@dataclass(frozen=True)
class Report:
    labels: tuple[str, ...]
    confusion: np.ndarray  # rows: gold, columns: predicted
    content_keep: tuple[float, float, float]  # precision, recall, F1 of the keep decision
    removed: dict[str, float]  # share of each wall label's lines not kept

    def per_label(self) -> dict[str, dict[str, float]]:
        out = {}
        for i, label in enumerate(self.labels):
            tp = float(self.confusion[i, i])
            fp = float(self.confusion[:, i].sum() - tp)
            fn = float(self.confusion[i, :].sum() - tp)
            p, r, f = prf(tp, fp, fn)
            out[label] = {"precision": p, "recall": r, "f1": f, "support": int(self.confusion[i, :].sum())}
        return out

    def as_dict(self) -> dict[str, object]:
        p, r, f = self.content_keep
        return {
            "content": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
            "removed": {k: round(v, 4) for k, v in self.removed.items()},
            "per_label": {
                k: {m: round(v, 4) if isinstance(v, float) else v for m, v in row.items()}
                for k, row in self.per_label().items()
            },
        }

    def format(self) -> str:
        rows = [f"{'label':12s} {'prec':>6s} {'rec':>6s} {'f1':>6s} {'n':>7s}"]
        for label, row in self.per_label().items():
            rows.append(
                f"{label:12s} {row['precision']:6.3f} {row['recall']:6.3f} "
                f"{row['f1']:6.3f} {row['support']:7d}"
            )
        p, r, f = self.content_keep
        rows.append(f"keep decision: content precision {p:.4f} recall {r:.4f} F1 {f:.4f}")
        rows.append("removed: " + ", ".join(f"{k} {v:.3f}" for k, v in self.removed.items()))
        width = max(len(x) for x in self.labels)
        rows.append("confusion (rows gold, columns predicted):")
        rows.append(" " * (width + 1) + " ".join(f"{x[:6]:>6s}" for x in self.labels))
        for i, label in enumerate(self.labels):
            rows.append(f"{label:{width}s} " + " ".join(f"{int(v):6d}" for v in self.confusion[i]))
        return "\n".join(rows)


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def report(gold: Sequence[Label], predicted: Sequence[Label], keep: Sequence[bool]) -> Report:
    index = {label: i for i, label in enumerate(LABELS)}
    confusion = np.zeros((len(LABELS), len(LABELS)), dtype=np.int64)
    tp = fp = fn = 0
    removed_n = dict.fromkeys(sorted(WALL_LABELS), 0)
    total_n = dict.fromkeys(sorted(WALL_LABELS), 0)
    for g, p, k in zip(gold, predicted, keep, strict=True):
        confusion[index[g], index[p]] += 1
        if g is Label.CONTENT:
            tp += k
            fn += not k
        else:
            fp += k
        if g in total_n:
            total_n[g] += 1
            removed_n[g] += not k
    return Report(
        labels=tuple(str(x) for x in LABELS),
        confusion=confusion,
        content_keep=prf(tp, fp, fn),
        removed={str(k): removed_n[k] / total_n[k] for k in total_n if total_n[k]},
    )


WALL_MARGINS = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0)
WALL_TOLERANCE = 0.005
"""Content F1 (on validation) we give up, at most, for a wider margin against the wall labels."""


def best_keep_rule(
    proba: np.ndarray, is_content: np.ndarray, content: int, walls: list[int]
) -> dict[str, float]:
    """The keep rule for a head: the P(content) cut that maximises validation content F1, and the widest
    wall margin (see ``decision.keep_mask``) that costs at most ``WALL_TOLERANCE`` of that F1."""
    wall_max = proba[:, walls].max(axis=1)
    best: dict[str, float] = {}
    for margin in WALL_MARGINS:
        beats_walls = proba[:, content] >= margin * wall_max
        threshold, f1 = best_keep_threshold(np.where(beats_walls, proba[:, content], -1.0), is_content)
        if not best:
            best = {"threshold": threshold, "wall_margin": margin, "f1": f1, "best_f1": f1}
        elif f1 >= best["best_f1"] - WALL_TOLERANCE:
            best.update(threshold=threshold, wall_margin=margin, f1=f1)
    return best


def best_keep_threshold(content_proba: np.ndarray, is_content: np.ndarray) -> tuple[float, float]:
    """The P(content) cut that maximises content F1 on validation lines; returns (threshold, F1)."""
    best = (0.5, -1.0)
    for t in np.round(np.arange(0.2, 0.81, 0.02), 2):
        keep = content_proba >= t
        tp = float((keep & is_content).sum())
        f = prf(tp, float((keep & ~is_content).sum()), float((~keep & is_content).sum()))[2]
        if f > best[1] + 1e-9:
            best = (float(t), f)
    return best
