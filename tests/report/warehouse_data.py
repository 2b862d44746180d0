"""A made-up city's monthly circulars loaded into a warehouse, with projects matched and alerts
evaluated: what the report and the export read.

Four months (1-6月 … 1-9月; 1-10月 on demand) of 临江市 2025: province items with a whole-city
figure and county figures, one county that falls back (a drop), one the circular flags 未达序时,
a city item with two indicators, and a project completed without a figure.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import duckdb

from schemas.circular import ParseResult
from synth.parsed import Figure, Month, Row
from synth.parsed import month as parsed_month
from warehouse.alerts import evaluate
from warehouse.connection import connect
from warehouse.loading import load_parse_result
from warehouse.projects import refresh_projects

CITY = "临江市"
YEAR = 2025

# (level, number, name, indicator, county, {month: (value, behind)})
SERIES: list[tuple[str, int, str, str | None, str | None, dict[int, tuple[float, bool]]]] = [
    (
        "province",
        3,
        "城乡老年助餐服务扩面",
        None,
        None,
        {6: (52.4, False), 7: (61.0, False), 8: (70.3, False), 9: (78.9, False)},
    ),
    (
        "province",
        3,
        "城乡老年助餐服务扩面",
        None,
        "东湖区",
        {6: (50.0, False), 7: (58.5, False), 8: (66.0, False), 9: (61.2, False), 10: (72.0, False)},
    ),
    (
        "province",
        3,
        "城乡老年助餐服务扩面",
        None,
        "青石县",
        {7: (40.0, True), 8: (44.5, True), 9: (71.0, False)},
    ),
    (
        "province",
        12,
        "农村供水保障提升工程",
        None,
        None,
        {6: (45.0, False), 7: (55.1, False), 8: (64.8, False), 9: (73.5, False)},
    ),
    (
        "province",
        12,
        "农村供水保障提升工程",
        None,
        "白沙县",
        {6: (38.0, True), 7: (43.0, True), 8: (47.5, True), 9: (52.0, True)},
    ),
    (
        "city",
        4,
        "城区背街小巷改造",
        "改造面积",
        None,
        {6: (48.0, False), 7: (57.0, False), 8: (69.0, False), 9: (80.0, False)},
    ),
    (
        "city",
        4,
        "城区背街小巷改造",
        "雨污分流",
        None,
        {6: (30.0, False), 7: (42.0, False), 8: (40.5, False), 9: (58.0, False)},
    ),
]


def circular(month: int) -> ParseResult:
    rows: dict[tuple[str, int], Row] = {}
    for level, no, name, indicator, county, values in SERIES:
        if month not in values:
            continue
        value, behind = values[month]
        figure = Figure(value, county, indicator, metric="完成率", behind=behind)
        row = rows.get((level, no), Row(no, name, level=level))
        rows[(level, no)] = replace(row, figures=(*row.figures, figure))
    completed = Row(7, "困难家庭适老化改造", state="completed")
    return parsed_month(
        Month(month, [*rows.values(), completed], year=YEAR, city=CITY, first_line=3)
    )


def load_months(conn: duckdb.DuckDBPyConnection, months: tuple[int, ...], now: datetime) -> None:
    """Load the circulars of ``months``, then match projects and evaluate alerts as of ``now``."""
    for month in months:
        load_parse_result(
            conn,
            circular(month),
            source="inbox",
            filename=f"临江市{YEAR}年1-{month}月民生实事通报.pdf",
            fetched_at=datetime(YEAR, month + 1, 11, 1, 0),
            load_id=f"run-{month}",
        )
    refresh_projects(conn, now=now)
    evaluate(conn, now=now)


def build(path: Path, months: tuple[int, ...] = (6, 7, 8, 9)) -> duckdb.DuckDBPyConnection:
    """A warehouse at ``path`` holding the circulars of ``months``, projects and alerts done."""
    conn = connect(path)
    load_months(conn, months, datetime(YEAR, 10, 11, 2, 0))
    return conn
