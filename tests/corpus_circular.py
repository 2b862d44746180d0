"""The real circular of ../shared/corpus, parsed once per test process: the golden test, the
warehouse load and the alerts of the same file share one parse of its PDF and of its text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import parsers
from schemas.circular import ParseResult

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
STEM = "shaoyang-2024-09"


@cache
def parsed(suffix: str) -> ParseResult:
    """The parse of ``STEM.<suffix>`` (``pdf`` or ``txt``); callers read it, never change it."""
    return parsers.parse_path(CORPUS / f"{STEM}.{suffix}")
