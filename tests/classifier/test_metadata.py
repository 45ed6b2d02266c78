"""A page's own metadata (``classifier.metadata``), read with the page hints (``dom.page_hints``)."""

from __future__ import annotations

import json

import pytest

from classifier.dom import page_hints
from classifier.metadata import MAX_TEXT_CHARS, PageMetadata, metadata_of


def metadata(head: str) -> PageMetadata:
    return page_hints(f"<html><head>{head}</head><body><p>Text.</p></body></html>".encode()).metadata


def jsonld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_meta_tags_give_site_author_dates_summary_address_and_image() -> None:
    found = metadata(
        '<meta property="og:site_name" content="Harbour Post">'
        '<meta name="author" content="By Ana Lind">'
        '<meta property="article:published_time" content="2026-05-04T08:30:00+02:00">'
        '<meta property="article:modified_time" content="2026-05-05">'
        '<meta name="description" content="  The new library\n opened on Saturday. ">'
        '<link rel="canonical" href="https://harbour.example/library">'
        '<meta property="og:image" content="https://harbour.example/library.jpg">'
    )
    assert found == PageMetadata(
        site_name="Harbour Post",
        authors=("Ana Lind",),
        published="2026-05-04T08:30:00+02:00",
        modified="2026-05-05",
        description="The new library opened on Saturday.",
        url="https://harbour.example/library",
        image="https://harbour.example/library.jpg",
    )


def test_the_json_ld_article_names_its_authors_dates_and_publisher() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Harbour", "datePublished": "2001-01-01"},
            {"@type": "BreadcrumbList", "itemListElement": []},
            {
                "@type": ["NewsArticle"],
                "author": [{"@type": "Person", "name": "Ana Lind"}, {"@type": "Person", "name": "Ola Berg"}],
                "datePublished": "2026-05-04T06:00:00Z",
                "dateModified": "2026-05-04T09:15:00Z",
                "publisher": {"@type": "Organization", "name": "Harbour Post Ltd"},
            },
        ],
    }
    found = metadata(jsonld(graph) + '<meta name="author" content="Desk">')
    assert found.authors == ("Ana Lind", "Ola Berg")
    assert found.published == "2026-05-04T06:00:00+00:00" and found.modified == "2026-05-04T09:15:00+00:00"
    assert found.site_name == "Harbour Post Ltd"


def test_the_article_is_preferred_to_the_meta_tags_for_dates_and_authors() -> None:
    found = metadata(
        '<meta property="article:published_time" content="2026-01-01">'
        + jsonld({"@type": "BlogPosting", "datePublished": "2026-02-02", "author": "Ana Lind"})
    )
    assert found.published == "2026-02-02" and found.authors == ("Ana Lind",)


@pytest.mark.parametrize("value", ["yesterday", "0001-01-01", "2026-13-45", "04.05.2026", "", "1899-12-31"])
def test_a_date_that_is_no_iso_date_of_these_years_is_left_out(value: str) -> None:
    assert metadata(f'<meta property="article:published_time" content="{value}">').published is None


def test_addresses_must_be_absolute_web_addresses() -> None:
    found = metadata(
        '<meta property="article:author" content="https://social.example/ana">'
        '<meta name="dc.creator" content="Ana Lind">'
        '<link rel="canonical" href="/library">'
        '<meta property="og:url" content="https://harbour.example/library">'
        '<meta property="og:image" content="javascript:alert(1)">'
    )
    assert found.authors == ("Ana Lind",)
    assert found.url == "https://harbour.example/library"
    assert found.image is None


def test_texts_are_capped_and_broken_json_ld_is_skipped() -> None:
    found = metadata(
        f'<meta name="description" content="{"word " * 1000}">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": </script>'
        + jsonld({"@type": "NewsArticle", "isAccessibleForFree": False, "author": {"name": "Ana Lind"}})
    )
    assert found.description is not None and len(found.description) == MAX_TEXT_CHARS
    assert found.authors == ("Ana Lind",)
    hints = page_hints(
        b"<html><head>" + jsonld({"@type": "NewsArticle", "isAccessibleForFree": "False"}).encode() + b"</head></html>"
    )
    assert hints.accessible_for_free is False


def test_a_page_that_says_nothing_has_no_metadata() -> None:
    assert metadata("<title>Harbour</title>") == PageMetadata()
    assert metadata_of({}, None, []) == PageMetadata()


def test_json_ld_nested_past_the_decoders_stack_is_skipped() -> None:
    deep = "[" * 50_000 + "]" * 50_000
    hints = page_hints(
        f"<html><head><script type='application/ld+json'>{deep}</script>"
        f'<meta name="author" content="Ana Lind"></head><body><p>Text.</p></body></html>'.encode()
    )
    assert hints.metadata.authors == ("Ana Lind",) and hints.accessible_for_free is None
