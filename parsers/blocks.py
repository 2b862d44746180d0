"""A text circular as an ``ExtractedDocument``: one ``TextBlock`` per line, tab-separated lines
as ``TableRow``s. Pure: the text reader calls this after decoding a file."""

from __future__ import annotations

import hashlib

import regex

from schemas.extracted import ExtractedDocument, LineOrigin, TableRow, TextBlock

# every line break a text file may use: "\r\n", "\r", "\n", and the Unicode separators
LINE_BREAK = regex.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def split_lines(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def _cell(text: str, line: int) -> TextBlock | None:
    if not text.strip():
        return None
    return TextBlock(text=text, origins=[LineOrigin(offset=0, page=None, line=line)])


def document_from_text(
    text: str,
    *,
    sha256: str | None = None,
    media_type: str = "text/plain",
    filename: str | None = None,
) -> ExtractedDocument:
    """One TextBlock per non-blank line (origins page=None, line=i, 1-based); a line holding a
    tab is a TableRow, its blank cells ``None``. Consecutive rows, blank lines aside, form one
    table; prose between rows starts the next table."""
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    items: list[TextBlock | TableRow] = []
    table = -1
    in_table = False
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            continue
        if "\t" in line:
            if not in_table:
                table += 1
                in_table = True
            cells = [_cell(cell, number) for cell in line.split("\t")]
            items.append(TableRow(table=table, cells=cells))
            continue
        in_table = False
        items.append(TextBlock(text=line, origins=[LineOrigin(offset=0, page=None, line=number)]))
    return ExtractedDocument(
        sha256=sha256, media_type=media_type, pages=None, filename=filename, items=items
    )
