"""A page's language, guessed from its script and its function words."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from classifier.lexicon import lexicon, words

UNDETERMINED = "und"


_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff]"), 3),  # kana is decisive for Japanese even among kanji
    ("zh", re.compile(r"[\u4e00-\u9fff]"), 1),
    ("ko", re.compile(r"[\uac00-\ud7af]"), 1),
    ("th", re.compile(r"[\u0e00-\u0e7f]"), 1),
)
# Any character of those scripts: most pages hold none, and one scan for all four (which finds none)
# costs a quarter of counting each.
_ANY_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def _script_language(text: str) -> str | None:
    counts = Counter[str]()
    if not text.isascii() and _ANY_SCRIPT.search(text):
        for lang, pattern, weight in _SCRIPTS:
            found = len(pattern.findall(text))
            if found:
                counts[lang] += weight * found
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
    # Each distinct function word's languages once, weighted by how often it occurs: the same counts
    # as counting token by token, and (distinct words in first-seen order) the same first-seen order
    # of languages, which decides ties in most_common. The other tokens count for no language.
    hits = Counter[str]()
    for token, times in Counter(filter(lex.stop_langs.__contains__, tokens)).items():
        for lang in lex.stop_langs[token]:
            hits[lang] += times
    if not hits:
        return UNDETERMINED
    lang, n = hits.most_common(1)[0]
    return lang if n >= 3 and n >= 0.05 * len(tokens) else UNDETERMINED
