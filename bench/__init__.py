"""Benchmarks: ``python -m bench`` (parse speed and memory, beside pdftotext)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def save_result(name: str, result: dict[str, Any]) -> Path:
    """Write ``result`` to ``bench/results/NAME.json`` (kept out of version control)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return out
