"""Wordings first met in circulars written without sight of the parser: cumulative completion,
counties ranked by a metric, and a "均未达序时" that speaks of a county list only."""

from __future__ import annotations

import pytest

import parsers
from parsers.blocks import document_from_text
from parsers.counties import UnitLexicon
from parsers.metrics import canonical_metric
from parsers.percentages import assign_indicators, read_figures
from schemas.extracted import TableRow

B = "behind_schedule"


@pytest.mark.parametrize(
    ("label", "metric"),
    [
        ("累计完成", "完成率"),
        ("共计完成", "完成率"),
        ("全市累计完成", "完成率"),
        ("已完成", "完成率"),
        ("完成", "完成率"),
        ("完成年度计划的", "年度计划完成率"),
        ("项目总体进度", "总体进度"),
    ],
)
def test_metric_of_a_cumulative_label(label: str, metric: str) -> None:
    assert canonical_metric(label) == metric


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # counties ranked by a metric take that metric, not the project total's
        (
            "项目总体进度达84.3%，进度排名后三位的是道县（61.2%）、新田县（70.5%）。",
            [(84.3, "总体进度", []), (61.2, "进度", ["道县"]), (70.5, "进度", ["新田县"])],
        ),
        (
            "完成率为80%，完成率排名靠后的为：祁阳市（62%）、宁远县（64%）。",
            [(80.0, "完成率", []), (62.0, "完成率", ["祁阳市"]), (64.0, "完成率", ["宁远县"])],
        ),
        # without a ranking the counties take the metric before them
        (
            "形象进度为75%，其中道县60%、宁远县65%。",
            [(75.0, "形象进度", []), (60.0, "形象进度", ["道县"]), (65.0, "形象进度", ["宁远县"])],
        ),
    ],
)
def test_metric_of_ranked_counties(text: str, expected: list[tuple]) -> None:
    units = UnitLexicon("永州市")
    figures = read_figures(text, units)
    assign_indicators(text, figures, units)
    assert [(f.value, f.metric, f.counties) for f in figures] == expected


BODY_TEMPLATE = """永州市民生实事工作领导小组办公室

关于全市1-6月民生实事进展情况的通报

各县区人民政府：

一、总体情况

{body}

永州市民生实事工作领导小组办公室
2024年7月5日

附件1

全市1-6月省定民生实事进展情况表

序号\t项目名称\t进展情况
1\t农村公路提质改造\t{cell}
"""


@pytest.mark.parametrize(
    ("body", "cell", "statuses"),
    [
        # "均未达序时" after a list of counties is said of the counties, not of the project
        (
            "农村公路提质改造项目进度达54%，道县41%、新田县43.5%，均未达序时。",
            "进度54%；道县41%、新田县43.5%，均未达序时。",
            {(None, 54.0): None, ("道县", 41.0): B, ("新田县", 43.5): B},
        ),
        (
            "农村公路提质改造项目进度排名后两位的是道县（41%）、新田县（43.5%），均滞后于序时。",
            "进度54%；道县41%、新田县43.5%。",
            {(None, 54.0): None, ("道县", 41.0): B, ("新田县", 43.5): B},
        ),
        # after a unit-wide figure it is said of the project as well
        (
            "农村公路提质改造项目开工率为90%，进度为40%，均未达序时。",
            "开工率90%，进度40%。",
            {(None, 90.0): B, (None, 40.0): B},
        ),
    ],
)
def test_plural_status_covers_the_list_before_it(
    body: str, cell: str, statuses: dict[tuple[str | None, float], str | None]
) -> None:
    result = parsers.parse_text(BODY_TEMPLATE.format(body=body, cell=cell))
    got = {(f.county, f.value): f.status for f in result.facts if f.section == "attachment1"}
    assert got == statuses
    body_facts = [f for f in result.facts if f.section == "body"]
    assert body_facts
    for fact in body_facts:
        assert fact.status == statuses[(fact.county, fact.value)]


TWO_PART_TEMPLATE = """宜昌市民生实事办公室

关于2024年1-6月全市民生实事办理进度的通报

各县市区人民政府：

现将有关情况通报如下。

宜昌市民生实事办公室
2024年7月8日

附件

1-6月民生实事进度表

{first}

序号\t实事项目\t牵头单位\t进度情况
1\t农村供水提档升级\t市水利和湖泊局\t完成率48%。
2\t中小学食堂改造\t市教育局\t完成率51%。

{second}

序号\t实事项目\t牵头单位\t进度情况
1\t城区停车泊位扩容\t市住建局\t完成率45%。
"""


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("一、省级民生实事", "二、市级民生实事"),
        ("一、省定民生实事", "二、市定民生实事"),
        ("一、省级重点民生实事", "二、市级重点民生实事"),
        ("（一）省级实事", "（二）市级实事"),
    ],
)
def test_one_attachment_in_a_province_and_a_city_part(first: str, second: str) -> None:
    text = TWO_PART_TEMPLATE.format(first=first, second=second)
    facts = {(f.level, f.project_no, f.value) for f in parsers.parse_text(text).facts}
    assert facts == {("province", 1, 48.0), ("province", 2, 51.0), ("city", 1, 45.0)}


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        # a further line of a cell, between two rows, with a figure of its own
        (
            "1\t蓄水\t新增蓄水86万方，完成率38.4%；\n恢复灌溉1.7万亩，完成率44.9%。\n2\t公路\t进度47%。",
            ["新增蓄水86万方，完成率38.4%；恢复灌溉1.7万亩，完成率44.9%。", "进度47%。"],
        ),
        # the last row's further line, before a blank line
        (
            "1\t管网\t改造供水管网25公里，完成率41.67%；\n改造燃气管网13公里，完成率32.5%。\n\n附件2",
            ["改造供水管网25公里，完成率41.67%；改造燃气管网13公里，完成率32.5%。"],
        ),
        # a row whose last cell is blank keeps the line apart
        ("1\t管网\t\n改造燃气管网13公里，完成率32.5%。", [None]),
        # a note under a table, a line without a figure, prose before more prose stay apart
        ("1\t管网\t完成率41.67%。\n注：完成率按投资计算，85%", ["完成率41.67%。"]),
        (
            "1\t管网\t完成率41.67%。\n二、市定实事\n1\t停车\t完成率30%。",
            ["完成率41.67%。", "完成率30%。"],
        ),
        ("1\t管网\t完成率41.67%。\n全市完成率为40%。\n下一步要加快进度。", ["完成率41.67%。"]),
    ],
)
def test_further_lines_of_a_cell(text: str, cells: list[str]) -> None:
    doc = document_from_text(text)
    rows = [item for item in doc.items if isinstance(item, TableRow)]
    got = [cell.text if (cell := row.cells[-1]) else None for row in rows]
    assert got == cells


CELL_TEMPLATE = """怀化市民生实事工作专班办公室

关于全市1-6月民生实事工作推进情况的通报

各县市区人民政府：

一、总体情况

{body}

怀化市民生实事工作专班办公室
2024年7月10日

附件1

1-6月省定民生实事进展情况

序号\t项目名称\t进展情况
1\t农村水源保障\t{cell}
"""


@pytest.mark.parametrize(
    ("body", "cell", "indicators"),
    [
        # a county breakdown after "；其中" is about the indicator before it, in body and table
        (
            "农村水源保障项目中，溆浦县新增蓄水能力完成率为18.6%，滞后于序时进度。",
            "新增蓄水能力86万方，完成率38.4%；其中溆浦县为18.6%，滞后于序时进度。"
            "恢复和改善灌溉面积1.7万亩，完成率44.9%。",
            {
                ("body", "溆浦县", 18.6): "新增蓄水能力",
                ("attachment1", "溆浦县", 18.6): "新增蓄水能力",
                ("attachment1", None, 38.4): "新增蓄水能力",
                ("attachment1", None, 44.9): "恢复和改善灌溉面积",
            },
        ),
        # a breakdown in the next sentence is not
        (
            "农村水源保障项目中，溆浦县完成率为18.6%。",
            "新增蓄水能力86万方，完成率38.4%。溆浦县为18.6%。"
            "恢复和改善灌溉面积1.7万亩，完成率44.9%。",
            {
                ("body", "溆浦县", 18.6): None,
                ("attachment1", "溆浦县", 18.6): None,
                ("attachment1", None, 38.4): "新增蓄水能力",
                ("attachment1", None, 44.9): "恢复和改善灌溉面积",
            },
        ),
    ],
)
def test_indicator_of_a_county_breakdown(
    body: str, cell: str, indicators: dict[tuple[str, str | None, float], str | None]
) -> None:
    result = parsers.parse_text(CELL_TEMPLATE.format(body=body, cell=cell))
    assert {(f.section, f.county, f.value): f.indicator for f in result.facts} == indicators
