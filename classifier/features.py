"""Lines -> numbers. Pure functions; every column is named in ``FEATURE_NAMES``.

Three kinds of columns, all computed for a whole page at once:

* the line's own shape: length, punctuation, digits, case, currency, function-word density, and how
  many cue phrases of each concept (consent, paywall, ...) it holds;
* its place on the page: relative position, and where it sits against the page's *main run* — the
  contiguous stretch of prose found by a maximum-sum scan over the lines — and what kind of page it
  is: the share of its lines that are prose, the share of its words inside the main run, the number of
  prose lines (a page that *is* a list has little prose, an article followed by a list has most of its
  words in one run);
* its neighbourhood: the same shape numbers for the lines around it, and window aggregates.

The hashed character and word n-grams of the text are built separately (``text_hashers``) because they
are sparse.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import chain, repeat
from operator import itemgetter
from typing import NamedTuple

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from classifier.lexicon import CUE_CONCEPTS, UNSPACED, lexicon, words
from classifier.pagetext import bounds, holding, segment_sums
from classifier.types import Line

_TERMINAL = frozenset('.!?…。！？"”»)')
_CURRENCY_WORDS = ("eur", "usd", "gbp", "chf", "sek", "dkk", "nok", "pln", "czk", "kč", "zł", "kr")
_CURRENCY_SIGNS = "[$€£¥₹₽₺₩]"
_CURRENCY = re.compile(_CURRENCY_SIGNS + r"|\b(?:" + "|".join(_CURRENCY_WORDS) + r")\b", re.IGNORECASE)
_CURRENCY_SIGN = re.compile(_CURRENCY_SIGNS)
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

_OWN = (
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
    *_OWN,
    *(f"n{o:+d}_{name}" for o in _OFFSETS for name in _NEIGHBOUR),
    *(f"win_mean_{name}" for name in _WINDOW_MEAN),
    *(f"win_max_{name}" for name in _WINDOW_MAX),
    *_PAGE,
)
_OWN_INDEX = {name: i for i, name in enumerate(_OWN)}


def _own_matrix(texts: list[str], lowered: list[str], tokens: list[list[str]]) -> np.ndarray:
    """The ``_OWN`` columns of distinct lines (``lowered``: their lowercased texts, ``tokens``: their
    ``words``), each column worked out for all the lines at once: character classes counted over the
    page's code points, patterns counted in one scan of the joined lines, the costlier ones searched
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
    columns = [  # in ``_OWN``'s order
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


def _foreign(lines: Sequence[Line], tokens: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
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
    script_mismatch, lang_mismatch = _foreign(lines, tokens)
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
    """``_own_matrix`` of every line, worked out once per distinct text: menus, buttons and "Reply"
    links repeat on a page, and a line's own features depend on its text alone."""
    texts = [line.text for line in lines]
    first: dict[str, int] = {}  # each distinct text -> where it first occurs
    for position, text in enumerate(texts):
        first.setdefault(text, position)
    slot = {text: k for k, text in enumerate(first)}
    at = list(first.values())
    own = _own_matrix(list(first), [lowered[i] for i in at], [tokens[i] for i in at])
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
