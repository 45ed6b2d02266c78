"""A page's own metadata: who wrote it, when, for which site, under which address.

Read from what the publisher put in the markup for search engines and link previews: the ``<meta>``
tags (Open Graph ``og:*`` and ``article:*``, Twitter cards, Dublin Core, ``name="author"``,
``itemprop``), ``<link rel="canonical">`` and JSON-LD (schema.org ``Article`` and its kinds, with their
``author``, ``publisher``, ``datePublished``, ``dateModified``). Nothing is guessed from the visible
text: a field the markup does not give is None, and a date that does not parse as ISO 8601 is left out
rather than misread.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

__all__ = ["PageMetadata", "json_ld_objects", "metadata_of"]

MAX_TEXT_CHARS = 1_000
MAX_NAME_CHARS = 300
MAX_URL_CHARS = 2_048
MAX_AUTHORS = 20
YEARS = range(1990, 2101)
"""A date outside these years is a template's placeholder ("0001-01-01"), not the page's."""

# Each field's <meta> names, most specific first (keys are lowercased ``property``/``name``/``itemprop``).
_SITE = ("og:site_name", "application-name")
_DESCRIPTION = ("og:description", "description", "twitter:description", "dc.description")
_AUTHOR = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
_PUBLISHED = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "dc.date.issued",
    "dc.date",
    "date",
    "pubdate",
    "publishdate",
    "parsely-pub-date",
    "sailthru.date",
)
_MODIFIED = ("article:modified_time", "datemodified", "og:updated_time", "last-modified")
_URL = ("og:url",)
_IMAGE = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
# schema.org types whose dates and authors are the page's own (not a comment's or a related item's).
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "posting",
        "socialmediaposting",
        "discussionforumposting",
        "webpage",
        "itempage",
        "aboutpage",
        "faqpage",
        "qapage",
        "recipe",
        "howto",
        "product",
    }
)
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av|af)\s+", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True, slots=True)
class PageMetadata:
    """What the page's markup says about it; None (or empty) where it says nothing."""

    site_name: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    """ISO 8601: a date ("2026-05-04") or a date and time as the page gives it."""
    modified: str | None = None
    description: str | None = None
    url: str | None = None
    """The canonical address (``<link rel="canonical">``, else ``og:url``)."""
    image: str | None = None


def metadata_of(metas: Mapping[str, str], canonical: str | None, jsonld: Sequence[Any]) -> PageMetadata:
    """The metadata of a page from its ``<meta>`` contents (first of each lowercased name), its canonical
    link and its parsed JSON-LD blocks. Article-typed JSON-LD objects come before the ``<meta>`` tags for
    authors and dates; the ``<meta>`` tags come first for the rest."""
    nodes = list(json_ld_objects(jsonld))
    articles = [node for node in nodes if _types(node) & _ARTICLE_TYPES]
    authors = _jsonld_authors(articles) or _meta_authors(metas)
    publisher = next((_name(node.get("publisher")) for node in articles if node.get("publisher")), None)
    return PageMetadata(
        site_name=_first_text(metas, _SITE, MAX_NAME_CHARS) or publisher,
        authors=authors,
        published=_first_date([node.get("datePublished") for node in articles] + _all(metas, _PUBLISHED)),
        modified=_first_date([node.get("dateModified") for node in articles] + _all(metas, _MODIFIED)),
        description=_first_text(metas, _DESCRIPTION, MAX_TEXT_CHARS),
        url=_web_address(canonical) or next(filter(None, map(_web_address, _all(metas, _URL))), None),
        image=next(filter(None, map(_web_address, _all(metas, _IMAGE))), None),
    )


def json_ld_objects(blocks: Iterable[Any], budget: int = 10_000) -> Iterator[dict[str, Any]]:
    """Every object in parsed JSON-LD blocks, outer ones first (``@graph`` lists included), reading at
    most ``budget`` objects and lists."""
    todo: deque[Any] = deque(blocks)
    while todo and budget:
        budget -= 1
        item = todo.popleft()
        if isinstance(item, list):
            todo.extend(item)
        elif isinstance(item, dict):
            yield item
            todo.extend(value for value in item.values() if isinstance(value, dict | list))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.strip().lower() for k in kinds if isinstance(k, str)}


def _clean(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())[:limit]
    return text or None


def _name(value: Any) -> str | None:
    """A person's or organisation's name: a string, or the ``name`` of a JSON-LD object."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    name = _clean(value, MAX_NAME_CHARS)
    return None if name is None or _web_address(name) else name


def _jsonld_authors(articles: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    for node in articles:
        value = node.get("author") or node.get("creator")
        people = value if isinstance(value, list) else [value]
        names = [name for name in map(_name, people) if name]
        if names:
            return tuple(dict.fromkeys(names))[:MAX_AUTHORS]
    return ()


def _meta_authors(metas: Mapping[str, str]) -> tuple[str, ...]:
    for key in _AUTHOR:
        name = _name(metas.get(key))
        if name:
            return (_BYLINE.sub("", name) or name,)
    return ()


def _all(metas: Mapping[str, str], keys: Sequence[str]) -> list[Any]:
    return [metas[key] for key in keys if key in metas]


def _first_text(metas: Mapping[str, str], keys: Sequence[str], limit: int) -> str | None:
    return next(filter(None, (_clean(value, limit) for value in _all(metas, keys))), None)


def _first_date(values: Sequence[Any]) -> str | None:
    return next(filter(None, map(_iso_date, values)), None)


def _iso_date(value: Any) -> str | None:
    """``value`` as ISO 8601 if it is one (a date, or a date and time), else None."""
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or not _DATE_PREFIX.match(value.strip()):
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return None
        return day.isoformat() if day.year in YEARS else None
    if moment.year not in YEARS:
        return None
    if len(text) == 10:
        return moment.date().isoformat()
    return moment.isoformat()


def _web_address(value: Any) -> str | None:
    text = _clean(value, MAX_URL_CHARS)
    if text is None or not text.lower().startswith(("http://", "https://")) or " " in text:
        return None
    return text
