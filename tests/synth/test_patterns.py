"""Table-driven tests of the generator's patterns: spacing, page cuts, circled numbers, percents."""

from __future__ import annotations

import random

import pytest

from synth.document import Cell, Row
from synth.render_pdf import ANY_CIRCLED, HIGH_CIRCLED, circles_as_numbers
from synth.render_text import FIGURE_CHAR, SAFE_CUT, cut_at_page_end, row_line
from synth.wording import CJK_DIGIT, DIGIT_PERCENT, Voice, chinese_date, format_value, period_text
from tests.synth.extraction import percent_values


@pytest.mark.parametrize(
    ("text", "spaced"),
    [
        ("进度为45.56%。", "进度为 45.56%。"),
        ("全市12个县市区", "全市 12 个县市区"),
        ("1-9月", "1-9 月"),
        ("完成率88.46%，其中", "完成率 88.46%，其中"),
        ("“一卡通”", "“一卡通”"),
        ("HPV疫苗", "HPV疫苗"),
    ],
)
def test_voice_spaces_cjk_and_figures(text: str, spaced: str) -> None:
    voice = Voice(random.Random(0))
    voice.space_prob = 1.0
    assert voice(text) == spaced
    assert CJK_DIGIT.sub("", spaced.replace(" ", "")) == text


@pytest.mark.parametrize(
    ("text", "at", "expected"),
    [
        ("完成情况较好", 1, "完\n\n成情况较好"),
        ("各地积极推进项目建设工作", 4, "各地积极\n\n推进项目建设工作"),
        ("进度为45.56%，推进顺利有序开展", 2, "进度为45.56%，推进顺利有序开\n\n展"),
        ("进度为45%", 1, "进度为45%"),
    ],
)
def test_page_cut_keeps_away_from_figures(text: str, at: int, expected: str) -> None:
    assert cut_at_page_end(text, at) == expected


@pytest.mark.parametrize(
    ("text", "cuts", "figures"),
    [("完成", 1, 0), ("进度45％", 1, 3), ("ＡＢ", 0, 0), ("８５．４５", 0, 4)],
)
def test_cut_and_figure_patterns(text: str, cuts: int, figures: int) -> None:
    assert len(SAFE_CUT.findall(text)) == cuts
    assert len(FIGURE_CHAR.findall(text)) == figures


@pytest.mark.parametrize(
    ("text", "high", "numbered"),
    [
        ("⑫建设老年助餐服务点", True, "（12）建设老年助餐服务点"),
        ("③中小学校食堂", False, "（3）中小学校食堂"),
        ("㉑建设社区体育公园", True, "（21）建设社区体育公园"),
        ("（4）适龄儿童", False, "（4）适龄儿童"),
    ],
)
def test_circled_numbers(text: str, high: bool, numbered: str) -> None:
    assert bool(HIGH_CIRCLED.search(text)) is high
    assert circles_as_numbers(text, True) == numbered
    assert circles_as_numbers(text, False) == text
    assert bool(ANY_CIRCLED.search(text)) is (numbered != text)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("进度为 45.56 %", {45.56}),
        ("完成年度任务的８５．４５％", {85.45}),
        ("提升至60%以上，开工率100%", {60.0, 100.0}),
        ("新增蓄水能力3.5万立方米", set()),
        ("进度分别为30.06%、31.99%", {30.06, 31.99}),
    ],
)
def test_percent_values(text: str, values: set[float]) -> None:
    assert percent_values(text) == values


@pytest.mark.parametrize(
    ("value", "style", "printed"),
    [(76.7, "fixed", "76.70"), (76.7, "auto", "76.70"), (76.7, "strip", "76.7"),
     (100.0, "auto", "100"), (100.0, "fixed", "100.00"), (90.0, "strip", "90")],
)  # fmt: skip
def test_format_value(value: float, style: str, printed: str) -> None:
    assert format_value(value, style) == printed


@pytest.mark.parametrize("month", range(1, 13))
def test_period_names_the_months(month: int) -> None:
    seen = {period_text(random.Random(seed), month) for seed in range(60)}
    for text in seen:
        assert text.endswith(("月", "月份", "半年", "季度", "全年"))
    if month > 1:
        assert any(f"{month}月" in t for t in seen)


@pytest.mark.parametrize(
    ("text", "spaced"),
    [("进度为45.56%", "进度为45.56 %"), ("提升至90%以上", "提升至90 %以上"), ("％", "％")],
)
def test_space_before_percent(text: str, spaced: str) -> None:
    assert DIGIT_PERCENT.sub(" ", text) == spaced


@pytest.mark.parametrize(
    ("cells", "glitch", "line"),
    [
        (
            ["10", "提升农村基础设施水平", "㉒农村公路", "进度90%"],
            True,
            "10\t提升农村基础设施水平\t②农村公路\t进度90%",
        ),
        (["", "", "㉔水源地整治", "进度107.78%"], True, "\t\t④水源地整治\t进度107.78%"),
        (["", "", "⑫助餐点", "进度100%"], True, "\t\t⑫助餐点\t进度100%"),
        (["", "", "㉒农村公路", "进度90%"], False, "\t\t㉒农村公路\t进度90%"),
    ],
)
def test_text_rows_and_the_numbering_glitch(cells: list[str], glitch: bool, line: str) -> None:
    row = Row([Cell(c, merged=not c) for c in cells])
    assert row_line(row, glitch) == line


@pytest.mark.parametrize(
    ("date", "text"),
    [((2025, 8, 12), "二〇二五年八月十二日"), ((2026, 1, 5), "二〇二六年一月五日"),
     ((2025, 10, 30), "二〇二五年十月三十日"), ((2025, 12, 20), "二〇二五年十二月二十日")],
)  # fmt: skip
def test_chinese_date(date: tuple[int, int, int], text: str) -> None:
    assert chinese_date(*date) == text
