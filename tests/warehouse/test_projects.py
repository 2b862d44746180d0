from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pytest

from schemas.errors import MinshengError
from synth.parsed import Figure, Month, Row, load
from warehouse.projects import (
    accept_new,
    add_alias,
    list_projects,
    list_review,
    refresh_projects,
)

NOW = datetime(2025, 10, 20, 8, 0, 0)


def keys(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str]]:
    return [(p.project_key, p.project_no, p.canonical_name) for p in list_projects(conn)]


def occurrences(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute(
        "SELECT circular_id, project_no, project, project_key, match_kind FROM project_occurrences "
        "ORDER BY ALL"
    ).fetchall()


def test_a_rename_stays_one_project(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(7, [Row(21, "保障性租赁住房建设", (Figure(60),))]))
    load(conn, Month(8, [Row(21, "筹集建设保障性租赁住房", (Figure(70),))]))
    refresh = refresh_projects(conn, now=NOW)
    assert (refresh.projects_created, refresh.matched) == (1, {"new": 1, "number+fuzzy": 1})
    # known by its first name of the year, with the new one as an alias
    assert keys(conn) == [("青岭市:2025:province:21", 21, "保障性租赁住房建设")]
    [project] = list_projects(conn)
    assert project.aliases == ["保障性租赁住房建设", "筹集建设保障性租赁住房"]
    assert (project.first_period, project.last_period) == ("2025-07", "2025-08")


def test_a_number_that_changed_under_the_same_name_is_not_a_new_project(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(
        conn,
        Month(
            7, [Row(2, "家庭教育指导服务", (Figure(50),)), Row(22, "农村公路安防", (Figure(40),))]
        ),
    )
    load(
        conn,
        Month(
            8, [Row(2, "家庭教育指导服务", (Figure(60),)), Row(2, "农村公路安防", (Figure(45),))]
        ),
    )
    refresh_projects(conn, now=NOW)
    assert [k for k, _, _ in keys(conn)] == ["青岭市:2025:province:2", "青岭市:2025:province:22"]
    assert (
        "青岭市:2025:01-08",
        2,
        "农村公路安防",
        "青岭市:2025:province:22",
        "exact",
    ) in occurrences(conn)


def test_the_number_most_circulars_printed_wins(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(6, [Row(15, "城镇老旧小区改造", (Figure(40),))]))  # misnumbered
    for m in (7, 8, 9):
        load(conn, Month(m, [Row(10, "城镇老旧小区改造", (Figure(40 + m),))]))
    load(conn, Month(10, [Row(15, "城镇老旧小区改造", (Figure(60),))]))  # misnumbered again
    refresh_projects(conn, now=NOW)
    assert keys(conn) == [("青岭市:2025:province:15", 10, "城镇老旧小区改造")]


def test_rows_without_a_name_make_no_project(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(6, [Row(1, "", state="no_figure"), Row(2, "家庭教育", (Figure(9),))]))
    refresh_projects(conn, now=NOW)
    assert keys(conn) == [("青岭市:2025:province:2", 2, "家庭教育")]


def test_a_sentence_numbering_a_project_otherwise_follows_the_row_of_its_name(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    table = Row(21, "乡镇专职消防队建设", (Figure(80),))
    load(
        conn, Month(8, [table], body=[(Row(22, "乡镇专职消防队建设"), Figure(70, county="东湖区"))])
    )
    refresh = refresh_projects(conn, now=NOW)
    assert (refresh.projects_created, refresh.review_open) == (1, 0)
    assert conn.execute("SELECT count(DISTINCT project_key) FROM progress_series").fetchone() == (
        1,
    )


def test_a_new_year_starts_a_new_list(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(12, [Row(21, "保障性租赁住房建设", (Figure(100),))], year=2024))
    load(conn, Month(3, [Row(21, "保障性租赁住房建设", (Figure(20),))], year=2025))
    refresh_projects(conn, now=NOW)
    assert [k for k, _, _ in keys(conn)] == [
        "青岭市:2024:province:21",
        "青岭市:2025:province:21",
    ]


def test_a_dissimilar_name_under_a_known_number_waits_for_review(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, Month(7, [Row(21, "保障性租赁住房建设", (Figure(60),))]))
    load(conn, Month(8, [Row(21, "新建城市口袋公园", (Figure(10),))]))
    refresh = refresh_projects(conn, now=NOW)
    assert refresh.review_open == 1
    [item] = list_review(conn)
    assert (item.level, item.project_no, item.name, item.reason) == (
        "province",
        21,
        "新建城市口袋公园",
        "unmatched",
    )
    assert [c["project_key"] for c in item.candidates] == ["青岭市:2025:province:21"]
    assert len(list_projects(conn)) == 1
    # its facts stay out of the series until someone decides
    assert conn.execute("SELECT count(*) FROM progress_series").fetchone() == (1,)

    # refreshing again decides nothing new
    again = refresh_projects(conn, now=NOW)
    assert (again.matched, again.review_open) == ({}, 1)

    assert add_alias(conn, "青岭市:2025:province:21", "新建城市口袋公园", now=NOW) == 1
    refresh_projects(conn, now=NOW)
    assert list_review(conn) == []
    assert conn.execute("SELECT period, value FROM progress_series ORDER BY period").fetchall() == [
        ("2025-07", 60.0),
        ("2025-08", 10.0),
    ]
    [resolved] = list_review(conn, include_resolved=True)
    assert resolved.name == "新建城市口袋公园"


def test_a_review_row_can_become_a_project_of_its_own(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(7, [Row(21, "保障性租赁住房建设", (Figure(60),))]))
    load(conn, Month(8, [Row(21, "新建城市口袋公园", (Figure(10),))]))
    refresh_projects(conn, now=NOW)
    assert accept_new(conn, "新建城市口袋公园", now=NOW) == ["青岭市:2025:province:21#2"]
    refresh_projects(conn, now=NOW)
    assert keys(conn) == [
        ("青岭市:2025:province:21", 21, "保障性租赁住房建设"),
        ("青岭市:2025:province:21#2", 21, "新建城市口袋公园"),
    ]
    assert list_review(conn) == []
    with pytest.raises(MinshengError):
        accept_new(conn, "新建城市口袋公园", now=NOW)


def test_an_ambiguous_rename_goes_to_review(conn: duckdb.DuckDBPyConnection) -> None:
    rows = [
        Row(9, "改造燃气管道", (Figure(40),), level="city"),
        Row(9, "改造燃气总管网", (Figure(30),), level="city"),
    ]
    load(conn, Month(6, rows))
    load(conn, Month(7, [Row(9, "改造燃气管网", (Figure(50),), level="city")]))
    refresh_projects(conn, now=NOW)
    [item] = list_review(conn)
    assert item.reason == "ambiguous"
    assert {c["project_key"] for c in item.candidates} == {
        "青岭市:2025:city:9",
        "青岭市:2025:city:9#2",
    }
    assert json.loads(conn.execute("SELECT candidates FROM project_review").fetchone()[0])[0][
        "name"
    ] in {"改造燃气管道", "改造燃气总管网"}


def test_refresh_is_incremental_and_idempotent(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(7, [Row(21, "保障性租赁住房建设", (Figure(60),))]))
    first = refresh_projects(conn, now=NOW)
    snapshot = occurrences(conn), keys(conn)
    again = refresh_projects(conn, now=datetime(2025, 11, 1))
    assert (first.changed, again.changed) == (True, False)
    assert (occurrences(conn), keys(conn)) == snapshot
    load(conn, Month(8, [Row(21, "保障性租赁住房建设", (Figure(70),))]))
    later = refresh_projects(conn, now=NOW)
    assert (later.circulars, later.matched) == (1, {"exact": 1})


def test_a_body_sentence_naming_a_project_its_own_way_follows_the_table_row(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    table = Row(17, "市县两级应急广播建设工程", (Figure(80, county="市本级"),))
    body = Row(17, "市级应急广播建设")
    load(conn, Month(8, [table], body=[(body, Figure(80, county="市本级", behind=True))]))
    refresh_projects(conn, now=NOW)
    assert keys(conn) == [("青岭市:2025:province:17", 17, "市县两级应急广播建设工程")]
    assert conn.execute(
        "SELECT project, county, value, status, section FROM progress_series"
    ).fetchall() == [("市县两级应急广播建设工程", "市本级", 80.0, "behind_schedule", "attachment1")]


def test_an_unknown_key_for_an_alias_is_a_clear_error(conn: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(MinshengError, match="no project"):
        add_alias(conn, "青岭市:2025:province:99", "随便")
