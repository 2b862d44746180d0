"""Figures read from one progress text, as unseen circulars write them: indicators listed
before 分别为 or in the row's name, metric labels, values that are not progress."""

from __future__ import annotations

import pytest

from parsers.counties import lexicon
from parsers.percentages import assign_indicators, indicators_from_name, read_figures

# (a progress text listing indicators before 分别为, the indicators of its figures)
LISTED_INDICATORS: list[tuple[str, list[str | None]]] = [
    ("宫颈癌、乳腺癌检查完成率分别为84.2%、82.6%。", ["宫颈癌检查", "乳腺癌检查"]),
    ("新增蓄水能力、恢复灌溉面积完成率分别为47.2%、51.9%。", ["新增蓄水能力", "恢复灌溉面积"]),
    ("提质改造、危桥改造完成率分别为58%、45%。", ["提质改造", "危桥改造"]),
    ("城镇新增就业、失业人员再就业完成率分别为80%、90%。", ["城镇新增就业", "失业人员再就业"]),
]


@pytest.mark.parametrize(("text", "indicators"), LISTED_INDICATORS, ids=lambda v: str(v)[:10])
def test_listed_indicators(text: str, indicators: list[str | None]) -> None:
    units = lexicon("邵阳市")
    figures = read_figures(text, units)
    assign_indicators(text, figures, units)
    assert [f.indicator for f in figures] == indicators


# (a row's name, its progress text, the indicators of its figures)
NAMED_TARGETS: list[tuple[str, str, list[str | None]]] = [
    (
        "失业人员再就业27000人、困难人员再就业7500人",
        "序时进度分别为118.2%、89.6%。",
        ["失业人员再就业", "困难人员再就业"],
    ),
    (
        "改造燃气管网130公里，新建燃气管网110公里",
        "序时进度分别为103%、106%。",
        ["改造燃气管网", "新建燃气管网"],
    ),
    # the cell names its own indicators: the name is not needed
    (
        "失业人员再就业27000人、困难人员再就业7500人",
        "失业人员再就业28260人，序时进度104.67%；困难人员再就业5610人，序时进度74.8%。",
        ["失业人员再就业", "困难人员再就业"],
    ),
    # one target, two figures: nothing to pair
    ("新增托位3500个", "序时进度分别为91%、95%。", [None, None]),
]


@pytest.mark.parametrize(("name", "text", "indicators"), NAMED_TARGETS, ids=lambda v: str(v)[:10])
def test_indicators_from_the_name(name: str, text: str, indicators: list[str | None]) -> None:
    units = lexicon("邵阳市")
    figures = read_figures(text, units)
    assign_indicators(text, figures, units)
    indicators_from_name(name, text, figures)
    assert [f.indicator for f in figures] == indicators


# (a progress text, the metrics of its figures)
FIGURE_METRICS: list[tuple[str, list[str]]] = [
    ("全市计划投资完成率仅为66.1%。", ["计划投资完成率"]),
    ("完成进度只有40%。", ["完成进度"]),
    ("目标任务完成率仅12.5%。", ["目标任务完成率"]),
    ("完成率达88%。", ["完成率"]),
    ("县级完成率平均为85%。", ["县级完成率"]),
    ("汨罗市至今开工率为0%。", ["开工率"]),
    # a county breakdown with no label of its own measures what the sentence's figure does
    ("累计完成投资占计划的78.3%；平江县、华容县分别为92%、88.5%。", ["计划投资完成率"] * 3),
    ("完成率82.5%；平江县为60%。", ["完成率", "完成率"]),
    ("完成率82.5%。平江县为60%。", ["完成率", "进度"]),
]


@pytest.mark.parametrize(("text", "metrics"), FIGURE_METRICS, ids=lambda v: str(v)[:10])
def test_metric_of_a_figure(text: str, metrics: list[str]) -> None:
    assert [f.metric for f in read_figures(text, lexicon("岳阳市"))] == metrics


# (a progress text, the values read as progress)
PROGRESS_VALUES: list[tuple[str, list[float]]] = [
    ("完成率由85%核减为70%，进度滞后。", [70.0]),
    ("完成率从60%调整至55%。", [55.0]),
    ("完成率由上报的42%核减为35.5%。", [35.5]),
    ("各县完成率为90%-95%。", []),
    ("完成率在85%至95%之间。", []),
    ("投资完成率为-2%。", [-2.0]),
    ("完成率90%，环比提高5%。", [90.0]),
    ("开工率100%，完成率0%。", [100.0, 0.0]),
    ("全市完成率为90%，12个县市区中有10个完成率超过80%。", [90.0]),
]


@pytest.mark.parametrize(("text", "values"), PROGRESS_VALUES, ids=lambda v: str(v)[:12])
def test_progress_values(text: str, values: list[float]) -> None:
    figures = read_figures(text, lexicon("岳阳市"))
    assert [f.value for f in figures if f.reason is None] == values
