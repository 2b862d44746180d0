from __future__ import annotations

import duckdb
import pytest
import regex

from schemas.errors import MinshengError
from warehouse.runs import finish_run, last_runs, new_load_id, start_run

# "20250710T020000123456Z-3f9a1c"
LOAD_ID = regex.compile(r"^\d{8}T\d{12}Z-[0-9a-f]{6}$")


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("20250710T020000123456Z-3f9a1c", True),
        ("20250710T020000Z-3f9a1c", False),
        ("run-1", False),
    ],
)
def test_load_id_pattern(text: str, ok: bool) -> None:
    assert (LOAD_ID.match(text) is not None) == ok


def test_load_ids_sort_by_start_time() -> None:
    ids = [new_load_id() for _ in range(50)]
    assert all(LOAD_ID.match(i) for i in ids)
    assert len(set(ids)) == 50
    assert [i.split("Z")[0] for i in ids] == sorted(i.split("Z")[0] for i in ids)


def test_a_run_is_started_and_finished(conn: duckdb.DuckDBPyConnection) -> None:
    load_id = start_run(conn, trigger="schedule", parser_version="1.0.0")
    (running,) = last_runs(conn, 5)
    assert (running.load_id, running.status, running.finished_at) == (load_id, "running", None)
    finish_run(
        conn,
        load_id,
        status="partial",
        documents_seen=5,
        documents_loaded=3,
        documents_skipped=1,
        documents_failed=1,
        message="1 file quarantined",
    )
    (done,) = last_runs(conn, 5)
    assert done.status == "partial"
    assert (done.documents_seen, done.documents_loaded, done.documents_skipped) == (5, 3, 1)
    assert done.documents_failed == 1
    assert done.message == "1 file quarantined"
    assert done.finished_at is not None and done.finished_at >= done.started_at
    assert (done.trigger, done.parser_version) == ("schedule", "1.0.0")


def test_last_runs_are_newest_first(conn: duckdb.DuckDBPyConnection) -> None:
    ids = [start_run(conn, trigger="manual", parser_version="1.0.0") for _ in range(4)]
    assert [r.load_id for r in last_runs(conn, 3)] == ids[::-1][:3]


@pytest.mark.parametrize("status", ["running", "done", ""])
def test_a_run_cannot_finish_with_a_bad_status(
    conn: duckdb.DuckDBPyConnection, status: str
) -> None:
    load_id = start_run(conn, trigger="manual", parser_version="1.0.0")
    with pytest.raises(MinshengError):
        finish_run(conn, load_id, status=status)
    assert last_runs(conn, 1)[0].status == "running"


def test_finishing_an_unknown_run_is_an_error(conn: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(MinshengError, match="no load run"):
        finish_run(conn, "20250101T000000000000Z-000000", status="ok")
