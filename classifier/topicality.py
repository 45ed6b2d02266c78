"""Topicality: how much a line shares the wording of the rest of the page.

Two cosines per line, one over its hashed character n-grams (same language, same register) and one over
its word n-grams (same topic), against the sum of the page's *other* lines, weighted either by whether
they are prose (``page_topicality``, a dense feature of every head) or by stage 1's P(content)
(``stacking.stage2_features``). A consent sentence dropped into a story about motorcycles shares little
with it; a line of an article *about* cookies shares its words with the lines around it.

The parts that do not depend on the weights (``TopicBasis``) are made once per page and shared by all
heads that score it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from classifier.types import Line

_PROSE_WORDS = 8


@dataclass(frozen=True)
class TopicBasis:
    """The parts of ``topicality`` that do not depend on the weights: one page's n-gram entries split by
    row and block, and each line's squared norms. Heads that weigh the same page's lines differently
    share one (``topic_basis``)."""

    rows: np.ndarray
    indices: np.ndarray
    n_columns: int
    wide: np.ndarray
    blocks: tuple[tuple[np.ndarray, np.ndarray, np.ndarray], ...]  # (in_block, block_rows, self_sq)


def topic_basis(sparse: sp.csr_matrix, n_chars: int) -> TopicBasis:
    """``TopicBasis`` of one page's hashed n-grams (first ``n_chars`` columns: character n-grams)."""
    n = sparse.shape[0]
    indptr, indices, data = sparse.indptr, sparse.indices, sparse.data
    rows = np.repeat(np.arange(n), np.diff(indptr))
    squares = data * data  # ``block.multiply(block)``, in float32
    char = indices < n_chars
    blocks = []
    for in_block in (char, ~char):  # each keeps the entries' order: row by row
        block_rows = rows[in_block]
        sizes = np.bincount(block_rows, minlength=n)
        filled = np.flatnonzero(sizes)
        self_sq = np.zeros(n, dtype=np.float32)
        self_sq[filled] = np.add.reduceat(squares[in_block], (np.cumsum(sizes) - sizes)[filled])
        blocks.append((in_block, block_rows, self_sq))
    return TopicBasis(rows, indices, sparse.shape[1], data.astype(np.float64), tuple(blocks))


def topicality(
    sparse: sp.csr_matrix, n_chars: int, prose: np.ndarray, basis: TopicBasis | None = None
) -> np.ndarray:
    """How much each line shares the wording of the page's other prose lines, itself left out.

    Two cosines, one over the character n-grams (same language, same register) and one over the word
    n-grams (same topic): a consent sentence dropped into a story about motorcycles shares little with
    it, while a line of an article *about* cookies shares its words with the lines around it.

    ``sparse`` has sorted columns in each row (as ``NgramHasher`` and sklearn's ``normalize`` leave
    them). The products are worked out on its arrays with NumPy, in scipy's own order of operations
    (its per-call overhead was most of the cost): ``np.bincount`` adds its weights one by one in the
    order given, as scipy's ``csr_matvec`` and ``csc_matvec`` loops add theirs, and the squared norms
    are scipy's ``sum(axis=1)``, a float32 ``np.add.reduceat`` over each row's entries.
    """
    n = sparse.shape[0]
    out = np.zeros((n, 2), dtype=np.float32)
    weights = prose.astype(np.float64)
    if n == 0 or weights.sum() == 0:
        return out
    if basis is None:
        basis = topic_basis(sparse, n_chars)
    rows, wide = basis.rows, basis.wide
    # Σ over the prose lines of each column: ``block.T @ weights``.
    total = np.bincount(basis.indices, weights=wide * weights[rows], minlength=basis.n_columns)
    products = wide * total[basis.indices]  # each entry's term of ``block @ total``
    for column, (in_block, block_rows, self_sq) in enumerate(basis.blocks):
        dot = np.bincount(block_rows, weights=products[in_block], minlength=n)  # ``block @ total``
        other_dot = dot - weights * self_sq
        # Not ``total @ total``: BLAS hands a dot product this long to its threads, whose wake-up costs
        # far more than the sum (7 ms a page on a busy two-core machine, against 30 µs here).
        block_total = total[:n_chars] if column == 0 else total[n_chars:]
        total_sq = float(np.einsum("i,i->", block_total, block_total))
        other_sq = total_sq - 2.0 * weights * dot + weights**2 * self_sq
        # No other prose (a squared norm left at rounding noise) means nothing to compare with.
        denom = np.sqrt(np.maximum(self_sq * other_sq, 0.0))
        valid = (other_sq > 1e-4) & (self_sq > 1e-4)
        out[:, column] = np.where(valid, other_dot / np.maximum(denom, 1e-9), 0.0)
    return out


def page_topicality(
    page: Sequence[Line], sparse: sp.csr_matrix, n_chars: int, basis: TopicBasis | None = None
) -> np.ndarray:
    """``topicality`` of one page's lines, prose being lines of eight words or more, or long lines of
    an unspaced script. Heads with the same hashing parameters can share the result."""
    # A long line is prose without counting its words (the costlier test, on the short lines only).
    prose = np.array([len(line.text) >= 60 or len(line.text.split()) >= _PROSE_WORDS for line in page])
    return topicality(sparse, n_chars, prose, basis)
