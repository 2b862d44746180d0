"""Tables that a web page's text flattened, rebuilt into rows.

A page's text gives a table in one of three shapes:
- one row per line with pipes between cells, empty cells dropped: "西昌市 | 3 | 305 | 98.0 |";
- one row per line with spaces between cells: "2 湖北 3053 2660 87.1% 43.31";
- one cell per line, a row starting at its serial number, after a header of short lines
  ("序号" / "实事内容" / "牵头单位" / "进展情况", then "1" / "…" / "…" / "…").
``split_lines`` tells the table lines from the prose lines and returns each table as rows of
cells, every cell a ``LocText`` that still knows its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from parsers.located import LocText

# a pipe-separated row: "凉山州 | 241 | 20034 |", "| 附件2 | |||"
PIPE_ROW = regex.compile(r"\|.*\||\S\s*\|\s*\S")
# one header cell on a line of its own inside a pipe table: "资金预算 下达比例 |"
CELL_CONTINUES = regex.compile(r"\s*[^|\d][^|]{0,30}\|\s*")
# a number cell of a table: "3053", "87.1%", "53.00", "-2.5"
NUMBER_CELL = regex.compile(r"-?\d+(?:\.\d+)?\s*%?")
# sentence punctuation that a space-separated table row never holds: "，", "。"
PROSE_MARK = regex.compile(r"[，。；！？,;]")
# a serial number alone on a line: "12"
SERIAL_LINE = regex.compile(r"\d{1,3}")
# the header of a one-cell-per-line table: "序号"
SERIAL_HEADER = regex.compile(r"序\s*号|编\s*号")

MAX_HEADER_CELL = 16


@dataclass(slots=True)
class FlatTable:
    rows: list[list[LocText]] = field(default_factory=list)
    first_line: int = 0  # index of the table's first line among the lines given
    line_ids: set[int] = field(default_factory=set)


def _cells(line: LocText, sep: regex.Pattern[str]) -> list[LocText]:
    cells: list[LocText] = []
    pos = 0
    for m in [*sep.finditer(line.text), None]:
        end = m.start() if m else len(line.text)
        piece = line[pos:end]
        stripped = piece.text.strip()
        if stripped:
            lead = len(piece.text) - len(piece.text.lstrip())
            cells.append(piece[lead : lead + len(stripped)])
        pos = m.end() if m else end
    return cells


PIPE = regex.compile(r"\|")
SPACES = regex.compile(r"\s+")


def _space_row(text: str) -> bool:
    tokens = text.split()
    if len(tokens) < 4 or PROSE_MARK.search(text):
        return False
    numbers = sum(1 for t in tokens if NUMBER_CELL.fullmatch(t))
    return numbers >= 2 and numbers * 2 >= len(tokens) - 1


def _space_header(text: str) -> bool:
    tokens = text.split()
    return (
        len(tokens) >= 3
        and not PROSE_MARK.search(text)
        and all(len(t) <= MAX_HEADER_CELL for t in tokens)
    )


def _one_cell_tables(lines: list[LocText], used: set[int]) -> list[FlatTable]:
    """Tables set one cell per line: a "序号" line, short header lines, then rows that each
    start with a serial number and have as many cells as the header."""
    out: list[FlatTable] = []
    i = 0
    while i < len(lines):
        if i in used or not SERIAL_HEADER.fullmatch(lines[i].text.strip()):
            i += 1
            continue
        header = [lines[i]]
        j = i + 1
        while (
            j < len(lines)
            and len(lines[j].text.strip()) <= MAX_HEADER_CELL
            and not regex.search(r"\d", lines[j].text)
        ):
            header.append(lines[j])
            j += 1
        width = len(header)
        rows = [header]
        while (
            width >= 3
            and j + width - 1 < len(lines)
            and SERIAL_LINE.fullmatch(lines[j].text.strip())
        ):
            rows.append([lines[k] for k in range(j, j + width)])
            j += width
        if len(rows) >= 2:
            out.append(FlatTable(rows=rows, first_line=i, line_ids=set(range(i, j))))
            used.update(range(i, j))
            i = j
        else:
            i += 1
    return out


def split_lines(lines: list[LocText]) -> tuple[list[FlatTable], list[int]]:
    """The tables among ``lines`` and the indices of the lines that are prose."""
    used: set[int] = set()
    tables = _one_cell_tables(lines, used)
    current: FlatTable | None = None
    kind = ""
    for i, line in enumerate(lines):
        if i in used:
            current = None
            continue
        text = line.text
        if (
            current is not None
            and kind == "pipe"
            and CELL_CONTINUES.fullmatch(text)
            and current.rows
            and not any(NUMBER_CELL.fullmatch(c.text) for c in current.rows[-1])
        ):
            # a header cell a page set on a line of its own: "资金预算 下达比例 |"
            current.rows[-1] = current.rows[-1] + _cells(line, PIPE)
            current.line_ids.add(i)
            used.add(i)
            continue
        row_kind = "pipe" if PIPE_ROW.search(text) and text.count("|") >= 2 else ""
        if not row_kind and _space_row(text):
            row_kind = "space"
        if row_kind and current is not None and kind == row_kind:
            current.rows.append(_cells(line, PIPE if kind == "pipe" else SPACES))
            current.line_ids.add(i)
            used.add(i)
            continue
        if row_kind:
            current = FlatTable(first_line=i)
            kind = row_kind
            if kind == "space":  # header lines right above the first row
                k = i
                while (
                    k - 1 >= 0
                    and k - 1 not in used
                    and i - k < 3
                    and _space_header(lines[k - 1].text)
                ):
                    k -= 1
                for h in range(k, i):
                    current.rows.append(_cells(lines[h], SPACES))
                    current.line_ids.add(h)
                    used.add(h)
                current.first_line = k
            current.rows.append(_cells(line, PIPE if kind == "pipe" else SPACES))
            current.line_ids.add(i)
            used.add(i)
            tables.append(current)
            continue
        if current is not None and kind == "pipe" and not text.strip(" |\t\u3000"):
            current.line_ids.add(i)  # a row of empty cells inside the table
            used.add(i)
            continue
        current = None
    tables = [t for t in tables if len(t.rows) >= 2]
    table_lines = {i for t in tables for i in t.line_ids}
    prose = [i for i in range(len(lines)) if i not in table_lines]
    tables.sort(key=lambda t: t.first_line)
    return tables, prose
