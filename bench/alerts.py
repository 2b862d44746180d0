"""``python -m bench.alerts``: project identity and alert evaluation on a large warehouse.

Builds parse results directly (no parsing): ``--cities`` × ``--years`` × eleven monthly
circulars of ``--projects`` projects, each with a whole-city figure and two lagging counties,
about 3 % of figures falling back. Then times, best of ``--repeat`` on fresh copies:

- ``refresh``: ``refresh_projects`` matching every circular from scratch;
- ``evaluate``: the first ``evaluate`` (every alert inserted);
- ``again``: ``refresh_projects`` + ``evaluate`` with nothing new (the nightly case).

Nothing is asserted. Figures go to the terminal and to ``bench/results/alerts.json``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import save_result

COUNTIES = ("东湖区", "西河县", "南山县", "北塔区", "中和市")


def circular(city: str, year: int, month: int, values: dict[int, float], rng: random.Random):
    """One circular: per project a whole-city figure and two lagging counties below it."""
    from synth.parsed import Figure, Month, Row
    from synth.parsed import month as parsed_month

    rows = [
        Row(
            no,
            f"第{no}项民生实事建设",
            figures=(
                Figure(value),
                *(
                    Figure(round(value * rng.uniform(0.4, 0.9), 2), county, behind=True)
                    for county in rng.sample(COUNTIES, 2)
                ),
            ),
        )
        for no, value in values.items()
    ]
    return parsed_month(Month(month, rows, year=year, city=city))


def build(path: Path, cities: int, years: int, projects: int) -> int:
    import warehouse
    from warehouse.loading import load_parse_result

    rng = random.Random(7)
    conn = warehouse.connect(path)
    facts = 0
    for c in range(cities):
        for year in range(2025 - years + 1, 2026):
            level = {no: rng.uniform(0, 10) for no in range(1, projects + 1)}
            for month in range(2, 13):
                for no in level:
                    fall = 15.0 if rng.random() < 0.03 else 0.0
                    level[no] = round(level[no] + rng.uniform(5, 9) - fall, 2)
                result = circular(f"城市{c + 1}", year, month, dict(level), rng)
                facts += len(result.facts)
                load_parse_result(
                    conn,
                    result,
                    source="bench",
                    filename=None,
                    fetched_at=datetime(2026, 1, 1),
                    load_id="bench",
                )
    conn.close()
    return facts


def measure(base: Path, work: Path) -> dict[str, float]:
    import warehouse
    from warehouse.alerts import evaluate
    from warehouse.projects import refresh_projects

    shutil.copy(base, work)
    conn = warehouse.connect(work)
    t0 = time.perf_counter()
    refresh_projects(conn)
    t1 = time.perf_counter()
    outcome = evaluate(conn)
    t2 = time.perf_counter()
    refresh_projects(conn)
    evaluate(conn)
    t3 = time.perf_counter()
    conn.close()
    work.unlink()
    return {"refresh": t1 - t0, "evaluate": t2 - t1, "again": t3 - t2, "alerts": len(outcome.new)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.alerts", description=__doc__)
    parser.add_argument("--cities", type=int, default=3)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--projects", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.duckdb"
        facts = build(base, args.cities, args.years, args.projects)
        runs = [measure(base, Path(tmp) / "work.duckdb") for _ in range(args.repeat)]
    best = {k: min(r[k] for r in runs) for k in ("refresh", "evaluate", "again")}
    result = {
        "circulars": args.cities * args.years * 11,
        "facts": facts,
        "alerts": runs[0]["alerts"],
        **{f"{k}_s": round(v, 3) for k, v in best.items()},
    }
    save_result("alerts", result)
    print(
        f"{result['circulars']} circulars, {facts} facts, {result['alerts']} alerts: "
        f"refresh {best['refresh']:.2f} s, first evaluate {best['evaluate']:.2f} s, "
        f"nothing new {best['again']:.2f} s (best of {args.repeat})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
