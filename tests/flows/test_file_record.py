"""Every file a source names ends in the warehouse's record with an outcome and a reason: hidden
files, links, FIFOs, legacy formats, files over the size limit (never copied), and names that
would forge lines of output are printed escaped."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from flows.settings import HttpSettings, LimitSettings
from flows.stages import ingest
from tests.flows.corpus import write_months
from warehouse.source_files import not_loaded


def run(conn: duckdb.DuckDBPyConnection, folder: Path, archive: Path, **limits: object):
    return ingest(
        conn,
        [str(folder)],
        archive_dir=archive,
        http=HttpSettings(),
        workers=1,
        trigger="test",
        limits=LimitSettings(**limits),
    )


def recorded(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    rows = conn.execute("SELECT location, outcome, reason FROM source_files").fetchall()
    return {Path(location).name: (outcome, reason) for location, outcome, reason in rows}


def test_every_entry_of_an_inbox_is_recorded(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, archive_dir: Path
) -> None:
    inbox = tmp_path / "inbox"
    [march] = write_months(inbox, [3])
    (inbox / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
    (inbox / "sheet.et").write_bytes(b"wps sheet")
    (inbox / "notes.xlsx").write_bytes(b"PK")
    (inbox / ".DS_Store").write_bytes(b"\x00\x00")
    (inbox / ".git").mkdir()
    (inbox / ".git" / "HEAD.txt").write_text("ref")
    os.mkfifo(inbox / "pipe.txt")
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the archive")
    (inbox / "passwd.txt").symlink_to(outside)
    (inbox / "loop.txt").symlink_to(inbox / "loop.txt")
    (inbox / "copy-of-march.txt").write_bytes(march.read_bytes())

    report = run(conn, inbox, archive_dir)

    assert report.count("loaded") == 1
    seen = recorded(conn)
    assert seen["old.doc"] == ("ignored", "legacy_format")
    assert seen["sheet.et"] == ("ignored", "legacy_format")
    assert seen["notes.xlsx"] == ("ignored", "unsupported")
    assert seen[".DS_Store"] == ("ignored", "hidden")
    assert seen[".git"] == ("ignored", "hidden")
    assert seen["pipe.txt"] == ("ignored", "not_a_file")
    assert seen["passwd.txt"] == ("ignored", "symlink")
    assert seen["loop.txt"] == ("ignored", "broken_link")
    # the same bytes twice: one is read, the other recorded as a copy
    assert {seen["copy-of-march.txt"], seen[march.name]} == {
        ("loaded", "loaded"),
        ("skipped", "same_bytes"),
    }
    # the link out of the folder was not followed: nothing of it is in the archive
    archived = [p.read_bytes() for p in archive_dir.rglob("*") if p.is_file()]
    assert b"not for the archive" not in archived
    legacy = {f.filename: f for f in not_loaded(conn)}["old.doc"]
    assert "save it as .docx or PDF" in (legacy.message or "")


def test_links_out_of_a_folder_are_followed_when_allowed(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, archive_dir: Path
) -> None:
    inbox = tmp_path / "inbox"
    [month] = write_months(tmp_path / "elsewhere", [4])
    inbox.mkdir()
    (inbox / month.name).symlink_to(month)
    report = run(conn, inbox, archive_dir, follow_symlinks=True)
    assert report.count("loaded") == 1


def test_a_file_over_the_limit_is_never_read_or_archived(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, archive_dir: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with (inbox / "huge.pdf").open("wb") as sparse:  # 2 GiB, no blocks on disk
        sparse.truncate(2 * 1024**3)
    report = run(conn, inbox, archive_dir, file_bytes=1024 * 1024)
    assert [(o.outcome, o.reason) for o in report.outcomes] == [("quarantined", "too_large")]
    assert not archive_dir.exists() or not [p for p in archive_dir.rglob("*") if p.is_file()]
    status = conn.execute(
        "SELECT status, error_reason FROM documents WHERE filename = 'huge.pdf'"
    ).fetchall()
    assert status == [("quarantined", "too_large")]
    assert recorded(conn)["huge.pdf"] == ("quarantined", "too_large")


def test_a_name_with_line_breaks_cannot_forge_output(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path, archive_dir: Path
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    forged = "a.xls\n  loaded (ok): forged.pdf\x1b[2K.xls"
    (inbox / forged).write_bytes(b"x")
    report = run(conn, inbox, archive_dir)
    [outcome] = report.outcomes
    assert "\n" not in outcome.filename and "\x1b" not in outcome.filename
    assert "\\n  loaded (ok): forged.pdf\\x1b[2K" in outcome.filename
    assert "\n" not in (outcome.message or "")
