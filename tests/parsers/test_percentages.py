"""Wordings of a figure: its metric, counties, status, or why it is no progress."""

from __future__ import annotations

import pytest

from parsers.counties import lexicon
from parsers.percentages import assign_indicators, read_figures

# text → [(value, metric, counties, indicator, behind, reason)]
CASES = [
    (
        "其中：醴陵市80%、攸县90%。",
        [(80, "进度", ["醴陵市"], None, False, None), (90, "进度", ["攸县"], None, False, None)],
    ),
    (
        "醴陵市、攸县分别完成85%、90%。",
        [
            (85, "完成率", ["醴陵市"], None, False, None),
            (90, "完成率", ["攸县"], None, False, None),
        ],
    ),
    (
        "完成率为95%，其中醴陵市为80%，攸县为90%。",
        [
            (95, "完成率", [], None, False, None),
            (80, "完成率", ["醴陵市"], None, False, None),
            (90, "完成率", ["攸县"], None, False, None),
        ],
    ),
    (
        "茶陵县、炎陵县进度均为100%，进度滞后。",
        [(100, "进度", ["茶陵县", "炎陵县"], None, True, None)],
    ),
    ("完成年度目标任务的58.8%。", [(58.8, "年度目标任务完成率", [], None, False, None)]),
    ("截至10月底完成75%。", [(75, "完成率", [], None, False, None)]),
    ("完成率达88.5%，进展缓慢。", [(88.5, "完成率", [], None, True, None)]),
    (
        "新建燃气管网12公里，序时进度80%；改造管网8公里，序时进度70%。",
        [
            (80, "序时进度", [], "新建燃气管网", False, None),
            (70, "序时进度", [], "改造管网", False, None),
        ],
    ),
    (
        "开工12个，开工率60%；完成投资1亿元，计划投资完成率50%。",
        [(60, "开工率", [], None, False, None), (50, "计划投资完成率", [], None, False, None)],
    ),
    ("办结率提升至90%以上", [(90, "办结率提升", [], None, False, "target")]),
    ("差距不得超过5%", [(5, "差距不得超过", [], None, False, "rule")]),
    ("同比增长12%", [(12, "同比增长", [], None, False, "change, not progress")]),
    ("群众满意度98%", [(98, "群众满意度", [], None, False, "rate of handling public comments")]),
    (
        "由上期的50%调减至40%，未达序时。",
        [
            (50, "由上期", [], None, False, "an earlier period's figure"),
            (40, "进度", [], None, True, None),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:14] for c in CASES])
def test_figure_wordings(text: str, expected: list[tuple]) -> None:
    units = lexicon("株洲市")
    figures = read_figures(text, units)
    assign_indicators(text, figures, units)
    got = [(f.value, f.metric, f.counties, f.indicator, f.behind, f.reason) for f in figures]
    assert got == [(float(v), *rest) for v, *rest in expected]
    for f in figures:
        assert text[f.start : f.end].endswith("%")
