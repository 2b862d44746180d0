"""Figures of the circulars that do not agree with each other, from the ``figure_checks`` view
(``warehouse/views/080_figure_checks.sql`` names the rules and their tolerances)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import duckdb

from schemas.errors import MinshengError

RULES = ("ratio", "county_share", "county_sum", "direction", "over_100", "body_vs_table")

CHECKS_SQL = """
SELECT rule, circular_id, city, year, period_end_month, level, project_no, project, indicator,
       county, stated, computed, tolerance, detail, quote, page, line, other_quote, other_page,
       other_line, sha256, filename
FROM figure_checks
ORDER BY city, year, period_end_month, level NULLS LAST, project_no NULLS LAST, project, rule,
         indicator NULLS FIRST, county NULLS FIRST, line
"""


@dataclass(frozen=True, slots=True)
class Inconsistency:
    """One rule broken: the figure checked (``quote`` at page/line) and the one it disagrees with
    (``other_quote``; None when both stand in the same sentence or cell)."""

    rule: str
    circular_id: str
    city: str
    year: int
    period_end_month: int
    level: str | None
    project_no: int | None
    project: str
    indicator: str | None
    county: str | None
    stated: float | None
    computed: float | None
    tolerance: float | None
    detail: str
    quote: str
    page: int | None
    line: int | None
    other_quote: str | None
    other_page: int | None
    other_line: int | None
    sha256: str
    filename: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def where(self) -> str:
        return _where(self.page, self.line)

    @property
    def other_where(self) -> str:
        return _where(self.other_page, self.other_line)


def _where(page: int | None, line: int | None) -> str:
    if line is None:
        return ""
    return f"p.{page} l.{line}" if page is not None else f"l.{line}"


def figure_checks(conn: duckdb.DuckDBPyConnection) -> list[Inconsistency]:
    """Every inconsistency of the authoritative documents, by circular and project."""
    try:
        rows = conn.execute(CHECKS_SQL).fetchall()
    except duckdb.CatalogException as exc:
        raise MinshengError(
            "this database has no figure_checks view: load it once with this version "
            "(minsheng ingest) to create it"
        ) from exc
    return [Inconsistency(*row) for row in rows]
