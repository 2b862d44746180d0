from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from synth.parsed import TEXT, Figure, Month, Row, load
from warehouse.projects import refresh_projects
from warehouse.series import BARE_NUMBER, LEVEL_NUMBER, find_series, parse_query, sparkline

NOW = datetime(2025, 12, 1)


def series(conn: duckdb.DuckDBPyConnection, where: str = "true") -> list[tuple]:
    refresh_projects(conn, now=NOW)
    return conn.execute(
        "SELECT project_no, county, metric_key, period, value, prev_period, prev_value, delta "
        f"FROM progress_series WHERE {where} ORDER BY project_no, county NULLS FIRST, "
        "metric_key, period"
    ).fetchall()


def housing(value: float, *extra: Figure, name: str = "保障性租赁住房建设") -> Row:
    return Row(21, name, (Figure(value), *extra))


def test_a_county_named_only_when_it_lags_keeps_its_series(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, Month(6, [housing(50, Figure(30, county="东湖区", behind=True))]))
    load(conn, Month(7, [housing(60)]))
    load(conn, Month(8, [housing(70, Figure(25, county="东湖区", behind=True))]))
    assert series(conn, "county IS NOT NULL") == [
        (21, "东湖区", "", "2025-06", 30.0, None, None, None),
        (21, "东湖区", "", "2025-08", 25.0, "2025-06", 30.0, -5.0),
    ]


def test_a_project_reported_complete_without_a_figure_is_skipped(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, Month(6, [Row(2, "家庭教育指导服务", (Figure(80),))]))
    load(conn, Month(7, [Row(2, "家庭教育指导服务")]))  # 已完成全年目标任务
    load(conn, Month(8, [Row(2, "家庭教育指导服务", (Figure(100),))]))
    assert series(conn) == [
        (2, None, "", "2025-06", 80.0, None, None, None),
        (2, None, "", "2025-08", 100.0, "2025-06", 80.0, 20.0),
    ]


def test_a_metric_label_that_changes_is_the_same_series(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(6, [Row(4, "普惠性托育", (Figure(50, metric="进度"),))]))
    load(conn, Month(7, [Row(4, "普惠性托育", (Figure(55, metric="完成率"),))]))
    assert series(conn) == [
        (4, None, "", "2025-06", 50.0, None, None, None),
        (4, None, "", "2025-07", 55.0, "2025-06", 50.0, 5.0),
    ]


def test_two_metrics_of_one_project_are_two_series(conn: duckdb.DuckDBPyConnection) -> None:
    two = (Figure(100, metric="开工率"), Figure(60, metric="计划投资完成率"))
    load(conn, Month(6, [Row(20, "开工改造城镇老旧小区", two)]))
    later = (Figure(100, metric="开工率"), Figure(70, metric="计划投资完成率"))
    load(conn, Month(7, [Row(20, "开工改造城镇老旧小区", later)]))
    assert series(conn) == [
        (20, None, "开工率", "2025-06", 100.0, None, None, None),
        (20, None, "开工率", "2025-07", 100.0, "2025-06", 100.0, 0.0),
        (20, None, "计划投资完成率", "2025-06", 60.0, None, None, None),
        (20, None, "计划投资完成率", "2025-07", 70.0, "2025-06", 60.0, 10.0),
    ]


def test_the_set_of_metrics_is_kept_for_projects_with_two(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    two = (Figure(100, metric="开工率"), Figure(60, metric="计划投资完成率"))
    load(conn, Month(6, [Row(20, "开工改造城镇老旧小区", two)]))
    load(conn, Month(7, [Row(20, "开工改造城镇老旧小区", (Figure(70, metric="开工率"),))]))
    refresh_projects(conn, now=NOW)
    assert conn.execute(
        "SELECT period, metric_key, metric_set FROM progress_series ORDER BY period, metric_key"
    ).fetchall() == [
        ("2025-06", "开工率", "开工率,计划投资完成率"),
        ("2025-06", "计划投资完成率", "开工率,计划投资完成率"),
        ("2025-07", "开工率", "开工率"),
    ]


def test_the_same_circular_in_two_formats_counts_once(conn: duckdb.DuckDBPyConnection) -> None:
    spec = Month(6, [housing(50)])
    load(conn, spec)
    load(conn, spec, media_type=TEXT)
    assert conn.execute("SELECT count(*) FROM facts").fetchone() == (2,)
    assert series(conn) == [(21, None, "", "2025-06", 50.0, None, None, None)]


def test_attachment_figures_win_over_the_body(conn: duckdb.DuckDBPyConnection) -> None:
    table = housing(50, Figure(30, county="东湖区"))
    body_row = Row(21, "保障性租赁住房建设")
    body = [
        (body_row, Figure(30, county="东湖区", behind=True)),  # repeats the table
        (body_row, Figure(20, county="西河县", behind=True)),  # only in the body
    ]
    load(conn, Month(6, [table], body=body))
    refresh_projects(conn, now=NOW)
    rows = conn.execute(
        "SELECT county, value, status, section FROM progress_series ORDER BY county NULLS FIRST"
    ).fetchall()
    assert rows == [
        (None, 50.0, None, "attachment1"),
        ("东湖区", 30.0, "behind_schedule", "attachment1"),
        ("西河县", 20.0, "behind_schedule", "body"),
    ]


def test_indicator_labels_lost_in_one_circular_come_from_another(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    def road(*figures: Figure) -> Row:
        return Row(20, "农村公路提质改造和安防工程", figures)

    load(conn, Month(8, [road(Figure(63, indicator="提质改造"), Figure(61.8, indicator="安防"))]))
    load(conn, Month(9, [road(Figure(77, metric="完成率"), Figure(47.6, metric="年度目标完成率"))]))
    load(conn, Month(10, [road(Figure(88, indicator="提质改造"), Figure(62, indicator="安防"))]))
    refresh_projects(conn, now=NOW)
    rows = conn.execute(
        "SELECT indicator, period, value, prev_value FROM progress_series ORDER BY ALL"
    ).fetchall()
    assert rows == [
        ("安防", "2025-08", 61.8, None),
        ("安防", "2025-09", 47.6, 61.8),
        ("安防", "2025-10", 62.0, 47.6),
        ("提质改造", "2025-08", 63.0, None),
        ("提质改造", "2025-09", 77.0, 63.0),
        ("提质改造", "2025-10", 88.0, 77.0),
    ]
    assert conn.execute(
        "SELECT period, indicator FROM progress_series WHERE indicator_inferred ORDER BY ALL"
    ).fetchall() == [("2025-09", "安防"), ("2025-09", "提质改造")]


def test_a_body_sentence_repeating_a_table_figure_is_no_series_of_its_own(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    table = Row(20, "农村公路安防工程", (Figure(47.6, indicator="安防"),))
    body = [(Row(20, "农村公路安防工程"), Figure(47.6, metric="调减", behind=True))]
    load(conn, Month(9, [table], body=body))
    refresh_projects(conn, now=NOW)
    assert conn.execute(
        "SELECT indicator, value, status, section FROM progress_series"
    ).fetchall() == [("安防", 47.6, "behind_schedule", "attachment1")]


def test_pace_and_gap(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(9, [housing(70)]))
    refresh_projects(conn, now=NOW)
    assert conn.execute("SELECT pace, gap_to_pace FROM progress_series").fetchone() == (
        75.0,
        -5.0,
    )


def test_find_series_by_name_number_and_county(conn: duckdb.DuckDBPyConnection) -> None:
    load(
        conn, Month(6, [housing(50, Figure(30, county="东湖区")), Row(2, "家庭教育", (Figure(9),))])
    )
    load(conn, Month(7, [housing(60, name="筹集建设保障性租赁住房")]))
    refresh_projects(conn, now=NOW)
    by_old_name = find_series(conn, "保障性租赁住房建设")
    assert [(s.county, [p.value for p in s.points]) for s in by_old_name] == [
        (None, [50.0, 60.0]),
        ("东湖区", [30.0]),
    ]
    assert [s.project_no for s in find_series(conn, "province:21")] == [21, 21]
    assert [s.county for s in find_series(conn, "东湖")] == ["东湖区"]
    assert [s.project for s in find_series(conn, "2")] == ["家庭教育"]
    assert find_series(conn, "city:21") == []


@pytest.mark.parametrize(
    ("text", "level", "number", "rest"),
    [
        ("province:21", "province", 21, None),
        ("市：7", "city", 7, None),
        ("21", None, 21, None),
        ("邵东", None, None, "邵东"),
    ],
)
def test_parse_query(text: str, level, number, rest) -> None:
    q = parse_query(text)
    assert (q.level, q.project_no, q.text) == (level, number, rest)
    assert bool(LEVEL_NUMBER.match(text) or BARE_NUMBER.match(text)) == (rest is None)


def test_sparkline() -> None:
    assert sparkline([0, 50, 100]) == "▁▅█"
    assert sparkline([60, None, 60]) == "▅ ▅"
    assert sparkline([None]) == " "
