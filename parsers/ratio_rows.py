"""Rows of a table by project that a page's text ran together with their prose cells.

A table whose cells hold sentences (the year's target, the progress so far) loses its columns in
a web page's text: each row becomes one line of words and numbers,

    2 乡村道路加装护栏 实施护栏工程150公里。 4200 区交通局 已完成设计审查。 900 21.4

and the header above it is broken over several short lines. Such a row cannot be split into its
cells, but its last number can still be told for a ratio by arithmetic: it is the number before
it (done) over an earlier number of the row (the plan) × 100, as the table prints its ratios
(900 / 4200 = 21.4 %). A row of a total may be broken after its first number
("合计 98000" / "30100.5 30.7"); its numbers on the next lines are joined to it.

A table by project pasted one cell per line under a header broken over many lines ("完成目标" /
"(%)"), with group cells, responsible units over two lines and prose cells between, cannot be
counted into columns either; there the plan stands right after the row's name, and done / plan
× 100 agrees with the ratio after done.

``ratio_rows`` and ``cell_ratio_tables`` rebuild such rows into a table of two columns, the
row's name and its ratio, under the header's name and ratio cells, for the grid reader.
"""

from __future__ import annotations

import regex

from parsers.flat_tables import (
    HEADER_CELL,
    NUMBER_CELL,
    SERIAL_HEADER,
    FlatTable,
    cell_run,
    header_cell_at,
    rows_of,
)
from parsers.grids import is_progress_header
from parsers.located import LocText
from parsers.ratio_groups import UNIT_CELL, UNIT_ONLY, agrees, decimals_of

# a whitespace-separated token of a line: "52000", "城镇老旧小区改造", "占比(%"
TOKEN = regex.compile(r"\S+")
# a serial number opening a row: "1", "12", "一、", "(三)"
ROW_SERIAL = regex.compile(
    r"\d{1,3}|[一二三四五六七八九十]+[、.．]?|[（(][一二三四五六七八九十\d]+[）)]"
)
# the numbering before a group row's name: "一、市级重点民生实事" → 市级重点民生实事
GROUP_PREFIX = regex.compile(r"^[一二三四五六七八九十]+[、.．]")
# a line of numbers only, the rest of a row broken over lines: "41280.5 43.0"
NUMBERS_ONLY = regex.compile(r"\s*(?:-?\d+(?:\.\d+)?%?\s+)*-?\d+(?:\.\d+)?%?\s*")

HEADER_REACH = 14  # lines above the first row where its header is looked for
MIN_ROWS = 2


def _tokens(line: LocText) -> list[LocText]:
    return [line[m.start() : m.end()] for m in TOKEN.finditer(line.text)]


def _number(token: LocText) -> float | None:
    text = token.text
    if not NUMBER_CELL.fullmatch(text):
        return None
    return float(text.rstrip("%").strip())


def _row(tokens: list[LocText]) -> tuple[LocText, LocText] | None:
    """(name, ratio) of a row whose last number is the one before it over an earlier one."""
    if len(tokens) < 4:
        return None
    ratio, done = _number(tokens[-1]), _number(tokens[-2])
    if ratio is None or done is None:
        return None
    places = decimals_of(tokens[-1].text)
    plans = [v for t in tokens[:-2] if (v := _number(t)) is not None]
    if not any(agrees(plan, done, ratio, places) for plan in plans):
        return None
    names = [t for t in tokens if _number(t) is None and not ROW_SERIAL.fullmatch(t.text)]
    if not names or (names[0] is not tokens[0] and not ROW_SERIAL.fullmatch(tokens[0].text)):
        return None
    name = names[0]
    prefix = GROUP_PREFIX.match(name.text)
    if prefix and prefix.end() < len(name.text):
        name = name[prefix.end() :]
    return name, tokens[-1]


def _header(lines: list[LocText], first: int) -> tuple[int, LocText, LocText] | None:
    """The line the header above a row starts on, its name cell ("项目名称") and its ratio cell
    ("占比(%")."""
    name_cell: LocText | None = None
    ratio_cell: LocText | None = None
    for k in range(first - 1, max(-1, first - HEADER_REACH), -1):
        for token in reversed(_tokens(lines[k])):
            squeezed = regex.sub(r"\s+", "", token.text)
            if ratio_cell is None and is_progress_header(squeezed):
                ratio_cell = token
            elif name_cell is None and HEADER_CELL.fullmatch(squeezed):
                name_cell = token
        if name_cell is not None and ratio_cell is not None:
            return k, name_cell, ratio_cell
    return None


def ratio_rows(lines: list[LocText], used: set[int]) -> list[FlatTable]:
    """The tables of rows whose ratio is told by arithmetic, among the lines not ``used``."""
    found: list[tuple[int, set[int], LocText, LocText]] = []  # (first line, ids, name, ratio)
    i = 0
    while i < len(lines):
        if i in used or not lines[i].text.strip() or NUMBERS_ONLY.fullmatch(lines[i].text):
            i += 1
            continue
        tokens = _tokens(lines[i])
        ids = {i}
        j = i + 1
        # "合计 96000" / "" / "41280.5 43.0": the numbers of a row broken over lines
        while j < len(lines) and j not in used and j - i <= 3:
            text = lines[j].text
            if not text.strip():
                j += 1
                continue
            if not NUMBERS_ONLY.fullmatch(text) or _number(tokens[-1]) is None:
                break
            tokens += _tokens(lines[j])
            ids.update(range(i + 1, j + 1))
            j += 1
        got = _row(tokens)
        if got is None:
            i += 1
            continue
        found.append((i, ids, *got))
        i = max(ids) + 1
    tables: list[FlatTable] = []
    run: list[tuple[int, set[int], LocText, LocText]] = []
    for entry in [*found, None]:
        if entry is not None and run and entry[0] - max(run[-1][1]) <= 4:
            run.append(entry)
            continue
        if len(run) >= MIN_ROWS and (header := _header(lines, run[0][0])) is not None:
            top, name_cell, ratio_cell = header
            ids = set().union(*(r[1] for r in run))
            rows: list[list[LocText]] = [[name_cell, ratio_cell]] + [[r[2], r[3]] for r in run]
            tables.append(FlatTable(rows=rows, first_line=top, line_ids=ids))
            used.update(ids)
        run = [entry] if entry is not None else []
    return tables


# a rate as the row's own target, whose ratio is no progress: "城镇登记失业率低于(%)",
# "毕业生初次就业率(%)", "促进高校毕业生就业(%)"
RATE_ROW = regex.compile(r"率[\p{Han}]{0,3}\s*(?:[（(]%[）)])?$|[（(]%[）)]$")
# the unit a row's name ends with: "城镇新增就业(人)" → 城镇新增就业
NAME_UNIT = regex.compile(r"\s*[（(][^（）()]{1,4}[）)]$")
MIN_TOLD = 3


def _name_of(cells: list[LocText]) -> LocText | None:
    """The last cell before a row's numbers that names a thing: not a number, a serial, a
    responsible unit ("市人社局") or a unit alone ("(人)")."""
    for cell in reversed(cells):
        text = regex.sub(r"\s+", "", cell.text)
        if (
            len(text) >= 2
            and _number(cell) is None
            and not ROW_SERIAL.fullmatch(text)
            and not UNIT_CELL.search(text)
            and not UNIT_ONLY.fullmatch(text)
        ):
            if RATE_ROW.search(cell.text):
                return None  # a rate is the row's own target: its ratio is no progress
            unit = NAME_UNIT.search(cell.text)
            return cell[: unit.start()] if unit and unit.start() >= 2 else cell
    return None


def _told(cells: list[LocText]) -> list[tuple[LocText, LocText, int]]:
    """(name, ratio, index of the ratio) of the rows among a table's data cells whose ratio is
    the number before it over an earlier number of the row."""
    out: list[tuple[LocText, LocText, int]] = []
    row_start = 0
    for k, cell in enumerate(cells):
        ratio = _number(cell)
        if ratio is None or k < 2:
            continue
        done = _number(cells[k - 1])
        if done is None:
            continue
        places = decimals_of(cell.text)
        for t in range(k - 2, row_start - 1, -1):
            plan = _number(cells[t])
            if plan is None:
                continue
            if t == 0 or _number(cells[t - 1]) is not None:
                break  # the plan follows the row's name; only words stand between it and done
            if agrees(plan, done, ratio, places):
                name = _name_of(cells[row_start:t])
                if name is not None:
                    out.append((name, cell, k))
                row_start = k + 1
                break
    return out


def _aligned(table: FlatTable) -> bool:
    """Whether nearly every row of a table counted into columns is as wide as its header."""
    width = len(table.rows[0])
    data = table.rows[1:]
    return bool(data) and sum(1 for r in data if len(r) == width) * 5 >= len(data) * 4


def cell_ratio_tables(lines: list[LocText], used: set[int]) -> list[FlatTable]:
    """Tables by project set one cell per line under a header broken over many lines ("完成目标"
    / "(%)"), their rows told by arithmetic where the cells cannot be counted into columns."""
    out: list[FlatTable] = []
    i = 0
    while i < len(lines):
        if header_cell_at(lines, i, used) is None:
            i += 1
            continue
        seq = cell_run(lines, i, used, prose_cells=True)
        cells = [c for _, c in seq]
        h_end = next((k for k, c in enumerate(cells) if _number(c) is not None), len(cells))
        heads = [
            k for k in range(h_end) if is_progress_header(regex.sub(r"\s+", "", cells[k].text))
        ]
        told = _told(cells[h_end:]) if heads else []
        serial = bool(SERIAL_HEADER.fullmatch(cells[0].text.strip()))
        counted = rows_of(seq, serial=serial)
        if counted is not None and _aligned(counted):
            i = max(counted.line_ids) + 1  # a table whose cells count into columns: read so
            continue
        if len(told) < MIN_TOLD:
            i += 1
            continue
        metric = cells[heads[-1]]  # the ratio column is the last of progress: not "进度"
        if UNIT_ONLY.fullmatch(regex.sub(r"\s+", "", metric.text)) and heads[-1] > 0:
            metric = cells[heads[-1] - 1].join(metric, "")  # "完成目标" / "(%)"
        rows: list[list[LocText]] = [[cells[0], metric]] + [[n, r] for n, r, _ in told]
        last = seq[h_end + told[-1][2]][0]
        ids = set(range(seq[0][0], last + 1))
        out.append(FlatTable(rows=rows, first_line=seq[0][0], line_ids=ids))
        used.update(ids)
        i = last + 1
    return out
