"""The phrase lists in ``classifier/lexicons/`` as fast matchers.

Knowledge is data: the lists live in JSON (see ``lexicons/README.md``); this module only compiles
them. Cue phrases of every language at once are matched word by word through hash lookups (with a
per-word cache), so the cost grows with the page's words, not with the number of phrases.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import chain, compress
from typing import Any, cast

import numpy as np

from classifier.pagetext import bounds, holding, match_counts

CUE_CONCEPTS: tuple[str, ...] = (
    "consent",
    "paywall",
    "adblock",
    "newsletter",
    "advertising",
    "navigation",
    "social",
    "other",
)
# Languages written without spaces: their function words are counted as substrings.
UNSPACED = frozenset({"ja", "zh", "ko", "th"})
_WORD = re.compile(r"\w+", re.UNICODE)


def _load(name: str) -> Any:
    path = resources.files("classifier") / "lexicons" / name
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def lexicons_sha256() -> str:
    """One hash of every list in ``lexicons/`` (file names and bytes, in name order). The features a
    model was trained on depend on these lists, so the manifest records it and loading compares."""
    digest = hashlib.sha256()
    folder = resources.files("classifier") / "lexicons"
    for entry in sorted((e for e in folder.iterdir() if e.name.endswith(".json")), key=lambda e: e.name):
        digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


def _is_unspaced_script(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # CJK ideographs
        or 0xAC00 <= code <= 0xD7AF  # hangul
        or 0x0E00 <= code <= 0x0E7F  # thai
    )


class _PhraseStart:
    """The phrases that begin with one word, indexed by their second word (exact, unless it is a
    two-word phrase's stem, tried by prefix)."""

    def __init__(self) -> None:
        self.by_second: dict[str, list[tuple[list[str], str | None, bool, int]]] = {}
        """second word -> (the words between it and the last, the last word or None when the second
        is the last, whether the last is a stem, concept)."""
        self.stemmed_second: list[tuple[str, int]] = []

    def add(self, rest: tuple[str, ...], stem: bool, concept: int) -> None:
        """A phrase ``first, *rest`` (``rest`` not empty)."""
        if len(rest) == 1 and stem:
            self.stemmed_second.append((rest[0], concept))
        elif len(rest) == 1:
            self.by_second.setdefault(rest[0], []).append(([], None, False, concept))
        else:
            self.by_second.setdefault(rest[0], []).append((list(rest[1:-1]), rest[-1], stem, concept))

    def count(self, tokens: list[str], i: int, counts: list[int]) -> None:
        """Add to ``counts`` the concept of each phrase that matches ``tokens`` from ``i`` on
        (``tokens[i]`` is its first word and a second one follows)."""
        second = tokens[i + 1]
        for prefix, concept in self.stemmed_second:
            if second.startswith(prefix):
                counts[concept] += 1
        for middle, last, stem, concept in self.by_second.get(second, ()):
            if last is None:
                counts[concept] += 1
                continue
            end = i + 2 + len(middle)  # the position of the phrase's last word
            if end >= len(tokens) or tokens[i + 2 : end] != middle:
                continue
            word = tokens[end]
            if word == last or (stem and word.startswith(last)):
                counts[concept] += 1


class CueMatcher:
    """Counts cue phrases per concept in lines, by tokens rather than by regex.

    An entry is a word or phrase; a trailing ``*`` makes its last word a stem (a prefix of the word
    on the page). Phrases match consecutive words, whatever punctuation stands between them. Entries
    in unspaced scripts (Chinese, Japanese, Korean, Thai) and entries that start with a symbol (``©``)
    match as substrings, except a lone currency sign (``€``, ``$``), which counts only beside a number:
    "€ 9.99" and "5 $" are prices, the ``$`` of a shell prompt or of ``$HOME`` is not.
    """

    def __init__(self, entries: dict[int, list[str]]) -> None:
        self.words: dict[str, set[int]] = {}
        self.stems: dict[str, set[int]] = {}
        self.phrases: dict[str, _PhraseStart] = {}
        self.substrings: list[tuple[str, int]] = []
        currency: dict[int, str] = {}
        self.unspaced: list[tuple[str, int]] = []
        for concept, raw_entries in entries.items():
            for raw in raw_entries:
                entry = raw.strip().lower()
                stem = entry.endswith("*")
                entry = entry.rstrip("*").strip()
                if not entry:
                    continue
                if _is_unspaced_script(entry[0]):
                    self.unspaced.append((entry, concept))
                    continue
                tokens = tuple(_WORD.findall(entry))
                if len(entry) == 1 and unicodedata.category(entry) == "Sc":
                    currency[concept] = currency.get(concept, "") + entry
                elif not tokens or not (entry[0].isalnum() or entry[0] == "_"):
                    self.substrings.append((entry, concept))
                elif len(tokens) == 1:
                    (self.stems if stem else self.words).setdefault(tokens[0], set()).add(concept)
                else:
                    self.phrases.setdefault(tokens[0], _PhraseStart()).add(tokens[1:], stem, concept)
        self.stem_lengths = sorted({len(x) for x in self.stems})
        self._substrings_by_first = _by_first(self.substrings)
        self._unspaced_by_first = _by_first(self.unspaced)
        self._substring_starts = sorted({entry[0] for entry, _ in self.substrings})
        self.prices = [
            (re.compile(rf"\d[\s\u00a0]?[{signs}]|[{signs}][\s\u00a0]?\d"), concept)
            for concept, signs in ((c, re.escape("".join(sorted(set(v))))) for c, v in currency.items())
        ]
        signs = "".join(sorted(set("".join(currency.values()))))
        self._price_signs = tuple(signs)
        self._cache: dict[str, tuple[int, ...]] = {}

    def _single(self, token: str) -> tuple[int, ...]:
        hit = self._cache.get(token)
        if hit is None:
            found = set(self.words.get(token, ()))
            for n in self.stem_lengths:
                if n > len(token):
                    break
                found.update(self.stems.get(token[:n], ()))
            hit = tuple(sorted(found))
            if len(self._cache) < 200_000:
                self._cache[token] = hit
        return hit

    def count_lines(self, lowered: list[str], tokens: list[list[str]], n_concepts: int) -> list[list[int]]:
        """Matches per concept in each of a page's lowercased lines (``tokens``: their ``words()``).

        Each kind of entry is looked for over the whole page at once (the words of all lines in one
        cache look-up, the characters every substring, price or unspaced entry holds in one scan) and
        only the few hits are handed to their line: most lines hold no cue at all.
        """
        counts = [[0] * n_concepts for _ in lowered]
        flat = list(chain.from_iterable(tokens))
        sizes = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        line_of = np.repeat(np.arange(len(tokens)), sizes).tolist()
        first_of = bounds(sizes).tolist()
        cached = list(map(self._cache.get, flat))
        # A word not seen yet (None) sends the page through ``_single``, which fills the cache.
        singles = list(map(self._single, flat)) if None in cached else cast(list[tuple[int, ...]], cached)
        for k in compress(range(len(flat)), singles):  # most words are no cue: their tuples are empty
            row = counts[line_of[k]]
            for concept in singles[k]:
                row[concept] += 1
        phrases = self.phrases
        for k in compress(range(len(flat)), map(phrases.__contains__, flat)):
            line = line_of[k]
            if k + 1 < first_of[line + 1]:  # a phrase has a second word in the same line
                phrases[flat[k]].count(tokens[line], k - first_of[line], counts[line])
        # Every substring entry holds its first character, every price a sign: the other lines skip them.
        if self.substrings:
            for i in np.flatnonzero(holding(lowered, self._substring_starts)).tolist():
                _count_substrings(self._substrings_by_first, lowered[i], counts[i])
        for i in np.flatnonzero(holding(lowered, self._price_signs)).tolist():
            for pattern, concept in self.prices:
                counts[i][concept] += len(pattern.findall(lowered[i]))
        if self.unspaced:
            for i in np.flatnonzero(match_counts(_UNSPACED_RE, lowered)).tolist():
                _count_substrings(self._unspaced_by_first, lowered[i], counts[i])
        return counts


def _by_first(entries: list[tuple[str, int]]) -> dict[str, list[tuple[str, int]]]:
    """Substring entries (repeats kept: each counts) grouped by their first character."""
    out: dict[str, list[tuple[str, int]]] = {}
    for entry, concept in entries:
        out.setdefault(entry[0], []).append((entry, concept))
    return out


def _count_substrings(by_first: dict[str, list[tuple[str, int]]], text: str, counts: list[int]) -> None:
    """Add each entry's occurrences in ``text`` to its concept, trying only the entries whose first
    character the text holds."""
    for first in by_first.keys() & set(text):
        for entry, concept in by_first[first]:
            counts[concept] += text.count(entry)


_UNSPACED_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@dataclass(frozen=True)
class Lexicon:
    """Compiled cue matchers and function-word sets for every language in the lists."""

    cues: CueMatcher
    stopwords: dict[str, frozenset[str]]
    all_stopwords: frozenset[str]
    stop_langs: dict[str, tuple[str, ...]]
    """For each function word, the languages whose lists hold it."""
    unspaced_stopwords: dict[str, tuple[str, ...]]
    markup: dict[str, tuple[str, ...]]

    def cue_counts(self, lowered: list[str], tokens: list[list[str]] | None = None) -> list[list[int]]:
        """Number of cue matches per concept (``CUE_CONCEPTS`` order) in each of a page's lowercased
        lines (``tokens``: their ``words()``, if already split)."""
        if tokens is None:
            tokens = list(map(words, lowered))
        return self.cues.count_lines(lowered, tokens, len(CUE_CONCEPTS))


@cache
def lexicon() -> Lexicon:
    """The lexicon shipped with the package, compiled once per process."""
    raw_cues: dict[str, dict[str, list[str]]] = _load("cues.json")
    cues = CueMatcher(
        {
            number: [p for phrases in raw_cues.get(concept, {}).values() for p in phrases]
            for number, concept in enumerate(CUE_CONCEPTS)
        }
    )
    raw_stop: dict[str, list[str]] = _load("stopwords.json")
    stopwords = {
        lang: frozenset(w.lower() for w in words) for lang, words in raw_stop.items() if lang not in UNSPACED
    }
    unspaced = {lang: tuple(words) for lang, words in raw_stop.items() if lang in UNSPACED}
    try:
        markup_raw: dict[str, list[str]] = _load("markup.json")
    except FileNotFoundError:
        markup_raw = {}
    markup = {concept: tuple(t.lower() for t in tokens) for concept, tokens in markup_raw.items()}
    all_stop = frozenset().union(*stopwords.values()) if stopwords else frozenset()
    stop_langs: dict[str, list[str]] = {}
    for lang, stops in sorted(stopwords.items()):
        for word in stops:
            stop_langs.setdefault(word, []).append(lang)
    return Lexicon(
        cues=cues,
        stopwords=stopwords,
        all_stopwords=all_stop,
        stop_langs={word: tuple(langs) for word, langs in stop_langs.items()},
        unspaced_stopwords=unspaced,
        markup=markup,
    )


def words(text_lower: str) -> list[str]:
    return _WORD.findall(text_lower)
