"""The `linesift` command line, run in-process through ``classifier.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

from threadpoolctl import threadpool_info

from classifier.cli import main

PAGE = "We use cookies to improve your experience.\nAccept all\n\nCity opens a new library\n" + (
    "The new library on the harbour front opened on Saturday with four floors of books, a maker space "
    "and a reading room that looks out over the water.\n"
)


def test_clean_json_has_one_entry_per_non_blank_line(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["clean", "--format", "json", str(page)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [line["index"] for line in out["lines"]] == [1, 2, 4, 5]
    assert {"text", "label", "confidence", "keep", "probabilities"} <= set(out["lines"][0])
    assert out["text"] == "\n".join(line["text"] for line in out["lines"] if line["keep"])
    assert out["title"] is None and out["title_line"] is None and out["metadata"] is None


def test_clean_html_json_gives_the_headline_as_the_title(tmp_path: Path, capsys) -> None:
    body = PAGE.split("\n")[-2]
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>City opens a new library | Harbour Post</title>"
        '<meta property="og:site_name" content="Harbour Post"></head><body><article>'
        f"<h1>City opens a new library</h1><p>{body}</p><p>{body}</p></article></body></html>",
        encoding="utf-8",
    )
    assert main(["clean", "--html", "--format", "json", str(page)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["title"] == "City opens a new library" and out["title_line"] == 1
    assert out["metadata"] == {
        "site_name": "Harbour Post",
        "authors": [],
        "published": None,
        "modified": None,
        "description": None,
        "url": None,
        "image": None,
    }
    assert out["text"] == "\n".join(line["text"] for line in out["lines"] if line["keep"])
    assert not out["text"].startswith(out["title"])


def test_clean_refuses_text_that_is_not_utf8(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes("Zürich".encode("latin-1"))
    assert main(["clean", str(page)]) == 2
    assert "not valid UTF-8" in capsys.readouterr().err


def test_scoring_commands_use_one_blas_thread(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["clean", str(page)]) == 0
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)


def test_clean_html_markdown_puts_the_headline_over_the_body(tmp_path: Path, capsys) -> None:
    body = PAGE.split("\n")[-2]
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>City opens a new library | Harbour Post</title></head><body><article>"
        f"<h1>City opens a new library</h1><p>{body}</p><h2>Four floors</h2><p>{body} Again.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert main(["clean", "--html", "--format", "markdown", str(page)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"# City opens a new library\n\n{body}\n\n")
    assert "\n## Four floors\n" in out and out.endswith(" Again.\n")
