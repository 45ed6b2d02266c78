"""A line's own shape: the columns of ``OWN_NAMES``, worked out from a line's text alone.

Length, words, punctuation, digits, case, currency, dates, separators, the share of function words,
and how many cue phrases of each concept (consent, paywall, ...) a line holds. Each column is worked
out for a page's distinct lines at once: character classes counted over the page's code points from
a per-code-point table, patterns searched only in the lines that hold a fixed part of every match.
"""

from __future__ import annotations

import math
import re
from functools import cache
from itertools import chain
from typing import NamedTuple

import numpy as np

from classifier.lexicon import CUE_CONCEPTS, lexicon
from classifier.pagetext import bounds, holding, segment_sums

__all__ = ["OWN_NAMES", "WALL_CONCEPTS", "own_matrix"]

_TERMINAL = frozenset('.!?…。！？"”»)')
_CURRENCY_WORDS = ("eur", "usd", "gbp", "chf", "sek", "dkk", "nok", "pln", "czk", "kč", "zł", "kr")
_CURRENCY_SIGNS = "[$€£¥₹₽₺₩]"
_CURRENCY = re.compile(_CURRENCY_SIGNS + r"|\b(?:" + "|".join(_CURRENCY_WORDS) + r")\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s[|•·›»/–—]\s|[|•·›»]")
# Bounded repeats: an unbounded \S+@\S+ backtracks quadratically on a long run without spaces.
_URLISH = re.compile(r"https?://|www\.|\S{1,64}@\S{1,255}\.\w+|\.(?:com|de|org|net|html?)\b", re.IGNORECASE)
_DATE = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.? [A-Za-zÀ-ž]{3,10}\.? \d{4}\b"
    r"|\b[A-Za-zÀ-ž]{3,10}\.? \d{1,2},? \d{4}\b|\d{4}年\d{1,2}月"
)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b(?:\s?(?:am|pm|uhr|h))?", re.IGNORECASE)
# Glued words are matches of _GLUED_LOWER + _GLUED_UPPER: a lower-case letter run straight into a
# capital ("TermsPrivacyCookie settings"), inline links whose separators innerText drops, typical of
# menus and footers. The two classes are disjoint, so matches cannot overlap: each such pair is one.
_GLUED_LOWER = re.compile(r"[a-zß-öø-ÿа-я]")
_GLUED_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞА-Я]")
_BULLET = re.compile(r"^(?:[-–—•*·▪►▶✓✔]|\d{1,2}[.)]\s)")
# Sentence ends are matches of _SENTENCE_MARK + (?:\s|$): a mark before a space or the line's end.
_SENTENCE_MARK = re.compile(r"[.!?。！？]")
_RE_SPACE = re.compile(r"\s")
_QUOTES = re.compile('["„“”«»‚‘’「」]')
# Runs of letters, digits and capitals: a line's count of each is its runs' total length.
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
_UPPERS = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯЁΑ-ΩĄĆĘŁŃŚŹŻČĎĚŇŘŠŤŮŽŐŰĞİŞ]+")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")

WALL_CONCEPTS = ("consent", "paywall", "adblock", "newsletter")

OWN_NAMES = (
    "log_chars",
    "log_words",
    "mean_word_len",
    "frac_letters",
    "frac_digits",
    "frac_upper",
    "frac_punct",
    "ends_terminal",
    "ends_colon",
    "ends_question",
    "starts_upper",
    "titlecase_ratio",
    "all_caps",
    "has_currency",
    "n_separators",
    "has_url",
    "starts_bullet",
    "stopword_density",
    "log_stopwords",
    "has_date",
    "has_time",
    "has_copyright",
    "log_commas",
    "n_sentences",
    "is_short",
    "has_quotes",
    "unspaced_ratio",
    "no_letters",
    "starts_digit",
    "log_glued",
    "prose",
    *(f"cue_{c}" for c in CUE_CONCEPTS),
    "cue_walls",
)


def own_matrix(texts: list[str], lowered: list[str], tokens: list[list[str]]) -> np.ndarray:
    """The ``OWN_NAMES`` columns of distinct lines (``lowered``: their lowercased texts, ``tokens``:
    their ``words``), each column worked out for all the lines at once: character classes counted over
    the page's code points, patterns counted in one scan of the joined lines, the costlier ones searched
    only in the lines that can match. Per-line Python was most of the cost of a page's features."""
    lex = lexicon()
    n = len(texts)
    chars = _char_counts(texts)
    n_words = np.fromiter(map(len, tokens), dtype=np.int64, count=n)
    flat = list(chain.from_iterable(tokens))
    stop_flags = np.fromiter(map(lex.all_stopwords.__contains__, flat), dtype=bool, count=len(flat))
    n_stop = segment_sums(stop_flags, bounds(n_words))
    stop_density = np.divide(n_stop, n_words, out=np.zeros(n), where=n_words > 0)
    for i in np.flatnonzero(chars.unspaced > chars.chars / 3).tolist():
        # Unspaced scripts: a "word" is about two characters, function words are substrings.
        hits = sum(map(lowered[i].count, _short_unspaced_stopwords()))
        n_words[i] = max(n_words[i], chars.unspaced[i] // 2)
        stop_density[i] = min(1.0, hits / max(1, chars.unspaced[i]) * 2.5)
        n_stop[i] = hits
    letters, digits, upper = chars.letters, chars.digits, chars.upper
    per_char = np.maximum(chars.chars, 1)  # a line without characters has no letters, digits or punctuation
    last = [text.rstrip()[-1:] for text in texts]
    cues = np.array(lex.cue_counts(lowered, tokens), dtype=np.int64).reshape(n, len(CUE_CONCEPTS))
    columns = [  # in ``OWN_NAMES``'s order
        _log1p(chars.chars),
        _log1p(n_words),
        np.minimum(letters / np.maximum(n_words, 1), 15.0) / 15.0,
        letters / per_char,
        digits / per_char,
        np.divide(upper, letters, out=np.zeros(n), where=letters > 0),
        (chars.chars - letters - digits - chars.spaces) / per_char,
        [end in _TERMINAL for end in last],
        [end == ":" for end in last],
        [end in "?？" for end in last],
        [text[:1].isupper() for text in texts],
        np.divide(chars.capital_initials, chars.initials, out=np.zeros(n), where=chars.initials > 0),
        (letters >= 4) & (upper == letters),
        _has_currency(texts, lowered, tokens),
        _log1p(_separators(texts)),
        _search_where(_URLISH, texts, holding(lowered, _URL_HINTS)),
        [_BULLET.match(text) is not None for text in texts],
        stop_density,
        _log1p(n_stop),
        _search_where(_DATE, texts, digits >= 4),
        _search_where(_TIME, texts, (digits >= 3) & (chars.dots_colons > 0)),
        (chars.copyright_signs > 0) | holding(lowered, _COPYRIGHT_WORDS),
        _log1p(chars.commas),
        _log1p(chars.sentence_ends),
        n_words <= 3,
        chars.quotes > 0,
        chars.unspaced / per_char,
        letters == 0,
        [text[:1].isdigit() for text in texts],
        _log1p(chars.glued),
        ((n_words >= 10) & (stop_density >= 0.12)) | (n_words >= 25),
    ]
    walls = cues[:, : len(WALL_CONCEPTS)].sum(axis=1)
    return np.column_stack([*columns, _log1p(cues), _log1p(walls)]).astype(np.float64)


@cache
def _short_unspaced_stopwords() -> tuple[str, ...]:
    """The function words of unspaced languages counted as substrings: those of one or two characters."""
    return tuple(p for stops in lexicon().unspaced_stopwords.values() for p in stops if len(p) <= 2)


_LOG1P = np.array([math.log1p(k) for k in range(4096)])


def _log1p(counts: np.ndarray) -> np.ndarray:
    """``math.log1p`` of non-negative integer counts, any shape: small ones from a table, larger ones
    one by one. Not ``np.log1p``, whose last bit may differ from ``math.log1p``'s, with which the
    model was trained."""
    counts = np.asarray(counts, dtype=np.int64)
    out = _LOG1P[np.minimum(counts, len(_LOG1P) - 1)]
    for at in np.flatnonzero(counts >= len(_LOG1P)).tolist():
        out.flat[at] = math.log1p(int(counts.flat[at]))
    return out


# The character classes the line features count, one bit each, per code point: looked up for a whole
# page at once. Worked out on first sight of a code point (bit _SEEN), with the very expressions and
# str methods that define the features, so a table entry cannot disagree with them.
_CLASS_PATTERNS = (
    _LETTERS,
    _DIGITS,
    _UPPERS,
    _UNSPACED,
    _QUOTES,
    _GLUED_LOWER,
    _GLUED_UPPER,
    _SENTENCE_MARK,
    _RE_SPACE,
)
_CLASS_METHODS = (str.isspace, str.isalpha, str.isupper)
(  # the bits of the patterns, then of the methods, in their order
    _LETTER,
    _DIGIT,
    _UPPER,
    _UNSPACED_CHAR,
    _QUOTE,
    _LOWER_BEFORE,
    _CAPITAL_AFTER,
    _MARK,
    _MATCH_SPACE,
    _SPACE,
    _ALPHA,
    _CAPITAL,
    _SEEN,
) = (1 << i for i in range(len(_CLASS_PATTERNS) + len(_CLASS_METHODS) + 1))
_CHAR_CLASSES = np.zeros(0x110000, dtype=np.uint16)


def _classes_of(ch: str) -> int:
    """The class bits of one character: one per pattern of ``_CLASS_PATTERNS`` it matches (letters,
    digits, capitals and unspaced script counted; quotes; the two sides of a glued word; a sentence
    mark and the ``\\s`` after it), then ``str.isspace`` (where ``str.split`` splits words),
    ``str.isalpha`` and ``str.isupper`` (a word's initial, for the title-case ratio)."""
    bits = _SEEN
    for bit, pattern in enumerate(_CLASS_PATTERNS):
        if pattern.match(ch):
            bits |= 1 << bit
    for bit, method in enumerate(_CLASS_METHODS, start=len(_CLASS_PATTERNS)):
        if method(ch):
            bits |= 1 << bit
    return bits


def _classes(codes: np.ndarray) -> np.ndarray:
    """The class bits of each code point; code points not seen before are worked out first (writes of
    correct values only: safe between threads)."""
    bits = _CHAR_CLASSES[codes]
    unseen = bits == 0
    if unseen.any():
        for code in np.unique(codes[unseen]).tolist():
            _CHAR_CLASSES[code] = _classes_of(chr(code))
        bits = _CHAR_CLASSES[codes]
    return bits


class _CharCounts(NamedTuple):
    """Per line: its characters, those of each counted class, and its words (``str.split``) whose
    first character is a letter (``initials``) and, of those, a capital."""

    chars: np.ndarray
    letters: np.ndarray
    digits: np.ndarray
    upper: np.ndarray
    unspaced: np.ndarray
    spaces: np.ndarray
    commas: np.ndarray
    dots_colons: np.ndarray
    copyright_signs: np.ndarray
    initials: np.ndarray
    capital_initials: np.ndarray
    quotes: np.ndarray
    glued: np.ndarray
    sentence_ends: np.ndarray


_COMMAS = np.array([ord(","), ord("、"), ord("，")], dtype=np.uint32)


def _char_counts(texts: list[str]) -> _CharCounts:
    """``_CharCounts`` of every text, from the classes of all their code points at once."""
    sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    line_bounds = bounds(sizes)
    # UTF-32 gives one unit per code point, as str indexes them (lone surrogates included).
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bits = _classes(codes)
    space = (bits & _SPACE) != 0
    word_start = np.ones(len(codes), dtype=bool)  # after a space or at a line's start
    word_start[1:] = space[:-1]
    word_start[line_bounds[:-1][sizes > 0]] = True
    initial = word_start & ~space & ((bits & _ALPHA) != 0)
    # Each character's next one in its line; a line's end reads as a space to a sentence end (``$``)
    # and as no capital to a glued word.
    after = np.zeros(len(codes), dtype=bits.dtype)
    after[:-1] = bits[1:]
    after[line_bounds[1:][sizes > 0] - 1] = _MATCH_SPACE

    def count(flags: np.ndarray) -> np.ndarray:
        return segment_sums(flags, line_bounds)

    return _CharCounts(
        chars=sizes,
        letters=count((bits & _LETTER) != 0),
        digits=count((bits & _DIGIT) != 0),
        upper=count((bits & _UPPER) != 0),
        unspaced=count((bits & _UNSPACED_CHAR) != 0),
        spaces=count(codes == ord(" ")),
        commas=count(np.isin(codes, _COMMAS)),
        dots_colons=count((codes == ord(".")) | (codes == ord(":"))),
        copyright_signs=count(codes == ord("©")),
        initials=count(initial),
        capital_initials=count(initial & ((bits & _CAPITAL) != 0)),
        quotes=count((bits & _QUOTE) != 0),
        glued=count(((bits & _LOWER_BEFORE) != 0) & ((after & _CAPITAL_AFTER) != 0)),
        sentence_ends=count(((bits & _MARK) != 0) & ((after & _MATCH_SPACE) != 0)),
    )


# Every match of ``_SEPARATORS`` holds one of these.
_SEPARATOR_CHARS = tuple("|•·›»/–—")


def _separators(texts: list[str]) -> np.ndarray:
    """How many matches of ``_SEPARATORS`` each text holds, counted only in the texts that hold one
    of ``_SEPARATOR_CHARS`` (the others hold none)."""
    counts = np.zeros(len(texts), dtype=np.int64)
    for i in np.flatnonzero(holding(texts, _SEPARATOR_CHARS)).tolist():
        counts[i] = len(_SEPARATORS.findall(texts[i]))
    return counts


def _search_where(pattern: re.Pattern[str], texts: list[str], candidates: np.ndarray) -> np.ndarray:
    """Whether ``pattern`` is found in each text, searched only among ``candidates`` (the texts that
    hold a fixed part every match has; the others cannot match)."""
    found = np.zeros(len(texts), dtype=bool)
    for i in np.flatnonzero(candidates).tolist():
        found[i] = pattern.search(texts[i]) is not None
    return found


_ASCII_CURRENCY_WORDS = frozenset(word for word in _CURRENCY_WORDS if word.isascii())
# Every line ``_CURRENCY`` matches holds, lowercased, a sign or a currency word (the long s "ſ" as an
# "s" of one): a superset of them, found with ``holding``.
_CURRENCY_HINTS = (*_CURRENCY_SIGNS[1:-1], "ſ", *_CURRENCY_WORDS)


def _has_currency(texts: list[str], lowered: list[str], tokens: list[list[str]]) -> np.ndarray:
    """Whether ``_CURRENCY`` matches each line, looked at only in the lines with a sign or a currency
    word. On ASCII text its only sign is ``$`` and a currency word between word boundaries is a whole
    ``\\w+`` token of the lowercased line, so no regular expression is needed there."""
    found = np.zeros(len(texts), dtype=bool)
    for i in np.flatnonzero(holding(lowered, _CURRENCY_HINTS)).tolist():
        text = texts[i]
        if text.isascii():
            found[i] = "$" in text or not _ASCII_CURRENCY_WORDS.isdisjoint(tokens[i])
        else:
            found[i] = _CURRENCY.search(text) is not None
    return found


# Every match of ``_URLISH`` holds one of these (in the lowercased line; "://" and "@" as they are).
_URL_HINTS = ("://", "@", "www.", ".com", ".de", ".org", ".net", ".htm")
# "(c)" and "copyright" in the lowercased line (the sign "©" is counted among the characters).
_COPYRIGHT_WORDS = ("(c)", "copyright")
