"""Reading real PDF files: tables, faux bold, scans, CID fonts, encryption, damage."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pdfplumber
import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.pdf_layout import Line, starts_paragraph
from parsers.readers import read_bytes, read_path
from schemas.errors import UnreadableDocument
from schemas.extracted import ExtractedDocument, TableRow, TextBlock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
CORPUS_PDF = CORPUS / "shaoyang-2024-09.pdf"


def _blocks(doc: ExtractedDocument) -> list[TextBlock]:
    return [i for i in doc.items if isinstance(i, TextBlock)]


def _rows(doc: ExtractedDocument, table: int) -> list[list[str | None]]:
    return [
        [None if c is None else c.text for c in i.cells]
        for i in doc.items
        if isinstance(i, TableRow) and i.table == table
    ]


@pytest.fixture(scope="module")
def table_break() -> ExtractedDocument:
    return read_path(FIXTURES / "table_break.pdf")


def test_document_info(table_break: ExtractedDocument) -> None:
    data = (FIXTURES / "table_break.pdf").read_bytes()
    assert table_break.sha256 == hashlib.sha256(data).hexdigest()
    assert table_break.media_type == "application/pdf"
    assert table_break.pages == 2
    assert table_break.filename == "table_break.pdf"


def test_table_across_a_page_break_is_rebuilt(table_break: ExtractedDocument) -> None:
    rows = _rows(table_break, 0)
    assert rows == [
        ["序号", "实事名称", "项目名称", "进展情况"],
        ["1", "改善居住\n条件", "①老旧小区改造", "开工85个小区，开工率94.44%。"],
        ["1", "改善居住\n条件", "②棚户区改造", "完成1200套，完成率80%。"],
        [
            "2",
            "提升医疗\n服务水平",
            "③乡镇卫生院\n提质改造",
            "完成提质改造21所，完成率\n87.5%，整体形象进度90%。",
        ],
        [
            "2",
            "提升医疗\n服务水平",
            "④村卫生室建设",
            "已建成村卫生室300个，完成率\n75%，其中白石县进度滞后。",
        ],
        ["2", "提升医疗\n服务水平", "⑤家庭医生签约", "签约率66.5%。"],
        ["3", "优化出行", "⑥公交线路优化", "两个项目均已完成全年目标任务。"],
        ["3", "优化出行", "⑦公共停车位建设", "两个项目均已完成全年目标任务。"],
    ]


def test_watermark_is_left_out_with_a_warning(table_break: ExtractedDocument) -> None:
    assert table_break.warnings == ["page 2: 4 turned characters (a watermark or stamp?) left out"]
    texts = [b.text for b in _blocks(table_break)]
    assert not any(ch in t for t in texts for ch in "内部资料")


def _char(a: float, b: float, size: float = 14) -> dict[str, object]:
    return {"matrix": (a, b, -b, a, 0, 0), "size": size, "text": "资"}


@pytest.mark.parametrize(
    ("char", "watermark"),
    [
        (_char(14, 0), False),  # upright text
        (_char(14, 0, size=40), False),  # a large title is text
        (_char(30, 30, size=42), True),  # slanted
        (_char(10, 10), True),  # slanted, even small
        (_char(0, 14), False),  # a quarter turn at text size: a narrow column's header
        (_char(0, 40, size=40), True),  # a quarter turn, much larger than the text
    ],
)
def test_watermark_glyphs(char: dict[str, object], watermark: bool) -> None:
    from parsers.pdf_glyphs import is_watermark

    assert is_watermark(char, 14) is watermark


def test_horizontal_merge_is_blank_not_carried(table_break: ExtractedDocument) -> None:
    assert _rows(table_break, 1) == [
        ["序号", "实事名称", "进展情况"],
        ["1", "新增公办幼儿园学位", "新增学位2400个，进度为60%。"],
        ["合计", "", "整体进度78.5%。"],
    ]


def test_origins_point_at_the_page_and_line_of_each_part(table_break: ExtractedDocument) -> None:
    row = [i for i in table_break.items if isinstance(i, TableRow) and i.table == 0][4]
    progress = row.cells[3]
    assert progress is not None
    head, tail = progress.locate(0), progress.locate(progress.text.index("75%"))
    assert head.page == 1
    assert tail.page == 2
    assert tail.line == 2  # the repeated header is line 1 of page 2
    header = next(i for i in table_break.items if isinstance(i, TableRow)).cells[0]
    assert header is not None
    first_rows = [b for b in _blocks(table_break) if b.origins[0].page == 1]
    # the table header stands on the line after the last prose line above it ("附件1")
    assert (
        header.origins[0].line
        == max(b.origins[0].line for b in first_rows if b.text == "附件1") + 1
    )


def test_prose_lines_in_reading_order_with_paragraph_starts(table_break: ExtractedDocument) -> None:
    blocks = _blocks(table_break)
    texts = [b.text for b in blocks]
    assert texts[:4] == [
        "临溪市民生实事工作专班办公室",
        "关于全市1-6月民生实事推进情况的通报",
        "各县市区专班，市直有关单位：",
        "上半年，全市民生实事总体推进平稳，十个项目中有六个",
    ]
    starts = {b.text: b.starts_paragraph for b in blocks}
    assert starts["上半年，全市民生实事总体推进平稳，十个项目中有六个"] is True
    assert starts["项目达到序时进度，四个项目进度偏慢，现将有关情况通"] is False
    assert starts["报如下。"] is False
    assert starts["一、总体情况"] is True  # indented, after a short line
    lines = [b.origins[0].line for b in blocks if b.origins[0].page == 1]
    assert lines == sorted(lines)
    assert "附件2" in texts
    assert not any("序号" in t for t in texts)  # table text is not repeated as prose


def test_bold_line_is_marked(table_break: ExtractedDocument) -> None:
    bold = [b.text for b in _blocks(table_break) if b.bold]
    assert bold == ["2024 H1"]


def test_faux_bold_is_read_once() -> None:
    raw = pdfplumber.open(FIXTURES / "faux_bold.pdf").pages[0].extract_text()
    assert "9944..4444%%" in raw  # the fixture does double its glyphs
    doc = read_path(FIXTURES / "faux_bold.pdf")
    assert [b.text for b in _blocks(doc)] == [
        "全市开工率94.44%，完成率100%。",
        "以上为上半年数据。",
        "数据来源：各县市区。",
    ]
    assert not any(isinstance(i, TableRow) for i in doc.items)  # a one-column frame is prose


@pytest.mark.parametrize(
    ("name", "reason", "message"),
    [
        ("encrypted.pdf", "encrypted", "encrypted"),
        ("truncated.pdf", "corrupt", "truncated PDF"),
    ],
)
def test_unreadable_pdfs(name: str, reason: str, message: str) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        read_path(FIXTURES / name)
    assert caught.value.reason == reason
    assert message in caught.value.message
    assert "\n" not in caught.value.message
    assert caught.value.message.startswith(name)


def test_cid_fixture_really_yields_cid_codes() -> None:
    text = pdfplumber.open(FIXTURES / "cid_no_unicode.pdf").pages[0].extract_text()
    assert text.startswith("(cid:")


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d[:9] + b"\x00" * 400 + d[409:],  # the first objects overwritten
        lambda d: d.replace(b"xref", b"xxxx").replace(b"startxref", b"startxxxx"),
        lambda d: b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",
    ],
)
def test_damaged_pdf_is_corrupt_never_a_pdfminer_error(damage) -> None:  # type: ignore[no-untyped-def]
    data = damage((FIXTURES / "table_break.pdf").read_bytes())
    try:
        doc = read_bytes(data, "broken.pdf")
    except UnreadableDocument as exc:
        assert exc.reason in {"corrupt", "needs_ocr", "empty"}
    else:  # pdfminer can rebuild a lost xref; then the text must still be there
        assert any(isinstance(i, TableRow) for i in doc.items)


def _line(x0: float, x1: float, size: float = 16, text: str = "完成率") -> Line:
    return Line(text=text, x0=x0, x1=x1, top=0, bottom=size, size=size, bold=False)


@pytest.mark.parametrize(
    ("line", "previous", "starts"),
    [
        (_line(75, 525), None, True),  # first line of the document
        (_line(107, 525), _line(75, 525), True),  # indented two characters
        (_line(75, 525), _line(75, 525), False),  # a running line
        (_line(75, 525), _line(75, 300, text="进度滞后。"), True),  # the line before ended
        (_line(75, 525), _line(75, 480, text="衡山（"), False),  # short, but mid-sentence
        (_line(75, 525), _line(75, 300, text="衡山（"), True),  # far too short to run on
        (_line(75, 525), _line(380, 520, text="2024年7月5日"), True),  # after a right-aligned line
        (_line(220, 380), _line(75, 525), True),  # centred
        (_line(75, 525, size=22), _line(75, 525), True),  # another font size
        (_line(80, 525), _line(75, 520), False),  # a few points off is noise
    ],
)
def test_starts_paragraph(line: Line, previous: Line | None, starts: bool) -> None:
    assert starts_paragraph(line, previous, left=75, right=525) is starts


@pytest.fixture(scope="module")
def corpus_doc() -> ExtractedDocument:
    return read_path(CORPUS_PDF)


@pytest.mark.skipif(not CORPUS_PDF.exists(), reason="the shared corpus is not present")
class TestCorpusCircular:
    @pytest.fixture
    def doc(self, corpus_doc: ExtractedDocument) -> ExtractedDocument:
        return corpus_doc

    def test_province_table(self, doc: ExtractedDocument) -> None:
        rows = _rows(doc, 0)
        assert rows[0] == ["序号", "实事名称", "项目名称", "进展情况"]
        assert sum(1 for r in rows if r == rows[0]) == 1  # repeated headers dropped
        data = rows[1:]
        assert len(data) == 24
        marks = [regex.match(r"\p{No}", r[2] or "").group() for r in data]  # type: ignore[union-attr]
        assert marks[21:] == ["㉒", "㉓", "㉔"]
        assert [int(r[0] or 0) for r in data] == sorted(int(r[0] or 0) for r in data)
        assert {r[0] for r in data} == {str(n) for n in range(1, 11)}
        assert all(r[1] and r[3] for r in data)  # category and progress carried into every row
        by_mark = dict(zip(marks, data, strict=True))
        assert by_mark["⑥"][3] == by_mark["⑤"][3] == by_mark["⑦"][3]
        assert "".join(by_mark["②"][1].split()) == "".join(by_mark["①"][1].split())

    def test_city_table(self, doc: ExtractedDocument) -> None:
        rows = _rows(doc, 1)
        assert rows[0] == ["序号", "实事名称", "进展情况"]
        assert [r[0] for r in rows[1:]] == [
            "1",
            "2",
            "3",
            "3",
            "4",
            "5",
            "5",
            "6",
            "7",
            "8",
            "9",
            "10",
        ]
        assert len({t for t in (r[1] for r in rows[1:])}) == 12

    def test_prose_and_pages(self, doc: ExtractedDocument) -> None:
        assert doc.pages == 10
        assert not doc.warnings
        blocks = _blocks(doc)
        assert all(b.origins[0].page for b in blocks)
        assert sum(b.starts_paragraph is True for b in blocks) < len(blocks) / 2
        assert not any("(cid:" in b.text for b in blocks)
        assert not any(regex.search(r"(\d)\1(\.)\2", b.text) for b in blocks)


@pytest.mark.parametrize("name", ["faux_bold.pdf", "table_break.pdf"])
def test_dedupe_chars_matches_pdfplumber(name: str) -> None:
    from pdfplumber.utils import dedupe_chars as reference

    from parsers.pdf_glyphs import dedupe_chars

    with pdfplumber.open(FIXTURES / name) as pdf:
        for page in pdf.pages:
            ours, theirs = dedupe_chars(page.chars), reference(page.chars)
            assert [id(c) for c in ours] == [id(c) for c in theirs]
    assert len(theirs) < len(page.chars) or name != "faux_bold.pdf"


def test_blank_pdf_is_empty_not_scanned() -> None:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.showPage()
    canvas.save()
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(out.getvalue(), "blank.pdf")
    assert caught.value.reason == "empty"


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["table_break.pdf", "faux_bold.pdf", "merged.docx"]),
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), max_size=6),
    cut=st.one_of(st.just(1.0), st.floats(0.5, 1)),
)
def test_damaged_files_never_leak_library_errors(
    name: str, flips: list[tuple[float, int]], cut: float
) -> None:
    data = bytearray((FIXTURES / name).read_bytes())
    for where, value in flips:
        data[int(where * len(data))] = value
    data = data[: max(1, int(cut * len(data)))]
    try:
        doc = read_bytes(bytes(data), name)
    except UnreadableDocument as exc:
        # a flipped size field may make a member claim megabytes: refused as a bomb, a reason too
        reasons = {"corrupt", "needs_ocr", "empty", "unsupported", "bad_encoding", "bomb"}
        assert exc.reason in reasons
        assert "\n" not in exc.message
    else:
        assert doc.items


def test_permissions_only_encryption_still_reads() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    lock = StandardEncryption("", ownerPassword="owner-2024", canCopy=0, canModify=0)
    canvas = Canvas(out, invariant=1, encrypt=lock)
    canvas.setFont("Helvetica", 14)
    canvas.drawString(72, 760, "Progress 85.71% by June")
    canvas.showPage()
    canvas.save()
    doc = read_bytes(out.getvalue(), "locked.pdf")
    assert [b.text for b in _blocks(doc)] == ["Progress 85.71% by June"]


def test_a_few_unmapped_glyphs_read_as_replacement_characters_with_a_warning() -> None:
    raw = pdfplumber.open(FIXTURES / "cid_partial.pdf").pages[0].extract_text()
    assert raw.startswith("(cid:")
    doc = read_path(FIXTURES / "cid_partial.pdf")
    texts = [b.text for b in _blocks(doc)]
    assert texts[0] == "\ufffdProject 1: progress 80.5% by June"
    assert len(texts) == 8
    assert doc.warnings == [
        "page 1: 8 characters have no Unicode mapping (cid:N) and read as \ufffd"
    ]


def test_kangxi_radicals_from_a_font_map_are_folded() -> None:
    raw = pdfplumber.open(FIXTURES / "radicals.pdf").pages[0].extract_text()
    assert raw.startswith("⼀⾏⽉")  # what the font's Unicode map says
    doc = read_path(FIXTURES / "radicals.pdf")
    assert [b.text for b in _blocks(doc)] == ["一行月一 85.71%"]


def test_libreoffice_rows_broken_across_pages_read_as_in_word() -> None:
    def rows(doc: ExtractedDocument) -> list[list[str]]:
        return [
            ["".join((c.text if c else "").split()) for c in i.cells]
            for i in doc.items
            if isinstance(i, TableRow)
        ]

    pdf = read_path(FIXTURES / "row_break.pdf")
    word = read_path(FIXTURES / "row_break.docx")
    assert pdf.pages == 5
    assert rows(pdf) == rows(word)
    assert [r[0] for r in rows(pdf)] == ["序号", "1", "1", "2", "2", "3", "3"]
    broken = [i for i in pdf.items if isinstance(i, TableRow)][3].cells[3]
    assert broken is not None
    assert {o.page for o in broken.origins} == {3, 4}  # ③'s progress runs onto page 4
