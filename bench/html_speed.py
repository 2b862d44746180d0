"""HTML reading speed: the article pages of portals, beside lxml's bare parse and the same
circulars read as text.

Run from the repository root::

    python -m bench.html_speed

It writes synthetic circulars (``synth``) as text and sets them in portal article pages
(``synth.render_html``): one month's circular, and a long page of twelve months run together.
Each input is measured in this process, once per tool:

- ``read``  ``parsers.readers.read_bytes`` on the page: decode, find the article, build items;
- ``parse`` ``parsers.parse_bytes`` on the page: read + parse, what the pipeline does per file;
- ``text``  ``parsers.readers.read_bytes`` on the circular's text form, the same content;
- ``lxml``  ``lxml.html.document_fromstring(page).text_content()``: the HTML parse alone, as a
  yardstick of what any lxml-based reader pays.

Time is CPU time, the best of several runs after a warm-up. Figures go to the terminal and to
``bench/results/html_speed.json``. Nothing is asserted: speed is reported, not tested.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import RESULTS, save_result

TOOLS = ("read", "parse", "text", "lxml")
CITY = "衡阳市"


def build_inputs(out: Path) -> dict[str, tuple[bytes, bytes]]:
    """Name → (page bytes, text bytes): one month, and twelve months on one page."""
    from synth.corpus import generate_year, write_year
    from synth.render_html import render_html

    folder = out / "html_speed"
    written = write_year(
        generate_year(CITY, 2025, seed=7, months=list(range(1, 13))),
        folder,
        formats="txt:utf-8",
        duplicates=False,
        truth_dir=folder / "truth",
    )
    texts = [p.read_text("utf-8") for p in sorted(written) if p.suffix == ".txt"]
    one, year = texts[0], "\n".join(texts)
    made = {}
    for name, text in (("one-month", one), ("twelve-months", year)):
        page = render_html(text, published="2025-02-10", source=f"{CITY}民生实事办公室")
        made[name] = (page.encode("utf-8"), text.encode("utf-8"))
    return made


def _tool(tool: str, page: bytes, text: bytes) -> Callable[[], Any]:
    import lxml.html

    from parsers import parse_bytes
    from parsers.readers import read_bytes

    return {
        "read": lambda: read_bytes(page, "page.html"),
        "parse": lambda: parse_bytes(page, "page.html"),
        "text": lambda: read_bytes(text, "page.txt"),
        "lxml": lambda: lxml.html.document_fromstring(page).text_content(),
    }[tool]


def measure(run: Callable[[], Any], repeat: int) -> float:
    run()  # warm-up: imports and regex compiling are not per page
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        run()
        best = min(best, time.process_time() - start)
    return best


def run(repeat: int = 7) -> dict[str, Any]:
    rows = []
    for name, (page, text) in build_inputs(RESULTS).items():
        for tool in TOOLS:
            seconds = measure(_tool(tool, page, text), repeat)
            size = len(text if tool == "text" else page)
            rows.append(
                {"input": name, "tool": tool, "bytes": size, "seconds": seconds,
                 "mb_per_second": size / 1e6 / seconds if seconds else None}
            )  # fmt: skip
    report = {"python": platform.python_version(), "machine": platform.machine(), "rows": rows}
    save_result("html_speed", report)
    return report


def render(report: dict[str, Any]) -> str:
    lines = [
        f"HTML reading speed (Python {report['python']}, {report['machine']}, one process)",
        f"{'input':14} {'tool':6} {'KB':>7} {'CPU ms':>8} {'MB/s':>7}",
    ]
    for row in report["rows"]:
        rate = f"{row['mb_per_second']:7.2f}" if row["mb_per_second"] else "      -"
        lines.append(
            f"{row['input']:14} {row['tool']:6} {row['bytes'] / 1e3:7.1f} "
            f"{row['seconds'] * 1e3:8.1f} {rate}"
        )
    lines.append("CPU time, best of 7 after a warm-up. Results: bench/results/html_speed.json")
    return "\n".join(lines)


def main() -> int:
    print(render(run()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
