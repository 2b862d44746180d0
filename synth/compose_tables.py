"""The attachment tables of a circular (附件1 province, 附件2 city items) and their facts."""

from __future__ import annotations

import calendar

from synth.catalogue_city import ABSENT_TEXTS, CITY_DEPTS
from synth.context import MonthContext
from synth.document import Cell, Row, Table, circled
from synth.model import CityRow, Project, SeriesKey
from synth.wording import CN_ORDINALS, GENERIC_METRICS, format_quantity

DONE = ("已完成全年目标任务。", "已提前完成全年目标任务。", "年度目标任务已全面完成。")
DONE_TAIL = ("，已完成全年目标任务", "，提前完成年度目标任务")
TRACKED = (
    "此指标纳入省定重点民生实事统一调度。",
    "该项纳入省定重点民生实事统一调度推进。",
    "纳入省定重点民生实事统一调度，不再单独通报。",
)
STAGE_STATUS = (
    (100.0, ("已完成建设并通过验收", "已建成投用")),
    (70.0, ("正在进行设备安装调试", "主体工程已完工")),
    (40.0, ("正在全面建设", "正在加快施工")),
    (0.0, ("已完成挂网招标", "正在开展前期工作")),
)


def _lead(ctx: MonthContext) -> str:
    last_day = calendar.monthrange(ctx.plan.year, ctx.month)[1]
    return ctx.rng.choice(
        ["", "", f"截至{ctx.month}月底，", f"{ctx.period}，", f"截至{ctx.month}月{last_day}日，"]
    )


def _metrics(ctx: MonthContext, own: tuple[str, ...]) -> tuple[str, ...]:
    return own if ctx.rng.random() < 0.75 else (*own, *GENERIC_METRICS)


def province_cell(ctx: MonthContext, p: Project) -> str:
    kind = p.spec.kind
    if kind == "completed":
        text = ctx.rng.choice(p.spec.done_texts)
        ctx.golden.completed_without_percent.append(
            {"level": "province", "project_no": p.no, "project": ctx.project_name(p), "text": text}
        )
        return text
    if kind == "stage":
        return _stage_cell(ctx, p)
    if kind == "multi":
        return _multi_cell(ctx, p)
    return _quantity_cell(ctx, p)


def _quantity_cell(ctx: MonthContext, p: Project) -> str:
    key = SeriesKey("province", p.no, 0, None, None)
    v = ctx.value(key)
    if v is None:
        text = ctx.rng.choice(ABSENT_TEXTS)
        ctx.golden.no_figure.append(
            {"level": "province", "project_no": p.no, "project": ctx.project_name(p), "text": text}
        )
        return text
    if p.silent_when_done and v >= 100.0:
        text = ctx.rng.choice(DONE)
        ctx.golden.completed_without_percent.append(
            {"level": "province", "project_no": p.no, "project": ctx.project_name(p), "text": text}
        )
        return text
    phrase = p.spec.phrase.format(q=format_quantity(p.target * v / 100, p.spec.decimals))
    reason = ctx.plan.reasons.get((key, ctx.month))
    metric_text, metric = ctx.metric(_metrics(ctx, p.spec.metrics), v)
    if p.spec.kind == "trap":
        t = ctx.rng.choice([90, 95, 98])
        trap = p.spec.trap.format(t=t)
        ctx.not_fact(t, "attachment1", f"project {p.no}: a target, not progress")
        text = f"{_lead(ctx)}{phrase}、{trap}等{ctx.rng.randint(3, 5)}项指标{metric_text}"
    elif reason:
        text = f"{reason}，{phrase}，{metric_text}"
    else:
        text = f"{_lead(ctx)}{phrase}，{metric_text}"
    behind = False
    if reason:
        text += "，环比下降"
        if ctx.behind(v):
            text += "，未达序时"
            behind = True
    elif v >= 100.0:
        text += ctx.rng.choice(DONE_TAIL)
    ctx.province_fact("attachment1", p, v, metric, behind=behind)
    text += "。"
    if p.spec.kind == "county":
        text += _county_callout(ctx, p)
    return ctx.voice(text)


def _county_callout(ctx: MonthContext, p: Project) -> str:
    units = [(u, ctx.value(SeriesKey("province", p.no, 0, None, u))) for u in p.units]
    known = [(u, v) for u, v in units if v is not None]
    if all(v >= 100.0 for _, v in known):
        return f"{len(known)}个{ctx.plan.city.unit_word}均已完成全年目标任务。"
    behind = sorted(((u, v) for u, v in known if ctx.behind(v)), key=lambda uv: uv[1])[:2]
    if not behind:
        return ctx.rng.choice(["", f"各{ctx.plan.city.unit_word}均按序时推进。"])
    for u, v in behind:
        ctx.province_fact("attachment1", p, v, "进度", county=u, behind=True)
        ctx.mention(u, "未达序时", "attachment1", "province", p.no)
    names = [ctx.county_text(u) for u, _ in behind]
    if len(behind) == 1:
        return f"其中，{names[0]}未达序时，进度为{ctx.pct(behind[0][1])}%。"
    values = "、".join(f"{ctx.pct(v)}%" for _, v in behind)
    if ctx.rng.random() < 0.5:
        return f"其中，{'、'.join(names)}未达序时，进度分别为{values}。"
    parts = [f"{n}未达序时，进度为{ctx.pct(v)}%" for n, (_, v) in zip(names, behind, strict=True)]
    return "其中，" + "；".join(parts) + "。"


def _multi_cell(ctx: MonthContext, p: Project) -> str:
    parts: list[str] = []
    for ind in p.spec.indicators:
        key = SeriesKey("province", p.no, 0, ind.name, None)
        v = ctx.value(key)
        if v is None:
            continue
        q = p.indicator_targets[ind.name] * v / 100
        phrase = ind.phrase.format(q=format_quantity(q, ind.decimals))
        reason = ctx.plan.reasons.get((key, ctx.month))
        metric_text, metric = ctx.metric(_metrics(ctx, ind.metrics), v)
        if reason:
            parts.append(f"{phrase}（{reason}），{metric_text}，环比下降")
        else:
            parts.append(f"{phrase}，{metric_text}")
        ctx.province_fact("attachment1", p, v, metric, indicator=ind.name)
    return ctx.voice(_lead(ctx) + "；".join(parts) + "。")


def _stage_status(ctx: MonthContext, v: float) -> str:
    for floor, words in STAGE_STATUS:
        if v >= floor:
            return ctx.rng.choice(words)
    return STAGE_STATUS[-1][1][0]


def _stage_cell(ctx: MonthContext, p: Project) -> str:
    groups: dict[tuple[float, str], list[str]] = {}
    for u in p.units:
        key = SeriesKey("province", p.no, 0, None, u)
        v = ctx.value(key)
        if v is None:
            continue
        reason = ctx.plan.reasons.get((key, ctx.month))
        status = reason or _stage_status(ctx, v)
        behind = bool(reason) or ctx.behind(v, 15.0)
        if behind and not reason:
            status += "，未达序时"
        groups.setdefault((v, status), []).append(u)
        ctx.province_fact("attachment1", p, v, "进度", county=u, behind=behind)
        ctx.mention(u, status.split("，")[0], "attachment1", "province", p.no)
    parts = []
    for (v, status), members in groups.items():
        names = "、".join(ctx.county_text(u) for u in members)
        parts.append(
            f"{names}{status}，{ctx.rng.choice(['进度', '进度为', '形象进度'])}{ctx.pct(v)}%"
        )
    head = f"全市{len(p.units)}个建设单元中，" if ctx.rng.random() < 0.6 else ""
    return ctx.voice(head + "；".join(parts) + "。")


def attachment1_table(ctx: MonthContext) -> Table:
    projects = ctx.plan.projects
    rows: list[Row] = []
    cells_text: dict[int, str] = {}
    carried = False
    shared = ""
    for p in projects:
        cells_text[p.no] = "" if carried else province_cell(ctx, p)
        if carried:  # shares the cell above: the same words report this project
            ctx.golden.completed_without_percent.append(
                {"level": "province", "project_no": p.no, "project": ctx.project_name(p),
                 "text": shared}
            )  # fmt: skip
        else:
            shared = cells_text[p.no]
        carried = p.merged_with_next
    prev_cat = None
    dept = ctx.dept_column
    for p in projects:
        name = ctx.project_name(p)
        progress = Cell(cells_text[p.no], merged=cells_text[p.no] == "")
        tail = [Cell(p.spec.dept)] if dept else []
        if ctx.category_column:
            label = circled(p.no) if ctx.numbering == "circled" else f"（{p.no}）"
            same = p.category_no == prev_cat
            rows.append(
                Row([
                    Cell("" if same else str(p.category_no), merged=same),
                    Cell("" if same else ctx.voice(p.category), merged=same),
                    Cell(label + name),
                    progress,
                    *tail,
                ])
            )  # fmt: skip
        else:
            if p.category_no != prev_cat:
                heading = f"{CN_ORDINALS[p.category_no - 1]}、{ctx.voice(p.category)}"
                blanks = [Cell("") for _ in range(2 + len(tail))]
                rows.append(Row([Cell(heading), *blanks], spans_all=True))
            rows.append(Row([Cell(str(p.no)), Cell(name), progress, *tail]))
        prev_cat = p.category_no
    extra = (["责任单位"], [1.4]) if dept else ([], [])
    if ctx.category_column:
        header = ["序号", "实事名称", "项目名称", "进展情况", *extra[0]]
        return Table(header, rows, [0.75, 1.6, 2.2, 5.0, *extra[1]])
    return Table(["序号", "项目名称", "进展情况", *extra[0]], rows, [0.75, 2.6, 5.6, *extra[1]])


def city_cell(ctx: MonthContext, row: CityRow) -> str:
    spec = row.spec
    name = ctx.row_name(row)
    if spec.kind == "tracked":
        text = ctx.rng.choice(TRACKED)
        ctx.golden.no_data.append(
            {"level": "city", "project_no": row.no, "project": name, "text": text,
             "province_project_no": row.tracked_project}
        )  # fmt: skip
        return text
    if spec.kind == "trap":
        t = row.trap_value
        where = "its 年度目标" if ctx.goal_column else "the item's name"
        ctx.not_fact(t or 0, "attachment2", f"city item {row.no}: a target in {where}")
    metrics = ("序时进度", "序时进度", "完成率", "进度为", "完成全年任务比")
    parts = []
    if spec.kind == "multi":
        for ind in spec.indicators:
            v = ctx.value(SeriesKey("city", row.no, row.row, ind.name, None))
            assert v is not None
            q = format_quantity(row.indicator_targets[ind.name] * v / 100, ind.decimals)
            metric_text, metric = ctx.metric(ind.metrics, v)
            parts.append(f"{ind.phrase.format(q=q)}，{metric_text}")
            ctx.fact("attachment2", "city", row.no, name, v, metric, indicator=ind.name)
        return ctx.voice(_lead(ctx) + "；".join(parts) + "。")
    v = ctx.value(SeriesKey("city", row.no, row.row, None, None))
    assert v is not None
    q = format_quantity(row.target * v / 100, spec.decimals)
    metric_text, metric = ctx.metric(metrics, v)
    text = f"{_lead(ctx)}{spec.phrase.format(q=q)}，{metric_text}"
    if v >= 100.0:
        text += ctx.rng.choice(DONE_TAIL)
    ctx.fact("attachment2", "city", row.no, name, v, metric)
    text += "。"
    if spec.kind == "county":
        text += _city_county_callout(ctx, row, name)
    return ctx.voice(text)


def _city_county_callout(ctx: MonthContext, row: CityRow, name: str) -> str:
    vals = [(u, ctx.value(SeriesKey("city", row.no, row.row, None, u))) for u in row.units]
    known = [(u, v) for u, v in vals if v is not None]
    done = [u for u, v in known if v >= 100.0][:3]
    behind = sorted(((u, v) for u, v in known if ctx.behind(v)), key=lambda uv: uv[1])[:3]
    parts = []
    if done:
        parts.append("、".join(ctx.county_text(u) for u in done) + "已全部交付，清零到位")
        for u in done:
            ctx.mention(u, "清零到位", "attachment2", "city", row.no)
    if behind:
        names = "、".join(ctx.county_text(u) for u, _ in behind)
        values = "、".join(f"{ctx.pct(v)}%" for _, v in behind)
        if len(behind) == 1:
            parts.append(f"{names}与序时进度差距较大，序时进度为{values}")
        else:
            parts.append(f"{names}与序时进度差距较大，序时进度分别为{values}")
        for u, v in behind:
            ctx.fact("attachment2", "city", row.no, name, v, "序时进度", county=u, behind=True)
            ctx.mention(u, "差距较大", "attachment2", "city", row.no)
    return ("其中，" + "；".join(parts) + "。") if parts else ""


def attachment2_table(ctx: MonthContext) -> Table:
    rows = []
    goal, dept = ctx.goal_column, ctx.dept_column
    for r in ctx.plan.city_rows:
        name = ctx.row_name(r)
        first = r.row == 0
        middle = [Cell(ctx.voice(r.goal))] if goal else []
        tail = [Cell(CITY_DEPTS[r.spec.key])] if dept else []
        rows.append(
            Row([Cell(str(r.no) if first else "", merged=not first), Cell(name), *middle,
                 Cell(city_cell(ctx, r)), *tail])
        )  # fmt: skip
    header = ["序号", "实事名称", *(["年度目标"] if goal else []), "进展情况"]
    widths = [0.75, 2.2 if goal else 3.0, *([1.8] if goal else []), 5.6]
    if dept:
        header, widths = [*header, "责任单位"], [*widths, 1.4]
    return Table(header, rows, widths)
