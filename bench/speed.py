"""Before/after speed of two (or more) code trees of linesift, in one process, on the same pages.

    git archive <old-commit> | tar -x -C /tmp/linesift-base
    python bench/speed.py /tmp/linesift-base .            # HTML ms/page and text lines/s, each tree

Each tree's ``classifier`` package is imported in turn (the previous one dropped from ``sys.modules``),
its shipped model loaded, and timed on the same inputs: ``classify_html`` on the first ``--pages``
pages of ``../shared/data/pages.jsonl`` (read and un-gzipped beforehand; only the call is timed) and
``classify_text`` on the first ``--docs`` documents of ``../shared/data/lines.jsonl`` (their lines
joined by newlines, as ``bench/lines_speed.py`` does). The trees alternate over ``--rounds`` rounds
so that load on a shared machine falls on all alike; the figures are the median over rounds of each
round's median ms/page, and total lines over total seconds. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def read_pages(path: Path, limit: int) -> list[bytes]:
    out = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            if len(out) >= limit:
                break
            doc = json.loads(raw)
            file = path.parent / doc["html"]
            data = file.read_bytes()
            out.append(gzip.decompress(data) if file.name.endswith(".gz") else data)
    return out


def read_texts(path: Path, limit: int) -> list[tuple[str, int]]:
    out = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            if len(out) >= limit:
                break
            rows = json.loads(raw)["lines"]
            out.append(("\n".join(r["text"] for r in rows), len(rows)))
    return out


def _ours(name: str) -> bool:
    return name == "classifier" or name.startswith("classifier.")


def use_modules(modules: dict) -> None:
    """Make ``modules`` (one tree's ``classifier.*``) the ones imports find, for the lazy imports
    inside functions (``from classifier.dom import read_html``)."""
    for name in [m for m in sys.modules if _ours(m)]:
        del sys.modules[name]
    sys.modules.update(modules)


def import_tree(tree: Path):
    """The ``load_model`` of the ``classifier`` package under ``tree``, freshly imported."""
    use_modules({})
    sys.path[:] = [p for p in sys.path if p != str(tree)]
    sys.path.insert(0, str(tree))
    import classifier

    assert Path(classifier.__file__).resolve().parent == (tree / "classifier").resolve(), classifier.__file__
    return classifier.load_model


def run_once(model, pages: list[bytes], texts: list[tuple[str, int]]) -> tuple[float, float]:
    """(median ms per HTML page, text lines per second)."""
    gc.collect()
    times = []
    for raw in pages:
        start = time.perf_counter()
        model.classify_html(raw)
        times.append(time.perf_counter() - start)
    total_lines, total_s = 0, 0.0
    for text, n in texts:
        start = time.perf_counter()
        model.classify_text(text)
        total_s += time.perf_counter() - start
        total_lines += n
    return 1000 * statistics.median(times), total_lines / total_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("trees", type=Path, nargs="+")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--docs", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    pages = read_pages(SHARED / "data" / "pages.jsonl", args.pages)
    texts = read_texts(SHARED / "data" / "lines.jsonl", args.docs)
    models, modules = {}, {}
    for tree in args.trees:  # warm up each tree once (lexicons, caches, first-call imports)
        model = models[tree] = import_tree(tree.resolve())()
        run_once(model, pages[:20], texts[:5])
        modules[tree] = {name: module for name, module in sys.modules.items() if _ours(name)}
    results: dict[Path, list[tuple[float, float]]] = {tree: [] for tree in args.trees}
    for _ in range(args.rounds):
        for tree in args.trees:
            use_modules(modules[tree])
            results[tree].append(run_once(models[tree], pages, texts))
    n_lines = sum(n for _, n in texts)
    print(f"{len(pages)} HTML pages, {len(texts)} text documents ({n_lines} lines), {args.rounds} rounds")
    for tree, rows in results.items():
        html_ms = statistics.median(r[0] for r in rows)
        lines_s = statistics.median(r[1] for r in rows)
        print(f"{tree!s:40s} HTML median {html_ms:7.2f} ms/page   text {lines_s:9.0f} lines/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
