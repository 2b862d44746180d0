"""kill -9 at a random point of a real ``minsheng`` command, and what must hold afterwards.

``kill_at_random`` starts the command, notes its descendants while it runs, kills it with
SIGKILL after a random delay and reports which of those processes were still alive a few
seconds later (none should be: the run's watchdog kills them). ``canonical_dump`` is the
warehouse's rows without the columns that differ between two loads by design, to check that
runs interrupted any number of times converge to the rows of one clean run.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flows.reaper import _stat, descendants
from tests.warehouse.table_contents import table_contents

ROOT = Path(__file__).resolve().parents[2]
VOLATILE = {
    "load_id",
    "archive_path",
    "fetched_at",
    "created_at",
    "updated_at",
    "first_seen",
    "last_seen",
    "message_id",
}
# bookkeeping of runs: differs between an interrupted history and a clean one by design
SKIP_TABLES = {
    "load_runs",
    "http_cache",
    "schema_migrations",
    "alert_evaluations",
    "source_files",
    "outbox",
}


@dataclass
class Kill:
    delay: float
    finished_first: bool  # the command was done before the kill came
    noted: int  # descendants seen while it ran
    left: list[int]  # of those, alive after the grace period


def minsheng_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "import sys; from flows.cli import main; sys.exit(main())", *args]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MINSHENG_")}
    return {**env, "PYTHONPATH": str(ROOT)}


def kill_at_random(
    args: list[str],
    cwd: Path,
    rng: random.Random,
    *,
    longest: float,
    shortest: float = 0.2,
    grace: float = 5.0,
) -> Kill:
    """Run ``minsheng ARGS``; SIGKILL it after a delay drawn from [``shortest``, ``longest``]
    seconds."""
    delay = rng.uniform(shortest, longest)
    process = subprocess.Popen(
        minsheng_command(*args),
        cwd=cwd,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    noted: dict[int, int] = {}
    ends = time.monotonic() + delay
    while time.monotonic() < ends and process.poll() is None:
        noted.update(descendants(process.pid))
        time.sleep(0.05)
    finished = process.poll() is not None
    if not finished:
        noted.update(descendants(process.pid))
        process.kill()
    process.wait()
    left = alive(noted)
    waited = time.monotonic() + grace
    while left and time.monotonic() < waited:
        time.sleep(0.1)
        left = alive(noted)
    return Kill(delay, finished, len(noted), left)


def alive(noted: dict[int, int]) -> list[int]:
    """The noted processes still running (same pid, same start time; zombies count as gone)."""
    living = []
    for pid, started in noted.items():
        info = _stat(pid)
        if info is None or info[1] != started:
            continue
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.append(pid)
    return sorted(living)


def canonical_dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
            ).fetchall()
            if r[0] not in SKIP_TABLES
        ]
        return table_contents(conn, tables, leave_out=lambda c: c in VOLATILE or c.endswith("_at"))
    finally:
        conn.close()


def run_states(db: Path) -> dict[str, int]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        rows = conn.execute("SELECT status, count(*) FROM load_runs GROUP BY status").fetchall()
    finally:
        conn.close()
    return {str(status): int(count) for status, count in rows}


def leftovers(data_dir: Path) -> list[Path]:
    """Temporary files a killed run may leave: half-copied archive files, snapshot copies."""
    patterns = ("archive/.incoming-*", "archive/*/.incoming-*", ".*.tmp-*", ".*.old-*")
    return sorted(p for pattern in patterns for p in data_dir.glob(pattern))
