"""Page hints: <html lang>, og:type and JSON-LD isAccessibleForFree, from the one parse."""

from __future__ import annotations

from classifier.dom import page_hints, read_html
from classifier.hints import PageHints


def test_page_hints():
    html = """<html lang="de-AT"><head><meta property="og:type" content="Article">
      <script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [{"@type": "WebSite"},
         {"@type": "NewsArticle", "isAccessibleForFree": "False",
          "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": false, "cssSelector": ".paywall"}}]}
      </script></head><body><p>t</p></body></html>"""
    hints = page_hints(html)
    assert hints == PageHints(lang="de", accessible_for_free=False, og_type="article")
    assert hints.paywalled
    assert read_html(html).hints == hints


def test_page_hints_absent_or_broken():
    assert page_hints("<p>t</p>") == PageHints()
    html = """<html lang="x-klingon-invalid"><script type="application/ld+json">{broken</script>
              <script type="application/ld+json">{"isAccessibleForFree": true}</script>"""
    hints = page_hints(html)
    assert hints.lang is None
    assert hints.accessible_for_free is True and not hints.paywalled
