"""The circular's meta: city, issuer, title, year, period and issue date."""

from __future__ import annotations

from datetime import date

import regex

from parsers.counties import find_city
from parsers.located import LocText
from parsers.numbering import chinese_int
from schemas.circular import CircularMeta

# the title: "关于全市1-9月重点民生实事推进情况的通报"
TITLE = regex.compile(r"^关于.{2,80}?(?:的)?(?:通报|通知|报告|情况)$")
# a title without "关于": "全市重点民生实事项目推进情况通报", "第3期 民生实事进展通报"
PLAIN_TITLE = regex.compile(r"^(?!附件)[^，。；：:]{4,60}(?:通报|情况报告)$")
# an issuing office: "某某市重点民生实事工作领导小组办公室", "某某市人民政府办公室"
ISSUER = regex.compile(
    r"^[\p{Han}（）()]{4,40}?(?:办公室|委员会|人民政府|领导小组|指挥部|工作专班|专班|局|厅|中心)$"
)
# an issue date: "2024年10月9日", "二〇二四年十月九日"
ISSUE_DATE = regex.compile(
    r"(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})年"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日"
)
# a period of months: "1-9月", "1—7月", "1至11月", "1-6月份", "一至九月"
MONTH_RANGE = regex.compile(
    r"(?<![\d年])(?P<a>1[0-2]|[1-9]|[一二三四五六七八九十]{1,2})\s*(?:-|—|–|－|~|～|至|到)\s*"
    r"(?P<b>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])\s*月(?:份)?"
)
# a named period: "上半年", "前三季度", "一季度", "全年"
NAMED_PERIOD = regex.compile(
    r"上半年|下半年|前三季度|(?:第)?[一二三四]季度|全年(?!目标|任务|计划|工作)"
    r"|前(?P<n>[一二三四五六七八九十]{1,2}|\d{1,2})个月"
)
# a single month: "9月份", "十月份", "关于1月全市…" (not "9月底", "10月9日", "2024年9月")
SINGLE_MONTH = regex.compile(
    r"(?<![\d\-—–~至到年])(?P<m>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?"
    r"(?![\d底末初中上下])"
)
# a year: "2024年"
YEAR = regex.compile(r"(?<![\d至到\-—~])(?P<y>20\d{2})年(?!\d{0,2}(?:至|到|-|—)\d)")

_NAMED = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "全年": (1, 12)}
_QUARTER = {"一": (1, 3), "二": (4, 6), "三": (7, 9), "四": (10, 12)}


def _month(text: str) -> int | None:
    value = chinese_int(text)
    return value if value is not None and 1 <= value <= 12 else None


def period(text: str) -> tuple[int, int] | None:
    """The months a period phrase covers: "1-9月" → (1, 9), "上半年" → (1, 6)."""
    m = MONTH_RANGE.search(text)
    if m:
        a, b = _month(m.group("a")), _month(m.group("b"))
        if a and b and a <= b:
            return a, b
    m = NAMED_PERIOD.search(text)
    if m:
        word = m.group(0)
        if word in _NAMED:
            return _NAMED[word]
        if word.endswith("季度"):
            return _QUARTER[word[-3]]
        n = _month(m.group("n") or "")
        if n:
            return 1, n
    m = SINGLE_MONTH.search(text)
    if m:
        month = _month(m.group("m"))
        if month:
            return month, month
    return None


def issue_date(text: str) -> date | None:
    m = ISSUE_DATE.search(text)
    if not m:
        return None
    year, month, day = (chinese_int(m.group(k)) for k in ("y", "m", "d"))
    try:
        return date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def _title(texts: list[str]) -> tuple[int | None, str | None]:
    """Where the title starts and the title; a centred title may come as several lines."""
    for i, text in enumerate(texts[:8]):
        if not text.startswith("关于"):
            continue
        joined = text
        for more in ["", *texts[i + 1 : i + 4]]:
            joined += more
            if TITLE.match(joined):
                return i, joined
    for i, text in enumerate(texts[:6]):  # a title without 关于: "全市…推进情况通报"
        if PLAIN_TITLE.match(text):
            return i, text
    return None, None


def read_meta(body: list[LocText]) -> CircularMeta:
    """Meta from the body paragraphs (the attachments add nothing here)."""
    texts = [p.text for p in body]
    title_at, title = _title(texts)
    issuer = None
    head = texts[:title_at] if title_at is not None else texts[:2]
    for text in head:
        if ISSUER.match(text):
            issuer = text
            break
    issued = None
    for text in reversed(texts):
        if len(text) <= 20:
            issued = issue_date(text)
            if issued:
                break
    if issuer is None:  # the signature above the date
        for i, text in enumerate(texts):
            if issued and issue_date(text) == issued and len(text) <= 20:
                for previous in reversed(texts[max(0, i - 3) : i]):
                    if ISSUER.match(previous):
                        issuer = previous
                        break
    sources: dict[str, str] = {}
    found = period(title) if title else None
    if found is not None and title:
        sources["period"] = said(title)
    if found is None:
        for text in texts[:6]:
            found = period(text)
            if found:
                sources["period"] = said(text)
                break
    year = None
    for text in ([title] if title else []) + texts[:3]:
        m = YEAR.search(ISSUE_DATE.sub("", text))  # a date's year is the issue's, not the period's
        if m:
            year = int(m.group("y"))
            sources["year"] = said(text)
            break
    if issued is not None:
        sources["issued"] = said(next(t for t in reversed(texts) if issue_date(t) == issued))
    if year is None and issued is not None:
        year = issued.year
        sources["year"] = sources["issued"]
        if found and found[1] > issued.month:  # a December report issued in January
            year -= 1
    city = None
    for text in [issuer or "", title or "", *texts[:6], *texts[-4:]]:
        city = find_city(text)
        if city:
            sources["place"] = said(text)
            break
    return CircularMeta(
        city=city,
        place=city,
        place_level="city" if city else None,
        year=year,
        period_start_month=found[0] if found else None,
        period_end_month=found[1] if found else None,
        issued=issued,
        issuer=issuer,
        title=title,
        sources=sources,
    )


def said(line: str) -> str:
    """Where a meta value was read, for ``CircularMeta.sources``: "text: <the line>"."""
    return "text: " + (line if len(line) <= 60 else line[:59] + "…")
