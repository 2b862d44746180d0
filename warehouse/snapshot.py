"""Snapshots for analysts: a read-only copy of the warehouse, and Parquet files of it.

Analysts never open the working file (DuckDB lets one process write it, and a half-finished load
must never be seen). ``publish`` copies the warehouse into a new file next to the snapshot, then
swaps it in with ``os.replace``: a reader still connected to the old snapshot keeps reading the
old file undisturbed and sees the new data when it reconnects. Parquet files of every table and
view are written the same way, into a fresh directory that replaces the old one.

``open_snapshot`` opens a snapshot for ad-hoc SQL with no access to files, extensions or
settings, and ``run_sql`` runs one query there for ``minsheng sql``.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from schemas.errors import MinshengError
from warehouse.connection import connect, first_line, utc_now

SANDBOX_CONFIG: dict[str, Any] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "lock_configuration": True,  # last: nothing above can be changed by a query
}


@dataclass(frozen=True)
class SnapshotInfo:
    snapshot_path: Path
    parquet_dir: Path
    rows: dict[str, int]  # table or view → rows written to Parquet
    published_at: datetime


def publish(
    source: str | Path | duckdb.DuckDBPyConnection,
    snapshot_path: str | Path,
    parquet_dir: str | Path,
) -> SnapshotInfo:
    """Copy the warehouse to ``snapshot_path`` and Parquet files in ``parquet_dir``, atomically.

    ``source`` is the working file's path, or the writer's open connection to it (DuckDB lets
    only one process open the working file, so a writer publishes through its own connection).
    On failure the previous snapshot and Parquet files stay as they were.
    """
    try:
        return _publish(source, Path(snapshot_path), Path(parquet_dir))
    except (duckdb.Error, OSError) as exc:
        raise MinshengError(f"cannot publish the snapshot: {first_line(exc)}") from exc


def _publish(
    source: str | Path | duckdb.DuckDBPyConnection, snapshot_path: Path, parquet_dir: Path
) -> SnapshotInfo:
    snapshot_path = Path(snapshot_path)
    parquet_dir = Path(parquet_dir)
    if not isinstance(source, duckdb.DuckDBPyConnection) and (
        Path(source).resolve() == snapshot_path.resolve()
    ):
        raise MinshengError(f"the snapshot cannot replace the working file itself ({source})")
    snapshot_path.parent.mkdir(parents=True, exist_ok=True)
    parquet_dir.parent.mkdir(parents=True, exist_ok=True)
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    tmp_snapshot = snapshot_path.with_name(f".{snapshot_path.name}.tmp-{token}")

    owned = not isinstance(source, duckdb.DuckDBPyConnection)
    conn = connect(source) if owned else source  # type: ignore[arg-type]
    try:
        _copy_database(conn, tmp_snapshot, alias=f"snapshot_{token.replace('-', '_')}")
    except BaseException:
        _remove(tmp_snapshot)
        raise
    finally:
        if owned:
            conn.close()

    tmp_parquet = parquet_dir.with_name(f".{parquet_dir.name}.tmp-{token}")
    try:
        rows = _write_parquet(tmp_snapshot, tmp_parquet)
        _fsync(tmp_snapshot)
        os.replace(tmp_snapshot, snapshot_path)
        _swap_directory(tmp_parquet, parquet_dir, token)
    except BaseException:
        _remove(tmp_snapshot)
        shutil.rmtree(tmp_parquet, ignore_errors=True)
        raise
    return SnapshotInfo(snapshot_path, parquet_dir, rows, utc_now())


def open_snapshot(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a snapshot that cannot read or write other files,
    load extensions or change its own settings."""
    return open_sandboxed(path, what="snapshot", missing_hint="; run the pipeline first")


def open_sandboxed(
    path: str | Path, *, what: str = "database", missing_hint: str = ""
) -> duckdb.DuckDBPyConnection:
    """Any database file opened as ``open_snapshot`` opens a snapshot; errors name it ``what``."""
    path = Path(path)
    if not path.is_file():
        raise MinshengError(f"no {what} at {path}{missing_hint}")
    try:
        return duckdb.connect(str(path), read_only=True, config=SANDBOX_CONFIG)
    except duckdb.Error as exc:
        raise MinshengError(f"cannot open {what} {path}: {first_line(exc)}") from exc


def run_sql(
    conn: duckdb.DuckDBPyConnection, sql: str, *, max_rows: int | None = None
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run an analyst's query: (column names, rows). Errors become one-line MinshengErrors."""
    try:
        conn.execute(sql)
        if conn.description is None:
            return [], []
        columns = [str(d[0]) for d in conn.description]
        rows = conn.fetchall() if max_rows is None else conn.fetchmany(max_rows)
    except duckdb.Error as exc:
        raise MinshengError(f"SQL error: {first_line(exc)}") from exc
    return columns, rows


def exported_relations(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views of the main schema, by name (these go to Parquet)."""
    rows = conn.execute(
        "SELECT table_name FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal "
        "UNION "
        "SELECT view_name FROM duckdb_views() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal "
        "ORDER BY 1"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _copy_database(conn: duckdb.DuckDBPyConnection, target: Path, *, alias: str) -> None:
    _remove(target)
    row = conn.execute("SELECT current_database()").fetchone()
    assert row is not None
    current = _identifier(str(row[0]))
    # ATTACH and COPY take no parameters: the path is quoted as a literal, names as identifiers.
    conn.execute(f"ATTACH {_literal(str(target))} AS {_identifier(alias)}")
    try:
        conn.execute(f"COPY FROM DATABASE {current} TO {_identifier(alias)}")
    finally:
        conn.execute(f"DETACH {_identifier(alias)}")
    wal = target.with_name(target.name + ".wal")
    if wal.exists():
        raise MinshengError(f"snapshot {target} was not checkpointed")


def _write_parquet(snapshot: Path, directory: Path) -> dict[str, int]:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    rows: dict[str, int] = {}
    with duckdb.connect(str(snapshot), read_only=True) as conn:
        for name in exported_relations(conn):
            target = directory / f"{name}.parquet"
            # COPY takes no parameters: the name comes from the catalogue, the path is ours.
            copied = conn.execute(
                f"COPY (SELECT * FROM {_identifier(name)}) TO {_literal(str(target))} "
                "(FORMAT parquet)"
            ).fetchone()
            rows[name] = int(copied[0]) if copied else 0
    return rows


def _swap_directory(new: Path, target: Path, token: str) -> None:
    """Put ``new`` in place of ``target``; the old directory is removed afterwards."""
    old = target.with_name(f".{target.name}.old-{token}")
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        candidate.unlink(missing_ok=True)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
