"""Page hints: page-level facts in the markup that no single line shows (``<html lang>``, ``og:type``,
JSON-LD ``isAccessibleForFree``), read from a parsed tree (``dom.read_html`` and ``dom.page_hints``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import etree

__all__ = ["PageHints", "hints_of"]

_MAX_JSONLD_CHARS = 200_000
_WORD_SPLIT = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class PageHints:
    """Page-level facts in the markup that no single line shows."""

    lang: str | None = None
    """Primary subtag of ``<html lang>``, lowercased ("de" for "de-AT"), or None."""
    accessible_for_free: bool | None = None
    """JSON-LD ``isAccessibleForFree`` (False: the publisher marks the page as paywalled), or None."""
    og_type: str | None = None
    """``<meta property="og:type">``, lowercased ("article", "website", ...), or None."""

    @property
    def paywalled(self) -> bool:
        return self.accessible_for_free is False


def hints_of(root: etree._Element) -> PageHints:
    """The hints of a parsed page (its root element)."""
    lang = (root.get("lang") or root.get("xml:lang") or "").strip().lower()
    lang = _WORD_SPLIT.split(lang)[0] if lang else ""
    og_type = None
    free: bool | None = None
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").strip().lower() == "og:type":
            og_type = (meta.get("content") or "").strip().lower() or None
            break
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        found = _accessible_for_free(script.text[:_MAX_JSONLD_CHARS])
        if found is not None:
            free = found if free is None else free and found
    return PageHints(
        lang=lang if lang.isalpha() and 2 <= len(lang) <= 3 else None,
        accessible_for_free=free,
        og_type=og_type,
    )


def _accessible_for_free(source: str) -> bool | None:
    """``isAccessibleForFree`` anywhere in one JSON-LD block: False if any says False, else True/None."""
    try:
        data = json.loads(source)
    except ValueError:
        return None
    found: bool | None = None
    todo = [data]
    budget = 10_000
    while todo and budget:
        budget -= 1
        item = todo.pop()
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key.lower() == "isaccessibleforfree":
                    flag = value if isinstance(value, bool) else str(value).strip().lower() == "true"
                    found = flag if found is None else found and flag
                elif isinstance(value, dict | list):
                    todo.append(value)
    return found
