"""A page's language, guessed from its script and its function words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from classifier.lexicon import lexicon, words

UNDETERMINED = "und"


def _script_language(text: str) -> str | None:
    counts = Counter[str]()
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x30FF:
            counts["ja"] += 3  # kana is decisive for Japanese even among kanji
        elif 0x4E00 <= code <= 0x9FFF:
            counts["zh"] += 1
        elif 0xAC00 <= code <= 0xD7AF:
            counts["ko"] += 1
        elif 0x0E00 <= code <= 0x0E7F:
            counts["th"] += 1
    if not counts:
        return None
    lang, n = counts.most_common(1)[0]
    return lang if n >= max(10, len(text) // 20) else None


def detect_language(texts: Sequence[str]) -> str:
    """ISO 639-1 code of the language most of ``texts`` is written in, or ``"und"``."""
    joined = "\n".join(texts)[:20000]
    scripted = _script_language(joined)
    if scripted:
        return scripted
    lex = lexicon()
    tokens = words(joined.lower())
    if not tokens:
        return UNDETERMINED
    hits = Counter[str]()
    for token in tokens:
        hits.update(lex.stop_langs.get(token, ()))
    if not hits:
        return UNDETERMINED
    lang, n = hits.most_common(1)[0]
    return lang if n >= 3 and n >= 0.05 * len(tokens) else UNDETERMINED
