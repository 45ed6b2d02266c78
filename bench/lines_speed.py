"""Lines mode speed: linesift's ``classify_text`` against jusText on the same lines, lines per second.

    make bench-venv
    .bench-venv/bin/python bench/lines_speed.py ../shared/data/lines.jsonl

Every page of LINES.jsonl is given to each tool: to linesift as its lines joined by newlines, to
jusText as the same lines, one ``<p>`` each (``justext.justext``, stoplist by the page's language,
English when jusText has none). Only the call is timed. Both tools' keep decisions are also scored
with ``../shared/eval/score.py lines`` (content F1), so the speed is read beside the quality it buys.
Writes docs/benchmarks-lines.md. A benchmark measures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import html
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peers import justext_stoplist

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


def measure(name: str, pages: list[dict[str, Any]], call) -> dict[str, Any]:
    times, preds, lines = [], [], 0
    for page in pages:
        texts = [line["text"] for line in page["lines"]]
        start = time.perf_counter()
        keep = call(texts, page.get("lang"))
        times.append(time.perf_counter() - start)
        lines += len(texts)
        preds.append({"id": page["id"], "keep": keep})
    return {
        "tool": name,
        "pages": len(pages),
        "lines": lines,
        "seconds": sum(times),
        "lines_per_s": lines / sum(times) if sum(times) else 0.0,
        "ms_median": statistics.median(times) * 1000,
        "preds": preds,
    }


def score(preds: list[dict[str, Any]], gold: Path, out: Path) -> dict[str, Any]:
    out.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), "lines", str(out), "--gold", str(gold), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)


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
    keep = linesift_keep()
    if isinstance(keep, str):
        results["linesift"] = keep
    else:
        measure("linesift", pages[:20], lambda texts, lang: keep(texts))  # warm-up: lexicons, caches
        results["linesift"] = measure("linesift", pages, lambda texts, lang: keep(texts))
        results["linesift"]["settings"] = f"`load_model().classify_text(text)`, model {keep.version}"
    justext_keep([line["text"] for line in pages[0]["lines"]], pages[0].get("lang"))  # warm-up
    results["justext"] = measure("justext", pages, justext_keep)
    results["justext"]["settings"] = "`justext.justext(<p> per line, stoplist by language)`"
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
        f"{sum(len(p['lines']) for p in pages):,} lines), one tool after the other, only the call timed. "
        "Generated by `bench/lines_speed.py`; do not edit by hand.",
        "",
        "Reproduce:",
        "",
        "```sh",
        "make bench-venv",
        f".bench-venv/bin/python bench/lines_speed.py {shown}",
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
    doc += [
        "",
        f"Machine: {platform.machine()}, Python {platform.python_version()}; shared with whatever "
        "else runs there.",
        "",
    ]
    args.doc.parent.mkdir(parents=True, exist_ok=True)
    args.doc.write_text("\n".join(doc), encoding="utf-8")
    print(f"wrote {args.doc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
