"""Page hints: page-level facts in the markup that no single line shows (``<html lang>``, ``og:type``,
JSON-LD ``isAccessibleForFree``, the document's own titles), read from a parsed tree (``dom.read_html``
and ``dom.page_hints``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lxml import etree

__all__ = ["PageHints", "hints_of"]

_MAX_JSONLD_CHARS = 200_000
_MAX_TITLE_CHARS = 1_000
_TITLE_METAS = ("og:title", "twitter:title")
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
    titles: tuple[str, ...] = ()
    """The document's own titles: ``og:title``, ``twitter:title`` and the head's ``<title>``, in that
    order, whitespace collapsed, empty ones and repeats left out (``headline.headline_at`` finds the
    headline they name)."""

    @property
    def paywalled(self) -> bool:
        return self.accessible_for_free is False


def hints_of(root: etree._Element) -> PageHints:
    """The hints of a parsed page (its root element)."""
    lang = (root.get("lang") or root.get("xml:lang") or "").strip().lower()
    lang = _WORD_SPLIT.split(lang)[0] if lang else ""
    og_type = None
    free: bool | None = None
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").strip().lower()
        if name == "og:type" and og_type is None:
            og_type = (meta.get("content") or "").strip().lower() or None
        elif name in _TITLE_METAS and name not in metas:
            metas[name] = meta.get("content") or ""
    head = root.find("head")
    titles = [metas.get(name, "") for name in _TITLE_METAS]
    titles.append((head.findtext("title") or "") if head is not None else "")
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
        titles=tuple(dict.fromkeys(filter(None, (" ".join(t[:_MAX_TITLE_CHARS].split()) for t in titles)))),
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
