"""Progress figures in a table of any shape: rows of projects or rows of places.

A table is a list of rows of cells. Its header is the rows above the first row with a number
in it; a column is a progress column when its header says so ("完成率", "开工率", "占计划(%)",
"完成比例", "当前进度") and not a level ("参保率"). Each data row gives a figure per progress
column:
- a row of places ("西昌市", "成 都", "合计") gives the place's figure for the project that the
  column's group header names ("在建住房" over "占计划(%)") or, failing that, the table title;
- a row of projects gives the project's figure, the row's name the project;
- a cell of prose with percentages ("已完成搬迁20612人，完成率137%") is read as prose, the
  row's name the project its subject falls back to.
When a web page dropped empty cells, a row has fewer cells than the header: its progress
figures are then its decimal or "%" numbers in order, if there are as many as progress
columns.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from parsers.located import LocText
from parsers.lookalikes import LEVEL_RATE
from parsers.prose import ProseFigure, read_paragraph

# a header that names a progress figure: "开工率", "占计划(%)", "完成比例", "1-8月实际完成率%"
PROGRESS_HEADER = regex.compile(
    r"(?:完成|开工|竣工|完工|建成|动工|下达|拨付|到位|执行|支出|投资|筹资)\S{0,6}?(?:率|比例|比|进度)"
    r"|占[\p{Han}]{0,8}(?:计划|任务|目标)|^(?:完成)?占比(?:\(%\)|%)?$|\(%\)|（%）|%$|^%|进度(?:\(%\))?$|完成情况\(%\)"
)
# a cell that is a number: "87.1%", "98.0", "100"
NUMBER = regex.compile(r"(?P<value>-?\d+(?:\.\d+)?)\s*(?P<pct>%)?")
# a serial number cell: "1", "12", "一、", "(三)"
SERIAL = regex.compile(
    r"\d{1,3}|[一二三四五六七八九十]+[、.．]?|[（(][一二三四五六七八九十\d]+[）)]"
)
# a total row: "合计", "全市", "总计：11大类56个项目"
TOTAL = regex.compile(r"^(?:合\s*计|总\s*计|全(?:市|省|州|县|区|国)|小\s*计)")
# the header of a table's name column: "县名", "市州", "项目名称", "序号", "责任单位"
LABEL_HEADER = regex.compile(r"县名|市州|地区|单位|名称|序号|省份|类别|县区|区县|项目$")
# the numbering in front of a name: "二十、", "3."
CATEGORY_PREFIX = regex.compile(r"^(?:[一二三四五六七八九十]+|\d{1,3})[、.．]")
# a row that is a part of the project above it: "其中：新建", "其中新建"
SUB_ROW = regex.compile(r"^其中[:：]?")
# a cell with a percentage inside running text
INLINE_PERCENT = regex.compile(r"\d\s*%")


@dataclass(slots=True)
class GridFigure:
    value: float
    cell: LocText
    start: int
    end: int
    project: str | None
    metric: str
    county: str | None
    category: str | None = None
    label_cell: LocText | None = None
    indicator: str | None = None


def _text(cell: LocText | None) -> str:
    return regex.sub(r"\s+", "", cell.text) if cell is not None else ""


def _is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(text))


def _data_row(row: list[LocText | None]) -> bool:
    texts = [_text(c) for c in row]
    numbers = [t for t in texts[1:] if _is_number(t)]
    prose = [t for t in texts if INLINE_PERCENT.search(t) and len(t) > 12]
    return bool(numbers) or bool(prose)


def is_progress_header(header: str) -> bool:
    return bool(PROGRESS_HEADER.search(header)) and not LEVEL_RATE.search(header)


# a category cell opening a row: "一、社保惠民"
CATEGORY_CELL = regex.compile(r"[一二三四五六七八九十]+[、.．]\S+")


def _label(row: list[LocText | None]) -> LocText | None:
    """The row's name: its first cell that is neither a serial number nor a number (after a
    category cell, "一、社保惠民 | 社保惠民5个项目合计", the cell after it)."""
    names = [c for c in row if (t := _text(c)) and not SERIAL.fullmatch(t) and not _is_number(t)]
    if len(names) >= 2 and CATEGORY_CELL.fullmatch(_text(names[0])):
        return names[1]
    return names[0] if names else None


def _named_part(row: list[LocText | None], label_cell: LocText | None) -> str | None:
    """The part of the project a row names after its project, before its numbers:
    "特殊群体健康保障 | 孕产妇免费产前筛查 | 人次 | 2800 | 90.7%" → 孕产妇免费产前筛查 (a unit
    such as "人次" or "元/月/人" is not a name)."""
    named: str | None = None
    seen_label = False
    for cell in row:
        if cell is None:
            continue
        text = _text(cell)
        if cell is label_cell:
            seen_label = True
            continue
        if seen_label and _is_number(text):
            break
        if (
            seen_label
            and 4 <= len(text) <= 30
            and not regex.search(r"[/，。；,;]|^[\d.]", text)
            and not INLINE_PERCENT.search(text)
        ):
            named = text
    return named


def _column_labels(header: list[list[str]], width: int) -> list[list[str]]:
    """Per column, the header texts over it, top first. A row with as many cells as the table
    is aligned one to one; a shorter leaf row (the last) is aligned to the right, and an upper
    row's cells beyond the leading columns are spread evenly over the leaf columns."""
    cols: list[list[str]] = [[] for _ in range(width)]
    if not header:
        return cols
    leaf = header[-1]
    lead = max(0, width - len(leaf))
    for r, row in enumerate(header):
        if len(row) >= width:
            for i in range(width):
                cols[i].append(row[i])
            continue
        if r == len(header) - 1:
            for i, cell in enumerate(row):
                cols[lead + i].append(cell)
            continue
        leading, groups = row[:lead], row[lead:]
        for i, cell in enumerate(leading):
            cols[i].append(cell)
        if groups and (width - lead) % len(groups) == 0:
            span = (width - lead) // len(groups)
            for g, cell in enumerate(groups):
                for i in range(lead + g * span, lead + (g + 1) * span):
                    cols[i].append(cell)
    return cols


def _ragged_groups(header: list[list[str]], n: int) -> list[str] | None:
    """For a table whose rows lost cells: the n group names over its n progress columns, from
    the header row above the one that names them, leading labels left out."""
    for r in range(len(header) - 1, 0, -1):
        if sum(1 for h in header[r] if is_progress_header(h)) != n:
            continue
        above = header[r - 1]
        leaf_heads = [h for h in header[r] if not is_progress_header(h)]
        groups = [
            a
            for a in above
            if not LABEL_HEADER.search(a)
            and not any(h[:2] in a or a[:2] in h for h in leaf_heads[:2])
        ]
        if len(groups) == n:
            return groups
    return None


def read_grid(
    rows: list[list[LocText | None]],
    title: str | None,
    units: object,
    publisher: str | None,
) -> tuple[list[GridFigure], list[ProseFigure], list[tuple[str, LocText]]]:
    """The figures of one table, the prose figures of its text cells, and the places its rows
    name (name, cell)."""
    rows = [r for r in rows if any(_text(c) for c in r)]
    first = next((i for i, r in enumerate(rows) if _data_row(r)), None)
    if first is None:
        return [], [], []
    header_rows = [[_text(c) for c in r if _text(c)] for r in rows[:first]]
    header_rows = [h for h in header_rows if len(h) >= 2]
    named_project: str | None = None
    if title is None:  # "地区 | 七、新建城乡社区养老服务中心": the table's project
        for h in header_rows[:2]:
            if (
                len(h) == 2
                and LABEL_HEADER.search(h[0])
                and len(h[1]) >= 6
                and not is_progress_header(h[1])
            ):
                title = named_project = CATEGORY_PREFIX.sub("", h[1])
                header_rows.remove(h)
                break
    data = rows[first:]
    width = max(len(r) for r in data)
    full = [r for r in data if len(r) == width]
    counts = [sum(1 for h in row if is_progress_header(h)) for row in header_rows]
    n_progress = max(counts, default=0)
    named_row = counts.index(n_progress) if n_progress else -1
    aligned = named_row == len(header_rows) - 1 or len(header_rows[named_row]) >= width
    cols = _column_labels(header_rows[: named_row + 1] if aligned else header_rows, width)
    progress_cols = [
        i for i, labels in enumerate(cols) if labels and is_progress_header(labels[-1])
    ]
    if not aligned:
        progress_cols = []
    groups = _ragged_groups(header_rows[: named_row + 1], n_progress) if n_progress else None
    out: list[GridFigure] = []
    prose: list[ProseFigure] = []
    places: list[tuple[str, LocText]] = []
    find = getattr(units, "whole", None)
    last_project: str | None = None
    in_sub_rows = False
    place_rows = bool(find) and any(
        (lab := _text(_label(r))) and find(lab) for r in data if _label(r) is not None
    )
    signed = {
        i
        for i in progress_cols
        if sum(1 for r in full if i < len(r) and "%" in _text(r[i])) * 2 > len(full)
    }
    for row in data:
        label_cell = _label(row)
        label = _text(label_cell)
        place = find(label) if find and label else None
        is_total = bool(TOTAL.match(label)) or (publisher is not None and label == publisher)
        if place and label_cell is not None:
            places.append((place, label_cell))
        label = label.rstrip("。；;，,")
        project_of_row = None if place or is_total else label
        first = _text(next((c for c in row if c is not None), None))
        indicator = None
        if project_of_row and (
            SUB_ROW.match(label) or (in_sub_rows and not SERIAL.fullmatch(first))
        ):
            # "其中：新建 | 5处 | 80.0": a part of the project above
            indicator, project_of_row = SUB_ROW.sub("", label), last_project
            in_sub_rows = True
        else:
            in_sub_rows = False
            last_project = project_of_row
        if project_of_row and indicator is None:
            indicator = _named_part(row, label_cell)
        picks: list[tuple[LocText, str, str | None]] = []  # cell, metric, group
        numbers = [c for c in row[1:] if c is not None and _is_number(_text(c))]
        with_sign = [c for c in numbers if "%" in _text(c)]
        heads = [h for h in header_rows[named_row] if is_progress_header(h)] if n_progress else []
        if len(row) == width and full and progress_cols:
            for i in progress_cols:
                if i in signed and "%" not in _text(row[i]) and row is data[-1]:
                    continue  # the last row's figure lost its sign: cut off with the page
                group = cols[i][-2] if len(cols[i]) >= 2 else None
                picks.append((row[i], cols[i][-1], group))  # type: ignore[arg-type]
        elif n_progress:
            # a row that lost cells: its "%" figures, else its decimals, in column order
            decimals = [c for c in numbers if "." in _text(c) or "%" in _text(c)]
            chosen = with_sign if len(with_sign) == n_progress else decimals
            if len(chosen) == n_progress:
                for k, cell in enumerate(chosen):
                    picks.append((cell, heads[k], groups[k] if groups else None))
        if (
            picks
            and with_sign
            and len(with_sign) == n_progress
            and not any("%" in _text(c) for c, _, _ in picks if c is not None)
        ):
            # the aligned columns missed the row's "%" figures: the header was misaligned
            picks = [(c, heads[k], groups[k] if groups else None) for k, c in enumerate(with_sign)]
        for cell, metric, group in picks:
            if cell is None:
                continue
            if not NUMBER.fullmatch(_text(cell)):
                continue
            m = NUMBER.search(cell.text)
            if m is None:
                continue
            # a total row of a table of places is the whole of the same project
            total_name = label if is_total and not group and not place_rows else None
            project = project_of_row or total_name or group
            cell_indicator = indicator
            if named_project and not project_of_row:
                # the header names the project: a group over the column is what is measured
                project, cell_indicator = named_project, group or indicator
            out.append(
                GridFigure(
                    value=float(m.group("value")),
                    cell=cell,
                    start=m.start(),
                    end=m.end(),
                    project=project or title,
                    metric=metric,
                    county=place,
                    category=group if project_of_row else title,
                    label_cell=label_cell,
                    indicator=cell_indicator,
                )
            )
        for i, cell in enumerate(row):
            if (
                cell is not None
                and INLINE_PERCENT.search(cell.text)
                and not _is_number(_text(cell))
            ):
                column = cols[i][-1] if len(row) == width and i < len(cols) and cols[i] else None
                name = label.rstrip("。；;") or None
                row_values = {f.value for f in out if f.label_cell is label_cell}
                for item in read_paragraph(cell, units, heading=None, default=name):
                    if item.figure.value in row_values:
                        continue  # a remark that repeats the row's own figure
                    if name and item.project != name:  # the row names the project
                        item.indicator, item.project = item.project, name
                    if column and is_progress_header(column) and not item.figure.label:
                        item.figure.metric = column  # "75%（…进度滞后）" under 当前进度
                    prose.append(item)
    return out, prose, places
