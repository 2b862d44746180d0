"""The layout of PDF pages: text lines, table cells, line numbers and paragraph starts.

Pure functions of what pdfplumber hands the reader for a page (its char dicts and the cell
boxes of the tables it found); ``parsers.readers`` does the opening and the calls.

Line numbers: on each page, every distinct text line from the top down gets the next number,
prose and table alike. Lines of different table cells on one baseline share a number, so a
table row whose tallest cell wraps over three lines takes three numbers.

Paragraph starts, from geometry and conservative: a line starts a paragraph when it is the first
of the document or follows a table, when it is indented by 1.5 character widths or more from
the body's left edge, when it is centred, when its font size differs from the line before, when
the line before stood apart (centred or right-aligned), or when the line before ended at least
two character widths short of the body's right edge on a closing mark (。：；！？）” — lines
that are not justified end short anywhere) or six widths short on anything.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

import regex

from parsers.pdf_glyphs import (
    RADICALS,
    Char,
    drop_watermark,
    fold_radicals,
    is_unmapped,
)
from parsers.pdf_lines import extract_text_lines
from parsers.tables import Cell, is_page_furniture, rebuild_cells, table_rows
from schemas.errors import UnreadableDocument
from schemas.extracted import LineOrigin, TableRow, TextBlock

Bbox = tuple[float, float, float, float]
SPAN = "span"  # a grid slot covered by a cell to its left in the same row

# A line that may close a paragraph: "现将有关情况通报如下：", "（详见附件1）", "进度滞后。"
PARAGRAPH_END = regex.compile(r"[。：:；;！!？?）)」』”]\s*$")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    number: int = 0


@dataclass
class PageTable:
    top: float
    ncols: int
    rows: list[list[Cell | None]]


@dataclass
class Page:
    number: int
    lines: list[Line]
    tables: list[PageTable]
    chars: int = 0
    unmapped: int = 0
    images: int = 0
    watermark: int = 0
    cell_lines: list[Line] = field(default_factory=list)  # the tables' lines, with geometry


@dataclass
class _Table:
    ncols: int
    last_page: int
    fragments: list[list[list[Cell | None]]] = field(default_factory=list)


def text_lines(chars: Sequence[Char]) -> list[Line]:
    """The physical text lines the chars make, top to bottom, words spaced as pdfplumber does."""
    if not chars:
        return []
    out = []
    for found in extract_text_lines(chars):
        inked = [c for c in found["chars"] if c["text"].strip()] or found["chars"]
        bold = 2 * sum("bold" in c.get("fontname", "").lower() for c in inked) > len(inked)
        out.append(
            Line(
                text=found["text"],
                x0=found["x0"],
                x1=found["x1"],
                top=found["top"],
                bottom=found["bottom"],
                size=median(c["size"] for c in inked),
                bold=bold,
            )
        )
    return out


def table_grid(cells: Sequence[Bbox]) -> tuple[list[float], list[float], list[list[Any]]]:
    """Columns' left edges, rows' top edges and the grid of a table from its cell boxes.

    A grid slot holds the box of the cell that starts there, ``SPAN`` when a cell to its left
    in the same row covers it (a horizontal merge), or ``None`` when a cell from a row above
    covers it (a vertical merge).
    """
    xs = sorted({c[0] for c in cells})
    ys = sorted({c[1] for c in cells})
    col = {x: i for i, x in enumerate(xs)}
    row = {y: i for i, y in enumerate(ys)}
    grid: list[list[Any]] = [[None] * len(xs) for _ in ys]
    for c in cells:
        grid[row[c[1]]][col[c[0]]] = c
    for r in range(len(ys)):
        for j, x in enumerate(xs):
            if grid[r][j] is not None:
                continue
            for k in range(j - 1, -1, -1):
                left = grid[r][k]
                if left == SPAN:
                    continue
                if left is not None and left[2] > x + 0.5:
                    grid[r][j] = SPAN
                break
    return xs, ys, grid


def _cell_of(
    cells: Sequence[Bbox],
    xs: list[float],
    ys: list[float],
    grid: list[list[Any]],
    cx: float,
    cy: float,
) -> Bbox | None:
    r, j = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
    if r >= 0 and j >= 0:
        slot = grid[r][j]
        if slot not in (None, SPAN) and slot[0] <= cx <= slot[2] and slot[1] <= cy <= slot[3]:
            return slot
    for c in cells:
        if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
            return c
    return None


def read_page(
    number: int, chars: Sequence[Char], tables: Sequence[Sequence[Bbox]], *, images: int = 0
) -> Page:
    """A page from its (deduplicated) chars and the cell boxes of each table found on it.

    A "table" of one column (a framed box of text) is read as prose, and so is text inside a
    table's frame that falls in no cell of it.
    """
    grids = [g for g in ((cells, *table_grid(cells)) for cells in tables if cells) if len(g[1]) > 1]
    chars, watermark = drop_watermark(chars)
    boxes = [
        (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        for cells, *_ in grids
    ]
    prose: list[Char] = []
    in_cell: list[dict[Bbox, list[Char]]] = [{} for _ in grids]
    inked = unmapped = 0
    for ch in chars:
        if ch["text"].strip():
            inked += 1
            if ord(ch["text"][0]) in RADICALS:
                ch = {**ch, "text": fold_radicals(ch["text"])}
            elif is_unmapped(ch["text"]):
                unmapped += 1
                ch = {**ch, "text": "\ufffd"}  # one glyph, one character: "(cid:3206)" → "�"
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        cell = None
        for t, (x0, top, x1, bottom) in enumerate(boxes):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                cells, xs, ys, grid = grids[t]
                cell = _cell_of(cells, xs, ys, grid, cx, cy)
                if cell is not None:
                    in_cell[t].setdefault(cell, []).append(ch)
                break
        if cell is None:
            prose.append(ch)
    lines = text_lines(prose)
    cell_lines = [{cell: text_lines(cs) for cell, cs in found.items()} for found in in_cell]
    _number_lines([*lines, *(ln for found in cell_lines for ls in found.values() for ln in ls)])
    page_tables = [
        _page_table(number, grids[t][3], grids[t][2], cell_lines[t], boxes[t][1])
        for t in range(len(grids))
    ]
    return Page(
        number,
        lines,
        page_tables,
        chars=inked,
        unmapped=unmapped,
        images=images,
        watermark=watermark,
        cell_lines=[ln for found in cell_lines for ls in found.values() for ln in ls],
    )


def _number_lines(lines: list[Line]) -> None:
    """Number lines top-down; lines on one baseline (within half a line's height) share a number."""
    number, anchor = 0, None
    for line in sorted(lines, key=lambda ln: ln.top):
        tolerance = max(2.0, 0.5 * (line.bottom - line.top))
        if anchor is None or line.top > anchor + tolerance:
            number, anchor = number + 1, line.top
        line.number = number


def _page_table(
    page: int, grid: list[list[Any]], ys: list[float], found: dict[Bbox, list[Line]], top: float
) -> PageTable:
    rows: list[list[Cell | None]] = []
    for r, slots in enumerate(grid):
        numbers = [
            ln.number
            for s in slots
            if s not in (None, SPAN) and s[1] == ys[r]
            for ln in found.get(s, [])
        ]
        first = min(numbers, default=rows[-1][0].lines[0][2] if rows and rows[-1][0] else 1)
        row: list[Cell | None] = []
        for slot in slots:
            if slot is None:
                row.append(None)
            elif slot == SPAN or not found.get(slot):
                row.append(Cell((("", page, max(first, 1)),)))
            else:
                row.append(Cell(tuple((ln.text, page, ln.number) for ln in found[slot])))
        rows.append(row)
    return PageTable(top=top, ncols=len(grid[0]) if grid else 0, rows=rows)


def check_text_layer(pages: Sequence[Page], label: str) -> list[str]:
    """Refuse a PDF with no usable text layer; warnings for single pages without text."""
    empty = [p.number for p in pages if p.chars == 0]
    total = sum(p.chars for p in pages)
    if total == 0 and not any(p.images for p in pages):
        raise UnreadableDocument("empty", f"{label}: the PDF has neither text nor images")
    if total == 0 or 2 * len(empty) > len(pages):
        raise UnreadableDocument(
            "needs_ocr",
            f"{label}: scanned PDF: {len(empty)} of {len(pages)} pages have no text layer; "
            "needs OCR",
        )
    unmapped = sum(p.unmapped for p in pages)
    if unmapped > 0.3 * total:
        raise UnreadableDocument(
            "needs_ocr",
            f"{label}: {round(100 * unmapped / total)}% of the characters have no Unicode mapping "
            "(cid:N); the text layer is unusable; needs OCR",
        )
    warnings = [
        f"page {n} has no text layer (a scanned page?); its content was not read" for n in empty
    ]
    warnings += [
        f"page {p.number}: {p.watermark} turned characters (a watermark or stamp?) left out"
        for p in pages
        if p.watermark
    ]
    warnings += [
        f"page {p.number}: {p.unmapped} characters have no Unicode mapping (cid:N) and read as"
        " \ufffd"
        for p in pages
        if p.unmapped
    ]
    return warnings


def _margins(lines: Sequence[Line]) -> tuple[float, float]:
    """The body's left and right edges (lines in the commonest font size)."""
    size = Counter(round(ln.size) for ln in lines).most_common(1)[0][0]
    body = [ln for ln in lines if abs(ln.size - size) <= 1] or list(lines)
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
    ends = sorted(ln.x1 for ln in body)
    right = ends[int(0.9 * (len(ends) - 1))]
    return float(left), right


def assemble(pages: Sequence[Page]) -> list[TextBlock | TableRow]:
    """The document's items in reading order: prose lines, and each table's rebuilt rows
    (fragments of one table on consecutive pages joined, with only page numbers between)."""
    entries: list[tuple[int, Line] | _Table] = []
    for page in pages:
        things = sorted(
            [*((ln.top, 0, ln) for ln in page.lines), *((t.top, 1, t) for t in page.tables)],
            key=lambda th: (th[0], th[1]),
        )
        at_top = True
        for *_, obj in things:
            if isinstance(obj, Line):
                entries.append((page.number, obj))
                at_top = at_top and is_page_furniture(obj.text)
                continue
            before = next(
                (
                    e
                    for e in reversed(entries)
                    if not (isinstance(e, tuple) and is_page_furniture(e[1].text))
                ),
                None,
            )
            if (
                at_top
                and isinstance(before, _Table)
                and before.last_page == page.number - 1
                and before.ncols == obj.ncols
            ):
                before.fragments.append(obj.rows)
                before.last_page = page.number
            else:
                entries.append(_Table(obj.ncols, page.number, [obj.rows]))
            at_top = False
    lines = [e[1] for e in entries if isinstance(e, tuple)]
    left, right = _margins(lines) if lines else (0.0, 0.0)
    items: list[TextBlock | TableRow] = []
    previous: Line | None = None
    tables = 0
    for e in entries:
        if isinstance(e, _Table):
            items.extend(table_rows(rebuild_cells(e.fragments), tables))
            tables += 1
            previous = None
            continue
        number, line = e
        items.append(
            TextBlock(
                text=line.text,
                origins=[LineOrigin(offset=0, page=number, line=line.number)],
                starts_paragraph=starts_paragraph(line, previous, left=left, right=right),
                bold=line.bold,
            )
        )
        if not is_page_furniture(line.text):
            previous = line
    return items


def starts_paragraph(line: Line, previous: Line | None, *, left: float, right: float) -> bool:
    """Whether ``line`` opens a paragraph, judged from geometry (see the module's docstring)."""
    if previous is None:
        return True
    char = max(line.size, 1.0)
    before = max(previous.size, 1.0)
    indent = line.x0 - left
    centred = indent > 2 * char and abs((line.x0 + line.x1) / 2 - (left + right) / 2) < char
    short = right - previous.x1
    ended = short >= 2 * before and (
        bool(PARAGRAPH_END.search(previous.text)) or short >= 6 * before
    )
    return (
        indent >= 1.5 * char
        or centred
        or abs(line.size - previous.size) > 1
        or ended
        or previous.x0 - left > 3 * before  # after a centred or right-aligned line
    )
