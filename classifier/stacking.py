"""The learned part: a two-stage linear line classifier over whole pages.

Three linear layers, each a set of arrays:

* the *text* layer, a multinomial naive Bayes over the line's hashed character and word n-grams: what
  does the wording alone say (it is linear in the n-gram counts, so it exports as a matrix);
* *stage 1*, a logistic regression over the text layer's log-probabilities and the dense page features
  (shape, position, neighbours; plus structure in HTML mode);
* *stage 2*, a logistic regression over stage 1's probabilities for the line and its neighbours and the
  dense features again, where on the page stage 1's content lies (before and after the line) and how
  much the line shares its wording: a short subheading between two paragraphs stays content, a
  same-looking teaser between two menus or after the article does not;
* optionally, *boosted trees* over stage 2's inputs that re-answer "content or not" (``boosting.py``):
  the interactions a linear stage cannot express.

Each layer is fitted on the previous layer's *out-of-fold* outputs (folds by site), so it learns how far
to trust that layer on unseen sites rather than on lines the layer has memorised. The last layer is
cross-validated the same way, so ``oof_proba_`` holds every training line's probabilities from a model
that never saw its site: validation by group without a second fit.

This module holds stage 2's inputs (``stage2_features``, its columns named by ``context_feature_names``)
and ``LineModel``, which fits the layers and chains them; the layers themselves, as arrays, are in
``layers.py``, and the line's wording against the page's (topicality) in ``topicality.py``.

``LineModel`` follows scikit-learn's estimator contract: keyword-only ``__init__`` that only stores,
``fit`` validates and returns ``self``, learned state in ``*_`` attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator
from sklearn.model_selection import GroupKFold

from classifier.boosting import TreeEnsemble, with_content
from classifier.features import FEATURE_NAMES, text_hashers
from classifier.layers import MAX_FIT_ROWS, LinearLayer, fit_layer, fit_text_layer, text_evidence
from classifier.ngrams import ngram_hasher
from classifier.topicality import TopicBasis, page_topicality, topic_basis, topicality
from classifier.types import LABELS, Line

Page = Sequence[Line]
DenseFn = Callable[[Page], np.ndarray]

TEXT_CHARS = 200
"""Only a line's first characters are hashed into n-grams (recorded in the manifest)."""
_STAGE2_OFFSETS = (-2, -1, 1, 2)
_STAGE2_WINDOW = 4
_STAGE2_FAR = 12
_CONTENT = LABELS.index("content")
_LOG_WORDS = FEATURE_NAMES.index("log_words")


def context_feature_names() -> list[str]:
    """Names of stage 2's context columns, in order (the dense features follow them): recorded in the
    manifest, so a model whose stage 2 read other columns is refused by name."""
    labels = [str(label) for label in LABELS]
    names = list(labels)
    for offset in _STAGE2_OFFSETS:
        names += [f"{label}@{offset:+d}" for label in labels]
    names += [f"{label}@window{_STAGE2_WINDOW}" for label in labels]
    names += [f"{label}@page" for label in labels]
    names += [f"content_{kind}_{side}" for kind in ("lines", "words") for side in ("before", "after")]
    names += [f"content@next{_STAGE2_FAR}", f"content@previous{_STAGE2_FAR}"]
    names += ["content_topicality_chars", "content_topicality_words"]
    return names


def stage2_features(
    p1: np.ndarray, dense: np.ndarray, sparse: sp.csr_matrix, n_chars: int, basis: TopicBasis | None = None
) -> np.ndarray:
    """Stage 2's input for one page: stage 1 probabilities around each line, where its content lies, how
    much the line shares the wording of that content, and the dense features (columns named by
    ``context_feature_names``, then ``dense``). ``dense`` starts with the columns of
    ``features.FEATURE_NAMES``: their ``log_words`` weighs the content by words. ``sparse`` is the
    page's hashed n-grams, the first ``n_chars`` columns the character n-grams (``basis``: its
    ``topic_basis``, when already made)."""
    n, k = p1.shape
    pad = max(max(abs(o) for o in _STAGE2_OFFSETS), _STAGE2_WINDOW)
    padded = np.vstack([np.zeros((pad, k)), p1, np.zeros((pad, k))])
    cols = [p1]
    cols += [padded[pad + o : pad + o + n] for o in _STAGE2_OFFSETS]
    cum = np.vstack([np.zeros((1, k)), np.cumsum(p1, axis=0)])
    idx = np.arange(n)
    lo = np.clip(idx - _STAGE2_WINDOW, 0, n)
    hi = np.clip(idx + _STAGE2_WINDOW + 1, 0, n)
    cols.append((cum[hi] - cum[lo]) / (hi - lo)[:, None])
    # The page's overall mix: how much of it stage 1 thinks is content, walls, navigation.
    cols.append(np.repeat(p1.mean(axis=0, keepdims=True), n, axis=0))
    cols.append(_content_ahead_behind(p1[:, _CONTENT], dense[:, _LOG_WORDS]))
    # The line's wording against stage 1's article (the other lines weighted by P(content)): a teaser
    # for another story shares little of it, a subheading of this one shares its words.
    cols.append(topicality(sparse, n_chars, p1[:, _CONTENT], basis))
    return np.hstack([*cols, dense]).astype(np.float32)


def _content_ahead_behind(content: np.ndarray, log_words: np.ndarray) -> np.ndarray:
    """Where stage 1's content lies around each line: its share of the page's expected content (by
    lines and by words) before and after the line, and its mean over the next and the previous
    ``_STAGE2_FAR`` lines. A subheading has the article ahead of it; a list of teasers after the
    article has nothing content-like ahead, however much each headline looks like one."""
    n = content.shape[0]
    words = content * np.expm1(log_words)
    out = np.empty((n, 6))
    for col, mass in ((0, content), (2, words)):
        cum = np.cumsum(mass)
        total = max(float(cum[-1]), 1e-9)
        out[:, col] = (cum - mass) / total
        out[:, col + 1] = (cum[-1] - cum) / total
    cum = np.concatenate([[0.0], np.cumsum(content)])
    idx = np.arange(n)
    ahead_hi = np.minimum(idx + 1 + _STAGE2_FAR, n)
    out[:, 4] = (cum[ahead_hi] - cum[idx + 1]) / np.maximum(ahead_hi - idx - 1, 1)
    behind_lo = np.maximum(idx - _STAGE2_FAR, 0)
    out[:, 5] = (cum[idx] - cum[behind_lo]) / np.maximum(idx - behind_lo, 1)
    return out


class LineModel(BaseEstimator):
    """Two-stage stacked line classifier. ``fit`` takes pages of lines and their label ids."""

    def __init__(
        self,
        *,
        dense: DenseFn | None = None,
        char_features: int = 2**16,
        word_features: int = 2**15,
        alpha: float = 0.1,
        c1: float = 1.0,
        c2: float = 1.0,
        context_stages: int = 1,
        boost_iterations: int = 0,
        boost_depth: int = 4,
        boost_learning_rate: float = 0.2,
        boost_weight: float = 1.0,
        folds: int = 4,
    ) -> None:
        self.dense = dense
        self.char_features = char_features
        self.word_features = word_features
        self.alpha = alpha
        self.c1 = c1
        self.c2 = c2
        self.context_stages = context_stages
        self.boost_iterations = boost_iterations
        self.boost_depth = boost_depth
        self.boost_learning_rate = boost_learning_rate
        self.boost_weight = boost_weight
        self.folds = folds

    # -- helpers ---------------------------------------------------------------------------------
    def sparse_page(self, page: Page) -> sp.csr_matrix:
        """The page's hashed n-gram matrix (heads with the same hashing parameters can share it): the
        same matrix as ``_sparse([page])``, from the word-cached hasher in ``classifier/ngrams.py``."""
        hasher = ngram_hasher(self.char_features, self.word_features)
        return hasher.transform([line.text[:TEXT_CHARS] for line in page])

    def _sparse(self, pages: Sequence[Page]) -> sp.csr_matrix:
        char, word = text_hashers(self.char_features, self.word_features)
        # The wording of a line's start says what it is; a long paragraph's tail only costs time.
        texts = [line.text[:TEXT_CHARS] for page in pages for line in page]
        return sp.hstack([char.transform(texts), word.transform(texts)], format="csr")

    def _dense(self, pages: Sequence[Page]) -> list[np.ndarray]:
        if self.dense is None:
            raise ValueError("LineModel needs a dense feature function")
        return [self.dense(page) for page in pages]

    # -- estimator API ---------------------------------------------------------------------------
    def fit(
        self,
        pages: Sequence[Page],
        labels: Sequence[Sequence[int]],
        groups: Sequence[str],
        *,
        progress: Callable[[str], None] | None = None,
    ) -> LineModel:
        if not (len(pages) == len(labels) == len(groups)):
            raise ValueError("pages, labels and groups must have the same length")
        if any(len(p) != len(y) for p, y in zip(pages, labels, strict=True)):
            raise ValueError("every page needs one label per line")
        if len(set(groups)) < self.folds:
            raise ValueError(f"need at least {self.folds} groups for out-of-fold stacking")
        say = progress or (lambda _msg: None)
        sizes = np.array([len(p) for p in pages])
        offsets = np.concatenate([[0], np.cumsum(sizes)])
        y = np.concatenate([np.asarray(lab, dtype=np.int64) for lab in labels])
        sparse = self._sparse(pages)
        dense_pages = [
            np.hstack([d, page_topicality(page, sparse[offsets[i] : offsets[i + 1]], self.char_features)])
            for i, (page, d) in enumerate(zip(pages, self._dense(pages), strict=True))
        ]
        dense = np.vstack(dense_pages)
        # Each page weighs the same whatever its length, and rare labels are not drowned out.
        weights = np.repeat(1.0 / np.sqrt(sizes), sizes)
        counts = np.bincount(y, minlength=len(LABELS)).astype(np.float64)
        weights *= (counts.sum() / np.maximum(counts, 1) / len(LABELS))[y] ** 0.5
        weights *= len(weights) / weights.sum()

        splits = list(GroupKFold(n_splits=self.folds).split(np.zeros(len(pages)), groups=np.asarray(groups)))
        rows = [
            (
                np.concatenate([np.arange(offsets[i], offsets[i + 1]) for i in train_pages]),
                np.concatenate([np.arange(offsets[i], offsets[i + 1]) for i in test_pages]),
            )
            for train_pages, test_pages in splits
        ]
        say("text layer")
        evidence = np.zeros((len(y), len(LABELS)))
        for tr, te in rows:
            layer = fit_text_layer(sparse[tr], y[tr], alpha=self.alpha, weights=weights[tr])
            evidence[te] = text_evidence(layer, sparse[te])
        self.text_ = fit_text_layer(sparse, y, alpha=self.alpha, weights=weights)

        stage1_in = np.hstack([evidence, dense])
        oof = np.zeros((len(y), len(LABELS)))
        for fold, (tr, te) in enumerate(rows):
            say(f"stage 1, fold {fold + 1}/{self.folds}")
            layer = fit_layer(stage1_in[tr], y[tr], c=self.c1, weights=weights[tr])
            oof[te] = layer.proba(None, stage1_in[te])
        say("stage 1, all data")
        self.stage1_ = fit_layer(stage1_in, y, c=self.c1, weights=weights)
        # Each later stage reads the previous stage's out-of-fold probabilities around every line, and
        # is itself cross-validated: the last stage's out-of-fold probabilities are what the model
        # says about sites it never saw, the honest ground for thresholds and validation metrics.
        self.stages_: list[LinearLayer] = []
        for stage in range(2, 2 + self.context_stages):
            stacked = np.vstack(
                [
                    stage2_features(
                        oof[offsets[i] : offsets[i + 1]],
                        dense_pages[i],
                        sparse[offsets[i] : offsets[i + 1]],
                        self.char_features,
                    )
                    for i in range(len(pages))
                ]
            )
            following = np.zeros((len(y), len(LABELS)))
            for fold, (tr, te) in enumerate(rows):
                say(f"stage {stage}, fold {fold + 1}/{self.folds}")
                layer = fit_layer(stacked[tr], y[tr], c=self.c2, weights=weights[tr])
                following[te] = layer.proba(None, stacked[te])
            say(f"stage {stage}, all data")
            self.stages_.append(fit_layer(stacked, y, c=self.c2, weights=weights))
            oof = following
        self.boost_: TreeEnsemble | None = None
        if self.boost_iterations and self.stages_:
            # Trees over the last context stage's inputs answer "content or not" (see boosting.py).
            content = y == 0
            boosted = oof.copy()
            for fold, (tr, te) in enumerate(rows):
                say(f"boosted trees, fold {fold + 1}/{self.folds}")
                trees = self._fit_trees(stacked[tr], content[tr], weights[tr])
                boosted[te] = with_content(oof[te], self.blend(trees.proba(stacked[te]), oof[te]))
            say("boosted trees, all data")
            self.boost_ = self._fit_trees(stacked, content, weights)
            oof = boosted
        self.oof_proba_ = oof
        return self

    def blend(self, trees: np.ndarray, proba: np.ndarray) -> np.ndarray:
        """P(content): the trees' answer weighed ``boost_weight`` against the context stage's (``proba``,
        its column 0). The trees re-decide "content or not" from the stage's inputs without its answer;
        alone (weight 1) they could overturn a stage that was sure of a wall: the canonical example's
        closing support note, read as ad-block at 0.85 by the stage and as content at 0.5-0.6 by the
        trees (docs/journal/quality-log.md, session 15)."""
        return self.boost_weight * trees + (1.0 - self.boost_weight) * proba[:, 0]

    def _fit_trees(self, x: np.ndarray, y: np.ndarray, weights: np.ndarray) -> TreeEnsemble:
        """Trees on a sample of lines drawn in proportion to their weights (deterministically): the
        same emphasis as weighted fitting, at a fraction of its cost (``TreeEnsemble.fit``)."""
        rng = np.random.default_rng(0)
        rows = np.sort(rng.choice(len(y), size=min(len(y), MAX_FIT_ROWS), p=weights / weights.sum()))
        return TreeEnsemble.fit(
            x[rows],
            y[rows],
            iterations=self.boost_iterations,
            max_depth=self.boost_depth,
            learning_rate=self.boost_learning_rate,
        )

    def predict_proba_page(
        self,
        page: Page,
        dense: np.ndarray | None = None,
        sparse: sp.csr_matrix | None = None,
        topic: np.ndarray | None = None,
        text_product: np.ndarray | None = None,
        basis: TopicBasis | None = None,
    ) -> np.ndarray:
        """Label probabilities for one page's lines, shape ``(len(page), len(LABELS))``; ``dense``,
        ``sparse``, ``topic``, ``text_product`` (``layers.TextLayers.products``) and ``basis``
        (``topic_basis``) may be passed in when already computed for this page."""
        if not page:
            return np.zeros((0, len(LABELS)))
        dense = self.dense(page) if dense is None else dense  # type: ignore[misc]
        sparse = self.sparse_page(page) if sparse is None else sparse
        if basis is None:
            basis = topic_basis(sparse, self.char_features)
        topic = page_topicality(page, sparse, self.char_features, basis) if topic is None else topic
        dense = np.hstack([dense, topic])
        evidence = text_evidence(self.text_, sparse, text_product)
        proba = self.stage1_.proba(None, np.hstack([evidence, dense]))
        stacked = None
        for layer in self.stages_:
            stacked = stage2_features(proba, dense, sparse, self.char_features, basis)
            proba = layer.proba(None, stacked)
        if self.boost_ is not None and stacked is not None:
            proba = with_content(proba, self.blend(self.boost_.proba(stacked), proba))
        return proba

    def predict_proba(self, pages: Sequence[Page]) -> list[np.ndarray]:
        return [self.predict_proba_page(page) for page in pages]
