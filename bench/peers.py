"""The extractors the benchmarks compare, each as one call: page bytes in, main text out.

Run in the bench environment (``make bench-venv``), which has the peers installed beside linesift.
Each adapter uses the tool's documented entry point with settings for main-text extraction; the
settings are listed in docs/benchmarks-html.md. Decoding and turning a tool's HTML output into text
are part of the call (every tool has to do them), reading and un-gzipping the file are not.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

# ISO 639-1 -> jusText stoplist name (jusText ships stoplists named by language).
JUSTEXT_LANGS = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gl": "Galician",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ms": "Malay",
    "nb": "Norwegian_Bokmal",
    "nl": "Dutch",
    "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
}

PEERS = ("trafilatura", "readability", "justext", "boilerpy3", "resiliparse")


def justext_stoplist(lang: str | None) -> frozenset[str]:
    """The stoplist for an ISO 639-1 code (or a ``de-AT`` style tag); English when jusText has none."""
    import justext

    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return justext.get_stoplist(JUSTEXT_LANGS.get(code, "English"))


@dataclass
class LoadSampler:
    """The machine's 1-minute load average (``os.getloadavg``), sampled at the start and during a run."""

    samples: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.sample()

    def sample(self) -> None:
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> dict[str, float | int]:
        s = self.samples
        return {
            "start": s[0],
            "end": s[-1],
            "min": min(s),
            "max": max(s),
            "mean": sum(s) / len(s),
            "samples": len(s),
        }


def load_line(load: dict) -> str:
    """One sentence for the docs: the load average over a run."""
    return (
        f"1-minute load average {load['start']:.2f} at the start, {load['end']:.2f} at the end, "
        f"{load['min']:.2f}–{load['max']:.2f} (mean {load['mean']:.2f}) over {load['samples']} samples"
    )


@dataclass(frozen=True)
class Extractor:
    name: str
    extract: Callable[[bytes, str | None], str]
    """(page bytes, the page's ``<html lang>`` or None) -> main text."""
    settings: str


def _html_to_text(html: str) -> str:
    """Block-aware text of an HTML fragment (for tools that return HTML)."""
    from classifier.dom import segment_html

    return "\n".join(line.text for line in segment_html(html)) if html.strip() else ""


def trafilatura_extractor() -> Extractor:
    import trafilatura

    def extract(data: bytes, lang: str | None) -> str:
        return trafilatura.extract(data, include_comments=False, include_tables=True) or ""

    return Extractor(
        "trafilatura", extract, "`trafilatura.extract(bytes, include_comments=False, include_tables=True)`"
    )


def readability_extractor() -> Extractor:
    from readability import Document

    def extract(data: bytes, lang: str | None) -> str:
        return _html_to_text(Document(data).summary(html_partial=True))

    return Extractor(
        "readability",
        extract,
        "`readability.Document(bytes).summary(html_partial=True)`, block text of the result",
    )


def justext_extractor() -> Extractor:
    import justext

    def extract(data: bytes, lang: str | None) -> str:
        paragraphs = justext.justext(data, justext_stoplist(lang))
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return Extractor(
        "justext",
        extract,
        "`justext.justext(bytes, stoplist)`, non-boilerplate paragraphs; stoplist from the page's "
        "`<html lang>`, English when absent or unknown",
    )


def boilerpy3_extractor() -> Extractor:
    from boilerpy3 import extractors

    from classifier.decode import decode_html

    article = extractors.ArticleExtractor(raise_on_failure=False)

    def extract(data: bytes, lang: str | None) -> str:
        return article.get_content(decode_html(data)) or ""

    return Extractor(
        "boilerpy3",
        extract,
        "`ArticleExtractor(raise_on_failure=False).get_content(str)`, bytes decoded by linesift's "
        "`decode_html`",
    )


def resiliparse_extractor() -> Extractor:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding
    from resiliparse.parse.html import HTMLTree

    def extract(data: bytes, lang: str | None) -> str:
        tree = HTMLTree.parse(bytes_to_str(data, detect_encoding(data)))
        return extract_plain_text(
            tree, main_content=True, alt_texts=False, list_bullets=False, noscript=False
        )

    return Extractor(
        "resiliparse",
        extract,
        "`extract_plain_text(HTMLTree.parse(...), main_content=True, alt_texts=False, "
        "list_bullets=False, noscript=False)`",
    )


def linesift_extractor() -> Extractor | str:
    """linesift's shipped model, or the reason it is not available."""
    try:
        from classifier import load_model

        model = load_model()
    except Exception as exc:  # no artifact yet, or a broken one: report it, never fake a column
        return f"not available ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"

    def extract(data: bytes, lang: str | None) -> str:
        return model.classify_html(data).text

    return Extractor("linesift", extract, f"`load_model().classify_html(bytes).text`, model {model.version}")


FACTORIES: dict[str, Callable[[], Extractor | str]] = {
    "linesift": linesift_extractor,
    "trafilatura": trafilatura_extractor,
    "readability": readability_extractor,
    "justext": justext_extractor,
    "boilerpy3": boilerpy3_extractor,
    "resiliparse": resiliparse_extractor,
}
