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
from parsers.script import INSERTED_PINYIN

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

# a header cell of progress: "完成进度", "完成率(%)", "完成比例"
PROGRESS_CELL = regex.compile(r"进度|完成率|比例|\(%\)|（%）")

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


def _row_part(text: str) -> str:
    """The part of a space-separated row before its remark: "康复救助 180 284 137% 已完成…，完成率
    137%" → "康复救助 180 284 137%" (a remark of prose may follow the last number)."""
    last = None
    for m in regex.finditer(r"\S+", text):
        if NUMBER_CELL.fullmatch(m.group(0)):
            last = m
    return text[: last.end()] if last else text


def _space_row(text: str) -> bool:
    head = _row_part(text)
    tokens = head.split()
    if len(tokens) < 4 or PROSE_MARK.search(head):
        return False
    numbers = sum(1 for t in tokens if NUMBER_CELL.fullmatch(t))
    return numbers >= 2 and numbers * 2 >= len(tokens) - 1


def _space_cells(line: LocText) -> list[LocText]:
    """A space-separated row's cells, its remark (prose after the last number) one cell."""
    head = len(_row_part(line.text))
    cells = _cells(line[:head], SPACES)
    rest = line[head:]
    lead = len(rest.text) - len(rest.text.lstrip())
    if rest.text.strip():
        cells.append(rest[lead : lead + len(rest.text.strip())])
    return cells


def _header_cells(line: LocText) -> list[LocText]:
    """A space-separated header's cells, a name spaced out joined again: "序 号" → "序号"."""
    spans: list[list[int]] = []
    for m in regex.finditer(r"\S+", line.text):
        prev = spans[-1] if spans else None
        if (
            prev is not None
            and len(m.group(0)) == 1
            and prev[1] - prev[0] == 1
            and m.start() - prev[1] <= 3
        ):
            prev[1] = m.end()  # "序 号": one cell, "序号" once squeezed
            continue
        spans.append([m.start(), m.end()])
    return [line[a:b] for a, b in spans]


def _space_header(text: str) -> bool:
    tokens = INSERTED_PINYIN.sub("", text).split()
    return (
        len(tokens) >= 3
        and not PROSE_MARK.search(text)
        and all(len(t) <= MAX_HEADER_CELL for t in tokens)
    )


# the first header cell of a table set one cell per line: "序号", "市 州", "项目名称", "县区"
HEADER_CELL = regex.compile(
    r"序号|编号|市州|地区|县(?:市)?区|区县|县名|单位|(?:项目|工程|实事|指标)?名称|项目|指标|类别|内容"
)
# a row that totals the table: "合计", "全省", "总 计"
TOTAL_CELL = regex.compile(r"(?:合|总|小)\s*计|全\s*(?:省|市|州|县|区|国)")
MAX_CELL = 30
MAX_PROSE_CELL = 120


def cell_line(line: LocText) -> LocText | bool | None:
    """A line that holds one cell ("长沙市 |", "95.33%"): the cell; a blank line or a lone pipe:
    True (nothing, the table goes on); a line of prose or of several cells: None."""
    cells = _cells(line, PIPE)
    if not cells:
        return True
    if len(cells) > 1 or len(cells[0].text) > MAX_CELL or regex.search(r"[。；;！？]", line.text):
        return None
    return cells[0]


def is_number_cell(cell: LocText) -> bool:
    return bool(NUMBER_CELL.fullmatch(cell.text.strip()))


def header_cell_at(lines: list[LocText], i: int, used: set[int]) -> LocText | None:
    """The cell on line ``i`` when it opens the header of a table set one cell per line
    ("序号", "项目名称", "市 州"), else None."""
    first = cell_line(lines[i]) if i not in used else None
    if isinstance(first, LocText) and HEADER_CELL.fullmatch(regex.sub(r"\s+", "", first.text)):
        return first
    return None


def cell_run(
    lines: list[LocText], start: int, used: set[int], *, prose_cells: bool = False
) -> list[tuple[int, LocText]]:
    """The cells of the lines from ``start`` on, one per line, up to a line that is no cell;
    with ``prose_cells``, a short line of prose that cells follow is a cell too
    ("已发放创业补贴180万元。")."""
    seq: list[tuple[int, LocText]] = []
    j = start
    while j < len(lines) and j not in used:
        got = cell_line(lines[j])
        if got is None and prose_cells and seq and _prose_cell_at(lines, j):
            got = lines[j]
        if got is None:
            break
        if isinstance(got, LocText):
            seq.append((j, got))
        j += 1
    return seq


def _prose_cell_at(lines: list[LocText], j: int) -> bool:
    """Whether line ``j`` is one cell of prose inside a table set one cell per line: short, and
    the next line with text is a cell again."""
    if len(lines[j].text.strip()) > MAX_PROSE_CELL:
        return False
    k = j + 1
    while k < len(lines) and not lines[k].text.strip():
        k += 1
    return k < len(lines) and isinstance(cell_line(lines[k]), LocText)


def _one_cell_tables(lines: list[LocText], used: set[int]) -> list[FlatTable]:
    """Tables set one cell per line (a pipe after each cell or not, blank lines between cells
    or not): a header of short cells opened by "序号" or the name column's header, then rows,
    each opened by its serial number, or by its name after the numbers of the row before."""
    out: list[FlatTable] = []
    i = 0
    while i < len(lines):
        first = header_cell_at(lines, i, used)
        if first is None:
            i += 1
            continue
        seq = cell_run(lines, i, used)
        table = rows_of(seq, serial=bool(SERIAL_HEADER.fullmatch(first.text.strip())))
        if table is None:
            i += 1
            continue
        out.append(table)
        used.update(table.line_ids)
        i = max(table.line_ids) + 1
    return out


def rows_of(seq: list[tuple[int, LocText]], *, serial: bool) -> FlatTable | None:
    cells = [c for _, c in seq]
    h_end = next((k for k, c in enumerate(cells) if is_number_cell(c)), None)
    if h_end is None:
        return None
    if serial:
        width, start = h_end, h_end
    else:  # header W cells, then the first row's L name cells and N numbers: W = L + N
        run = next(
            (k for k in range(h_end, len(cells)) if not is_number_cell(cells[k])), len(cells)
        )
        lead2 = h_end - (run - h_end)
        if lead2 < 2 or lead2 % 2:
            return None
        lead = lead2 // 2
        width, start = h_end - lead, h_end - lead
    if width < 3:
        return None
    rows: list[list[LocText]] = [cells[:start]]
    row: list[LocText] = []
    last_serial = 0
    ids = [seq[k][0] for k in range(start)]
    for k in range(start, len(cells)):
        cell = cells[k]
        text = cell.text.strip()
        opens = False
        if (
            serial
            and SERIAL_LINE.fullmatch(text)
            and ((not rows[1:] and not row) or int(text) == last_serial + 1)
        ):
            opens, last_serial = True, int(text)
        elif not serial and not row and not rows[1:]:
            opens = True  # the first row, opened by its name
        elif row and not is_number_cell(cell):
            total = TOTAL_CELL.fullmatch(regex.sub(r"\s+", "", text))
            opens = bool(total) or (not serial and is_number_cell(row[-1]))
        if opens and row:
            rows.append(row)
            row = []
        if not row and not opens:
            break  # a line that opens no row after a finished one: the table ended
        if len(row) >= width + 2:
            break
        row.append(cell)
        ids.append(seq[k][0])
    if row:
        rows.append(row[:width])
        ids = ids[: len(ids) - max(0, len(row) - width)]
    one_row = (
        len(rows) == 2
        and len(rows[1]) == width
        and sum(1 for c in rows[1] if is_number_cell(c)) >= 2
        and any(PROGRESS_CELL.search(c.text) for c in rows[0])
    )
    if len(rows) < 3 and not one_row:
        return None  # one row under a header only when whole, under a progress column
    return FlatTable(rows=rows, first_line=seq[0][0], line_ids=set(range(seq[0][0], max(ids) + 1)))


def _prose_cell_tables(lines: list[LocText], used: set[int]) -> list[FlatTable]:
    """Tables of prose cells set one cell per line: a "序号" line, short header lines, then
    rows that each start with a serial number and have as many cells as the header."""
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


def split_lines(
    lines: list[LocText], found: list[FlatTable] | None = None
) -> tuple[list[FlatTable], list[int]]:
    """The tables among ``lines`` and the indices of the lines that are prose; ``found`` are
    tables already rebuilt from some of the lines."""
    tables = list(found or [])
    used: set[int] = {i for t in tables for i in t.line_ids}
    tables += _one_cell_tables(lines, used)
    tables += _prose_cell_tables(lines, used)
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
            current.rows.append(_cells(line, PIPE) if kind == "pipe" else _space_cells(line))
            current.line_ids.add(i)
            used.add(i)
            continue
        if row_kind:
            current = FlatTable(first_line=i)
            kind = row_kind
            if kind == "space":  # header lines right above the first row
                k = i
                above = [h for h in range(i - 1, max(-1, i - 7), -1) if lines[h].text.strip()]
                heads = []
                for h in above[:3]:
                    if h in used or not _space_header(lines[h].text):
                        break
                    heads.insert(0, h)
                k = heads[0] if heads else i
                for h in heads:
                    current.rows.append(_header_cells(lines[h]))
                    current.line_ids.add(h)
                    used.add(h)
                current.first_line = k
            current.rows.append(_cells(line, PIPE) if kind == "pipe" else _space_cells(line))
            current.line_ids.add(i)
            used.add(i)
            tables.append(current)
            continue
        if current is not None and not text.strip(" |\t\u3000"):
            current.line_ids.add(i)  # a row of empty cells inside the table
            used.add(i)
            continue
        current = None
    tables = [t for t in tables if len(t.rows) >= 2]
    table_lines = {i for t in tables for i in t.line_ids}
    prose = [i for i in range(len(lines)) if i not in table_lines]
    tables.sort(key=lambda t: t.first_line)
    return tables, prose
