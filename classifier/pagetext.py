"""Counting over a whole page's lines at once instead of line by line.

Most line features are counts (characters of a class, matches of a pattern). Worked out line by line,
a page's few hundred lines cost a few hundred rounds of Python each; worked out over the page's lines
joined, they cost one numpy step or one scan of a regular expression, each count then given back to the
line it fell in.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

import numpy as np

__all__ = ["bounds", "holding", "match_counts", "segment_sums"]


def bounds(sizes: np.ndarray) -> np.ndarray:
    """Where each of consecutive runs of ``sizes`` items starts in their concatenation, then the end."""
    out = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=out[1:])
    return out


def segment_sums(flags: np.ndarray, run_bounds: np.ndarray) -> np.ndarray:
    """How many of ``flags`` are set in each run ``run_bounds[i]:run_bounds[i + 1]`` (0 for an empty run)."""
    total = np.zeros(len(flags) + 1, dtype=np.int64)
    np.cumsum(flags, out=total[1:])
    return total[run_bounds[1:]] - total[run_bounds[:-1]]


def match_counts(pattern: re.Pattern[str], texts: list[str], separator: str = "\x00") -> np.ndarray:
    """``len(pattern.findall(text))`` for each text, from one scan of the texts joined by ``separator``,
    each match counted in the text it starts in.

    ``separator`` must read to ``pattern`` as the end of a text does: no match may start at it or run
    past it, and wherever the pattern looks at a text's end (``\\b``, ``$``, a class) it must take the
    separator alike. Then the scan matches inside each text exactly as in the text alone. A NUL is
    such a separator for patterns that neither match ``$`` nor let a class holding it (``\\S``, ``.``)
    run on; a newline is for ``[.!?](?:\\s|$)``.
    """
    starts = bounds(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1)[:-1]
    found = np.array([match.start() for match in pattern.finditer(separator.join(texts))], dtype=np.int64)
    return np.bincount(np.searchsorted(starts, found, side="right") - 1, minlength=len(texts))


def holding(texts: list[str], needles: Iterable[str]) -> np.ndarray:
    """Whether each text holds one of ``needles`` (substrings) or more.

    Each needle is looked for with ``str.find`` in the texts joined by NUL (no needle holds one, so
    none is found across two texts), once per text that holds it: a C scan per needle, where one
    scan with a regular expression of them all tries each at every character. The texts that hold a
    match of an expression are among those that hold a fixed part of it: a way to find the few
    lines worth searching (``shape._search_where``)."""
    joined = "\x00".join(texts)
    starts = bounds(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)) + 1).tolist()
    out = np.zeros(len(texts), dtype=bool)
    for needle in needles:
        at = joined.find(needle)
        while at >= 0:
            text = bisect_right(starts, at) - 1
            out[text] = True
            at = joined.find(needle, starts[text + 1])
    return out
