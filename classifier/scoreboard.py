"""Scores against an external gold file whose labels are coarser than ours.

Gold files shaped like ``lines.jsonl`` label a line ``content``, ``boilerplate`` (any clutter), a wall
category (``consent``, ``paywall``, ``adblock``, ``newsletter``) or null (not scored). Our nine labels are
compared with those: the keep decision against ``content``, the exact label against a wall category.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from classifier.evaluate import prf
from classifier.types import LABELS


@dataclass(frozen=True)
class GoldReport:
    gold_labels: tuple[str, ...]
    predicted_labels: tuple[str, ...]
    confusion: np.ndarray  # rows gold, columns predicted
    kept: np.ndarray  # per gold label: lines kept

    def rows(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        col = {lab: i for i, lab in enumerate(self.predicted_labels)}
        for i, gold in enumerate(self.gold_labels):
            support = float(self.confusion[i].sum())
            if gold == "content":
                tp = float(self.kept[i])
                fp = float(self.kept.sum() - tp)
            elif gold in col:
                tp = float(self.confusion[i, col[gold]])
                fp = float(self.confusion[:, col[gold]].sum() - tp)
            else:  # "boilerplate": removing the line is right, whatever label it gets
                tp = support - float(self.kept[i])
                fp = sum(
                    float(self.confusion[j].sum() - self.kept[j])
                    for j, g in enumerate(self.gold_labels)
                    if g == "content"
                )
            p, r, f = prf(tp, fp, support - tp)
            removed = 1.0 - float(self.kept[i]) / support if support else 0.0
            out[gold] = {"precision": p, "recall": r, "f1": f, "support": support, "removed": removed}
        return out

    def format(self) -> str:
        lines = [f"{'gold label':12s} {'prec':>6s} {'rec':>6s} {'f1':>6s} {'removed':>8s} {'n':>8s}"]
        for gold, row in self.rows().items():
            lines.append(
                f"{gold:12s} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
                f"{row['removed']:8.3f} {int(row['support']):8d}"
            )
        lines.append(
            "(content: the keep decision; walls: the exact label; boilerplate: any label but content)"
        )
        lines.append("confusion (rows gold, columns predicted):")
        width = max(len(g) for g in self.gold_labels)
        lines.append(" " * (width + 1) + " ".join(f"{p[:7]:>7s}" for p in self.predicted_labels))
        for i, gold in enumerate(self.gold_labels):
            lines.append(f"{gold:{width}s} " + " ".join(f"{int(v):7d}" for v in self.confusion[i]))
        return "\n".join(lines)


def gold_line_report(
    gold: Sequence[str | None], predicted: Sequence[str], kept: Sequence[bool]
) -> GoldReport:
    gold_labels = tuple(sorted({g for g in gold if g is not None}, key=lambda g: (g != "content", g)))
    predicted_labels = tuple(str(x) for x in LABELS)
    g_index = {g: i for i, g in enumerate(gold_labels)}
    p_index = {p: i for i, p in enumerate(predicted_labels)}
    confusion = np.zeros((len(gold_labels), len(predicted_labels)), dtype=np.int64)
    kept_counts = np.zeros(len(gold_labels), dtype=np.int64)
    for g, p, k in zip(gold, predicted, kept, strict=True):
        if g is None:
            continue
        confusion[g_index[g], p_index[p]] += 1
        kept_counts[g_index[g]] += bool(k)
    return GoldReport(gold_labels, predicted_labels, confusion, kept_counts)


def save_confusion_png(board: GoldReport, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matrix = board.confusion.astype(np.float64)
    shares = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(board.gold_labels) + 2))
    ax.imshow(shares, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(board.predicted_labels)), board.predicted_labels, rotation=35, ha="right")
    ax.set_yticks(range(len(board.gold_labels)), board.gold_labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            if matrix[i, j]:
                ax.text(
                    j,
                    i,
                    f"{int(matrix[i, j])}",
                    ha="center",
                    va="center",
                    color="white" if shares[i, j] > 0.5 else "black",
                    fontsize=8,
                )
    ax.set_title("linesift: gold vs predicted lines (row-normalised colour)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)
