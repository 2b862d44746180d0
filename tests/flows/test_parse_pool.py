"""The parse pool: results in order, and a worker that dies costs no document."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

import synth
from flows.parse_worker import ParseFailure
from flows.sources import Document, gather_local
from flows.stages import parse_documents, parse_isolated
from schemas.circular import ParseResult


def documents(folder: Path, archive: Path) -> list[Document]:
    found = gather_local(str(folder), archive, datetime(2024, 10, 9))
    return [d for d in found if isinstance(d, Document)]


def pool_workers() -> list[int]:
    """Processes forked by this process's forkserver (children of a child of ours)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    children = {
        pid
        for pid, parent in parents.items()
        if parent == os.getpid() and b"forkserver" in _cmdline(pid)
    }
    return sorted(pid for pid, parent in parents.items() if parent in children)


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_a_killed_worker_costs_no_document(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for seed in (1, 2, 3):
        synth.long_pdf(inbox / f"long-{seed}.pdf", 12, seed=seed)
    docs = documents(inbox, tmp_path / "archive")
    killed: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            workers = pool_workers()
            if workers:
                time.sleep(0.3)  # let it get into a parse
                os.kill(workers[0], signal.SIGKILL)
                killed.append(workers[0])
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    results = list(parse_documents(docs, workers=2))
    killer.join()
    assert killed, "no worker was found to kill"
    assert [d.filename for d, _ in results] == [d.filename for d in docs]
    assert all(isinstance(r, ParseResult) for _, r in results), results


def test_isolated_parse_reports_a_bad_file_as_a_failure(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "bad.pdf").write_bytes(b"%PDF-1.4\nnot really")
    [doc] = documents(tmp_path / "inbox", tmp_path / "archive")
    result = parse_isolated(doc)
    assert isinstance(result, ParseFailure) and result.reason


# the time limit may first strike inside a finaliser, where Python reports and drops it (the
# limit strikes again half a second later)
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_parse_past_its_time_limit_is_failed_not_quarantined(tmp_path: Path) -> None:
    from flows.settings import HttpSettings
    from flows.stages import ingest
    from warehouse.connection import connect

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    synth.long_pdf(inbox / "long.pdf", 12, seed=4)
    [doc] = documents(inbox, tmp_path / "archive")
    [(_, inline)] = list(parse_documents([doc], workers=1, timeout=0.01))
    assert isinstance(inline, ParseFailure)
    assert (inline.reason, inline.final) == ("parse_timeout", False)

    conn = connect(tmp_path / "w.duckdb")
    try:
        run = dict(archive_dir=tmp_path / "archive", http=HttpSettings(), trigger="test")
        slow = ingest(conn, [str(inbox)], workers=2, parse_timeout=0.01, **run)
        [outcome] = slow.outcomes
        assert (outcome.outcome, outcome.reason) == ("failed", "parse_timeout")
        assert slow.exit_code == 1
        again = ingest(conn, [str(inbox)], workers=1, parse_timeout=600, **run)
        assert [o.outcome for o in again.outcomes] == ["loaded"]  # retried, not skipped
    finally:
        conn.close()
