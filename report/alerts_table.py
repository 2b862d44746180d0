"""The alerts table of the report: firing alerts first, resolved ones folded below.

Each cell carries its column's name (``data-label``) so that on a phone, where the table is
shown as one card per alert, every value keeps its label.
"""

from __future__ import annotations

from html import escape
from typing import Any

from report.data import Source, SourceBook
from warehouse.labels import (
    KIND,
    STATE,
    behind_text,
    in_zone,
    pct,
    period_label,
    project_label,
    quote,
)


def _cite(source: Source | None) -> str:
    if source is None:
        return ""
    return f'<a href="#{source.anchor}" title="{escape(source.text)}">[{source.number}]</a>'


def _change(row: dict[str, Any]) -> str:
    if row["kind"] == "drop":
        return f"从 {pct(row['from_value'])} 降至 {pct(row['to_value'])}"
    if row["kind"] == "inconsistent":
        return f"印 {row['to_value']:g}，他处得 {row['from_value'] or 0:g}（{row['metric']}）"
    return behind_text(row["to_value"], row["pace"], row.get("metric"))


def _periods(row: dict[str, Any]) -> str:
    if row["kind"] == "drop":
        return f"{period_label(row['from_period'])} → {period_label(row['to_period'])}"
    start = period_label(row["from_period"]) if row["from_period"] else ""
    end = period_label(row["to_period"])
    return end if not start or start == end else f"{start} 至 {end}"


ALERT_HEADERS = (
    "状态",
    "类型",
    "城市",
    "项目",
    "指标",
    "县市区",
    "变化",
    "期间",
    "首次发现",
    "原文",
)


def _alert_row(a: dict[str, Any], book: SourceBook, zone: str) -> str:
    source = book.cite(a)
    first = f"{in_zone(a['first_seen'], zone):%Y-%m-%d}" if a.get("first_seen") else ""
    what = a.get("indicator") or a.get("metric") or ""
    cut = escape(quote(source.text, a.get("to_value"), 60)) if source else ""
    project = project_label(a["level"], a["project_no"], a["project"])
    cells = (
        STATE.get(a["state"], a["state"]),
        KIND.get(a["kind"], a["kind"]),
        f"{escape(a['city'])} {a['year']}",
        f'<a href="#project-{escape(a["project_key"])}">{escape(project)}</a>',
        escape(what),
        escape(a.get("county") or "全市"),
        escape(_change(a)),
        escape(_periods(a)),
        first,
        f'<span class="src">{cut}</span> {_cite(source)}',
    )
    tds = "".join(
        f'<td{NUM if label == "变化" else ""} data-label="{label}">{cell}</td>'
        for label, cell in zip(ALERT_HEADERS, cells, strict=True)
    )
    return f'<tr class="{escape(a["state"])}" id="alert-{escape(a["id"])}">{tds}</tr>'


NUM = ' class="num"'


def _table(rows: list[str]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ALERT_HEADERS)
    return (
        f'<table class="alerts stack"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def alerts_table(alerts: list[dict[str, Any]], book: SourceBook, zone: str = "UTC") -> str:
    """Firing alerts in a table; resolved ones in a second table, folded (no script needed).
    Dates are in the time zone ``zone``."""
    if not alerts:
        return '<p class="note">暂无预警。</p>'
    firing = [_alert_row(a, book, zone) for a in alerts if a["state"] == "firing"]
    resolved = [_alert_row(a, book, zone) for a in alerts if a["state"] != "firing"]
    html = _table(firing) if firing else '<p class="note">当前没有预警中的项目。</p>'
    if resolved:
        html += (
            f'<details class="resolved"><summary>已恢复 {len(resolved)} 条</summary>'
            f"{_table(resolved)}</details>"
        )
    return html
