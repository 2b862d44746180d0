"""Parse speed: pages per second and peak memory of a full parse, beside ``pdftotext``.

Run from the repository root::

    python -m bench            # or: make bench

It renders two synthetic circulars with the ``synth`` generator (a short one of about 6
pages and a long one of about 60, made by running several months' circulars together) into
``bench/results/``, then measures each file in a fresh subprocess, once per tool:

- ``parse``     ``parsers.parse_path``: read + parse, what the pipeline does per file;
- ``read``      ``parsers.readers.read_path`` alone, to show the reader's share (PDFium, with
                pdfplumber for the pages PDFium's mapping does not cover);
- ``read-plumber`` the same reader with pdfplumber reading every page, as it did before;
- ``pdftotext`` poppler's ``pdftotext`` on the same file, as a yardstick.

Time is CPU time (user + system), the median of five runs after a warm-up, in one process on
one core: CPU time stays true when other work shares the machine; wall time is recorded too,
in the JSON. Each row gives its time over ``pdftotext``'s on the same file (``× pdftotext``).
 Memory is the peak
resident set of the measuring process (``ru_maxrss``), and its growth over the process right
after the imports: flat in page count means pages are not kept. Figures are written to
``bench/results/parse_speed.json``. Nothing here is asserted: speed is reported, not tested.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import RESULTS, save_result

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("parse", "read", "read-plumber", "pdftotext")
TARGET_PAGES_PER_SECOND = 20


def _maxrss_kib(who: int = resource.RUSAGE_SELF) -> int:
    # Linux reports KiB, macOS bytes
    rss = resource.getrusage(who).ru_maxrss
    return rss // 1024 if sys.platform == "darwin" else rss


def build_inputs(out: Path, targets: tuple[int, ...] = (6, 60)) -> dict[int, Path]:
    """Synthetic circular PDFs of at least ``targets`` pages each (several months run together)."""
    import pdfplumber

    from synth.corpus import generate_year
    from synth.document import PageBreak
    from synth.model import Document
    from synth.render_pdf import render_pdf

    out.mkdir(parents=True, exist_ok=True)
    months = list(range(1, 13))
    circulars = [
        c
        for seed in (7, 11)
        for city in ("衡阳市", "岳阳市")
        for c in generate_year(city, 2025, seed=seed, months=months).circulars
    ]
    made: dict[int, Path] = {}
    for target in targets:
        blocks: list[Any] = []
        pages, data = 0, b""
        for circular in circulars:
            # whole circulars while far from the target, then block by block
            steps = (
                [circular.document.blocks]
                if pages < target - 8
                else [[b] for b in circular.document.blocks]
            )
            if blocks:
                blocks.append(PageBreak())
            for step in steps:
                blocks.extend(step)
                data = render_pdf(Document(blocks=blocks, page_numbers=True), title="bench")
                with pdfplumber.open(_bytes_io(data)) as pdf:
                    pages = len(pdf.pages)
                if pages >= target:
                    break
            if pages >= target:
                break
        path = out / f"circular-{pages}p.pdf"
        path.write_bytes(data)
        made[target] = path
    return made


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def measure(tool: str, path: Path, repeat: int) -> dict[str, Any]:
    """Run one tool on one file in this process; call in a fresh subprocess per measurement."""
    if tool == "pdftotext":
        binary = shutil.which("pdftotext")
        if binary is None:
            return {"missing": "pdftotext not found (apt-get install poppler-utils)"}
        run = lambda: subprocess.run([binary, str(path), "-"], check=True, capture_output=True)  # noqa: E731
        baseline = 0
    else:
        if tool == "parse":
            try:
                from parsers import parse_path as run_one
            except ImportError:
                return {"missing": "parsers.parse_path is not available"}
        elif tool == "read-plumber":
            from functools import partial

            from parsers.readers import read_bytes

            run_one = partial(read_bytes_path, read_bytes)
        else:
            from parsers.readers import read_path as run_one
        run = lambda: run_one(path)  # noqa: E731
        baseline = _maxrss_kib()
    run()  # warm-up: first-call costs (font maps, regex compiling) are not per page
    walls, cpus = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), _cpu(tool)
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu(tool) - start_cpu)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    peak = _maxrss_kib(resource.RUSAGE_CHILDREN if tool == "pdftotext" else resource.RUSAGE_SELF)
    return {
        "seconds": cpu,
        "best_seconds": min(cpus),
        "wall_seconds": wall,
        "peak_kib": peak,
        "growth_kib": peak - baseline if baseline else None,
    }


def read_bytes_path(read_bytes: Any, path: Path) -> Any:
    """Read ``path`` with pdfplumber reading every page of a PDF."""
    return read_bytes(path.read_bytes(), path.name, pdf_engine="pdfplumber")


def _cpu(tool: str) -> float:
    """CPU seconds used so far by this process, or by its children for an external tool."""
    if tool == "pdftotext":
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    return time.process_time()


def _pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def _worker(tool: str, path: Path, repeat: int) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.parse_speed", "--worker", tool, str(path), str(repeat)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        return {"missing": f"failed: {last}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run(repeat_small: int = 5, repeat_large: int = 5) -> dict[str, Any]:
    inputs = build_inputs(RESULTS)
    rows = []
    for target, path in sorted(inputs.items()):
        pages = _pages(path)
        for tool in TOOLS:
            result = _worker(tool, path, repeat_small if target < 20 else repeat_large)
            result.update(file=path.name, pages=pages, tool=tool)
            if "seconds" in result:
                result["pages_per_second"] = pages / result["seconds"]
            rows.append(result)
        reference = rows[-1].get("seconds")  # pdftotext, measured last for the file
        for row in rows[-len(TOOLS) :]:
            if reference and "seconds" in row:
                row["vs_pdftotext"] = row["seconds"] / reference
    from bench.ocr import page_seconds

    report = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "rows": rows,
        "ocr": page_seconds(),
    }
    save_result("parse_speed", report)
    return report


def render(report: dict[str, Any]) -> str:
    lines = [
        f"parse speed (Python {report['python']}, {report['machine']}, one process)",
        f"{'file':22} {'pages':>5} {'tool':12} {'CPU s':>8} {'pages/s':>8} "
        f"{'× pdftotext':>11} {'peak MiB':>9} {'growth MiB':>10}",
    ]
    for row in report["rows"]:
        head = f"{row['file']:22} {row['pages']:>5} {row['tool']:12}"
        if "missing" in row:
            lines.append(f"{head} {row['missing']}")
            continue
        growth = "" if row["growth_kib"] is None else f"{row['growth_kib'] / 1024:10.1f}"
        ratio = f"{row['vs_pdftotext']:11.1f}" if "vs_pdftotext" in row else f"{'':11}"
        lines.append(
            f"{head} {row['seconds']:8.3f} {row['pages_per_second']:8.1f} {ratio} "
            f"{row['peak_kib'] / 1024:9.1f} {growth}"
        )
    full = [r for r in report["rows"] if r["tool"] == "parse" and "pages_per_second" in r]
    if full:
        slowest = min(r["pages_per_second"] for r in full)
        verdict = "met" if slowest >= TARGET_PAGES_PER_SECOND else "NOT met"
        lines.append(
            f"full parse: {slowest:.1f} pages/s at the slowest; "
            f"target {TARGET_PAGES_PER_SECOND} pages/s on one core {verdict}"
        )
    ocr = report.get("ocr", {})
    if "missing" in ocr:
        lines.append(f"OCR: {ocr['missing']}")
    elif ocr:
        lines.append(
            f"OCR of a scanned circular ({ocr['file']}, {ocr['pages']} pages): "
            f"{ocr['cpu_seconds_per_page']:.1f} CPU s/page, goal {ocr['target_seconds_per_page']}"
            " (python -m bench.ocr: accuracy and wall time on 2 workers)"
        )
    lines.append(
        "CPU s = median of 5 runs after a warm-up; × pdftotext = CPU time over pdftotext's on the "
        "same file in this run"
    )
    lines.append(
        "peak = max resident set of the measuring process (pdftotext: its own); growth = peak "
        "over the process after imports. Results: bench/results/parse_speed.json"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--worker", nargs=3, metavar=("TOOL", "PDF", "REPEAT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.worker:
        tool, path, repeat = args.worker
        print(json.dumps(measure(tool, Path(path), int(repeat))))
        return 0
    print(render(run()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
