"""Circulars the project wrote itself, in other cities, months and wordings, with their facts.

- mianyang-2024-06.txt: 四川 绵阳市, 上半年, 附件一/附件二, no 实事名称 column (category lines
  between rows), "完成率达", "分别为" over counties and over indicators, a continuation row,
  a body statement that makes a project and a county behind schedule.
- guilin-2023-12.txt: 广西 桂林市, 1—12月 issued in January, CRLF, full-width digits, circled
  numbers, a repeated header, short county names (龙胜, 恭城), a highlight with a cumulative figure.
- a PDF-like document (株洲市, 前三季度, 二〇二四年十月十二日): title over two lines, (1)(2)
  numbering, multi-line cells with an origin per physical line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import parsers
from schemas.circular import ParseResult
from schemas.extracted import ExtractedDocument, LineOrigin, TableRow, TextBlock

FIXTURES = Path(__file__).parent / "fixtures"

B = "behind_schedule"
A1, A2, BODY = "attachment1", "attachment2", "body"

# (section, level, category_no, project_no, county, value, metric, indicator, status)
MIANYANG = {
    (BODY, "province", 2, 3, "江油市", 31.5, "进度", None, B),
    (A1, "province", 1, 1, None, 52.17, "完成率", None, None),
    (A1, "province", 1, 2, None, 61.43, "进度", None, None),
    (A1, "province", 1, 2, "平武县", 20.0, "进度", None, B),
    (A1, "province", 1, 2, "北川羌族自治县", 25.0, "进度", None, B),
    (A1, "province", 2, 3, None, 48.24, "开工率", None, B),
    (A1, "province", 2, 3, "江油市", 31.5, "进度", None, B),
    (A1, "province", 3, 5, None, 58.8, "年度目标任务完成率", "提质改造", None),
    (A1, "province", 3, 5, None, 45.0, "年度目标任务完成率", "危桥改造", None),
    (A1, "province", 3, 6, None, 47.2, "完成率", "新增蓄水能力", None),
    (A1, "province", 3, 6, None, 51.9, "完成率", "恢复灌溉面积", None),
    (A2, "city", None, 1, None, 110.0, "序时进度", None, None),
    (A2, "city", None, 2, None, 70.0, "序时进度", None, None),
    (A2, "city", None, 2, None, 80.0, "序时进度", None, None),
    (A2, "city", None, 4, None, 56.0, "序时进度", None, B),
}

GUILIN = {
    (BODY, "province", 2, 4, "兴安县", 88.6, "完成率", None, B),
    (A1, "province", 1, 1, None, 100.0, "完成率", None, None),
    (A1, "province", 2, 3, None, 101.4, "年度目标任务完成率", None, None),
    (A1, "province", 2, 4, None, 92.5, "工程形象进度", None, B),
    (A1, "province", 2, 4, "龙胜各族自治县", 75.0, "完成率", None, B),
    (A1, "province", 2, 4, "恭城瑶族自治县", 80.0, "完成率", None, B),
    (A1, "province", 3, 5, "市本级", 100.0, "进度", None, None),
    (A1, "province", 3, 5, "临桂区", 100.0, "进度", None, None),
    (A1, "province", 3, 5, "灵川县", 85.0, "进度", None, None),
    (A2, "city", None, 1, None, 104.2, "完成率", None, None),
    (A2, "city", None, 2, None, 100.0, "完成率", None, None),
}

ZHUZHOU = {
    (BODY, "province", 1, 1, "醴陵市", 66.5, "完成率", None, B),
    (A1, "province", 1, 1, None, 75.2, "年度目标任务完成率", None, None),
    (A1, "province", 1, 1, "醴陵市", 66.5, "完成率", None, B),
    (A1, "province", 1, 1, "攸县", 81.0, "完成率", None, None),
    (A1, "province", 1, 2, None, 80.0, "进度", None, None),
}


def _rows(result: ParseResult) -> set[tuple]:
    return {
        (
            f.section,
            f.level,
            f.category_no,
            f.project_no,
            f.county,
            f.value,
            f.metric,
            f.indicator,
            f.status,
        )
        for f in result.facts
    }


def _check_sources(result: ParseResult) -> None:
    for fact in result.facts:
        src = fact.source
        figure = src.text[src.start : src.end]
        assert figure.endswith("%") and float(figure[:-1]) == fact.value


def _read(name: str) -> ParseResult:
    # newline="" keeps CRLF: the parser must cope with it
    with (FIXTURES / name).open(encoding="utf-8", newline="") as fh:
        return parsers.parse_text(fh.read())


def test_mianyang_half_year() -> None:
    result = _read("mianyang-2024-06.txt")
    assert _rows(result) == MIANYANG
    _check_sources(result)
    meta = result.meta
    assert (meta.city, meta.year, meta.period_start_month, meta.period_end_month) == (
        "绵阳市",
        2024,
        1,
        6,
    )
    assert meta.issued == date(2024, 7, 8)
    assert meta.issuer == "绵阳市重点民生实事工作领导小组办公室"
    assert meta.title == "关于2024年上半年全市重点民生实事推进情况的通报"
    states = {(p.level, p.project_no, p.project): p.state for p in result.projects}
    assert states[("province", 4, "农村户厕问题摸排整改")] == "completed"
    assert states[("city", 3, "完成1000户老旧小区改造")] == "tracked_elsewhere"
    assert states[("city", 2, "城区易涝点整治20处")] == "reported"
    reasons = {m.reason for m in result.report.percent_lines_without_facts}
    assert reasons == {"rule"}


def test_guilin_full_year_crlf_fullwidth() -> None:
    raw = (FIXTURES / "guilin-2023-12.txt").read_bytes()
    assert b"\r\n" in raw and "１".encode() in raw
    result = _read("guilin-2023-12.txt")
    assert _rows(result) == GUILIN
    _check_sources(result)
    meta = result.meta
    assert (meta.city, meta.year, meta.period_start_month, meta.period_end_month) == (
        "桂林市",
        2023,
        1,
        12,
    )
    assert meta.issued == date(2024, 1, 15)
    # CRLF files count lines as editors do: the 88.6% of the body is on line 19
    body = next(f for f in result.facts if f.section == BODY)
    assert body.source.line == 19 and body.source.page is None
    missed = result.report.percent_lines_without_facts
    assert [(m.line, m.reason) for m in missed] == [(15, "multi-year cumulative figure")]
    mentions = {(m.county, m.status) for m in result.county_mentions}
    assert ("兴安县", "差距较大") in mentions
    assert ("阳朔县", "特色亮点") in mentions


def _line(text: str, page: int, line: int, starts: bool | None = True) -> TextBlock:
    return TextBlock(
        text=text, origins=[LineOrigin(offset=0, page=page, line=line)], starts_paragraph=starts
    )


def _cell(lines: list[str], page: int, first_line: int) -> TextBlock:
    origins, offset = [], 0
    for i, text in enumerate(lines):
        origins.append(LineOrigin(offset=offset, page=page, line=first_line + i))
        offset += len(text) + 1
    return TextBlock(text="\n".join(lines), origins=origins)


def _zhuzhou() -> ExtractedDocument:
    items: list[TextBlock | TableRow] = [
        _line("株洲市重点民生实事工作领导小组办公室", 1, 1),
        _line("关于全市前三季度重点民生实事", 1, 2),
        _line("推进情况的通报", 1, 3),
        _line("各县市区人民政府，市直有关单位：", 1, 4),
        _line("前三季度，全市重点民生实事总体推进有序。醴陵市农村公", 1, 5),
        _line("路提质改造项目完成率为 66.5%，进度滞后。", 1, 6, starts=False),
        _line("株洲市重点民生实事工作领导小组办公室", 1, 7),
        _line("二〇二四年十月十二日", 1, 8),
        _line("附件1", 2, 1),
        _line("全市前三季度省定重点民生实事进度表", 2, 2),
        TableRow(
            table=0,
            cells=[_cell([t], 2, 3) for t in ("序号", "实事名称", "项目名称", "进展情况")],
        ),
        TableRow(
            table=0,
            cells=[
                _cell(["1"], 2, 4),
                _cell(["提升农村基础", "设施水平"], 2, 4),
                _cell(["(1)农村公路提", "质改造"], 2, 4),
                _cell(
                    [
                        "完成提质改造 210 公里，完",
                        "成年度目标任务的 75.2%。其",
                        "中，醴陵市完成率为 66.5%，",
                        "攸县完成率为 81%。",
                    ],
                    2,
                    4,
                ),
            ],
        ),
        TableRow(
            table=0,
            cells=[
                None,
                None,
                _cell(["(2)小型水库除", "险加固"], 2, 8),
                _cell(["完成除险加固 12 座，进", "度为 80%。"], 2, 8),
            ],
        ),
    ]
    return ExtractedDocument(sha256="0" * 64, media_type="application/pdf", pages=2, items=items)


def test_pdf_like_document_keeps_pages_and_lines() -> None:
    result = parsers.parse_document(_zhuzhou())
    assert _rows(result) == ZHUZHOU
    _check_sources(result)
    meta = result.meta
    assert meta.title == "关于全市前三季度重点民生实事推进情况的通报"
    assert (meta.city, meta.year, meta.period_start_month, meta.period_end_month) == (
        "株洲市",
        2024,
        1,
        9,
    )
    assert meta.issued == date(2024, 10, 12)
    where = {(f.section, f.county, f.value): (f.source.page, f.source.line) for f in result.facts}
    assert where[(A1, None, 75.2)] == (2, 5)  # "75.2%" stands on the cell's second line
    assert where[(A1, "醴陵市", 66.5)] == (2, 6)
    assert where[(A1, "攸县", 81.0)] == (2, 7)
    assert where[(A1, None, 80.0)] == (2, 9)
    assert where[(BODY, "醴陵市", 66.5)] == (1, 6)
    projects = {p.project_no: p.project for p in result.projects}
    assert projects == {1: "农村公路提质改造", 2: "小型水库除险加固"}


@pytest.mark.parametrize("name", ["mianyang-2024-06.txt", "guilin-2023-12.txt"])
def test_fixture_parses_the_same_from_its_document(name: str) -> None:
    """parse_text is parse_document of document_from_text: one path, not two."""
    from parsers.blocks import document_from_text

    text = (FIXTURES / name).read_text(encoding="utf-8")
    via_text = parsers.parse_text(text, sha256="1" * 64)
    via_doc = parsers.parse_document(document_from_text(text, sha256="1" * 64))
    assert via_text == via_doc
    assert via_text.document.sha256 == "1" * 64


FIGURE_COLUMN = """某市民生实事工作领导小组办公室
关于全市1-10月民生实事推进情况的通报
一、总体情况
各县区得分如下：
县区\t得分
某某区\t95
某市民生实事工作领导小组办公室
2024年11月5日
附件1
省定重点民生实事进度表
序号\t项目名称\t年度任务\t完成情况\t完成率
1\t城镇老旧小区改造\t开工率达到100%以上\t开工改造小区80个\t82.5%
2\t农村户厕整改\t完成整改1000户\t完成整改900户，进度为90%。\t
注：完成率按验收口径统计，验收率须达95%。
"""


def test_a_column_of_figures_and_a_table_in_the_body() -> None:
    result = parsers.parse_text(FIGURE_COLUMN)
    rows = {(f.project_no, f.metric, f.value, f.source.text) for f in result.facts}
    assert rows == {(1, "完成率", 82.5, "82.5%"), (2, "进度", 90.0, "完成整改900户，进度为90%。")}
    # the score table in the body is no project table; the target column is not read
    assert [p.project for p in result.projects] == ["城镇老旧小区改造", "农村户厕整改"]
    assert result.meta.period_end_month == 10
    missed = [(m.line, m.text, m.reason) for m in result.report.percent_lines_without_facts]
    # the target column shares its line with a fact; the note below the table gave none
    assert missed == [
        (
            14,
            "注：完成率按验收口径统计，验收率须达95%。",
            "not in a progress text or body sentence read for figures",
        )
    ]


@pytest.mark.parametrize(
    ("title", "first", "level"),
    [
        ("重点民生实事进度表", "①城镇老旧小区改造", "province"),
        ("重点民生实事进度表", "城镇老旧小区改造", "province"),  # the first attachment
        ("市定民生实事进度表", "城镇老旧小区改造", "city"),
    ],
)
def test_single_attachment_without_number(title: str, first: str, level: str) -> None:
    text = (
        "某市民生实事工作领导小组办公室\n关于全市1-5月民生实事推进情况的通报\n"
        f"附件\n{title}\n序号\t项目名称\t进展情况\n1\t{first}\t完成率45%。\n"
    )
    result = parsers.parse_text(text)
    assert [(f.level, f.project_no, f.value) for f in result.facts] == [(level, 1, 45.0)]


def test_serial_numbers_of_projects_beside_a_category_column() -> None:
    """序号 counts projects when the names carry no numbers; categories count as they change."""
    text = (
        "某市民生实事工作领导小组办公室\n关于全市1-5月民生实事推进情况的通报\n附件1\n"
        "省定重点民生实事进度表\n序号\t实事名称\t项目名称\t进展情况\n"
        "1\t办好教育\t新建公办幼儿园\t完成率45%。\n2\t\t乡村教师周转宿舍\t完成率50%。\n"
        "3\t守护健康\t村卫生室建设\t进度为30%。\n"
        "附件2\n市定民生实事进度表\n序号\t实事名称\t进展情况\n\t1.新增停车泊位\t完成率20%。\n"
    )
    facts = [
        (f.level, f.category_no, f.category, f.project_no, f.value)
        for f in parsers.parse_text(text).facts
    ]
    assert facts == [
        ("province", 1, "办好教育", 1, 45.0),
        ("province", 1, "办好教育", 2, 50.0),
        ("province", 2, "守护健康", 3, 30.0),
        ("city", None, None, 1, 20.0),
    ]


def test_body_says_behind_without_quotes() -> None:
    text = (
        "某市民生实事工作领导小组办公室\n关于全市1-5月民生实事推进情况的通报\n一、总体情况\n"
        "城镇老旧小区改造项目进度滞后，醴陵市农村公路提质改造未达序时。\n"
        "针对推进相对滞后项目，发送提示函15个。\n附件1\n省定重点民生实事进度表\n"
        "序号\t项目名称\t进展情况\n1\t城镇老旧小区改造\t开工率45%。\n"
        "2\t农村公路提质改造\t完成率50%。其中，醴陵市完成率为30%。\n"
    )
    result = parsers.parse_text(text)
    assert [(f.project_no, f.county, f.status) for f in result.facts] == [
        (1, None, B),
        (2, None, None),
        (2, "醴陵市", B),
    ]
    assert [(m.county, m.project_no, m.status) for m in result.county_mentions] == [
        ("醴陵市", 2, "未达序时")
    ]
