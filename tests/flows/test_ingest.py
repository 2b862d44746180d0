"""The ingest pipeline end to end: real files, real parsers, a real DuckDB file."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.nightly import run_nightly
from flows.settings import HttpSettings, Settings, load_settings
from flows.stages import IngestReport, ingest
from tests.flows.corpus import write_months
from tests.warehouse.table_contents import table_contents
from warehouse.connection import connect

# columns that differ between two loads of the same files by design
VOLATILE = {
    "load_id",
    "archive_path",
    "fetched_at",
    "created_at",
    "updated_at",
    "first_seen",
    "last_seen",
}
SKIP_TABLES = {
    "load_runs",
    "http_cache",
    "schema_migrations",
    "alert_evaluations",
    "source_files",  # the last outcome of each file: "skipped" on a second run
}


def run_ingest(db: Path, folder: Path, *, workers: int = 1) -> IngestReport:
    conn = connect(db)
    try:
        return ingest(
            conn,
            [str(folder)],
            archive_dir=db.parent / "archive",
            http=HttpSettings(),
            workers=workers,
            trigger="test",
        )
    finally:
        conn.close()


def contents(db: Path, *, volatile: bool) -> dict[str, list[tuple]]:
    """Every table's rows, sorted; without the volatile columns unless ``volatile``."""
    conn = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
            ).fetchall()
            if r[0] not in SKIP_TABLES
        ]
        return table_contents(
            conn,
            tables,
            leave_out=lambda c: not volatile and (c in VOLATILE or c.endswith("_at")),
        )
    finally:
        conn.close()


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("year")
    write_months(folder, list(range(2, 13)), pdf_twin=True)
    return folder


def test_year_ingested_twice_gives_identical_tables(year: Path, tmp_path: Path) -> None:
    first_db = tmp_path / "a" / "w.duckdb"
    first = run_ingest(first_db, year)
    assert first.status == "ok", first.problems()
    assert first.count("loaded") >= 11 and first.facts > 0
    before = contents(first_db, volatile=True)

    again = run_ingest(first_db, year)
    assert again.count("loaded") == 0
    assert again.count("skipped") == first.count("loaded")
    assert contents(first_db, volatile=True) == before

    parallel_db = tmp_path / "b" / "w.duckdb"
    parallel = run_ingest(parallel_db, year, workers=2)
    assert parallel.count("loaded") == first.count("loaded")
    assert contents(parallel_db, volatile=False) == contents(first_db, volatile=False)


def test_same_circular_as_pdf_and_text_is_one_circular(year: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    run_ingest(db, year)
    conn = duckdb.connect(str(db), read_only=True)
    try:
        texts = len(list(year.glob("*.txt")))
        pdfs = len(list(year.glob("*.pdf")))
        assert pdfs >= 1
        (circulars,) = conn.execute("SELECT count(*) FROM circulars").fetchone()
        (documents,) = conn.execute(
            "SELECT count(*) FROM documents WHERE status = 'parsed'"
        ).fetchone()
        assert documents == texts + pdfs
        assert circulars == texts  # each PDF is the twin of a text circular
    finally:
        conn.close()


def test_corrupt_file_is_quarantined_and_the_rest_load(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    good = write_months(folder, [3, 4])
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04 not a circular")
    report = run_ingest(tmp_path / "w.duckdb", folder)
    assert report.status == "partial" and report.exit_code == 1
    assert report.count("loaded") == len(good)
    [bad] = [o for o in report.outcomes if o.outcome == "quarantined"]
    assert bad.filename == "broken.pdf" and bad.reason
    ignored = {o.filename for o in report.outcomes if o.outcome == "ignored"}
    assert "notes.xlsx" in ignored and not {p.name for p in good} & ignored
    conn = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        row = conn.execute(
            "SELECT status, error_reason FROM documents WHERE filename = 'broken.pdf'"
        ).fetchone()
        run = conn.execute("SELECT status, documents_failed FROM load_runs").fetchone()
    finally:
        conn.close()
    assert row == ("quarantined", bad.reason)
    assert run == ("partial", 1)
    # a second run skips the quarantined file: nothing new is wrong, the run is ok
    assert run_ingest(tmp_path / "w.duckdb", folder).status == "ok"


def nightly_settings(tmp_path: Path, inbox: Path) -> Settings:
    return load_settings(None, data_dir=tmp_path / "data", sources=[str(inbox)])


def test_analyst_on_the_snapshot_does_not_block_the_nightly_run(tmp_path: Path) -> None:
    from warehouse.snapshot import open_snapshot

    inbox = tmp_path / "inbox"
    write_months(inbox, [2, 3, 4])
    settings = nightly_settings(tmp_path, inbox)
    first = run_nightly(settings)
    assert first.status == "ok"

    analyst = open_snapshot(settings.snapshot_path)
    (before,) = analyst.execute("SELECT count(*) FROM facts_v").fetchone()
    assert before > 0
    write_months(inbox, [5, 6])
    second = run_nightly(settings)
    assert second.ingest.count("loaded") == 2 and second.ingest.count("skipped") == 3
    assert analyst.execute("SELECT count(*) FROM facts_v").fetchone() == (before,)
    analyst.close()
    analyst = open_snapshot(settings.snapshot_path)
    (after,) = analyst.execute("SELECT count(*) FROM facts_v").fetchone()
    analyst.close()
    assert after > before
    assert (settings.parquet_path / "facts_v.parquet").exists() or any(
        settings.parquet_path.iterdir()
    )


def test_nightly_with_nothing_new_is_ok_and_changes_no_data(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    write_months(inbox, [7, 8])
    settings = nightly_settings(tmp_path, inbox)
    run_nightly(settings)
    before = contents(settings.database_path, volatile=False)
    report = run_nightly(settings)
    assert report.status == "ok"
    assert report.ingest.count("skipped") == 2 and report.ingest.count("loaded") == 0
    after = contents(settings.database_path, volatile=False)
    assert {k: v for k, v in after.items() if k != "documents"} == {
        k: v for k, v in before.items() if k != "documents"
    }
