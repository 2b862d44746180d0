"""The body of a Word .docx: paragraphs and table rows in document order.

Pure: works on the lxml elements of the document body, the numbering part and the styles part
(``parsers.readers`` opens the package). Each non-empty paragraph is a ``TextBlock`` with the
list number Word draws before it (``parsers.docx_numbering``); each table row is a
``TableRow`` whose cells are logical cells — a horizontally merged cell (``gridSpan``) once,
followed by blanks, a vertically merged one (``vMerge``) carried down by
``parsers.tables``. ``page`` is None; ``line`` counts paragraphs and table rows from 1.
"""

from __future__ import annotations

from typing import Any

from parsers.docx_numbering import Numbering
from parsers.tables import Cell, rebuild_cells, table_rows
from schemas.extracted import LineOrigin, TableRow, TextBlock

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

_SKIPPED = {
    f"{W}pPr",
    f"{W}rPr",
    f"{W}del",  # a tracked deletion
    f"{W}moveFrom",  # the old place of a tracked move
    f"{W}txbxContent",  # a text box drawn over the page, not the paragraph's text
    MC_FALLBACK,
}
_TEXT = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}
_OFF = {"0", "false", "off"}


def body_items(
    body: Any, numbering: Any | None = None, styles: Any | None = None
) -> list[TextBlock | TableRow]:
    """Paragraphs and table rows of ``body`` in document order (content controls opened up)."""
    counters = Numbering(numbering, styles)
    items: list[TextBlock | TableRow] = []
    line = 0
    tables = 0

    def walk(parent: Any) -> None:
        nonlocal line, tables
        for child in parent.iterchildren():
            if child.tag == f"{W}p":
                text = numbered(counters.label(child), paragraph_text(child))
                if not text:
                    continue
                line += 1
                items.append(
                    TextBlock(
                        text=text,
                        origins=[LineOrigin(offset=0, page=None, line=line)],
                        starts_paragraph=True,
                        bold=_bold(child),
                    )
                )
            elif child.tag == f"{W}tbl":
                rows = []
                for tr in child.iter(f"{W}tr"):
                    if tr.getparent() is not child and tr.getparent().tag != f"{W}sdtContent":
                        continue  # rows of a nested table are read as text of their cell
                    line += 1
                    rows.append(_row(tr, line, counters))
                items.extend(table_rows(rebuild_cells([rows]), tables))
                tables += 1
            elif child.tag in (f"{W}sdt", f"{W}sdtContent"):
                walk(child)

    walk(body)
    return items


def paragraph_text(p: Any) -> str:
    """The text Word shows for a paragraph: runs anywhere in it (tracked insertions, content
    controls, fields and hyperlinks included), tracked deletions and text boxes left out."""
    out: list[str] = []

    def visit(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED:
                continue
            if tag == f"{W}t":
                out.append(child.text or "")
            elif tag in _TEXT:
                out.append(_TEXT[tag])
            else:
                visit(child)

    visit(p)
    return "".join(out)


def numbered(label: str, text: str) -> str:
    """A paragraph's text after its list number: "一、" + "总体情况", "①" + "城市书房",
    "1" + "" (a 序号 cell); a space only after a Latin letter or digit ("1. 概况" stays)."""
    text = text.strip()
    if not label or not text or not (label[-1].isascii() and label[-1].isalnum()):
        return f"{label}{text}".strip()
    return f"{label} {text}"


def _bold(p: Any) -> bool:
    """Every run with text is bold by direct formatting (what is cheap to know)."""
    runs = [r for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()]
    if not runs:
        return False
    for run in runs:
        flag = run.find(f"{W}rPr/{W}b")
        if flag is None or flag.get(f"{W}val", "true").lower() in _OFF:
            return False
    return True


def _row(tr: Any, line: int, counters: Numbering) -> list[Cell | None]:
    """One row of logical cells: a gridSpan cell once (then blanks), a vMerge continuation None."""
    row: list[Cell | None] = []
    blank = Cell((("", None, line),))
    before = tr.find(f"{W}trPr/{W}gridBefore")
    if before is not None:
        row.extend([blank] * int(before.get(f"{W}val", "0")))
    for tc in tr.iter(f"{W}tc"):
        if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
            continue  # a cell of a nested table
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        merge = tc.find(f"{W}tcPr/{W}vMerge")
        width = int(span.get(f"{W}val", "1")) if span is not None else 1
        # every paragraph advances the list counters, even in a merged-away cell
        texts = [numbered(counters.label(p), paragraph_text(p)) for p in tc.iter(f"{W}p")]
        if merge is not None and merge.get(f"{W}val", "continue") == "continue":
            row.append(None)
        else:
            lines = tuple((t, None, line) for t in texts if t)
            row.append(Cell(lines) if lines else blank)
        row.extend([blank] * (width - 1))
    return row
