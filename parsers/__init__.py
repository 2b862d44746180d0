"""Parsers: from a circular (PDF, text, Word) to a ``ParseResult``.

``readers`` is the only module that touches files; everything else is a pure function of an
``ExtractedDocument`` or of a literal string.
"""

from __future__ import annotations

from os import PathLike

from parsers.blocks import document_from_text
from parsers.circular import parse_extracted
from schemas.circular import ParseResult
from schemas.extracted import ExtractedDocument

PARSER_VERSION = "1.4.0"

__all__ = ["PARSER_VERSION", "parse_bytes", "parse_document", "parse_path", "parse_text"]


def parse_document(doc: ExtractedDocument) -> ParseResult:
    """Everything a circular states: meta, facts, county mentions and scores, projects, report."""
    return parse_extracted(doc, PARSER_VERSION)


def parse_text(text: str, *, sha256: str | None = None, filename: str | None = None) -> ParseResult:
    """A text circular given as a string: one line per block, tab-separated lines are table rows."""
    return parse_document(document_from_text(text, sha256=sha256, filename=filename))


def parse_path(path: str | PathLike[str]) -> ParseResult:
    """Read a file (PDF, text, Word) and parse it; ``UnreadableDocument`` if it cannot be read."""
    from parsers import readers

    return parse_document(readers.read_path(path))


def parse_bytes(data: bytes, filename: str, *, unpacked_bytes: int | None = None) -> ParseResult:
    """Parse a file's bytes; ``filename`` tells the format. ``unpacked_bytes`` bounds what a
    PDF's streams or a Word file's parts may unpack to (default ``readers``' limit)."""
    from parsers import readers

    if unpacked_bytes is None:
        return parse_document(readers.read_bytes(data, filename))
    return parse_document(readers.read_bytes(data, filename, unpacked_bytes=unpacked_bytes))
