"""HTML mode's decision rule on the two halves of the evaluation pages: how its numbers were chosen.

    python bench/html_rules.py ../shared/data/pages.jsonl            # about 2 minutes on two cores

The heads' probabilities are computed once per page (the shipped model, the same code path as
``classify_html``); then each variant of the decision (``classifier/html_rules.py``) is scored with
``../shared/eval/score.py pages`` on the even-numbered pages and on the odd-numbered ones: the HTML
head's weight in the product of experts and its floor; the container rule's share, inside and outside
thresholds; whether the links of the landmarks locate the container; whether a nav/aside/footer nested in the
container and its captions and form controls count as outside it; what its table cells, code blocks
and headings need; the comment rule's thread shares, the author's box rule's and the caption
rule's; whether the lists of story cards after the article go; whether a page left with almost no
text is read again. The numbers were chosen on the even half and checked on the odd half
(docs/quality.md). A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import importlib.util
import itertools
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classifier.dom import read_html  # noqa: E402
from classifier.errors import InputError  # noqa: E402
from classifier.html_rules import ContainerRule  # noqa: E402
from classifier.model import HTML_HEAD_FLOOR, HTML_HEAD_WEIGHT, combine_heads, load_model  # noqa: E402


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def head_probabilities(
    model, pages_path: Path
) -> list[tuple[dict, list, np.ndarray | None, np.ndarray | None]]:
    """Per page: its gold record, its lines, the text heads' mean and the HTML head's probabilities."""
    out = []
    with pages_path.open(encoding="utf-8") as handle:
        for raw in handle:
            gold = json.loads(raw)
            file = pages_path.parent / gold["html"]
            data = gzip.decompress(file.read_bytes()) if file.name.endswith(".gz") else file.read_bytes()
            try:
                lines = read_html(data).lines
            except InputError:
                lines = []
            heads = model.head_probabilities(lines, structured=True) if lines else (None, None)
            out.append((gold, lines, *heads))
    return out


def score(
    scorer, pages, model, weight: float, rule: ContainerRule | None, floor: float = HTML_HEAD_FLOOR
) -> tuple[float, float]:
    """Token F1 and snippet accuracy with the HTML head at ``weight``, floored at ``floor``; ``rule``
    None: the plain keep rule."""
    predictions = {}
    for gold, lines, p_text, p_html in pages:
        if not lines:
            predictions[gold["id"]] = ""
            continue
        proba = combine_heads(p_text, p_html, weight=weight, floor=floor)
        keep = model.keep_decisions(lines, proba, structured=rule is not None, container=rule)
        predictions[gold["id"]] = "\n".join(line.text for line, kept in zip(lines, keep, strict=True) if kept)
    report = scorer.score_pages([gold for gold, *_ in pages], predictions)
    return report["token"]["f1"], report["snippets"]["accuracy"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages", type=Path, help="a file shaped like ../shared/data/pages.jsonl")
    args = parser.parse_args()
    scorer = load_scorer(ROOT.parent / "shared")
    model = load_model()
    pages = head_probabilities(model, args.pages)
    halves = {"even": pages[0::2], "odd": pages[1::2]}
    shipped = ContainerRule()

    def row(name: str, weight: float, rule: ContainerRule | None, floor: float = HTML_HEAD_FLOOR) -> None:
        cells = [
            f"{f1:.4f} / {acc:.4f}"
            for f1, acc in (score(scorer, h, model, weight, rule, floor) for h in halves.values())
        ]
        print(f"| {name} | {' | '.join(cells)} |")

    print("| variant | even half: token F1 / snippet accuracy | odd half |\n|---|---|---|")
    row("text mode's decision, equal weights (before session 4, with today's text rules)", 1.0, None, 1e-12)
    for weight in (0.25, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0):
        mark = " (shipped)" if weight == HTML_HEAD_WEIGHT else ""
        row(f"container rule, HTML head weight {weight}{mark}", weight, shipped)
    row(
        "nested landmarks inside the container (off)",
        HTML_HEAD_WEIGHT,
        dataclasses.replace(shipped, landmarks=False),
    )
    row(
        "captions and form controls inside the container (off)",
        HTML_HEAD_WEIGHT,
        dataclasses.replace(shipped, tags=False),
    )
    for floor in (1e-12, 1e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 1e-2):
        mark = " (shipped)" if floor == HTML_HEAD_FLOOR else " (before session 11)" if floor == 1e-12 else ""
        row(f"HTML heads floored at {floor:g}{mark}", HTML_HEAD_WEIGHT, shipped, floor)
    row(
        "the links of nav, header, footer and aside locate the container too (before session 11)",
        HTML_HEAD_WEIGHT,
        dataclasses.replace(shipped, chrome_links=True),
    )
    row(
        "story-card lists after the article (kept)",
        HTML_HEAD_WEIGHT,
        dataclasses.replace(shipped, teasers=False),
    )
    def setting_rows(field: str, values: tuple, before: str, kept: str, goes: str) -> None:
        """One row per value of a marked-block rule's setting (None: the rule off, as ``before``)."""
        for value in values:
            rule = dataclasses.replace(shipped, **{field: value})
            mark = " (shipped)" if rule == shipped else f" (before {before})" if value is None else ""
            row(f"{kept if value is None else goes.format(value)}{mark}", HTML_HEAD_WEIGHT, rule)

    setting_rows(
        "author_boxes", (None, 0.1, 0.3, 0.5, 0.99), "session 12",
        "author's boxes kept", "author's boxes go, page share {}",
    )
    setting_rows(
        "caption_markup", (None, 0.1, 0.3, 0.5, 0.99), "session 12",
        "captions named in the markup kept", "captions named in the markup go, page share {}",
    )
    setting_rows(
        "chrome_markup", (None, 0.3, 0.5, 0.7), "session 14",
        "side rails, widgets, related stories kept", "side rails, widgets, related stories go, page share {}",
    )
    setting_rows(
        "galleries", (None, 500, 1000, 2000), "session 14",
        "gallery captions kept", "gallery captions go beside {} sure characters",
    )
    row(
        "no second reading of pages left with almost no text (before session 12)",
        HTML_HEAD_WEIGHT,
        dataclasses.replace(shipped, fallback=False),
    )
    for whole in (None, 0.0, 0.05, 0.1):
        rule = dataclasses.replace(shipped, whole=whole)
        mark = " (shipped)" if rule == shipped else ""
        name = "tables, code, headings as the rest" if whole is None else f"tables, code, headings at {whole}"
        row(f"{name}{mark}", HTML_HEAD_WEIGHT, rule)
    for anywhere in (None, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99):
        rule = dataclasses.replace(shipped, comments_anywhere=anywhere)
        mark = " (shipped)" if rule == shipped else " (before session 11)" if anywhere is None else ""
        name = "comment words anywhere on the path: off" if anywhere is None else (
            f"comment words anywhere on the path, thread share {anywhere}"
        )
        row(f"{name}{mark}", HTML_HEAD_WEIGHT, rule)
    for comments in (None, 0.6, 0.8, 0.9, 0.95, 0.99, 1.01):
        rule = dataclasses.replace(shipped, comments=comments)
        mark = " (shipped)" if rule == shipped else ""
        name = "comment rule off" if comments is None else f"comment rule, thread share {comments}"
        row(f"{name}{mark}", HTML_HEAD_WEIGHT, rule)
    for share, inside, outside in itertools.product((0.4, 0.5, 0.6, 0.75), (0.15, 0.2, 0.36), (0.8, 0.95)):
        rule = ContainerRule(share=share, inside=inside, outside=outside)
        mark = " (shipped)" if rule == shipped else ""
        row(f"share {share}, inside {inside}, outside {outside}{mark}", HTML_HEAD_WEIGHT, rule)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
