"""Rules for the genre found on circulars the parser had not seen, one small circular per case.

Each case puts a body paragraph and an attachment row into the same short circular and names
the facts the parser must read: (section, project_no, county, value, metric, status).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import parsers
from parsers.blocks import document_from_text
from parsers.metrics import canonical_metric
from parsers.numbering import circled_value
from parsers.paragraphs import join_lines
from schemas.extracted import LineOrigin, TableRow, TextBlock

B = "behind_schedule"

TEMPLATE = """湘潭市重点民生实事工作领导小组办公室

关于全市1-8月重点民生实事推进情况的通报

各县（市、区），市直各单位：

现将有关情况通报如下：

一、总体情况

{body}

湘潭市重点民生实事工作领导小组办公室
2024年9月6日

附件1

全市1-8月省定重点民生实事进度表

序号\t实事名称\t项目名称\t进展情况
1\t改善人居环境\t①老旧小区改造\t{cell1}
2\t保障基本民生\t②农村供水保障\t{cell2}
"""

Fact = tuple[str, int, str | None, float, str, str | None]


def short_id(width: int) -> Callable[[object], str | None]:
    """A case's id: the value's first ``width`` characters, but pytest's own numbered id for a
    set, which prints in another order in another process (a worker must collect the same ids)."""
    return lambda value: None if isinstance(value, set) else str(value)[:width]


# (body, cell1, cell2, facts that must be read)
CASES: list[tuple[str, str, str, set[Fact]]] = [
    # a paragraph titled with a project's name gives its later sentences that project
    (
        "（一）农村供水保障。完成投资1.26亿元，完成率为38.6%，进度滞后。",
        "开工率90%。",
        "完成率为38.6%，进度滞后。",
        {("body", 2, None, 38.6, "完成率", B), ("attachment1", 2, None, 38.6, "完成率", B)},
    ),
    (
        "一是老旧小区改造：已开工81个。开工率95%。",
        "开工率95%。",
        "完成率50%。",
        {("body", 1, None, 95.0, "开工率", None), ("attachment1", 1, None, 95.0, "开工率", None)},
    ),
    # a clause with a status and a county but no figure marks that county of the project
    (
        "（一）老旧小区改造。湘乡市、韶山市开工率分别为100%、80%，韶山市进度滞后。",
        "湘乡市、韶山市开工率分别为100%、80%。",
        "完成率50%。",
        {
            ("body", 1, "韶山市", 80.0, "开工率", B),
            ("attachment1", 1, "韶山市", 80.0, "开工率", B),
            ("attachment1", 1, "湘乡市", 100.0, "开工率", None),
        },
    ),
    # a unit an attachment calls behind is behind where the body repeats its figure
    (
        "（二）农村供水保障。湘潭县完成率为30%，较上月下降。",
        "开工率90%。",
        "湘潭县完成率为30%，进度滞后。",
        {("body", 2, "湘潭县", 30.0, "完成率", B), ("attachment1", 2, "湘潭县", 30.0, "完成率", B)},
    ),
    # a status sentence that quotes several projects marks each of them
    (
        "截至8月底，“老旧小区改造”“农村供水保障”2个项目进度滞后。",
        "开工率90%。",
        "完成率为38.6%。",
        {("attachment1", 1, None, 90.0, "开工率", B), ("attachment1", 2, None, 38.6, "完成率", B)},
    ),
    # counties listed with their figures, the project named after them
    (
        "从县市区看，进度滞后的有：湘乡市（45%）、韶山市（52.3%），均为农村供水保障项目。",
        "开工率90%。",
        "完成率70%；湘乡市（45%）、韶山市（52.3%）进度滞后。",
        {("body", 2, "湘乡市", 45.0, "进度", B), ("body", 2, "韶山市", 52.3, "进度", B)},
    ),
    # invested money as a share of the year's plan is the planned-investment completion rate
    (
        "（一）老旧小区改造。完成投资占年度计划的47.3%。",
        "完成投资占年度计划的47.3%。",
        "完成率50%。",
        {
            ("body", 1, None, 47.3, "计划投资完成率", None),
            ("attachment1", 1, None, 47.3, "计划投资完成率", None),
        },
    ),
]


def _facts(body: str, cell1: str, cell2: str) -> set[Fact]:
    result = parsers.parse_text(TEMPLATE.format(body=body, cell1=cell1, cell2=cell2))
    return {(f.section, f.project_no, f.county, f.value, f.metric, f.status) for f in result.facts}


@pytest.mark.parametrize(("body", "cell1", "cell2", "expected"), CASES, ids=short_id(14))
def test_genre_rule(body: str, cell1: str, cell2: str, expected: set[Fact]) -> None:
    facts = _facts(body, cell1, cell2)
    assert expected <= facts, sorted(expected - facts)


# (lines between the body and the signature, the issue date the parser must read)
SIGNATURE_CASES: list[tuple[str, str]] = [
    ("附件一：省定民生实事推进情况表\n附件二：市定民生实事推进情况表", "2024-09-06"),
    ("附件1：省定民生实事推进情况表", "2024-09-06"),
    ("附件：1.省定民生实事进度表\n2.市定民生实事进度表", "2024-09-06"),
]


@pytest.mark.parametrize(("listing", "issued"), SIGNATURE_CASES, ids=lambda v: str(v)[:10])
def test_attachment_list_in_the_body_keeps_the_signature(listing: str, issued: str) -> None:
    text = TEMPLATE.format(body="（一）老旧小区改造。开工率90%。", cell1="开工率90%。", cell2="")
    text = text.replace(
        "\n湘潭市重点民生实事工作领导小组办公室\n",
        f"\n{listing}\n\n湘潭市重点民生实事工作领导小组办公室\n",
    )
    result = parsers.parse_text(text)
    assert str(result.meta.issued) == issued
    assert {f.section for f in result.facts} == {"body", "attachment1"}


# (text lines, the last cells of the table rows read from them)
WRAPPED_CELLS: list[tuple[str, list[str]]] = [
    # a figure cut by the extraction inside a cell
    ("1\t改造\t开工率100%，完成率88.\n46%。", ["开工率100%，完成率88.46%。"]),
    ("1\t改造\t完成率\n88.46%。", ["完成率88.46%。"]),
    # a finished cell: the next line is prose
    ("1\t改造\t完成率88.46%。\n附件2", ["完成率88.46%。"]),
    # a blank line ends the table
    ("1\t改造\t完成率88\n\n附件2", ["完成率88"]),
    ("1\t改造\t完成率88\n2\t供水\t完成率90%。", ["完成率88", "完成率90%。"]),
    # prose under a row is prose, not the rest of the cell
    ("1\t改造\t完成率88\n说明：数据截至9月底", ["完成率88"]),
]


@pytest.mark.parametrize(("text", "cells"), WRAPPED_CELLS, ids=lambda v: str(v)[:16])
def test_a_cell_wrapped_onto_the_next_line(text: str, cells: list[str]) -> None:
    rows = [i for i in document_from_text(text).items if isinstance(i, TableRow)]
    assert [r.cells[-1].text for r in rows if r.cells[-1]] == cells


# (label printed before a figure, the metric it names)
METRIC_LABELS: list[tuple[str, str]] = [
    ("保障性租赁住房开工建设进度", "进度"),
    ("老旧小区改造完成率", "完成率"),
    ("工程形象进度", "工程形象进度"),
    ("目标任务完成率", "目标任务完成率"),
    ("农村供水工程目标任务完成率", "目标任务完成率"),
    ("年度计划投资完成率", "年度计划投资完成率"),
    ("总体形象进度", "总体形象进度"),
    ("计划投资完成率", "计划投资完成率"),
    ("完成年度任务的", "年度任务完成率"),
    ("完成了年度任务的", "年度任务完成率"),
]


@pytest.mark.parametrize(("label", "metric"), METRIC_LABELS)
def test_metric_of_a_label(label: str, metric: str) -> None:
    assert canonical_metric(label) == metric


BODY_ONLY = """郴州市民生实事工作领导小组办公室

郴州市1—5月重点民生实事工作进展情况通报

各县（市、区）人民政府：

一、省重点民生实事进展

1.新建公办幼儿园。已完工4所，完成率达33.3%。

2.农村供水保障。{water}

二、市重点民生实事进展

（一）城区停车位建设。新增泊位2100个，完成率达42%。

三、存在问题

（一）资金到位慢。部分项目完成率低于40%。

郴州市民生实事工作领导小组办公室
2024年6月6日
"""

# (the second project's paragraph, the facts of the circular)
BODY_ONLY_CASES: list[tuple[str, set[tuple[str, int, str | None, float]]]] = [
    (
        "完成率达35%。汝城县完成率为0%，尚未开工。",
        {
            ("province", 1, None, 33.3),
            ("province", 2, None, 35.0),
            ("province", 2, "汝城县", 0.0),
            ("city", 1, None, 42.0),
        },
    ),
    ("正在开展前期工作。", {("province", 1, None, 33.3), ("city", 1, None, 42.0)}),
]


@pytest.mark.parametrize(("water", "expected"), BODY_ONLY_CASES, ids=short_id(10))
def test_a_circular_without_attachments(
    water: str, expected: set[tuple[str, int, str | None, float]]
) -> None:
    result = parsers.parse_text(BODY_ONLY.format(water=water))
    assert {(f.level, f.project_no, f.county, f.value) for f in result.facts} == expected
    assert {f.section for f in result.facts} == {"body"}
    states = {(p.level, p.project_no): p.state for p in result.projects}
    assert states[("province", 1)] == "reported"
    assert states[("province", 2)] == ("reported" if "%" in water else "no_figure")


# (a number mark some fonts print for a circled number, its value)
NUMBER_MARKS: list[tuple[str, int | None]] = [
    ("⑳", 20),
    ("㉑", 21),
    ("⑴", 1),
    ("⒇", 20),
    ("⒈", 1),
    ("⒛", 20),
    ("⒜", None),
]


@pytest.mark.parametrize(("mark", "value"), NUMBER_MARKS)
def test_number_marks(mark: str, value: int | None) -> None:
    assert circled_value(mark) == value


ONE_ATTACHMENT_TWO_PARTS = """常德市人民政府办公室

关于1—5月全市重点民生实事办理情况的通报

现将办理情况通报如下：

常德市人民政府办公室
2024年6月7日

附件

全市重点民生实事办理情况统计表

{first}

序号\t项目名称\t完成情况\t完成率
1\t农村公路提质改造\t完成192公里\t38.5%
2\t老旧小区改造\t开工104个\t87%

{second}

序号\t项目名称\t完成情况\t完成率
1\t背街小巷改造\t完成35条\t43.75%
"""

# (the heading over each part, the (level, project_no, value) facts read)
PART_CASES: list[tuple[str, str, set[tuple[str, int, float]]]] = [
    (
        "一、省定实事",
        "二、市定实事",
        {("province", 1, 38.5), ("province", 2, 87.0), ("city", 1, 43.75)},
    ),
    (
        "（一）省定民生实事",
        "（二）市定民生实事",
        {("province", 1, 38.5), ("province", 2, 87.0), ("city", 1, 43.75)},
    ),
]


@pytest.mark.parametrize(("first", "second", "expected"), PART_CASES, ids=short_id(8))
def test_one_attachment_in_two_levels(
    first: str, second: str, expected: set[tuple[str, int, float]]
) -> None:
    text = ONE_ATTACHMENT_TWO_PARTS.format(first=first, second=second)
    result = parsers.parse_text(text)
    assert {(f.level, f.project_no, f.value) for f in result.facts} == expected


# (lines as a PDF layout gave them, none seen to start a paragraph; the paragraphs read)
UNINDENTED: list[tuple[list[str], int]] = [
    (
        ["（一）农村公路推进偏慢。完成进度为72.4%，但", "仍低于序时进度。", "（二）老旧小区改造。"],
        2,
    ),
    (["（一）农村公路推进偏慢。完成进度为72.4%，但", "（二）号线路仍在施工。"], 1),
    (["一是强化调度。", "二是压实责任。"], 2),
]


@pytest.mark.parametrize(("lines", "count"), UNINDENTED, ids=lambda v: str(v)[:10])
def test_numbered_item_after_a_finished_sentence(lines: list[str], count: int) -> None:
    blocks = [
        TextBlock(
            text=line,
            origins=[LineOrigin(offset=0, page=1, line=i + 1)],
            starts_paragraph=i == 0,
        )
        for i, line in enumerate(lines)
    ]
    assert len(join_lines(blocks, first_line_index=10)) == count


def test_a_wrapped_figure_is_not_reported_as_a_line_without_facts() -> None:
    text = TEMPLATE.format(body="", cell1="开工率100%，完成率32.\n07％。", cell2="完成率50%。")
    result = parsers.parse_text(text)
    assert 32.07 in {f.value for f in result.facts}
    assert not [m for m in result.report.percent_lines_without_facts if "07" in m.text]
