"""Snapshots for analysts: a read-only copy of the warehouse, and Parquet files of it.

Analysts never open the working file (DuckDB lets one process write it, and a half-finished load
must never be seen). ``publish`` copies the warehouse into a new file next to the snapshot, then
swaps it in with ``os.replace``: a reader still connected to the old snapshot keeps reading the
old file undisturbed and sees the new data when it reconnects. Parquet files of every table and
view are written the same way, into a fresh directory that replaces the old one.

``open_snapshot`` opens a snapshot for ad-hoc SQL with no access to files, extensions or
settings, within a memory limit and a cap on the disk it may spill to, and ``run_sql`` runs one
query there for ``minsheng sql``, interrupted when it runs past its time limit.

``publish`` also removes what a publish killed half-way left behind (``.snapshot.duckdb.tmp-*``
copies, ``.parquet.tmp-*`` and ``.parquet.old-*`` folders): it runs under the writer lock, so
no other publish can own them.
"""

from __future__ import annotations

import os
import resource
import secrets
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import regex

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
    remove_leftovers(snapshot_path, parquet_dir)
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


def remove_leftovers(snapshot_path: Path, parquet_dir: Path) -> list[Path]:
    """Delete the temporary copies a killed publish left next to the snapshot and the Parquet
    folder; returns what was removed. Call it only under the writer lock."""
    removed: list[Path] = []
    patterns = (
        (snapshot_path.parent, f".{snapshot_path.name}.tmp-*"),
        (parquet_dir.parent, f".{parquet_dir.name}.tmp-*"),
        (parquet_dir.parent, f".{parquet_dir.name}.old-*"),
    )
    for folder, pattern in patterns:
        for leftover in folder.glob(pattern):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


# a DuckDB size: "2GB", "512 MiB", "1.5GB"
DUCKDB_SIZE = regex.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[KMGT])(?P<binary>i?)B\s*$")
HEADROOM = 1024**3  # address space the interpreter and DuckDB take besides the query's data


def size_bytes(text: str) -> int:
    """Bytes of a DuckDB size setting (KB/MB/GB/TB are powers of 1000, KiB/MiB… of 1024)."""
    match = DUCKDB_SIZE.match(text)
    if match is None:
        raise MinshengError(f"not a size: {text!r} (write e.g. 2GB or 512MiB)")
    base = 1024 if match["binary"] else 1000
    return int(float(match["number"]) * base ** ("KMGT".index(match["unit"]) + 1))


@contextmanager
def capped_address_space(extra: int) -> Iterator[None]:
    """For the block, this process may map at most ``extra`` bytes more than it has now.

    DuckDB's memory_limit governs its buffer manager, not every allocation (a list aggregate
    grows past it); with the address space capped, such an allocation fails and DuckDB raises
    its out-of-memory error instead of taking the machine. The previous limit comes back after.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: no cap
        yield
        return
    sizes = [
        int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmSize:")
    ]
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = sizes[0] + extra if sizes else None
    if cap is None or (hard != resource.RLIM_INFINITY and cap > hard):
        yield
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@dataclass(frozen=True)
class QueryLimits:
    """What one ad-hoc query may take: seconds, memory and spill to disk (DuckDB sizes)."""

    timeout: float | None = 60.0
    memory_limit: str | None = "2GB"
    temp_limit: str | None = "4GB"

    def config(self) -> dict[str, Any]:
        limits: dict[str, Any] = {}
        if self.memory_limit:
            limits["memory_limit"] = self.memory_limit
        if self.temp_limit:
            limits["max_temp_directory_size"] = self.temp_limit
        return limits


def open_snapshot(
    path: str | Path, *, limits: QueryLimits | None = None
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a snapshot that cannot read or write other files,
    load extensions or change its own settings (memory and spill limits included)."""
    return open_sandboxed(
        path, what="snapshot", missing_hint="; run the pipeline first", limits=limits
    )


def open_sandboxed(
    path: str | Path,
    *,
    what: str = "database",
    missing_hint: str = "",
    limits: QueryLimits | None = None,
) -> duckdb.DuckDBPyConnection:
    """Any database file opened as ``open_snapshot`` opens a snapshot; errors name it ``what``."""
    path = Path(path)
    if not path.is_file():
        raise MinshengError(f"no {what} at {path}{missing_hint}")
    bounds = limits or QueryLimits()
    # the limits go first: lock_configuration, last, freezes them
    config = bounds.config() | SANDBOX_CONFIG
    try:
        return duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.Error as exc:
        raise MinshengError(f"cannot open {what} {path}: {first_line(exc)}") from exc


def run_sql(
    conn: duckdb.DuckDBPyConnection,
    sql: str,
    *,
    max_rows: int | None = None,
    timeout: float | None = None,
    limits: QueryLimits | None = None,
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run an analyst's query: (column names, rows). Errors become one-line MinshengErrors;
    a query still running after ``timeout`` seconds is interrupted."""
    seconds = timeout if timeout is not None else (limits.timeout if limits else None)
    memory = limits.memory_limit if limits is not None else None
    timer = threading.Timer(seconds, conn.interrupt) if seconds else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        with capped_address_space(size_bytes(memory) + HEADROOM) if memory else _no_cap():
            conn.execute(sql)
            if conn.description is None:
                return [], []
            columns = [str(d[0]) for d in conn.description]
            rows = conn.fetchall() if max_rows is None else conn.fetchmany(max_rows)
    except duckdb.InterruptException as exc:
        raise MinshengError(
            f"query stopped: still running after {seconds:g} s (sql.timeout)"
        ) from exc
    except (duckdb.OutOfMemoryException, MemoryError) as exc:
        raise MinshengError(
            f"query stopped: it needs more memory than {memory or 'allowed'} (sql.memory_limit) "
            "or more disk to spill to (sql.temp_limit)"
        ) from exc
    except duckdb.Error as exc:
        raise MinshengError(f"SQL error: {first_line(exc)}") from exc
    finally:
        if timer is not None:
            timer.cancel()
    return columns, rows


@contextmanager
def _no_cap() -> Iterator[None]:
    yield


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
