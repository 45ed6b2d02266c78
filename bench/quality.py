"""HTML mode side by side: linesift and the peer extractors on the same real pages, scored the same way.

    make bench-venv
    .bench-venv/bin/python bench/quality.py ../shared/data/pages.jsonl

For every page of PAGES.jsonl (``html`` paths relative to it, gzip or not) each tool extracts the main
text; the pages go in the outer loop, so load on the machine falls on every tool alike. Per tool it
writes ``out/bench/<tool>.jsonl`` (``{"id", "text"}`` per page), scores it with
``../shared/eval/score.py pages PRED --gold PAGES --json``, keeps the summary in
``out/bench/<tool>.summary.json`` and writes the tables to docs/benchmarks-html.md. Timings are the
wall time of the extraction call alone. ``--tools`` runs a subset; the other columns come from the
summaries of an earlier run, with their date. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers import FACTORIES, Extractor, LoadSampler, load_line
from scoring import run_scorer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
TOOLS = tuple(FACTORIES)
SPEED_REFERENCE = "trafilatura"  # speed is stated as a ratio to this peer's median in the same run


def read_pages(path: Path, limit: int | None) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        pages = [json.loads(raw) for raw in handle if raw.strip()]
    return pages[:limit] if limit else pages


def page_bytes(pages_file: Path, page: dict[str, Any]) -> bytes:
    data = (pages_file.parent / page["html"]).read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def run(
    pages_file: Path, pages: list[dict[str, Any]], extractors: list[Extractor], out: Path, gold: Path
) -> dict[str, dict]:
    started = datetime.now(UTC).isoformat(timespec="seconds")  # one id for all columns of this run
    texts: dict[str, list[dict[str, str]]] = {e.name: [] for e in extractors}
    times: dict[str, list[float]] = {e.name: [] for e in extractors}
    errors: dict[str, int] = {e.name: 0 for e in extractors}
    load = LoadSampler()
    for number, page in enumerate(pages, start=1):
        data = page_bytes(pages_file, page)
        for extractor in extractors:
            start = time.perf_counter()
            try:
                text = extractor.extract(data, page.get("html_lang"))
            except Exception:  # a tool that fails on a page extracts nothing from it
                text = ""
                errors[extractor.name] += 1
            times[extractor.name].append((time.perf_counter() - start) * 1000)
            texts[extractor.name].append({"id": page["id"], "text": text})
        if number % 50 == 0:
            load.sample()
        if number % 100 == 0:
            print(f"{number}/{len(pages)} pages", file=sys.stderr, flush=True)
    load.sample()
    results = {}
    for extractor in extractors:
        name = extractor.name
        pred = out / f"{name}.jsonl"
        with pred.open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in texts[name])
        results[name] = {
            "tool": name,
            "settings": extractor.settings,
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "run": started,
            "pages": len(pages),
            "errors": errors[name],
            "ms_median": statistics.median(times[name]),
            "ms_mean": statistics.fmean(times[name]),
            "load": load.summary(),
            "score": score(pred, gold),
        }
        (out / f"{name}.summary.json").write_text(json.dumps(results[name], indent=1), encoding="utf-8")
    return results


def score(pred: Path, gold: Path) -> dict[str, Any]:
    return run_scorer(SHARED, "pages", pred, gold)


# ------------------------------------------------------------------------------------------- report


def _cell(value: float | None, best: float | None = None) -> str:
    if value is None:
        return "–"
    text = f"{value:.3f}"
    return f"**{text}**" if best is not None and abs(value - best) < 1e-9 else text


def _table(
    title: str, rows: list[str], columns: list[str], value, note: str = "", label=None, corner: str = ""
) -> list[str]:
    lines = [f"### {title}", ""]
    if note:
        lines += [note, ""]
    lines += [f"| {corner} | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for row in rows:
        values = [value(row, c) for c in columns]
        present = [v for v in values if v is not None]
        best = max(present) if present else None
        shown = label(row) if label else row
        lines.append(f"| {shown} | " + " | ".join(_cell(v, best) for v in values) + " |")
    return [*lines, ""]


def report(results: dict[str, dict | str], pages_file: Path, command: str) -> str:
    columns = list(results)
    scored = {name: r for name, r in results.items() if isinstance(r, dict)}
    sources = sorted({s for r in scored.values() for s in r["score"]["sources"]})

    def src(key: str):
        def value(row: str, col: str) -> float | None:
            r = scored.get(col)
            if r is None:
                return None
            if row == "overall":
                block = r["score"].get("token" if key == "f1" else "snippets", {})
                return block.get("f1" if key == "f1" else "accuracy")
            return r["score"]["sources"].get(row, {}).get(key)

        return value

    token_rows = [
        s for s in sources if any("f1" in r["score"]["sources"].get(s, {}) for r in scored.values())
    ]
    snip_rows = [
        s
        for s in sources
        if any("snip_accuracy" in r["score"]["sources"].get(s, {}) for r in scored.values())
    ]
    n_pages = next(iter(scored.values()))["pages"] if scored else 0
    runs: dict[str, list[str]] = {}
    for name, r in scored.items():
        runs.setdefault(_run_id(r), []).append(name)
    out = [
        "# HTML mode: linesift and the peer extractors",
        "",
        f"All tools on `{pages_file.name}` ({n_pages} pages) in one run, scored by "
        "`../shared/eval/score.py pages`. Generated by `bench/quality.py`; do not edit by hand.",
        "",
        "Reproduce:",
        "",
        "```sh",
        "make bench-venv",
        command,
        "```",
        "",
    ]
    unavailable = {name: r for name, r in results.items() if isinstance(r, str)}
    for name, reason in unavailable.items():
        out += [f"- **{name}**: {reason}", ""]

    def count(key: str, total_key: str, block: str):
        def label(row: str) -> str:
            for r in scored.values():
                n = (
                    r["score"].get(block, {}) if row == "overall" else r["score"]["sources"].get(row, {})
                ).get(total_key if row == "overall" else key)
                if n:
                    return f"{row} ({int(n)})"
            return row

        return label

    out += [
        "How to read the tables: columns are the tools, rows are the *sources* of the pages (the "
        "benchmark sets they were taken from, described in `../shared/data/README.md`); a row named "
        "like a tool (`readability`, `trafilatura`, `newspaper`) is that project's own test pages, so "
        "the tool plays at home there (the `readability` and `newspaper` gold texts are those "
        "libraries' accepted output). The number in brackets is how many pages (or snippets) the row "
        "scores. The best value in each row is in bold.",
        "",
        "- **Token F1**: the words of a tool's text against the gold main text as bags of words, F1 "
        "per page, averaged over the pages that have a gold text; `overall` averages over all those "
        "pages, so the large sources weigh most.",
        "- **Snippet accuracy**: the share of snippet checks passed, where a 'with' snippet must "
        "appear in the output and a 'without' snippet (menus, cookie notices, teasers...) must not; "
        "`overall` pools all snippets.",
        "",
    ]
    out += _table(
        "Token F1 (mean per page), by source",
        [*token_rows, "overall"],
        columns,
        src("f1"),
        label=count("docs", "docs", "token"),
        corner="source (pages)",
    )
    out += _table(
        "Snippet accuracy ('with' present, 'without' absent), by source",
        [*snip_rows, "overall"],
        columns,
        src("snip_accuracy"),
        label=count("snippets", "n", "snippets"),
        corner="source (snippets)",
    )

    def overall(metric: str):
        def value(row: str, col: str) -> float | None:
            r = scored.get(col)
            return None if r is None else r["score"].get("token", {}).get(metric)

        return value

    out += _table(
        "Token precision and recall, overall",
        ["precision", "recall"],
        columns,
        lambda row, col: overall(row)(row, col),
    )
    ref = scored.get(SPEED_REFERENCE)
    out += [
        "### Speed",
        "",
        "Milliseconds per page: wall time of the extraction call alone, pages interleaved across tools; "
        + (
            "all columns from one run."
            if len(runs) <= 1
            else "**the columns come from different runs** (dates under Settings): compare within a run."
        )
        + " Absolute times depend on the machine and on what else runs on it, so read the ratio row: "
        f"a tool's median divided by {SPEED_REFERENCE}'s median in the same run (below 1 = faster).",
        "",
        "| | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for key, label in (("ms_median", "median ms"), ("ms_mean", "mean ms"), ("errors", "pages that raised")):
        cells = [
            (f"{scored[c][key]:.1f}" if key != "errors" else str(scored[c][key])) if c in scored else "–"
            for c in columns
        ]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    ratios = []
    for c in columns:
        r = scored.get(c)
        same_run = r is not None and ref is not None and _run_id(r) == _run_id(ref)
        ratios.append(f"{r['ms_median'] / ref['ms_median']:.2f}" if same_run and ref["ms_median"] else "–")
    out.append(f"| median ms ÷ {SPEED_REFERENCE} median ms | " + " | ".join(ratios) + " |")
    out += [
        "",
        f"Machine load during the run ({_cores()} cores; a load above the core count means tools "
        "waited for a CPU):",
        "",
    ]
    for names in runs.values():
        load = scored[names[0]].get("load")
        who = "" if len(runs) <= 1 else f" ({', '.join(names)})"
        out.append(f"- {load_line(load) if load else 'load average not recorded'}{who}")
    out += ["", "### Settings", ""]
    out += [f"- **{name}** ({r['date']}): {r['settings']}" for name, r in scored.items()]
    out += [
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{_cores()} cores; the run shares the machine with whatever else runs there.",
        "",
    ]
    return "\n".join(out)


def _run_id(r: dict) -> str:
    return r.get("run", r["date"])


def _cores() -> int:
    import os

    return os.cpu_count() or 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pages", type=Path, nargs="?", default=SHARED / "data" / "pages.jsonl")
    parser.add_argument(
        "--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks-html.md")
    parser.add_argument("--limit", type=int, help="only the first N pages (a smoke run; writes no doc)")
    args = parser.parse_args(argv)
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(wanted) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    if not args.pages.is_file():
        parser.error(f"{args.pages} not found")
    if args.limit:  # a smoke run keeps its files apart from the real run's summaries
        args.out = args.out / "smoke"
    args.out.mkdir(parents=True, exist_ok=True)
    pages = read_pages(args.pages, args.limit)

    results: dict[str, dict | str] = {}
    extractors = []
    for name in wanted:
        made = FACTORIES[name]()
        if isinstance(made, str):
            results[name] = made
        else:
            extractors.append(made)
    gold = args.pages
    if args.limit:  # score the smoke run against its own pages only
        gold = args.out / "gold-limit.jsonl"
        gold.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
    results.update(run(args.pages, pages, extractors, args.out, gold))
    for name in TOOLS:  # the columns not run now: from the last run's summaries
        summary = args.out / f"{name}.summary.json"
        if name not in results and summary.is_file():
            results[name] = json.loads(summary.read_text(encoding="utf-8"))
    ordered = {name: results[name] for name in TOOLS if name in results}
    for name, r in ordered.items():
        if isinstance(r, str):
            print(f"{name:12s} {r}")
        else:
            tok, snip = r["score"].get("token", {}), r["score"].get("snippets", {})
            f1 = f"{tok['f1']:.4f}" if "f1" in tok else "–"
            acc = f"{snip['accuracy']:.4f}" if "accuracy" in snip else "–"
            print(
                f"{name:12s} token F1 {f1}  snippet acc {acc}  "
                f"median {r['ms_median']:.1f} ms  mean {r['ms_mean']:.1f} ms  errors {r['errors']}"
            )
    if args.limit:
        return 0
    shown = (
        "../shared/data/pages.jsonl"
        if args.pages.resolve() == (SHARED / "data" / "pages.jsonl").resolve()
        else args.pages.as_posix()
    )
    command = f".bench-venv/bin/python bench/quality.py {shown}" + (
        "    # or: make bench-quality" if shown == "../shared/data/pages.jsonl" else ""
    )
    args.doc.parent.mkdir(parents=True, exist_ok=True)
    args.doc.write_text(report(ordered, args.pages, command), encoding="utf-8")
    print(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
