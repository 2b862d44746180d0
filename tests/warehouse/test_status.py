from __future__ import annotations

import duckdb

from tests.warehouse.conftest import FETCHED, load, quarantine
from tests.warehouse.sample_circulars import TEXT, circular
from warehouse.projects import refresh_projects
from warehouse.runs import finish_run, start_run
from warehouse.status import warehouse_status


def test_status_counts_documents_quarantine_and_runs(conn: duckdb.DuckDBPyConnection) -> None:
    load_id = start_run(conn, trigger="manual", parser_version="1.0.0")
    load(conn, circular("pdf"), load_id=load_id)
    load(conn, circular("text", media_type=TEXT), load_id=load_id)
    for n, reason in enumerate(["encrypted", "needs_ocr"]):
        quarantine(
            conn,
            reason,
            reason,
            f"cannot read: {reason}",
            fetched_at=FETCHED.replace(hour=n),
            load_id=load_id,
        )
    finish_run(
        conn, load_id, status="partial", documents_seen=4, documents_loaded=2, documents_failed=2
    )

    status = warehouse_status(conn)
    assert status.documents == {"parsed": 2, "quarantined": 2}
    assert status.roles == {"authoritative": 1, "duplicate": 1}
    assert (status.circulars, status.facts) == (1, 3)
    assert [(q.filename, q.reason) for q in status.quarantine] == [
        ("needs_ocr.pdf", "needs_ocr"),
        ("encrypted.pdf", "encrypted"),
    ]
    assert [(r.load_id, r.status, r.documents_failed) for r in status.runs] == [
        (load_id, "partial", 2)
    ]


def test_status_of_an_empty_warehouse(conn: duckdb.DuckDBPyConnection) -> None:
    status = warehouse_status(conn)
    assert (status.documents, status.roles, status.circulars, status.facts) == ({}, {}, 0, 0)
    assert status.quarantine == [] and status.runs == []


def test_a_figure_to_review_is_listed_and_kept_out_of_series(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    result = circular("pdf", water=58.5)
    flagged = result.facts[0]
    flagged.confidence, flagged.needs_review = 0.41, True
    flagged.review_reason = "OCR confidence 0.41 in '58.5%'"
    flagged.source.box = (100.0, 200.0, 140.0, 214.0)
    load(conn, result)
    refresh_projects(conn, now=FETCHED)

    [row] = conn.execute(
        "SELECT value, confidence, needs_review, review_reason, box_x0, box_bottom FROM facts_v "
        "WHERE needs_review"
    ).fetchall()
    assert row == (58.5, 0.41, True, "OCR confidence 0.41 in '58.5%'", 100.0, 214.0)
    values = {v for (v,) in conn.execute("SELECT value FROM progress_series").fetchall()}
    assert 58.5 not in values and values  # the other figures still make series
    [review] = warehouse_status(conn).needs_review
    assert (review.value, review.confidence, review.page) == (58.5, 0.41, flagged.source.page)
