"""Quality gate on the evaluation pages in ../shared (CI has them; a user's clone does not).

The floors are pinned from a measured run minus a small noise margin. They move up with the model and
never down in silence: if the evaluation data changes (its hash below), the gate fails until someone
re-measures and re-pins on purpose. ``../shared/eval/score.py`` is the fixed scorer and is used as is.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from classifier.segment import clean_line
from classifier.types import Line

pytestmark = pytest.mark.quality

LINES_SHA256 = "d4e9edad21844be153d832cb0648cd0abe706217718f64fe907fc9075f8ac728"
PAGES_SHA256 = "f2afe82af53aae8be87a2a8f70d73a8003fff5aca936ef0e25b2b9e0c259abae"
MARGIN = 0.005

# Measured on the shipped model (see docs/quality.md); each floor is the figure minus MARGIN.
# Model 0.7.0+6b65715b (0.6.0's data; text mode's trees weighed half against the context stage,
# session 15; page-kind features, list-shaped and guide-article site kits, session 8; CJK
# portal and blog kits, session 9; stage 2 reads where stage 1's content lies and how much a line
# shares its wording, round 4 of the CJK kits
# and support notes closing the wall banners, session 10; two
# text heads averaged, two HTML heads averaged, boosted trees after the context stage; wall margin 2;
# machine strings in the composed chrome; short article lines shown twice on half the text heads'
# pages, while HTML mode reads text heads of its own trained without them, session 13):
# content F1 0.9074 with the sentences between the first and last sure paragraphs kept from
# P(content) 0.15 (session 13), the items of lists there too and P(content) 0.6 asked of the lines
# around them (session 14), and P(content) 0.9 asked of a short line not between two paragraphs
# (session 17; issue floor 0.90: reached); removed consent 0.947, paywall 0.984, adblock 0.984,
# newsletter 0.982 (issue floors 0.90: reached). HTML mode's heads and rules are 0.6.0's (its
# figures below are unchanged).
# HTML mode, same model, with the container rule (nested nav/aside/footer, captions and form controls
# count as outside it; its tables, code and headings kept whole), the HTML heads at weight 0.35, no
# readers' comments, no story-card lists after the article (looked for once repeats are gone), no
# share-box headings kept whole, and no repeated copies; the landmarks' links do not locate the container
# and the HTML heads are floored at 1e-4, comment words anywhere on the path count (session 11);
# React's streamed content read in place, card lists judged from the last up, near-empty pages read
# again with a looser rule (never below P(content) 0.05), no author's boxes, no captions named in the
# markup (session 12); no side rails, widgets or related-story blocks named in the markup, and no
# gallery captions beside an article (session 14); the headline that the page's own title names given
# as the title, not in the text; the article cut to the element holding the headline and half the
# text after it (above the headline, all kept lines go when they hold a fifth of the kept text at
# most); code blocks held whole against the wall margin (session 18): token F1 0.8831, snippet
# accuracy 0.8891 (trafilatura: 0.854 and 0.863).
LINES_FLOORS = {
    "content_f1": round(0.9074 - MARGIN, 4),
    "removed_consent": round(0.947 - MARGIN, 4),
    "removed_paywall": round(0.984 - MARGIN, 4),
    "removed_adblock": round(0.984 - 2 / 126, 4),
    "removed_newsletter": round(0.982 - 2 / 331, 4),
}
PAGES_FLOORS = {"token_f1": round(0.8831 - MARGIN, 4), "snippet_accuracy": round(0.8891 - MARGIN, 4)}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _score(shared: Path, mode: str, predictions: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), mode, str(predictions), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def _assert_floors(measured: dict[str, float], floors: dict[str, float]) -> None:
    failures = {k: (round(measured[k], 4), floor) for k, floor in floors.items() if measured[k] < floor}
    assert not failures, f"below the pinned floors (measured, floor): {failures}"


def test_lines_gate(shared_dir, shipped_model, tmp_path):
    gold_path = shared_dir / "data" / "lines.jsonl"
    assert _sha256(gold_path) == LINES_SHA256, "lines.jsonl changed: re-measure and re-pin the floors"
    predictions = tmp_path / "lines-pred.jsonl"
    with gold_path.open(encoding="utf-8") as gold, predictions.open("w", encoding="utf-8") as out:
        for raw in gold:
            doc = json.loads(raw)
            lines = [Line(index=i + 1, text=clean_line(x["text"])) for i, x in enumerate(doc["lines"])]
            page = shipped_model.classify_lines(lines)
            out.write(json.dumps({"id": doc["id"], "labels": [str(r.label) for r in page.lines]}) + "\n")
    report = _score(shared_dir, "lines", predictions)
    measured = {
        "content_f1": report["content"]["f1"],
        **{
            f"removed_{k}": v["removed"]
            for k, v in report["removed_by_category"].items()
            if k != "boilerplate"
        },
    }
    _assert_floors(measured, LINES_FLOORS)


def test_pages_gate(shared_dir, shipped_model, tmp_path):
    gold_path = shared_dir / "data" / "pages.jsonl"
    assert _sha256(gold_path) == PAGES_SHA256, "pages.jsonl changed: re-measure and re-pin the floors"
    predictions = tmp_path / "pages-pred.jsonl"
    with gold_path.open(encoding="utf-8") as gold, predictions.open("w", encoding="utf-8") as out:
        for raw in gold:
            page = json.loads(raw)
            html = gzip.decompress((gold_path.parent / page["html"]).read_bytes())
            text = shipped_model.classify_html(html, timeout_s=30).text
            out.write(json.dumps({"id": page["id"], "text": text}) + "\n")
    report = _score(shared_dir, "pages", predictions)
    measured = {"token_f1": report["token"]["f1"], "snippet_accuracy": report["snippets"]["accuracy"]}
    _assert_floors(measured, PAGES_FLOORS)
