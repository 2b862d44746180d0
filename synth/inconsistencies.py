"""Plant figures that do not add up in a generated year, one of each rule ``figure_checks`` knows,
and say where: the ground truth of ``minsheng audit``.

The generator's own figures agree (a printed percentage is the done count over the target,
rounded); each plant edits one cell or sentence of one month:

- ratio: a city item's percentage raised by 4 points, its count and target kept (last month);
- over_100: a province project's percentage raised by 150 points, with no note (last month);
- direction: a province project's count set below the month before while its % still rises;
- county_share: a county's count larger than the whole's, written into its breakdown;
- county_sum: two counties' counts that each stay below the whole but add up to more;
- body_vs_table: the body's figure of a lagging project printed 1.5 points off the attachment's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import regex

from synth.document import CIRCLED, Cell, Para, Table
from synth.model import Circular, YearCorpus

# a percentage of a progress cell: "进度为 64.03%", "完成率71.03%"
PERCENT = regex.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)%")
# a count with its unit: "403 套", "64 条"
COUNT = regex.compile(r"(?<![\d.])(\d+) ?(套|户|个|条|人|所|间|座|处|家|公里|名)(?![县区市月])")
# a county breakdown of one county per figure: "其中，衡东未达序时，进度为 44.19%"
ONE_COUNTY = regex.compile(r"(?:其中，|；)(?P<county>[\p{Han}]{2,4}?)(?P<rest>未达序时，进度为 )")
# a lagging project's figure in the body: "“村卫生室标准化建设”项目耒阳市未达序时，进度为 44.13%"
BODY_FIGURE = regex.compile(r"“(?P<name>[^”]+)”项目[^。“]*?进度为 ?(?P<pct>[0-9０-９.．]+)[%％]")
# the header of the progress column: "进展情况", "完成情况", "工作进展"
PROGRESS_HEAD = regex.compile(r"进展|情况")
# a note that makes a percentage above 100 expected: "已完成全年目标任务"
NOTE = regex.compile(r"完成全年|超额|超过|提前|已完成|任务的|目标的|计划的")
# the number a province project's name starts with: "②", "（2）", "2."
NAME_NUMBER = regex.compile(
    r"^\s*(?:(?P<circled>[①-⑳㉑-㉟])|[（(](?P<n>\d+)[）)]|(?P<n>\d+)[.．、])"
)
FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
HALF_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
RULES = ("ratio", "over_100", "direction", "county_share", "county_sum", "body_vs_table")


@dataclass
class _Row:
    level: str
    project_no: int
    name: str
    cell: Cell


def _rows(circular: Circular) -> Iterator[_Row]:
    """The project rows of both attachments: a table whose header names 项目 lists the province
    projects, the other the city items; the progress column is the one headed 进展 or 情况, the
    name stands left of it; a row's number is the one its name starts with ("②", "（2）") or
    else its 序号 cell (blank under the same number)."""
    for table in (b for b in circular.document.blocks if isinstance(b, Table)):
        level = "province" if any("项目" in h for h in table.header) else "city"
        where = next((i for i, h in enumerate(table.header) if PROGRESS_HEAD.search(h)), None)
        if where is None or where == 0:
            continue
        number = 0
        for row in table.rows:
            if row.spans_all or len(row.cells) < len(table.header):
                continue
            name, progress = row.cells[where - 1].text, row.cells[where]
            own = NAME_NUMBER.match(name)
            if own:
                number = CIRCLED.index(own["circled"]) + 1 if own["circled"] else int(own["n"])
            elif row.cells[0].text.strip().isdigit():
                number = int(row.cells[0].text)
            elif level == "province":
                continue
            if number:
                yield _Row(level, number, name, progress)


def _bare(name: str) -> str:
    return NAME_NUMBER.sub("", name).strip()


def _figure(value: float, like: str) -> str:
    decimals = len(like.split(".", 1)[1]) if "." in like else 0
    return f"{value:.{decimals}f}"


def _body_text(circular: Circular) -> str:
    return "\n".join(b.text for b in circular.document.blocks if isinstance(b, Para))


def _quoted_in_body(circular: Circular, figure: str) -> bool:
    body = _body_text(circular)
    return figure + "%" in body or (figure + "%").translate(FULL_WIDTH) in body


def _simple(row: _Row, circular: Circular) -> tuple[regex.Match, regex.Match] | None:
    """The one count and the one percentage of a cell with no breakdown and no note."""
    text = row.cell.text
    counts, percents = COUNT.findall(text), list(PERCENT.finditer(text))
    if len(counts) != 1 or len(percents) != 1 or "其中" in text or NOTE.search(text):
        return None
    if _quoted_in_body(circular, percents[0][1]):
        return None
    return COUNT.search(text), percents[0]  # type: ignore[return-value]


def _flag(rule: str, circular: Circular, row: _Row, **detail: Any) -> dict[str, Any]:
    return {
        "rule": rule,
        "period_end_month": circular.month,
        "level": row.level,
        "project_no": row.project_no,
        **detail,
    }


def _set_golden(circular: Circular, row: _Row, old: float, new: float) -> None:
    for fact in circular.golden["facts"]:
        if (
            fact["level"] == row.level
            and fact["project_no"] == row.project_no
            and abs(fact["value"] - old) < 1e-9
        ):
            fact["value"] = new


def _plant_ratio(circular: Circular, used: set) -> dict[str, Any]:
    for row in _rows(circular):
        got = _simple(row, circular)
        if row.level != "city" or got is None or not COUNT.search(row.name) or row.name in used:
            continue
        _, pct = got
        old = float(pct[1])
        if old >= 90:
            continue
        new = _figure(old + 4, pct[1])
        row.cell.text = row.cell.text[: pct.start(1)] + new + row.cell.text[pct.end(1) :]
        _set_golden(circular, row, old, float(new))
        used.add(row.name)
        return _flag("ratio", circular, row, stated=float(new))
    raise ValueError(f"no city item to plant a ratio in, month {circular.month}")


def _plant_over(circular: Circular, used: set) -> dict[str, Any]:
    for row in _rows(circular):
        got = _simple(row, circular)
        if row.level != "province" or got is None or row.name in used:
            continue
        _, pct = got
        old = float(pct[1])
        if old >= 100:
            continue
        new = _figure(old + 150, pct[1])
        row.cell.text = row.cell.text[: pct.start(1)] + new + row.cell.text[pct.end(1) :]
        _set_golden(circular, row, old, float(new))
        used.add(row.name)
        return _flag("over_100", circular, row, stated=float(new))
    raise ValueError(f"no province project to plant a figure above 100 in, month {circular.month}")


def _plant_direction(circular: Circular, before: Circular, used: set) -> dict[str, Any]:
    earlier = {_bare(r.name): r for r in _rows(before)}
    for row in _rows(circular):
        got = _simple(row, circular)
        prev = earlier.get(_bare(row.name))
        if row.level != "province" or got is None or prev is None or row.name in used:
            continue
        prev_got = _simple(prev, before)
        if prev_got is None or prev_got[0][2] != got[0][2]:
            continue
        count, pct = got
        prev_count, prev_pct = prev_got
        if float(pct[1]) <= float(prev_pct[1]) + 0.5 or int(prev_count[1]) < 20:
            continue
        lowered = str(int(prev_count[1]) - max(2, int(prev_count[1]) // 20))
        row.cell.text = row.cell.text[: count.start(1)] + lowered + row.cell.text[count.end(1) :]
        used.add(row.name)
        return _flag("direction", circular, row, done=float(lowered))
    raise ValueError(f"no project to plant a falling count in, month {circular.month}")


def _plant_counties(circular: Circular, rule: str, used: set) -> dict[str, Any]:
    wanted = 1 if rule == "county_share" else 2
    for row in _rows(circular):
        text = row.cell.text
        head = text.split("。其中", 1)[0]
        counts = COUNT.findall(head)
        hits = list(ONE_COUNTY.finditer(text))
        if row.name in used or len(counts) != 1 or len(PERCENT.findall(head)) != 1:
            continue
        if len(hits) < wanted:
            continue
        whole, unit = int(counts[0][0]), counts[0][1]
        if whole < 20:
            continue
        if rule == "county_share":
            parts = [whole + max(5, whole // 10)]
        else:
            parts = [whole * 6 // 10, whole * 6 // 10]
        for hit, part in reversed(list(zip(hits[:wanted], parts, strict=True))):
            at = hit.start("rest")
            text = f"{text[:at]}完成 {part} {unit}，{text[at:]}"
        row.cell.text = text
        used.add(row.name)
        return _flag(rule, circular, row, parts=parts, whole=whole)
    raise ValueError(f"no county breakdown to plant {rule} in, month {circular.month}")


def _plant_body(circular: Circular) -> dict[str, Any]:
    cells = {r.cell.text: r for r in _rows(circular)}
    for block in circular.document.blocks:
        if not isinstance(block, Para) or block.kind != "body":
            continue
        for run in block.runs:
            for m in BODY_FIGURE.finditer(run.text):
                ascii_pct = m["pct"].translate(HALF_WIDTH)
                row = next(
                    (r for t, r in cells.items() if m["name"] in r.name and ascii_pct + "%" in t),
                    None,
                )
                if row is None:
                    continue
                new = _figure(float(ascii_pct) + 1.5, ascii_pct)
                if m["pct"] != ascii_pct:
                    new = new.translate(FULL_WIDTH)
                run_text = run.text[: m.start("pct")] + new + run.text[m.end("pct") :]
                block.runs[block.runs.index(run)] = type(run)(run_text, run.bold)
                return _flag("body_vs_table", circular, row, stated=float(ascii_pct) + 1.5)
    raise ValueError(f"no body figure of a project to plant a misprint in, month {circular.month}")


def _somewhere(months: list[int], plant: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
    for month in months:
        try:
            return plant(month)
        except ValueError:
            continue
    raise ValueError(f"no month of {months} to plant in: {plant.__name__}")


def plant_inconsistencies(corpus: YearCorpus) -> list[dict[str, Any]]:
    """Edit ``corpus`` so each rule is broken once (it needs four months or more); returns the
    flags ``minsheng audit`` should give: rule, period_end_month, level, project_no.

    A percentage is changed only in the last month (a later month would then look like a fall),
    a count only where the month after it still rises above it. Raises ``ValueError`` when the
    year has nowhere to plant one of them."""
    months = sorted(c.month for c in corpus.circulars)
    if len(months) < 4:
        raise ValueError("planting every inconsistency needs four months or more")
    at = {c.month: c for c in corpus.circulars}
    used: set[str] = set()
    last, earlier = months[-1], months[:-1]
    previous = dict(zip(months[1:], months[:-1], strict=True))

    def ratio(month: int) -> dict[str, Any]:
        return _plant_ratio(at[month], used)

    def over_100(month: int) -> dict[str, Any]:
        return _plant_over(at[month], used)

    def direction(month: int) -> dict[str, Any]:
        return _plant_direction(at[month], at[previous[month]], used)

    def county_share(month: int) -> dict[str, Any]:
        return _plant_counties(at[month], "county_share", used)

    def county_sum(month: int) -> dict[str, Any]:
        return _plant_counties(at[month], "county_sum", used)

    def body_vs_table(month: int) -> dict[str, Any]:
        return _plant_body(at[month])

    flags = [
        _somewhere([last], ratio),
        _somewhere([last], over_100),
        _somewhere(list(reversed(earlier[1:])), direction),
        _somewhere(list(reversed(earlier)), county_share),
        _somewhere(earlier, county_sum),
        _somewhere(earlier, body_vs_table),
    ]
    return sorted(flags, key=lambda f: (f["period_end_month"], f["rule"]))
