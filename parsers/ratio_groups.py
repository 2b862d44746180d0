"""Tables whose columns come in groups of target, done and ratio, set one cell per line.

A table of places often gives each indicator a group of columns: the target ("目标任务"), what
was done ("进度", "完成数") and their ratio ("完成比例(%)"), under a header whose leaf cells repeat
once per indicator:

    地区 / 城镇新增就业(人) / 农民工技能培训(人) / 市人社局 /
    目标任务 / 完成 / 完成比例(%) / 目标任务 / 完成 / 完成比例(%) /
    全市 / 12000 / 13080 / 109 / 900 / 954 / 106 / 甲县 / …

A web page's text sets it one cell per paragraph and drops the empty cells, so a row's cells can
no longer be counted into columns. The ratio cells are told by arithmetic instead: a run of three
numbers (target, done, ratio) whose ratio is done / target × 100 as the table prints its ratios.
``group_tables`` rebuilds such a table into a header of indicators over their ratio column and
one row per place with its ratios, for the grid reader.
"""

from __future__ import annotations

import regex

from parsers.flat_tables import HEADER_CELL, MAX_CELL, FlatTable, cell_line, is_number_cell
from parsers.grids import is_progress_header
from parsers.located import LocText

# a responsible unit named in a header, not an indicator: "市人力资源社会保障局", "团市委",
# "市妇联", "县民生办", "市总工会"
UNIT_CELL = regex.compile(r"(?:局|委|办|会|联|院|厅|中心|集团|公司|政府)$")
# a header cell that only gives the unit of the indicator above it: "(人次)", "（户）"
UNIT_ONLY = regex.compile(r"[（(][^）)]{1,4}[）)]")
# the decimals of a printed number: "103.64" → ".64"
DECIMALS = regex.compile(r"\.(\d+)")

MAX_BLOCK = 6
MIN_REPEATS = 2


def _squeeze(cell: LocText) -> str:
    return regex.sub(r"\s+", "", cell.text)


def _leaf_block(heads: list[str]) -> tuple[int, int, int] | None:
    """(start, width, repeats) of the leaf cells that repeat at the end of a header, one group
    per indicator, one of them a ratio: "目标任务 / 完成 / 完成比例(%)" × 5."""
    best: tuple[int, int, int] | None = None
    for width in range(2, MAX_BLOCK + 1):
        block = heads[len(heads) - width :]
        if len(block) < width or not any(is_progress_header(h) for h in block):
            continue
        repeats = 1
        while heads[len(heads) - (repeats + 1) * width : len(heads) - repeats * width] == block:
            repeats += 1
        if repeats >= MIN_REPEATS and (best is None or repeats * width > best[1] * best[2]):
            best = (len(heads) - repeats * width, width, repeats)
    return best


def _decimals(text: str) -> int:
    m = DECIMALS.search(text)
    return len(m.group(1)) if m else 0


def _agrees(target: float, done: float, ratio: float, decimals: int) -> bool:
    """Whether ``ratio`` is done / target × 100 rounded (or cut) to ``decimals`` places."""
    if target <= 0 or ratio <= 0:
        return False
    exact = done / target * 100
    step = 10.0**-decimals
    return -step / 2 - 1e-6 <= exact - ratio < step


def _triples(numbers: list[LocText], decimals: int | None) -> list[tuple[int, LocText]]:
    """The ratio cells of a row's numbers, left to right: each the third of a run of three
    numbers that agree. A ratio agrees to the decimals it prints; one printed whole
    ("108") to the table's ``decimals``, whose zeros it may have dropped, when given."""
    values = [float(c.text.strip().rstrip("%")) for c in numbers]
    out: list[tuple[int, LocText]] = []
    i = 0
    while i + 2 < len(values):
        places = _decimals(numbers[i + 2].text)
        if not places and decimals is not None:
            places = decimals
        if _agrees(values[i], values[i + 1], values[i + 2], places):
            out.append((i, numbers[i + 2]))
            i += 3
        else:
            i += 1
    return out


def _indicators(heads: list[LocText], repeats: int) -> list[LocText] | None:
    """The indicators over the leaf groups: the last ``repeats`` header cells that are not a
    responsible unit; the cells before them are the project and its parts."""
    names: list[LocText] = []
    for head in heads:
        text = _squeeze(head)
        if UNIT_CELL.search(text):
            continue
        if UNIT_ONLY.fullmatch(text) and names:
            names[-1] = names[-1].join(head, sep="")
            continue
        names.append(head)
    if len(names) < repeats:
        return None
    return names[len(names) - repeats :]


def _level(indicator: LocText) -> bool:
    """An indicator measured as a rate ("城镇登记失业率低于(%)") has no ratio column."""
    return bool(regex.search(r"\(%\)|（%）|率", _squeeze(indicator)))


def _read_table(seq: list[tuple[int, LocText]], *, at_end: bool) -> FlatTable | None:
    cells = [c for _, c in seq]
    first_number = next((k for k, c in enumerate(cells) if is_number_cell(c)), None)
    if first_number is None or first_number < 3:
        return None
    name_at = first_number - 1  # the first row's name closes the header
    heads = [_squeeze(c) for c in cells[:name_at]]
    found = _leaf_block(heads)
    if found is None:
        return None
    leaf_start, width, repeats = found
    indicators = _indicators(cells[1:leaf_start], repeats)
    if indicators is None:
        return None
    ratio_head = next(  # the last of the group's progress cells: "进度" is what was done
        cells[leaf_start + k]
        for k in range(width - 1, -1, -1)
        if is_progress_header(heads[leaf_start + k])
    )
    rows: list[tuple[LocText, list[LocText]]] = []
    ids = [seq[k][0] for k in range(name_at)]
    for k in range(name_at, len(cells)):
        cell = cells[k]
        if is_number_cell(cell):
            if not rows:
                break
            rows[-1][1].append(cell)
        elif HEADER_CELL.fullmatch(_squeeze(cell)) or len(_squeeze(cell)) > MAX_CELL:
            break  # the header of the next table, or a line of prose
        else:
            rows.append((cell, []))
        ids.append(seq[k][0])
    # the table's precision is that of the ratios it prints with decimals
    loose = [t for _, numbers in rows for _, t in _triples(numbers, None)]
    decimals = max((_decimals(t.text) for t in loose), default=0)
    counted = [i for i in indicators if not _level(i)]
    empty = LocText.empty()
    table: list[list[LocText]] = [
        [cells[0], *indicators],
        [cells[0], *([ratio_head] * len(indicators))],
    ]
    kept = 0
    for r, (name, numbers) in enumerate(rows):
        runs = _triples(numbers, decimals)
        found_ratios = [cell for _, cell in runs]
        row = [name, *([empty] * len(indicators))]
        if len(found_ratios) == len(indicators):
            slots = list(range(len(indicators)))
        elif len(found_ratios) == len(counted):
            slots = [indicators.index(i) for i in counted]
        elif at_end and r == len(rows) - 1:
            # the text was cut inside its last row: the runs from its start, one per indicator
            slots = []
            for k, (start, _) in enumerate(runs):
                if start != 3 * k or _level(indicators[k]):
                    break
                slots.append(k)
        else:
            slots = []  # which indicators the ratios belong to is not known
        for slot, ratio in zip(slots, found_ratios, strict=False):
            row[1 + slot] = ratio
            kept += 1
        table.append(row)
    if kept == 0:
        return None
    return FlatTable(rows=table, first_line=seq[0][0], line_ids=set(range(seq[0][0], max(ids) + 1)))


def group_tables(lines: list[LocText]) -> list[FlatTable]:
    """The tables of ``lines`` whose indicators each have a target, done and ratio group."""
    out: list[FlatTable] = []
    i = 0
    while i < len(lines):
        first = cell_line(lines[i])
        if not isinstance(first, LocText) or not HEADER_CELL.fullmatch(_squeeze(first)):
            i += 1
            continue
        seq: list[tuple[int, LocText]] = []
        j = i
        while j < len(lines):
            got = cell_line(lines[j])
            if got is None or (
                seq and isinstance(got, LocText) and HEADER_CELL.fullmatch(_squeeze(got))
            ):
                break
            if isinstance(got, LocText):
                seq.append((j, got))
            j += 1
        table = _read_table(seq, at_end=j >= len(lines))
        if table is None:
            i += 1
            continue
        out.append(table)
        i = max(table.line_ids) + 1
    return out
