"""Render a hand-written circular of fixtures/unseen/ as an office would send it.

    python tests/parsers/render_unseen.py NAME.txt docx   -> NAME.docx (Word tables, merged cells)
    python tests/parsers/render_unseen.py NAME.txt gb18030 -> NAME.gb18030.txt
    soffice --headless --convert-to pdf NAME.docx           -> NAME.pdf (committed, not rebuilt)

Tab-separated lines are table rows; a blank 序号/实事名称 cell is merged with the cell above;
a line without tabs right after a row continues that row's last cell in a new paragraph.
"""

from __future__ import annotations

import sys
from pathlib import Path

import regex
from docx import Document
from docx.shared import Pt

# a part heading between the rows of a table: "一、省定重点民生实事"
PART_HEADING = regex.compile(r"^[一二三四五六七八九十]{1,2}、")


def _blocks(text: str) -> list[str | list[list[str]]]:
    out: list[str | list[list[str]]] = []
    after_row = False
    for line in text.splitlines():
        was_row, after_row = after_row, "\t" in line
        if "\t" in line:
            cells = line.split("\t")
            table = out[-1] if out and isinstance(out[-1], list) else None
            if table is None or cells == table[0]:
                table = []
                out.append(table)
            table.append(cells)
        elif line.strip() and was_row and isinstance(out[-1], list):
            if PART_HEADING.match(line.strip()):  # a row of its own, merged across
                out[-1].append([line.strip()])
            else:
                out[-1][-1][-1] += "\n" + line.strip()
            after_row = True
        elif line.strip():
            out.append(line.strip())
    return out


def to_docx(text: str, path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    for block in _blocks(text):
        if isinstance(block, str):
            if block:
                doc.add_paragraph(block)
            continue
        width = max(len(r) for r in block)
        table = doc.add_table(rows=len(block), cols=width)
        table.style = "Table Grid"
        for i, row in enumerate(block):
            if len(row) == 1:
                table.cell(i, 0).merge(table.cell(i, width - 1)).text = row[0]
                continue
            for j, value in enumerate(row + [""] * (width - len(row))):
                parts = value.split("\n")
                cell = table.cell(i, j)
                cell.text = parts[0]
                for more in parts[1:]:
                    cell.add_paragraph(more)
        for j in range(min(2, width - 1)):
            top = 1
            for i in range(2, len(block) + 1):
                if (
                    i == len(block)
                    or len(block[i]) == 1
                    or len(block[top]) == 1
                    or block[i][j].strip()
                ):
                    if i - 1 > top:
                        keep = table.cell(top, j).text
                        merged = table.cell(top, j).merge(table.cell(i - 1, j))
                        merged.text = keep
                    top = i
    doc.save(str(path))


def main() -> None:
    source, fmt = Path(sys.argv[1]), sys.argv[2]
    text = source.read_text(encoding="utf-8")
    if fmt == "docx":
        to_docx(text, source.with_suffix(".docx"))
    elif fmt == "gb18030":
        source.with_suffix(".gb18030.txt").write_bytes(text.encode("gb18030"))
    else:
        raise SystemExit(f"unknown format {fmt}")


if __name__ == "__main__":
    main()
