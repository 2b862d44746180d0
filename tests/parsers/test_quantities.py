"""Counts, amounts and targets read beside percentages, with their kind, unit and rounding."""

from __future__ import annotations

import pytest

from parsers.quantities import read_quantities, regions


def _one(text: str, **kw: bool) -> tuple[str, float, str, float]:
    (q,) = read_quantities(text, **kw)
    return q.kind, q.value, q.unit, q.step


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市累计交付安置房 1520 套", ("done", 1520.0, "套", 1.0)),
        ("年度任务4100户", ("target", 4100.0, "户", 1.0)),
        ("计划投资 52310.5 万元", ("target", 52310.5, "万元", 0.1)),
        ("完成投资3.2亿元", ("done", 32000.0, "万元", 1000.0)),
        ("项目总投资 8500 万元", ("amount", 8500.0, "万元", 1.0)),
        ("完成救助任务 1312 名", ("done", 1312.0, "名", 1.0)),
        ("改造燃气管网 84.27 公里", ("done", 84.27, "公里", 0.01)),
        ("惠及 3 万户", ("done", 30000.0, "户", 10000.0)),
        ("累计完成 12,450 户", ("done", 12450.0, "户", 1.0)),
        ("占今年 4200 户任务数的", ("target", 4200.0, "户", 1.0)),
        ("超任务数320户", ("amount", 320.0, "户", 1.0)),
        ("省财政共下达资金 35.6 亿元", ("done", 356000.0, "万元", 1000.0)),
    ],
)
def test_a_quantity_has_its_kind_value_unit_and_step(
    text: str, expected: tuple[str, float, str, float]
) -> None:
    assert _one(text) == expected


@pytest.mark.parametrize(
    "text",
    ["全市 11 个县市区均已完成", "累计训练 2040.5 个月", "排名第3名", "共 6 个项目", "1 至 8 月"],
)
def test_counts_of_places_months_and_ranks_are_not_quantities(text: str) -> None:
    assert read_quantities(text) == []


def test_a_name_states_targets() -> None:
    assert _one("新建社区食堂 25 个", target=True) == ("target", 25.0, "个", 1.0)


def test_each_figure_owns_the_quantities_since_the_figure_before_it() -> None:
    text = "完成 300 户，进度 40%。其中，甲县完成 80 户，进度 20%。"
    figures = [
        (text.index("40%"), text.index("40%") + 3),
        (text.index("20%"), text.index("20%") + 3),
    ]
    first, second = regions(figures)
    assert [q.value for q in read_quantities(text, *first)] == [300.0]
    assert [q.value for q in read_quantities(text, *second)] == [80.0]
