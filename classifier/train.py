"""Training: site kits -> composed documents -> a verified artifact, deterministically.

1. compose the documents from ``training_data/sites`` (hash them: that is the training-data hash);
2. fit the stacked model with folds by site; its out-of-fold probabilities are predictions for sites
   the model never saw;
3. choose the keep threshold on those and record their metrics;
4. write ``manifest.json`` + ``weights.npz`` and load them back to prove they verify.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classifier import artifact
from classifier.compose import Document, compose_all, documents_bytes, read_kits
from classifier.evaluate import best_keep_threshold, report
from classifier.features import FEATURE_NAMES
from classifier.model import (
    DEFAULT_MODEL_DIR,
    html_dense,
    load_model,
    structure_feature_names,
    text_dense,
)
from classifier.stacking import LineModel
from classifier.types import LABELS, Label, Line

MODEL_VERSION = "0.1.0"
TRAINING_DIR = Path(__file__).resolve().parent.parent / "training_data"
_LABEL_ID = {label: i for i, label in enumerate(LABELS)}


@dataclass(frozen=True)
class TrainConfig:
    sites_dir: Path = TRAINING_DIR / "sites"
    out_dir: Path = DEFAULT_MODEL_DIR
    char_features: int = 2**16
    word_features: int = 2**15
    alpha: float = 0.1
    c1: float = 1.0
    c2: float = 1.0
    folds: int = 4
    with_html: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def text_pages(docs: Sequence[Document]) -> list[list[Line]]:
    return [[Line(index=i + 1, text=t) for i, (t, _) in enumerate(d.lines)] for d in docs]


def html_pages(docs: Sequence[Document]) -> tuple[list[list[Line]], list[list[int]]]:
    """The documents laid out as HTML and segmented back, with the labels carried by position."""
    from classifier.render import render_and_segment

    pages, labels = [], []
    for number, doc in enumerate(docs):
        pairs = render_and_segment(doc, seed=number)
        pages.append([line for line, _ in pairs])
        labels.append([_LABEL_ID[Label(lab)] for _, lab in pairs])
    return pages, labels


def _fit(
    pages: Sequence[Sequence[Line]],
    labels: Sequence[Sequence[int]],
    groups: Sequence[str],
    dense: Callable[[Sequence[Line]], np.ndarray],
    config: TrainConfig,
    say: Callable[[str], None],
) -> LineModel:
    model = LineModel(
        dense=dense,
        char_features=config.char_features,
        word_features=config.word_features,
        alpha=config.alpha,
        c1=config.c1,
        c2=config.c2,
        folds=config.folds,
    )
    return model.fit(pages, labels, groups, progress=say)


def _validate(proba: np.ndarray, labels: Sequence[Sequence[int]]) -> dict:
    gold = np.concatenate([np.asarray(y) for y in labels])
    threshold, _ = best_keep_threshold(proba[:, _LABEL_ID[Label.CONTENT]], gold == _LABEL_ID[Label.CONTENT])
    keep = proba[:, _LABEL_ID[Label.CONTENT]] >= threshold
    others = proba.copy()
    others[:, _LABEL_ID[Label.CONTENT]] = -1
    predicted = np.where(keep, _LABEL_ID[Label.CONTENT], others.argmax(axis=1))
    rep = report([LABELS[g] for g in gold], [LABELS[p] for p in predicted], keep.tolist())
    return {"threshold": threshold, "report": rep}


def train(config: TrainConfig, say: Callable[[str], None] = print) -> dict[str, Any]:
    kits = read_kits(config.sites_dir)
    docs = compose_all(kits)
    data = documents_bytes(docs)
    data_hash = hashlib.sha256(data).hexdigest()
    label_counts = Counter(str(lab) for d in docs for _, lab in d.lines)
    say(f"{len(kits)} site kits -> {len(docs)} documents, {sum(label_counts.values())} lines")

    groups = [d.group for d in docs]
    labels = [[_LABEL_ID[lab] for _, lab in d.lines] for d in docs]
    heads: dict[str, tuple[list[list[Line]], list[list[int]], Callable]] = {
        "text": (text_pages(docs), labels, text_dense)
    }
    if config.with_html and structure_feature_names():
        say("rendering documents as HTML for the structure head")
        pages, html_labels = html_pages(docs)
        heads["html"] = (pages, html_labels, html_dense)

    arrays: dict[str, np.ndarray] = {}
    metrics: dict[str, Any] = {}
    thresholds: dict[str, float] = {}
    for name, (pages, y, dense) in heads.items():
        say(f"[{name}] fitting on {len(pages)} documents of {len(set(groups))} sites")
        model = _fit(pages, y, groups, dense, config, say)
        result = _validate(model.oof_proba_, y)
        say(f"[{name}] validation, out of fold by site ({config.folds} folds):\n{result['report'].format()}")
        metrics[name] = {"keep_threshold": result["threshold"], **result["report"].as_dict()}
        thresholds[f"keep_{name}"] = result["threshold"]
        arrays.update(model.text_.arrays(f"{name}.text"))
        arrays.update(model.stage1_.arrays(f"{name}.stage1"))
        arrays.update(model.stage2_.arrays(f"{name}.stage2"))

    manifest = {
        "model_version": f"{MODEL_VERSION}+{data_hash[:8]}",
        "labels": [str(x) for x in LABELS],
        "feature_names": list(FEATURE_NAMES),
        "structure_feature_names": structure_feature_names() if "html" in heads else [],
        "heads": sorted(heads),
        "hashing": {
            "char_features": config.char_features,
            "char_analyzer": "char_wb",
            "char_ngram_range": [3, 5],
            "word_features": config.word_features,
            "word_ngram_range": [1, 2],
            "alternate_sign": False,
            "norm": "l2",
        },
        "training": {
            "alpha": config.alpha,
            "c1": config.c1,
            "c2": config.c2,
            "folds": config.folds,
            "validation": f"out of fold, GroupKFold by site, {config.folds} folds",
        },
        "training_data": {
            "sha256": data_hash,
            "kits": len(kits),
            "documents": len(docs),
            "lines": sum(label_counts.values()),
            "labels": dict(sorted(label_counts.items())),
            "languages": dict(sorted(Counter(d.lang for d in docs).items())),
        },
        "thresholds": {
            "keep": thresholds["keep_text"],
            **thresholds,
            "finding": 0.5,
            "hard_paywall_share": 0.25,
            "hard_paywall_words": 350,
        },
        "metrics": {"validation": metrics},
    }
    written = artifact.save(config.out_dir, manifest, arrays)
    load_model(config.out_dir)  # refuse to finish with an artifact that does not load
    say(f"wrote {config.out_dir} (weights sha256 {written['weights']['sha256'][:16]}...)")
    return written
