"""Output equivalence of two code versions on the evaluation pages: a speed-up must not change a number.

    python bench/equivalence.py dump  /tmp/speed-baseline.npz      # on the reference code
    python bench/equivalence.py check /tmp/speed-baseline.npz      # on the changed code

(``--n-docs 200 --n-pages 100`` on both sides for a quick look while iterating.)

``dump`` runs the shipped model on every document of ``../shared/data/lines.jsonl`` (text mode: each
document's lines through ``classify_lines``, built as ``linesift evaluate lines`` builds them) and on
the first ``--pages`` HTML pages of ``../shared/data/pages.jsonl`` (``classify_html``), and stores per
page the label probabilities (unrounded), the keep decisions, the labels, the page findings and
language, and a digest of the lines read from the HTML (text and every structural field). ``check``
recomputes all of it and fails (exit status 1) on any keep, label, finding, language or line
difference, or on a probability further than ``--tol`` (default 1e-6) from the stored one.

Nothing from ``../shared`` is written into the repository: the reference file lives wherever it is put
(``/tmp`` by default).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def text_docs(path: Path, limit: int | None) -> Iterator[tuple[str, list]]:
    from classifier.segment import clean_line
    from classifier.types import Line

    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle):
            if limit is not None and number >= limit:
                break
            doc = json.loads(raw)
            lines = [Line(index=i + 1, text=clean_line(r["text"])) for i, r in enumerate(doc["lines"])]
            yield doc["id"], lines


def html_pages(path: Path, limit: int) -> Iterator[tuple[str, bytes]]:
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle):
            if number >= limit:
                break
            doc = json.loads(raw)
            file = path.parent / doc["html"]
            data = file.read_bytes()
            yield doc["id"], gzip.decompress(data) if file.name.endswith(".gz") else data


class _Recorder:
    """Wraps a model's ``_proba`` to keep its last, unrounded result (``PageResult`` only carries the
    probabilities rounded to 4 digits), so each page is classified once."""

    def __init__(self, model) -> None:
        self.last = np.zeros((0, 9))
        inner = model._proba

        def record(lines, *, structured):
            self.last = inner(lines, structured=structured)
            return self.last

        model._proba = record

    def take(self) -> np.ndarray:
        out, self.last = self.last, np.zeros((0, 9))
        return out


def _lines_digest(lines) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(repr(line).encode("utf-8"))
    return digest.hexdigest()


def _summary(result) -> str:
    """Everything in a PageResult but the probabilities, as one comparable string."""
    rows = [(str(r.label), r.keep, r.confidence, sorted(r.probabilities.items())) for r in result.lines]
    return json.dumps(
        [rows, repr(result.consent_banner), repr(result.paywall), repr(result.adblock_wall), result.language]
    )


def collect(model, lines_path: Path, pages_path: Path, n_docs: int | None, n_pages: int) -> dict[str, list]:
    from classifier.dom import read_html

    recorder = _Recorder(model)
    out: dict[str, list] = {"ids": [], "proba": [], "summary": [], "digest": []}
    for doc_id, lines in text_docs(lines_path, n_docs):
        out["ids"].append("text:" + doc_id)
        out["summary"].append(_summary(model.classify_lines(lines)))
        out["proba"].append(recorder.take())
        out["digest"].append(_lines_digest(lines))
    for doc_id, raw in html_pages(pages_path, n_pages):
        page = read_html(raw)
        out["ids"].append("html:" + doc_id)
        out["summary"].append(_summary(model.classify_html(raw)))
        out["proba"].append(recorder.take())
        out["digest"].append(_lines_digest(page.lines) + repr(page.hints))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("mode", choices=("dump", "check"))
    parser.add_argument("reference", type=Path)
    parser.add_argument("--lines", type=Path, default=SHARED / "data" / "lines.jsonl")
    parser.add_argument("--pages", type=Path, default=SHARED / "data" / "pages.jsonl")
    parser.add_argument("--n-docs", type=int, default=None, help="first N text documents (default: all)")
    parser.add_argument("--n-pages", type=int, default=400)
    parser.add_argument("--tol", type=float, default=1e-6)
    args = parser.parse_args(argv)

    import classifier
    from classifier import load_model

    print(f"classifier from {Path(classifier.__file__).parent}", file=sys.stderr)
    got = collect(load_model(), args.lines, args.pages, args.n_docs, args.n_pages)
    if args.mode == "dump":
        np.savez_compressed(
            args.reference,
            ids=np.array(got["ids"]),
            summary=np.array(got["summary"]),
            digest=np.array(got["digest"]),
            sizes=np.array([len(p) for p in got["proba"]]),
            proba=np.vstack(got["proba"]),
        )
        print(f"wrote {len(got['ids'])} pages, {sum(len(p) for p in got['proba'])} lines to {args.reference}")
        return 0

    with np.load(args.reference, allow_pickle=False) as npz:  # each npz[...] would re-read the file
        ref = {name: npz[name] for name in npz.files}
    if list(ref["ids"]) != got["ids"]:
        print("FAIL: another set of pages than the reference")
        return 1
    offsets = np.concatenate([[0], np.cumsum(ref["sizes"])])
    failures, worst = 0, 0.0
    for i, doc_id in enumerate(got["ids"]):
        expected = ref["proba"][offsets[i] : offsets[i + 1]]
        problems = []
        if ref["digest"][i] != got["digest"][i]:
            problems.append("lines differ")
        if got["proba"][i].shape != expected.shape:
            problems.append(f"shape {got['proba'][i].shape} != {expected.shape}")
        else:
            diff = float(np.abs(got["proba"][i] - expected).max()) if expected.size else 0.0
            worst = max(worst, diff)
            if diff > args.tol:
                problems.append(f"probabilities differ by {diff:.3g}")
        if ref["summary"][i] != got["summary"][i]:
            problems.append("labels, keep decisions, findings or language differ")
        if problems:
            failures += 1
            if failures <= 20:
                print(f"FAIL {doc_id}: {'; '.join(problems)}")
    print(f"{len(got['ids'])} pages, {offsets[-1]} lines; largest probability difference {worst:.3g}")
    if failures:
        print(f"FAIL: {failures} pages differ")
        return 1
    print("OK: identical decisions, probabilities within", args.tol)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
