"""``linesift``: clean a page, compose the training documents, train, evaluate."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.errors import LinesiftError
from classifier.types import PageResult

if TYPE_CHECKING:
    from classifier.model import Model


def _read_input(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


def page_json(page: PageResult, model_version: str) -> dict:
    return {
        "title": page.title,
        "title_line": page.title_line,
        "metadata": None if page.metadata is None else asdict(page.metadata),
        "text": page.text,
        "lines": [
            {
                "index": r.line.index,
                "text": r.line.text,
                "label": str(r.label),
                "confidence": r.confidence,
                "keep": r.keep,
                "probabilities": r.probabilities,
            }
            for r in page.lines
        ],
        "page": {
            "consent_banner": {
                "present": page.consent_banner.present,
                "confidence": page.consent_banner.confidence,
            },
            "paywall": {
                "present": page.paywall.present,
                "confidence": page.paywall.confidence,
                "kind": page.paywall.kind,
            },
            "adblock_wall": {
                "present": page.adblock_wall.present,
                "confidence": page.adblock_wall.confidence,
            },
        },
        "language": page.language,
        "model": model_version,
    }


def _scoring_model(directory: Path | None) -> Model:
    """The model, for a command that scores pages one after another in this process.

    One BLAS thread first: the model's matrix products are small, so OpenBLAS's threads make a page no
    faster on an idle machine, and on a busy one they wait for a core and a page takes up to twice as
    long (docs/journal/design-log.md, "Speed"). The service sets the same by its environment (`make run`, the
    Dockerfile). Training is left alone: its workers already compute on one thread each.
    """
    from threadpoolctl import threadpool_limits

    from classifier.model import load_model

    threadpool_limits(limits=1, user_api="blas")
    return load_model(directory)


def cmd_clean(args: argparse.Namespace) -> int:
    model = _scoring_model(args.model)
    data = _read_input(args.file)
    if args.html:
        page = model.classify_html(data)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            print(
                f"linesift: input is not valid UTF-8 ({exc}); use --html for pages of other charsets",
                file=sys.stderr,
            )
            return 2
        page = model.classify_text(text)
    if args.format == "json":
        print(json.dumps(page_json(page, model.version), ensure_ascii=False, indent=2))
    elif args.format == "markdown":
        from classifier.markdown import page_markdown

        print(page_markdown(page), end="")
    else:
        print(page.text)
    return 0


def cmd_compose(args: argparse.Namespace) -> int:
    from classifier.compose import compose_all, documents_bytes
    from classifier.kits import read_kits, read_walls

    kits = read_kits(args.sites)
    docs = compose_all(kits, walls=read_walls(args.walls))
    data = documents_bytes(docs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    n_lines = sum(len(d.lines) for d in docs)
    print(f"{len(kits)} kits -> {len(docs)} documents, {n_lines} lines -> {args.out}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from classifier.train import TrainConfig, train

    config = TrainConfig(
        out_dir=args.out, with_html=not args.text_only, sites_dir=args.sites, first_pairing=args.first_pairing
    )
    bar = tqdm(total=1 if args.text_only else 2, unit="head", file=sys.stderr)

    def say(message: str) -> None:
        if message.startswith("stage"):
            bar.set_description(message)
            bar.update(1)
        else:
            bar.write(message)

    start = time.perf_counter()
    manifest = train(config, say)
    bar.close()
    print(f"trained {manifest['model_version']} in {time.perf_counter() - start:.0f} s")
    return 0


def _read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def cmd_evaluate_lines(args: argparse.Namespace) -> int:
    from classifier.scoreboard import gold_line_report, save_confusion_png
    from classifier.segment import clean_line
    from classifier.types import Line

    model = _scoring_model(args.model)
    docs = _read_jsonl(args.gold)
    gold: list[str | None] = []
    predicted: list[str] = []
    kept: list[bool] = []
    args.out.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    n_lines = 0
    with args.out.open("w", encoding="utf-8") as out:
        for doc in docs:
            rows = doc["lines"]
            lines = [Line(index=i + 1, text=clean_line(r["text"])) for i, r in enumerate(rows)]
            page = model.classify_lines(lines)
            labels = [str(r.label) for r in page.lines]
            out.write(json.dumps({"id": doc["id"], "labels": labels}, ensure_ascii=False) + "\n")
            gold.extend(r.get("label") for r in rows)
            predicted.extend(labels)
            kept.extend(r.keep for r in page.lines)
            n_lines += len(rows)
    elapsed = time.perf_counter() - start
    board = gold_line_report(gold, predicted, kept)
    print(board.format())
    print(f"{len(docs)} documents, {n_lines} lines in {elapsed:.1f} s ({n_lines / elapsed:,.0f} lines/s)")
    png = args.out.with_suffix(".confusion.png")
    save_confusion_png(board, png)
    print(f"predictions: {args.out}; confusion matrix: {png}")
    return 0


def cmd_evaluate_pages(args: argparse.Namespace) -> int:
    model = _scoring_model(args.model)
    pages = _read_jsonl(args.gold)
    base = args.gold.parent
    args.out.parent.mkdir(parents=True, exist_ok=True)
    failures = 0
    start = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as out:
        for page in pages:
            path = base / page["html"]
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            try:
                text = model.classify_html(raw, timeout_s=args.timeout).text
            except LinesiftError as exc:
                failures += 1
                print(f"{page['id']}: {exc}", file=sys.stderr)
                text = ""
            out.write(json.dumps({"id": page["id"], "text": text}, ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - start
    print(
        f"{len(pages)} pages in {elapsed:.1f} s ({1000 * elapsed / max(1, len(pages)):.1f} ms/page), "
        f"{failures} refused; predictions: {args.out}"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    from classifier.compose import FOLDS
    from classifier.model import DEFAULT_MODEL_DIR
    from classifier.train import TRAINING_DIR

    parser = argparse.ArgumentParser(prog="linesift", description=__doc__)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL_DIR, help="model directory")
    sub = parser.add_subparsers(dest="command", required=True)

    clean = sub.add_parser("clean", help="print the clean article text of a page")
    clean.add_argument("file", nargs="?", default="-", help="a text file (one block per line) or - for stdin")
    clean.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="text: the kept lines; json: every line with its label; markdown: the article with its "
        "headings, lists, quotes, code and tables (HTML), under its headline",
    )
    clean.add_argument("--html", action="store_true", help="the input is HTML")
    clean.set_defaults(func=cmd_clean)

    compose = sub.add_parser("compose", help="compose the training documents from the site kits")
    compose.add_argument("--sites", type=Path, default=TRAINING_DIR / "sites")
    compose.add_argument("--walls", type=Path, default=TRAINING_DIR / "walls")
    compose.add_argument("--out", type=Path, default=Path("out/training-documents.jsonl"))
    compose.set_defaults(func=cmd_compose)

    train = sub.add_parser("train", help="train the model from training_data/ and write the artifact")
    train.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    train.add_argument("--text-only", action="store_true", help="skip the HTML heads")
    train.add_argument("--sites", type=Path, default=TRAINING_DIR / "sites", help="the site kits to train on")
    train.add_argument(
        "--first-pairing",
        type=int,
        default=0,
        choices=range(FOLDS),
        metavar=f"0-{FOLDS - 1}",
        help="the pairing of sites and wall sets of the first head (bench/pairings.py measures all four)",
    )
    train.set_defaults(func=cmd_train)

    evaluate = sub.add_parser("evaluate", help="label a gold file and report the scores")
    modes = evaluate.add_subparsers(dest="mode", required=True)
    lines = modes.add_parser("lines", help="documents of {text, label} lines, like lines.jsonl")
    lines.add_argument("gold", type=Path)
    lines.add_argument("--out", type=Path, required=True)
    lines.set_defaults(func=cmd_evaluate_lines)
    pages = modes.add_parser("pages", help="HTML pages, like pages.jsonl (paths relative to it)")
    pages.add_argument("gold", type=Path)
    pages.add_argument("--out", type=Path, required=True)
    pages.add_argument("--timeout", type=float, default=10.0, help="seconds per page")
    pages.set_defaults(func=cmd_evaluate_pages)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except LinesiftError as exc:
        print(f"linesift: {exc}", file=sys.stderr)
        return 2
    except (OSError, json.JSONDecodeError) as exc:
        print(f"linesift: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
