"""Word .docx files: paragraphs and tables in document order, merged cells (parsers.readers)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from parsers.readers import read_bytes, read_path
from schemas.errors import UnreadableDocument
from schemas.extracted import ExtractedDocument, TableRow, TextBlock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"


@pytest.fixture(scope="module")
def merged() -> ExtractedDocument:
    return read_path(FIXTURES / "merged.docx")


def _texts(row: TableRow) -> list[str | None]:
    return [None if c is None else c.text for c in row.cells]


def test_paragraphs_and_tables_in_document_order(merged: ExtractedDocument) -> None:
    kinds = ["p" if isinstance(i, TextBlock) else f"t{i.table}" for i in merged.items]
    assert kinds == ["p", "p", "p", "t0", "t0", "t0", "t0", "t0", "p", "t1", "t1", "p"]
    assert merged.media_type.endswith("wordprocessingml.document")
    assert merged.pages is None


def test_paragraph_blocks(merged: ExtractedDocument) -> None:
    blocks = [i for i in merged.items if isinstance(i, TextBlock)]
    assert [b.text for b in blocks] == [
        "临溪市民生实事工作专班办公室",
        "关于全市1-6月民生实事推进情况的通报",
        "上半年，全市新建城市书房12个，完成率85.71%。",  # indenting spaces dropped, as in PDF
        "附件2",
        "2024年7月5日",
    ]
    assert all(b.starts_paragraph for b in blocks)
    assert [b.bold for b in blocks] == [False, True, False, False, False]
    assert [b.origins[0].line for b in blocks] == [1, 2, 3, 9, 12]
    assert all(b.origins[0].page is None for b in blocks)


def test_vertical_merges_are_carried_and_cells_keep_their_paragraphs(
    merged: ExtractedDocument,
) -> None:
    rows = [_texts(i) for i in merged.items if isinstance(i, TableRow) and i.table == 0]
    assert rows == [
        ["序号", "实事名称", "项目名称", "进展情况"],
        ["1", "改善居住条件", "①老旧小区改造", "开工率94.44%。"],
        ["1", "改善居住条件", "②棚户区改造", "完成率80%。\n其中青岭区进度滞后。"],
        ["2", "优化出行", "③公交线路优化", "两个项目均已完成全年目标任务。"],
        ["2", "优化出行", "④公共停车位建设", "两个项目均已完成全年目标任务。"],
    ]
    carried = [i for i in merged.items if isinstance(i, TableRow)][4].cells[3]
    assert carried is not None
    assert carried.origins[0].line == 7  # where the merged cell's text stands


def test_horizontal_merge_appears_once(merged: ExtractedDocument) -> None:
    rows = [_texts(i) for i in merged.items if isinstance(i, TableRow) and i.table == 1]
    assert rows == [["合计", "", "整体进度78.5%。"], ["1", "城市书房建设", "完成率85.71%。"]]


def _docx(build) -> bytes:  # type: ignore[no-untyped-def]
    doc = Document()
    build(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_empty_word_file_is_empty() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(_docx(lambda d: d.add_paragraph("   ")), "blank.docx")
    assert caught.value.reason == "empty"


def test_damaged_word_file_is_corrupt() -> None:
    data = _docx(lambda d: d.add_paragraph("完成率80%。"))
    broken = data.replace(b"word/document.xml", b"word/documenX.xml", 1)
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(broken, "broken.docx")
    assert caught.value.reason in {"corrupt", "unsupported"}
    assert "\n" not in caught.value.message


def test_table_with_a_three_row_merge_and_line_breaks() -> None:
    def build(doc) -> None:  # type: ignore[no-untyped-def]
        table = doc.add_table(rows=4, cols=2)
        table.cell(0, 0).text = "序号"
        table.cell(0, 1).text = "进展情况"
        table.cell(1, 0).text = "7"
        table.cell(1, 0).merge(table.cell(3, 0))
        for r, text in enumerate(["完成率60%。", "完成率70%。", "完成率80%。"], start=1):
            table.cell(r, 1).text = text

    doc = read_bytes(_docx(build), "t.docx")
    rows = [_texts(i) for i in doc.items if isinstance(i, TableRow)]
    assert [r[0] for r in rows] == ["序号", "7", "7", "7"]
    assert [r[1] for r in rows][1:] == ["完成率60%。", "完成率70%。", "完成率80%。"]


def test_list_numbers_drawn_by_word_are_read() -> None:
    doc = read_path(FIXTURES / "numbered.docx")
    blocks = [i.text for i in doc.items if isinstance(i, TextBlock)]
    assert blocks == [
        "临溪市民生实事工作专班办公室",
        "一、工作推进情况",
        "（一）省定民生实事。全市完成率85.71%。",
        "（二）市定民生实事。全市完成率70.39%。",
        "二、存在问题",
        "（一）资金到位不够及时。",  # the lower level restarts under a new heading
    ]
    rows = [(i.table, _texts(i)) for i in doc.items if isinstance(i, TableRow)]
    assert rows == [
        (0, ["序号", "项目名称", "进展情况"]),
        (0, ["1", "①城市书房建设", "完成率70%。"]),
        (0, ["2", "②口袋公园建设", "完成率80%。"]),
        (1, ["序号", "项目名称", "进展情况"]),
        (1, ["1", "③背街小巷改造", "完成率70%。"]),  # startOverride restarts; ③ runs on
    ]


def test_text_in_tracked_insertions_and_content_controls_is_read() -> None:
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def build(doc) -> None:  # type: ignore[no-untyped-def]
        paragraph = doc.add_paragraph("全市新建城市书房12个，")
        for xml in (
            f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>旧数字</w:delText></w:r></w:del>',
            f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>完成率</w:t></w:r></w:ins>',
            f"<w:sdt {w}><w:sdtContent><w:r><w:t>85.71%</w:t></w:r></w:sdtContent></w:sdt>",
            f"<w:r {w}><w:tab/><w:t>（截至6月底）</w:t></w:r>",
        ):
            paragraph._p.append(parse_xml(xml))

    doc = read_bytes(_docx(build), "tracked.docx")
    blocks = [i.text for i in doc.items if isinstance(i, TextBlock)]
    assert blocks == ["全市新建城市书房12个，完成率85.71%\t（截至6月底）"]
