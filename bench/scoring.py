"""The fixed scorer (``../shared/eval/score.py``), run as it is, in a process of its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def run_scorer(shared: Path, mode: str, predictions: Path, gold: Path) -> dict[str, Any]:
    """``score.py MODE PREDICTIONS --gold GOLD --json`` of the shared folder ``shared``, parsed."""
    scorer = shared / "eval" / "score.py"
    done = subprocess.run(
        [sys.executable, str(scorer), mode, str(predictions), "--gold", str(gold), "--json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout)
