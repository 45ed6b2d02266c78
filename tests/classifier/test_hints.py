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


def test_page_titles_from_the_head_and_its_metas():
    html = """<html><head><title>  The ferry
      returns | Island Courier </title><meta property="og:title" content="The ferry returns">
      <meta name="twitter:title" content="The ferry returns"></head>
      <body><svg><title>An icon</title></svg><h1>The ferry returns</h1></body></html>"""
    # og:title first, then twitter:title and <title>; repeats once; an SVG's <title> is no page title.
    assert page_hints(html).titles == ("The ferry returns", "The ferry returns | Island Courier")
    assert page_hints("<p>t</p>").titles == ()
