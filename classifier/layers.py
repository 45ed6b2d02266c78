"""The linear layers of ``stacking.LineModel``: how each one scores, is fitted, and ships as arrays.

A ``LinearLayer`` is a softmax regression over a sparse block (the hashed n-grams) and a standardised
dense block, kept as plain arrays: it scores with a couple of matrix products and goes into the
artifact's ``.npz`` and back (``arrays``, ``from_arrays``) without pickle. It is fitted one of two ways:

* ``fit_text_layer``, a multinomial naive Bayes over the n-grams: linear in their counts, so it exports
  as a matrix like any other layer; ``text_evidence`` is what it hands on to stage 1;
* ``fit_layer``, a logistic regression over dense features (stage 1 and the context stages).

``TextLayers`` scores several heads' text layers with one sparse product.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import MultinomialNB

from classifier.types import LABELS


@dataclass(frozen=True)
class LinearLayer:
    """Softmax regression with a standardised dense block: everything needed to score, as arrays."""

    coef: np.ndarray  # (n_classes, n_sparse + n_dense)
    intercept: np.ndarray  # (n_classes,)
    mean: np.ndarray  # (n_dense,)
    scale: np.ndarray  # (n_dense,)
    sparse_coef_t: np.ndarray = field(init=False, repr=False, compare=False)
    """The sparse block of ``coef``, transposed and contiguous: scipy copies a transposed view into
    this layout on every product (3.5 MB, a third of a millisecond, per head and page)."""

    def __post_init__(self) -> None:
        n_sparse = self.coef.shape[1] - self.mean.shape[0]
        object.__setattr__(self, "sparse_coef_t", np.ascontiguousarray(self.coef[:, :n_sparse].T))

    def logits(
        self, sparse: sp.csr_matrix | None, dense: np.ndarray | None, sparse_product: np.ndarray | None = None
    ) -> np.ndarray:
        """``sparse_product``: ``sparse @ sparse_coef_t``, when already computed (``TextLayers``)."""
        n_dense = self.mean.shape[0]
        n_sparse = self.coef.shape[1] - n_dense
        out: np.ndarray = self.intercept.astype(np.float64)
        if n_dense:
            out = out + ((dense - self.mean) / self.scale) @ self.coef[:, n_sparse:].T
        if n_sparse:
            out = out + (
                np.asarray(sparse @ self.sparse_coef_t) if sparse_product is None else sparse_product
            )
        return out

    def log_proba(
        self, sparse: sp.csr_matrix | None, dense: np.ndarray | None, sparse_product: np.ndarray | None = None
    ) -> np.ndarray:
        z = self.logits(sparse, dense, sparse_product)
        z -= z.max(axis=1, keepdims=True)
        z -= np.log(np.exp(z).sum(axis=1, keepdims=True))
        return z

    def proba(self, sparse: sp.csr_matrix | None, dense: np.ndarray | None) -> np.ndarray:
        return np.exp(self.log_proba(sparse, dense))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}.coef": self.coef,
            f"{prefix}.intercept": self.intercept,
            f"{prefix}.mean": self.mean,
            f"{prefix}.scale": self.scale,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> LinearLayer:
        return cls(
            coef=arrays[f"{prefix}.coef"],
            intercept=arrays[f"{prefix}.intercept"],
            mean=arrays[f"{prefix}.mean"],
            scale=arrays[f"{prefix}.scale"],
        )


MAX_FIT_ROWS = 30_000
"""The most lines a dense layer (or ``LineModel``'s trees) is fitted on: larger sets are sampled."""


def fit_layer(dense: np.ndarray, y: np.ndarray, *, c: float, weights: np.ndarray) -> LinearLayer:
    """Softmax regression on standardised dense features.

    A few hundred coefficients need no more than tens of thousands of lines: larger sets are
    subsampled (deterministically) to keep training within minutes on two cores.
    """
    if len(y) > MAX_FIT_ROWS:
        rows = np.sort(np.random.default_rng(0).choice(len(y), MAX_FIT_ROWS, replace=False))
        dense, y, weights = dense[rows], y[rows], weights[rows]
    mean = dense.mean(axis=0)
    scale = dense.std(axis=0)
    scale[scale < 1e-6] = 1.0
    x = (dense - mean) / scale
    clf = LogisticRegression(C=c, max_iter=300, tol=1e-3)
    clf.fit(x, y, sample_weight=weights)
    coef = np.zeros((len(LABELS), x.shape[1]), dtype=np.float32)
    intercept = np.full(len(LABELS), -30.0, dtype=np.float32)  # a label never seen stays improbable
    for row, cls in enumerate(clf.classes_):
        coef[cls] = clf.coef_[row]
        intercept[cls] = clf.intercept_[row]
    return LinearLayer(
        coef=coef,
        intercept=intercept,
        mean=mean.astype(np.float32),
        scale=scale.astype(np.float32),
    )


def fit_text_layer(sparse: sp.csr_matrix, y: np.ndarray, *, alpha: float, weights: np.ndarray) -> LinearLayer:
    """Multinomial naive Bayes over the hashed n-grams, as a layer with no dense block."""
    nb = MultinomialNB(alpha=alpha)
    nb.fit(sparse, y, sample_weight=weights)
    coef = np.full((len(LABELS), sparse.shape[1]), -30.0, dtype=np.float32)
    intercept = np.full(len(LABELS), -30.0, dtype=np.float32)
    for row, cls in enumerate(nb.classes_):
        coef[cls] = nb.feature_log_prob_[row]
        intercept[cls] = nb.class_log_prior_[row]
    empty = np.zeros(0, dtype=np.float32)
    return LinearLayer(coef=coef, intercept=intercept, mean=empty, scale=empty)


def text_evidence(layer: LinearLayer, sparse: sp.csr_matrix, product: np.ndarray | None = None) -> np.ndarray:
    """The text layer's log-probabilities, floored so one unseen n-gram cannot dominate (``product``:
    ``sparse @ layer.sparse_coef_t``, when already computed)."""
    return np.maximum(layer.log_proba(sparse, None, product), -25.0)


class TextLayers:
    """Several heads' text layers, scored with one sparse product: the page's n-gram matrix is read
    once for all of them (their coefficients side by side) instead of once per head, at less than half
    the cost for three heads. Each column is the same sum as in the head's own product."""

    def __init__(self, layers: Sequence[LinearLayer]) -> None:
        self.coef_t = np.ascontiguousarray(np.hstack([layer.sparse_coef_t for layer in layers]))
        self.ends = np.cumsum([layer.sparse_coef_t.shape[1] for layer in layers])[:-1]

    def products(self, sparse: sp.csr_matrix) -> list[np.ndarray]:
        """``sparse @ layer.sparse_coef_t`` of each layer, in the order given."""
        return np.split(np.asarray(sparse @ self.coef_t), self.ends, axis=1)
