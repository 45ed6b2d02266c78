"""Authored site kits and wall sets, read from ``training_data/`` in a fixed order.

A kit (``training_data/sites/<lang>.jsonl``, schema in ``training_data/README.md``) holds one imagined
site's chrome, walls and articles; a wall set (``training_data/walls/<lang>.jsonl``) holds banners
only. ``compose.py`` lays them out as labelled pages; the order they are read in is part of the
training data's hash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["read_kits", "read_walls"]


def read_kits(sites_dir: Path) -> list[dict[str, Any]]:
    """All kits under ``sites_dir``, in file-name then line order (the order is part of the hash)."""
    kits: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in sorted(sites_dir.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                kit = json.loads(raw)
                site = kit.get("site")
                if not site or site in seen:
                    raise ValueError(f"{path}:{number}: missing or duplicate site id {site!r}")
                seen.add(site)
                kits.append(kit)
    return kits


def read_walls(walls_dir: Path) -> list[dict[str, Any]]:
    """Wall sets (``training_data/walls/<lang>.jsonl``): banners of many languages, no articles."""
    walls: list[dict[str, Any]] = []
    for path in sorted(walls_dir.glob("*.jsonl")) if walls_dir.is_dir() else []:
        with path.open(encoding="utf-8") as handle:
            walls.extend(json.loads(raw) for raw in handle if raw.strip())
    return walls
