"""Training: site kits -> composed documents -> a verified artifact, deterministically.

1. compose the documents from ``training_data/sites`` (hash them: that is the training-data hash);
2. fit the stacked model with folds by site; its out-of-fold probabilities are predictions for sites
   the model never saw;
3. choose the keep threshold on those and record their metrics;
4. write ``manifest.json`` + ``weights.npz`` and load them back to prove they verify.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classifier import artifact
from classifier.compose import Document, compose_all, documents_bytes, fold_of
from classifier.decision import keep_mask
from classifier.evaluate import best_keep_rule, report
from classifier.features import FEATURE_NAMES
from classifier.findings import choose_finding_thresholds
from classifier.kits import read_kits, read_walls
from classifier.lexicon import lexicons_sha256
from classifier.model import (
    DEFAULT_MODEL_DIR,
    html_dense,
    load_model,
    structure_feature_names,
    text_dense,
)
from classifier.stacking import TEXT_CHARS, LineModel, context_feature_names
from classifier.types import LABELS, WALL_LABELS, Label, Line

MODEL_VERSION = "0.7.0"
TRAINING_DIR = Path(__file__).resolve().parent.parent / "training_data"
_LABEL_ID = {label: i for i, label in enumerate(LABELS)}


@dataclass(frozen=True)
class TrainConfig:
    sites_dir: Path = TRAINING_DIR / "sites"
    walls_dir: Path = TRAINING_DIR / "walls"
    out_dir: Path = DEFAULT_MODEL_DIR
    char_features: int = 2**16
    word_features: int = 2**15
    alpha: float = 0.1
    c1: float = 1.0
    c2: float = 1.0
    context_stages: int = 1
    boost_iterations: int = 60
    """Boosted trees that re-decide "content or not" after the context stage (0: none); small and
    shallow, so scoring them costs well under a millisecond a page (docs/quality.md)."""
    boost_depth: int = 4
    boost_learning_rate: float = 0.2
    boost_weight: float = 0.5
    """Text mode's heads: P(content) is the mean of the trees' and the context stage's
    (``LineModel.blend``), an average of the two models, not a figure tuned on the evaluation pages.
    HTML mode's heads keep the trees alone (weight 1, as every head before 0.7.0): with the mean,
    HTML mode lost 0.0017 token F1 (docs/journal/quality-log.md, session 15)."""
    folds: int = 4
    pairings: int = 2
    """Text heads, each on the kits composed with another pairing of sites and wall sets; the model
    averages them (one run's wall figures swing by a few points with the pairing, docs/quality.md)."""
    first_pairing: int = 0
    """The pairing of the first head of each kind; the others take the ones after it. A data change
    measured on one draw moves by as much as the pairing alone moves the figures (docs/quality.md):
    ``bench/pairings.py`` trains the text heads from each of the four and scores them side by side."""
    with_html: bool = True
    html_pairings: int = 2
    """HTML heads, on the rendered pages of that many pairings, averaged like the text heads: one HTML
    head's token F1 on real pages moved by 0.007 with the pairing, the mean of two sits near the better
    draw (docs/journal/quality-log.md, session 8)."""
    extra: dict[str, Any] = field(default_factory=dict)


def text_pages(docs: Sequence[Document]) -> list[list[Line]]:
    return [[Line(index=i + 1, text=t) for i, (t, _) in enumerate(d.lines)] for d in docs]


def html_pages(docs: Sequence[Document]) -> tuple[list[list[Line]], list[list[int]]]:
    """The documents laid out as HTML and segmented back, with the labels carried by position."""
    from classifier.render import render_and_segment

    pages, labels = [], []
    for number, doc in enumerate(docs):
        pairs = render_and_segment(doc.as_dict(), seed=number)
        pages.append([line for line, _ in pairs])
        labels.append([_LABEL_ID[Label(lab)] for _, lab in pairs])
    return pages, labels


def validation_groups(docs: Sequence[Document], folds: int) -> list[str]:
    """Each document's validation fold: the composer's (its site's, shared with the wall sets the site
    drew), so no site and no wall set is on both sides of a split."""
    site_fold = fold_of((d.group for d in docs), folds)
    return [f"fold-{site_fold[d.group]}" for d in docs]


def _fit(
    pages: Sequence[Sequence[Line]],
    labels: Sequence[Sequence[int]],
    groups: Sequence[str],
    dense: Callable[[Sequence[Line]], np.ndarray],
    config: TrainConfig,
    say: Callable[[str], None],
    boost_weight: float = 1.0,
) -> LineModel:
    model = LineModel(
        dense=dense,
        char_features=config.char_features,
        word_features=config.word_features,
        alpha=config.alpha,
        c1=config.c1,
        c2=config.c2,
        context_stages=config.context_stages,
        boost_iterations=config.boost_iterations,
        boost_depth=config.boost_depth,
        boost_learning_rate=config.boost_learning_rate,
        boost_weight=boost_weight,
        folds=config.folds,
    )
    return model.fit(pages, labels, groups, progress=say)


def _fit_head(
    name: str, docs: Sequence[Document], config: TrainConfig, boost_weight: float = 1.0
) -> tuple[LineModel, list[list[int]]]:
    """Build one head's pages (plain lines, or the documents rendered as HTML) and fit it, its trees
    weighed ``boost_weight`` against its context stage (``LineModel.blend``)."""
    groups = validation_groups(docs, config.folds)
    if name.startswith("html"):
        pages, labels = html_pages(docs)
        dense: Callable[[Sequence[Line]], np.ndarray] = html_dense
    else:
        pages = text_pages(docs)
        labels = [[_LABEL_ID[lab] for _, lab in d.lines] for d in docs]
        dense = text_dense
    return _fit(pages, labels, groups, dense, config, lambda _message: None, boost_weight), labels


def _validate(proba: np.ndarray, labels: Sequence[Sequence[int]]) -> dict:
    gold = np.concatenate([np.asarray(y) for y in labels])
    content = _LABEL_ID[Label.CONTENT]
    walls = [_LABEL_ID[label] for label in LABELS if label in WALL_LABELS]
    rule = best_keep_rule(proba, gold == content, content, walls)
    threshold, margin = rule["threshold"], rule["wall_margin"]
    keep = keep_mask(proba, threshold, margin)
    others = proba.copy()
    others[:, content] = -1
    predicted = np.where(keep, content, others.argmax(axis=1))
    rep = report([LABELS[g] for g in gold], [LABELS[p] for p in predicted], keep.tolist())
    return {"threshold": threshold, "wall_margin": margin, "report": rep}


_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


@contextmanager
def _one_thread_each() -> Iterator[None]:
    """Processes started inside run their numeric libraries on one thread (they read these variables
    when they load); the caller's environment is restored afterwards."""
    saved = {name: os.environ.get(name) for name in _THREAD_VARIABLES}
    os.environ.update({name: "1" for name in _THREAD_VARIABLES})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass(frozen=True)
class _Draws:
    """The documents composed for one run, by head: ``docs`` for the "text" head, ``more`` for the text
    heads of the other pairings, ``dom`` for HTML mode's own text heads (empty without HTML), and the
    names of the HTML heads, whose pages are composed once the worker processes start. ``sha256`` hashes
    ``docs``, ``more`` and ``dom`` (the training-data hash); ``label_counts`` counts ``docs``' labels."""

    kits: list[dict[str, Any]]
    walls: list[dict[str, Any]]
    docs: list[Document]
    more: dict[str, list[Document]]
    dom: dict[str, list[Document]]
    html_names: list[str]
    sha256: str
    label_counts: Counter[str]

    @property
    def text_names(self) -> list[str]:
        return ["text", *self.more]

    @property
    def names(self) -> list[str]:
        return [*self.text_names, *self.dom, *self.html_names]


def _compose(config: TrainConfig) -> _Draws:
    """The site kits and wall sets, the text heads' documents composed from them and their hash."""
    kits = read_kits(config.sites_dir)
    walls = read_walls(config.walls_dir)
    first = config.first_pairing
    docs = compose_all(kits, walls=walls, folds=config.folds, pairing=first)
    more = {
        f"text{k}": compose_all(kits, walls=walls, folds=config.folds, pairing=first + k)
        for k in range(1, config.pairings)
    }
    with_html = config.with_html and config.html_pairings > 0 and bool(structure_feature_names())
    # HTML mode reads text heads of its own, trained on the same draws without the repeated article
    # lines (page_builder.PageBuilder._repeats): the repeats gained text mode 0.01 content F1 and cost HTML
    # mode's decisions 0.002 token F1 (docs/journal/quality-log.md, session 13).
    dom = (
        {
            f"textdom{k or ''}": compose_all(
                kits, walls=walls, folds=config.folds, pairing=first + k, repeats=False
            )
            for k in range(config.pairings)
        }
        if with_html
        else {}
    )
    data = b"".join(documents_bytes(d) for d in (docs, *more.values(), *dom.values()))
    return _Draws(
        kits=kits,
        walls=walls,
        docs=docs,
        more=more,
        dom=dom,
        html_names=["html", *(f"html{k}" for k in range(1, config.html_pairings))] if with_html else [],
        sha256=hashlib.sha256(data).hexdigest(),
        label_counts=Counter(str(lab) for d in docs for _, lab in d.lines),
    )


def _fit_heads(
    draws: _Draws, config: TrainConfig, say: Callable[[str], None]
) -> dict[str, tuple[LineModel, list[list[int]]]]:
    """Every head fitted in a worker process of its own: its model and its pages' labels, by name, in
    the order of ``draws.names``."""
    names = draws.names
    sites = {d.group for d in draws.docs}
    say(f"fitting heads {', '.join(names)} on {len(draws.docs)} documents of {len(sites)} sites")
    # The heads are independent: fit them side by side, one process each (the machine has two cores).
    # Fresh worker processes ("spawn"), not forks: a fork of a process whose OpenMP threads already ran
    # (the boosted trees use OpenMP) can deadlock in the child. Each worker computes on one thread: the
    # heads already fill the cores, extra BLAS/OpenMP threads only fought over them (141 s -> 58 s),
    # and the weights no longer depend on the machine's core count.
    spawn = multiprocessing.get_context("spawn")
    with _one_thread_each(), ProcessPoolExecutor(max_workers=len(names), mp_context=spawn) as pool:
        # The HTML heads' pages are the same draws with link rows left unglued (see
        # page_builder.PageBuilder._links), each head on its own pairing like the text heads, and without
        # the repeated article lines: HTML mode's decisions lost with them
        # (docs/journal/quality-log.md, session 13).
        html_docs = {
            name: compose_all(
                draws.kits,
                walls=draws.walls,
                folds=config.folds,
                glue=False,
                pairing=config.first_pairing + k,
                repeats=False,
            )
            for k, name in enumerate(draws.html_names)
        }
        pages_of = {"text": draws.docs, **draws.more, **draws.dom, **html_docs}
        # Only text mode's own heads weigh their trees against the context stage (TrainConfig.boost_weight).
        weight = {name: config.boost_weight if name in draws.text_names else 1.0 for name in names}
        futures = {
            name: pool.submit(_fit_head, name, pages_of[name], config, weight[name]) for name in names
        }
        fitted = {}
        for name in names:
            fitted[name] = futures[name].result()
            say(f"stage: {name} head fitted")
    return fitted


def _head_arrays(name: str, model: LineModel) -> dict[str, np.ndarray]:
    """One fitted head's weights, named under ``name``: text layer, stages, boosted trees."""
    arrays: dict[str, np.ndarray] = {}
    arrays.update(model.text_.arrays(f"{name}.text"))
    arrays.update(model.stage1_.arrays(f"{name}.stage1"))
    for k, layer in enumerate(model.stages_, start=2):
        arrays.update(layer.arrays(f"{name}.stage{k}"))
    if model.boost_ is not None:
        arrays.update(model.boost_.arrays(f"{name}.boost"))
        if model.boost_weight != 1.0:  # heads of the trees alone keep the arrays they had before 0.7.0
            arrays[f"{name}.boost.weight"] = np.array([model.boost_weight])
    return arrays


def _validate_heads(
    fitted: dict[str, tuple[LineModel, list[list[int]]]], folds: int, say: Callable[[str], None]
) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """Each head's keep rule and metrics on its out-of-fold lines, and all the heads' weights."""
    arrays: dict[str, np.ndarray] = {}
    metrics: dict[str, Any] = {}
    for name, (model, y) in fitted.items():
        result = _validate(model.oof_proba_, y)
        say(f"[{name}] validation, out of fold by site ({folds} folds):\n{result['report'].format()}")
        metrics[name] = {
            "keep_threshold": result["threshold"],
            "wall_margin": result["wall_margin"],
            **result["report"].as_dict(),
        }
        arrays.update(_head_arrays(name, model))
    return metrics, arrays


def _shared_keep_rules(metrics: dict[str, Any], draws: _Draws) -> dict[str, float]:
    """The keep threshold and wall margin of each kind of head ("keep_text", "wall_margin_text", ...)."""
    # The heads of a kind are averaged, so they share one keep rule: the mean of the rules each chose on
    # its own out-of-fold lines (each head's own rule stays in its metrics). The HTML heads' rule is a
    # record only: each mode decides with its text heads' (model.Model).
    thresholds: dict[str, float] = {}
    kinds = (("text", draws.text_names), ("textdom", list(draws.dom)), ("html", draws.html_names))
    for kind, kind_names in kinds:
        if not kind_names:
            continue
        for key, chosen in (("keep", "keep_threshold"), ("wall_margin", "wall_margin")):
            thresholds[f"{key}_{kind}"] = round(float(np.mean([metrics[n][chosen] for n in kind_names])), 3)
    return thresholds


def _choose_findings(
    fitted: dict[str, tuple[LineModel, list[list[int]]]], text_names: Sequence[str]
) -> tuple[float, float, dict[str, dict[str, float]]]:
    """The page-level findings rule (``present``, ``single_line``) and its out-of-fold scores."""
    # Page-level findings: the rule (how sure, how many lines) chosen on the text heads' out-of-fold
    # pages, where every page's walls are known.
    oof_pages, oof_labels = [], []
    for name in text_names:
        model, y = fitted[name]
        oof_pages += np.split(model.oof_proba_, np.cumsum([len(page) for page in y])[:-1])
        oof_labels += [np.asarray(page) for page in y]
    return choose_finding_thresholds(oof_pages, oof_labels)


def _hyperparameters(config: TrainConfig) -> dict[str, Any]:
    """The manifest's "hashing" and "training" sections: how the heads read text and were fitted."""
    return {
        "hashing": {
            "char_features": config.char_features,
            "char_analyzer": "char_wb",
            "char_ngram_range": [3, 5],
            "word_features": config.word_features,
            "word_ngram_range": [1, 2],
            "context_stages": config.context_stages,
            "boost_iterations": config.boost_iterations,
            "text_chars": TEXT_CHARS,
            "alternate_sign": False,
            "norm": "l2",
        },
        "training": {
            "alpha": config.alpha,
            "c1": config.c1,
            "c2": config.c2,
            "boost_depth": config.boost_depth,
            "boost_learning_rate": config.boost_learning_rate,
            "folds": config.folds,
            "validation": f"out of fold, GroupKFold by site, {config.folds} folds",
        },
    }


def _manifest(
    config: TrainConfig,
    draws: _Draws,
    metrics: dict[str, Any],
    thresholds: dict[str, float],
    findings: tuple[float, float, dict[str, dict[str, float]]],
) -> dict[str, Any]:
    """The manifest to write: versions, features, hyperparameters, training data, rules and metrics."""
    names = draws.names
    present, single_line, finding_metrics = findings
    return {
        "model_version": f"{MODEL_VERSION}+{draws.sha256[:8]}",
        "labels": [str(x) for x in LABELS],
        "feature_names": list(FEATURE_NAMES),
        "context_feature_names": context_feature_names(),
        "lexicons_sha256": lexicons_sha256(),
        "structure_feature_names": structure_feature_names() if "html" in names else [],
        "heads": sorted(names),
        **_hyperparameters(config),
        "training_data": {
            "sha256": draws.sha256,
            "kits": len(draws.kits),
            "wall_sets": len(draws.walls),
            "documents": len(draws.docs),
            "lines": sum(draws.label_counts.values()),
            "labels": dict(sorted(draws.label_counts.items())),
            "languages": dict(sorted(Counter(d.lang for d in draws.docs).items())),
        },
        "thresholds": {
            "keep": thresholds["keep_text"],
            **thresholds,
            "finding": present,
            "finding_single_line": single_line,
            "hard_paywall_share": 0.25,
            "hard_paywall_words": 350,
        },
        "metrics": {"validation": metrics, "findings": finding_metrics},
    }


def train(config: TrainConfig, say: Callable[[str], None] = print) -> dict[str, Any]:
    """The module's steps 1-4: compose, fit, validate, write and verify; returns the manifest as written."""
    draws = _compose(config)
    lines = sum(draws.label_counts.values())
    say(f"{len(draws.kits)} site kits -> {len(draws.docs)} documents, {lines} lines")
    fitted = _fit_heads(draws, config, say)
    metrics, arrays = _validate_heads(fitted, config.folds, say)
    thresholds = _shared_keep_rules(metrics, draws)
    findings = _choose_findings(fitted, draws.text_names)
    present, single_line, finding_metrics = findings
    say(f"findings: present {present}, single line {single_line}, out of fold {finding_metrics}")
    manifest = _manifest(config, draws, metrics, thresholds, findings)
    written = artifact.save(config.out_dir, manifest, arrays)
    load_model(config.out_dir)  # refuse to finish with an artifact that does not load
    say(f"wrote {config.out_dir} (weights sha256 {written['weights']['sha256'][:16]}...)")
    return written
