"""Shared fixtures: the repository root, ../shared (when present), the shipped model (loaded once)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shipped_model():
    from classifier import load_model

    return load_model()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "data" / "lines.jsonl").is_file():
        pytest.skip(f"{SHARED} is absent: the evaluation data ships beside the project only in CI and dev")
    return SHARED
