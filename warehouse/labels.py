"""Chinese labels for what the warehouse holds, as the alert messages, the HTML report and the
xlsx export print them: levels, alert kinds and states, periods, percentages, where a figure was
read and the sentence it was read from."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

import regex

LEVEL = {"province": "省定", "city": "市定"}
KIND = {"drop": "环比下降", "behind_schedule": "未达序时", "inconsistent": "数据不一致"}
STATE = {"firing": "预警中", "resolved": "已恢复"}
STATUS = {"behind_schedule": "未达序时"}
SECTION = {"attachment1": "附件1", "attachment2": "附件2", "body": "正文"}
ELLIPSIS = "…"


def pct(value: float | None) -> str:
    """94.44 → "94.44%", 60.0 → "60%", None → "—"."""
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def period_label(period: str | None) -> str:
    """ "2025-09" → "1-9月"; "2025-01" → "1月" (figures are cumulative from January)."""
    if not period:
        return "—"
    try:
        month = int(period.split("-")[1])
    except (IndexError, ValueError):
        return period
    return "1月" if month == 1 else f"1-{month}月"


def project_label(level: str | None, project_no: int, project: str) -> str:
    """ "省定第21项 保障性租赁住房建设"."""
    return f"{LEVEL.get(level or '', level or '')}第{project_no}项 {project}"


def where_read(page: int | None, line: int | None) -> str:
    """ "第2页第14行", "第14行" for a text circular, "" when the line is not known."""
    if page is not None and line is not None:
        return f"第{page}页第{line}行"
    if line is not None:
        return f"第{line}行"
    return ""


def in_zone(moment: datetime, zone: str) -> datetime:
    """A warehouse timestamp (naive UTC, as DuckDB keeps them) in the time zone ``zone``,
    without tzinfo (for Excel, which has no time zones)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def local_stamp(moment: datetime | None, zone: str, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """ "2025-10-11 10:00 Asia/Shanghai" for the naive UTC ``moment``; "" for None."""
    if moment is None:
        return ""
    return f"{in_zone(moment, zone):{fmt}} {zone}"


def measures_pace(metric: str | None) -> bool:
    """A 序时进度 figure is already progress over the pace (100% = on schedule): it is never put
    beside the calendar's 序时进度 (month/12)."""
    return bool(metric) and "序时" in str(metric)


def behind_text(value: float | None, pace: float | None, metric: str | None) -> str:
    """ "29.34%，序时进度 75%", or for a 序时进度 figure "序时进度为 78.24%，不足 100%"."""
    if measures_pace(metric):
        return f"序时进度为 {pct(value)}，不足 100%"
    return f"{pct(value)}，序时进度 {pct(pace)}"


# the end of a sentence, or of a clause within one: "…清零到位；蒸湘区…", "其中，雁峰区…"
SENTENCE_END = regex.compile(r"(?<=[。；！？!?;])")
CLAUSE_END = regex.compile(r"(?<=[，、：,:])")


def _spans(text: str, start: int, end: int, splitter: regex.Pattern[str]) -> list[tuple[int, int]]:
    """(start, end) of the pieces of ``text[start:end]`` cut after each ``splitter`` match."""
    cuts = [start] + [start + m.start() for m in splitter.finditer(text[start:end])] + [end]
    return [(a, b) for a, b in pairwise(cuts) if b > a]


def _grow(spans: list[tuple[int, int]], at: int, room: int) -> tuple[int, int] | None:
    """The longest run of whole ``spans`` around the one holding ``at`` within ``room``
    characters (the following piece is tried before the one before), or None."""
    index = next((i for i, (a, b) in enumerate(spans) if a <= at < b), len(spans) - 1)
    first = last = index
    if spans[index][1] - spans[index][0] > room:
        return None
    while True:
        grew = False
        for step in (1, -1):
            i = last + 1 if step == 1 else first - 1
            if 0 <= i < len(spans) and spans[max(last, i)][1] - spans[min(first, i)][0] <= room:
                first, last = min(first, i), max(last, i)
                grew = True
        if not grew:
            return spans[first][0], spans[last][1]


def quote(text: str | None, anchor: float | None, limit: int) -> str:
    """The source sentence around the figure ``anchor`` in at most ``limit`` characters: whole
    sentences where they fit, else whole clauses of the figure's sentence ("1－11月" is never cut
    to "…1月"); a clause longer than ``limit`` is cut by characters. "…" marks what was left out.
    """
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS
    centre = 0
    if anchor is not None:
        for needle in (pct(anchor)[:-1], f"{anchor:.2f}", f"{anchor:g}"):
            at = text.find(needle)
            if at >= 0:
                centre = at + len(needle) // 2
                break
    room = limit - 2  # an ellipsis on either side
    sentences = _spans(text, 0, len(text), SENTENCE_END)
    window = _grow(sentences, centre, room)
    if window is None:
        [sentence] = [s for s in sentences if s[0] <= centre < s[1]] or [sentences[-1]]
        window = _grow(_spans(text, *sentence, CLAUSE_END), centre, room)
    if window is not None:
        start, end = window
        return (
            (ELLIPSIS if start > 0 else "")
            + text[start:end]
            + (ELLIPSIS if end < len(text) else "")
        )
    start = max(0, min(centre - limit // 2, len(text) - limit))
    end = start + limit
    cut = text[start:end]
    if start > 0:
        cut = ELLIPSIS + cut[1:]
    if end < len(text):
        cut = cut[:-1] + ELLIPSIS
    return cut
