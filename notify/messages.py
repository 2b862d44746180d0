"""Alert messages in Chinese, one grouped message per delivery, split to fit a size limit.

Pure: from alert events to message parts (title + body). The body is markdown for the bots that
render it (DingTalk, Feishu: bold project names, a link to the report) and plain text for the
others (WeCom, e-mail, JSON webhooks). Each alert names the circular its figure was read from —
title, issue date, file, page and line — and quotes the sentence, cut on sentence boundaries.

A part never exceeds ``max_bytes`` UTF-8 bytes counted over ``title + "\\r\\n" + body`` (the
bots that have no title field put the title on the first line of the text that way). When
``max_parts`` cuts a delivery short, the last part says how many alerts were not listed
("…另有 N 条"); those alerts are still covered by that part.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from schemas.alert import Alert
from warehouse.alerts_episodes import pace_of
from warehouse.labels import (
    ELLIPSIS,
    behind_text,
    pct,
    period_label,
    project_label,
    quote,
    where_read,
)

Event = Literal["firing", "resolved"]
Markup = Literal["text", "markdown"]

SECTION_LABEL = {"new": "新增预警", "repeat": "持续预警", "resolved": "已恢复"}
QUOTE_CHARS = 90  # the source sentence is cut to about this many characters around the figure


@dataclass(frozen=True)
class AlertEvent:
    """One outbox row to announce: the alert, which event, and where its figure was read."""

    alert: Alert
    event: Event
    repeat: bool = False
    page: int | None = None
    line: int | None = None
    filename: str | None = None
    title: str | None = None  # of the circular the figure was read from
    issued: date | None = None

    @property
    def key(self) -> tuple[str, Event]:
        return (self.alert.id, self.event)

    @property
    def section(self) -> str:
        if self.event == "resolved":
            return "resolved"
        return "repeat" if self.repeat else "new"


@dataclass(frozen=True)
class MessagePart:
    title: str
    body: str
    events: tuple[AlertEvent, ...] = field(default_factory=tuple)
    listed: int = 0  # events written out; the rest are counted in "另有 N 条"
    markup: Markup = "text"

    @property
    def size(self) -> int:
        return message_size(self.title, self.body)


def message_size(title: str, body: str) -> int:
    return len(f"{title}\r\n{body}".encode())


def pace_for(period: str | None) -> float | None:
    """序时进度 of a period: the share of the year gone by its last month, in percent."""
    if not period:
        return None
    try:
        month = int(period.split("-")[1])
    except (IndexError, ValueError):
        return None
    return pace_of(month)


def describe_change(alert: Alert) -> str:
    """从 X% 降至 Y%（1-8月 → 1-9月）, or 未达序时：Y%，序时进度 P%（1-9月）."""
    if alert.kind == "drop":
        return (
            f"从 {pct(alert.from_value)} 降至 {pct(alert.to_value)}"
            f"（{period_label(alert.from_period)} → {period_label(alert.to_period)}）"
        )
    if alert.kind == "inconsistent":
        return f"数据不一致（{alert.metric}，{period_label(alert.to_period)}）"
    pace = alert.pace if alert.pace is not None else pace_for(alert.to_period)
    behind = behind_text(alert.to_value, pace, alert.metric)
    return f"未达序时：{behind}（{period_label(alert.to_period)}）"


def source_line(item: AlertEvent) -> str:
    """ "《关于全市1-9月……的通报》（2025-10-10印发）衡阳市-2025-09.pdf 第2页第4行"."""
    bits = []
    if item.title:
        bits.append(
            f"《{item.title}》" + (f"（{item.issued:%Y-%m-%d}印发）" if item.issued else "")
        )
    elif item.issued:
        bits.append(f"{item.issued:%Y-%m-%d}印发的通报")
    if item.filename:
        bits.append(item.filename)
    where = where_read(item.page, item.line)
    if where:
        bits.append(where)
    return " ".join(bits)


def alert_block(
    item: AlertEvent, number: int, quote_chars: int = QUOTE_CHARS, markup: Markup = "text"
) -> str:
    """The lines about one alert in the 新增/持续 sections."""
    alert = item.alert
    what = alert.indicator or alert.metric or "进度"
    if alert.indicator and alert.metric:
        what = f"{alert.indicator}（{alert.metric}）"
    project = project_label(alert.level, alert.project_no, alert.project)
    details = [f"指标：{what}　县市区：{alert.county or '全市'}", describe_change(alert)]
    source = source_line(item)
    if source:
        details.append(f"来源：{source}")
    if quote_chars > 0 and alert.source_text:
        details.append(f"原文：“{quote(alert.source_text, alert.to_value, quote_chars)}”")
    if markup == "markdown":
        return "\n".join([f"{number}. **{project}**", *(f"    - {d}" for d in details)])
    return "\n".join([f"{number}. {project}", *(f"   {d}" for d in details)])


def resolved_line(item: AlertEvent) -> str:
    """One line per recovered alert: what it was, and that it is over."""
    alert = item.alert
    project = project_label(alert.level, alert.project_no, alert.project)
    head = f"- {project}（{alert.county or '全市'}）："
    if alert.kind == "drop":
        what = (
            f"{period_label(alert.to_period)} 环比下降"
            f"（{pct(alert.from_value)} → {pct(alert.to_value)}）"
        )
    elif alert.kind == "inconsistent":
        return f"{head}{period_label(alert.to_period)} 数据不一致（{alert.metric}），已更正"
    else:
        what = f"未达序时（{period_label(alert.to_period)} {pct(alert.to_value)}）"
    return f"{head}{what}，已恢复"


def _group_key(alert: Alert) -> tuple[str, int]:
    return (alert.city, alert.year)


def _counts(events: Sequence[AlertEvent]) -> dict[str, int]:
    counts = {"new": 0, "repeat": 0, "resolved": 0}
    for e in events:
        counts[e.section] += 1
    return counts


def _title(events: Sequence[AlertEvent], part: int, parts: int) -> str:
    groups = sorted({_group_key(e.alert) for e in events})
    counts = _counts(events)
    where = f"{groups[0][0]}{groups[0][1]}年" if len(groups) == 1 else ""
    bits = []
    if counts["new"] or not (counts["repeat"] or counts["resolved"]):
        bits.append(f"新增预警 {counts['new']} 条")
    if counts["repeat"]:
        bits.append(f"持续预警 {counts['repeat']} 条")
    if counts["resolved"]:
        bits.append(f"已恢复 {counts['resolved']} 条")
    suffix = f"（{part}/{parts}）" if parts > 1 else ""
    return f"{where}重点民生实事进度预警：{'，'.join(bits)}{suffix}"


@dataclass
class _Layout:
    """What every part of one delivery shares: all its events, numbering, quote lengths."""

    events: Sequence[AlertEvent]
    numbers: dict[tuple[str, Event], int]
    mentions: Sequence[str]
    markup: Markup = "text"
    report_url: str | None = None
    quotes: dict[tuple[str, Event], int] = field(default_factory=dict)
    new_in: dict[tuple[str, int], int] = field(default_factory=dict)
    _titles: dict[tuple[int, int], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for e in self.events:
            group = _group_key(e.alert)
            self.new_in[group] = self.new_in.get(group, 0) + (e.section == "new")

    def title(self, part: int, parts: int) -> str:
        key = (part, parts)
        if key not in self._titles:
            self._titles[key] = _title(self.events, part, parts)
        return self._titles[key]


def _render(
    layout: _Layout, listed: Sequence[AlertEvent], left_out: int, part: int, parts: int
) -> tuple[str, str]:
    """Title and body of one part listing ``listed``, counting ``left_out`` more ("另有 N 条")."""
    title = layout.title(part, parts)
    markdown = layout.markup == "markdown"

    def strong(text: str) -> str:
        return f"**{text}**" if markdown else text

    lines: list[str] = []
    by_group: dict[tuple[str, int], list[AlertEvent]] = {}
    for item in listed:
        by_group.setdefault(_group_key(item.alert), []).append(item)
    for (city, year), items in sorted(by_group.items()):
        new = layout.new_in[(city, year)]
        lines.append(strong(f"城市：{city}　年度：{year}　新增预警 {new} 条"))
        for section in ("new", "repeat", "resolved"):
            chosen = [e for e in items if e.section == section]
            if not chosen:
                continue
            lines.append("")
            lines.append(strong(f"【{SECTION_LABEL[section]}】"))
            if markdown:
                lines.append("")
            for item in chosen:
                if section == "resolved":
                    lines.append(resolved_line(item))
                else:
                    chars = layout.quotes.get(item.key, QUOTE_CHARS)
                    number = layout.numbers[item.key]
                    lines.append(alert_block(item, number, chars, layout.markup))
        lines.append("")
    if left_out > 0:
        lines.append(f"{ELLIPSIS}另有 {left_out} 条未列出，详见分析报告")
    if layout.report_url:
        url = layout.report_url
        lines.append(f"[查看分析报告]({url})" if markdown else f"分析报告：{url}")
    if layout.mentions:
        lines.append(" ".join(f"@{m}" for m in layout.mentions))
    return title, "\n".join(lines).strip()


def _order(events: Sequence[AlertEvent]) -> list[AlertEvent]:
    rank = {"new": 0, "repeat": 1, "resolved": 2}
    return sorted(
        events,
        key=lambda e: (
            _group_key(e.alert),
            rank[e.section],
            e.alert.level != "province",
            e.alert.project_no,
            e.alert.indicator or "",
            e.alert.county or "",
            e.alert.id,
        ),
    )


def compose(
    events: Sequence[AlertEvent],
    *,
    max_bytes: int | None = None,
    max_parts: int | None = None,
    mentions: Sequence[str] = (),
    markup: Markup = "text",
    report_url: str | None = None,
) -> list[MessagePart]:
    """The message parts announcing ``events``: as few as fit under ``max_bytes`` each, in
    ``markup`` (markdown or plain text), each ending with a link to ``report_url`` when given.

    Every event is in exactly one part. With ``max_parts``, the last part lists what fits and
    counts the rest ("…另有 N 条"). A single alert too long for the limit has its quote
    shortened, then dropped, then its text cut.
    """
    ordered = _order(events)
    if not ordered:
        return []
    numbers: dict[tuple[str, Event], int] = {}
    counter: dict[tuple[str, int], int] = {}
    for item in ordered:
        if item.section != "resolved":
            group = _group_key(item.alert)
            counter[group] = counter.get(group, 0) + 1
            numbers[item.key] = counter[group]
    layout = _Layout(ordered, numbers, mentions, markup, report_url)

    def fits(listed: Sequence[AlertEvent], left_out: int = 0) -> bool:
        if max_bytes is None:
            return True
        # the widest part label ("（99/99）") so the count can be filled in afterwards
        title, body = _render(layout, listed, left_out, 99, 99)
        return message_size(title, body) <= max_bytes

    groups: list[list[AlertEvent]] = []
    current: list[AlertEvent] = []
    for item in ordered:
        if fits([*current, item]):
            current.append(item)
            continue
        if current:
            groups.append(current)
            current = []
        # alone and still too long: shorten its quote until it fits
        for chars in (60, 30, 0):
            if fits([item]):
                break
            layout.quotes[item.key] = chars
        current = [item]
    if current:
        groups.append(current)

    covered_by: list[list[AlertEvent]] = [list(g) for g in groups]
    if max_parts is not None and len(groups) > max_parts:
        tail = [e for g in groups[max_parts - 1 :] for e in g]
        listed = list(groups[max_parts - 1])
        while listed and not fits(listed, len(tail) - len(listed)):
            listed.pop()
        groups = [*groups[: max_parts - 1], listed]
        covered_by = [*covered_by[: max_parts - 1], tail]

    total = len(groups)
    parts: list[MessagePart] = []
    for index, (listed, covered) in enumerate(zip(groups, covered_by, strict=True), start=1):
        title, body = _render(layout, listed, len(covered) - len(listed), index, total)
        if max_bytes is not None and message_size(title, body) > max_bytes:
            body = _cut_bytes(body, max_bytes - message_size(title, ""))
        parts.append(MessagePart(title, body, tuple(covered), len(listed), markup))
    return parts


def _cut_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, ending with "…" when cut."""
    data = text.encode()
    if len(data) <= limit:
        return text
    room = max(0, limit - len(ELLIPSIS.encode()))
    return data[:room].decode("utf-8", errors="ignore") + ELLIPSIS
