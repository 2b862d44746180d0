"""Parts of the report around the charts: the table of contents and the county view.

The county view turns the series around: for each county (of a city and year), the latest
figure of every project that reports it, with its change on the month before and whether it is
behind schedule or alerted — what a county's office reads first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import Any

from report.data import SourceBook
from warehouse.labels import behind_text, measures_pace, pct, period_label, project_label

COUNTY_HEADERS = ("项目", "指标", "最新", "环比", "状态")


def place_anchor(city: str, year: int) -> str:
    return f"place-{escape(city)}-{year}"


def county_anchor(city: str, year: int, county: str) -> str:
    return f"county-{escape(city)}-{year}-{escape(county)}"


@dataclass(frozen=True)
class Place:
    """One city and year of the report, with the projects charted for it."""

    city: str
    year: int
    projects: list[tuple[str, str]]  # (project_key, label)

    @property
    def anchor(self) -> str:
        return place_anchor(self.city, self.year)


def table_of_contents(
    places: list[Place], counties: dict[tuple[str, int], list[str]], alerts: int
) -> str:
    """A folded list of the sections, each place's projects and counties (no script)."""
    items = [f'<li><a href="#alerts">预警一览（{alerts} 条）</a></li>']
    chart_items = []
    for place in places:
        links = "".join(
            f'<li><a href="#project-{escape(key)}">{escape(label)}</a></li>'
            for key, label in place.projects
        )
        chart_items.append(
            f'<li><a href="#{place.anchor}">{escape(place.city)} {place.year}年</a>'
            f"<details><summary>{len(place.projects)} 个项目</summary><ol>{links}</ol>"
            "</details></li>"
        )
    items.append(
        f'<li><a href="#charts">项目进度与序时进度</a><ol>{"".join(chart_items)}</ol></li>'
    )
    county_items = []
    for (city, year), names in counties.items():
        links = "".join(
            f'<li><a href="#{county_anchor(city, year, n)}">{escape(n)}</a></li>' for n in names
        )
        county_items.append(
            f"<li>{escape(city)} {year}年<details><summary>{len(names)} 个县市区</summary>"
            f'<ol class="inline">{links}</ol></details></li>'
        )
    if county_items:
        items.append(f'<li><a href="#counties">县市区视图</a><ol>{"".join(county_items)}</ol></li>')
    items.append('<li><a href="#sources">来源</a></li>')
    return (
        '<nav class="toc" aria-label="目录"><details open><summary>目录</summary>'
        f"<ol>{''.join(items)}</ol></details></nav>"
    )


def _latest(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return max(rows, key=lambda r: int(r["period_end_month"]))


def _state(row: dict[str, Any], firing: bool) -> str:
    bits = []
    if firing:
        bits.append('<b class="warn">预警中</b>')
    if row.get("status") == "behind_schedule":
        bits.append("通报称未达序时")
    elif (
        row.get("pace") is not None
        and row.get("value") is not None
        and row["value"] < row["pace"]
        and not measures_pace(row.get("metric"))
    ):
        bits.append(f"低于序时（{escape(behind_text(row['value'], row['pace'], None))}）")
    return "；".join(bits)


def county_view(
    series: list[dict[str, Any]], firing: set[str], book: SourceBook
) -> tuple[str, dict[tuple[str, int], list[str]]]:
    """Each county's latest figure per project, one folded table per county; returns the HTML
    and the counties of each place (for the table of contents)."""
    by_county: dict[tuple[str, int, str], dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row in series:
        if row.get("county"):
            by_county[(row["city"], int(row["year"]), row["county"])][row["series_key"]].append(row)
    if not by_county:
        return '<p class="note">通报中没有分县市区的数据。</p>', {}
    names: dict[tuple[str, int], list[str]] = defaultdict(list)
    blocks = []
    for (city, year, county), by_series in sorted(by_county.items()):
        names[(city, year)].append(county)
        rows = []
        alerted = 0
        for key, points in by_series.items():
            last = _latest(points)
            is_firing = key in firing
            alerted += is_firing
            delta = last.get("delta")
            change = "" if delta is None else f"{delta:+.2f}".rstrip("0").rstrip(".")
            source = book.cite(last)
            cite = f' <a href="#{source.anchor}">[{source.number}]</a>' if source else ""
            what = " · ".join(str(b) for b in (last.get("indicator"), last.get("metric")) if b)
            project = project_label(last["level"], last["project_no"], last["project"])
            rows.append(
                (
                    not is_firing,
                    f'<tr class="{"firing" if is_firing else ""}">'
                    f'<td data-label="项目"><a href="#project-{escape(last["project_key"])}">'
                    f"{escape(project)}</a></td>"
                    f'<td data-label="指标">{escape(what)}</td>'
                    f'<td class="num" data-label="最新">{pct(last["value"])}'
                    f" <small>{period_label(last['period'])}</small>{cite}</td>"
                    f'<td class="num" data-label="环比">{escape(change)}</td>'
                    f'<td data-label="状态">{_state(last, is_firing)}</td></tr>',
                )
            )
        head = "".join(f"<th>{h}</th>" for h in COUNTY_HEADERS)
        body = "".join(html for _, html in sorted(rows, key=lambda r: r[0]))
        flag = f"，预警 {alerted} 项" if alerted else ""
        blocks.append(
            f'<details class="county" id="{county_anchor(city, year, county)}"'
            f"{' open' if alerted else ''}>"
            f"<summary>{escape(county)}（{escape(city)} {year}年）：{len(by_series)} 项{flag}"
            f'</summary><table class="stack"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></details>"
        )
    return "".join(blocks), dict(names)
