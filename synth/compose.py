"""Compose one month's circular from a planned year: the document and its ground truth."""

from __future__ import annotations

import datetime as dt
from typing import Any

from synth import compose_body as body
from synth import prose
from synth.compose_tables import attachment1_table, attachment2_table
from synth.context import MonthContext
from synth.document import Document, PageBreak, Para, Run, para
from synth.model import Circular, YearPlan
from synth.wording import HEADER_VARIANTS, SALUTATIONS, chinese_date, title_text

ATTACHMENT_LABELS = ("附件{n}", "附件 {n}", "附件{cn}", "附件{n}：")
TABLE_TITLES = (
    "全市{p}重点民生实事项目进度表（{kind}）",
    "{p}全市民生可感行动项目推进情况表（{kind}项目）",
    "{city}{p}{kind}重点民生实事项目推进情况表",
)
STAMPS = ("（{city}发展和改革委员会代章）", "（{city}人民政府办公室代章）")


def issued_date(plan: YearPlan, month: int) -> dt.date:
    rng_day = 5 + (plan.seed * 7 + month * 3) % 14
    if month == 12:
        return dt.date(plan.year + 1, 1, rng_day)
    return dt.date(plan.year, month + 1, rng_day)


def issue_no(month: int) -> int:
    """The circular's number in the year's series: the first covers January and February."""
    return max(month - 1, 1)


def stem_for(city: str, year: int, month: int) -> str:
    return f"{city}-{year}-{month:02d}"


def compose_circular(plan: YearPlan, month: int) -> Circular:
    ctx = MonthContext(plan, month)
    rng = ctx.rng
    city = plan.city.name
    title = title_text(rng, ctx.period, city)
    issued = issued_date(plan, month)

    table1 = attachment1_table(ctx)
    table2 = attachment2_table(ctx)
    if rng.random() < 0.25:  # this office names its columns its own way
        names = {k: rng.choice(v) for k, v in HEADER_VARIANTS.items()}
        for table in (table1, table2):
            table.header = [names.get(h, h) for h in table.header]

    blocks: list[Any] = [
        para(plan.issuer, "issuer", bold=True),
        *([para(f"第{issue_no(month)}期", "issue")] if rng.random() < 0.4 else []),
        para(ctx.voice(title), "title", bold=True),
        para(rng.choice(SALUTATIONS).format(units=plan.city.unit_word), "salutation"),
        para(ctx.voice(rng.choice(prose.OPENINGS).format(period=ctx.period, city=city))),
    ]
    sections = [body.progress_section, body.measures_section]
    if rng.random() < 0.7:
        sections.append(body.highlights_section)
    sections += [body.problems_section, body.plans_section]
    for ordinal, section in enumerate(sections, start=1):
        blocks += section(ctx, ordinal)

    kinds = (("省定", 1, "一"), ("市定", 2, "二"))
    table_tmpl = rng.choice(TABLE_TITLES)
    table_titles = [
        ctx.voice(table_tmpl.format(p=ctx.period, kind=k, city=city)) for k, _, _ in kinds
    ]
    blocks.append(para(f"附件：1. {table_titles[0]}"))
    blocks.append(para(f"2. {table_titles[1]}"))
    blocks.append(para(plan.issuer, "signature"))
    if rng.random() < 0.4:
        blocks.append(para(rng.choice(STAMPS).format(city=city), "signature"))
    date_text = f"{issued.year}年{issued.month}月{issued.day}日"
    if rng.random() < 0.2:
        date_text = chinese_date(issued.year, issued.month, issued.day)
    blocks.append(para(date_text, "date"))
    if rng.random() < 0.3:
        blocks.append(para(prose.COPY_TO, "salutation"))
        printed = f"{issued.year}年{issued.month}月{issued.day}日印发"
        blocks.append(para(f"{plan.issuer}　　{printed}", "salutation"))
    label_tmpl = rng.choice(ATTACHMENT_LABELS)
    for (_, n, cn), tt, table in zip(kinds, table_titles, (table1, table2), strict=True):
        blocks.append(PageBreak())
        blocks.append(Para([Run(label_tmpl.format(n=n, cn=cn), rng.random() < 0.6)], "label"))
        blocks.append(para(tt, "table_title", bold=True))
        blocks.append(table)

    doc = Document(
        blocks,
        faux_bold=rng.random() < 0.4,
        page_numbers=rng.random() < 0.7,
        bold_marks=rng.random() < 0.7,
        rows_break=rng.random() < 0.5,
        cell_paragraphs=rng.random() < 0.5,
        repeat_header=rng.random() < 0.8,
    )
    stem = stem_for(city, plan.year, month)
    golden = _golden(ctx, stem, title, issued)
    return Circular(month, stem, doc, golden)


def _golden(ctx: MonthContext, stem: str, title: str, issued: dt.date) -> dict[str, Any]:
    g = ctx.golden
    return {
        "document": stem,
        "meta": {
            "city": ctx.plan.city.name,
            "year": ctx.plan.year,
            "period_start_month": 1,
            "period_end_month": ctx.month,
            "issued": issued.isoformat(),
            "issuer": ctx.plan.issuer,
            "title": title,
        },
        "facts": g.body + g.attachment1 + g.attachment2,
        "county_scores": g.county_scores,
        "county_mentions": g.county_mentions,
        "completed_without_percent": sorted(
            g.completed_without_percent, key=lambda d: d["project_no"]
        ),
        "no_data": g.no_data,
        "no_figure": g.no_figure,
        "not_facts": g.not_facts,
    }
