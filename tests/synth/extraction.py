"""Reading generated files back: their text, and the percentages printed in it."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import regex
from docx import Document as open_docx
from pdfplumber.page import Page

from synth.wording import normalised

# a printed percentage after NFKC and with whitespace removed, e.g. "进度为45.56%" -> 45.56
PERCENT = regex.compile(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)%")


def percent_values(text: str) -> set[float]:
    return {round(float(m), 2) for m in PERCENT.findall(normalised(text))}


def page_text(page: Page) -> list[str]:
    """A page's text plus each table cell with its line breaks closed up."""
    page = page.dedupe_chars()
    parts = [page.extract_text() or ""]
    for table in page.extract_tables():
        for row in table:
            parts += ["".join((cell or "").split()) for cell in row]
    return parts


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(part for page in pdf.pages for part in page_text(page))


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
