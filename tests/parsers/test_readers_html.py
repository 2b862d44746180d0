"""The HTML reader: portal pages read into the same items as their text form, tables with
merged cells made rectangular, charsets, and what is page furniture."""

from __future__ import annotations

import html
import importlib
from datetime import date
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import html_layout, parse_document
from parsers.html_text import decode_html
from parsers.readers import read_bytes, read_path, sniff_media_type
from schemas.errors import UnreadableDocument
from schemas.extracted import ExtractedDocument, TableRow, TextBlock

FIXTURES = Path(__file__).parents[1] / "fixtures" / "html"
PAIRS = ["yunling-2024-04", "qinglan-2024-09"]


def content(doc: ExtractedDocument) -> list[tuple[object, ...]]:
    """What a document says, item by item: a block's text and line, a row's table and cells."""
    out: list[tuple[object, ...]] = []
    for item in doc.items:
        if isinstance(item, TextBlock):
            out.append(("text", item.text, item.origins[0].line))
        else:
            out.append(("row", item.table, [c.text if c else None for c in item.cells]))
    return out


def fact_tuples(doc: ExtractedDocument) -> list[tuple[object, ...]]:
    result = parse_document(doc)
    return [(f.project, f.indicator, f.county, f.metric, f.value) for f in result.facts]


def rows(doc: ExtractedDocument) -> list[list[str | None]]:
    return [
        [c.text if c else None for c in item.cells]
        for item in doc.items
        if isinstance(item, TableRow)
    ]


def page(body: str, title: str = "") -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


def items_of(body: str, title: str = "") -> list[TextBlock | TableRow]:
    return html_layout.page_items(page(body, title))


@pytest.mark.parametrize("name", PAIRS)
def test_page_reads_as_its_text_form(name: str) -> None:
    html = read_path(FIXTURES / f"{name}.html")
    text = read_path(FIXTURES / f"{name}.txt")
    assert html.media_type == "text/html" and html.pages is None
    assert content(html) == content(text)
    assert html_layout.render_text(html.items) == (FIXTURES / f"{name}.txt").read_text("utf-8")
    facts = fact_tuples(html)
    assert facts == fact_tuples(text)
    html_meta, text_meta = parse_document(html).meta, parse_document(text).meta
    assert html_meta == text_meta


def test_portal_page_keeps_title_publish_line_and_body_only() -> None:
    doc = read_path(FIXTURES / "yunling-2024-04.html")
    texts = [i.text for i in doc.items if isinstance(i, TextBlock)]
    assert texts[:3] == [
        "关于2024年1-4月全市重点民生实事推进情况的通报",
        "发布时间：2024-05-12 来源：云岭市督查室",
        "云督通〔2024〕5号",
    ]
    everything = html_layout.render_text(doc.items)
    for furniture in (
        "首页",
        "您当前的位置",
        "相关链接",
        "1-3月",
        "版权所有",
        "分享到",
        "打印本页",
        "浏览次数",
        "隐藏的备用内容",
        "统计代码",
        "请输入关键字",
    ):
        assert furniture not in everything
    assert parse_document(doc).meta.issued == date(2024, 5, 12)


def test_rowspan_and_colspan_header_rows_are_expanded() -> None:
    doc = read_path(FIXTURES / "yunling-2024-04.html")
    got = rows(doc)
    assert got[:2] == [
        ["序号", "实事名称", "年度目标任务", "1-4月推进情况", None, "责任单位"],
        ["序号", "实事名称", "年度目标任务", "进展情况", "完成率（%）", "责任单位"],
    ]
    assert got[3] == [
        "2",
        "城镇老旧小区改造",
        "开工改造小区45个",
        "已开工21个，开工率46.7%。",
        "46.7",
        "市住建局",
    ]
    assert got[4] == [
        "2",
        "城镇老旧小区改造",
        "改造老旧管网30公里",
        "完成改造12公里，完成率40%。",
        "40",
        "市住建局",
    ]
    assert got[2][3] == "新增学位1150个，完成率47.9%。"  # a <br> inside a cell
    table = [i for i in doc.items if isinstance(i, TableRow)]
    merged, own = table[4].cells[5], table[4].cells[2]
    assert merged is not None and own is not None
    assert merged.origins[0].line == own.origins[0].line - 1  # written in the row above
    assert {r.table for r in table} == {0}


def test_gbk_page_with_br_separated_prose() -> None:
    data = (FIXTURES / "qinglan-2024-09.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = read_bytes(data, "qinglan.html")
    blocks = [i for i in doc.items if isinstance(i, TextBlock)]
    assert blocks[1].text == "发布日期：2024-10-08 信息来源：青岚市民生实事办"
    prose = [b for b in blocks if "序时进度为75%" in b.text]
    assert [b.text[:6] for b in prose] == ["1-9月，全"]  # two source lines, one paragraph
    assert [b.starts_paragraph for b in blocks[2:5]] == [True, None, True]  # <br>, blank, indent
    assert rows(doc)[1] == ["（一）社会保障", None, None]


def test_xhtml_page_with_title_repeated_in_body_and_nested_table() -> None:
    doc = read_path(FIXTURES / "yunling-2024-06.html")
    texts = [i.text for i in doc.items if isinstance(i, TextBlock)]
    assert texts[:3] == [
        "云岭市上半年重点民生实事进展情况通报",
        "来源：云岭市民生实事办公室 时间：2024-07-05",
        "截至6月30日，全市重点民生实事推进情况如下：",
    ]
    got = rows(doc)
    assert [r[:2] for r in got[1:4]] == [["1", "城市公共停车泊位建设"]] * 3
    assert got[3][2:] == ["东溪县、南屏县分别完成62%、48%。", None]
    assert got[5][3] == "已完工 3个 在建 4个完成率37.5%。"
    assert "扫一扫" not in html_layout.render_text(doc.items)


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (  # a cell spanning two rows and two columns
            "<tr><td rowspan=2 colspan=2>甲</td><td>乙</td></tr><tr><td>丙</td></tr>"
            "<tr><td>1</td><td>2</td><td>3</td></tr>",
            [["甲", None, "乙"], ["甲", None, "丙"], ["1", "2", "3"]],
        ),
        (  # cells after a covered slot move right; rows are padded; a long rowspan stops
            "<tr><td>序号</td><td>名称</td><td>进展</td></tr>"
            "<tr><td>1</td><td rowspan=9>公园</td></tr><tr><td>2</td><td></td><td>完成</td></tr>",
            [
                ["序号", "名称", "进展", None],
                ["1", "公园", None, None],
                ["2", "公园", None, "完成"],
            ],
        ),
        (  # a span that is not a number counts as 1; a covered last column
            '<tr><td rowspan="x">序号</td><td rowspan="2">名称</td></tr><tr><td>1</td></tr>',
            [["序号", "名称"], ["1", "名称"]],
        ),
        (  # th header in thead, an empty row and a repeated header row dropped
            "<thead><tr><th>序号</th><th>项目</th></tr></thead><tbody><tr><td></td><td></td></tr>"
            "<tr><td>1</td><td>图书馆</td></tr><tr><th>序号</th><th>项目</th></tr></tbody>",
            [["序号", "项目"], ["1", "图书馆"]],
        ),
    ],
)
def test_table_grid(table: str, expected: list[list[str | None]]) -> None:
    items = items_of(f"<table>{table}</table>")
    assert [[c.text if c else None for c in r.cells] for r in items] == expected  # type: ignore[union-attr]


def test_one_column_table_is_a_layout_box() -> None:
    items = items_of(
        "<table><tr><td><p>一、总体情况</p><p>进度为60%。</p></td></tr>"
        "<tr><td><table><tr><td>县</td><td>进度</td></tr><tr><td>东溪县</td><td>55%</td></tr>"
        "</table></td></tr></table>"
    )
    assert [type(i).__name__ for i in items] == ["TextBlock", "TextBlock", "TableRow", "TableRow"]
    assert items[1].text == "进度为60%。"  # type: ignore[union-attr]


def test_lines_are_numbered_as_the_text_rendering() -> None:
    items = items_of(
        "<h1>关于全市民生实事进展情况的通报</h1><div class='content'><p>第一段，</p>"
        "<p>第二段<br>续行</p><table><tr><td>甲</td><td>乙</td></tr></table><p>尾</p></div>"
    )
    rendering = html_layout.render_text(items).splitlines()
    for item in items:
        block = item if isinstance(item, TextBlock) else next(c for c in item.cells if c)
        line = block.origins[0].line
        assert block.text in rendering[line - 1]


def test_title_falls_back_to_the_page_title_and_body_title_is_not_repeated() -> None:
    items = items_of(
        "<div id='zoom'><p>关于全市民生实事进展情况的通报</p><p>各县市区：</p>"
        "<p>1-9月，全市民生实事进展顺利，总体完成率为78%。</p></div>",
        title="关于全市民生实事进展情况的通报_通知公告_云岭市人民政府",
    )
    texts = [i.text for i in items]  # type: ignore[union-attr]
    assert texts == [
        "关于全市民生实事进展情况的通报",
        "各县市区：",
        "1-9月，全市民生实事进展顺利，总体完成率为78%。",
    ]


def test_publish_line_inside_the_body_comes_once_and_first() -> None:
    items = items_of(
        "<div class='TRS_Editor'><h3>民生实事进展情况通报</h3><div>发布日期：2024-03-02 来源："
        "云岭市政府办</div><p>全市10件民生实事开局良好，一季度完成率为21%。</p></div>"
    )
    texts = [i.text for i in items]  # type: ignore[union-attr]
    assert texts == [
        "民生实事进展情况通报",
        "发布日期：2024-03-02 来源：云岭市政府办",
        "全市10件民生实事开局良好，一季度完成率为21%。",
    ]


def test_whitespace_follows_cjk_line_breaking() -> None:
    [block] = items_of("<p>　　全市\n   共有 12&nbsp;个项目，\nabout\nit</p>")
    assert block.text == "全市共有 12 个项目，about it"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        ('<meta charset="gbk"><p>进度</p>'.encode("gbk"), None, "进度"),
        ("<p>进度</p>".encode("gb18030"), None, "进度"),  # undeclared: GB18030 after UTF-8
        ("<p>进度</p>".encode("gbk"), "utf-8", "进度"),  # a header that lies
        ("<p>进度</p>".encode("gbk"), "gb2312", "进度"),
        ('<meta charset="gb2312"><p>进度</p>'.encode(), None, "进度"),  # a stale meta
        ('<meta charset="big5"><p>進度</p>'.encode("big5"), None, "進度"),
        ("<p>进度</p>".encode("utf-16"), None, "进度"),  # BOM
        ('<?xml version="1.0" encoding="GB2312"?><p>進度</p>'.encode("gb18030"), None, "進度"),
        ('<meta charset="nonsense"><p>进度</p>'.encode(), None, "进度"),
        ("<p>进度</p>".encode() + b"\xe8", None, "进度"),  # a character cut at the end
        ("<p>进度</p>".encode("gbk") * 80 + b"\xff", "gbk", "进度"),  # a stray byte
    ],
)
def test_charsets(data: bytes, charset: str | None, expected: str) -> None:
    assert expected in decode_html(data, charset=charset)


def test_undecodable_page_is_refused() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(b"<html><body><p>" + b"\x80\xff" * 200 + b"</p></body></html>", "a.html")
    assert caught.value.reason == "bad_encoding"


@pytest.mark.parametrize(
    "data",
    [
        b"<html><head><title></title><script>go()</script></head><body></body></html>",
        b"<!DOCTYPE html><html><body><div style='display:none'>x</div>&nbsp;</body></html>",
    ],
)
def test_page_without_text_is_empty(data: bytes) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(data, "page.html")
    assert caught.value.reason == "empty"


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", "download"),
        (b"<p>x</p>", "notice.htm"),
        (b"  <html><p>x</p></html>", "notice.txt"),
    ],
)
def test_html_is_told_by_content_or_suffix(data: bytes, name: str) -> None:
    assert sniff_media_type(data, name) == "text/html"


def test_outline_tells_an_article_from_a_listing() -> None:
    article = (FIXTURES / "yunling-2024-04.html").read_text("utf-8")
    outline = html_layout.outline(article)
    assert outline.article
    assert "/upload/2024/05/fj1.pdf" in [href for href, _ in outline.links]
    assert not any("t20240410" in href for href, _ in outline.links)  # related links dropped
    items = "".join(
        f'<li><a href="/tzgg/t2024{m:02d}15_{m}.html">'
        f"关于2024年1-{m}月全市民生实事推进情况的通报</a><span>2024-{m:02d}-15</span></li>"
        for m in range(2, 12)
    )
    listing = html_layout.outline(
        page(f'<base href="http://gov.example.cn/"><div class="list"><ul>{items}</ul></div>')
    )
    assert not listing.article
    assert listing.base == "http://gov.example.cn/"
    assert listing.links[0] == (
        "/tzgg/t20240215_2.html",
        "关于2024年1-2月全市民生实事推进情况的通报",
    )


HTML_MODULES = ["parsers.html_text", "parsers.html_page", "parsers.html_layout"]
# (module, NAME, text, what search finds or None); bytes patterns take bytes
REGEX_CASES: list[tuple[str, str, str | bytes, str | bytes | None]] = [
    ("html_text", "META_CHARSET", b'<meta charset="gb2312">', b'<meta charset="gb2312'),
    ("html_text", "META_CHARSET", b'<meta name="keywords" content="x">', None),
    ("html_text", "XML_PROLOG", '<?xml version="1.0"?><html>', '<?xml version="1.0"?>'),
    ("html_text", "XML_PROLOG", "<html><?php ?>", None),
    (
        "html_text",
        "XML_ENCODING",
        b'<?xml version="1.0" encoding="gbk"?>',
        b'<?xml version="1.0" encoding="gbk',
    ),
    ("html_text", "XML_ENCODING", b'<?xml version="1.0"?>', None),
    ("html_text", "XML_ILLEGAL", "进度\x00为", "\x00"),
    ("html_text", "XML_ILLEGAL", "进度\t为\n", None),
    ("html_text", "SPACE_RUN", "全市\n\u3000共有", "\n\u3000"),
    ("html_text", "SPACE_RUN", "全市共有", None),
    ("html_text", "WIDE", "a，", "，"),
    ("html_text", "WIDE", "85%", None),
    ("html_page", "FURNITURE_NAME", "bdsharebuttonbox", "bdsharebuttonbox"),
    ("html_page", "FURNITURE_NAME", "main-nav", "-nav"),
    ("html_page", "FURNITURE_NAME", "article-content", None),
    ("html_page", "FURNITURE_NAME", "navigator", None),
    ("html_page", "HIDDEN_STYLE", "color:red; display: none", "display: none"),
    ("html_page", "HIDDEN_STYLE", "display:block", None),
    ("html_page", "BODY_NAME", "TRS_Editor", "TRS_Editor"),
    ("html_page", "BODY_NAME", "main-nav", None),
    ("html_page", "TITLE_NAME", "article-title", "title"),
    ("html_page", "TITLE_NAME", "article-info", None),
    ("html_page", "TITLE_SEPARATOR", "关于1-4月的通报_通知公告", "_"),
    ("html_page", "TITLE_SEPARATOR", "关于1-4月的通报", None),
    ("html_page", "PUBLISH_LABEL", "发布时间：2024-05-12", "发布时间："),
    ("html_page", "PUBLISH_LABEL", "信息来源:市政府办", "信息来源:"),
    ("html_page", "PUBLISH_LABEL", "资金来源于市财政", None),
    ("html_page", "PUBLISH_LABEL", "【发布时间】2024-05-12", "发布时间】"),
    ("html_page", "PUBLISH_NOISE", "来源：市政府 浏览次数：1024", "浏览次数：1024"),
    ("html_page", "PUBLISH_NOISE", "【字体： 大 中 小 】", "【字体： 大 中 小 】"),
    ("html_page", "PUBLISH_NOISE", "来源：市政府", None),
    ("html_page", "SPACE_AFTER_COLON", "发布时间： 2024", " "),
    ("html_page", "SPACE_AFTER_COLON", "发布时间：2024", None),
    ("html_layout", "JUNK_LINE", "【打印本页】【关闭窗口】", "【打印本页】【关闭窗口】"),
    ("html_layout", "JUNK_LINE", "扫一扫在手机打开当前页", "扫一扫在手机"),
    ("html_layout", "JUNK_LINE", "打印室改造完成率80%", None),
    ("html_layout", "INDENT", "\n  \u3000\u3000全市", "\n  \u3000\u3000"),
    ("html_layout", "INDENT", "\xa0全市", None),
]


@pytest.mark.parametrize(("module", "name", "text", "expected"), REGEX_CASES)
def test_html_regexes(module: str, name: str, text: str | bytes, expected: object) -> None:
    m = getattr(importlib.import_module(f"parsers.{module}"), name).search(text)
    assert (m.group(0) if m else None) == expected


def test_every_html_regex_has_cases() -> None:
    covered = {(m, n) for m, n, _, _ in REGEX_CASES}
    names = {
        (module.split(".")[-1], name)
        for module in HTML_MODULES
        for name, value in vars(importlib.import_module(module)).items()
        if name.isupper() and isinstance(value, regex.Pattern)
    }
    assert names <= covered


def test_unnamed_pages_are_walked_down_to_their_body() -> None:
    data_only = items_of(
        "<table><tr><td>序号</td><td>项目</td><td>进展情况</td></tr>"
        "<tr><td>1</td><td>城市书房</td><td>建成18家，完成率90%。</td></tr></table>"
    )
    assert [type(i).__name__ for i in data_only] == ["TableRow", "TableRow"]
    paragraphs = "".join(f"<p>第{n}项民生实事进展顺利，完成率为{n}0%。</p>" for n in range(1, 9))
    layout = items_of(
        "<table><tr><td><a href='/a'>首页</a><br><a href='/b'>公告</a></td>"
        f"<td><div>{paragraphs}</div></td></tr></table>"
    )
    assert [i.text for i in layout] == [  # type: ignore[union-attr]
        f"第{n}项民生实事进展顺利，完成率为{n}0%。" for n in range(1, 9)
    ]


TAGS = ["p", "div", "table", "tr", "td", "th", "br", "a", "span", "h1", "nav", "b", "ul", "li"]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
            st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
            st.sampled_from(['<td rowspan="3">', "<td colspan=0>", '<td rowspan="-2">', "&nbsp;"]),
            st.text(alphabet="进度为完成率%。：来源发布时间2024-0512 \n\t", max_size=12),
        ),
        max_size=40,
    )
)
def test_any_markup_reads_or_is_refused_as_empty(parts: list[str]) -> None:
    data = "".join(parts).encode()
    try:
        doc = read_bytes(b"<html><body>" + data + b"</body></html>", "page.html")
    except UnreadableDocument as exc:
        assert exc.reason == "empty"
        return
    widths = {}
    for item in doc.items:
        if isinstance(item, TableRow):
            widths.setdefault(item.table, set()).add(len(item.cells))
        else:
            assert item.text and "\n" not in item.text and "\t" not in item.text
    assert all(len(w) == 1 for w in widths.values())  # every table is rectangular


def test_absurd_spans_are_bounded() -> None:
    items = items_of(
        "<table><tr>" + '<td colspan="100" rowspan="5000">甲</td>' * 3 + "<td>乙</td></tr>"
        "<tr><td>丙</td></tr></table>"
    )
    assert [len(r.cells) for r in items] == [html_layout.MAX_COLUMNS] * 2  # type: ignore[union-attr]
    assert items[1].cells[0].text == "丙"  # type: ignore[union-attr]  # rowspan 5000 read as 1


def test_a_logo_heading_named_like_the_site_is_not_the_title() -> None:
    items = items_of(
        "<div class='header'><h1><a href='/'>云岭市人民政府</a></h1></div>"
        "<div class='tit'>关于全市重点民生实事进展情况的通报</div>"
        "<div class='info'>发布时间：2024-08-02</div>"
        "<div class='article-content'><p>截至7月底，全市民生实事总体完成率为61%。</p></div>",
        title="云岭市人民政府",
    )
    assert [i.text for i in items] == [  # type: ignore[union-attr]
        "关于全市重点民生实事进展情况的通报",
        "发布时间：2024-08-02",
        "截至7月底，全市民生实事总体完成率为61%。",
    ]


def test_title_box_holding_the_publish_line() -> None:
    items = items_of(
        "<div class='title'><h1>全市民生实事进展情况通报</h1>"
        "<p>发布日期：2024-08-02 来源：市政府办</p></div>"
        "<div class='content'><p>截至7月底，全市民生实事总体完成率为61%。</p></div>",
        title="全市民生实事进展情况通报",
    )
    assert [i.text for i in items][:2] == [  # type: ignore[union-attr]
        "全市民生实事进展情况通报",
        "发布日期：2024-08-02 来源：市政府办",
    ]


CIRCULARS = sorted((Path(__file__).parent / "fixtures").rglob("*.txt"))


def page_of(doc: ExtractedDocument) -> str:
    """A portal page holding a document's items: a paragraph per block, a table per table."""
    body: list[str] = []
    rows: list[str] = []
    table: int | None = None

    def flush() -> None:
        if rows:
            body.append(f"<table border='1'>{''.join(rows)}</table>")
            rows.clear()

    for item in doc.items:
        if isinstance(item, TableRow):
            if item.table != table:
                flush()
                table = item.table
            cells = (html.escape(c.text).replace("\n", "<br>") if c else "" for c in item.cells)
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        else:
            flush()
            table = None
            body.append(f"<p>{html.escape(item.text)}</p>")
    flush()
    return page(
        "<div class='nav'><a href='/'>首页</a> <a href='/zwgk/'>政务公开</a></div>"
        f"<div class='TRS_Editor'>{''.join(body)}</div><div class='footer'>版权所有</div>"
    )


@pytest.mark.parametrize("path", CIRCULARS, ids=[p.stem for p in CIRCULARS])
def test_hand_written_circulars_give_the_same_facts_as_pages(path: Path) -> None:
    text = read_path(path)
    as_page = read_bytes(page_of(text).encode("utf-8"), f"{path.stem}.html")
    assert fact_tuples(as_page) == fact_tuples(text)


def test_a_time_label_in_the_body_stays_where_it_is() -> None:
    prose = "".join(f"<p>第{n}项民生实事进展顺利，完成率为{n}0%。</p>" for n in range(1, 9))
    items = items_of(
        f"<h1>关于全市民生实事进展情况的通报</h1><div class='content'>{prose}"
        "<p>完成时间：2024年底前。</p><table><tr><td>项目</td><td>完成时间：6月底</td></tr>"
        "<tr><td>城市书房</td><td>已完成</td></tr></table></div>"
    )
    texts = [i.text for i in items if isinstance(i, TextBlock)]
    assert (
        texts[1] == "第1项民生实事进展顺利，完成率为10%。" and texts[-1] == "完成时间：2024年底前。"
    )
    assert [c.text for c in items[-2].cells] == ["项目", "完成时间：6月底"]  # type: ignore[union-attr]


def test_bracketed_publish_labels() -> None:
    items = items_of(
        "<h1>关于全市民生实事进展情况的通报</h1><div class='bar'>【发布时间】2024-05-12 "
        "【来源】云岭市督查室</div>"
        "<div class='TRS_UEDITOR'><p>全市民生实事总体完成率为40%。</p></div>"
    )
    assert items[1].text == "【发布时间】2024-05-12 【来源】云岭市督查室"  # type: ignore[union-attr]


def test_a_time_label_in_a_table_cell_is_data() -> None:
    items = items_of(
        "<div class='content'><table><tr><td>项目</td><td>完成时间：6月底</td></tr>"
        "<tr><td>城市书房</td><td>已完成</td></tr></table></div>"
    )
    assert [type(i).__name__ for i in items] == ["TableRow", "TableRow"]
