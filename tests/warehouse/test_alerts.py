from __future__ import annotations

from datetime import datetime

import duckdb
import pytest

from schemas.errors import MinshengError
from synth.parsed import TEXT, Figure, Month, Row, load
from warehouse.alerts import alert_records, evaluate, list_alerts, mark_notified
from warehouse.projects import add_alias, refresh_projects

T1 = datetime(2025, 8, 20, 6, 0)
T2 = datetime(2025, 9, 20, 6, 0)
T3 = datetime(2025, 10, 20, 6, 0)


def run(conn: duckdb.DuckDBPyConnection, now: datetime = T1, **kw):
    refresh_projects(conn, now=now)
    return evaluate(conn, now=now, **kw)


def summary(conn: duckdb.DuckDBPyConnection, **kw) -> list[tuple]:
    return [
        (
            a["kind"],
            a["state"],
            a["project_no"],
            a["county"],
            a["from_period"],
            a["to_period"],
            a["from_value"],
            a["to_value"],
        )
        for a in alert_records(conn, **kw)
    ]


def housing(value: float, *extra: Figure, name: str = "保障性租赁住房建设") -> Row:
    return Row(21, name, (Figure(value), *extra))


def test_a_county_drop_fires_with_its_provenance(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(7, [housing(60, Figure(50, county="东湖区"))]))
    load(conn, Month(8, [housing(70, Figure(38.69, county="东湖区", behind=True))]))
    outcome = run(conn)
    assert summary(conn, kind="drop") == [
        ("drop", "firing", 21, "东湖区", "2025-07", "2025-08", 50.0, 38.69)
    ]
    [alert] = list_alerts(conn, kind="drop")
    assert alert.id in outcome.new
    assert alert.source_text is not None and "38.69%" in alert.source_text
    assert (alert.project, alert.level, alert.metric, alert.first_seen) == (
        "保障性租赁住房建设",
        "province",
        "进度",
        T1,
    )
    assert outcome.firing == 2  # the drop and the county's 未达序时


def test_a_renamed_project_is_one_series(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(7, [housing(60)]))
    load(conn, Month(8, [housing(55, name="筹集建设保障性租赁住房")]))
    run(conn)
    assert summary(conn) == [("drop", "firing", 21, None, "2025-07", "2025-08", 60.0, 55.0)]
    assert [a.project for a in list_alerts(conn)] == ["保障性租赁住房建设"]  # its first name


def test_a_month_without_the_series_does_not_break_it(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(6, [housing(60)]))
    load(conn, Month(7, [Row(2, "家庭教育指导服务", (Figure(10),))]))  # no housing row at all
    load(conn, Month(8, [housing(58)]))
    run(conn)
    assert summary(conn) == [("drop", "firing", 21, None, "2025-06", "2025-08", 60.0, 58.0)]


def test_a_figure_that_turns_into_completed_raises_nothing(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, Month(6, [Row(2, "家庭教育指导服务", (Figure(95),))]))
    load(conn, Month(7, [Row(2, "家庭教育指导服务")]))  # 已完成全年目标任务, no figure
    assert run(conn).new == []
    assert summary(conn) == []


def test_completion_resolves_a_drop(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(6, [Row(2, "家庭教育指导服务", (Figure(95),))]))
    load(conn, Month(7, [Row(2, "家庭教育指导服务", (Figure(90),))]))
    run(conn, T1)
    load(conn, Month(8, [Row(2, "家庭教育指导服务")]))
    outcome = run(conn, T2)
    assert summary(conn) == [("drop", "resolved", 2, None, "2025-06", "2025-07", 95.0, 90.0)]
    assert len(outcome.resolved) == 1


def test_the_same_circular_in_two_formats_alerts_once(conn: duckdb.DuckDBPyConnection) -> None:
    for spec in (Month(7, [housing(60)]), Month(8, [housing(50)])):
        load(conn, spec)
        load(conn, spec, media_type=TEXT)
    run(conn)
    assert len(summary(conn)) == 1


def test_a_drop_that_recovers_is_resolved(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(6, [housing(60)]))
    load(conn, Month(7, [housing(50)]))
    first = run(conn, T1)
    [drop_id] = first.new
    load(conn, Month(8, [housing(55)]))  # better, not back yet
    second = run(conn, T2)
    assert (second.new, second.resolved, second.firing) == ([], [], 1)
    load(conn, Month(9, [housing(60)]))
    third = run(conn, T3)
    assert (third.new, third.resolved, third.firing) == ([], [drop_id], 0)
    [alert] = list_alerts(conn)
    assert (alert.id, alert.state, alert.first_seen, alert.resolved_at) == (
        drop_id,
        "resolved",
        T1,
        T3,
    )
    assert (alert.to_period, alert.resolved_period) == ("2025-07", "2025-09")


def test_evaluating_again_changes_nothing(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(6, [housing(60, Figure(40, county="东湖区", behind=True))]))
    load(conn, Month(7, [housing(50, Figure(35, county="东湖区", behind=True))]))
    run(conn, T1)
    before = conn.execute("SELECT * FROM alerts ORDER BY id").fetchall()
    evaluations = conn.execute("SELECT count(*) FROM alert_evaluations").fetchone()
    again = run(conn, T2)
    assert (again.new, again.resolved, again.retracted) == ([], [], [])
    assert conn.execute("SELECT * FROM alerts ORDER BY id").fetchall() == before
    assert conn.execute("SELECT count(*) FROM alert_evaluations").fetchone() == evaluations


def test_a_new_year_is_not_compared_with_the_last(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(12, [housing(100)], year=2024))
    load(conn, Month(3, [housing(20)], year=2025))
    run(conn)
    assert summary(conn) == []


def test_facts_waiting_for_review_raise_no_alert_until_decided(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, Month(6, [housing(60)]))
    load(conn, Month(7, [Row(21, "新建城市口袋公园", (Figure(10),))]))
    run(conn, T1)
    assert summary(conn) == []
    add_alias(conn, "青岭市:2025:province:21", "新建城市口袋公园", now=T2)
    run(conn, T2)
    assert summary(conn) == [("drop", "firing", 21, None, "2025-06", "2025-07", 60.0, 10.0)]


def test_behind_schedule_is_one_episode_until_the_county_is_no_longer_named(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, Month(6, [housing(50, Figure(30, county="东湖区", behind=True))]))
    load(conn, Month(7, [housing(60, Figure(40, county="东湖区", behind=True))]))
    run(conn, T1)
    assert summary(conn, kind="behind_schedule") == [
        ("behind_schedule", "firing", 21, "东湖区", "2025-06", "2025-07", 30.0, 40.0)
    ]
    load(conn, Month(8, [housing(70)]))
    outcome = run(conn, T2)
    assert len(outcome.resolved) == 1
    assert summary(conn, kind="behind_schedule")[0][:2] == ("behind_schedule", "resolved")


def test_pace_margin_is_off_unless_set(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(9, [housing(40)]))  # pace 75
    run(conn, T1)
    assert summary(conn) == []
    run(conn, T2, pace_margin=10)
    [(kind, state, *_)] = summary(conn)
    assert (kind, state) == ("behind_schedule", "firing")
    assert list_alerts(conn)[0].pace == 75.0
    with pytest.raises(MinshengError):
        evaluate(conn, pace_margin=-1)


def test_an_alert_whose_data_went_away_is_retracted(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, Month(6, [housing(60)]))
    load(conn, Month(8, [housing(50)]))
    [gap_drop] = run(conn, T1).new  # 06 → 08
    load(conn, Month(7, [housing(55)]))  # the missing circular arrives late
    outcome = run(conn, T2)
    assert outcome.retracted == [gap_drop]
    assert [(a[4], a[5]) for a in summary(conn)] == [
        ("2025-06", "2025-07"),
        ("2025-07", "2025-08"),
    ]


def test_a_notified_alert_that_went_away_is_resolved_not_deleted(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, Month(6, [housing(60)]))
    load(conn, Month(8, [housing(50)]))
    [gap_drop] = run(conn, T1).new
    assert mark_notified(conn, [gap_drop, "no-such-id"], T1) == 1
    load(conn, Month(7, [housing(55)]))
    run(conn, T2)
    row = conn.execute(
        "SELECT state, resolved_at, last_notified FROM alerts WHERE id = ?", [gap_drop]
    ).fetchone()
    assert row == ("resolved", T2, T1)
