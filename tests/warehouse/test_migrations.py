from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

import warehouse
from schemas.errors import MinshengError
from warehouse.connection import (
    MIGRATION_FILE,
    VIEW_FILE,
    SqlFile,
    migrate,
    migration_files,
    view_files,
)

CORE_VIEWS = {
    "circulars_v",
    "documents_v",
    "quarantine_v",
    "facts_v",
    "county_mentions_v",
    "county_scores_v",
    "project_entries_v",
}


@pytest.mark.parametrize(
    ("filename", "number", "name"),
    [
        ("001_core.sql", "001", "core"),
        ("012_series_state.sql", "012", "series_state"),
        ("1000_later.sql", "1000", "later"),
        ("01_short.sql", None, None),
        ("001-core.sql", None, None),
        ("001_Core.sql", None, None),
        ("core.sql", None, None),
        ("001_core.sql.bak", None, None),
    ],
)
def test_migration_file_names(filename: str, number: str | None, name: str | None) -> None:
    match = MIGRATION_FILE.match(filename)
    if name is None:
        assert match is None
    else:
        assert match is not None
        assert (match["number"], match["name"]) == (number, name)


@pytest.mark.parametrize(
    ("filename", "number", "name"),
    [
        ("040_facts_v.sql", "040", "facts_v"),
        ("7_series_v.sql", "7", "series_v"),
        ("alerts_v.sql", None, "alerts_v"),
        ("facts-v.sql", None, None),
    ],
)
def test_view_file_names(filename: str, number: str | None, name: str | None) -> None:
    match = VIEW_FILE.match(filename)
    if name is None:
        assert match is None
    else:
        assert match is not None
        assert (match["number"], match["name"]) == (number, name)


def test_shipped_migrations_start_with_the_core_and_run_in_number_order() -> None:
    files = migration_files()
    assert (files[0].number, files[0].name) == (1, "core")
    numbers = [m.number for m in files]
    assert numbers == sorted(set(numbers))


def test_numbered_views_come_first_in_number_order() -> None:
    views = view_files()
    numbered = [v.number for v in views if v.number is not None]
    assert numbered == sorted(numbered)
    first_unnumbered = next((i for i, v in enumerate(views) if v.number is None), len(views))
    assert all(v.number is None for v in views[first_unnumbered:])
    assert {v.name for v in views} >= CORE_VIEWS


def test_connect_applies_and_records_every_migration(db_path: Path) -> None:
    conn = warehouse.connect(db_path)
    recorded = conn.execute(
        "SELECT version, name, checksum FROM schema_migrations ORDER BY version"
    ).fetchall()
    assert recorded == [(m.number, m.name, m.checksum) for m in migration_files()]
    tables = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert {"load_runs", "documents", "circulars", "facts", "parse_reports"} <= tables
    views = {r[0] for r in conn.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    assert views >= CORE_VIEWS
    conn.close()


def test_connecting_again_applies_nothing(db_path: Path) -> None:
    warehouse.connect(db_path).close()
    conn = duckdb.connect(str(db_path))
    before = conn.execute("SELECT * FROM schema_migrations ORDER BY version").fetchall()
    assert migrate(conn) == []
    assert conn.execute("SELECT * FROM schema_migrations ORDER BY version").fetchall() == before
    conn.close()
    warehouse.connect(db_path).close()
    conn = duckdb.connect(str(db_path))
    assert conn.execute("SELECT * FROM schema_migrations ORDER BY version").fetchall() == before
    conn.close()


def test_a_new_migration_is_picked_up_and_recorded(db_path: Path) -> None:
    warehouse.connect(db_path).close()
    later = SqlFile(999, "extra", "999_extra.sql", "CREATE TABLE extra (x INTEGER);")
    conn = duckdb.connect(str(db_path))
    assert migrate(conn, [*migration_files(), later]) == ["999_extra.sql"]
    assert conn.execute("SELECT count(*) FROM extra").fetchone() == (0,)
    assert conn.execute(
        "SELECT name, checksum FROM schema_migrations WHERE version = 999"
    ).fetchone() == ("extra", later.checksum)
    conn.close()
    # a warehouse written by a newer version is not opened by an older one
    with pytest.raises(MinshengError, match="does not know"):
        warehouse.connect(db_path)


def test_a_changed_migration_is_refused(db_path: Path) -> None:
    warehouse.connect(db_path).close()
    files = migration_files()
    edited = replace(files[0], sql=files[0].sql + "\nCREATE TABLE sneaked_in (x INTEGER);\n")
    conn = duckdb.connect(str(db_path))
    with pytest.raises(MinshengError, match=r"001_core\.sql was changed"):
        migrate(conn, [edited, *files[1:]])
    assert conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'sneaked_in'"
    ).fetchone() == (0,)
    conn.close()


def test_checksum_ignores_line_endings_only() -> None:
    base = SqlFile(5, "x", "005_x.sql", "CREATE TABLE t (a INTEGER);\n")
    assert replace(base, sql=base.sql.replace("\n", "\r\n")).checksum == base.checksum
    assert replace(base, sql="CREATE TABLE t (a BIGINT);\n").checksum != base.checksum


def test_a_failing_migration_leaves_no_trace(db_path: Path) -> None:
    warehouse.connect(db_path).close()
    broken = SqlFile(
        999,
        "broken",
        "999_broken.sql",
        "CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);",
    )
    conn = duckdb.connect(str(db_path))
    with pytest.raises(MinshengError, match=r"999_broken\.sql failed"):
        migrate(conn, [*migration_files(), broken])
    assert conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'half_done'"
    ).fetchone() == (0,)
    assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone() == (
        migration_files()[-1].number,
    )
    conn.close()


def test_read_only_connect_does_not_migrate(db_path: Path) -> None:
    duckdb.connect(str(db_path)).close()  # an empty database file
    with pytest.raises(MinshengError, match="needs migrating"):
        warehouse.connect(db_path, read_only=True)
    conn = duckdb.connect(str(db_path), read_only=True)
    assert conn.execute("SELECT count(*) FROM duckdb_tables()").fetchone() == (0,)
    conn.close()


def test_read_only_connect_reads_a_migrated_warehouse(db_path: Path) -> None:
    warehouse.connect(db_path).close()
    conn = warehouse.connect(db_path, read_only=True)
    assert conn.execute("SELECT count(*) FROM facts_v").fetchone() == (0,)
    with pytest.raises(duckdb.Error):
        conn.execute("INSERT INTO load_runs (load_id) VALUES ('x')")
    conn.close()


def test_read_only_connect_to_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MinshengError, match="no warehouse at"):
        warehouse.connect(tmp_path / "absent.duckdb", read_only=True)
    assert not (tmp_path / "absent.duckdb").exists()


@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_that_is_not_a_warehouse_is_a_clear_error(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(MinshengError, match="cannot open warehouse"):
        warehouse.connect(path, read_only=read_only)
    assert path.read_text().startswith("these are notes")
