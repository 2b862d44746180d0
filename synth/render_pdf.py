"""PDF through reportlab, laid out as an office prints a circular: centred title, body indented two
characters, page numbers, attachments on new pages, ruled tables with merged cells (SPAN) whose
header repeats on every page and whose long rows break across pages.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

import regex
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak as PdfPageBreak
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from synth.document import CIRCLED, Document, PageBreak, Para, Table

FONT = "STSong-Light"
BODY_PT = 13.0
MIN_NO_WIDTH = 36  # points: the 序号 column
MIN_ROW_PART = 30  # points: the least of a row left on either side of a page end
_registered = False

# circled numbers the CID font cannot draw (⑪ and up), e.g. "⑫建设老年助餐服务点"
HIGH_CIRCLED = regex.compile(f"[{CIRCLED[10:]}]")
# any circled project number, e.g. "③中小学校食堂“明厨亮灶”全覆盖"
ANY_CIRCLED = regex.compile(f"[{CIRCLED}]")


def _register() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT, bold, italic, FONT)
        _registered = True


def _style(name: str, size: float, align: int, indent: float = 0.0, lead: float = 1.55):
    return ParagraphStyle(
        name, fontName=FONT, fontSize=size, leading=size * lead, alignment=align,
        firstLineIndent=indent, wordWrap="CJK", spaceAfter=size * 0.2,
    )  # fmt: skip


STYLES = {
    "issuer": _style("issuer", 20, TA_CENTER),
    "issue": _style("issue", BODY_PT, TA_CENTER),
    "title": _style("title", 17, TA_CENTER),
    "salutation": _style("salutation", BODY_PT, TA_LEFT),
    "heading": _style("heading", BODY_PT, TA_LEFT, BODY_PT * 2),
    "body": _style("body", BODY_PT, TA_LEFT, BODY_PT * 2),
    "label": _style("label", BODY_PT, TA_LEFT),
    "table_title": _style("table_title", 15, TA_CENTER),
    "signature": _style("signature", BODY_PT, TA_RIGHT),
    "date": _style("date", BODY_PT, TA_RIGHT),
}
CELL = _style("cell", 10.5, TA_LEFT, lead=1.35)
CELL_CENTER = _style("cell_center", 10.5, TA_CENTER, lead=1.35)
FAUX_BOLD = {"issuer", "title", "heading", "table_title", "label"}


class FauxBoldParagraph(Paragraph):
    """Drawn twice with a tiny offset: how offices fake bold with a font that has none."""

    def draw(self) -> None:
        super().draw()
        self.canv.saveState()
        self.canv.translate(0.3, 0)
        super().draw()
        self.canv.restoreState()


def _markup(p: Para) -> str:
    return "".join(f"<b>{escape(r.text)}</b>" if r.bold else escape(r.text) for r in p.runs)


def circles_as_numbers(text: str, as_numbers: bool) -> str:
    if not as_numbers:
        return text
    return ANY_CIRCLED.sub(lambda m: f"（{CIRCLED.index(m.group()) + 1}）", text)


def _table(t: Table, width: float, as_numbers: bool, doc: Document) -> PdfTable:
    total = sum(t.widths) or len(t.header)
    widths = [width * w / total for w in (t.widths or [1.0] * len(t.header))]
    short = MIN_NO_WIDTH - widths[0]  # "序号" on one line, as an office would size it
    if short > 0:
        widths[0] += short
        widths[widths.index(max(widths))] -= short
    data = [[Paragraph(escape(h), CELL_CENTER) for h in t.header]]
    style: list[tuple] = [  # type: ignore[type-arg]
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (-2, 1), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        # rule the edges where a row is cut by a page end, as a word processor does
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.6, colors.black),
        ("LINEBELOW", (0, "inrowsplitstart"), (-1, "inrowsplitstart"), 0.6, colors.black),
        ("LINEABOVE", (0, "inrowsplitend"), (-1, "inrowsplitend"), 0.6, colors.black),
    ]
    for r, row in enumerate(t.rows, start=1):
        if row.spans_all:
            data.append([Paragraph(escape(row.cells[0].text), CELL)] + [""] * (len(t.header) - 1))
            style.append(("SPAN", (0, r), (-1, r)))
            continue
        cells = []
        for c, cell in enumerate(row.cells):
            text = circles_as_numbers(cell.text, as_numbers)
            st = CELL_CENTER if c == 0 else CELL
            cells.append("" if cell.merged else Paragraph(escape(text), st))
        data.append(cells)
    for c in range(len(t.header)):
        r = 1
        while r <= len(t.rows):
            end = r
            while end < len(t.rows) and not t.rows[end].spans_all and t.rows[end].cells[c].merged:
                end += 1
            if end > r:
                style.append(("SPAN", (c, r), (c, end)))
            r = end + 1
    # splitByRow=0 tries a cut inside the row at the page end first (Word's default)
    return PdfTable(
        data,
        colWidths=widths,
        repeatRows=1 if doc.repeat_header else 0,
        splitByRow=0 if doc.rows_break else 1,
        splitInRow=MIN_ROW_PART,
        style=TableStyle(style),
    )


def render_pdf(doc: Document, *, title: str) -> bytes:
    _register()
    as_numbers = any(
        isinstance(b, Table) and any(HIGH_CIRCLED.search(c.text) for r in b.rows for c in r.cells)
        for b in doc.blocks
    )
    buf = io.BytesIO()
    margin = 26 * mm
    template = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=30 * mm,
        bottomMargin=28 * mm, invariant=1, title=title, author="", creator="", producer="",
        subject="",
    )  # fmt: skip
    story: list = []  # type: ignore[type-arg]
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            story.append(PdfPageBreak())
        elif isinstance(block, Table):
            story.append(_table(block, template.width, as_numbers, doc))
        else:
            style = STYLES[block.kind]
            cls = FauxBoldParagraph if doc.faux_bold and block.kind in FAUX_BOLD else Paragraph
            if block.kind == "issuer":
                story.append(Spacer(1, 8 * mm))
            story.append(cls(circles_as_numbers(_markup(block), as_numbers), style))
            if block.kind in ("title", "table_title"):
                story.append(Spacer(1, 4 * mm))

    def page_number(canvas, tmpl) -> None:  # type: ignore[no-untyped-def]
        if doc.page_numbers:
            canvas.setFont(FONT, 11)
            canvas.drawCentredString(A4[0] / 2, 15 * mm, f"- {canvas.getPageNumber()} -")

    template.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buf.getvalue()
