"""OCR accuracy and speed: scans of the project's own circulars read back, beside the text layer.

Run from the repository root::

    python -m bench.ocr                 # generated circulars and the golden 邵阳 PDF
    python -m bench.ocr --circulars 4   # fewer circulars, quicker
    python -m bench.ocr --only 常德市-2025-09 --only shaoyang   # the circulars so named

Each circular (``synth`` generated ones, and ``../shared/corpus/shaoyang-2024-09.pdf`` when
present) is parsed from its text layer, then turned into an image-only PDF (``synth.scan``:
rendered at 200 dpi, turned 0.6°, speckled, a red seal stamped over the text of its last page)
and parsed again through OCR. Facts are compared on (level, project number, county, value):

- ``F1``: the OCR path's facts against the text-layer path's;
- ``wrong unflagged``: OCR facts with no text-layer twin that are not flagged ``needs_review``
  (should be 0: a figure read wrongly must be flagged);
- ``flagged``: OCR facts flagged ``needs_review``;
- ``s/page``: CPU seconds of OCR per page (rendering, recognition and layout; one thread), and
  wall seconds per page with ``--workers`` circulars read at once (2: one per core), the
  workers' OCR wall time shared out.

Figures are printed and written to ``bench/results/ocr.json``. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from bench import RESULTS, save_result

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_PDF = ROOT.parent / "shared" / "corpus" / "shaoyang-2024-09.pdf"
TARGET_SECONDS_PER_PAGE = 2.0


def _key(f: Any) -> tuple[Any, ...]:
    return (f.level, f.project_no, f.county, round(float(f.value), 2))


def circulars(count: int) -> list[tuple[str, bytes]]:
    """``count`` generated circulars (several cities and months) and the golden PDF."""
    from synth.corpus import generate_year
    from synth.render_pdf import render_pdf

    out: list[tuple[str, bytes]] = []
    plans = [("衡阳市", 7), ("岳阳市", 11), ("常德市", 3)]
    months = [3, 6, 9, 12]
    for k in range(count):
        city, seed = plans[k % len(plans)]
        month = months[(k // len(plans)) % len(months)]
        year = generate_year(city, 2025, seed=seed, months=[month])
        doc = year.circulars[0].document
        out.append((f"{city}-2025-{month:02d}", render_pdf(doc, title=f"{city}{month}")))
    if GOLDEN_PDF.exists():
        out.append(("shaoyang-2024-09", GOLDEN_PDF.read_bytes()))
    return out


def measure(name: str, data: bytes, dpi: int) -> dict[str, Any]:
    from parsers import parse_document
    from parsers.readers import read_bytes
    from synth.scan import scan_pdf

    truth = Counter(_key(f) for f in parse_document(read_bytes(data, f"{name}.pdf")).facts)
    scanned = scan_pdf(data, dpi=dpi, seed=len(name))
    started, wall = time.process_time(), time.perf_counter()
    doc = read_bytes(scanned, f"{name}-scan.pdf")
    seconds, wall = time.process_time() - started, time.perf_counter() - wall
    result = parse_document(doc)
    found = Counter(_key(f) for f in result.facts)
    wrong = found - truth
    unflagged = Counter(_key(f) for f in result.facts if not f.needs_review)
    return {
        "name": name,
        "pages": doc.pages,
        "ocr_pages": len(doc.ocr_pages),
        "seconds": round(seconds, 2),
        "wall": round(wall, 2),
        "expected": sum(truth.values()),
        "found": sum(found.values()),
        "matched": sum((found & truth).values()),
        "flagged": sum(f.needs_review for f in result.facts),
        "wrong_unflagged": sum((wrong & unflagged).values()),
        "wrong": sorted(map(str, wrong.elements()))[:10],
        "missed": sorted(map(str, (truth - found).elements()))[:10],
    }


def page_seconds(dpi: int = 200) -> dict[str, Any]:
    """OCR's CPU seconds per page on one scanned generated circular, for ``python -m bench``."""
    from parsers.ocr_engine import missing
    from parsers.readers import read_bytes
    from synth.scan import scan_pdf

    if (why := missing()) is not None:
        return {"missing": why}
    name, data = circulars(1)[0]
    scanned = scan_pdf(data, dpi=dpi, seed=len(name))
    read_bytes(scanned, "warm-up.pdf")  # loads the models
    started = time.process_time()
    doc = read_bytes(scanned, f"{name}-scan.pdf")
    seconds = time.process_time() - started
    return {
        "file": f"{name}-scan.pdf",
        "pages": len(doc.ocr_pages),
        "cpu_seconds_per_page": round(seconds / max(len(doc.ocr_pages), 1), 2),
        "target_seconds_per_page": TARGET_SECONDS_PER_PAGE,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ocr", description=__doc__)
    parser.add_argument("--circulars", type=int, default=12, help="generated circulars to scan")
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the scans")
    parser.add_argument("--workers", type=int, default=2, help="circulars read at once")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        help="read only the circulars whose name holds this (repeatable)",
    )
    args = parser.parse_args(argv)
    from parsers.ocr_engine import missing

    if (why := missing()) is not None:
        print(f"bench.ocr: {why}")
        return 1
    rows = []
    started = time.perf_counter()
    # spawned workers: OpenCV's and onnxruntime's threads do not survive a fork of a process
    # that loaded them (the ruled tables of some pages came out empty)
    with ProcessPoolExecutor(args.workers, mp_context=get_context("spawn")) as pool:
        chosen = [
            (name, data)
            for name, data in circulars(args.circulars)
            if not args.only or any(part in name for part in args.only)
        ]
        futures = [pool.submit(measure, name, data, args.dpi) for name, data in chosen]
        done = [f.result() for f in futures]
    elapsed = time.perf_counter() - started
    for row in done:
        rows.append(row)
        cpu = row["seconds"] / max(row["ocr_pages"], 1)
        print(
            f"{row['name']:24} {row['pages']:3} p  {cpu:5.1f} s/page"
            f"  {row['matched']}/{row['found']} of {row['expected']}"
            f"  flagged {row['flagged']}  wrong unflagged {row['wrong_unflagged']}",
            flush=True,
        )
    matched = sum(r["matched"] for r in rows)
    found = sum(r["found"] for r in rows)
    expected = sum(r["expected"] for r in rows)
    p = matched / found if found else 0.0
    r = matched / expected if expected else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    pages = sum(x["ocr_pages"] for x in rows)
    per_page = sum(x["seconds"] for x in rows) / max(pages, 1)
    # the workers' OCR wall time shared out: what a page costs a run of that many workers
    wall_per_page = sum(x["wall"] for x in rows) / args.workers / max(pages, 1)
    summary = {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f1, 4),
        "wrong_unflagged": sum(x["wrong_unflagged"] for x in rows),
        "flagged": sum(x["flagged"] for x in rows),
        "ocr_pages": pages,
        "cpu_seconds_per_page": round(per_page, 2),
        "workers": args.workers,
        "wall_seconds_per_page": round(wall_per_page, 2),
        "elapsed_seconds": round(elapsed, 1),
        "target_seconds_per_page": TARGET_SECONDS_PER_PAGE,
        "dpi": args.dpi,
    }
    print(
        f"facts P={p:.3f} R={r:.3f} F1={f1:.3f}; wrong unflagged {summary['wrong_unflagged']};"
        f" flagged {summary['flagged']}; OCR {per_page:.1f} CPU s/page,"
        f" {wall_per_page:.1f} wall s/page on {args.workers} workers, over {pages} pages"
        f" (goal {TARGET_SECONDS_PER_PAGE} s)"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    save_result("ocr", {"summary": summary, "circulars": rows})
    print(f"written {RESULTS / 'ocr.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
