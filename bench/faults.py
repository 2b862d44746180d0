"""``python -m bench.faults``: the full fault battery, run once and reported (nothing asserted).

1. Hostile files: good circulars alone, then the same beside decompression bombs (a PDF stream
   inflating to 1 GiB, a .docx of 100 MiB of empty paragraphs, a .docx with a 1 GiB
   document.xml), a sparse 2 GiB .pdf and a 60 MB text file. Each inbox is ingested by
   ``minsheng ingest`` in a fresh process; the resident memory of its whole process tree is
   sampled every 20 ms. Reported: peak of each, the difference, each bad file's outcome, the
   largest file in the archive.
2. ``--ingest-kills`` (default 20) kill -9 of ``minsheng ingest`` at random points, then one
   complete run; ``--run-kills`` (default 8) the same for ``minsheng run`` (Prefect's temporary
   server included). Reported: processes left behind, runs left ``running``, temporary files
   left, and whether the rows equal those of one clean run.

Figures go to the terminal and to ``bench/results/faults.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import duckdb

from tests.faults.bombs import docx_bomb, pdf_bomb
from tests.faults.killing import (
    canonical_dump,
    environment,
    kill_at_random,
    leftovers,
    minsheng_command,
    run_states,
)

MIB = 1024 * 1024
RESULTS = Path(__file__).resolve().parent / "results"


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants."""
    from flows.reaper import descendants

    total = 0
    for pid in [root, *descendants(root)]:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def peak_of(args: list[str], cwd: Path) -> tuple[int, int, float]:
    """(peak tree RSS in bytes, exit code, seconds) of ``minsheng ARGS``."""
    started = time.monotonic()
    process = subprocess.Popen(
        minsheng_command(*args),
        cwd=cwd,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    stop.set()
    sampler.join()
    return peak, code, time.monotonic() - started


def good_inbox(folder: Path) -> Path:
    import synth
    from tests.flows.corpus import write_months

    write_months(folder, [3, 4, 5, 6])
    synth.long_pdf(folder / "long.pdf", 6, seed=5)
    return folder


def hostile_files(folder: Path) -> None:
    pdf_bomb(folder / "bomb-1gib-stream.pdf", 1024 * MIB)
    docx_bomb(folder / "bomb-100mib-paragraphs.docx", 100 * MIB)
    docx_bomb(folder / "bomb-1gib-document.docx", 1024 * MIB)
    with (folder / "sparse-2gib.pdf").open("wb") as sparse:
        sparse.truncate(2 * 1024 * MIB)
    line = "各县市区民生实事项目推进情况通报，完成率为百分之五十。\n".encode()
    with (folder / "huge-60mb.txt").open("wb") as text:
        for _ in range(60 * MIB // len(line)):
            text.write(line)


def bombs(work: Path) -> dict[str, Any]:
    good = good_inbox(work / "good")
    mixed = work / "mixed"
    subprocess.run(["cp", "-r", str(good), str(mixed)], check=True)
    hostile_files(mixed)
    args = ["--workers", "2", "--quiet"]
    peak_good, code_good, secs_good = peak_of(
        ["ingest", str(good), "--db", str(work / "good.duckdb"), *args], work
    )
    peak_bad, code_bad, secs_bad = peak_of(
        ["ingest", str(mixed), "--db", str(work / "mixed.duckdb"), *args], work
    )
    with duckdb.connect(str(work / "mixed.duckdb"), read_only=True) as conn:
        outcomes = conn.execute(
            "SELECT filename, outcome, reason, message FROM source_files "
            "WHERE filename LIKE 'bomb%' OR filename LIKE 'sparse%' OR filename LIKE 'huge%' "
            "ORDER BY filename"
        ).fetchall()
        loaded = conn.execute(
            "SELECT count(*) FROM source_files WHERE outcome = 'loaded'"
        ).fetchone()
    archive = work / "mixed.duckdb.d" / "archive"
    largest = max((p.stat().st_size for p in archive.rglob("*") if p.is_file()), default=0)
    return {
        "good_only": {"peak_tree_rss_mb": peak_good / 1e6, "exit": code_good, "s": secs_good},
        "with_hostile": {"peak_tree_rss_mb": peak_bad / 1e6, "exit": code_bad, "s": secs_bad},
        "difference_mb": (peak_bad - peak_good) / 1e6,
        "good_loaded_beside_hostile": int(loaded[0]) if loaded else 0,
        "hostile_outcomes": [
            {"file": f, "outcome": o, "reason": r, "message": m} for f, o, r, m in outcomes
        ],
        "largest_archived_mb": largest / 1e6,
    }


def write_config(folder: Path, inbox: Path) -> Path:
    config = folder / "minsheng.toml"
    config.write_text(
        f'[minsheng]\ndata_dir = "{folder / "data"}"\nsources = ["{inbox}"]\nparse_workers = 2\n',
        encoding="utf-8",
    )
    return config


def battery(work: Path, command: str, kills: int, seed: int) -> dict[str, Any]:
    """``kills`` kill -9 of ``command`` (ingest or run), then one complete run."""
    inbox = good_inbox(work / f"inbox-{command}")
    clean, killed = work / f"{command}-clean", work / f"{command}-killed"
    for folder in (clean, killed):
        folder.mkdir()
    if command == "ingest":
        args = ["ingest", str(inbox), "--db", "w.duckdb", "--workers", "2", "--quiet"]
        database = "w.duckdb"
        data_dir = "w.duckdb.d"
    else:
        args = ["run", "--config", "minsheng.toml"]
        database = "data/minsheng.duckdb"
        data_dir = "data"
        write_config(clean, inbox)
        write_config(killed, inbox)
    started = time.monotonic()
    done = subprocess.run(minsheng_command(*args), cwd=clean, env=environment(), check=False)
    longest = time.monotonic() - started
    rng = random.Random(seed)
    # half the kills anywhere, half in the second half of a run (past start-up: into the
    # parse, the load, the alerts, the snapshot publish)
    results = [
        kill_at_random(args, killed, rng, longest=longest, shortest=0.2 if i % 2 else longest / 2)
        for i in range(kills)
    ]
    states_after_kills = run_states(killed / database) if (killed / database).exists() else {}
    last = subprocess.run(minsheng_command(*args), cwd=killed, env=environment(), check=False)
    return {
        "kills": kills,
        "clean_run_s": longest,
        "clean_exit": done.returncode,
        "kills_after_finish": sum(k.finished_first for k in results),
        "processes_left": sum(len(k.left) for k in results),
        "processes_noted": sum(k.noted for k in results),
        "runs_by_state_before_last_run": states_after_kills,
        "runs_by_state_after": run_states(killed / database),
        "temp_files_after": [str(p) for p in leftovers(killed / data_dir)],
        "rows_equal_clean_run": canonical_dump(killed / database)
        == canonical_dump(clean / database),
        "last_exit": last.returncode,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults")
    parser.add_argument("--ingest-kills", type=int, default=20)
    parser.add_argument("--run-kills", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20241009)
    parser.add_argument("--skip-bombs", action="store_true")
    options = parser.parse_args(argv)
    report: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="minsheng-faults-") as tmp:
        work = Path(tmp)
        if not options.skip_bombs:
            report["hostile_files"] = bombs(work)
            print(json.dumps(report["hostile_files"], ensure_ascii=False, indent=1), flush=True)
        if options.ingest_kills:
            report["ingest_kills"] = battery(work, "ingest", options.ingest_kills, options.seed)
            print(json.dumps(report["ingest_kills"], indent=1), flush=True)
        if options.run_kills:
            report["run_kills"] = battery(work, "run", options.run_kills, options.seed + 1)
            print(json.dumps(report["run_kills"], indent=1), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "faults.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    os.sync()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
