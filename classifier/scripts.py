"""The writing system and the language of each line, and which lines are foreign to their page.

A line's script is that of most of its first letters; its language, that whose function words it uses
most. Both have a line-by-line definition (``_script``, ``_line_language``) and a page-wise reading
that gives the same answers (``_scripts``, ``_line_languages``) for all of a page's distinct lines at
once; ``foreign`` compares each line with the page's dominant script and language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import chain, repeat
from operator import itemgetter
from typing import NamedTuple

import numpy as np

from classifier.lexicon import lexicon
from classifier.types import Line

__all__ = ["foreign"]

_ASCII_LETTER_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))


def _ascii_count(raw: bytes, chars: bytes) -> int:
    """How many bytes of ``raw`` are among ``chars`` (``bytes.translate`` deleting them: a C loop)."""
    return len(raw) - len(raw.translate(None, chars))


# Families of languages whose function words overlap too much to call a line "foreign".
_KIN = {
    "no": "da",
    "nb": "da",
    "sv": "da",
    "pt": "es",
    "gl": "es",
    "ca": "es",
    "sk": "cs",
    "sr": "hr",
    "bs": "hr",
    "ms": "id",
}


def _script(text: str) -> str:
    """The writing system most of the line's first letters belong to ('' when it has few letters).
    The definition, line by line; pages are read with ``_scripts``, which gives the same answers."""
    head = text[:80]
    if head.isascii():  # the common case, without the per-character loop
        return "latin" if _ascii_count(head.encode("ascii"), _ASCII_LETTER_BYTES) >= 3 else ""
    # Each distinct character once, in order of first appearance: scripts enter ``counts`` in the
    # order their first character appears, which decides ties as counting character by character does.
    counts: dict[str, int] = {}
    for ch, n in Counter(head).items():
        script = _char_script(ch)
        if script:
            counts[script] = counts.get(script, 0) + n
    if sum(counts.values()) < 3:
        return ""
    return max(counts.items(), key=itemgetter(1))[0]  # the first of the most frequent


@lru_cache(maxsize=1 << 14)
def _char_script(ch: str) -> str:
    """The writing system of one character for ``_script`` ('' for none it counts)."""
    code = ord(ch)
    if code < 0x250:
        return "latin" if ch.isalpha() else ""
    for low, high, script in _SCRIPT_RANGES:
        if low <= code < high:
            return script
    return ""


_SCRIPT_RANGES = (
    (0x370, 0x400, "greek"),
    (0x400, 0x530, "cyrillic"),
    (0x590, 0x600, "hebrew"),
    (0x600, 0x780, "arabic"),
    (0x900, 0xE00, "indic"),
    (0xE00, 0xE80, "thai"),
    (0x1E00, 0x2000, "latin"),
    (0x3040, 0xA000, "cjk"),
    (0xAC00, 0xD7B0, "hangul"),
)


def _line_language(tokens: list[str]) -> str:
    """The language whose function words the line uses most ('' when fewer than two are found).
    The definition, line by line; pages are read with ``_line_languages``, which gives the same answers."""
    hits: dict[str, int] = {}  # in first-seen order, so that ties go as Counter.most_common breaks them
    for langs in filter(None, map(lexicon().stop_langs.get, tokens)):  # the function words' languages
        for lang in langs:
            hits[lang] = hits.get(lang, 0) + 1
    if not hits:
        return ""
    lang, n = max(hits.items(), key=itemgetter(1))
    return _KIN.get(lang, lang) if n >= 2 else ""


def _dominant(values: list[str], lines: Sequence[Line]) -> str:
    """The value ('' = unknown) that most of the page's characters carry."""
    weights: Counter[str] = Counter()
    for value, line in zip(values, lines, strict=True):
        if value:
            weights[value] += len(line.text)
    return weights.most_common(1)[0][0] if weights else ""


_SCRIPT_NAMES = ("", *dict.fromkeys(["latin", *(script for _, _, script in _SCRIPT_RANGES)]))
_SCRIPT_INDEX = {name: i for i, name in enumerate(_SCRIPT_NAMES)}
_SCRIPT_SEEN = 0x80
_SCRIPT_OF = np.zeros(0x110000, dtype=np.uint8)
"""Per code point, ``_SCRIPT_SEEN`` and the index of its ``_char_script`` in ``_SCRIPT_NAMES``, filled
on first sight of the code point (writes of correct values only: safe between threads)."""


def _scripts(texts: list[str]) -> list[str]:
    """``_script`` of each text, worked out for all at once from the scripts of their first 80 code
    points: a script's count is its characters', and of the most frequent scripts the one whose first
    character comes first wins, as ``_script``'s first-seen order decides."""
    heads = [text[:80] for text in texts]
    sizes = np.fromiter(map(len, heads), dtype=np.int64, count=len(heads))
    codes = np.frombuffer("".join(heads).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    found = _SCRIPT_OF[codes]
    if not found.all():
        for code in np.unique(codes[found == 0]).tolist():
            _SCRIPT_OF[code] = _SCRIPT_SEEN | _SCRIPT_INDEX[_char_script(chr(code))]
        found = _SCRIPT_OF[codes]
    scripts = (found & ~np.uint8(_SCRIPT_SEEN)).astype(np.int64)
    counted = np.flatnonzero(scripts)
    keys = np.repeat(np.arange(len(heads)), sizes)[counted] * len(_SCRIPT_NAMES) + scripts[counted]
    best, _ = _first_of_most(keys, counted, len(heads), len(_SCRIPT_NAMES))
    totals = np.bincount(keys // len(_SCRIPT_NAMES), minlength=len(heads))
    pairs = zip(best.tolist(), totals.tolist(), strict=True)
    return [_SCRIPT_NAMES[b] if total >= 3 else "" for b, total in pairs]


def _first_of_most(
    keys: np.ndarray, order: np.ndarray, n_rows: int, n_columns: int
) -> tuple[np.ndarray, np.ndarray]:
    """Of counts kept as ``row * n_columns + column`` keys, per row: the most frequent column, ties
    going to the column whose first key has the smallest ``order``, and its count."""
    counts = np.bincount(keys, minlength=n_rows * n_columns).reshape(n_rows, n_columns)
    first = np.full(n_rows * n_columns, np.iinfo(np.int64).max)
    np.minimum.at(first, keys, order)
    most = counts.max(axis=1)
    tied = counts == most[:, None]
    best = np.where(tied, first.reshape(n_rows, n_columns), np.iinfo(np.int64).max).argmin(axis=1)
    return best, most


class _StopLanguages(NamedTuple):
    """``lexicon().stop_langs`` as arrays: function word ``w`` (``words[w]`` its number) is in the
    languages ``ids[starts[w] : starts[w] + sizes[w]]``, in its order, each an index into ``names``."""

    words: dict[str, int]
    starts: np.ndarray
    sizes: np.ndarray
    ids: np.ndarray
    names: tuple[str, ...]


@cache
def _stop_languages() -> _StopLanguages:
    """Built once per process from the lexicon."""
    langs: dict[str, int] = {}
    per_word = [
        [langs.setdefault(lang, len(langs)) for lang in found] for found in lexicon().stop_langs.values()
    ]
    sizes = np.array([len(ids) for ids in per_word], dtype=np.int64)
    return _StopLanguages(
        words={word: w for w, word in enumerate(lexicon().stop_langs)},
        starts=np.cumsum(sizes) - sizes,
        sizes=sizes,
        ids=np.array([i for ids in per_word for i in ids], dtype=np.int64),
        names=tuple(langs),
    )


def _line_languages(tokens: list[list[str]]) -> list[str]:
    """``_line_language`` of each line's tokens, worked out for all at once: each function word's
    languages counted per line, in the order they are met (token by token, each token's languages in
    their order), which decides ties as in ``_line_language``."""
    stop = _stop_languages()
    n_tokens = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    found = np.fromiter(
        map(stop.words.get, chain.from_iterable(tokens), repeat(-1)),
        dtype=np.int64,
        count=int(n_tokens.sum()),
    )
    at = np.flatnonzero(found >= 0)  # the function words
    word = found[at]
    sizes = stop.sizes[word]
    ends = np.cumsum(sizes)
    # Each function word's run of languages, laid end to end.
    langs = stop.ids[
        np.repeat(stop.starts[word] - (ends - sizes), sizes) + np.arange(int(ends[-1]) if len(ends) else 0)
    ]
    line_of = np.repeat(np.arange(len(tokens)), n_tokens)
    keys = np.repeat(line_of[at], sizes) * len(stop.names) + langs
    best, most = _first_of_most(keys, np.arange(len(keys)), len(tokens), len(stop.names))
    names = stop.names
    pairs = zip(best.tolist(), most.tolist(), strict=True)
    return [_KIN.get(names[b], names[b]) if n >= 2 else "" for b, n in pairs]


def foreign(lines: Sequence[Line], tokens: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Per line: is it written in another script, or another language, than most of the page?"""
    texts = [line.text for line in lines]
    distinct = dict(zip(texts, tokens, strict=True))  # each distinct line once (its tokens: its text's)
    script_of = dict(zip(distinct, _scripts(list(distinct)), strict=True))
    language_of = dict(zip(distinct, _line_languages(list(distinct.values())), strict=True))
    scripts = [script_of[text] for text in texts]
    languages = [language_of[text] for text in texts]
    page_script = _dominant(scripts, lines)
    page_lang = _dominant(languages, lines)
    script_mismatch = np.array([bool(s) and bool(page_script) and s != page_script for s in scripts])
    lang_mismatch = np.array([bool(x) and bool(page_lang) and x != page_lang for x in languages])
    return script_mismatch, lang_mismatch
