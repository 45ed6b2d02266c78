"""Plain text -> lines: one block per line, blank lines skipped, original 1-based numbers kept."""

from __future__ import annotations

import re

from classifier.errors import InputError
from classifier.types import Line

_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b|\x0c|\x1c|\x1d|\x1e|\x85")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def clean_line(text: str) -> str:
    """Collapse runs of spaces, drop invisible characters (and lone surrogates, which no encoding can
    carry: a JSON body may hold one as an escape), trim."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def segment_text(text: str, *, max_lines: int | None = None) -> list[Line]:
    """Split ``text`` into non-blank lines; each keeps its 1-based line number in the input.

    Raises ``InputError`` (code ``too_many_lines``) when the input has more than ``max_lines`` lines,
    before any per-line work is done.
    """
    raw = _NEWLINES.split(text)
    if max_lines is not None and len(raw) > max_lines:
        raise InputError(f"the text has {len(raw)} lines; the limit is {max_lines}", code="too_many_lines")
    lines = []
    for number, part in enumerate(raw, start=1):
        cleaned = clean_line(part)
        if cleaned:
            lines.append(Line(index=number, text=cleaned))
    return lines
