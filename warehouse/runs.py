"""Load runs: one row per nightly (or manual) run, with what it saw and did."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import duckdb

from schemas.errors import MinshengError
from warehouse.connection import utc_now

RUN_STATUSES = ("running", "ok", "partial", "failed", "interrupted")


@dataclass(frozen=True)
class RunInfo:
    load_id: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    trigger: str
    documents_seen: int
    documents_loaded: int
    documents_skipped: int
    documents_failed: int
    parser_version: str
    message: str | None


def new_load_id(now: datetime | None = None) -> str:
    """A load id that sorts by start time: ``20241009T021500123456Z-3f9a1c``."""
    moment = now or utc_now()
    return f"{moment:%Y%m%dT%H%M%S%f}Z-{secrets.token_hex(3)}"


def start_run(conn: duckdb.DuckDBPyConnection, *, trigger: str, parser_version: str) -> str:
    """Record a run as ``running`` and return its load id."""
    started = utc_now()
    load_id = new_load_id(started)
    conn.execute(
        "INSERT INTO load_runs (load_id, started_at, status, trigger, parser_version) "
        "VALUES (?, ?, 'running', ?, ?)",
        [load_id, started, trigger, parser_version],
    )
    return load_id


def finish_run(
    conn: duckdb.DuckDBPyConnection,
    load_id: str,
    *,
    status: str,
    documents_seen: int = 0,
    documents_loaded: int = 0,
    documents_skipped: int = 0,
    documents_failed: int = 0,
    message: str | None = None,
) -> None:
    """Close a run with its outcome and counts."""
    if status not in RUN_STATUSES or status in ("running", "interrupted"):
        raise MinshengError(f"a run cannot finish with status {status!r}")
    updated = conn.execute(
        "UPDATE load_runs SET finished_at = ?, status = ?, documents_seen = ?, "
        "documents_loaded = ?, documents_skipped = ?, documents_failed = ?, message = ? "
        "WHERE load_id = ? RETURNING load_id",
        [
            utc_now(),
            status,
            documents_seen,
            documents_loaded,
            documents_skipped,
            documents_failed,
            message,
            load_id,
        ],
    ).fetchall()
    if not updated:
        raise MinshengError(f"no load run {load_id!r}")


def mark_interrupted(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Mark every run still ``running`` as ``interrupted``; returns their load ids.

    Only call it holding the writer lock: then no run is in progress, and a ``running`` row is
    one whose process was killed or crashed before it could close it.
    """
    rows = conn.execute(
        "UPDATE load_runs SET status = 'interrupted', finished_at = ?, "
        "message = 'interrupted: the run ended before it finished (killed or crashed)' "
        "WHERE status = 'running' RETURNING load_id",
        [utc_now()],
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def last_runs(conn: duckdb.DuckDBPyConnection, n: int = 10) -> list[RunInfo]:
    """The ``n`` most recent runs, newest first."""
    rows = conn.execute(
        "SELECT load_id, started_at, finished_at, status, trigger, documents_seen, "
        "documents_loaded, documents_skipped, documents_failed, parser_version, message "
        "FROM load_runs ORDER BY started_at DESC, load_id DESC LIMIT ?",
        [n],
    ).fetchall()
    return [RunInfo(*row) for row in rows]


def note_failed_delivery(conn: duckdb.DuckDBPyConnection, load_id: str, problem: str) -> None:
    """A run whose alerts could not all be delivered is ``partial`` (as its exit code says),
    with ``problem`` (the channels and their errors, credentials masked) added to its message."""
    conn.execute(
        "UPDATE load_runs SET status = CASE WHEN status = 'ok' THEN 'partial' ELSE status END, "
        "message = concat_ws(chr(10), message, ?) WHERE load_id = ?",
        [problem, load_id],
    )
