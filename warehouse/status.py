"""What ``minsheng status`` shows: documents by status, the quarantine and recent load runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from schemas.display import printable
from warehouse.runs import RunInfo, last_runs
from warehouse.source_files import SeenFile, not_loaded


@dataclass(frozen=True)
class QuarantinedDocument:
    sha256: str
    filename: str | None
    source: str
    status: str  # quarantined | failed
    reason: str | None
    message: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class ReviewFact:
    """A fact read by OCR that waits for someone to confirm it (kept out of alerts)."""

    filename: str | None
    page: int | None
    line: int
    project: str
    county: str | None
    value: float
    confidence: float | None
    reason: str | None


@dataclass(frozen=True)
class UnplacedDocument:
    """A parsed document in no circular: its facts are kept, out of series and alerts."""

    sha256: str
    filename: str | None
    placement: str  # period_unknown | place_unknown
    note: str | None
    facts: int


@dataclass(frozen=True)
class WarehouseStatus:
    documents: dict[str, int]  # status → count (parsed, quarantined, failed)
    roles: dict[str, int]  # role → count of parsed documents (authoritative, duplicate, …)
    circulars: int
    facts: int  # facts of authoritative documents (rows of facts_v)
    quarantine: list[QuarantinedDocument] = field(default_factory=list)
    unplaced: list[UnplacedDocument] = field(default_factory=list)
    runs: list[RunInfo] = field(default_factory=list)
    needs_review: list[ReviewFact] = field(default_factory=list)
    # files the sources named that were not read: ignored, or failed before reading
    not_read: list[SeenFile] = field(default_factory=list)


def documents_by_status(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = conn.execute(
        "SELECT status, count(*) FROM documents GROUP BY status ORDER BY status"
    ).fetchall()
    return {str(status): int(count) for status, count in rows}


def documents_by_role(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = conn.execute(
        "SELECT role, count(*) FROM circular_documents GROUP BY role ORDER BY role"
    ).fetchall()
    return {str(role): int(count) for role, count in rows}


def quarantine(conn: duckdb.DuckDBPyConnection, limit: int = 50) -> list[QuarantinedDocument]:
    """Quarantined and failed documents, most recently fetched first."""
    rows = conn.execute(
        "SELECT sha256, filename, source, status, error_reason, error_message, fetched_at "
        "FROM quarantine_v ORDER BY fetched_at DESC, sha256 LIMIT ?",
        [limit],
    ).fetchall()
    return [
        QuarantinedDocument(
            sha256,
            printable(filename) if filename else filename,
            printable(source),
            status,
            reason,
            printable(message) if message else message,
            fetched_at,
        )
        for sha256, filename, source, status, reason, message, fetched_at in rows
    ]


def unplaced(conn: duckdb.DuckDBPyConnection, limit: int = 50) -> list[UnplacedDocument]:
    """Parsed documents in no circular (``unplaced_v``), most recently fetched first; none
    from a warehouse that predates them."""
    found = conn.execute(
        "SELECT count(*) FROM duckdb_views() "
        "WHERE view_name = 'unplaced_v' AND database_name = current_database()"
    ).fetchone()
    if not found or not found[0]:
        return []
    rows = conn.execute(
        "SELECT sha256, filename, placement, placement_note, facts FROM unplaced_v "
        "ORDER BY fetched_at DESC, sha256 LIMIT ?",
        [limit],
    ).fetchall()
    return [
        UnplacedDocument(
            sha256,
            printable(filename) if filename else filename,
            placement or "period_unknown",
            printable(note) if note else note,
            int(facts),
        )
        for sha256, filename, placement, note, facts in rows
    ]


def files_not_read(conn: duckdb.DuckDBPyConnection, limit: int = 50) -> list[SeenFile]:
    """``source_files.not_loaded`` with names escaped; none from a warehouse that predates it."""
    found = conn.execute(
        "SELECT count(*) FROM duckdb_tables() "
        "WHERE table_name = 'source_files' AND database_name = current_database()"
    ).fetchone()
    if not found or not found[0]:
        return []
    return [
        SeenFile(
            printable(f.location),
            printable(f.source),
            printable(f.filename) if f.filename else f.filename,
            f.outcome,
            f.reason,
            printable(f.message) if f.message else f.message,
            f.seen_at,
        )
        for f in not_loaded(conn, limit)
    ]


def facts_to_review(conn: duckdb.DuckDBPyConnection, limit: int = 50) -> list[ReviewFact]:
    """Facts flagged ``needs_review``, by document and place on the page."""
    rows = conn.execute(
        "SELECT filename, page, line, project, county, value, confidence, review_reason "
        "FROM facts_v WHERE needs_review ORDER BY filename, page, line, fact_no LIMIT ?",
        [limit],
    ).fetchall()
    return [ReviewFact(*row) for row in rows]


def warehouse_status(
    conn: duckdb.DuckDBPyConnection, *, runs: int = 5, quarantined: int = 50
) -> WarehouseStatus:
    """Everything ``minsheng status`` prints, from a warehouse or snapshot connection."""
    circulars = conn.execute("SELECT count(*) FROM circulars").fetchone()
    facts = conn.execute("SELECT count(*) FROM facts_v").fetchone()
    return WarehouseStatus(
        documents=documents_by_status(conn),
        roles=documents_by_role(conn),
        circulars=int(circulars[0]) if circulars else 0,
        facts=int(facts[0]) if facts else 0,
        quarantine=quarantine(conn, quarantined),
        unplaced=unplaced(conn, quarantined),
        runs=last_runs(conn, runs),
        needs_review=facts_to_review(conn, quarantined),
        not_read=files_not_read(conn, quarantined),
    )
