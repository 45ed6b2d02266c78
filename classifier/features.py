"""Lines -> numbers. Pure functions; every column is named in ``FEATURE_NAMES``.

Three kinds of columns, all computed for a whole page at once:

* the line's own shape (``shape.py``): length, punctuation, digits, case, currency, function-word
  density, and how many cue phrases of each concept (consent, paywall, ...) it holds;
* its place on the page: relative position, and where it sits against the page's *main run* — the
  contiguous stretch of prose found by a maximum-sum scan over the lines — and what kind of page it
  is: the share of its lines that are prose, the share of its words inside the main run, the number of
  prose lines (a page that *is* a list has little prose, an article followed by a list has most of its
  words in one run), and whether the line is in another script or language than the page
  (``scripts.py``);
* its neighbourhood: the same shape numbers for the lines around it, and window aggregates.

The hashed character and word n-grams of the text are built separately (``text_hashers``) because they
are sparse.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from classifier.lexicon import CUE_CONCEPTS, UNSPACED, words
from classifier.scripts import foreign
from classifier.shape import OWN_NAMES, own_matrix
from classifier.types import Line

_NEIGHBOUR = (
    "log_words",
    "stopword_density",
    "ends_terminal",
    "prose",
    "cue_walls",
    "cue_navigation",
    "cue_other",
    "cue_social",
)
_OFFSETS = (-3, -2, -1, 1, 2, 3)
_WINDOW = 5
_WINDOW_MEAN = ("log_words", "stopword_density", "prose", "is_short", "ends_terminal")
_WINDOW_MAX = tuple(f"cue_{c}" for c in CUE_CONCEPTS)
_PAGE = (
    "rel_position",
    "rel_position_chars",
    "log_page_lines",
    "log_words_vs_max",
    "log_words_vs_median_prose",
    "in_main",
    "before_main",
    "after_main",
    "log_dist_main",
    "main_share",
    "log_short_run",
    "log_repeats",
    "is_first",
    "is_last",
    "after_last_prose",
    "before_first_prose",
    "script_mismatch",
    "language_mismatch",
    "page_prose_share",
    "page_main_words_share",
    "page_log_prose_lines",
)

FEATURE_NAMES: tuple[str, ...] = (
    *OWN_NAMES,
    *(f"n{o:+d}_{name}" for o in _OFFSETS for name in _NEIGHBOUR),
    *(f"win_mean_{name}" for name in _WINDOW_MEAN),
    *(f"win_max_{name}" for name in _WINDOW_MAX),
    *_PAGE,
)
_OWN_INDEX = {name: i for i, name in enumerate(OWN_NAMES)}


def _main_run(own: np.ndarray) -> tuple[int, int]:
    """The stretch of lines with the largest prose score (Kadane): prose earns, the rest costs."""
    log_words = own[:, _OWN_INDEX["log_words"]]
    prose = own[:, _OWN_INDEX["prose"]]
    walls = own[:, _OWN_INDEX["cue_walls"]]
    gain = np.where(prose > 0, np.expm1(log_words).clip(0, 120) / 10.0, -0.6) - 2.0 * walls
    best, best_span = -math.inf, (0, -1)
    run, start = 0.0, 0
    for i, g in enumerate(gain):
        if run <= 0:
            run, start = float(g), i
        else:
            run += float(g)
        if run > best:
            best, best_span = run, (start, i)
    return best_span


def page_features(lines: Sequence[Line]) -> np.ndarray:
    """The numeric feature matrix of one page: shape ``(len(lines), len(FEATURE_NAMES))``."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    lowered = [line.text.lower() for line in lines]
    tokens = [words(low) for low in lowered]
    own = _own_rows(lines, lowered, tokens)

    neighbour_cols = [_OWN_INDEX[name] for name in _NEIGHBOUR]
    padded = np.vstack([np.zeros((3, own.shape[1])), own, np.zeros((3, own.shape[1]))])
    neighbours = [padded[3 + o : 3 + o + n][:, neighbour_cols] for o in _OFFSETS]

    mean_cols = [_OWN_INDEX[name] for name in _WINDOW_MEAN]
    max_cols = [_OWN_INDEX[name] for name in _WINDOW_MAX]
    cumsum = np.vstack([np.zeros((1, len(mean_cols))), np.cumsum(own[:, mean_cols], axis=0)])
    lo = np.clip(np.arange(n) - _WINDOW, 0, n)
    hi = np.clip(np.arange(n) + _WINDOW + 1, 0, n)
    win_mean = (cumsum[hi] - cumsum[lo]) / (hi - lo)[:, None]
    win_max = _window_max(own[:, max_cols], _WINDOW)

    positions = np.arange(n, dtype=np.float64)
    chars = np.cumsum([len(line.text) for line in lines], dtype=np.float64)
    log_words = own[:, _OWN_INDEX["log_words"]]
    prose = own[:, _OWN_INDEX["prose"]]
    prose_idx = np.flatnonzero(prose)
    median_prose = float(np.median(log_words[prose_idx])) if prose_idx.size else 0.0
    start, end = _main_run(own)
    in_main = (positions >= start) & (positions <= end)
    dist = np.where(positions < start, start - positions, np.where(positions > end, positions - end, 0))
    short = own[:, _OWN_INDEX["is_short"]] > 0
    short_run = _run_lengths(short)
    counts = Counter(line.text for line in lines)
    script_mismatch, lang_mismatch = foreign(lines, tokens)
    first_prose = prose_idx[0] if prose_idx.size else n
    last_prose = prose_idx[-1] if prose_idx.size else -1
    word_counts = np.expm1(log_words)
    all_words = float(word_counts.sum())
    main_words = float(word_counts[start : end + 1].sum())
    page = np.column_stack(
        [
            positions / max(1, n - 1),
            (chars - chars[0]) / max(1.0, chars[-1]),
            np.full(n, math.log1p(n)),
            log_words - log_words.max(),
            log_words - median_prose,
            in_main,
            positions < start,
            positions > end,
            np.log1p(dist),
            np.full(n, (end - start + 1) / n),
            np.log1p(short_run),
            np.log([counts[line.text] for line in lines]),
            positions == 0,
            positions == n - 1,
            positions > last_prose,
            positions < first_prose,
            script_mismatch,
            lang_mismatch,
            np.full(n, prose_idx.size / n),
            np.full(n, main_words / max(1.0, all_words)),
            np.full(n, math.log1p(prose_idx.size)),
        ]
    )
    return np.hstack([own, *neighbours, win_mean, win_max, page]).astype(np.float32)


def _own_rows(lines: Sequence[Line], lowered: list[str], tokens: list[list[str]]) -> np.ndarray:
    """``own_matrix`` of every line, worked out once per distinct text: menus, buttons and "Reply"
    links repeat on a page, and a line's own features depend on its text alone."""
    texts = [line.text for line in lines]
    first: dict[str, int] = {}  # each distinct text -> where it first occurs
    for position, text in enumerate(texts):
        first.setdefault(text, position)
    slot = {text: k for k, text in enumerate(first)}
    at = list(first.values())
    own = own_matrix(list(first), [lowered[i] for i in at], [tokens[i] for i in at])
    return own[[slot[text] for text in texts]]


def _window_max(values: np.ndarray, half: int) -> np.ndarray:
    """Per row, the column-wise maximum over the rows at most ``half`` away (fewer at the edges)."""
    pad = np.full((half, values.shape[1]), -np.inf)
    padded = np.vstack([pad, values, pad])
    return np.lib.stride_tricks.sliding_window_view(padded, 2 * half + 1, axis=0).max(axis=-1)


def _run_lengths(flags: np.ndarray) -> np.ndarray:
    """For each position, the length of the run of equal flags it belongs to, or 0 where False."""
    n = len(flags)
    if n == 0:
        return np.zeros(0)
    bounds = np.concatenate([[0], np.flatnonzero(flags[1:] != flags[:-1]) + 1, [n]])
    lengths = np.diff(bounds)
    return np.where(flags, np.repeat(lengths, lengths), 0).astype(np.float64)


def text_hashers(char_features: int, word_features: int) -> tuple[HashingVectorizer, HashingVectorizer]:
    """The stateless text vectorisers; their parameters are recorded in the model manifest."""
    char = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        n_features=char_features,
        alternate_sign=False,
        norm="l2",
        lowercase=True,
        dtype=np.float32,
    )
    word = HashingVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        n_features=word_features,
        alternate_sign=False,
        norm="l2",
        lowercase=True,
        token_pattern=r"(?u)\b\w+\b",
        dtype=np.float32,
    )
    return char, word


__all__ = ["FEATURE_NAMES", "UNSPACED", "page_features", "text_hashers"]
