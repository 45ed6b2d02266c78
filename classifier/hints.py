"""Page hints: page-level facts in the markup that no single line shows (``<html lang>``, ``og:type``,
JSON-LD ``isAccessibleForFree``, the document's own titles, its metadata), read from a parsed tree
(``dom.read_html`` and ``dom.page_hints``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from classifier.metadata import PageMetadata, json_ld_objects, metadata_of

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
    metadata: PageMetadata = field(default_factory=PageMetadata)
    """Site, authors, dates, description, canonical address and image, as the markup gives them."""

    @property
    def paywalled(self) -> bool:
        return self.accessible_for_free is False


def hints_of(root: etree._Element) -> PageHints:
    """The hints of a parsed page (its root element)."""
    lang = (root.get("lang") or root.get("xml:lang") or "").strip().lower()
    lang = _WORD_SPLIT.split(lang)[0] if lang else ""
    free: bool | None = None
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if name and name not in metas:
            metas[name] = meta.get("content") or ""
    head = root.find("head")
    titles = [metas.get(name, "") for name in _TITLE_METAS]
    titles.append((head.findtext("title") or "") if head is not None else "")
    canonical = next((link.get("href") for link in root.iter("link") if _is_canonical(link)), None)
    jsonld: list[Any] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text[:_MAX_JSONLD_CHARS])
        except (ValueError, RecursionError):  # not JSON, or nested past the decoder's stack
            continue
        jsonld.append(data)
        found = _accessible_for_free(data)
        if found is not None:
            free = found if free is None else free and found
    return PageHints(
        lang=lang if lang.isalpha() and 2 <= len(lang) <= 3 else None,
        accessible_for_free=free,
        og_type=metas.get("og:type", "").strip().lower() or None,
        titles=tuple(dict.fromkeys(filter(None, (" ".join(t[:_MAX_TITLE_CHARS].split()) for t in titles)))),
        metadata=metadata_of(metas, canonical, jsonld),
    )


def _is_canonical(link: etree._Element) -> bool:
    return "canonical" in (link.get("rel") or "").lower().split()


def _accessible_for_free(data: Any) -> bool | None:
    """``isAccessibleForFree`` anywhere in one parsed JSON-LD block: False if any says False, else
    True/None."""
    found: bool | None = None
    for node in json_ld_objects([data]):
        for key, value in node.items():
            if key.lower() == "isaccessibleforfree":
                flag = value if isinstance(value, bool) else str(value).strip().lower() == "true"
                found = flag if found is None else found and flag
    return found
