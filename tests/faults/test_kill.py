"""kill -9 of ``minsheng ingest`` at random points: no process left behind, no run left
``running``, and the rows converge to those of one clean run. A few seeded kills here; the full
battery (20 kills of ingest, 8 of run) is ``python -m bench.faults``."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

import synth
from tests.faults.killing import (
    canonical_dump,
    environment,
    kill_at_random,
    leftovers,
    minsheng_command,
    run_states,
)
from tests.flows.corpus import write_months


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    write_months(folder, [3, 4, 5])
    for seed in (1, 2):
        synth.long_pdf(folder / f"long-{seed}.pdf", 8, seed=seed)
    return folder


def ingest(inbox: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    args = ["ingest", str(inbox), "--db", "w.duckdb", "--workers", "2", "--quiet"]
    return subprocess.run(
        minsheng_command(*args), cwd=cwd, env=environment(), capture_output=True, text=True
    )


def test_killed_ingests_leave_nothing_behind_and_converge(inbox: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    assert ingest(inbox, clean).returncode in (0, 1)

    killed = tmp_path / "killed"
    killed.mkdir()
    rng = random.Random(20241009)
    args = ["ingest", str(inbox), "--db", "w.duckdb", "--workers", "2", "--quiet"]
    kills = [kill_at_random(args, killed, rng, longest=6.0) for _ in range(3)]
    assert all(k.left == [] for k in kills), kills
    done = ingest(inbox, killed)
    assert done.returncode in (0, 1), done.stderr

    assert canonical_dump(killed / "w.duckdb") == canonical_dump(clean / "w.duckdb")
    assert "running" not in run_states(killed / "w.duckdb")
    assert leftovers(killed / "w.duckdb.d") == []
