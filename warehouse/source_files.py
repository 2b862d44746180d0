"""The record of every file a source named: what became of it in the last run that saw it.

``documents`` holds the files that were read (parsed, quarantined, failed); ``source_files``
(migration ``011_file_record.sql``) holds every path or URL a source gave, those included, and
also the ones never read: an unsupported or legacy format, a hidden file, a symbolic link out of
the source folder, a FIFO, a file that cannot be opened, a second copy of the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from warehouse.connection import transaction, utc_now

UPSERT = """
INSERT INTO source_files (location, source, filename, outcome, reason, message, sha256,
                          size_bytes, load_id, seen_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (location) DO UPDATE SET
    source = excluded.source, filename = excluded.filename, outcome = excluded.outcome,
    reason = excluded.reason, message = excluded.message, sha256 = excluded.sha256,
    size_bytes = excluded.size_bytes, load_id = excluded.load_id, seen_at = excluded.seen_at
"""

COLUMNS = ("location", "source", "filename", "outcome", "reason", "message", "sha256", "size_bytes")


@dataclass(frozen=True)
class SeenFile:
    location: str
    source: str
    filename: str | None
    outcome: str
    reason: str
    message: str | None
    seen_at: datetime


def record_seen(
    conn: duckdb.DuckDBPyConnection,
    load_id: str,
    files: Sequence[Mapping[str, object]],
    *,
    now: datetime | None = None,
) -> None:
    """Record the outcome of each file of a run (keys of ``COLUMNS``); the last one per
    location wins."""
    if not files:
        return
    when = now or utc_now()
    latest = {str(f["location"]): f for f in files}
    rows = [[f.get(c) for c in COLUMNS] + [load_id, when] for f in latest.values()]
    with transaction(conn):
        conn.executemany(UPSERT, rows)


def not_loaded(conn: duckdb.DuckDBPyConnection, limit: int = 50) -> list[SeenFile]:
    """Files the last runs saw but did not read (ignored, or failed before they were read),
    most recent first."""
    rows = conn.execute(
        "SELECT location, source, filename, outcome, reason, message, seen_at FROM source_files "
        "WHERE outcome IN ('ignored', 'failed') AND sha256 IS NULL "
        "ORDER BY seen_at DESC, location LIMIT ?",
        [limit],
    ).fetchall()
    return [SeenFile(*row) for row in rows]


def outcome_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = conn.execute(
        "SELECT outcome, count(*) FROM source_files GROUP BY outcome ORDER BY outcome"
    ).fetchall()
    return {str(outcome): int(count) for outcome, count in rows}
