"""The real circulars of many places (../shared/corpus/real) through the whole ingest: every page
loads or is quarantined for a stated reason, and issues of one place and programme form series."""

from __future__ import annotations

from pathlib import Path

import pytest

import warehouse
from tests.flows.test_ingest import run_ingest
from warehouse.projects import refresh_projects

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is not here")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("real") / "real.duckdb"
    report = run_ingest(db, REAL)
    outcomes = {o.outcome for o in report.outcomes}
    assert "failed" not in outcomes
    return db


def test_every_page_loads_or_is_placed_nowhere(loaded: Path) -> None:
    conn = warehouse.connect(loaded)
    by_status = dict(
        conn.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
    )
    # a page is only quarantined when it does not say where, when or over which months
    reasons = conn.execute(
        "SELECT DISTINCT error_reason FROM documents WHERE status = 'quarantined'"
    ).fetchall()
    assert {r[0] for r in reasons} <= {"no_period"}
    assert by_status.get("parsed", 0) >= 30
    levels = {r[0] for r in conn.execute("SELECT DISTINCT place_level FROM documents").fetchall()}
    assert {"country", "province", "city", "county"} <= levels


def test_issues_of_one_place_form_series(loaded: Path) -> None:
    conn = warehouse.connect(loaded)
    refresh_projects(conn)
    rows = conn.execute(
        "SELECT city, period_end_month, value, prev_value FROM progress_series "
        "WHERE prev_value IS NOT NULL ORDER BY city, period_end_month"
    ).fetchall()
    assert rows, "no series with two periods"
    assert any(city == "全国" for city, *_ in rows)
    # the series runs forward in time
    assert all(prev is not None and month > 1 for _, month, _, prev in rows)
