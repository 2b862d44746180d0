"""Parsing one archived file, in a worker process: what the process pool runs.

Kept apart from the rest of ``flows`` so a worker imports only the parsers. Whatever goes
wrong comes back as a ``ParseFailure`` (picklable), never as an exception: a parse error is
final for that document and the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schemas.circular import ParseResult
from schemas.errors import MinshengError, UnreadableDocument


@dataclass(frozen=True)
class ParseFailure:
    reason: str  # corrupt, encrypted, needs_ocr, … or parse_error for a fault in the parser
    message: str


def parse_archived(path: str, filename: str) -> ParseResult | ParseFailure:
    """Read and parse the archived file at ``path``, known to users as ``filename`` (messages
    name it); failures are returned, not raised."""
    import parsers

    try:
        return parsers.parse_bytes(Path(path).read_bytes(), filename)
    except UnreadableDocument as exc:
        return ParseFailure(exc.reason, exc.message)
    except MinshengError as exc:
        return ParseFailure(getattr(exc, "reason", "unparseable"), exc.message)
    except Exception as exc:  # a fault in the parser: the document is quarantined, the run goes on
        text = str(exc).strip().splitlines()
        detail = text[0] if text else ""
        return ParseFailure("parse_error", f"{type(exc).__name__}: {detail}".rstrip(": "))
