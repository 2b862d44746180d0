from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

import warehouse
from schemas.errors import MinshengError
from tests.warehouse.conftest import load
from tests.warehouse.sample_circulars import TEXT, circular
from warehouse.snapshot import open_snapshot, publish, run_sql

READER = textwrap.dedent(
    """
    import sys
    from warehouse.snapshot import open_snapshot

    def count(conn):
        return conn.execute("SELECT count(*) FROM facts_v").fetchone()[0]

    path = sys.argv[1]
    conn = open_snapshot(path)
    print(count(conn), flush=True)
    sys.stdin.readline()              # the writer publishes meanwhile
    print(count(conn), flush=True)    # still the old file
    conn.close()
    conn = open_snapshot(path)
    print(count(conn), flush=True)    # reconnected: the new one
    """
)


@pytest.fixture
def published(tmp_path: Path) -> tuple[Path, Path]:
    conn = warehouse.connect(tmp_path / "work.duckdb")
    load(conn, circular("pdf"))
    load(conn, circular("text", media_type=TEXT))
    publish(conn, tmp_path / "snap" / "minsheng.duckdb", tmp_path / "snap" / "parquet")
    conn.close()
    return tmp_path / "snap" / "minsheng.duckdb", tmp_path / "snap" / "parquet"


def test_publish_writes_a_snapshot_whose_views_work(
    tmp_path: Path, published: tuple[Path, Path]
) -> None:
    snapshot, parquet = published
    conn = open_snapshot(snapshot)
    assert conn.execute("SELECT count(*) FROM facts_v").fetchone() == (3,)
    assert conn.execute("SELECT count(*) FROM documents_v").fetchone() == (2,)
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] >= 1
    conn.close()
    facts = pq.read_table(parquet / "facts_v.parquet")
    assert facts.num_rows == 3
    assert sorted(facts.column("value").to_pylist()) == [60.0, 85.5, 92.3]
    assert {p.name for p in parquet.iterdir()} >= {
        "facts_v.parquet",
        "documents.parquet",
        "circulars_v.parquet",
        "quarantine_v.parquet",
    }
    leftovers = [p.name for p in snapshot.parent.iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_publish_from_a_path_when_no_writer_holds_it(tmp_path: Path) -> None:
    work = tmp_path / "work.duckdb"
    conn = warehouse.connect(work)
    load(conn, circular("pdf"))
    conn.close()
    info = publish(work, tmp_path / "snap.duckdb", tmp_path / "parquet")
    assert info.rows["facts_v"] == 3 and info.rows["facts"] == 3
    assert info.snapshot_path == tmp_path / "snap.duckdb"


def test_a_reader_of_the_old_snapshot_is_not_disturbed(
    tmp_path: Path, published: tuple[Path, Path]
) -> None:
    snapshot, parquet = published
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(snapshot)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stdin is not None
    try:
        assert reader.stdout.readline().strip() == "3"
        conn = warehouse.connect(tmp_path / "work.duckdb")
        load(conn, circular("july", months=(1, 7), issued=date(2025, 8, 5)))
        publish(conn, snapshot, parquet)
        conn.close()
        out, err = reader.communicate("go\n", timeout=60)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert reader.returncode == 0, err
    assert out.split() == ["3", "6"]
    assert pq.read_table(parquet / "facts_v.parquet").num_rows == 6


def test_an_open_reader_in_the_same_process_keeps_the_old_data(
    tmp_path: Path, published: tuple[Path, Path]
) -> None:
    snapshot, parquet = published
    reader = open_snapshot(snapshot)
    conn = warehouse.connect(tmp_path / "work.duckdb")
    load(conn, circular("july", months=(1, 7), issued=date(2025, 8, 5)))
    publish(conn, snapshot, parquet)
    conn.close()
    assert reader.execute("SELECT count(*) FROM facts_v").fetchone() == (3,)
    reader.close()
    reader = open_snapshot(snapshot)
    assert reader.execute("SELECT count(*) FROM facts_v").fetchone() == (6,)
    reader.close()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A published snapshot shared by the sandbox cases (they cannot change it), and a
    directory holding a file they must not read."""
    root = tmp_path_factory.mktemp("sandbox")
    conn = warehouse.connect(root / "work.duckdb")
    load(conn, circular("pdf"))
    load(conn, circular("text", media_type=TEXT))
    publish(conn, root / "minsheng.duckdb", root / "parquet")
    conn.close()
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("a,b\n1,2\n")
    yield root / "minsheng.duckdb", outside


@pytest.mark.parametrize(
    "sql",
    [
        "COPY facts TO '{tmp}/stolen.csv'",
        "COPY (SELECT 1) TO '{tmp}/stolen.parquet' (FORMAT parquet)",
        "SELECT * FROM read_csv('{tmp}/secret.csv')",
        "SELECT * FROM read_text('{tmp}/secret.csv')",
        "SELECT * FROM '{tmp}/secret.csv'",
        "ATTACH '{tmp}/other.duckdb' AS other",
        "INSERT INTO load_runs (load_id, started_at, status, trigger, parser_version) "
        "VALUES ('x', now(), 'ok', 'manual', '1')",
        "DELETE FROM facts",
        "CREATE TABLE mine AS SELECT 1",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
        "INSTALL httpfs",
        "LOAD httpfs",
    ],
)
def test_sql_on_a_snapshot_cannot_write_or_reach_files(
    sandbox: tuple[Path, Path], sql: str
) -> None:
    snapshot, outside = sandbox
    conn = open_snapshot(snapshot)
    with pytest.raises(MinshengError, match=r"^SQL error: "):
        run_sql(conn, sql.format(tmp=outside))
    assert sorted(p.name for p in outside.iterdir()) == ["secret.csv"]
    assert run_sql(conn, "SELECT count(*) AS n FROM facts") == (["n"], [(6,)])
    conn.close()


def test_run_sql_returns_columns_and_rows(published: tuple[Path, Path]) -> None:
    conn = open_snapshot(published[0])
    columns, rows = run_sql(
        conn, "SELECT county, value FROM facts_v WHERE county IS NOT NULL ORDER BY value"
    )
    assert (columns, rows) == (["county", "value"], [("东湖区", 60.0)])
    assert run_sql(conn, "SELECT * FROM facts_v ORDER BY fact_no", max_rows=2)[1][1][-1] == "inbox"
    with pytest.raises(MinshengError, match="no_such_view"):
        run_sql(conn, "SELECT * FROM no_such_view")
    conn.close()


def test_opening_a_missing_snapshot_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MinshengError, match="no snapshot at"):
        open_snapshot(tmp_path / "absent.duckdb")


def test_the_working_file_can_stay_open_while_publishing(tmp_path: Path) -> None:
    conn = warehouse.connect(tmp_path / "work.duckdb")
    load(conn, circular("pdf"))
    publish(conn, tmp_path / "snap.duckdb", tmp_path / "parquet")
    load(conn, circular("july", months=(1, 7), issued=date(2025, 8, 5)))  # still writable
    assert conn.execute("SELECT count(*) FROM facts_v").fetchone() == (6,)
    assert [
        r[0]
        for r in conn.execute(
            "SELECT database_name FROM duckdb_databases() WHERE NOT internal"
        ).fetchall()
    ] == ["work"]
    conn.close()
    snap = duckdb.connect(str(tmp_path / "snap.duckdb"), read_only=True)
    assert snap.execute("SELECT count(*) FROM facts_v").fetchone() == (3,)
    snap.close()


def test_publishing_over_the_working_file_is_refused(tmp_path: Path) -> None:
    work = tmp_path / "work.duckdb"
    warehouse.connect(work).close()
    with pytest.raises(MinshengError, match="working file"):
        publish(work, work, tmp_path / "parquet")
    with warehouse.connect(work, read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM facts").fetchone() == (0,)


def test_a_working_file_held_by_another_process_is_a_clear_error(tmp_path: Path) -> None:
    work = tmp_path / "work.duckdb"
    warehouse.connect(work).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
            " sys.stdin.readline()",
            str(work),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(MinshengError, match="cannot open warehouse"):
            warehouse.connect(work)
        with pytest.raises(MinshengError, match="cannot open warehouse"):
            publish(work, tmp_path / "snap.duckdb", tmp_path / "parquet")
        assert not (tmp_path / "snap.duckdb").exists()
    finally:
        holder.communicate("done\n", timeout=60)


def test_parquet_covers_every_column_type_and_replaces_the_old_directory(
    tmp_path: Path,
) -> None:
    conn = warehouse.connect(tmp_path / "work.duckdb")
    load(conn, circular("pdf"))
    parquet = tmp_path / "parquet"
    publish(conn, tmp_path / "snap.duckdb", parquet)
    (parquet / "left_over.parquet").write_bytes(b"old")
    conn.execute(  # types pyarrow's Parquet writer alone cannot take
        "CREATE TABLE odd_types AS SELECT INTERVAL 3 DAY AS span, "
        "union_value(k := 1) AS choice, '{\"a\": 1}'::JSON AS doc"
    )
    info = publish(conn, tmp_path / "snap.duckdb", parquet)
    conn.close()
    assert info.rows["odd_types"] == 1
    assert not (parquet / "left_over.parquet").exists()
    assert pq.read_table(parquet / "odd_types.parquet").num_rows == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_failed_publish_leaves_the_old_snapshot_in_place(tmp_path: Path) -> None:
    conn = warehouse.connect(tmp_path / "work.duckdb")
    load(conn, circular("pdf"))
    snapshot, parquet = tmp_path / "snap.duckdb", tmp_path / "parquet"
    publish(conn, snapshot, parquet)
    load(conn, circular("july", months=(1, 7), issued=date(2025, 8, 5)))
    conn.execute("CREATE VIEW broken AS SELECT error('this view fails when read') AS x")
    with pytest.raises(MinshengError, match=r"^cannot publish the snapshot: .*fails when read"):
        publish(conn, snapshot, parquet)
    conn.close()
    with open_snapshot(snapshot) as reader:
        assert reader.execute("SELECT count(*) FROM facts_v").fetchone() == (3,)
    assert pq.read_table(parquet / "facts_v.parquet").num_rows == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
