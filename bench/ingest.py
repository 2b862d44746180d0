"""``python -m bench.ingest``: ingest throughput in pages/s on ~100 generated PDF circulars.

The PDFs (nine cities × eleven months, rendered by ``synth``) are written once into
``bench/results/ingest-pdfs/``. Each run ingests them all into a fresh warehouse with
``flows.stages.ingest`` — hashing, archiving, parsing in ``workers`` processes, loading — with 1
and with 2 parse workers; poppler's ``pdftotext`` on the same files is timed beside it (text
extraction only, one process per file), and the ratio of the two for each number of workers.
Wall-clock time and CPU time (the parallel speed-up
shows in wall time only on an idle machine: the load average is printed). Nothing is
asserted. Figures go to the terminal and to ``bench/results/ingest.json``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import RESULTS, save_result

CORPUS = RESULTS / "ingest-pdfs"
YEARS = (2023, 2024)
CITY_YEARS = 9  # (city, year) pairs × 11 months = 99 PDFs


def build_corpus(folder: Path, city_years: int) -> list[Path]:
    import synth

    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("*.pdf"))
    if len(existing) == city_years * 11:
        return existing
    for path in existing:
        path.unlink()
    pairs = [(city, year) for year in YEARS for city in synth.CITIES][:city_years]
    for index, (city, year) in enumerate(pairs):
        corpus = synth.generate_year(city, year, seed=100 + index)
        synth.write_year(corpus, folder, formats="pdf", duplicates=False)
    for extra in folder.iterdir():
        if extra.suffix != ".pdf":
            extra.unlink()
    return sorted(folder.glob("*.pdf"))


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_ingest(folder: Path, workers: int) -> dict[str, float | int]:
    from flows.settings import HttpSettings
    from flows.stages import ingest
    from warehouse.connection import connect

    with tempfile.TemporaryDirectory(prefix="minsheng-bench-") as tmp:
        conn = connect(Path(tmp) / "w.duckdb")
        try:
            started, cpu = time.perf_counter(), cpu_seconds()
            report = ingest(
                conn,
                [str(folder)],
                archive_dir=Path(tmp) / "archive",
                http=HttpSettings(),
                workers=workers,
                trigger="bench",
            )
            seconds = time.perf_counter() - started
            cpu = cpu_seconds() - cpu
            (pages,) = conn.execute(
                "SELECT coalesce(sum(pages), 0) FROM documents WHERE status = 'parsed'"
            ).fetchone()
        finally:
            conn.close()
    return {
        "workers": workers,
        "documents": report.count("loaded"),
        "quarantined": report.count("quarantined"),
        "facts": report.facts,
        "pages": int(pages),
        "seconds": round(seconds, 2),
        # parse workers are children of the forkserver, not of this process: their CPU time
        # cannot be read here, so it is only given for the in-process run
        "cpu_seconds": round(cpu, 2) if workers == 1 else None,
        "pages_per_s": round(pages / seconds, 1),
        "pages_per_cpu_s": round(pages / cpu, 1) if workers == 1 else None,
    }


def run_pdftotext(files: list[Path], workers: int, pages: int) -> dict[str, float | int] | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None

    def one(path: Path) -> None:
        subprocess.run([tool, "-q", str(path), "-"], check=True, stdout=subprocess.DEVNULL)

    started, cpu = time.perf_counter(), cpu_seconds()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, files))
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu
    return {
        "workers": workers,
        "documents": len(files),
        "pages": pages,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "pages_per_s": round(pages / seconds, 1),
        "pages_per_cpu_s": round(pages / cpu, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest", description=__doc__)
    parser.add_argument(
        "--city-years", type=int, default=CITY_YEARS, help="(city, year) pairs × 11 PDFs"
    )
    args = parser.parse_args(argv)

    files = build_corpus(CORPUS, args.city_years)
    load = os.getloadavg()[0]
    print(f"{len(files)} PDFs in {CORPUS} · {os.cpu_count()} CPUs · load average {load:.1f}")
    rows = [run_ingest(files[0].parent, workers) for workers in (1, 2)]
    pages = int(rows[0]["pages"])
    poppler = [run_pdftotext(files, workers, pages) for workers in (1, 2)]

    print(f"{'tool':<22}{'workers':>8}{'pages':>7}{'wall s':>8}{'pages/s':>9}{'pages/cpu-s':>12}")
    labelled = [("minsheng ingest", r) for r in rows]
    labelled += [("pdftotext (text only)", r) for r in poppler if r is not None]
    for label, row in labelled:
        print(
            f"{label:<22}{row['workers']:>8}{row['pages']:>7}{row['seconds']:>8}"
            f"{row['pages_per_s']:>9}{row['pages_per_cpu_s'] or '–':>12}"
        )
    if poppler[0] is None:
        print("pdftotext not installed (apt-get install poppler-utils): skipped")
    ratios = {}
    for row, reference in zip(rows, poppler, strict=True):
        if reference and reference["seconds"]:
            ratios[int(row["workers"])] = float(row["seconds"]) / float(reference["seconds"])
            print(
                f"minsheng ingest / pdftotext with {row['workers']} worker(s), wall time: "
                f"×{ratios[int(row['workers'])]:.1f}"
            )
    speedup = rows[0]["seconds"] / rows[1]["seconds"] if rows[1]["seconds"] else 0.0
    print(f"2 workers vs 1: ×{speedup:.2f}")
    out = save_result(
        "ingest",
        {
            "ingest": rows,
            "pdftotext": [p for p in poppler if p],
            "vs_pdftotext": ratios,
            "speedup_2_vs_1": speedup,
        },
    )
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
