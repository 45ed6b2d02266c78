"""The public face of the library: a loaded model that cleans pages.

``load_model()`` reads and verifies the shipped artifact once; ``Model.classify_text`` and
``Model.classify_html`` run the whole flow — segment, features, two-stage scoring, keep decision,
page findings — and return a ``PageResult``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from classifier import artifact
from classifier.boosting import TreeEnsemble
from classifier.decision import keep_in_text
from classifier.errors import ArtifactError, InputError
from classifier.features import FEATURE_NAMES, page_features
from classifier.findings import FindingThresholds, page_findings
from classifier.headline import headline_at, within_article
from classifier.html_rules import ContainerRule, keep_in_html
from classifier.language import detect_language
from classifier.layers import LinearLayer, TextLayers
from classifier.lexicon import lexicons_sha256
from classifier.segment import segment_text
from classifier.stacking import TEXT_CHARS, LineModel, context_feature_names
from classifier.topicality import page_topicality, topic_basis
from classifier.types import LABELS, Label, Line, PageResult, make_result

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
_CONTENT = LABELS.index(Label.CONTENT)
_LABEL_NAMES = [str(label) for label in LABELS]


@dataclass(frozen=True)
class Heads:
    """Which feature sets each head uses; recorded in, and checked against, the manifest."""

    texts: tuple[LineModel, ...]
    """Text heads trained on differently composed pages (see train.py): their mean is steadier."""
    htmls: tuple[LineModel, ...] = ()
    """HTML heads, likewise (none: the model reads HTML with the text heads alone)."""
    dom_texts: tuple[LineModel, ...] = ()
    """Text heads for HTML mode, trained on the same draws as ``texts`` without the repeated article
    lines (docs/journal/quality-log.md, session 13); none: HTML mode reads ``texts``."""


def text_dense(page: Sequence[Line]) -> np.ndarray:
    return page_features(page)


def html_dense(page: Sequence[Line], base: np.ndarray | None = None) -> np.ndarray:
    from classifier.structure import structure_features

    return np.hstack([page_features(page) if base is None else base, structure_features(page)])


HTML_HEAD_WEIGHT = 0.35
"""The HTML heads' weight against the text heads' in HTML mode's product of experts (docs/quality.md:
with the container rule supplying the page's structure, the heads' own reading of it counts about a
third; half until session 8, when the text heads had grown surer and 0.35 won on both halves of the
evaluation pages)."""


HTML_HEAD_FLOOR = 1e-4
"""The least probability the HTML heads give any label in the product of experts. Trained on templates far
more regular than real markup, they can be certain from one markup word (a category slug "meal-plans"
on the element around a whole article: every line a paywall at P 1.0). The floor bounds how far they
can outvote the text heads: ln(1/floor) x 0.35/1.35, about 2.4 nats, a factor of eleven
(docs/journal/quality-log.md, "Session 11"; 1e-12, no floor, until then)."""


def combine_heads(
    p_text: np.ndarray,
    p_html: np.ndarray,
    *,
    weight: float = HTML_HEAD_WEIGHT,
    floor: float = HTML_HEAD_FLOOR,
) -> np.ndarray:
    """HTML mode's probabilities: the text heads' and the HTML heads' (floored at ``floor``) as a product
    of experts with the HTML heads at ``weight``."""
    return product_of_experts(p_text, np.maximum(p_html, floor), weights=(1.0, weight))


def product_of_experts(*probas: np.ndarray, weights: Sequence[float] | None = None) -> np.ndarray:
    """Normalised weighted geometric mean of several heads' probabilities: a label stays probable
    only where every head finds it probable. Equal weights unless ``weights`` gives one per head."""
    logs = [np.log(np.maximum(p, 1e-12)) for p in probas]
    log = np.average(logs, axis=0, weights=weights)
    log -= log.max(axis=1, keepdims=True)
    out: np.ndarray = np.exp(log)
    return out / out.sum(axis=1, keepdims=True)


def structure_feature_names() -> list[str]:
    try:
        from classifier.structure import STRUCTURE_FEATURE_NAMES
    except ImportError:
        return []
    return list(STRUCTURE_FEATURE_NAMES)


def expected_manifest_fields() -> dict[str, Any]:
    """What the running code needs an artifact to agree with: its labels, its feature names, and the
    phrase and markup lists those features count (``lexicon.lexicons_sha256``)."""
    return {
        "labels": [str(label) for label in LABELS],
        "feature_names": list(FEATURE_NAMES),
        "context_feature_names": context_feature_names(),
        "lexicons_sha256": lexicons_sha256(),
    }


def line_model_from_arrays(
    arrays: dict[str, np.ndarray], head: str, dense: Callable[[Sequence[Line]], np.ndarray], hashing: dict
) -> LineModel:
    model = LineModel(
        dense=dense,
        char_features=int(hashing["char_features"]),
        word_features=int(hashing["word_features"]),
        # The trees' weight against the context stage (``LineModel.blend``); none stored: the trees alone.
        boost_weight=float(arrays[f"{head}.boost.weight"][0]) if f"{head}.boost.weight" in arrays else 1.0,
    )
    model.text_ = LinearLayer.from_arrays(arrays, f"{head}.text")
    model.stage1_ = LinearLayer.from_arrays(arrays, f"{head}.stage1")
    model.stages_ = [
        LinearLayer.from_arrays(arrays, f"{head}.stage{k}")
        for k in range(2, 2 + int(hashing.get("context_stages", 1)))
    ]
    model.boost_ = (
        TreeEnsemble.from_arrays(arrays, f"{head}.boost") if hashing.get("boost_iterations") else None
    )
    return model


class Model:
    """A verified, loaded model. Thread-safe: it holds no per-call state."""

    def __init__(self, manifest: dict[str, Any], heads: Heads) -> None:
        self.manifest = manifest
        self.heads = heads
        self.mode_heads = {False: (heads.texts, ()), True: (heads.dom_texts or heads.texts, heads.htmls)}
        """Per mode (structured or not), the text heads and the HTML heads it reads."""
        self.text_layers = {
            structured: TextLayers([head.text_ for head in (*texts, *htmls)])
            for structured, (texts, htmls) in self.mode_heads.items()
        }
        """Per mode, its heads' text layers, all scored in one product (text heads first)."""
        thresholds = manifest.get("thresholds", {})
        keep = float(thresholds.get("keep", 0.5))
        # Each mode decides with its text heads' rule: HTML mode multiplies in the HTML heads
        # (``_proba``), whose own validation is far too optimistic (docs/quality.md) for a threshold
        # chosen on it to carry over to real pages, while the text heads' is close to them.
        self.keep_threshold = float(thresholds.get("keep_text", keep))
        self.wall_margin = float(thresholds.get("wall_margin_text", 1.0))
        self.structured_keep_threshold = float(thresholds.get("keep_textdom", self.keep_threshold))
        self.structured_wall_margin = float(thresholds.get("wall_margin_textdom", self.wall_margin))
        self.container = ContainerRule()
        defaults = FindingThresholds()
        self.findings = FindingThresholds(
            present=float(thresholds.get("finding", defaults.present)),
            single_line=float(thresholds.get("finding_single_line", defaults.single_line)),
            hard_paywall_share=float(thresholds.get("hard_paywall_share", defaults.hard_paywall_share)),
            hard_paywall_words=int(thresholds.get("hard_paywall_words", defaults.hard_paywall_words)),
        )

    @property
    def version(self) -> str:
        return str(self.manifest.get("model_version", "unknown"))

    # -- the flow ---------------------------------------------------------------------------------
    def classify_lines(
        self,
        lines: Sequence[Line],
        *,
        accessible_for_free: bool | None = None,
        structured: bool = False,
        titles: Sequence[str] = (),
    ) -> PageResult:
        """``titles``: the document's own titles (``PageHints.titles``); in HTML mode the ``<h1>`` they
        name is the page's headline, given as ``PageResult.title`` and not in its text, and the article
        begins there and lies in its element (``headline.within_article``)."""
        proba = self._proba(lines, structured=structured) if lines else np.zeros((0, len(LABELS)))
        keep = self.keep_decisions(lines, proba, structured=structured)
        headline = headline_at(lines, titles) if structured else None
        if headline is not None:
            keep = within_article(lines, keep, headline)
        return self._decide(lines, proba, keep, accessible_for_free=accessible_for_free, headline=headline)

    def keep_decisions(
        self,
        lines: Sequence[Line],
        proba: np.ndarray,
        *,
        structured: bool,
        container: ContainerRule | None = None,
    ) -> np.ndarray:
        """Which lines to keep: text mode's decision (``decision.keep_in_text``) or HTML mode's
        (``html_rules.keep_in_html``), each with this model's keep threshold and wall margin.
        ``container`` replaces HTML mode's shipped settings (``bench/html_rules.py`` compares
        variants)."""
        if not structured:
            return keep_in_text(lines, proba, self.keep_threshold, self.wall_margin)
        return keep_in_html(
            lines,
            proba,
            self.structured_keep_threshold,
            self.structured_wall_margin,
            container or self.container,
        )

    def head_probabilities(
        self, lines: Sequence[Line], *, structured: bool
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """The text heads' mean (in HTML mode, of ``Heads.dom_texts`` when the model has them) and, in
        HTML mode, the HTML heads' mean (None in text mode).
        All heads share one pass of line features, hashed n-grams, topicality (and its ``TopicBasis``)
        and the text layers' product (``TextLayers``), so each further head costs only its other
        layers."""
        first = self.heads.texts[0]
        sparse = first.sparse_page(lines)
        base = page_features(lines)
        basis = topic_basis(sparse, first.char_features)
        topic = page_topicality(lines, sparse, first.char_features, basis)
        texts, htmls = self.mode_heads[structured]
        products = self.text_layers[structured].products(sparse)

        def mean(
            heads: tuple[LineModel, ...], dense: np.ndarray, text_products: list[np.ndarray]
        ) -> np.ndarray:
            return np.mean(
                [
                    h.predict_proba_page(
                        lines, dense=dense, sparse=sparse, topic=topic, text_product=product, basis=basis
                    )
                    for h, product in zip(heads, text_products, strict=True)
                ],
                axis=0,
            )

        p_text = mean(texts, base, products[: len(texts)])
        if not htmls:
            return p_text, None
        return p_text, mean(htmls, html_dense(lines, base), products[len(texts) :])

    def _proba(self, lines: Sequence[Line], *, structured: bool) -> np.ndarray:
        """The text heads' mean; in HTML mode times the HTML heads' mean, as a product of experts.

        The HTML head learned from our rendered templates, whose markup is far more regular than real
        sites'; alone it trusts structure too much (0.97 content F1 on its own validation, 0.79 token
        F1 on real pages). The text heads read the same lines without structure. Requiring both to
        agree beats either alone on real pages, with the HTML heads at a weight of 0.35 and never below
        ``HTML_HEAD_FLOOR`` (docs/quality.md).
        """
        p_text, p_html = self.head_probabilities(lines, structured=structured)
        if p_html is None:
            return p_text
        return combine_heads(p_text, p_html)

    def classify_text(self, text: str, *, max_lines: int | None = None) -> PageResult:
        if not isinstance(text, str):
            raise InputError("text must be a string", code="not_text")
        return self.classify_lines(segment_text(text, max_lines=max_lines))

    def classify_html(
        self,
        html: str | bytes,
        *,
        max_nodes: int | None = None,
        max_lines: int | None = None,
        timeout_s: float | None = None,
    ) -> PageResult:
        """``max_lines`` caps the visible blocks, as ``classify_text`` caps lines: scoring costs time
        in proportion to them, and the deadline is only checked once they are scored."""
        from classifier.dom import read_html

        deadline = time.monotonic() + timeout_s if timeout_s is not None else None
        page = read_html(html, timeout_s=timeout_s, **({"max_nodes": max_nodes} if max_nodes else {}))
        if max_lines is not None and len(page.lines) > max_lines:
            raise InputError(
                f"the page has {len(page.lines)} text blocks; the limit is {max_lines}", code="too_many_lines"
            )
        result = self.classify_lines(
            page.lines,
            accessible_for_free=page.hints.accessible_for_free,
            structured=True,
            titles=page.hints.titles,
        )
        if deadline is not None and time.monotonic() > deadline:
            raise InputError(f"the page took longer than {timeout_s} s to classify", code="timeout")
        return replace(result, metadata=page.hints.metadata)

    def _decide(
        self,
        lines: Sequence[Line],
        proba: np.ndarray,
        keep: np.ndarray,
        *,
        accessible_for_free: bool | None,
        headline: int | None = None,
    ) -> PageResult:
        """The page's result from its decisions. The line at ``headline`` is labelled ``content`` and
        given as the title, not in the text."""
        others = proba.copy()
        others[:, _CONTENT] = -1.0
        columns = np.where(keep, _CONTENT, others.argmax(axis=1)).tolist() if len(lines) else []
        rounded = np.round(proba, 4).tolist()
        shown = keep
        if headline is not None:
            columns[headline] = _CONTENT
            shown = keep.copy()
            shown[headline] = False
        results = [
            make_result(line, LABELS[column], row[column], kept, dict(zip(_LABEL_NAMES, row, strict=True)))
            for line, column, row, kept in zip(lines, columns, rounded, shown.tolist(), strict=True)
        ]
        word_counts = [len(line.text.split()) for line in lines]
        consent, paywall, adblock = page_findings(
            proba, keep.tolist(), word_counts, self.findings, accessible_for_free=accessible_for_free
        )
        return PageResult(
            lines=tuple(results),
            consent_banner=consent,
            paywall=paywall,
            adblock_wall=adblock,
            language=detect_language([line.text for line in lines]),
            title_line=None if headline is None else lines[headline].index,
        )


def load_model(directory: Path | str | None = None) -> Model:
    """Load and verify the artifact in ``directory`` (default: the shipped ``models/``)."""
    path = Path(directory) if directory is not None else DEFAULT_MODEL_DIR
    loaded = artifact.load(path, expect=expected_manifest_fields())
    manifest, arrays = loaded.manifest, loaded.arrays
    hashing = manifest.get("hashing")
    if not isinstance(hashing, dict):
        raise ArtifactError("model manifest has no hashing parameters")
    if hashing.get("text_chars") != TEXT_CHARS:
        raise ArtifactError("model was trained on another text length for n-grams; retrain it")
    try:
        heads = manifest.get("heads", [])
        names = _heads_of(heads, "text")
        if not names:
            raise ArtifactError("model manifest lists no text head")
        text_heads = tuple(line_model_from_arrays(arrays, name, text_dense, hashing) for name in names)
        dom_heads = tuple(
            line_model_from_arrays(arrays, name, text_dense, hashing) for name in _heads_of(heads, "textdom")
        )
        html_names = _heads_of(heads, "html")
        if html_names and manifest.get("structure_feature_names") != structure_feature_names():
            raise ArtifactError(
                "model's HTML structure features differ from this code's; retrain with `linesift train`"
            )
        html_heads = tuple(line_model_from_arrays(arrays, name, html_dense, hashing) for name in html_names)
    except KeyError as exc:
        raise ArtifactError(f"model weights lack the array {exc}") from exc
    except ValueError as exc:
        raise ArtifactError(f"model weights are inconsistent: {exc}") from exc
    return Model(manifest, Heads(texts=text_heads, htmls=html_heads, dom_texts=dom_heads))


def _heads_of(names: Sequence[str], kind: str) -> list[str]:
    """The heads of one kind ("text", "textdom", "html") in order: the kind's name first, then
    name1, name2, ..."""
    numbered = {name: name.removeprefix(kind) for name in names if name.startswith(kind)}
    return sorted(
        (name for name, suffix in numbered.items() if suffix == "" or suffix.isdigit()),
        key=lambda name: int(numbered[name] or 0),
    )
