"""The parts: text → blocks, lines → paragraphs, numbering, counties, meta."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.blocks import document_from_text
from parsers.counties import find_city, lexicon, short_form
from parsers.meta import issue_date, period, read_meta
from parsers.numbering import Sequence, chinese_int, split_leading_number
from parsers.paragraphs import join_lines, sentences
from schemas.extracted import TableRow, TextBlock


def test_document_from_text_lines_and_rows() -> None:
    doc = document_from_text(
        "标题\r\n\r\n序号\t名称\t进展\r\n1\t\t进度60%\r\n正文", filename="a.txt"
    )
    assert doc.media_type == "text/plain" and doc.filename == "a.txt" and doc.pages is None
    kinds = [type(item).__name__ for item in doc.items]
    assert kinds == ["TextBlock", "TableRow", "TableRow", "TextBlock"]
    row = doc.items[2]
    assert isinstance(row, TableRow) and row.cells[1] is None
    assert row.cells[2] is not None and row.cells[2].origins[0].line == 4
    assert [o.line for item in doc.items if isinstance(item, TextBlock) for o in item.origins] == [
        1,
        5,
    ]
    assert len(doc.sha256) == 64


def test_tables_split_by_prose() -> None:
    doc = document_from_text("a\tb\n\nc\td\n说明\ne\tf")
    tables = [item.table for item in doc.items if isinstance(item, TableRow)]
    assert tables == [0, 0, 1]


def _blocks(*lines: str) -> list[TextBlock]:
    items = document_from_text("\n".join(lines)).items
    return [item for item in items if isinstance(item, TextBlock)]


def test_lines_join_into_paragraphs() -> None:
    paragraphs = join_lines(
        _blocks(
            "某市民生实事工作领导小组办公室",
            "关于全市1-9月工作推进情况的通报",
            "三、特色亮点",
            "某县构建机制，完",
            "成情况较好。",
            "- 3 -",
            "（一）第二段",
        )
    )
    assert [p.text for p in paragraphs] == [
        "某市民生实事工作领导小组办公室",
        "关于全市1-9月工作推进情况的通报",
        "三、特色亮点",
        "某县构建机制，完成情况较好。",
        "（一）第二段",
    ]
    joined = paragraphs[3]
    assert joined.at(joined.text.index("成")) == (None, 5)


def test_sentences_keep_offsets() -> None:
    paragraph = join_lines(_blocks("进度为60%。“其中。”完成率 88%"))[0]
    parts = sentences(paragraph)
    assert [(start, s.text) for start, s in parts] == [
        (0, "进度为60%。"),
        (7, "“其中。”"),
        (12, "完成率88%"),
    ]


@pytest.mark.parametrize(
    ("text", "number", "name"),
    [
        ("①建成", 1, "建成"),
        ("㊿末项", 50, "末项"),
        ("（十二）改造", 12, "改造"),
        ("无号", None, "无号"),
    ],
)
def test_leading_numbers(text: str, number: int | None, name: str) -> None:
    found = split_leading_number(text)
    assert (found.number, found.name) == (number, name)


def test_sequence_repairs_backward_numbers() -> None:
    seq = Sequence()
    assert [seq.next(n, "x") for n in (1, 2, 21, 2, 3, None)] == [1, 2, 21, 22, 23, 24]
    assert len(seq.warnings) == 2


def test_chinese_numerals() -> None:
    assert [chinese_int(t) for t in ("九", "十", "十一", "二十三", "二〇二四", "x")] == [
        9,
        10,
        11,
        23,
        2024,
        None,
    ]


def test_short_forms_and_lexicon() -> None:
    assert short_form("城步苗族自治县") == "城步"
    assert short_form("龙胜各族自治县") == "龙胜"
    assert short_form("攸县") is None
    units = lexicon("邵阳市")
    found = [h.name for h in units.find("城步、邵东和邵阳县完成，邵阳经开区、市本级")]
    assert found == ["城步苗族自治县", "邵东市", "邵阳县", "经开区", "市本级"]
    # 邵阳 is the city's own short name: never a county
    assert [h.name for h in units.find("邵阳全市")] == []
    # short forms work only for the city's counties
    assert [h.name for h in lexicon("株洲市").find("城步完成")] == []


def test_city_unknown_uses_full_names_only() -> None:
    units = lexicon(None)
    assert [h.name for h in units.find("醴陵市、城步、城区")] == ["醴陵市"]


def test_find_city() -> None:
    assert find_city("某某 桂林市民生实事工作领导小组办公室") == "桂林市"
    assert find_city("湘西土家族苗族自治州人民政府") == "湘西土家族苗族自治州"
    assert find_city("全市重点民生实事") is None


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("关于全市1-9月工作的通报", (1, 9)),
        ("全市1—7月", (1, 7)),
        ("1至11月份", (1, 11)),
        ("1-6月份", (1, 6)),
        ("上半年", (1, 6)),
        ("前三季度", (1, 9)),
        ("1-12月", (1, 12)),
        ("全年", (1, 12)),
        ("9月份", (9, 9)),
        ("一至九月", (1, 9)),
        ("第二季度", (4, 6)),
        ("无期间", None),
    ],
)
def test_periods(text: str, months: tuple[int, int] | None) -> None:
    assert period(text) == months


def test_issue_dates() -> None:
    assert issue_date("2024年10月9日") == date(2024, 10, 9)
    assert issue_date("二〇二四年十月九日") == date(2024, 10, 9)
    assert issue_date("2024年2月30日") is None


def test_meta_december_report_issued_in_january() -> None:
    paragraphs = join_lines(
        _blocks("关于全市1-12月工作推进情况的通报", "某市某某领导小组办公室", "2025年1月6日")
    )
    meta = read_meta(paragraphs)
    assert (meta.year, meta.period_end_month, meta.issued) == (2024, 12, date(2025, 1, 6))
    assert meta.issuer == "某市某某领导小组办公室"  # the signature above the date


def test_title_without_guanyu() -> None:
    paragraphs = join_lines(
        _blocks("某市民生实事工作领导小组办公室", "全市1-4月重点民生实事推进情况通报", "各县区：")
    )
    meta = read_meta(paragraphs)
    assert meta.title == "全市1-4月重点民生实事推进情况通报"
    assert (meta.period_start_month, meta.period_end_month) == (1, 4)
