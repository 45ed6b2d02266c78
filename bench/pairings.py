"""Text mode over the four pairings of sites and wall sets: one change measured by more than one draw.

    .venv/bin/python bench/pairings.py --out out/pairings/base
    .venv/bin/python bench/pairings.py --sites training_data/candidates/more-kits --out out/pairings/kits

The composer deals the site kits and the wall sets into folds and pairs each site with the wall sets
of one fold; ``--first-pairing`` moves that pairing along. The same data gives content F1 some 0.002
apart by the pairing alone (docs/quality.md), as much as most single changes move it, so a change is
judged by the mean of the four draws, not by one. For each pairing (``--pairings``, default all four)
this trains the text heads (``linesift train --text-only --first-pairing N --sites DIR``, ``--jobs`` of
them side by side, one core each), labels ``data/lines.jsonl`` of ``--shared`` (``../shared``) with
``linesift evaluate lines`` and scores the labels with its fixed scorer (``eval/score.py lines
--json``). Run from another checkout (a git worktree of a candidate branch), it trains that
checkout's code: give ``--shared`` the shared folder's path. It prints a Markdown table (content
F1, precision and recall, and the share of each wall's lines removed, per pairing and their mean)
and writes it with the scores to ``OUT/summary.json``. The shipped model's text heads are pairing
0's. ``--reuse`` scores the models already in ``OUT`` again (after a
change to the decision rules) instead of training them.

The evaluation pages are for evaluation only: nothing here trains on them. A benchmark measures; it
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from scoring import run_scorer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
WALLS = ("consent", "paywall", "adblock", "newsletter")
PAIRINGS = 4


def _run(command: list[str], log: Path) -> None:
    """One step in a process of its own (one BLAS/OpenMP thread: the jobs share the cores), logged."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    with log.open("a", encoding="utf-8") as out:
        subprocess.run(command, check=True, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)


def measure(pairing: int, out: Path, sites: Path, shared: Path, reuse: bool) -> dict[str, Any]:
    """Train (unless reused), label and score one pairing's text heads."""
    gold = shared / "data" / "lines.jsonl"
    model = out / str(pairing)
    model.mkdir(parents=True, exist_ok=True)
    log = model / "run.log"
    cli = [sys.executable, "-m", "classifier.cli"]
    if not (reuse and (model / "weights.npz").exists()):
        _run(
            [
                *cli,
                "train",
                "--text-only",
                "--first-pairing",
                str(pairing),
                "--sites",
                str(sites),
                "--out",
                str(model),
            ],
            log,
        )
    predictions = model / "pred.jsonl"
    _run([*cli, "--model", str(model), "evaluate", "lines", str(gold), "--out", str(predictions)], log)
    report = run_scorer(shared, "lines", predictions, gold)
    manifest = json.loads((model / "manifest.json").read_text(encoding="utf-8"))
    removed = report["removed_by_category"]
    return {
        "pairing": pairing,
        "model": manifest["model_version"],
        "content": report["content"],
        "removed": {wall: removed[wall]["removed"] for wall in WALLS if wall in removed},
    }


def table(rows: list[dict[str, Any]]) -> str:
    """The Markdown table: one row a pairing, then their mean."""
    head = "| pairing | model | content F1 | precision | recall | " + " | ".join(WALLS) + " |"
    lines = [head, "|" + "---|" * (5 + len(WALLS))]

    def cells(content: dict[str, float], removed: dict[str, float]) -> str:
        walls = " | ".join(f"{removed[w]:.3f}" if w in removed else "—" for w in WALLS)
        return f"{content['f1']:.4f} | {content['precision']:.4f} | {content['recall']:.4f} | {walls}"

    for row in rows:
        lines.append(f"| {row['pairing']} | {row['model']} | {cells(row['content'], row['removed'])} |")
    mean_content = {k: statistics.fmean(r["content"][k] for r in rows) for k in ("f1", "precision", "recall")}
    shared = [w for w in WALLS if all(w in r["removed"] for r in rows)]
    mean_removed = {w: statistics.fmean(r["removed"][w] for r in rows) for w in shared}
    lines.append(f"| mean | | {cells(mean_content, mean_removed)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True, help="a folder for the models, labels and summary")
    ap.add_argument("--sites", type=Path, default=ROOT / "training_data" / "sites")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (data/ and eval/)")
    ap.add_argument(
        "--pairings", type=int, nargs="+", default=list(range(PAIRINGS)), choices=range(PAIRINGS), metavar="N"
    )
    ap.add_argument("--jobs", type=int, default=2, help="pairings trained side by side (one core each)")
    ap.add_argument("--reuse", action="store_true", help="score the models already in --out again")
    args = ap.parse_args(argv)
    if not (args.shared / "data" / "lines.jsonl").exists():
        print(
            f"no evaluation data in {args.shared} (give --shared: ../shared is not beside this checkout)",
            file=sys.stderr,
        )
        return 2
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [
            pool.submit(
                measure, p, args.out.resolve(), args.sites.resolve(), args.shared.resolve(), args.reuse
            )
            for p in args.pairings
        ]
        rows = [future.result() for future in futures]
    text = table(rows)
    (args.out / "summary.json").write_text(
        json.dumps({"sites": str(args.sites), "rows": rows, "table": text}, indent=1), encoding="utf-8"
    )
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
