"""Rebuild the logical rows of a table from what a reader sees of it, page by page.

A table in a circular is usually a Word table turned into PDF: its merged cells come out as
``None`` (the cell above goes on), its header is printed again on every page, and a row that
does not fit at the bottom of a page goes on at the top of the next. The functions here take
the fragments of one table (one list of rows per page, each cell a string, ``""`` for a blank
cell, ``None`` for a merged-away one) and give back one list of logical rows:

- the header row repeated on later pages is dropped (the first is kept);
- a row broken by a page is joined back to the row it continues;
- a blank cell at the top of a later page continues the merged cell above it;
- every ``None`` is filled from the cell above it, so each row carries its 序号, 实事名称 and,
  where several projects share one progress cell, that progress text.

They are generic over the cell type: readers pass cells that also carry line origins, with a
``text`` and a ``concat`` function; tests pass plain strings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import regex

from schemas.extracted import LineOrigin, TableRow, TextBlock

T = TypeVar("T")
MAX_HEADER_ROWS = 3  # a header printed again on each page has at most this many rows
Row = list[T | None]

# A cell that opens a numbered entry: "①老旧小区改造", "㉒农村公路", "12", "（三）", "三、".
# A row starting like this is a row of its own, never the tail of the row above.
NUMBER_MARK = regex.compile(
    r"""^\s*(?:
        \p{No}                                  # ① … ⑳, ㉑ … ㊿
      | \d{1,3}(?![\d.,，]*\s*[%％个户人所套万亿元公里])(?!\d)   # 12, not 75% / 300个
      | [（(][一二三四五六七八九十]{1,3}[）)]      # （三）
      | [一二三四五六七八九十]{1,3}、             # 三、
    )""",
    regex.VERBOSE,
)

# Any figure, which a header row does not hold: "12", "85.71%", "２"
DIGIT = regex.compile(r"\d")

# The end of a finished sentence: "两个项目均已完成全年目标任务。"
SENTENCE_END = regex.compile(r"[。！？]\s*$")

# A line that is page furniture, not content, e.g. "- 7 -", "— 12 —", "7", "第 3 页 共 10 页".
PAGE_FURNITURE = regex.compile(
    r"^\s*(?:[-—–－_]\s*)?\d{1,4}(?:\s*[-—–－_])?\s*$"
    r"|^\s*第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?\s*$"
    r"|^\s*\d{1,4}\s*/\s*\d{1,4}\s*$"
)


def _str_text(cell: object) -> str:
    return cell if isinstance(cell, str) else str(cell)


def _str_concat(upper: T, lower: T) -> T:
    return f"{upper}\n{lower}"  # type: ignore[return-value]


@dataclass(frozen=True)
class Cell:
    """A table cell as read: its physical lines, each with the page and line it stands on."""

    lines: tuple[tuple[str, int | None, int], ...]

    @property
    def text(self) -> str:
        return "\n".join(t for t, _, _ in self.lines)

    def joined(self, lower: Cell) -> Cell:
        """This cell with the lines of ``lower`` (its continuation) after its own."""
        return Cell(self.lines + lower.lines)

    def block(self) -> TextBlock:
        origins, offset = [], 0
        for text, page, line in self.lines:
            origins.append(LineOrigin(offset=offset, page=page, line=line))
            offset += len(text) + 1
        return TextBlock(text=self.text, origins=origins)


def rebuild_cells(fragments: Sequence[Sequence[Sequence[Cell | None]]]) -> list[Row[Cell]]:
    """:func:`rebuild_table` on cells that carry their line origins."""
    return rebuild_table(fragments, text=lambda c: c.text, concat=Cell.joined)


def table_rows(rows: Sequence[Sequence[Cell | None]], table: int) -> list[TableRow]:
    """Rebuilt rows as ``TableRow`` items of table number ``table``."""
    return [
        TableRow(table=table, cells=[None if c is None else c.block() for c in row]) for row in rows
    ]


def is_page_furniture(line: str) -> bool:
    """A page number or "第 N 页" line, which may stand between two parts of one table."""
    return bool(PAGE_FURNITURE.match(line))


def is_blank(cell: T | None, text: Callable[[T], str] = _str_text) -> bool:
    return cell is None or not text(cell).strip()


def same_row(
    a: Sequence[T | None], b: Sequence[T | None], text: Callable[[T], str] = _str_text
) -> bool:
    """Equal rows, whitespace ignored and a merged cell taken as blank (a repeated header)."""

    def key(row: Sequence[T | None]) -> list[str]:
        return ["".join(text(c).split()) if c is not None else "" for c in row]

    return len(a) == len(b) and key(a) == key(b)


def _resolve(rows: Sequence[Row[T]], col: int) -> int | None:
    """Index of the row whose cell in ``col`` the last row shows (walking up through merges)."""
    for i in range(len(rows) - 1, -1, -1):
        if col < len(rows[i]) and rows[i][col] is not None:
            return i
    return None


def continues_row(
    row: Sequence[T | None],
    above: Sequence[Row[T]],
    text: Callable[[T], str] = _str_text,
) -> bool:
    """Whether ``row``, the first data row at the top of a page, is the rest of the last row of
    ``above`` (the rows so far) cut by the page break.

    It is when its first cell is blank, none of its cells but the last opens a numbered entry
    (① …, 12, （三）), something in it is written, and the text the last row left in its last
    column does not end a sentence (a 。 there means the row was complete).
    """
    if not row or not above or len(row) != len(above[-1]):
        return False
    if not is_blank(row[0], text):
        return False
    if all(is_blank(c, text) for c in row):
        return False
    if any(c is not None and NUMBER_MARK.match(text(c)) for c in row[:-1]):
        return False
    last = _resolve(above, len(row) - 1)
    if last is None:
        return True
    tail = above[last][len(row) - 1]
    return tail is None or not SENTENCE_END.search(text(tail))


def fill_down(rows: Sequence[Sequence[T | None]]) -> list[Row[T]]:
    """Each ``None`` takes the (filled) cell above it; a ``None`` in the first row stays."""
    out: list[Row[T]] = []
    for row in rows:
        filled = list(row)
        if out:
            prev = out[-1]
            for j, cell in enumerate(filled):
                if cell is None and j < len(prev):
                    filled[j] = prev[j]
        out.append(filled)
    return out


def _join_into(
    rows: list[Row[T]],
    row: Sequence[T | None],
    text: Callable[[T], str],
    concat: Callable[[T, T], T],
) -> None:
    for j, cell in enumerate(row):
        if cell is None or is_blank(cell, text):
            continue
        owner = _resolve(rows, j)
        if owner is None:
            rows[-1][j] = cell
            continue
        upper = rows[owner][j]
        rows[owner][j] = cell if upper is None or is_blank(upper, text) else concat(upper, cell)


def rebuild_table(
    fragments: Sequence[Sequence[Sequence[T | None]]],
    *,
    text: Callable[[T], str] = _str_text,
    concat: Callable[[T, T], T] = _str_concat,
) -> list[Row[T]]:
    """The logical rows of one table from its fragments (one per page, in order).

    The first row of the first fragment is taken as the header, with the next one or two rows
    while they hold no digit (a header of two or three rows, or a title row above the header);
    a row of a later fragment equal to any of them is a header printed again, and dropped.
    At the top of each later fragment, a row that :func:`continues_row` is joined cell by cell
    to the row it continues (to the cell that row shows, if that cell is merged from above);
    otherwise the blank cells of that first row are taken as merged cells cut by the page and
    continue the cells above. Rows with nothing in them are dropped. Finally every merged cell
    is filled from above (:func:`fill_down`).
    """
    rows: list[Row[T]] = []
    head: list[Row[T]] = []
    for number, fragment in enumerate(fragments):
        part = [list(r) for r in fragment if not all(is_blank(c, text) for c in r)]
        if number == 0:
            head = part[:1]
            for row in part[1:MAX_HEADER_ROWS]:
                if any(c is not None and DIGIT.search(text(c)) for c in row):
                    break  # a data row: header rows hold no figures
                head.append(row)
            part = part[:1] + [r for r in part[1:] if not same_row(r, part[0], text)]
        else:
            part = [r for r in part if not any(same_row(r, h, text) for h in head)]
            if part and rows:
                if continues_row(part[0], rows, text):
                    _join_into(rows, part.pop(0), text, concat)
                elif len(part[0]) == len(rows[-1]):
                    part[0] = [None if is_blank(c, text) else c for c in part[0]]
        rows.extend(part)
    return fill_down(rows)
