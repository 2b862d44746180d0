"""Meta of a circular of any place and wording: year, period, title and the publishing place.

The period is cumulative from January for reports that say how far the year's work has got:
"1—5月", "1至7月", "1月至8月", "上半年", "前三季度", "一季度", "截至9月底", "截止5月27日",
"至12月底", "9月份", "2018年7月进展情况"; a year's review ("关于2021年为民办实事项目实施情况的
通报") covers the whole year. The year is the one printed with the period ("2022年1—5月",
"截至2020年12月底"), else the nearest before it in its sentence ("2011年全县…任务为…户，截止5月
12日"), else one in the title or text, else the page's dateline ("发布日期：2018-06-27",
"16.05.2016 11:48"). ``meta.sources`` says which line each value was read from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime

import regex

from parsers.located import LocText
from parsers.meta import MONTH_RANGE, NAMED_PERIOD, SINGLE_MONTH, YEAR, _month, period, said
from parsers.places import Place, name_forms
from schemas.circular import CircularMeta

# "截至9月底", "截止5月27日", "至12月底", "截至2016年9月30日", "到6月末", "截止今年11月26日"
AS_OF = regex.compile(
    r"(?:截至|截止|截止到|到|至)\s*(?:(?P<y>20\d{2})年|今年|本年)?"
    r"(?P<m>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
    r"月(?:份)?(?:底|末|(?P<d>\d{1,2})日|中旬|下旬|上旬)"
)
# a month's progress under its year: "2018年7月进展情况", "2023年10月份民生实事项目进展情况"
YEAR_MONTH_PROGRESS = regex.compile(
    r"(?P<y>20\d{2})年(?P<m>1[0-2]|[1-9])月份?[^，。,;；\d]{0,16}?(?:进展|进度|推进|完成)情况"
)
# a year's review: "关于2021年为民办实事项目实施情况的通报", "2021年十项民生工程全面完成"
YEAR_REVIEW = regex.compile(
    r"(?P<y>20\d{2})年(?:度)?[^，。,;；\d月]{0,24}?(?:实施情况|完成情况|全面完成|圆满完成)"
)
# a period right after its year: "2022年1—5月", "2019年1-9月份", "2022年前5月", "2021年前三季度"
YEAR_PERIOD = regex.compile(
    r"(?P<y>20\d{2})年(?:(?:1|一)\s*(?:-|—|–|~|至|到)\s*(?P<b>1[0-2]|[1-9])月"
    r"|前(?P<n>1[0-2]|[1-9]|[一二三四五六七八九十]{1,2})个?月)"
)
# "1月至8月", "1月—5月"
MONTH_TO_MONTH = regex.compile(r"(?<!\d)1月\s*(?:至|到|-|—|–)\s*(?P<b>1[0-2]|[1-9])月")
# a dateline of the page: "发布日期:2018-06-27", "时间:2022-06-28", "2016-11-16 16:40:25"
DATELINE = regex.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})")
# a dateline written day first: "16.05.2016  11:48"
DATELINE_DMY = regex.compile(r"(?<![\d.])(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<y>(?:19|20)\d{2})(?!\d)")
# a stray space inside a number: "201 9年" (not the one before a time: "16.05.2016 11:48")
STRAY_SPACE = regex.compile(r"(?<=\d) (?=\d)(?!\d{1,2}:\d)")
# a date in a page's address: "/2023/0826/", "/202403/", "t20220728_", "/2021-07/09/",
# "/2011/10/26/" (not an id: "id=20191014081140", "/10185995.shtml")
URL_DATE = regex.compile(
    r"(?<=[/_=t-])(?P<y>20\d{2})(?:"
    r"(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])?"
    r"|[/-](?P<m2>0?[1-9]|1[0-2])(?:[/-](?P<d2>0?[1-9]|[12]\d|3[01]))?"
    r"|/(?P<m3>0[1-9]|1[0-2])(?P<d3>0[1-9]|[12]\d|3[01]))(?=[/_.?&#-]|$)"
)
# a report as of the day it was published: "截至目前", "目前，全县…" (the months then come from
# the page's date)
AS_OF_NOW = regex.compile(r"(?:截至|截止|截止到|到)目前")
# the end of a sentence: the year of a period is looked for within its sentence
SENTENCE = regex.compile(r"[。！？!?]")
# a headline of the genre: "…民生实事…进展情况", "…民生工程…通报"
HEADLINE = regex.compile(
    r"(?=.*(?:民生|实事|工程|项目))(?=.*(?:进展|进度|通报|推进|完成|情况|拨付))"
)
# page furniture that is no headline: "您所在的位置:主页>…", "首页|新闻中心"
FURNITURE = regex.compile(r"位置|首页|>|\||设为|收藏|登录|浏览|字号")


@dataclass(frozen=True, slots=True)
class PeriodFound:
    months: tuple[int, int]
    at: int  # where the period phrase starts in its line
    year: int | None  # the year printed with it: "2022年1—5月", "截至2020年12月底"


def _cumulative(text: str) -> tuple[int, int] | None:
    found = _period_in(text)
    return found.months if found else None


def _period_in(text: str) -> PeriodFound | None:
    """The cumulative period a line states, where it starts, and the year printed with it."""
    m = YEAR_PERIOD.search(text)
    if m:
        month = _month(m.group("b") or m.group("n"))
        if month:
            return PeriodFound((1, month), m.start(), int(m.group("y")))
    m = YEAR_MONTH_PROGRESS.search(text)
    if m:
        return PeriodFound((1, int(m.group("m"))), m.start(), int(m.group("y")))
    m = MONTH_TO_MONTH.search(text)
    if m:
        return PeriodFound((1, int(m.group("b"))), m.start(), None)
    m = AS_OF.search(text)
    if m:
        month = _month(m.group("m"))
        if month:
            return PeriodFound((1, month), m.start(), int(m.group("y")) if m.group("y") else None)
    plain = regex.sub(r"提前", "", text)
    at = min(
        (m.start() for r in (MONTH_RANGE, NAMED_PERIOD, SINGLE_MONTH) if (m := r.search(plain))),
        default=0,
    )
    if MONTH_RANGE.search(text) or NAMED_PERIOD.search(plain):
        found = period(plain)
        if found:
            return PeriodFound(found, at, None)
    found = period(text)
    if found:
        return PeriodFound((1, found[1]), at, None)
    return None


def _year_before(text: str, at: int) -> int | None:
    """The last year printed in the sentence before ``at``: "2011年全县…，截止5月12日"."""
    starts = [m.end() for m in SENTENCE.finditer(text, 0, at)]
    sentence = DATELINE.sub(lambda m: " " * len(m.group(0)), text[starts[-1] if starts else 0 : at])
    years = [int(m.group("y")) for m in YEAR.finditer(sentence)]
    return years[-1] if years else None


def _dateline(text: str) -> date | None:
    for pattern in (DATELINE, DATELINE_DMY):
        for m in pattern.finditer(text):
            try:
                return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
    return None


def read_genre_meta(lines: list[LocText], place: Place) -> CircularMeta:
    # a web page's stray space inside a number: "201 9年" → "2019年" (not "2016 11:48")
    texts = [STRAY_SPACE.sub("", line.text.strip()) for line in lines if line.text.strip()]
    title = next(
        (
            t
            for t in texts[:12]
            if 6 <= len(t) <= 60 and HEADLINE.match(t) and not FURNITURE.search(t)
        ),
        None,
    )
    sources: dict[str, str] = {}
    found: tuple[int, int] | None = None
    year: int | None = None
    for text in ([title] if title else []) + texts:
        reading = _period_in(text)
        if reading is not None:
            found = reading.months
            sources["period"] = said(text)
            year = reading.year or _year_before(text, reading.at)
            if year is not None:
                sources["year"] = said(text)
            break
    if year is None:
        for text in ([title] if title else []) + texts:
            m = YEAR.search(DATELINE.sub("", text))
            if m:
                year = int(m.group("y"))
                sources["year"] = said(text)
                break
    if found is None:  # a year's review: "关于2021年为民办实事项目实施情况的通报"
        for text in ([title] if title else []) + texts[:12]:
            m = YEAR_REVIEW.search(text)
            if m:
                found, year = (1, 12), int(m.group("y"))
                sources["period"] = sources["year"] = said(text)
                break
    issued: date | None = None
    for text in texts[:12] + texts[-6:]:
        issued = _dateline(text)
        if issued is not None:
            sources["issued"] = said(text)
            break
    if year is None and issued is not None:
        year = issued.year
        sources["year"] = sources["issued"]
        if found and found[1] > issued.month:  # a December report published in January
            year -= 1
    if found is None and year and issued and issued.year > year:
        found = (1, 12)  # a review of a year, published after it ended
        sources["period"] = sources["issued"]
    if found is None:
        now = next((t for t in texts if AS_OF_NOW.search(t)), None)
        if now is not None:
            sources["as_of_now"] = said(now)
    if place.name:
        forms = name_forms(place.name)
        line = next((t for t in texts if any(f in t for f in forms)), None)
        sources["place"] = said(line) if line else "text: the places it names"
    return CircularMeta(
        city=place.name,  # the publishing place, whatever its level: it keys the circular
        place=place.name,
        place_level=place.level if place.level != "unknown" else None,
        year=year,
        period_start_month=found[0] if found else None,
        period_end_month=found[1] if found else None,
        issued=issued,
        title=title,
        sources=sources,
    )


def url_date(url: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) a page's address dates it by: ".../2023/0826/...", "t20220728_"."""
    path = url.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""  # never the host's name
    for m in URL_DATE.finditer(path):
        month = m.group("m") or m.group("m2") or m.group("m3")
        day = m.group("d") or m.group("d2") or m.group("d3")
        year = int(m.group("y"))
        if 2000 <= year <= 2099:
            return year, int(month) if month else None, int(day) if day else None
    return None


def with_page_source(
    meta: CircularMeta, *, url: str | None, last_modified: str | None = None
) -> CircularMeta:
    """``meta`` with what its text omits taken from the page it was fetched from: the year of
    publication from the address's date, else from the Last-Modified header (weaker: a page
    edited later moves it), and the months of a report "截至目前" from that date. The text
    always wins; ``sources`` says which values came from the URL or the header. The place is
    never guessed from the host's name."""
    published: tuple[int, int | None, int | None] | None = None
    said = ""
    if url:
        published = url_date(url)
        said = f"url: {url}"
    if published is None and last_modified:
        try:
            stamp = parsedate_to_datetime(last_modified)
        except (TypeError, ValueError):
            stamp = None
        if stamp is not None:
            published = (stamp.year, stamp.month, stamp.day)
            said = f"header: Last-Modified: {last_modified}"
    if published is None:
        return meta
    year, month, day = published
    update: dict[str, object] = {}
    sources = dict(meta.sources)
    end = meta.period_end_month
    if end is None and month and "as_of_now" in meta.sources:
        update["period_start_month"], update["period_end_month"] = 1, month
        end = month
        sources["period"] = said
    if meta.year is None:
        # a December report published in January belongs to the year before
        update["year"] = year - 1 if end and month and end > month else year
        sources["year"] = said
    if meta.issued is None and month and day:
        try:
            update["issued"] = date(year, month, day)
            sources["issued"] = said
        except ValueError:
            pass
    if not update:
        return meta
    return meta.model_copy(update={**update, "sources": sources})
