"""The pure rebuild of table rows from per-page fragments (parsers.tables)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.tables import (
    DIGIT,
    NUMBER_MARK,
    PAGE_FURNITURE,
    SENTENCE_END,
    Cell,
    continues_row,
    fill_down,
    rebuild_cells,
    rebuild_table,
    same_row,
    table_rows,
)

HEADER = ["序号", "实事名称", "项目名称", "进展情况"]


@pytest.mark.parametrize(
    ("text", "opens"),
    [
        ("①老旧小区改造", True),
        ("㉒农村公路安防", True),
        ("⑳开工改造城镇老旧小区", True),
        ("12", True),
        ("3", True),
        ("（三）", True),
        ("三、工作要求", True),
        ("75%，其中白石县进度滞后。", False),
        ("300个，完成率80%", False),
        ("2024年全市共完成", False),
        ("条件", False),
        ("", False),
    ],
)
def test_number_mark(text: str, opens: bool) -> None:
    assert bool(NUMBER_MARK.match(text)) is opens


@pytest.mark.parametrize(("text", "found"), [("完成率", False), ("12个", True), ("２", True)])
def test_digit(text: str, found: bool) -> None:
    assert bool(DIGIT.search(text)) is found


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("两个项目均已完成全年目标任务。", True),
        ("进度滞后！ ", True),
        ("已建成村卫生室300个，完成率", False),
        ("完成率85.71%；", False),
    ],
)
def test_sentence_end(text: str, ends: bool) -> None:
    assert bool(SENTENCE_END.search(text)) is ends


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("- 7 -", True),
        ("-12-", True),
        ("— 3 —", True),
        ("7", True),
        ("第 3 页 共 10 页", True),
        ("第3页", True),
        ("3/10", True),
        ("附件2", False),
        ("2024年10月9日", False),
        ("一、总体情况", False),
    ],
)
def test_page_furniture(line: str, furniture: bool) -> None:
    assert bool(PAGE_FURNITURE.match(line)) is furniture


def test_fill_down_carries_merged_cells_and_keeps_a_leading_none() -> None:
    rows = [[None, "a"], ["1", None], [None, "b"], [None, None]]
    assert fill_down(rows) == [[None, "a"], ["1", "a"], ["1", "b"], ["1", "b"]]


def test_same_row_ignores_whitespace_and_takes_merged_as_blank() -> None:
    assert same_row(["序 号", "实事\n名称"], ["序号", "实事名称"])
    assert same_row(["", None], [None, ""])
    assert not same_row(["序号", "实事名称"], ["序号", "实事名称", "进展情况"])


def test_merged_category_and_shared_progress_cells_are_carried_down() -> None:
    rows = rebuild_table(
        [
            [
                HEADER,
                ["1", "改善居住\n条件", "①老旧小区改造", "开工率94.44%。"],
                [None, None, "②棚户区改造", "完成率80%。"],
                ["2", "优化出行", "③公交线路优化", "两个项目均已完成全年目标任务。"],
                [None, None, "④公共停车位建设", None],
            ]
        ]
    )
    assert rows[2] == ["1", "改善居住\n条件", "②棚户区改造", "完成率80%。"]
    assert rows[4] == ["2", "优化出行", "④公共停车位建设", "两个项目均已完成全年目标任务。"]


def test_repeated_header_dropped_and_broken_row_joined() -> None:
    page1 = [
        HEADER,
        ["2", "提升医疗", "③乡镇卫生院", "完成率87.5%。"],
        [None, None, "④村卫生室建设", "已建成村卫生室300个，完成率"],
    ]
    page2 = [
        HEADER,
        ["", "", "", "75%，其中白石县进度滞后。"],
        [None, None, "⑤家庭医生签约", "签约率66.5%。"],
    ]
    rows = rebuild_table([page1, page2])
    assert [r[2] for r in rows] == ["项目名称", "③乡镇卫生院", "④村卫生室建设", "⑤家庭医生签约"]
    assert rows[2][3] == "已建成村卫生室300个，完成率\n75%，其中白石县进度滞后。"
    assert rows[3][:2] == ["2", "提升医疗"]


def test_row_after_a_finished_sentence_is_not_joined() -> None:
    page1 = [HEADER, ["2", "提升医疗", "③乡镇卫生院", "完成率87.5%。"]]
    page2 = [["", "", "", "另有两所正在验收。"]]
    rows = rebuild_table([page1, page2])
    assert len(rows) == 3
    assert rows[2] == ["2", "提升医疗", "③乡镇卫生院", "另有两所正在验收。"]


def test_numbered_row_at_the_top_of_a_page_is_a_row_of_its_own() -> None:
    page1 = [HEADER, ["2", "提升医疗", "③乡镇卫生院", "已建成21所，完成率"]]
    page2 = [["", "", "④村卫生室建设", "完成率75%。"]]
    rows = rebuild_table([page1, page2])
    assert rows[-1] == ["2", "提升医疗", "④村卫生室建设", "完成率75%。"]
    assert rows[1][3] == "已建成21所，完成率"


def test_continuation_text_goes_to_the_merged_cell_it_belongs_to() -> None:
    page1 = [
        HEADER,
        ["3", "优化出行", "⑥公交线路优化", "两个项目合计完成"],
        [None, None, "⑦公共停车位建设", None],
    ]
    page2 = [["", "", "", "投资3.2亿元，进度为85%。"]]
    rows = rebuild_table([page1, page2])
    assert len(rows) == 3
    assert rows[1][3] == rows[2][3] == "两个项目合计完成\n投资3.2亿元，进度为85%。"


def test_continues_row_needs_a_blank_first_cell_and_text() -> None:
    above = [["1", "a", "①x", "完成率"]]
    assert continues_row(["", "", "", "80%。"], above)
    assert not continues_row(["2", "", "", "80%。"], above)
    assert not continues_row(["", "", "", ""], above)
    assert not continues_row(["", "", ""], above)


def test_cells_keep_their_origins_through_the_rebuild() -> None:
    def cell(text: str, page: int, line: int) -> Cell:
        return Cell(((text, page, line),))

    page1 = [
        [cell("序号", 1, 9), cell("进展情况", 1, 9)],
        [cell("1", 1, 10), cell("完成率", 1, 10)],
    ]
    page2 = [[cell("序号", 2, 1), cell("进展情况", 2, 1)], [cell("", 2, 2), cell("80%。", 2, 2)]]
    rows = table_rows(rebuild_cells([page1, page2]), table=3)
    assert len(rows) == 2
    progress = rows[1].cells[1]
    assert progress is not None
    assert progress.text == "完成率\n80%。"
    assert progress.locate(progress.text.index("80%")).page == 2
    assert progress.locate(0).line == 10
    assert rows[1].table == 3


_words = st.text(alphabet="改造建设完成率进度项目个户", min_size=1, max_size=6)
_row = st.tuples(st.integers(1, 30), _words, st.one_of(st.none(), _words)).map(
    lambda t: [str(t[0]), f"①{t[1]}", None if t[2] is None else f"{t[2]}。"]
)


@given(
    rows=st.lists(_row, min_size=1, max_size=12),
    cuts=st.lists(st.integers(1, 11), max_size=4),
)
def test_splitting_at_row_boundaries_with_repeated_headers_changes_nothing(
    rows: list[list[str | None]], cuts: list[int]
) -> None:
    header: list[str | None] = ["序号", "项目名称", "进展情况"]
    whole = rebuild_table([[header, *rows]])
    bounds = sorted({c for c in cuts if c < len(rows)})
    pieces = [rows[a:b] for a, b in zip([0, *bounds], [*bounds, len(rows)], strict=True)]
    fragments = [[header, *piece] for piece in pieces]
    assert rebuild_table(fragments) == whole
    assert all(cell is not None for row in whole[1:] for cell in row[:2])


def test_two_row_header_repeated_on_each_page_is_dropped() -> None:
    head = [["序号", "项目名称", "进展情况", None], [None, None, "完成数", "完成率"]]
    page1 = [*head, ["1", "①城市书房", "12个", "85.71%"]]
    page2 = [*head, ["2", "②口袋公园", "21个", "70.39%"]]
    rows = rebuild_table([page1, page2])
    assert [r[1] for r in rows] == ["项目名称", "项目名称", "①城市书房", "②口袋公园"]
    assert rows[-1] == ["2", "②口袋公园", "21个", "70.39%"]


def test_a_data_row_like_the_second_header_row_is_kept_after_the_top() -> None:
    page1 = [HEADER, ["1", "改善居住", "①老旧小区改造", "完成率80%。"]]
    page2 = [
        ["2", "优化出行", "②公交线路", "完成率70%。"],
        ["1", "改善居住", "①老旧小区改造", "完成率80%。"],
    ]
    assert len(rebuild_table([page1, page2])) == 4


_cell = st.one_of(
    st.none(), st.just(""), st.sampled_from(["1", "2", "①城市书房", "完成率", "80%。", "序号"])
)


@given(
    st.lists(
        st.lists(st.lists(_cell, min_size=3, max_size=3), min_size=1, max_size=5),
        min_size=1,
        max_size=4,
    )
)
def test_rebuild_never_loses_text(fragments: list[list[list[str | None]]]) -> None:
    rows = rebuild_table(fragments)
    out = [c for row in rows for c in row if c]
    for fragment in fragments:
        for row in fragment:
            for cell in row:
                if cell:
                    assert any(cell in c for c in out)
    assert all(len(r) == 3 for r in rows)


def test_header_repeated_below_a_title_row_is_dropped() -> None:
    title = ["附件1 重点民生实事进度表", None, None]
    header = ["序号", "项目名称", "进展情况"]
    page1 = [title, header, ["1", "①城市书房", "完成率85.71%。"]]
    page2 = [header, ["2", "②口袋公园", "完成率70.39%。"]]
    rows = rebuild_table([page1, page2])
    assert [r[0] for r in rows] == ["附件1 重点民生实事进度表", "序号", "1", "2"]
    assert rows[-1] == ["2", "②口袋公园", "完成率70.39%。"]
