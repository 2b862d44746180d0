"""``minsheng sql`` stops an endless query at its time limit and a huge one at its memory
limit, each with one line, through the real command."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.cli import main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE TABLE t AS SELECT range AS x FROM range(1000)")
    return path


def test_an_endless_query_stops_at_the_time_limit(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINSHENG_SQL__TIMEOUT", "1")
    endless = "SELECT count(*) FROM range(100000000000) a, range(1000000) b"
    assert main(["sql", "--db", str(db), endless]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "minsheng: query stopped: still running after 1 s (sql.timeout)"
    ]


def test_a_huge_allocation_stops_at_the_memory_limit(
    db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MINSHENG_SQL__MEMORY_LIMIT", "200MB")
    monkeypatch.setenv("MINSHENG_SQL__TEMP_LIMIT", "100MB")
    assert main(["sql", "--db", str(db), "SELECT list(range(3000000000))"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("minsheng: query stopped: it needs more memory than 200MB")


def test_a_query_cannot_lift_its_limits(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "--db", str(db), "SET memory_limit = '100GB'"]) == 2
    assert "minsheng:" in capsys.readouterr().err
