"""Meta of a circular of any place and wording: year, period, title and the publishing place.

The period is cumulative from January for reports that say how far the year's work has got:
"1—5月", "1至7月", "1月至8月", "上半年", "前三季度", "一季度", "截至9月底", "截止5月27日",
"至12月底", "9月份". The year is printed with the period ("2022年1—5月"), in the title, or only
in the page's dateline ("发布日期：2018-06-27", "时间:2016-11-16 16:40:25").
"""

from __future__ import annotations

from datetime import date

import regex

from parsers.located import LocText
from parsers.meta import MONTH_RANGE, NAMED_PERIOD, YEAR, _month, period
from parsers.places import Place
from schemas.circular import CircularMeta

# "截至9月底", "截止5月27日", "至12月底", "截至2016年9月30日", "到6月末"
AS_OF = regex.compile(
    r"(?:截至|截止|截止到|到|至)\s*(?:(?P<y>20\d{2})年)?(?P<m>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
    r"月(?:份)?(?:底|末|(?P<d>\d{1,2})日|中旬|下旬|上旬)"
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
# a headline of the genre: "…民生实事…进展情况", "…民生工程…通报"
HEADLINE = regex.compile(
    r"(?=.*(?:民生|实事|工程|项目))(?=.*(?:进展|进度|通报|推进|完成|情况|拨付))"
)
# page furniture that is no headline: "您所在的位置:主页>…", "首页|新闻中心"
FURNITURE = regex.compile(r"位置|首页|>|\||设为|收藏|登录|浏览|字号")


def _cumulative(text: str) -> tuple[int, int] | None:
    m = YEAR_PERIOD.search(text)
    if m:
        month = _month(m.group("b") or m.group("n"))
        if month:
            return 1, month
    m = MONTH_TO_MONTH.search(text)
    if m:
        return 1, int(m.group("b"))
    m = AS_OF.search(text)
    if m:
        month = _month(m.group("m"))
        if month:
            return 1, month
    if MONTH_RANGE.search(text) or NAMED_PERIOD.search(regex.sub(r"提前", "", text)):
        found = period(regex.sub(r"提前", "", text))
        if found:
            return found
    found = period(text)
    if found:
        return 1, found[1]
    return None


def read_genre_meta(lines: list[LocText], place: Place) -> CircularMeta:
    # a web page's stray space inside a number: "201 9年" → "2019年"
    texts = [
        regex.sub(r"(?<=\d) (?=\d)", "", line.text.strip()) for line in lines if line.text.strip()
    ]
    title = next(
        (
            t
            for t in texts[:12]
            if 6 <= len(t) <= 60 and HEADLINE.match(t) and not FURNITURE.search(t)
        ),
        None,
    )
    found = _cumulative(title) if title else None
    year: int | None = None
    for text in ([title] if title else []) + texts:
        if found is None:
            found = _cumulative(text)
        if year is None and (m := YEAR_PERIOD.search(text)):
            year = int(m.group("y"))
        if year is None:
            m = YEAR.search(DATELINE.sub("", text))
            if m:
                year = int(m.group("y"))
        if found and year:
            break
    issued: date | None = None
    for text in texts[:12] + texts[-6:]:
        m = DATELINE.search(text)
        if m:
            try:
                issued = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            break
    if year is None and issued is not None:
        year = issued.year
        if found and found[1] > issued.month:  # a December report published in January
            year -= 1
    if found is None and year and issued and issued.year > year:
        found = (1, 12)  # a review of a year, published after it ended
    return CircularMeta(
        city=place.name,  # the publishing place, whatever its level: it keys the circular
        place=place.name,
        place_level=place.level if place.level != "unknown" else None,
        year=year,
        period_start_month=found[0] if found else None,
        period_end_month=found[1] if found else None,
        issued=issued,
        title=title,
    )
