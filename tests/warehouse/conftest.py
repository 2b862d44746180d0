from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

import warehouse
from schemas.circular import ParseResult
from tests.warehouse.sample_circulars import PDF, sha
from tests.warehouse.table_contents import table_contents
from warehouse.loading import LoadOutcome, load_parse_result, record_unreadable

CORE_TABLES = (
    "documents",
    "circulars",
    "circular_documents",
    "facts",
    "county_mentions",
    "county_scores",
    "project_entries",
    "parse_reports",
)
FETCHED = datetime(2025, 7, 10, 2, 0, 0)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def conn(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = warehouse.connect(db_path)
    yield connection
    connection.close()


def load(
    conn: duckdb.DuckDBPyConnection,
    result: ParseResult,
    *,
    fetched_at: datetime = FETCHED,
    load_id: str = "run-1",
) -> LoadOutcome:
    suffix = {"application/pdf": "pdf", "text/plain": "txt"}.get(result.document.media_type, "docx")
    return load_parse_result(
        conn,
        result,
        source="inbox",
        filename=f"{result.document.sha256[:8]}.{suffix}",
        fetched_at=fetched_at,
        load_id=load_id,
        size_bytes=1000,
    )


def quarantine(
    conn: duckdb.DuckDBPyConnection, name: str, reason: str, message: str, **over: Any
) -> None:
    """Record the file ``name``.pdf (sha256 of ``name``) from the inbox as unreadable; ``over``
    sets any other argument of ``record_unreadable``."""
    arguments: dict[str, Any] = {
        "sha256": sha(name),
        "source": "inbox",
        "filename": f"{name}.pdf",
        "media_type": PDF,
        "fetched_at": FETCHED,
        "load_id": "run-1",
    }
    record_unreadable(conn, reason=reason, message=message, **(arguments | over))


def contents(
    conn: duckdb.DuckDBPyConnection, *, leave_out: tuple[str, ...] = ()
) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the core tables, sorted, without the columns named in ``leave_out``."""
    return table_contents(conn, CORE_TABLES, leave_out=lambda column: column in leave_out)
