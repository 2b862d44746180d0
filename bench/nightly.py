"""``python -m bench.nightly``: a nightly run with no new documents — where the time goes.

A city-year of circulars (``synth``: eleven months in mixed formats, one month twice) is
loaded once; then the nightly job runs again over the same sources, which is what most nights
look like. Reported:

- our own work, step by step (plain functions, no Prefect): open the warehouse, discover and
  hash the files, the skip checks, the load-run bookkeeping, project refresh, alert
  evaluation, delivery (no channels), snapshot + Parquet publication — best of ``--repeat``;
  target: under 1 s in all;
- Prefect apart: importing it, and the whole nightly flow in a fresh process under Prefect's
  temporary server, minus the flow's own steps.

Nothing is asserted. Figures go to the terminal and to ``bench/results/nightly.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import save_result

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 1.0

FLOW_SCRIPT = """
import json, sys, time
started = time.perf_counter()
from flows.pipeline import nightly
imported = time.perf_counter()
report = nightly(config=sys.argv[1])
done = time.perf_counter()
print(json.dumps({"import": imported - started, "flow": done - imported,
                  "steps": report.timings, "skipped": report.ingest.count("skipped")}))
"""


def prepare(folder: Path) -> Path:
    import synth

    inbox = folder / "inbox"
    synth.write_year(synth.generate_year("岳阳市", 2024, seed=5), inbox, formats="mixed")
    config = folder / "minsheng.toml"
    config.write_text(
        f'[minsheng]\ndata_dir = "{folder / "data"}"\nsources = ["{inbox}"]\n', encoding="utf-8"
    )
    return config


def own_work(config: Path) -> dict[str, float]:
    """One no-new-documents nightly run, every step timed (seconds)."""
    from flows import stages
    from flows.lock import writer_lock
    from flows.nightly import (
        deliver_alerts,
        evaluate_alerts,
        open_warehouse,
        publish_snapshot,
        refresh_projects,
        timed,
    )
    from flows.settings import load_settings

    settings = load_settings(config)
    timings: dict[str, float] = {}
    with timed(timings, "total"), writer_lock(settings.lock_path):
        with timed(timings, "open warehouse"):
            conn = open_warehouse(settings)
        try:
            with timed(timings, "run bookkeeping"):
                report, version = stages.open_run(conn, trigger="bench")
            with timed(timings, "discover + hash"):
                gathered = stages.gather(
                    settings.sources,
                    conn=conn,
                    archive_dir=settings.archive_dir,
                    http=settings.http,
                )
            with timed(timings, "skip checks"):
                todo = stages.record_gathered(conn, gathered, report, version)
            assert not todo, "bench expects nothing new"
            with timed(timings, "run bookkeeping"):
                stages.close_run(conn, report)
            with timed(timings, "refresh projects"):
                refresh_projects(conn)
            with timed(timings, "evaluate alerts"):
                evaluate_alerts(conn, settings)
            with timed(timings, "deliver"):
                deliver_alerts(conn, settings)
            with timed(timings, "publish snapshot"):
                publish_snapshot(conn, settings)
        finally:
            conn.close()
    timings["documents"] = float(len(gathered.documents))
    return timings


def prefect_run(config: Path) -> dict[str, Any]:
    env = {
        **os.environ,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "CRITICAL",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PREFECT_API_URL", None)
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    done = subprocess.run(
        [sys.executable, "-c", FLOW_SCRIPT, str(config)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"the Prefect run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.nightly", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="own-work runs (best is kept)")
    parser.add_argument("--no-prefect", action="store_true", help="skip the Prefect run")
    args = parser.parse_args(argv)

    from flows.nightly import run_nightly
    from flows.settings import load_settings

    with tempfile.TemporaryDirectory(prefix="minsheng-nightly-") as tmp:
        config = prepare(Path(tmp))
        started = time.perf_counter()
        first = run_nightly(load_settings(config))
        print(
            f"first run (loads the year): {time.perf_counter() - started:.1f} s, "
            f"{first.ingest.summary()}"
        )
        runs = [own_work(config) for _ in range(max(1, args.repeat))]
        best = min(runs, key=lambda r: r["total"])
        prefect = None if args.no_prefect else prefect_run(config)

    documents = int(best.pop("documents"))
    total = best.pop("total")
    print(f"\nnightly run with nothing new ({documents} documents), best of {len(runs)}:")
    for step, seconds in best.items():
        print(f"  {step:<18}{seconds * 1000:>8.1f} ms")
    verdict = "meets" if total < TARGET_SECONDS else "misses"
    print(
        f"  {'own work':<18}{total * 1000:>8.1f} ms  ({verdict} the {TARGET_SECONDS:.0f} s target)"
    )
    result: dict[str, object] = {"documents": documents, "own_work": total, "steps": best}
    if prefect is not None:
        flow = float(prefect["flow"])
        inside = sum(float(v) for v in prefect["steps"].values())
        print("\nunder Prefect (fresh process, temporary server):")
        print(f"  {'import prefect + flows':<26}{float(prefect['import']):>7.2f} s")
        print(f"  {'flow call':<26}{flow:>7.2f} s")
        print(f"  {'  of which our steps':<26}{inside:>7.2f} s (task overhead included)")
        print(f"  {'  Prefect start-up, rest':<26}{flow - inside:>7.2f} s")
        result["prefect"] = prefect
    out = save_result("nightly", result)
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
