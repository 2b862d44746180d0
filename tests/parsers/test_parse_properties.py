"""Properties of the whole parse: it never raises, and every fact points at its own figure."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import parsers
from schemas.circular import ParseResult
from schemas.extracted import ExtractedDocument, LineOrigin, TableRow, TextBlock

FRAGMENTS = [
    "某市民生实事工作领导小组办公室",
    "关于全市1-9月重点民生实事推进情况的通报",
    "一、总体情况",
    "三、特色亮点",
    "（一）个别项目进度核减。",
    "其中，",
    "“城镇老旧小区改造”项目进度滞后。",
    "附件1",
    "附件二",
    "（省定重点民生实事）",
    "序号\t实事名称\t项目名称\t进展情况",
    "序号\t实事名称\t进展情况",
    "\t\t",
    "2024年10月9日",
    "二〇二四年十月九日",
    "由上期的",
    "调减至",
    "分别为",
    "、",
    "，",
    "；",
    "。",
    "\n",
    "\t",
]
PIECES = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(["醴陵市", "攸县", "北川", "市本级", "经开区", "大祥区、双清区"]),
    st.sampled_from(["进度为", "完成率达", "完成年度任务的", "序时进度", "占年度计划的"]),
    st.builds(lambda v: f"{v}%", st.decimals(0, 300, places=2).map(str)),
    st.builds(lambda n: f"{n}\t", st.integers(0, 30)),
    st.sampled_from(["①", "㉑", "(3)", "（12）", "7."]),
    st.text(max_size=8),
)


def _check(result: ParseResult) -> None:
    for fact in result.facts:
        src = fact.source
        assert 0 <= src.start < src.end <= len(src.text)
        figure = src.text[src.start : src.end]
        if fact.section == "table" and not figure.endswith("%"):
            assert float(figure) == fact.value  # a cell under a "(%)" header
        else:
            assert figure.endswith("%") and float(figure[:-1]) == fact.value
        assert src.line >= 1
    for score in result.county_scores:
        assert 0 <= score.source.start <= score.source.end <= len(score.source.text)
    for mention in result.county_mentions:
        src = mention.source
        assert 0 <= src.start <= src.end <= len(src.text)
    report = result.report
    assert report.lines_with_facts <= report.lines_read
    assert report.parser_version == parsers.PARSER_VERSION


@given(st.text(max_size=400))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_text_never_raises(text: str) -> None:
    _check(parsers.parse_text(text))


@given(st.lists(PIECES, max_size=80).map("".join))
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # profile's examples
def test_circular_like_text_keeps_offsets(text: str) -> None:
    _check(parsers.parse_text(text))


@given(st.lists(PIECES, max_size=40).map("".join))
@settings(max_examples=100, deadline=None)
def test_parsing_is_deterministic(text: str) -> None:
    assert parsers.parse_text(text, sha256="a" * 64) == parsers.parse_text(text, sha256="a" * 64)


def _block(texts: list[str], page: int) -> TextBlock:
    origins, offset = [], 0
    for i, text in enumerate(texts):
        origins.append(LineOrigin(offset=offset, page=page, line=i + 1))
        offset += len(text) + 1
    return TextBlock(text="\n".join(texts), origins=origins or [LineOrigin(offset=0, line=1)])


CELLS = st.one_of(
    st.none(),
    st.builds(_block, st.lists(PIECES, min_size=1, max_size=4), st.integers(1, 9)),
)
ITEMS = st.one_of(
    st.builds(
        lambda texts, page, starts: _block(texts, page).model_copy(
            update={"starts_paragraph": starts}
        ),
        st.lists(PIECES, min_size=1, max_size=3),
        st.integers(1, 9),
        st.sampled_from([True, False, None]),
    ),
    st.builds(TableRow, table=st.integers(0, 3), cells=st.lists(CELLS, max_size=5)),
)


@given(st.lists(ITEMS, max_size=30))
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # profile's examples
def test_any_extracted_document_parses(items: list) -> None:
    doc = ExtractedDocument(sha256="b" * 64, media_type="application/pdf", pages=9, items=items)
    result = parsers.parse_document(doc)
    _check(result)
    for fact in result.facts:
        assert fact.source.page is None or 1 <= fact.source.page <= 9
