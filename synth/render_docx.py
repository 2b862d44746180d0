"""Word documents through python-docx: real tables with vertically merged 序号/实事名称 cells."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table as DocxTable

from synth.document import Document, PageBreak, Para, Table

BODY_PT = 16
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_SIZES = {"issuer": 22, "title": 20, "table_title": 16, "label": 16}


def _east_asian(run, font: str) -> None:  # type: ignore[no-untyped-def]
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), font)


def _paragraph(docx, p: Para) -> None:  # type: ignore[no-untyped-def]
    par = docx.add_paragraph()
    fmt = par.paragraph_format
    if p.kind in ("issuer", "issue", "title", "table_title"):
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif p.kind in ("signature", "date"):
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif p.kind in ("body", "heading"):
        fmt.first_line_indent = Pt(BODY_PT * 2)
    for r in p.runs:
        run = par.add_run(r.text)
        run.bold = r.bold or p.kind in ("issuer", "title")
        run.font.size = Pt(_SIZES.get(p.kind, BODY_PT))
        _east_asian(run, "黑体" if p.kind in ("heading", "title") else "仿宋_GB2312")


def _repeat_header(table: DocxTable) -> None:
    trpr = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def _cell_text(cell, text: str, split: bool) -> None:  # type: ignore[no-untyped-def]
    """Fill a cell; with ``split`` the words after "其中，" start a paragraph of their own."""
    head, sep, rest = text.partition("。其中，")
    if not (split and sep):
        cell.text = text
        return
    cell.text = head + "。"
    cell.add_paragraph("其中，" + rest)


def _table(docx, t: Table, doc: Document) -> None:  # type: ignore[no-untyped-def]
    ncols = len(t.header)
    table = docx.add_table(rows=1 + len(t.rows), cols=ncols)
    table.style = "Table Grid"
    for c, text in enumerate(t.header):
        cell = table.cell(0, c)
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    if doc.repeat_header:
        _repeat_header(table)
    for r, row in enumerate(t.rows, start=1):
        if row.spans_all:
            merged = table.cell(r, 0).merge(table.cell(r, ncols - 1))
            merged.text = row.cells[0].text
            continue
        for c, cell in enumerate(row.cells):
            if not cell.merged:
                _cell_text(table.cell(r, c), cell.text, doc.cell_paragraphs)
    # vertical merges: a merged cell continues the nearest unmerged cell above it
    for c in range(ncols):
        r = 1
        while r <= len(t.rows):
            end = r
            while (
                end + 1 <= len(t.rows) and not t.rows[end].spans_all and t.rows[end].cells[c].merged
            ):
                end += 1
            if end > r and not t.rows[r - 1].spans_all:
                table.cell(r, c).merge(table.cell(end, c))
            r = end + 1


def render_docx(doc: Document, *, created: dt.datetime) -> bytes:
    docx = new_docx()
    core = docx.core_properties
    core.created = core.modified = created
    core.author = core.last_modified_by = "民生实事工作专班"
    core.revision = 1
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            docx.add_page_break()
        elif isinstance(block, Table):
            _table(docx, block, doc)
        else:
            _paragraph(docx, block)
    buf = io.BytesIO()
    docx.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same package with fixed entry timestamps, so equal documents give equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
