"""OCR of scanned circulars: layout from boxes, figure review, and real scans read back."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from parsers import ocr_engine, parse_path
from parsers.ocr_layout import RawBox, layout_page, repair, skew_angle
from parsers.ocr_review import review_facts
from parsers.readers import read_bytes
from schemas.circular import Fact, SourceRef
from schemas.errors import UnreadableDocument
from schemas.extracted import ExtractedDocument, OcrSpan, TextBlock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"
needs_engine = pytest.mark.skipif(
    ocr_engine.missing() is not None, reason=str(ocr_engine.missing())
)


def _box(x0: float, y0: float, x1: float, y1: float, text: str, score: float = 0.99) -> RawBox:
    return RawBox(((x0, y0), (x1, y0), (x1, y1), (x0, y1)), text, [score] * len(text))


def test_boxes_make_numbered_lines_in_points() -> None:
    boxes = [
        _box(100, 100, 700, 130, "关于全市重点民生实事推进情况的通报"),
        _box(100, 160, 500, 190, "完成率为60.5%。", 0.6),
    ]
    page, spans = layout_page(3, boxes, [], scale=0.5, size=(1240, 1754), angle=0.0)
    assert [(ln.number, ln.text) for ln in page.lines] == [
        (1, "关于全市重点民生实事推进情况的通报"),
        (2, "完成率为60.5%。"),
    ]
    assert page.lines[0].x0 == pytest.approx(50)
    assert [(s.page, s.line, s.box) for s in spans] == [
        (3, 1, (50.0, 50.0, 350.0, 65.0)),
        (3, 2, (50.0, 80.0, 250.0, 95.0)),
    ]


def test_ruled_cells_become_a_table_row() -> None:
    cells = [[(90, 90, 300, 140), (300, 90, 800, 140)]]
    boxes = [_box(100, 100, 200, 130, "(1)公园"), _box(310, 100, 700, 130, "完成率44.32%")]
    page, _ = layout_page(1, boxes, cells, scale=0.5, size=(1240, 1754), angle=0.0)
    assert not page.lines
    [table] = page.tables
    assert [[c.lines[0][0] for c in row if c] for row in table.rows] == [
        ["（1）公园", "完成率44.32%"]
    ]


def test_skew_is_measured_and_taken_out() -> None:
    turned = RawBox(((100, 110), (700, 100), (700, 130), (100, 140)), "一行字" * 6, [0.99] * 18)
    angle = skew_angle([turned])
    assert angle == pytest.approx(0.95, abs=0.05)
    _, [span] = layout_page(1, [turned], [], scale=1.0, size=(800, 1000), angle=angle)
    assert span.box[3] - span.box[1] < 35  # level again: about the box's own height


def _fact(
    text: str, start: int, end: int, value: float, project: str = "建设城市口袋公园30个"
) -> Fact:
    return Fact(
        level="city",
        project_no=3,
        project=project,
        metric="完成率",
        value=value,
        section="attachment2",
        source=SourceRef(page=2, line=5, start=start, end=end, text=text),
    )


def _doc(spans: list[OcrSpan]) -> ExtractedDocument:
    return ExtractedDocument(
        sha256="0" * 64,
        media_type="application/pdf",
        items=[TextBlock(text="x", origins=[])],
        ocr_pages=[2],
        ocr=spans,
    )


def test_low_confidence_figure_is_flagged_with_its_box() -> None:
    text = "已建成口袋公园13个，完成率44.32%。"
    scores = [0.99] * len(text)
    scores[text.index("3", 14)] = 0.41  # the "3" of 44.32
    span = OcrSpan(page=2, line=5, text=text, scores=scores, box=(100, 200, 300, 214))
    fact = _fact(text, text.index("44"), text.index("%") + 1, 44.32, project="建设城市口袋公园")
    review_facts([fact], _doc([span]))
    assert fact.needs_review
    assert fact.confidence == pytest.approx(0.41)
    assert "OCR confidence 0.41 in '44.32%'" in (fact.review_reason or "")
    assert fact.source.box is not None and 200 < fact.source.box[0] < fact.source.box[2] <= 300


def test_a_row_that_does_not_add_up_is_flagged() -> None:
    text = "已建成口袋公园13个，完成率74.32%。"  # 13 of 30 is 43.33%
    span = OcrSpan(page=2, line=5, text=text, scores=[0.99] * len(text), box=(0, 0, 10, 10))
    fact = _fact(text, text.index("74"), text.index("%") + 1, 74.32)
    good = _fact(text.replace("74.32", "43.33"), 14, 20, 43.33)
    good_span = span.model_copy(update={"text": good.source.text, "line": 6})
    good.source.line = 6
    review_facts([fact, good], _doc([span, good_span]))
    assert fact.needs_review and "13/30个 is 43.33%" in (fact.review_reason or "")
    assert not good.needs_review and good.confidence == pytest.approx(0.99)


def test_a_shaky_place_in_the_clause_flags_its_figure() -> None:
    text = "其中，郝东未达序时，进度为3.94%；南岳区未达序时，进度为16.12%。"
    scores = [0.99] * len(text)
    scores[text.index("郝")] = 0.35  # 祁 read as 郝: the place is lost, the figure is not
    span = OcrSpan(page=2, line=5, text=text, scores=scores, box=(0, 0, 10, 10))
    shaky = _fact(text, text.index("3.94"), text.index("3.94") + 5, 3.94)
    sure = _fact(text, text.index("16.12"), text.index("16.12") + 6, 16.12)
    review_facts([shaky, sure], _doc([span]))
    assert shaky.needs_review and "0.35 in '郝'" in (shaky.review_reason or "")
    assert not sure.needs_review


def test_a_shaky_place_on_the_line_above_flags_the_clause_it_begins() -> None:
    above = "（一）部分项目推进滞后。“乡村教师周转宿舍建设”项目中，郝东县"
    text = "（19.66%）、南岳区（35.9%）进度未达序时；“村卫生室标准化建设”项目"
    scores = [0.99] * len(above)
    scores[above.index("郝")] = 0.5  # 祁东 or 衡东: the clause's places are lost
    spans = [
        OcrSpan(page=2, line=4, text=above, scores=scores, box=(0, 0, 10, 10)),
        OcrSpan(page=2, line=5, text=text, scores=[0.99] * len(text), box=(0, 20, 10, 30)),
    ]
    fact = _fact(text, text.index("35.9"), text.index("35.9") + 5, 35.9)
    review_facts([fact], _doc(spans))
    assert fact.needs_review and "0.50 in '郝'" in (fact.review_reason or "")


def test_figures_run_together_in_a_list_are_flagged() -> None:
    text = "序时进度分别为3.54%、9.29% 16.49%。"
    span = OcrSpan(page=2, line=5, text=text, scores=[0.99] * len(text), box=(0, 0, 10, 10))
    fact = _fact(text, text.index("9.29"), text.index("9.29") + 5, 9.29)
    review_facts([fact], _doc([span]))
    assert fact.needs_review and "not separated" in (fact.review_reason or "")


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("完成率18:61%", "完成率18.61%"),  # a decimal point read as a colon
        ("进度19,75%。", "进度19.75%。"),
        ("截至3月31日，完成2,000户", "截至3月31日，完成2,000户"),  # no % after: left alone
    ],
)
def test_a_slipped_decimal_point_is_put_back_and_doubted(read: str, expected: str) -> None:
    fixed = repair(_box(0, 0, 100, 10, read))
    assert fixed.text == expected
    assert (min(fixed.scores) <= 0.5) == (read != expected)


def test_text_layer_facts_are_not_touched() -> None:
    fact = _fact("完成率44.32%", 3, 9, 44.32)
    review_facts([fact], _doc([]).model_copy(update={"ocr_pages": []}))
    assert fact.confidence is None and not fact.needs_review


@needs_engine
def test_scanned_fixture_loads_facts() -> None:
    result = parse_path(FIXTURES / "scanned.pdf")
    assert result.meta.city == "衡阳市" and result.meta.period_end_month == 3
    values = {f.value: f for f in result.facts}
    assert set(values) == {60.5, 44.32, 53.12}
    assert values[60.5].source.page == 1 and values[44.32].source.page == 2
    assert all(f.confidence is not None and f.source.box for f in result.facts)


@needs_engine
def test_cid_font_fixture_loads_facts() -> None:
    # a font with no Unicode map: the text layer reads "(cid:N)", the page image reads
    result = parse_path(FIXTURES / "cid_no_unicode.pdf")
    assert result.meta.city == "常德市" and result.meta.period_end_month == 6
    assert sorted((f.metric, f.value) for f in result.facts) == [("完成率", 62.4), ("完成率", 75.0)]
    assert all(f.confidence is not None and f.source.box for f in result.facts)


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("scanned.pdf", "scanned PDF: 2 of 2 pages"),
        ("cid_no_unicode.pdf", "100% of the characters have no Unicode mapping"),
    ],
)
def test_without_the_engine_the_reason_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, name: str, start: str
) -> None:
    monkeypatch.setattr(ocr_engine, "missing", lambda: "the OCR engine is not installed (x)")
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes((FIXTURES / name).read_bytes(), name)
    assert caught.value.reason == "needs_ocr"
    assert caught.value.message.startswith(f"{name}: {start}")
    assert caught.value.message.endswith("the OCR engine is not installed (x)")


def _text_pdf(lines: list[str]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(595.27, 841.89))
    c.setFont("STSong-Light", 14)
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 28 * i, line)
    c.showPage()
    c.save()
    return buf.getvalue()


@needs_engine
def test_mixed_pdf_ocrs_only_its_scanned_page() -> None:
    import pypdfium2 as pdfium

    from synth.scan import scan_pdf

    text = _text_pdf(["衡阳市重点民生实事工作领导小组办公室", "截至3月底，完成率为60.5%。"])
    scanned = scan_pdf(text, dpi=150, seed=1)
    merged = pdfium.PdfDocument.new()
    merged.import_pages(pdfium.PdfDocument(text))
    merged.import_pages(pdfium.PdfDocument(scanned))
    out = io.BytesIO()
    merged.save(out)
    doc = read_bytes(out.getvalue(), "mixed.pdf")
    assert doc.ocr_pages == [2]
    pages = Counter(
        b.origins[0].page for b in doc.items if isinstance(b, TextBlock) and "60.5%" in b.text
    )
    assert pages == {1: 1, 2: 1}  # page 1 from its text layer, page 2 by OCR
    assert {s.page for s in doc.ocr} == {2}
    assert any("60.5" in s.text for s in doc.ocr)
