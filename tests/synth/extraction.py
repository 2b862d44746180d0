"""Reading generated files back: their text, and the percentages printed in it."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import regex
from docx import Document as open_docx

from synth.wording import normalised

# a printed percentage after NFKC and with whitespace removed, e.g. "进度为45.56%" -> 45.56
PERCENT = regex.compile(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)%")


def percent_values(text: str) -> set[float]:
    return {round(float(m), 2) for m in PERCENT.findall(normalised(text))}


def pdf_text(path: Path) -> str:
    """Page text plus each table cell with its line breaks closed up."""
    parts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page = page.dedupe_chars()
            parts.append(page.extract_text() or "")
            for table in page.extract_tables():
                for row in table:
                    parts += ["".join((cell or "").split()) for cell in row]
    return "\n".join(parts)


def docx_text(path: Path) -> str:
    doc = open_docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def file_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".docx":
        return docx_text(path)
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError(f"{path.name} decodes neither as UTF-8 nor as GB18030")
