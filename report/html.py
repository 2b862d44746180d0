"""The analyst report: one static, self-contained HTML page (inline CSS and SVG, no script).

For each project: a chart of its progress against 序时进度 — the whole-city series, and the
indicator and county series that matter (alerted, flagged behind, or falling), at most
``MAX_LINES`` lines — then the alerts table and a numbered list of sources (file, sha256, page,
line, sentence) that every point and alert links to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import duckdb

from report.data import Source, SourceBook, alert_rows, generated_at, series_key, series_rows
from report.svg import PALETTE, ChartPoint, ChartSeries, line_chart
from schemas.errors import MinshengError
from warehouse.labels import KIND, STATE, pct, period_label, project_label, quote

MAX_LINES = 8
QUOTE_CHARS = 120


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    charts: int
    points: int
    alerts: int
    sources: int


def _template() -> Template:
    text = resources.files("report.templates").joinpath("report.html").read_text("utf-8")
    return Template(text)


def _cite(source: Source | None) -> str:
    if source is None:
        return ""
    return f'<a href="#{source.anchor}" title="{escape(source.text)}">[{source.number}]</a>'


def _change(row: dict[str, Any]) -> str:
    if row["kind"] == "drop":
        return f"从 {pct(row['from_value'])} 降至 {pct(row['to_value'])}"
    if row["kind"] == "inconsistent":
        return f"印 {row['to_value']:g}，他处得 {row['from_value'] or 0:g}（{row['metric']}）"
    return f"{pct(row['to_value'])}（序时进度 {pct(row['pace'])}）"


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


def _alert_row(a: dict[str, Any], book: SourceBook) -> str:
    source = book.cite(a)
    first = a["first_seen"].strftime("%Y-%m-%d") if a.get("first_seen") else ""
    what = a.get("indicator") or a.get("metric") or ""
    cut = escape(quote(source.text, a.get("to_value"), 60)) if source else ""
    project = project_label(a["level"], a["project_no"], a["project"])
    return (
        f'<tr class="{escape(a["state"])}" id="alert-{escape(a["id"])}">'
        f"<td>{STATE.get(a['state'], a['state'])}</td>"
        f"<td>{KIND.get(a['kind'], a['kind'])}</td>"
        f"<td>{escape(a['city'])} {a['year']}</td>"
        f'<td><a href="#project-{escape(a["project_key"])}">{escape(project)}</a></td>'
        f"<td>{escape(what)}</td>"
        f"<td>{escape(a.get('county') or '全市')}</td>"
        f'<td class="num">{escape(_change(a))}</td>'
        f"<td>{escape(_periods(a))}</td>"
        f"<td>{first}</td>"
        f'<td><span class="src">{cut}</span> {_cite(source)}</td>'
        "</tr>"
    )


def _table(rows: list[str]) -> str:
    head = "".join(f"<th>{h}</th>" for h in ALERT_HEADERS)
    return (
        f'<table class="alerts"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def alerts_table(alerts: list[dict[str, Any]], book: SourceBook) -> str:
    """Firing alerts in a table; resolved ones in a second table, folded (no script needed)."""
    if not alerts:
        return '<p class="note">暂无预警。</p>'
    firing = [_alert_row(a, book) for a in alerts if a["state"] == "firing"]
    resolved = [_alert_row(a, book) for a in alerts if a["state"] != "firing"]
    html = _table(firing) if firing else '<p class="note">当前没有预警中的项目。</p>'
    if resolved:
        html += (
            f'<details class="resolved"><summary>已恢复 {len(resolved)} 条</summary>'
            f"{_table(resolved)}</details>"
        )
    return html


def _choose(by_series: dict[str, list[dict[str, Any]]], alerted: set[str]) -> tuple[list[str], int]:
    """The series of a project worth a line, most important first, and how many were left out.

    The whole-city series always, county and indicator series when they matter (alerted,
    flagged, falling); a project reported only per county shows its counties.
    """

    def rank(key: str) -> tuple[int, int, str]:
        rows = by_series[key]
        whole = rows[0].get("county") is None
        matters = (
            key in alerted
            or any(r.get("status") for r in rows)
            or any((r.get("delta") or 0) < 0 for r in rows)
        )
        return (0 if whole else 1 if matters else 2, -len(rows), key)

    wanted = [k for k in by_series if rank(k)[0] < 2]
    if not any(rank(k)[0] == 0 for k in by_series):
        # a project reported only per county: its counties are the picture, as many as fit
        wanted = list(by_series)
    chosen = sorted(wanted, key=rank)[:MAX_LINES]
    return chosen, len(by_series) - len(chosen)


def series_label(row: dict[str, Any]) -> str:
    """全市 / 安宁区, with the indicator and (when a project reports two) the metric."""
    bits = [row.get("county") or "全市"]
    if row.get("indicator"):
        bits.append(str(row["indicator"]))
    if row.get("metric_key"):
        bits.append(str(row["metric_key"]))
    return " · ".join(bits)


def _tooltip(row: dict[str, Any], source: Source | None) -> str:
    lines = [
        f"{series_label(row)} {period_label(row['period'])}：{pct(row['value'])}"
        f"（序时进度 {pct(row['pace'])}）"
    ]
    if row.get("delta") is not None and row["delta"] < 0:
        lines.append(f"环比下降 {abs(row['delta']):g} 个百分点（上期 {pct(row['prev_value'])}）")
    if row.get("status") == "behind_schedule":
        lines.append("通报称未达序时")
    if source is not None:
        lines.append(f"原文：{quote(source.text, row.get('value'), QUOTE_CHARS)}")
        lines.append(f"{source.filename or source.sha256 or ''} {source.where}".strip())
    return "\n".join(lines)


def project_figure(
    rows: list[dict[str, Any]], alerted: set[str], firing: set[str], book: SourceBook
) -> tuple[str, int]:
    """The chart card of one project; returns its HTML and the number of points drawn."""
    by_series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_series[row["series_key"]].append(row)
    chosen, left_out = _choose(by_series, alerted)
    series: list[ChartSeries] = []
    points = 0
    for i, key in enumerate(chosen):
        colour = PALETTE[i % len(PALETTE)]
        chart = ChartSeries(series_label(by_series[key][0]), colour=colour)
        for row in by_series[key]:
            source = book.cite(row)
            chart.points.append(
                ChartPoint(
                    month=int(row["period_end_month"]),
                    value=float(row["value"]),
                    tooltip=_tooltip(row, source),
                    href=f"#{source.anchor}" if source else None,
                    drop=row.get("delta") is not None and row["delta"] < 0,
                    behind=row.get("status") == "behind_schedule",
                )
            )
            points += 1
        series.append(chart)
    first = rows[0]
    title = project_label(first["level"], first["project_no"], first["project"])
    svg = line_chart(series, label=f"{title} 进度与序时进度", year=int(first["year"]))
    legend = "".join(
        f'<li><i style="background:{s.colour}"></i>{escape(s.label)}</li>' for s in series
    )
    legend += '<li class="pace"><i></i>序时进度</li><li class="drop">▼ 环比下降</li>'
    note = f"共 {len(by_series)} 条序列"
    if left_out:
        note += f"，另有 {left_out} 条县市区序列未画出（见 xlsx 导出）"
    css = "alerting" if any(k in firing for k in by_series) else ""
    html = (
        f'<figure class="{css}" id="project-{escape(first["project_key"])}">'
        f"<h3>{escape(title)}</h3>{svg}"
        f'<ul class="legend">{legend}</ul><figcaption>{note}</figcaption></figure>'
    )
    return html, points


def sources_list(book: SourceBook) -> str:
    if not book.sources:
        return '<p class="note">无。</p>'
    items = []
    for s in book.sources:
        meta = " · ".join(
            bit
            for bit in (
                escape(s.filename or ""),
                f"SHA-256 {escape(s.sha256[:12])}" if s.sha256 else "",
                s.where,
            )
            if bit
        )
        items.append(
            f'<li id="{s.anchor}"><span class="src">{meta}</span><br>{escape(s.text)}</li>'
        )
    return f'<ol class="sources">{"".join(items)}</ol>'


def build_report(
    conn: duckdb.DuckDBPyConnection, *, now: datetime | None = None
) -> tuple[str, dict[str, int]]:
    """The report page and its counts (charts, points, alerts, sources)."""
    series = series_rows(conn)
    alerts = alert_rows(conn)
    book = SourceBook()
    alerts_html = alerts_table(alerts, book)
    alerted = {series_key(a) for a in alerts}
    firing = {series_key(a) for a in alerts if a["state"] == "firing"}

    by_project: dict[tuple[str, int], dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for row in series:
        by_project[(row["city"], row["year"])].setdefault(row["project_key"], []).append(row)
    blocks: list[str] = []
    charts = points = 0
    for (city, year), projects in by_project.items():
        figures = []
        ordered = sorted(
            projects.values(),
            key=lambda rows: not any(r["series_key"] in firing for r in rows),
        )
        for rows in ordered:
            html, drawn = project_figure(rows, alerted, firing, book)
            figures.append(html)
            charts += 1
            points += drawn
        blocks.append(
            f"<h3>{escape(city)} {year}年（{len(projects)} 个项目）</h3>"
            f'<div class="charts">{"".join(figures)}</div>'
        )
    if not blocks:
        blocks.append('<p class="note">仓库中还没有进度数据。</p>')

    cities = sorted(
        {(r["city"], r["year"]) for r in series} | {(a["city"], a["year"]) for a in alerts}
    )
    place = "、".join(f"{c}{y}年" for c, y in cities) or "（无数据）"
    latest = max((r["period"] for r in series), default=None)
    moment = (now or generated_at()).strftime("%Y-%m-%d %H:%M")
    firing_n = sum(1 for a in alerts if a["state"] == "firing")
    resolved_n = len(alerts) - firing_n
    cards = "".join(
        f'<div class="card {cls}"><b>{value}</b>{label}</div>'
        for value, label, cls in (
            (len({r["project_key"] for r in series}), "项目", ""),
            (len({r["series_key"] for r in series}), "进度序列", ""),
            (len(series), "数据点", ""),
            (firing_n, "预警中", "warn"),
            (resolved_n, "已恢复", "ok"),
        )
    )
    page = _template().substitute(
        title=escape("重点民生实事进度报告"),
        subtitle=escape(f"{place} · 数据截至 {period_label(latest)} · 生成于 {moment}"),
        cards=cards,
        alerts=alerts_html,
        charts="".join(blocks),
        sources=sources_list(book),
    )
    counts = {
        "charts": charts,
        "points": points,
        "alerts": len(alerts),
        "sources": len(book.sources),
    }
    return page, counts


def write_report(
    conn: duckdb.DuckDBPyConnection, out: str | Path, *, now: datetime | None = None
) -> ReportSummary:
    """Write the report to ``out`` (via a temporary file, so a reader never sees half a page)."""
    path = Path(out)
    page, counts = build_report(conn, now=now)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(page, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        raise MinshengError(f"cannot write the report to {path}: {exc.strerror}") from exc
    return ReportSummary(path, **counts)
