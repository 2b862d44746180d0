"""What OCR misreads and how it is put back or flagged: place names and header words off by a
character, specks read as marks beside numbers, project numbers the recogniser cannot read."""

from __future__ import annotations

import pytest

from parsers import ocr_engine, parse_document
from parsers.ocr_layout import RawBox, repair
from parsers.ocr_lexicon import REPAIRED_SCORE, document_city, repair_words
from parsers.ocr_pages import _empty_cells
from parsers.ocr_review import review_facts
from schemas.circular import Fact, SourceRef
from schemas.extracted import ExtractedDocument, LineOrigin, OcrSpan, TableRow, TextBlock


def _box(text: str, unsure: dict[int, float] | None = None) -> RawBox:
    scores = [0.99] * len(text)
    for i, score in (unsure or {}).items():
        scores[i] = score
    return RawBox(((0, 0), (100, 0), (100, 10), (0, 10)), text, scores)


@pytest.mark.parametrize(
    ("read", "unsure", "city", "expected"),
    [
        ("其中，郝东县、衡东县未达序时", {3: 0.35}, "衡阳市", "其中，祁东县、衡东县未达序时"),
        ("来阳正在开展前期工作", {0: 0.42}, "衡阳市", "耒阳正在开展前期工作"),
        # 祁东 or 衡东: two words would fit, the place stays as read (and doubted)
        ("其中，郝东未达序时", {3: 0.35}, "衡阳市", "其中，郝东未达序时"),
        ("石内县正在开展前期工作", {1: 0.67}, "常德市", "石门县正在开展前期工作"),
        ("泪罗正在进行设备安装调试", {0: 0.61}, "岳阳市", "汨罗正在进行设备安装调试"),
        ("项自名称", {1: 0.57}, None, "项目名称"),
        # read surely: a word of its own, not a slip
        ("石内县正在开展前期工作", {}, "常德市", "石内县正在开展前期工作"),
        # another county of the same city is left as read
        ("衡南县未达序时", {1: 0.5}, "衡阳市", "衡南县未达序时"),
        # a word of its own, read fairly surely, beside a two-character county name: doubted
        ("建设更高水平平安城市", {7: 0.8}, "岳阳市", "建设更高水平平安城市"),
        # "石" left on the line above: "内县" is doubted (澧县?), not put back
        ("内县主体工程已完工", {0: 0.81}, "常德市", "内县主体工程已完工"),
        # a county of another city is no word of this document's lexicon
        ("郝东县未达序时", {0: 0.35}, "岳阳市", "郝东县未达序时"),
    ],
)
def test_a_word_misread_by_one_unsure_character_is_put_back(
    read: str, unsure: dict[int, float], city: str | None, expected: str
) -> None:
    [fixed] = repair_words([_box(read, unsure)], city)
    assert fixed.text == expected
    # a character put back (or that two words would put back) is doubted: a figure told of
    # the place goes to review
    assert all(fixed.scores[i] <= REPAIRED_SCORE for i in (unsure if read != expected else {}))
    doubted = {"郝东未": 3, "平安城": 7, "内县主": 0}
    for part, i in doubted.items():
        if part in read:
            assert fixed.scores[i] <= REPAIRED_SCORE


def test_the_document_city_is_the_one_named_most() -> None:
    texts = ["衡阳市重点民生实事工作领导小组办公室", "衡阳市民生实事", "对接长沙市"]
    assert document_city(texts) == "衡阳市"
    assert document_city(["长沙市", "衡阳市"]) is None  # a tie names none


@pytest.mark.parametrize(
    ("read", "unsure", "expected"),
    [
        ("9”", {}, "9"),  # a 序号 cell with a speck after its number
        ("6.", {}, "6"),
        ("(1).新建改扩建公办幼儿园", {3: 0.4}, "（1）新建改扩建公办幼儿园"),
        ("(6):65岁以上老年人", {3: 0.3}, "（6）65岁以上老年人"),
        ("(6):65岁以上老年人", {}, "（6）：65岁以上老年人"),  # printed, as sure as the rest
        ("完成率19.60%", {}, "完成率19.60%"),
        ("已建成助餐点26个，进度为.26.34%。", {}, "已建成助餐点26个，进度为26.34%。"),
        ("完成改造1422户，进度为98.1.%。", {}, "完成改造1422户，进度为98.1%。"),
        ("1.新建改扩建公办幼儿园", {}, "1.新建改扩建公办幼儿园"),
    ],
)
def test_a_speck_beside_a_number_is_dropped(
    read: str, unsure: dict[int, float], expected: str
) -> None:
    fixed = repair(_box(read, unsure))
    assert fixed.text.replace(":", "：") == expected.replace(":", "：")
    assert len(fixed.scores) == len(fixed.text)
    if "%" in read:  # a point dropped beside a figure may have hidden a digit: doubted
        assert (min(fixed.scores) < 0.9) == (read != expected)


def _fact(project: str, project_no: int, text: str, value: float) -> Fact:
    start = text.index(f"{value:g}")
    return Fact(
        level="province",
        project_no=project_no,
        project=project,
        metric="进度",
        value=value,
        section="attachment1",
        source=SourceRef(page=7, line=20, start=start, end=start + len(f"{value:g}%"), text=text),
    )


def _span(text: str, line: int, unsure: dict[int, float] | None = None) -> OcrSpan:
    scores = [0.99] * len(text)
    for i, score in (unsure or {}).items():
        scores[i] = score
    return OcrSpan(page=7, line=line, text=text, scores=scores, box=(0, 0, 100, 10))


def test_a_project_number_the_recogniser_could_not_read_flags_its_figures() -> None:
    progress = "完成检查95456人，完成进度100.64%。"
    read = _fact("农村适龄妇女“两癌”免费检查", 8, progress, 100.64)
    lost = _fact("康复救助残疾儿童", 10, "全市参训残疾儿童1035人，进度112.5%。", 112.5)
    sure = _fact("建成县域普通高中“徐特立项目”", 1, "全市10所县域普高，进度94.44%。", 94.44)
    lost.source.line, sure.source.line = 21, 22
    spans = [
        _span("③农村适龄妇女“两癌”免费检查", 19),  # ⑧ read as ③, surely
        _span(progress, 20),
        _span("@康复救助残疾儿童", 21, {0: 0.71}),  # ⑩ is not in the recogniser's characters
        _span(lost.source.text, 21),
        _span("①建成县域普通高中“徐特立项目”", 22),
        _span(sure.source.text, 22),
    ]
    doc = ExtractedDocument(
        sha256="0" * 64,
        media_type="application/pdf",
        items=[TextBlock(text="x", origins=[])],
        ocr_pages=[7],
        ocr=spans,
    )
    review_facts([read, lost, sure], doc)
    assert read.needs_review and "read as '③'" in (read.review_reason or "")
    assert lost.needs_review and "not read ('@康')" in (lost.review_reason or "")
    assert not sure.needs_review


@pytest.mark.skipif(ocr_engine.missing() is not None, reason=str(ocr_engine.missing()))
def test_a_lone_number_of_a_merged_cell_is_read_from_its_band_of_ink() -> None:
    """The detector leaves a lone "7" out; specks in the same columns above and below it must
    not make its crop a tall strip that reads as nothing."""
    import numpy as np
    from PIL import Image, ImageDraw

    from synth.scan import _font

    image = Image.new("L", (80, 220), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 110), "7", fill=0, font=_font(22), anchor="mm")
    for y in (40, 41, 175, 176):  # specks of the scan, well above and below the number
        draw.point([(38, y), (39, y), (41, y), (42, y)], fill=0)
    [found] = _empty_cells(np.asarray(image), [], [[(0.0, 0.0, 80.0, 220.0)]], 0.0)
    assert found.text == "7"


def test_a_figure_whose_table_row_came_apart_is_flagged() -> None:
    """Progress text that went with the row below: it stands above its project's name."""
    shifted = _fact("农村公益电影放映", 22, "全市放映公益电影29499场，进度为99.09%。", 99.09)
    shifted.source.line = 26
    spans = [
        _span(shifted.source.text, 26),
        _span("（22）农村公益电影放映", 28),  # the name the progress text was given
        _span("（21）城市书房建设", 25),
    ]
    doc = ExtractedDocument(
        sha256="0" * 64,
        media_type="application/pdf",
        items=[TextBlock(text="x", origins=[])],
        ocr_pages=[7],
        ocr=spans,
    )
    review_facts([shifted], doc)
    assert shifted.needs_review
    assert "above its project's name (line 28)" in (shifted.review_reason or "")


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("4:", "4"),  # a speck after a 序号 read as a colon
        ("S", "5"),  # a 序号 read as a letter
        ("1O", "10"),
        ("HPV", "HPV"),  # letters of a word are no number
    ],
)
def test_a_number_cell_misread_is_put_back(read: str, expected: str) -> None:
    fixed = repair(_box(read))
    assert fixed.text == expected
    # a letter put back for a digit is doubted
    assert (min(fixed.scores) <= 0.5) == any(c.isalpha() for c in read if expected != read)


def _row(number: str, name: str, progress: str, line: int) -> TableRow:
    return TableRow(
        table=0,
        cells=[
            TextBlock(text=text, origins=[LineOrigin(offset=0, page=2, line=line)])
            for text in (number, name, progress)
        ],
    )


def test_a_city_row_whose_number_did_not_read_takes_it_from_the_rows_around() -> None:
    rows = [
        ("1", "新增城区公共停车泊位", "完成率27.47%"),
        ("2", "改造提升背街小巷", "完成率23.30%"),
        ("", "建设城市口袋公园", "完成率19%"),  # between 2 and 4: 3
        ("4", "城区易涝点整治", "完成率32.27%"),
        ("5", "老年助餐服务点建设", "完成率34.93%"),
        ("5", "社区老年食堂建设", "完成率20.89%"),  # a merged 序号: 5 as well
        ("", "脑卒中高危人群筛查", "完成率26.46%"),  # last: no number below to tell
    ]
    items: list[TextBlock | TableRow] = [
        TextBlock(text="附件2", origins=[LineOrigin(offset=0, page=2, line=1)]),
        TextBlock(
            text="全市市定重点民生实事进度表", origins=[LineOrigin(offset=0, page=2, line=2)]
        ),
        _row("序号", "实事名称", "进展情况", 3),
    ]
    items += [_row(n, name, text, 4 + k) for k, (n, name, text) in enumerate(rows)]
    spans = [_span(text, 4 + k) for k, (_, _, text) in enumerate(rows)]
    doc = ExtractedDocument(
        sha256="0" * 64,
        media_type="application/pdf",
        pages=2,
        items=items,
        ocr_pages=[2],
        ocr=[s.model_copy(update={"page": 2}) for s in spans],
    )
    result = parse_document(doc)
    numbers = {f.project: (f.project_no, f.needs_review) for f in result.facts}
    assert numbers == {
        "新增城区公共停车泊位": (1, False),
        "改造提升背街小巷": (2, False),
        "建设城市口袋公园": (3, False),
        "城区易涝点整治": (4, False),
        "老年助餐服务点建设": (5, False),
        "社区老年食堂建设": (5, False),
        "脑卒中高危人群筛查": (5, True),
    }
    [doubted] = [f for f in result.facts if f.needs_review]
    assert "project number not read ('')" in (doubted.review_reason or "")
