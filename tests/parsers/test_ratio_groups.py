"""Tables of places whose indicators each have a target, done and ratio group, set one cell per
line: the ratio cells are told by arithmetic."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import parsers
from parsers.located import LocText
from parsers.ratio_groups import _agrees, _leaf_block, _triples

# written for the test: a prefecture's year-end table, one cell per paragraph, a unit column,
# empty cells dropped (红安县 has no second group), a rate indicator with no ratio column
GROUPED = """黄冈市2022年民生实事完成情况表

地区

技能提升工程

农民工技能培训(人)

城镇新增就业(人)

城镇调查失业率控制在(%)

市人社局

目标任务

完成数

完成率(%)

目标任务

完成数

完成率(%)

目标任务

完成数

完成率(%)

全市

9000

9630

107

15000

16200

108

5.5

5.1

麻城市

2000

2210

110.5

3000

3300

110

5.5

4.9

武穴市

1500

1380

92

2400

2652

110.5

5.5

5.2

红安县

800

920

115
"""


def test_each_ratio_is_read_for_its_place_and_indicator() -> None:
    got = {(f.county, f.project, f.value) for f in parsers.parse_text(GROUPED).facts}
    assert (None, "农民工技能培训(人)", 107.0) in got
    assert (None, "城镇新增就业(人)", 108.0) in got
    assert ("麻城市", "农民工技能培训(人)", 110.5) in got
    assert ("麻城市", "城镇新增就业(人)", 110.0) in got
    assert ("武穴市", "农民工技能培训(人)", 92.0) in got
    assert ("武穴市", "城镇新增就业(人)", 110.5) in got
    # the last row, cut after its first group, keeps that group's ratio
    assert ("红安县", "农民工技能培训(人)", 115.0) in got
    # targets, counts and the unemployment rate are not progress
    assert not {v for _, _, v in got} & {9000.0, 9630.0, 5.5, 5.1, 4.9, 5.2}
    facts = parsers.parse_text(GROUPED).facts
    assert all(f.metric == "完成率(%)" for f in facts)


def test_a_row_whose_groups_cannot_be_placed_gives_nothing() -> None:
    # 市本级 has one complete group of two: which indicator it belongs to is not known
    text = GROUPED.replace("红安县\n\n800\n\n920\n\n115\n", "市本级\n\n60\n\n66\n\n110\n\n红安县\n")
    got = parsers.parse_text(text).facts
    assert not [f for f in got if f.value == 110.0 and f.county is None]
    assert len(got) == 6


@pytest.mark.parametrize(
    ("heads", "expected"),
    [
        (["地区", "甲", "乙", "目标", "完成", "完成率(%)", "目标", "完成", "完成率(%)"], (3, 3, 2)),
        (["县区", "计划", "完成比例", "计划", "完成比例", "计划", "完成比例"], (1, 2, 3)),
        (["地区", "甲", "目标", "完成", "目标", "完成"], None),  # no ratio in the group
        (["地区", "甲", "目标", "完成", "完成率"], None),  # one group only
    ],
)
def test_the_repeated_leaf_group_of_a_header(
    heads: list[str], expected: tuple[int, int, int] | None
) -> None:
    assert _leaf_block(heads) == expected


def _cells(*texts: str) -> list[LocText]:
    return [LocText(t, tuple((None, 1) for _ in t)) for t in texts]


def test_runs_that_do_not_agree_are_not_ratios() -> None:
    cells = _cells("5.5", "5.1", "400", "400", "1089", "272.3", "3000", "3314", "110")
    got = _triples(cells, 2)
    assert [c.text for _, c in got] == ["272.3"]  # 3314/3000 is 110.47, not 110 at two places
    assert got[0][0] == 3


@given(
    target=st.integers(min_value=1, max_value=10**6),
    done=st.integers(min_value=0, max_value=10**6),
    places=st.integers(min_value=0, max_value=2),
)
@settings(max_examples=200, deadline=None)
def test_a_ratio_rounded_as_printed_agrees(target: int, done: int, places: int) -> None:
    exact = done / target * 100
    printed = round(exact, places)
    if printed <= 0:
        return
    assert _agrees(target, done, printed, places)
    # a ratio one printed step off does not
    assert not _agrees(target, done, printed + 2 * 10.0**-places, places)
