"""The body of a circular: sections 一 to 五, where body figures repeat attachment figures."""

from __future__ import annotations

from typing import Any

from synth import prose
from synth.context import MonthContext
from synth.document import Para, Run, para
from synth.model import Project
from synth.wording import CN_ORDINALS

SUB = ("（一）", "（二）", "（三）", "（四）", "（五）")


def _heading(ctx: MonthContext, ordinal: int, key: int) -> Para:
    text = ctx.rng.choice(prose.HEADINGS[key])
    return para(CN_ORDINALS[ordinal - 1] + "、" + text.split("、", 1)[1], "heading", bold=True)


def _repeat(ctx: MonthContext, fact: dict[str, Any], metric: str = "进度") -> None:
    body = dict(fact, section="body", metric=metric)
    ctx.golden.body.append(body)


def _project(ctx: MonthContext, no: int) -> Project:
    return next(p for p in ctx.plan.projects if p.no == no)


def progress_section(ctx: MonthContext, ordinal: int) -> list[Para]:
    g = ctx.golden
    n = len(ctx.plan.projects)
    done = {d["project_no"] for d in g.completed_without_percent}
    by_project: dict[int, list[float]] = {}
    for f in g.attachment1:
        if f["county"] is None:
            by_project.setdefault(f["project_no"], []).append(f["value"])
    done |= {no for no, vs in by_project.items() if vs and min(vs) >= 100.0}
    behind = [f for f in g.attachment1 if f["status"] == "behind_schedule"]
    text = (
        f"（一）省定项目进展。截至{ctx.month}月底，全市{n}个省定重点民生实事项目中，"
        f"{len(done)}个已完成全年目标任务，{n - len(done)}个正在按计划推进"
    )
    if behind:
        f = ctx.rng.choice(behind[:3])
        p = _project(ctx, f["project_no"])
        who = ctx.county_text(f["county"]) if f["county"] else ""
        text += f"，其中“{ctx.project_name(p)}”项目{who}未达序时，进度为{ctx.pct(f['value'])}%"
        _repeat(ctx, f)
        if f["county"]:
            ctx.mention(f["county"], "未达序时", "body", "province", p.no)
    text += "。"
    averages = [v for vs in by_project.values() for v in vs]
    if averages and ctx.rng.random() < 0.3:
        mean = round(sum(averages) / len(averages), 2)
        text += (
            f"全市省定项目平均进度为{ctx.pct(mean)}%，较上期提高{ctx.rng.randint(3, 12)}个百分点。"
        )
        ctx.not_fact(mean, "body", "an average over all projects, not one project's progress")
    text = ctx.voice(text + "（详见附件1）")
    if ctx.rng.random() < 0.15:
        text = ctx.voice.full_width(text)
    rows = ctx.plan.city_rows
    items = len({r.no for r in rows})
    tracked = len([r for r in rows if r.spec.kind == "tracked"])
    city_done = len({f["project_no"] for f in g.attachment2 if f["value"] >= 100.0})
    text2 = ctx.voice(
        f"（二）市定项目进展。全市{items}件市定重点民生实事中，{city_done}件已完成全年目标任务，"
        f"{tracked}件纳入省定项目统一调度，其余按序时推进。（详见附件2）"
    )
    return [_heading(ctx, ordinal, 1), para(text), para(text2)]


def measures_section(ctx: MonthContext, ordinal: int) -> list[Para]:
    out = [_heading(ctx, ordinal, 2)]
    picks = ctx.rng.sample(prose.MEASURES, 3)
    for i, (lead, body) in enumerate(picks):
        text = ctx.voice(body.format(n=ctx.rng.randint(4, 60)))
        out.append(Para([Run(f"{SUB[i]}{lead}。", ctx.rng.random() < 0.5), Run(text)]))
    if ctx.rng.random() < 0.5:
        r = ctx.rng.choice([98, 99, 100])
        ctx.not_fact(r, "body", "a rate of handling public comments, not a project's progress")
        out.append(para(ctx.voice(prose.COMMENTS_RATE.format(n=ctx.rng.randint(800, 9000), r=r))))
    return out


def highlights_section(ctx: MonthContext, ordinal: int) -> list[Para]:
    out = [_heading(ctx, ordinal, 3)]
    counties = ctx.rng.sample([c.name for c in ctx.plan.city.counties], 2)
    for county, tmpl in zip(counties, ctx.rng.sample(prose.HIGHLIGHTS, 2), strict=True):
        text = tmpl.format(county=county, n=ctx.rng.randint(3, 400))
        out.append(Para([Run(county, ctx.rng.random() < 0.4), Run(ctx.voice(text[len(county) :]))]))
        ctx.mention(county, "特色亮点", "body", None, None)
    if ctx.rng.random() < 0.4:
        county = ctx.rng.choice([c.name for c in ctx.plan.city.counties])
        x = round(ctx.rng.uniform(100.5, 118.0), 2)
        y1 = ctx.plan.year
        text = prose.CUMULATIVE_HIGHLIGHT.format(
            county=county, y0=y1 - 3, y1=y1, n=ctx.rng.randint(600, 3000), x=ctx.pct(x)
        )
        ctx.not_fact(x, "body", "a multi-year cumulative figure in the highlights", county=county)
        out.append(para(ctx.voice(text)))
    return out


def _drop_sentences(ctx: MonthContext) -> list[str]:
    sentences = []
    for e in ctx.plan.events:
        if e.kind != "drop" or e.month != ctx.month or e.key is None:
            continue
        key = e.key
        p = _project(ctx, key.project_no)
        name = ctx.project_name(p)
        fact = next(
            f for f in ctx.golden.attachment1
            if f["project_no"] == key.project_no and f["indicator"] == key.indicator
            and f["county"] == key.county
        )  # fmt: skip
        v = ctx.pct(fact["value"])
        reason = e.detail["reason"]
        prev = ctx.plan.values[key][e.detail["from_month"]]
        change = "，环比下降"
        if prev is not None and ctx.rng.random() < 0.3:
            change = f"，由上期的{ctx.pct(prev)}%调减至{v}%"
            ctx.not_fact(prev, "body", "the previous period's figure of a project that fell")
        tail = "，未达序时推进要求" if fact["status"] else ""
        if key.county:
            who = ctx.county_text(key.county)
            s = f"{who}“{name}”{reason}，进度为{v}%{change}{tail}"
        elif key.indicator:
            s = f"“{name}”中“{key.indicator}”指标{reason}，完成率为{v}%{change}"
        else:
            s = f"{p.spec.dept}牵头的“{name}”项目{reason}，进度为{v}%{change}{tail}"
        if change.startswith("，由"):
            s = s.replace(f"，进度为{v}%", "").replace(f"，完成率为{v}%", "")
        _repeat(ctx, fact, "进度" if not key.indicator else "完成率")
        sentences.append(s)
    return sentences


def _lagging_units(ctx: MonthContext) -> str:
    """Counties behind schedule, by project, each with its figure in brackets (half the time)."""
    behind = [f for f in ctx.golden.attachment1 if f["status"] and f["county"]]
    if not behind or ctx.rng.random() < 0.5:
        return ""
    by_project: dict[int, list[dict[str, Any]]] = {}
    for f in behind:
        by_project.setdefault(f["project_no"], []).append(f)
    parts = []
    for no, facts in list(by_project.items())[:2]:
        p = _project(ctx, no)
        units = "、".join(
            f"{ctx.county_text(f['county'])}（{ctx.pct(f['value'])}%）" for f in facts
        )
        parts.append(f"“{ctx.project_name(p)}”项目中，{units}进度未达序时")
        for f in facts:
            _repeat(ctx, f)
            ctx.mention(f["county"], "未达序时", "body", "province", no)
    return "；".join(parts) + "，需加快推进。"


def problems_section(ctx: MonthContext, ordinal: int) -> list[Para]:
    out = [_heading(ctx, ordinal, 4)]
    sub = 0
    drops = _drop_sentences(ctx)
    if drops:
        out.append(
            Para(
                [
                    Run(f"{SUB[sub]}个别项目进度核减。", True),
                    Run(ctx.voice("；".join(drops) + "。")),
                ]
            )
        )
        sub += 1
    lagging = _lagging_units(ctx)
    if lagging:
        out.append(Para([Run(f"{SUB[sub]}部分项目推进滞后。", True), Run(ctx.voice(lagging))]))
        sub += 1
    if ctx.rng.random() < 0.6:
        out.append(_scores(ctx, SUB[sub]))
        sub += 1
    lead, body = ctx.rng.choice(prose.PROBLEMS)
    out.append(Para([Run(f"{SUB[sub]}{lead}。"), Run(body)]))
    return out


def _scores(ctx: MonthContext, label: str) -> Para:
    scores = ctx.plan.scores[ctx.month]
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    full = [c for c, s in ordered if s >= 6.0]
    good = [(c, s) for c, s in ordered if 4.5 <= s < 6.0]
    poor = [(c, s) for c, s in ordered if s < 4.5]
    for c, s in ordered:
        ctx.golden.county_scores.append(
            {"county": c, "metric": "信息公开", "value": s, "unit": "分"}
        )

    def listed(group: list[tuple[str, float]]) -> str:
        return "、".join(f"{ctx.county_text(c)}（{s:g}分）" for c, s in group)

    text = (
        "按省平台数据测算，信息公开指标满分为6分，"
        + "、".join(map(ctx.county_text, full))
        + "已得满分"
    )
    for c in full:
        ctx.mention(c, "已得满分", "body", None, None)
    if good:
        text += f"；{listed(good)}完成情况较好"
        for c, _ in good:
            ctx.mention(c, "完成情况较好", "body", None, None)
    if poor:
        text += f"；{listed(poor)}得分偏低"
        for c, _ in poor:
            ctx.mention(c, "得分偏低", "body", None, None)
    return Para([Run(f"{label}信息公开工作不够均衡。", True), Run(ctx.voice(text + "。"))])


def plans_section(ctx: MonthContext, ordinal: int) -> list[Para]:
    out = [_heading(ctx, ordinal, 5)]
    plans = ctx.rng.sample(prose.PLANS, 3)
    rule_at = ctx.rng.randrange(3) if ctx.rng.random() < 0.7 else -1
    for i, text in enumerate(plans):
        if i == rule_at:
            r = ctx.rng.choice([5, 10, 15])
            nxt = ctx.month % 12 + 1
            text = text.rstrip("。") + prose.PLAN_RULE.format(next=nxt, r=r) + "。"
            ctx.not_fact(r, "body", f"a rule: 差距不得超过{r}%")
        if i == 2 and ctx.rng.random() < 0.3:
            text += prose.PLAN_TARGET
            ctx.not_fact(100, "body", "a target for the year end, not progress")
        out.append(para(ctx.voice(f"{CN_ORDINALS[i]}是{text}")))
    return out
