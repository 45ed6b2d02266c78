"""The hashed n-grams of ``features.text_hashers``, computed word by word with a cache.

scikit-learn's ``HashingVectorizer`` builds every n-gram of every line as a Python string and hashes it,
which made it the largest single cost of scoring a page. Its two analyzers decompose by word:

* ``char_wb`` n-grams of a text are the n-grams of each whitespace-separated word padded with one
  space on each side, so a line's n-grams are the concatenation of its words' — and words repeat within
  a page and across pages, so each word's buckets are hashed once and cached;
* ``word`` 1- and 2-grams are the tokens and the space-joined pairs of neighbouring tokens.

``NgramHasher.transform`` returns the same matrix as hashing with ``text_hashers`` and stacking the two
blocks (same buckets, counts, order and float32 L2 normalisation, which is sklearn's own ``normalize``),
bit for bit; ``tests/classifier/test_ngrams.py`` checks it against sklearn. Training keeps using
sklearn's vectorisers; inference uses this.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

__all__ = ["NgramHasher", "ngram_hasher"]

CHAR_NGRAMS = (3, 5)
WORD_NGRAMS = (1, 2)
# The word hasher's token_pattern is (?u)\b\w+\b: it finds whole runs of word characters, as \w+ does
# (a run starts and ends at a boundary), at less cost.
_TOKEN = re.compile(r"\w+")
_CHAR_CACHE_SIZE = 200_000
_WORD_CACHE_SIZE = 500_000
"""Entries per cache before it is emptied: bounds memory (some tens of MB) on a long-running server.
Word pairs need the larger one: a few hundred pages hold some 300,000 distinct ones."""


def bucket(feature: str, n_features: int) -> int:
    """The column ``FeatureHasher`` gives ``feature``: its signed 32-bit MurmurHash3 (seed 0, UTF-8)
    in absolute value, modulo ``n_features``, with sklearn's rule for -2**31, whose absolute value
    does not fit in 32 bits."""
    h = murmurhash3_32(feature, seed=0)
    if h == -(2**31):
        return (2**31 - 1 - (n_features - 1)) % n_features
    return abs(h) % n_features


def char_wb_ngrams(word: str, low: int = CHAR_NGRAMS[0], high: int = CHAR_NGRAMS[1]) -> list[str]:
    """The ``char_wb`` n-grams of one word, as ``_VectorizerMixin._char_wb_ngrams`` makes them: the
    word padded with a space each side; a padded word shorter than ``n`` counts once, whole, for the
    smallest such ``n`` and ends the list."""
    padded = " " + word + " "
    out: list[str] = []
    for n in range(low, high + 1):
        out.extend(padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
        if len(padded) <= n:
            break
    return out


class _Cache(dict):
    """A plain dict that empties itself when full (cheaper per look-up than an LRU)."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def fetch(self, keys: list[str], compute: Callable[[str], Any]) -> list[Any]:
        """``compute(key)`` for each key (repeats included), from the cache where it is there. Another
        thread emptying the cache meanwhile only costs a recomputation."""
        found = list(map(self.get, keys))
        if not all(found):  # a key missing (None), or a falsy value, looked at one by one below
            for i, value in enumerate(found):
                if value is None:
                    value = self.get(keys[i])  # an earlier repeat of the key may have stored it
                    if value is None:
                        if len(self) >= self.size:
                            self.clear()
                        value = self[keys[i]] = compute(keys[i])
                    found[i] = value
        return found


class NgramHasher:
    """Hashed ``char_wb`` 3-5-grams and word 1-2-grams of lines, L2-normalised per block, in one CSR
    matrix of ``char_features + word_features`` columns. Thread-safe: the caches only ever hold
    correct values."""

    def __init__(self, char_features: int, word_features: int) -> None:
        self.char_features = char_features
        self.word_features = word_features
        self._char_cache = _Cache(_CHAR_CACHE_SIZE)
        self._word_cache = _Cache(_WORD_CACHE_SIZE)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The same matrix as ``sp.hstack([char.transform(texts), word.transform(texts)], "csr")`` with
        ``char, word = text_hashers(char_features, word_features)``."""
        lowered = [text.lower() for text in texts]  # both vectorisers lowercase the whole text first
        char_columns, char_rows = self._char_columns(lowered)
        word_columns, word_rows = self._word_columns(lowered)
        return _normalised_counts(
            np.concatenate([char_columns, word_columns + self.char_features]),
            np.concatenate([char_rows, word_rows]),
            len(texts),
            (self.char_features, self.word_features),
        )

    def _char_columns(self, lowered: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The char_wb buckets of all lines, concatenated, and the line each belongs to."""
        # str.split() = sklearn's whitespace normalisation followed by its split()
        words_per_line = [text.split() for text in lowered]
        words = [word for line in words_per_line for word in line]
        per_word = self._char_cache.fetch(words, self._char_buckets)
        line_of_word = np.repeat(np.arange(len(lowered)), list(map(len, words_per_line)))
        columns = np.frombuffer(b"".join(per_word), dtype=np.int32)
        sizes = np.fromiter(map(len, per_word), dtype=np.int64, count=len(per_word)) // 4
        return columns.astype(np.int64), np.repeat(line_of_word, sizes)

    def _char_buckets(self, word: str) -> bytes:
        """The word's buckets as the bytes of an int32 array: joined for a page in one step, and some
        five times smaller in the cache than a tuple of ints."""
        grams = char_wb_ngrams(word)
        return np.fromiter((bucket(g, self.char_features) for g in grams), np.int32, len(grams)).tobytes()

    def _word_columns(self, lowered: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The token and token-pair buckets of all lines, concatenated, and the line each belongs to."""
        grams_per_line = [_word_grams(_TOKEN.findall(text)) for text in lowered]
        grams = [gram for line in grams_per_line for gram in line]
        buckets = self._word_cache.fetch(grams, lambda gram: bucket(gram, self.word_features))
        rows = np.repeat(np.arange(len(lowered)), [len(line) for line in grams_per_line])
        return np.array(buckets, dtype=np.int64), rows


def _word_grams(tokens: list[str]) -> list[str]:
    """1- and 2-grams in ``_word_ngrams``' order: the tokens, then each pair joined by a space."""
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def _normalised_counts(
    columns: np.ndarray, rows: np.ndarray, n_rows: int, blocks: tuple[int, int]
) -> sp.csr_matrix:
    """The CSR matrix ``FeatureHasher`` then ``normalize(norm="l2")`` make of these (row, bucket) hits
    in each of two column blocks of ``blocks`` columns, stacked side by side.

    Each row holds its buckets' counts, columns sorted (as ``sum_duplicates`` leaves them). The L2
    scaling (per row and block) repeats ``sklearn.utils.sparsefuncs_fast``'s exactly: a float32 count's
    square is an exact integer, so the row's double-precision sum of squares is exact in any order, and
    each value is divided by its root in double precision and rounded to float32, as the Cython loop
    does.
    """
    n_features = sum(blocks)
    keys, counts = _counted(rows * n_features + columns)
    row_of_key, column = np.divmod(keys, n_features)
    indptr = np.searchsorted(row_of_key, np.arange(n_rows + 1))
    counts64 = counts.astype(np.float64)
    row_block = 2 * row_of_key + (column >= blocks[0])
    norms = np.sqrt(np.bincount(row_block, weights=counts64 * counts64, minlength=2 * n_rows))
    data = (counts64 / norms[row_block]).astype(np.float32)
    return sp.csr_matrix((data, column.astype(np.int32), indptr.astype(np.int32)), shape=(n_rows, n_features))


def _counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_counts=True)``, sorting with numpy's stable sort, which is faster on these
    (runs of ascending rows) than the default one."""
    keys = np.sort(keys, kind="stable")
    if keys.size == 0:
        return keys, np.zeros(0, dtype=np.intp)
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    return keys[starts], np.diff(np.append(starts, keys.size))


@cache
def ngram_hasher(char_features: int, word_features: int) -> NgramHasher:
    """One hasher (and so one pair of caches) per process for each pair of sizes."""
    return NgramHasher(char_features, word_features)
