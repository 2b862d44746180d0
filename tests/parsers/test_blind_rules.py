"""Wordings first met in circulars written without sight of the parser: cumulative completion,
counties ranked by a metric, and a "均未达序时" that speaks of a county list only."""

from __future__ import annotations

import pytest

import parsers
from parsers.counties import UnitLexicon
from parsers.metrics import canonical_metric
from parsers.percentages import assign_indicators, read_figures

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
