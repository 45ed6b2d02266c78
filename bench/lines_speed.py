"""Lines mode speed: linesift's ``classify_text`` against jusText on the same lines, lines per second.

    make bench-venv
    .bench-venv/bin/python bench/lines_speed.py ../shared/data/lines.jsonl

Every page of LINES.jsonl is given to each tool: to linesift as its lines joined by newlines, to
jusText as the same lines, one ``<p>`` each (``justext.justext``, stoplist by the page's language,
English when jusText has none). Pages are the outer loop and the tools the inner one, so load on a
shared machine falls on both alike; only the call is timed, and the speed is also stated as a ratio
of the two tools in the same run, beside the machine's load average. Both tools' keep decisions are
also scored with ``../shared/eval/score.py lines`` (content F1), so the speed is read beside the
quality it buys.
Writes docs/benchmarks-lines.md. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers import LoadSampler, justext_stoplist, load_line
from scoring import run_scorer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def linesift_keep() -> Any:
    """A function page-lines -> keep list, or the reason linesift cannot run."""
    try:
        from classifier import load_model

        model = load_model()
    except Exception as exc:  # no artifact yet: say so, never fake a column
        return f"not available ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"

    def keep(texts: list[str]) -> list[bool]:
        page = model.classify_text("\n".join(texts))
        by_number = {r.line.index: r.keep for r in page.lines}
        return [by_number.get(number, False) for number in range(1, len(texts) + 1)]

    keep.version = model.version  # type: ignore[attr-defined]
    return keep


def justext_keep(texts: list[str], lang: str | None) -> list[bool]:
    import justext

    page = "<html><body>" + "".join(f"<p>{html.escape(t)}</p>" for t in texts) + "</body></html>"
    paragraphs = justext.justext(page, justext_stoplist(lang))
    kept = [not p.is_boilerplate for p in paragraphs]
    return kept if len(kept) == len(texts) else _align(texts, paragraphs)


def _align(texts: list[str], paragraphs: list[Any]) -> list[bool]:
    """jusText dropped or merged a paragraph: match its paragraphs to the lines by text, in order."""
    out = [False] * len(texts)
    at = 0
    for p in paragraphs:
        target = " ".join(p.text.split())
        for i in range(at, len(texts)):
            if " ".join(texts[i].split()) == target:
                out[i] = not p.is_boilerplate
                at = i + 1
                break
    return out


def measure(pages: list[dict[str, Any]], calls: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], dict]:
    """Every page through every tool (pages outer, tools inner); per tool its timings and keep lists."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    preds: dict[str, list[dict[str, Any]]] = {name: [] for name in calls}
    load = LoadSampler()
    lines = 0
    for number, page in enumerate(pages, start=1):
        texts = [line["text"] for line in page["lines"]]
        lines += len(texts)
        for name, call in calls.items():
            start = time.perf_counter()
            keep = call(texts, page.get("lang"))
            times[name].append(time.perf_counter() - start)
            preds[name].append({"id": page["id"], "keep": keep})
        if number % 50 == 0:
            load.sample()
    load.sample()
    results = {
        name: {
            "tool": name,
            "pages": len(pages),
            "lines": lines,
            "seconds": sum(times[name]),
            "lines_per_s": lines / sum(times[name]) if sum(times[name]) else 0.0,
            "ms_median": statistics.median(times[name]) * 1000 if times[name] else 0.0,
            "preds": preds[name],
        }
        for name in calls
    }
    return results, load.summary()


def score(preds: list[dict[str, Any]], gold: Path, out: Path) -> dict[str, Any]:
    out.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    return run_scorer(SHARED, "lines", out, gold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("lines", type=Path, nargs="?", default=SHARED / "data" / "lines.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "benchmarks-lines.md")
    args = parser.parse_args(argv)
    with args.lines.open(encoding="utf-8") as handle:
        pages = [json.loads(raw) for raw in handle if raw.strip()]
    args.out.mkdir(parents=True, exist_ok=True)

    results: dict[str, dict[str, Any] | str] = {}
    calls: dict[str, Any] = {}
    settings: dict[str, str] = {}
    keep = linesift_keep()
    if isinstance(keep, str):
        results["linesift"] = keep
    else:
        calls["linesift"] = lambda texts, lang: keep(texts)
        settings["linesift"] = f"`load_model().classify_text(text)`, model {keep.version}"
        results["linesift"] = {}
    calls["justext"] = justext_keep
    settings["justext"] = "`justext.justext(<p> per line, stoplist by language)`"
    measure(pages[:20], calls)  # warm-up: lexicons, stoplists, caches
    measured, load = measure(pages, calls)
    for name, r in measured.items():
        r["settings"] = settings[name]
        results[name] = r
    for name, r in results.items():
        if isinstance(r, dict):
            r["score"] = score(r.pop("preds"), args.lines, args.out / f"lines-{name}.jsonl")
            c = r["score"]["content"]
            print(
                f"{name:9s} {r['lines_per_s']:,.0f} lines/s  median {r['ms_median']:.2f} ms/page  "
                f"content F1 {c['f1']:.4f}"
            )
        else:
            print(f"{name:9s} {r}")

    shown = (
        "../shared/data/lines.jsonl"
        if args.lines.resolve() == (SHARED / "data" / "lines.jsonl").resolve()
        else args.lines.as_posix()
    )
    doc = [
        "# Lines mode speed: linesift and jusText",
        "",
        f"Every page of `{args.lines.name}` ({len(pages)} pages, "
        f"{sum(len(p['lines']) for p in pages):,} lines), given to each tool in turn page by page "
        "(pages interleaved, so load on the machine falls on both alike), only the call timed. "
        "linesift gets a page's lines joined by newlines; jusText gets the same lines, one `<p>` each. "
        "Content F1 is `../shared/eval/score.py lines` on the keep/drop decision of each line. "
        "Generated by `bench/lines_speed.py`; do not edit by hand.",
        "",
        "Reproduce:",
        "",
        "```sh",
        "make bench-venv",
        f".bench-venv/bin/python bench/lines_speed.py {shown}"
        + ("    # or: make bench-lines" if shown == "../shared/data/lines.jsonl" else ""),
        "```",
        "",
        "| tool | lines per second | median ms per page | content F1 (score.py lines) | settings |",
        "|---|---:|---:|---:|---|",
    ]
    for name, r in results.items():
        if isinstance(r, str):
            doc.append(f"| {name} | {r} | – | – | |")
        else:
            doc.append(
                f"| {name} | {r['lines_per_s']:,.0f} | {r['ms_median']:.2f} | "
                f"{r['score']['content']['f1']:.4f} | {r['settings']} |"
            )
    both = [results.get("linesift"), results.get("justext")]
    if all(isinstance(r, dict) and r.get("lines_per_s") for r in both):
        ls, jt = both
        doc += [
            "",
            "Absolute speeds depend on the machine and on what else runs on it; the ratios compare the two "
            "tools in the same run:",
            "",
            f"- linesift lines/s ÷ jusText lines/s = **{ls['lines_per_s'] / jt['lines_per_s']:.2f}**",
            f"- linesift median ms ÷ jusText median ms = **{ls['ms_median'] / jt['ms_median']:.2f}**",
        ]
    doc += [
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, {os.cpu_count() or 0} cores, "
        f"shared with other jobs; {load_line(load)} (a load above the core count means the tools waited "
        "for a CPU).",
        "",
    ]
    args.doc.parent.mkdir(parents=True, exist_ok=True)
    args.doc.write_text("\n".join(doc), encoding="utf-8")
    print(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
