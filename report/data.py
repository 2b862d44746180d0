"""What the report and the export read from the warehouse: series, alerts, facts, sources.

Everything is read with fixed queries on the published views (``progress_series``, ``facts_v``)
and the ``alerts`` table, so the report can be made from the read-only snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from schemas.errors import MinshengError
from warehouse.alerts import ALL_COLUMNS
from warehouse.labels import where_read

SERIES_COLUMNS = (
    "city",
    "year",
    "level",
    "project_no",
    "project_key",
    "project",
    "indicator",
    "county",
    "metric",
    "metric_key",
    "series_key",
    "period_end_month",
    "period",
    "value",
    "prev_period",
    "prev_value",
    "delta",
    "pace",
    "gap_to_pace",
    "status",
    "section",
    "source_text",
    "sha256",
    "page",
    "line",
)
SERIES_SQL = (
    "SELECT "
    + ", ".join(f"s.{c}" for c in SERIES_COLUMNS)
    + ", d.filename FROM progress_series AS s LEFT JOIN documents AS d ON d.sha256 = s.sha256"
    " ORDER BY s.city, s.year, CASE s.level WHEN 'province' THEN 0 ELSE 1 END, s.project_no,"
    " s.project_key, s.county NULLS FIRST, s.indicator NULLS FIRST, s.metric_key,"
    " s.period_end_month"
)

ALERTS_SQL = (
    "SELECT "
    + ", ".join(f"a.{c}" for c in ALL_COLUMNS)
    + ", d.filename FROM alerts AS a LEFT JOIN documents AS d ON d.sha256 = a.sha256"
    " ORDER BY CASE a.state WHEN 'firing' THEN 0 ELSE 1 END, a.city, a.year, a.to_period DESC,"
    " CASE a.level WHEN 'province' THEN 0 ELSE 1 END, a.project_no, a.county NULLS FIRST, a.kind"
)

FACT_COLUMNS = (
    "city",
    "year",
    "period_start_month",
    "period_end_month",
    "issued",
    "level",
    "category_no",
    "category",
    "project_no",
    "project",
    "indicator",
    "county",
    "metric",
    "value",
    "status",
    "section",
    "source_text",
    "filename",
    "sha256",
    "page",
    "line",
)
FACTS_SQL = (
    "SELECT " + ", ".join(FACT_COLUMNS) + " FROM facts_v ORDER BY city, year, period_end_month,"
    " CASE level WHEN 'province' THEN 0 ELSE 1 END, project_no, county NULLS FIRST, page, line"
)


def _rows(
    conn: duckdb.DuckDBPyConnection, sql: str, names: tuple[str, ...]
) -> list[dict[str, Any]]:
    try:
        cursor = conn.execute(sql)
    except duckdb.CatalogException as exc:
        raise MinshengError(
            f"the warehouse lacks what the report reads ({str(exc).splitlines()[0]}); "
            "open it with this version of minsheng first"
        ) from exc
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def series_rows(conn: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every point of every progress series, with the file it was read from."""
    return _rows(conn, SERIES_SQL, (*SERIES_COLUMNS, "filename"))


def alert_rows(conn: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every alert, firing first, with the file its figure was read from."""
    return _rows(conn, ALERTS_SQL, (*ALL_COLUMNS, "filename"))


def fact_rows(conn: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every progress figure of an authoritative circular, with its provenance."""
    return _rows(conn, FACTS_SQL, FACT_COLUMNS)


def series_key(row: dict[str, Any]) -> str:
    """The key progress_series gives a series, rebuilt for an alert row."""
    return "|".join(
        str(row.get(k) or "") for k in ("project_key", "indicator", "county", "metric_key")
    )


@dataclass(frozen=True)
class Source:
    """Where a figure was read; ``number`` is its anchor in the report's source list."""

    number: int
    filename: str | None
    sha256: str | None
    page: int | None
    line: int | None
    text: str

    @property
    def anchor(self) -> str:
        return f"src-{self.number}"

    @property
    def where(self) -> str:
        return where_read(self.page, self.line)


@dataclass
class SourceBook:
    """Numbers each distinct source once, in the order they are first cited."""

    sources: list[Source] = field(default_factory=list)
    _index: dict[tuple[Any, ...], Source] = field(default_factory=dict)

    def cite(self, row: dict[str, Any]) -> Source | None:
        text = row.get("source_text")
        if not text:
            return None
        key = (row.get("sha256"), row.get("page"), row.get("line"), text)
        found = self._index.get(key)
        if found is None:
            found = Source(
                len(self.sources) + 1,
                row.get("filename"),
                row.get("sha256"),
                row.get("page"),
                row.get("line"),
                " ".join(str(text).split()),
            )
            self._index[key] = found
            self.sources.append(found)
        return found
