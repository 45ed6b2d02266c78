"""Reading site kits and wall sets: in file-name then line order, blank lines skipped, site ids unique."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from classifier.kits import read_kits, read_walls


def write(path: Path, rows: list[dict]) -> None:
    path.write_text("\n\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")


def test_kits_are_read_in_file_name_then_line_order(tmp_path):
    write(tmp_path / "fr.jsonl", [{"site": "fr-b"}, {"site": "fr-a"}])
    write(tmp_path / "de.jsonl", [{"site": "de-a"}])
    (tmp_path / "notes.txt").write_text('{"site": "not-a-kit"}\n', encoding="utf-8")
    assert [kit["site"] for kit in read_kits(tmp_path)] == ["de-a", "fr-b", "fr-a"]


@pytest.mark.parametrize(
    ("rows", "place"),
    [([{"site": "xx-a"}, {"site": "xx-a"}], "xx.jsonl:3"), ([{"lang": "xx"}], "xx.jsonl:1")],
)
def test_a_missing_or_duplicate_site_id_is_an_error_at_its_line(tmp_path, rows, place):
    write(tmp_path / "xx.jsonl", rows)
    with pytest.raises(ValueError, match=place):
        read_kits(tmp_path)


def test_wall_sets_are_read_in_file_name_order_and_an_absent_directory_holds_none(tmp_path):
    write(tmp_path / "b.jsonl", [{"group": "walls-b"}])
    write(tmp_path / "a.jsonl", [{"group": "walls-a1"}, {"group": "walls-a2"}])
    assert [wall["group"] for wall in read_walls(tmp_path)] == ["walls-a1", "walls-a2", "walls-b"]
    assert read_walls(tmp_path / "absent") == []
