"""The analyst report: one static, self-contained HTML page (inline CSS and SVG, no script).

A table of contents; the alerts table; for each project a chart of its progress against
序时进度 — the whole-city series, and the indicator and county series that matter (alerted,
flagged behind, or falling), at most ``MAX_LINES`` lines; the county view (each county's latest
figures across projects); and a numbered list of sources (file, sha256, page, line, sentence)
that every point and alert links to. The layout is responsive: on a phone the charts take the
full width with larger labels and the tables become one card per row. ``ReportFilter`` narrows
the page to a city, a year or a county.
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
from zoneinfo import ZoneInfo

import duckdb

from report.alerts_table import alerts_table
from report.data import Source, SourceBook, alert_rows, series_key, series_rows
from report.sections import Place, county_view, place_anchor, table_of_contents
from report.svg import PALETTE, ChartPoint, ChartSeries, line_chart
from schemas.errors import MinshengError
from warehouse.labels import (
    measures_pace,
    pct,
    period_label,
    project_label,
    quote,
)

MAX_LINES = 8
QUOTE_CHARS = 120


@dataclass(frozen=True)
class ReportFilter:
    """Which part of the warehouse the page shows (None: all)."""

    city: str | None = None
    year: int | None = None
    county: str | None = None

    def keeps(self, row: dict[str, Any]) -> bool:
        return (
            (self.city is None or row.get("city") == self.city)
            and (self.year is None or int(row.get("year") or 0) == self.year)
            and (self.county is None or row.get("county") == self.county)
        )

    def describe(self) -> str:
        bits = [self.city or "", f"{self.year}年" if self.year else "", self.county or ""]
        return "".join(bits)


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
    pace = "" if measures_pace(row.get("metric")) else f"（序时进度 {pct(row['pace'])}）"
    lines = [f"{series_label(row)} {period_label(row['period'])}：{pct(row['value'])}{pace}"]
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


def _figures(
    series: list[dict[str, Any]], alerted: set[str], firing: set[str], book: SourceBook
) -> tuple[list[str], list[Place], int, int]:
    """The chart blocks of each city and year (alerting projects first), the places for the
    table of contents, and the numbers of charts and points."""
    by_project: dict[tuple[str, int], dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for row in series:
        by_project[(row["city"], row["year"])].setdefault(row["project_key"], []).append(row)
    blocks: list[str] = []
    places: list[Place] = []
    charts = points = 0
    for (city, year), projects in by_project.items():
        figures = []
        listed = []
        ordered = sorted(
            projects.values(),
            key=lambda rows: not any(r["series_key"] in firing for r in rows),
        )
        for rows in ordered:
            html, drawn = project_figure(rows, alerted, firing, book)
            figures.append(html)
            first = rows[0]
            label = project_label(first["level"], first["project_no"], first["project"])
            listed.append((first["project_key"], label))
            charts += 1
            points += drawn
        places.append(Place(city, int(year), listed))
        blocks.append(
            f'<h3 id="{place_anchor(city, int(year))}">{escape(city)} {year}年'
            f"（{len(projects)} 个项目）</h3>"
            f'<div class="charts">{"".join(figures)}</div>'
        )
    return blocks, places, charts, points


def build_report(
    conn: duckdb.DuckDBPyConnection,
    *,
    now: datetime | None = None,
    only: ReportFilter | None = None,
    timezone: str = "Asia/Shanghai",
) -> tuple[str, dict[str, int]]:
    """The report page and its counts (charts, points, alerts, sources), narrowed to ``only``;
    times are shown in ``timezone`` (``now``: when it was made, in that zone; default now)."""
    only = only or ReportFilter()
    series = [r for r in series_rows(conn) if only.keeps(r)]
    alerts = [a for a in alert_rows(conn) if only.keeps(a)]
    book = SourceBook()
    alerts_html = alerts_table(alerts, book, timezone)
    alerted = {series_key(a) for a in alerts}
    firing = {series_key(a) for a in alerts if a["state"] == "firing"}
    blocks, places, charts, points = _figures(series, alerted, firing, book)
    if not blocks:
        blocks.append('<p class="note">仓库中还没有进度数据。</p>')
    counties_html, counties = county_view(series, firing, book)

    cities = sorted(
        {(r["city"], r["year"]) for r in series} | {(a["city"], a["year"]) for a in alerts}
    )
    place = "、".join(f"{c}{y}年" for c, y in cities) or "（无数据）"
    if only.county:
        place += f" · {only.county}"
    latest = max((r["period"] for r in series), default=None)
    moment = now or datetime.now(ZoneInfo(timezone)).replace(tzinfo=None)
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
    title = "重点民生实事进度报告" + (f"：{only.describe()}" if only.describe() else "")
    page = _template().substitute(
        title=escape(title),
        subtitle=escape(
            f"{place} · 数据截至 {period_label(latest)} · 生成于 {moment:%Y-%m-%d %H:%M}"
            f"（{timezone}）"
        ),
        toc=table_of_contents(places, counties, len(alerts)),
        cards=cards,
        alerts=alerts_html,
        charts="".join(blocks),
        counties=counties_html,
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
    conn: duckdb.DuckDBPyConnection,
    out: str | Path,
    *,
    now: datetime | None = None,
    only: ReportFilter | None = None,
    timezone: str = "Asia/Shanghai",
) -> ReportSummary:
    """Write the report to ``out`` (via a temporary file, so a reader never sees half a page)."""
    path = Path(out)
    page, counts = build_report(conn, now=now, only=only, timezone=timezone)
    if only is not None and only.describe() and not (counts["charts"] or counts["alerts"]):
        raise MinshengError(f"nothing in the warehouse for {only.describe()}; no report written")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        partial.write_text(page, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        raise MinshengError(f"cannot write the report to {path}: {exc.strerror}") from exc
    return ReportSummary(path, **counts)
