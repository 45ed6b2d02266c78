"""The phrase lists in ``classifier/lexicons/`` as fast matchers.

Knowledge is data: the lists live in JSON (see ``lexicons/README.md``); this module only compiles
them. Cue phrases of every language at once are matched word by word through hash lookups (with a
per-word cache), so the cost grows with the page's words, not with the number of phrases.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

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


def _is_unspaced_script(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # CJK ideographs
        or 0xAC00 <= code <= 0xD7AF  # hangul
        or 0x0E00 <= code <= 0x0E7F  # thai
    )


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
        self.phrases: dict[str, list[tuple[tuple[str, ...], bool, int]]] = {}
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
                    self.phrases.setdefault(tokens[0], []).append((tokens[1:], stem, concept))
        self.stem_lengths = sorted({len(x) for x in self.stems})
        self._substring_starts = re.compile(
            "[" + "".join(sorted({re.escape(entry[0]) for entry, _ in self.substrings})) + "]"
        )
        self.prices = [
            (re.compile(rf"\d[\s\u00a0]?[{signs}]|[{signs}][\s\u00a0]?\d"), concept)
            for concept, signs in ((c, re.escape("".join(sorted(set(v))))) for c, v in currency.items())
        ]
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

    def count(self, text_lower: str, n_concepts: int, tokens: list[str] | None = None) -> list[int]:
        """Matches per concept in one lowercased line; ``tokens`` are its ``words()``, when the
        caller has them already."""
        counts = [0] * n_concepts
        if tokens is None:
            tokens = _WORD.findall(text_lower)
        for i, token in enumerate(tokens):
            for concept in self._single(token):
                counts[concept] += 1
            for rest, stem, concept in self.phrases.get(token, ()):
                k = len(rest)
                following = tokens[i + 1 : i + 1 + k]
                if len(following) < k or following[:-1] != list(rest[:-1]):
                    continue
                last = following[-1]
                if last == rest[-1] or (stem and last.startswith(rest[-1])):
                    counts[concept] += 1
        # Every substring entry holds its first character: a line with none of them skips the loop.
        if self.substrings and self._substring_starts.search(text_lower):
            for entry, concept in self.substrings:
                if entry in text_lower:
                    counts[concept] += text_lower.count(entry)
        for pattern, concept in self.prices:
            counts[concept] += len(pattern.findall(text_lower))
        if self.unspaced and _UNSPACED_RE.search(text_lower):
            for entry, concept in self.unspaced:
                if entry in text_lower:
                    counts[concept] += text_lower.count(entry)
        return counts


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

    def cue_counts(self, text_lower: str, tokens: list[str] | None = None) -> list[int]:
        """Number of cue matches per concept (``CUE_CONCEPTS`` order) in one lowercased line
        (``tokens``: its ``words()``, if already split)."""
        return self.cues.count(text_lower, len(CUE_CONCEPTS), tokens)


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
