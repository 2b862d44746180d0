"""Progress series: reading the ``progress_series`` view by project, number or county.

The view itself (``views/50_progress_series.sql``) says what a series is and which figure
stands for a period; this module finds series for a query and draws them as text.
``refresh_projects`` lives in ``warehouse.projects`` and is re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import regex

from warehouse.projects import refresh_projects

__all__ = ["Series", "SeriesPoint", "find_series", "parse_query", "refresh_projects", "sparkline"]

# A level and number: "province:21", "city:7", "省:21", "市：7".
LEVEL_NUMBER = regex.compile(r"^(?P<level>province|city|省|市)[:：]\s*(?P<no>\d{1,3})$")
# A bare number: "21".
BARE_NUMBER = regex.compile(r"^\d{1,3}$")

BLOCKS = "▁▂▃▄▅▆▇█"
LEVEL_WORDS = {"省": "province", "市": "city", "province": "province", "city": "city"}

POINT_COLUMNS = (
    "period",
    "value",
    "delta",
    "pace",
    "gap_to_pace",
    "status",
    "metric",
    "section",
    "source_text",
    "sha256",
    "page",
    "line",
)
KEY_COLUMNS = (
    "series_key",
    "city",
    "year",
    "level",
    "project_no",
    "project_key",
    "project",
    "indicator",
    "county",
    "metric_key",
)


@dataclass(frozen=True)
class SeriesPoint:
    period: str
    value: float
    delta: float | None
    pace: float
    gap_to_pace: float
    status: str | None
    metric: str
    section: str
    source_text: str
    sha256: str
    page: int | None
    line: int


@dataclass
class Series:
    series_key: str
    city: str
    year: int
    level: str
    project_no: int
    project_key: str
    project: str
    indicator: str | None
    county: str | None
    metric_key: str
    points: list[SeriesPoint] = field(default_factory=list)

    @property
    def label(self) -> str:
        parts = [f"{self.year} {self.city}", f"{self.level}:{self.project_no} {self.project}"]
        if self.indicator:
            parts.append(self.indicator)
        parts.append(self.county or "全市")
        if self.metric_key:
            parts.append(self.metric_key)
        return " · ".join(parts)

    @property
    def sparkline(self) -> str:
        """Months from the first to the last figure; a blank where the series had none."""
        by_month = {int(p.period[5:7]): p.value for p in self.points}
        if not by_month:
            return ""
        months = range(min(by_month), max(by_month) + 1)
        return sparkline([by_month.get(m) for m in months])


@dataclass(frozen=True)
class Query:
    level: str | None = None
    project_no: int | None = None
    text: str | None = None


def parse_query(text: str) -> Query:
    """``province:21`` / ``21`` (a number) / anything else: part of a name or a county."""
    stripped = text.strip()
    match = LEVEL_NUMBER.match(stripped)
    if match:
        return Query(LEVEL_WORDS[match["level"]], int(match["no"]))
    if BARE_NUMBER.match(stripped):
        return Query(None, int(stripped))
    return Query(text=stripped)


def find_series(conn: duckdb.DuckDBPyConnection, query: str) -> list[Series]:
    """The series whose project (by any of its names), number, indicator or county match."""
    q = parse_query(query)
    clauses: list[str] = []
    params: list[object] = []
    if q.level is not None:
        clauses.append("s.level = ?")
        params.append(q.level)
    if q.project_no is not None:
        clauses.append("s.project_no = ?")
        params.append(q.project_no)
    if q.text:
        like = f"%{q.text}%"
        clauses.append(
            "(s.project ILIKE ? OR s.county ILIKE ? OR s.indicator ILIKE ? OR s.project_key IN "
            "(SELECT project_key FROM project_aliases WHERE alias ILIKE ?))"
        )
        params.extend([like, like, like, like])
    where = " AND ".join(clauses) or "true"
    columns = ", ".join(f"s.{c}" for c in (*KEY_COLUMNS, *POINT_COLUMNS))
    rows = conn.execute(
        f"SELECT {columns} FROM progress_series s WHERE {where} "
        "ORDER BY s.city, s.year, CASE s.level WHEN 'province' THEN 0 ELSE 1 END, s.project_no, "
        "s.project_key, s.indicator NULLS FIRST, s.county NULLS FIRST, s.metric_key, "
        "s.period_end_month",
        params,
    ).fetchall()
    found: dict[str, Series] = {}
    width = len(KEY_COLUMNS)
    for row in rows:
        key = row[0]
        if key not in found:
            found[key] = Series(*row[:width])
        found[key].points.append(SeriesPoint(*row[width:]))
    return list(found.values())


def sparkline(values: Sequence[float | None]) -> str:
    """One block per value, scaled between the smallest and largest; a blank for no value."""
    present = [v for v in values if v is not None]
    if not present:
        return " " * len(values)
    low, high = min(present), max(present)
    out = []
    for v in values:
        if v is None:
            out.append(" ")
        elif high == low:
            out.append(BLOCKS[len(BLOCKS) // 2])
        else:
            out.append(BLOCKS[round((v - low) / (high - low) * (len(BLOCKS) - 1))])
    return "".join(out)
