"""Lines -> numbers. Pure functions; every column is named in ``FEATURE_NAMES``.

Three kinds of columns, all computed for a whole page at once:

* the line's own shape: length, punctuation, digits, case, currency, function-word density, and how
  many cue phrases of each concept (consent, paywall, ...) it holds;
* its place on the page: relative position, and where it sits against the page's *main run* — the
  contiguous stretch of prose found by a maximum-sum scan over the lines;
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
from operator import itemgetter

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

from classifier.lexicon import CUE_CONCEPTS, UNSPACED, lexicon, words
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
# A lower-case letter run straight into a capital ("TermsPrivacyCookie settings"): inline links whose
# separators innerText drops, typical of menus and footers.
_GLUED = re.compile(r"[a-zß-öø-ÿа-я][A-ZÀ-ÖØ-ÞА-Я]")
_BULLET = re.compile(r"^(?:[-–—•*·▪►▶✓✔]|\d{1,2}[.)]\s)")
_SENTENCE_END = re.compile(r"[.!?。！？](?:\s|$)")
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
)

FEATURE_NAMES: tuple[str, ...] = (
    *_OWN,
    *(f"n{o:+d}_{name}" for o in _OFFSETS for name in _NEIGHBOUR),
    *(f"win_mean_{name}" for name in _WINDOW_MEAN),
    *(f"win_max_{name}" for name in _WINDOW_MAX),
    *_PAGE,
)
_OWN_INDEX = {name: i for i, name in enumerate(_OWN)}


def _own_features(text: str, lower: str, cues: list[int], toks: list[str]) -> list[float]:
    """The ``_OWN`` columns of one line; ``toks`` are ``words(lower)``."""
    lex = lexicon()
    n_chars = len(text)
    n_words = len(toks)
    ascii_only = text.isascii()
    letters, digits, upper = _char_classes(text, ascii_only)
    spaces = text.count(" ")
    punct = n_chars - letters - digits - spaces
    unspaced = 0 if ascii_only else _UNSPACED.subn("", text)[1]
    if unspaced > n_chars / 3:
        # Unspaced scripts: a "word" is about two characters, function words are substrings.
        n_words = max(n_words, unspaced // 2)
        hits = sum(map(lower.count, _short_unspaced_stopwords()))
        stop_density = min(1.0, hits / max(1, unspaced) * 2.5)
        n_stop = hits
    else:
        n_stop = sum(map(lex.all_stopwords.__contains__, toks))
        stop_density = n_stop / n_words if n_words else 0.0
    initials = [t[0] for t in text.split() if t[0].isalpha()]  # split() gives no empty word
    title = sum(map(str.isupper, initials)) / len(initials) if initials else 0.0
    last = text.rstrip()[-1:] if text.strip() else ""
    prose = 1.0 if (n_words >= 10 and stop_density >= 0.12) or (n_words >= 25) else 0.0
    # The costlier patterns only where they can match: every date holds four digits, every time three.
    has_date = digits >= 4 and _DATE.search(text) is not None
    has_time = digits >= 3 and ("." in text or ":" in text) and _TIME.search(text) is not None
    row = [
        math.log1p(n_chars),
        math.log1p(n_words),
        min(letters / max(1, n_words), 15.0) / 15.0,
        letters / n_chars if n_chars else 0.0,
        digits / n_chars if n_chars else 0.0,
        upper / letters if letters else 0.0,
        punct / n_chars if n_chars else 0.0,
        1.0 if last in _TERMINAL else 0.0,
        1.0 if last == ":" else 0.0,
        1.0 if last in "?？" else 0.0,
        1.0 if text[:1].isupper() else 0.0,
        title,
        1.0 if letters >= 4 and upper == letters else 0.0,
        1.0 if _has_currency(text, lower, ascii_only, toks) else 0.0,
        math.log1p(_n_separators(text, ascii_only)),
        1.0 if _has_url(text, lower) else 0.0,
        1.0 if _BULLET.match(text) else 0.0,
        stop_density,
        math.log1p(n_stop),
        1.0 if has_date else 0.0,
        1.0 if has_time else 0.0,
        1.0 if "©" in text or "(c)" in lower or "copyright" in lower else 0.0,
        math.log1p(text.count(",") + text.count("、") + text.count("，")),
        math.log1p(len(_SENTENCE_END.findall(text))),
        1.0 if n_words <= 3 else 0.0,
        1.0 if _has_quotes(text, ascii_only) else 0.0,
        unspaced / n_chars if n_chars else 0.0,
        1.0 if letters == 0 else 0.0,
        1.0 if text[:1].isdigit() else 0.0,
        math.log1p(_n_glued(text, ascii_only, upper)),
        prose,
        *map(math.log1p, cues),
        math.log1p(sum(cues[: len(WALL_CONCEPTS)])),
    ]
    return row


@cache
def _short_unspaced_stopwords() -> tuple[str, ...]:
    """The function words of unspaced languages counted as substrings: those of one or two characters."""
    return tuple(p for stops in lexicon().unspaced_stopwords.values() for p in stops if len(p) <= 2)


_ASCII_LETTER_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_ASCII_DIGIT_BYTES = b"0123456789"
_ASCII_UPPER_BYTES = _ASCII_LETTER_BYTES[:26]
_ASCII_CLASS_BYTES = (_ASCII_LETTER_BYTES, _ASCII_DIGIT_BYTES, _ASCII_UPPER_BYTES)


def _ascii_count(raw: bytes, chars: bytes) -> int:
    """How many bytes of ``raw`` are among ``chars`` (``bytes.translate`` deleting them: a C loop)."""
    return len(raw) - len(raw.translate(None, chars))


def _char_classes(text: str, ascii_only: bool) -> tuple[int, int, int]:
    """How many of the line's characters are letters, digits and capitals (the classes of ``_LETTERS``,
    ``_DIGITS`` and ``_UPPERS``). On ASCII text these are A-Z a-z, 0-9 and A-Z, counted by
    ``bytes.translate`` (a C loop) instead of regular expressions; elsewhere each count is the total
    length of the class's runs (fewer, longer matches than one per character)."""
    if ascii_only:
        raw = text.encode("ascii")
        letters, digits, upper = (_ascii_count(raw, chars) for chars in _ASCII_CLASS_BYTES)
    else:
        letters, digits, upper = (sum(map(len, runs.findall(text))) for runs in (_LETTERS, _DIGITS, _UPPERS))
    return letters, digits, upper


def _n_separators(text: str, ascii_only: bool) -> int:
    """Matches of ``_SEPARATORS``, whose only ASCII characters are "|" and "/"."""
    if ascii_only and "|" not in text and "/" not in text:
        return 0
    return len(_SEPARATORS.findall(text))


def _has_quotes(text: str, ascii_only: bool) -> bool:
    """``_QUOTES`` matches the line; its only ASCII character is the double quote."""
    return '"' in text if ascii_only else _QUOTES.search(text) is not None


def _n_glued(text: str, ascii_only: bool, upper: int) -> int:
    """Matches of ``_GLUED``: none without a capital after the first character (``upper`` counts the
    line's capitals of ``_UPPERS``, whose class holds ``_GLUED``'s; on ASCII text a capital is A-Z,
    so a capital first character is one of them)."""
    later_capitals = upper - (1 if ascii_only and text[:1].isupper() else 0)
    return len(_GLUED.findall(text)) if later_capitals > 0 else 0


_ASCII_CURRENCY_WORDS = frozenset(word for word in _CURRENCY_WORDS if word.isascii())


def _has_currency(text: str, lower: str, ascii_only: bool, toks: list[str]) -> bool:
    """``_CURRENCY`` matches the line. On ASCII text its only sign is ``$`` and a currency word between
    word boundaries is a whole ``\\w+`` token of the lowercased line, so no regular expression is needed.
    Elsewhere the expression runs only where it can match: on a sign, or where the lowercased line
    holds a currency word (a case-insensitive match lowercases to it, but for the long s that matches
    "s")."""
    if ascii_only:
        return "$" in text or not _ASCII_CURRENCY_WORDS.isdisjoint(toks)
    if _CURRENCY_SIGN.search(text) is not None:
        return True
    hinted = "ſ" in text or any(map(lower.__contains__, _CURRENCY_WORDS))
    return hinted and _CURRENCY.search(text) is not None


# Every match of ``_URLISH`` holds one of these (in the lowercased line; "://" and "@" as they are).
_URL_HINTS = ("://", "@", "www.", ".com", ".de", ".org", ".net", ".htm")


def _has_url(text: str, lower: str) -> bool:
    """``_URLISH`` matches the line; it runs only where one of its branches' fixed parts is found."""
    return any(map(lower.__contains__, _URL_HINTS)) and _URLISH.search(text) is not None


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
    """The writing system most of the line's first letters belong to ('' when it has few letters)."""
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
    """The language whose function words the line uses most ('' when fewer than two are found)."""
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


def _foreign(lines: Sequence[Line], tokens: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Per line: is it written in another script, or another language, than most of the page?"""
    texts = [line.text for line in lines]
    distinct = dict(zip(texts, tokens, strict=True))  # each distinct line once (its tokens: its text's)
    script_of = {text: _script(text) for text in distinct}
    language_of = {text: _line_language(toks) for text, toks in distinct.items()}
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
    own = np.asarray(_own_rows(lines, lowered, tokens), dtype=np.float64)

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
        ]
    )
    return np.hstack([own, *neighbours, win_mean, win_max, page]).astype(np.float32)


def _own_rows(lines: Sequence[Line], lowered: list[str], tokens: list[list[str]]) -> list[list[float]]:
    """``_own_features`` of every line, worked out once per distinct text: menus, buttons and
    "Reply" links repeat on a page, and a line's own features depend on its text alone."""
    lex = lexicon()
    by_text: dict[str, list[float]] = {}
    rows = []
    for line, low, toks in zip(lines, lowered, tokens, strict=True):
        row = by_text.get(line.text)
        if row is None:
            row = by_text[line.text] = _own_features(line.text, low, lex.cue_counts(low, toks), toks)
        rows.append(row)
    return rows


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
