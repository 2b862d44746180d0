"""The ingest, sql and status commands, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main
from tests.flows.corpus import write_months

ROOT = Path(__file__).resolve().parents[2]


def minsheng(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINSHENG_")}
    return subprocess.run(
        [sys.executable, "-c", "import sys; from flows.cli import main; sys.exit(main())", *args],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ingest_then_sql_on_a_fresh_directory_without_config(tmp_path: Path) -> None:
    inbox = tmp_path / "unseen"
    write_months(inbox, [4, 5])
    done = minsheng("ingest", str(inbox), "--db", "out.duckdb", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "2 loaded" in done.stdout
    assert (tmp_path / "out.duckdb.d" / "archive").is_dir()
    query = minsheng(
        "sql", "--db", "out.duckdb", "--format", "json", "SELECT count(*) AS n FROM facts_v",
        cwd=tmp_path,
    )  # fmt: skip
    assert query.returncode == 0, query.stderr
    assert json.loads(query.stdout)[0]["n"] > 0


def test_partial_ingest_exit_code_and_status(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    inbox = tmp_path / "inbox"
    write_months(inbox, [6])
    (inbox / "scan.pdf").write_bytes(b"not a pdf at all")
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(inbox), "--db", str(db), "--quiet"]) == 1
    out = capsys.readouterr()
    assert "1 quarantined" in out.out and "scan.pdf" in out.err
    assert main(["status", "--db", str(db)]) == 0
    status = capsys.readouterr().out
    assert "partial" in status
    assert "scan.pdf" in status and "quarantined:" in status


def test_sql_on_a_missing_snapshot_is_one_line_exit_2(tmp_path: Path, capsys) -> None:
    code = main(["sql", "--db", str(tmp_path / "none.duckdb"), "SELECT 1"])
    assert code == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    from warehouse.connection import connect

    db = tmp_path / "w.duckdb"
    connect(db).close()
    return db


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY (SELECT 1) TO '/tmp/minsheng-escape.csv'",
        "SET enable_external_access = true",
        "ATTACH '/tmp/other.duckdb' AS other",
        "CREATE TABLE t AS SELECT 1",
        "INSTALL httpfs",
    ],
)
def test_sql_is_read_only_and_sandboxed(small_db: Path, capsys, query: str) -> None:
    assert main(["sql", "--db", str(small_db), query]) == 2
    assert capsys.readouterr().err.startswith("minsheng: ")
    assert not Path("/tmp/minsheng-escape.csv").exists()


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_sql_formats(small_db: Path, capsys, fmt: str) -> None:
    assert main(["sql", "--db", str(small_db), "--format", fmt, "SELECT 42 AS answer"]) == 0
    out = capsys.readouterr().out
    assert "answer" in out and "42" in out


def test_ingest_without_sources_is_a_usage_error(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MINSHENG_SOURCES", raising=False)
    assert main(["ingest", "--db", "x.duckdb"]) == 2
    assert "no SOURCE" in capsys.readouterr().err


def test_failed_url_makes_a_partial_run_and_shows_in_status(
    tmp_path: Path, httpserver, capsys
) -> None:
    httpserver.expect_request("/gone.pdf").respond_with_data("no", status=404)
    url = httpserver.url_for("/gone.pdf")
    db = tmp_path / "w.duckdb"
    assert main(["ingest", url, "--db", str(db), "--quiet"]) == 1
    assert "http_404" in capsys.readouterr().err
    assert main(["status", "--db", str(db)]) == 0
    status = capsys.readouterr().out
    assert (
        "URLs failing at their last fetch (1)" in status
        and f"Asia/Shanghai  {url}: HTTP 404" in status
    )


def test_second_writer_exits_2_naming_the_holder(tmp_path: Path, capsys) -> None:
    from flows.lock import writer_lock

    db = tmp_path / "w.duckdb"
    (tmp_path / "inbox").mkdir()
    with writer_lock(tmp_path / "w.duckdb.d" / "minsheng.lock"):
        code = main(["ingest", str(tmp_path / "inbox"), "--db", str(db), "--wait", "0.3"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("minsheng: another minsheng run holds the lock since ")
    assert not db.exists()  # gave up before opening the warehouse
