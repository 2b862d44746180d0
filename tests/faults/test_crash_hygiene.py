"""What a killed run leaves is put right by the next one: its run row, half-copied archive
files, a half-published snapshot."""

from __future__ import annotations

from pathlib import Path

from flows.nightly import open_warehouse
from flows.settings import Settings
from warehouse.runs import last_runs, start_run
from warehouse.snapshot import publish


def test_the_next_writer_marks_a_run_left_running_as_interrupted(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    conn = open_warehouse(settings)
    start_run(conn, trigger="nightly", parser_version="test")  # then the process is killed
    conn.close()
    leftover = settings.archive_dir / "ab" / ".incoming-x1y2"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"half a file")

    conn = open_warehouse(settings)
    try:
        [run] = last_runs(conn)
    finally:
        conn.close()
    assert run.status == "interrupted" and run.finished_at is not None
    assert "killed or crashed" in (run.message or "")
    assert not leftover.exists()


def test_publish_removes_what_a_killed_publish_left(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    conn = open_warehouse(settings)
    snapshot, parquet = settings.snapshot_path, settings.parquet_path
    stale_copy = snapshot.with_name(f".{snapshot.name}.tmp-4242-deadbeef")
    stale_copy.write_bytes(b"\0" * 4096)
    stale_dir = parquet.with_name(f".{parquet.name}.tmp-4242-deadbeef")
    stale_dir.mkdir()
    (stale_dir / "documents.parquet").write_bytes(b"PAR1")
    old_dir = parquet.with_name(f".{parquet.name}.old-4242-deadbeef")
    old_dir.mkdir()
    try:
        publish(conn, snapshot, parquet)
    finally:
        conn.close()
    assert snapshot.is_file() and parquet.is_dir()
    assert not stale_copy.exists() and not stale_dir.exists() and not old_dir.exists()
