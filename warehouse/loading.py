"""Loading parsed circulars and unreadable files into the warehouse.

Every document is a row of ``documents`` keyed by its sha256. A parsed document also gets its
facts, county mentions and scores, project entries and parse report, and a place in its circular
(``circular_documents``), where one document per circular is authoritative (see
``warehouse.authority``). Each load is one transaction. Loading the same bytes with the same
parser version again writes nothing; a new parser version replaces the document's rows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from schemas.circular import ParseResult
from schemas.errors import MinshengError
from warehouse.authority import Candidate, choose_roles, circular_id_for
from warehouse.connection import as_utc, execute_with, first_line, transaction, utc_now
from warehouse.fact_rows import document_rows

# Tables holding rows derived from one document, cleared when it is re-derived or quarantined.
DERIVED_TABLES = (
    "facts",
    "county_mentions",
    "county_scores",
    "project_entries",
    "quantities",
    "parse_reports",
    "circular_documents",
)
FAILURE_STATUSES = ("quarantined", "failed")


class InvalidParseResult(MinshengError):
    """The parse result breaks a rule of the warehouse (a value out of range, an unknown
    section …): a parser defect shown by this file, so the file is quarantined with it."""

    reason = "invalid_result"


@dataclass(frozen=True)
class LoadOutcome:
    sha256: str
    circular_id: str | None  # None: a document placed in no circular (``placement`` says why)
    role: str  # authoritative | duplicate | superseded | period_unknown | place_unknown
    facts_loaded: int
    skipped: bool
    note: str | None = None  # what a document in no circular does not state


def is_loaded(conn: duckdb.DuckDBPyConnection, sha256: str, parser_version: str) -> bool:
    """True when these bytes were parsed, or quarantined, by this parser version already.

    Documents that ``failed`` (an error on our side, not in the file) are retried.
    """
    return bool(loaded_among(conn, [sha256], parser_version))


def loaded_among(
    conn: duckdb.DuckDBPyConnection, sha256s: Sequence[str], parser_version: str
) -> set[str]:
    """Those of ``sha256s`` that ``is_loaded`` would say yes to, in one query."""
    rows = conn.execute(
        "SELECT sha256 FROM documents WHERE parser_version = ? "
        "AND status IN ('parsed', 'quarantined') AND sha256 IN (SELECT unnest(?::VARCHAR[]))",
        [parser_version, list(sha256s)],
    ).fetchall()
    return {sha for (sha,) in rows}


def load_parse_result(
    conn: duckdb.DuckDBPyConnection,
    result: ParseResult,
    *,
    source: str,
    filename: str | None,
    fetched_at: datetime,
    load_id: str,
    archive_path: str | None = None,
    size_bytes: int | None = None,
) -> LoadOutcome:
    """Store one parsed document and settle which document speaks for its circular.

    A document whose place, year or period is not stated is loaded all the same, in no
    circular (``circular_id`` NULL, ``placement`` period_unknown or place_unknown with a note
    saying what is missing): its facts are kept, and stay out of series and alerts.

    Runs its own transaction (call it outside one). Raises ``InvalidParseResult`` when the
    result breaks a warehouse rule (a ``MinshengError`` with a ``reason``); the caller records
    the file with ``record_unreadable``. Nothing is written then.
    """
    sha = result.document.sha256
    version = result.report.parser_version
    existing = _stored(conn, sha)
    if existing is not None and existing.status == "parsed" and existing.parser_version == version:
        if existing.circular_id is None:
            role = existing.placement or "period_unknown"
            return LoadOutcome(sha, None, role, 0, skipped=True, note=existing.placement_note)
        cid = str(existing.circular_id)
        return LoadOutcome(sha, cid, _role_of(conn, cid, sha), 0, skipped=True)

    meta = result.meta
    cid = circular_id_for(meta)
    placement, note = placement_of(result)

    rows = document_rows(result, circular_id=cid, load_id=load_id)
    origin = _Origin(source, filename, as_utc(fetched_at), archive_path, size_bytes).kept(existing)
    previous_cid = existing.circular_id if existing is not None else None
    document_row = [
        sha,
        origin.source,
        origin.filename,
        result.document.media_type,
        result.document.pages,
        origin.size_bytes,
        origin.fetched_at,
        version,
        origin.archive_path,
        load_id,
        cid,
        meta.city,
        meta.year,
        meta.period_start_month,
        meta.period_end_month,
        meta.issued,
        meta.issuer,
        meta.title,
        meta.place_level,
        placement,
        note,
        json.dumps(meta.sources, ensure_ascii=False),
    ]
    try:
        with transaction(conn):
            _forget_document(conn, sha)
            conn.execute(
                "INSERT INTO documents (sha256, source, filename, media_type, pages, size_bytes, "
                "fetched_at, status, parser_version, archive_path, load_id, circular_id, city, "
                "year, period_start_month, period_end_month, issued, issuer, title, place_level, "
                "placement, placement_note, meta_sources) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'parsed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?)",
                document_row,
            )
            for table, frame in rows.tables():
                if frame.num_rows:
                    name = f"incoming_{table}"  # tables from a fixed list
                    sql = f"INSERT INTO {table} BY NAME SELECT * FROM {name}"
                    execute_with(conn, name, frame, sql)
            conn.execute("INSERT INTO parse_reports VALUES (?, ?, ?, ?, ?, ?)", list(rows.report))
            roles = settle_circular(conn, cid) if cid is not None else {sha: placement}
            if previous_cid is not None and previous_cid != cid:
                settle_circular(conn, previous_cid)
    except (duckdb.ConstraintException, duckdb.ConversionException) as exc:
        raise InvalidParseResult(
            f"the parse result does not fit the warehouse: {first_line(exc)}"
        ) from exc
    return LoadOutcome(sha, cid, roles[sha], rows.facts.num_rows, skipped=False, note=note)


def placement_of(result: ParseResult) -> tuple[str, str | None]:
    """Whether a parsed document can be placed in a circular, and if not what is missing:
    ("placed", None), ("period_unknown", "the year is not stated"), ("place_unknown", …)."""
    meta = result.meta
    missing = [
        name
        for name, value in (
            ("place", meta.city),
            ("year", meta.year),
            ("months", meta.period_start_month and meta.period_end_month),
        )
        if not value
    ]
    if not missing:
        return "placed", None
    status = "place_unknown" if missing == ["place"] else "period_unknown"
    return status, f"the text does not state the circular's {', '.join(missing)}"


def record_unreadable(
    conn: duckdb.DuckDBPyConnection,
    *,
    sha256: str,
    source: str,
    filename: str | None,
    media_type: str | None,
    reason: str,
    message: str,
    fetched_at: datetime,
    load_id: str,
    status: str = "quarantined",
    parser_version: str | None = None,
    archive_path: str | None = None,
    size_bytes: int | None = None,
) -> None:
    """Record a file that gave no circular: ``quarantined`` (the file's fault: corrupt,
    encrypted, too large …) or ``failed`` (an error while processing it, retried next run).

    Anything the same bytes gave before is withdrawn. Recording the same outcome again changes
    nothing. Pass ``parser_version`` so ``is_loaded`` can skip the file until the parser changes.
    """
    if status not in FAILURE_STATUSES:
        raise MinshengError(f"an unreadable document cannot have status {status!r}")
    existing = _stored(conn, sha256)
    if existing is not None and (
        existing.status,
        existing.error_reason,
        existing.error_message,
        existing.parser_version,
    ) == (status, reason, message, parser_version):
        return
    origin = _Origin(source, filename, as_utc(fetched_at), archive_path, size_bytes).kept(existing)
    previous_cid = None
    if existing is not None:
        media_type = media_type or existing.media_type
        previous_cid = existing.circular_id
    with transaction(conn):
        _forget_document(conn, sha256)
        conn.execute(
            "INSERT INTO documents (sha256, source, filename, media_type, size_bytes, fetched_at, "
            "status, error_reason, error_message, parser_version, archive_path, load_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                sha256,
                origin.source,
                origin.filename,
                media_type,
                origin.size_bytes,
                origin.fetched_at,
                status,
                reason,
                message,
                parser_version,
                origin.archive_path,
                load_id,
            ],
        )
        if previous_cid is not None:
            settle_circular(conn, previous_cid)


def settle_circular(conn: duckdb.DuckDBPyConnection, circular_id: str) -> dict[str, str]:
    """Recompute the roles of a circular's documents and its ``circulars`` row.

    Writes only what changed, so settling an unchanged circular leaves every row (and
    ``updated_at``) as it was. Returns sha256 → role. Call inside a transaction.
    """
    docs = conn.execute(
        "SELECT sha256, media_type, issued, fetched_at, city, year, period_start_month, "
        "period_end_month, title, issuer, load_id FROM documents "
        "WHERE circular_id = ? AND status = 'parsed'",
        [circular_id],
    ).fetchall()
    if not docs:
        conn.execute("DELETE FROM circular_documents WHERE circular_id = ?", [circular_id])
        conn.execute("DELETE FROM circulars WHERE circular_id = ?", [circular_id])
        return {}
    assignments = choose_roles([Candidate(d[0], d[1], d[2], d[3]) for d in docs])
    wanted = {(a.sha256, a.role, a.reason) for a in assignments}
    current = set(
        conn.execute(
            "SELECT sha256, role, reason FROM circular_documents WHERE circular_id = ?",
            [circular_id],
        ).fetchall()
    )
    if current != wanted:
        conn.execute("DELETE FROM circular_documents WHERE circular_id = ?", [circular_id])
        conn.executemany(
            "INSERT INTO circular_documents VALUES (?, ?, ?, ?)",
            [[circular_id, a.sha256, a.role, a.reason] for a in assignments],
        )

    top = next(d for d in docs if d[0] == assignments[0].sha256)
    _, _, issued, _, city, year, start, end, title, issuer, load_id = top
    row = (city, year, start, end, title, issuer, issued, top[0], load_id)
    stored = conn.execute(
        "SELECT city, year, period_start_month, period_end_month, title, issuer, issued, "
        "authoritative_sha256, load_id FROM circulars WHERE circular_id = ?",
        [circular_id],
    ).fetchone()
    if stored is None:
        conn.execute(
            "INSERT INTO circulars VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [circular_id, *row, utc_now()],
        )
    elif tuple(stored) != row:
        conn.execute(
            "UPDATE circulars SET city = ?, year = ?, period_start_month = ?, "
            "period_end_month = ?, title = ?, issuer = ?, issued = ?, authoritative_sha256 = ?, "
            "load_id = ?, updated_at = ? WHERE circular_id = ?",
            [*row, utc_now(), circular_id],
        )
    return {a.sha256: a.role for a in assignments}


@dataclass(frozen=True)
class _Stored:
    """What the warehouse already holds of a document."""

    status: str
    parser_version: str | None
    circular_id: str | None
    fetched_at: datetime
    source: str
    filename: str | None
    media_type: str | None
    archive_path: str | None
    size_bytes: int | None
    error_reason: str | None
    error_message: str | None
    placement: str | None
    placement_note: str | None


@dataclass(frozen=True)
class _Origin:
    """Where and when a document's bytes were fetched, and where they are archived."""

    source: str
    filename: str | None
    fetched_at: datetime
    archive_path: str | None
    size_bytes: int | None

    def kept(self, existing: _Stored | None) -> _Origin:
        """The same bytes seen again keep their first source and fetch time."""
        if existing is None:
            return self
        return _Origin(
            existing.source,
            existing.filename,
            min(self.fetched_at, existing.fetched_at),
            self.archive_path or existing.archive_path,
            self.size_bytes if self.size_bytes is not None else existing.size_bytes,
        )


def _stored(conn: duckdb.DuckDBPyConnection, sha256: str) -> _Stored | None:
    row = conn.execute(
        "SELECT status, parser_version, circular_id, fetched_at, source, filename, media_type, "
        "archive_path, size_bytes, error_reason, error_message, placement, placement_note "
        "FROM documents "
        "WHERE sha256 = ?",
        [sha256],
    ).fetchone()
    return None if row is None else _Stored(*row)


def _role_of(conn: duckdb.DuckDBPyConnection, circular_id: str, sha256: str) -> str:
    row = conn.execute(
        "SELECT role FROM circular_documents WHERE circular_id = ? AND sha256 = ?",
        [circular_id, sha256],
    ).fetchone()
    if row is None:
        raise MinshengError(f"document {sha256[:12]} has no role in circular {circular_id}")
    return str(row[0])


def _forget_document(conn: duckdb.DuckDBPyConnection, sha256: str) -> None:
    """Delete a document's row and every row derived from it (inside a transaction)."""
    for table in DERIVED_TABLES:  # fixed identifiers, never user input
        conn.execute(f"DELETE FROM {table} WHERE sha256 = ?", [sha256])
    conn.execute("DELETE FROM documents WHERE sha256 = ?", [sha256])
