"""Random monthly figures of one project, through the warehouse: the drop alerts are exactly the
falls between consecutive months that had a figure, and evaluating again changes nothing."""

from __future__ import annotations

import itertools
import tempfile
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warehouse
from synth.parsed import Figure, Month, Row, load
from warehouse.alerts import alert_records, evaluate
from warehouse.projects import refresh_projects

# per month: a figure, "completed" (no figure), or nothing at all (the row is missing)
month_value = st.one_of(
    st.floats(0, 130, allow_nan=False).map(lambda v: round(v, 2)),
    st.just("completed"),
    st.none(),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(month_value, min_size=2, max_size=6))
def test_drop_alerts_match_an_oracle(values) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        conn = warehouse.connect(Path(tmp) / "w.duckdb")
        months = list(enumerate(values, start=3))
        for month, value in months:
            row = Row(2, "家庭教育指导服务")
            if isinstance(value, float):
                row = Row(2, "家庭教育指导服务", (Figure(value),))
            rows = [row] if value is not None else []
            rows.append(Row(9, "困难家庭无障碍改造", (Figure(float(month)),)))
            load(conn, Month(month, rows))
        refresh_projects(conn, now=datetime(2025, 12, 1))
        evaluate(conn, now=datetime(2025, 12, 1))

        valued = [(m, v) for m, v in months if isinstance(v, float)]
        expected = {
            (f"2025-{a[0]:02d}", f"2025-{b[0]:02d}", a[1], b[1])
            for a, b in itertools.pairwise(valued)
            if b[1] < a[1] - 0.01
        }
        drops = alert_records(conn, kind="drop")
        assert {
            (d["from_period"], d["to_period"], d["from_value"], d["to_value"]) for d in drops
        } == expected
        for d in drops:
            after = [
                (m, v)
                for m, v in months
                if f"2025-{m:02d}" > d["to_period"]
                and (v == "completed" or (isinstance(v, float) and v >= d["from_value"] - 0.01))
            ]
            assert (d["state"] == "resolved") == bool(after)
            if after:
                assert d["resolved_period"] == f"2025-{after[0][0]:02d}"

        before = conn.execute("SELECT * FROM alerts ORDER BY id").fetchall()
        refresh_projects(conn, now=datetime(2025, 12, 2))
        again = evaluate(conn, now=datetime(2025, 12, 2))
        assert (again.new, again.resolved, again.retracted) == ([], [], [])
        assert conn.execute("SELECT * FROM alerts ORDER BY id").fetchall() == before
        conn.close()
