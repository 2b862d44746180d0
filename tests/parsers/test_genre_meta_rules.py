"""The meta of a report of the genre, read wherever its text states it, on text written for the
test: the year printed with the period, datelines of any order, a year's review, the place of a
headline or of a byline's organ, a verb that looks like a place; and what the page's address and
headers add when the text is silent, each value with where it was read."""

from __future__ import annotations

from datetime import date

import pytest

import parsers
from parsers.genre_meta import url_date, with_page_source
from schemas.circular import CircularMeta


def meta(text: str) -> CircularMeta:
    return parsers.parse_text(text).meta


@pytest.mark.parametrize(
    ("text", "year", "months"),
    [
        # the year printed in the period beats the year of a headline about the next list
        (
            "公布2024年12项民生实事候选名单\n"
            "回顾上一年，截至2023年12月底，12项民生实事完成投资5.6亿元，占计划的98.2%。",
            2023,
            (1, 12),
        ),
        # the year nearest the period in its sentence, not an earlier year of the text
        (
            "青岭县农村危房改造进度较快\n2019年的任务已全部完成。2020年全县改造任务为3100户，"
            "截止6月8日，已开工2950户，开工率95.2%。",
            2020,
            (1, 6),
        ),
        (
            "全州危房改造建设进度居前\n截止今年10月20日，2015年第一批改造已开工1200户。",
            2015,
            (1, 10),
        ),
        (
            "| 类别 | 项目 | 2021年9月进展情况 | 完成率 |\n| 一 | 城乡供水 | 已完工 | 91.5% |",
            2021,
            (1, 9),
        ),
        ("关于2022年为民办实事项目实施情况的通报\n全省28个项目全部完成年度任务。", 2022, (1, 12)),
        ("前五个月全省民生工程有序推进\n\n03.07.2018  10:15\n\n资金拨付率达71.3%。", 2018, (1, 5)),
    ],
)
def test_the_year_and_months_are_read_where_the_text_states_them(
    text: str, year: int, months: tuple[int, int]
) -> None:
    got = meta(text)
    assert (got.year, (got.period_start_month, got.period_end_month)) == (year, months)
    assert got.sources["year"].startswith("text: ")
    assert got.sources["period"].startswith("text: ")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "泾县9月份民生工程进展情况\n截至9月底，全县民生实事完成投资4.1亿元，完成率80.3%。",
            "泾县",
        ),
        ("关于歙县2024年上半年民生实事推进情况的通报\n全县项目完成率62.5%。", "歙县"),
        ("民生实事加快推进\n舒城新闻网讯 截至8月底，全县民生工程资金到位率93.1%。", "舒城县"),
        (
            "民生工程稳步推进\n据巴中市人民政府民生工作办公室消息，截至5月底，全市开工率88%。",
            "巴中市",
        ),
        (
            "本月全市民生工程进展\n六安市民生办 2023-06-05\n截至5月底，全市33项民生工程拨付率76%。",
            "六安市",
        ),
    ],
)
def test_the_place_is_read_from_a_headline_or_a_bylines_organ(text: str, place: str) -> None:
    got = meta(text)
    assert got.place == place
    assert got.sources["place"].startswith("text: ")


def test_a_verb_that_looks_like_a_county_names_no_place() -> None:
    text = (
        "关于2023年9月份民生实事项目进展情况的通报\n"
        "截至9月30日，全县民生实事项目完成率达70.5%。\n"
        "县发改委要会同县督查室对滞后项目加强调度，县财政局要会同各乡镇加快资金拨付。"
    )
    result = parsers.parse_text(text)
    assert result.meta.place is None
    assert (result.meta.year, result.meta.period_end_month) == (2023, 9)
    assert all(m.county != "会同县" for m in result.county_mentions)


def test_a_report_as_of_now_says_so() -> None:
    got = meta("我县民生工程全力推进\n截至目前，全县民生实事资金拨付率为85.6%。")
    assert got.period_end_month is None
    assert got.sources["as_of_now"].startswith("text: 截至目前")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://news.example.cn/xwzx/guonei/2023/0826/1289.html", (2023, 8, 26)),
        ("http://www.example.gov.cn/hc/202403/ac53.shtml", (2024, 3, None)),
        ("http://www.example.com/hot/bm/202207/t20220728_620.html", (2022, 7, None)),
        ("http://www.example.com/art/t20220728_620.html", (2022, 7, 28)),
        ("http://wmf.example.com/2021-07/09/content_3137.htm", (2021, 7, 9)),
        ("http://m.example.com/10462/2011/10/26/1018.shtml", (2011, 10, 26)),
        ("https://example.com/file/br$id=20191014081140&x=0.htm", None),
        ("http://2020.example.com/news/show.php?id=16291", None),
    ],
)
def test_a_pages_address_dates_it(url: str, expected: tuple | None) -> None:
    assert url_date(url) == expected


def test_the_page_fills_what_the_text_omits_and_never_overrides_it() -> None:
    silent = CircularMeta(city="舒城县", place="舒城县", period_start_month=1, period_end_month=6)
    url = "http://news.example.cn/2023/0805/81.html"
    got = with_page_source(silent, url=url)
    assert (got.year, got.issued) == (2023, date(2023, 8, 5))
    assert got.sources["year"] == got.sources["issued"] == f"url: {url}"
    stated = silent.model_copy(update={"year": 2022, "sources": {"year": "text: 2022年…"}})
    assert with_page_source(stated, url=url).year == 2022
    # a December report published in January is of the year before
    december = silent.model_copy(update={"period_end_month": 12})
    assert with_page_source(december, url="http://x.example.cn/2024/0110/5.html").year == 2023
    # the header when the address has no date; the months of a report "截至目前"
    now = CircularMeta(city="舒城县", sources={"as_of_now": "text: 截至目前，…"})
    modified = "Fri, 28 Jul 2023 02:00:00 GMT"
    got = with_page_source(now, url="http://x.example.cn/show.php?id=9", last_modified=modified)
    assert (got.year, got.period_start_month, got.period_end_month) == (2023, 1, 7)
    assert got.sources["period"] == f"header: Last-Modified: {modified}"
    # no place is guessed from the host's name
    nameless = CircularMeta(year=2023, period_start_month=1, period_end_month=6)
    assert (
        with_page_source(nameless, url="http://www.shucheng.gov.cn/2023/0805/1.html").city is None
    )
