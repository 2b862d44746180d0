"""The README's screenshots of the report, on a desktop (1400 px) and a phone (360 px).

Run after ``make demo``, with Debian's ``chromium`` installed:
``.venv/bin/python docs/screenshots.py`` writes ``docs/report.png`` and ``docs/report-phone.png``
from ``data/minsheng.duckdb``. Headless Chromium's window is at least 500 px wide, so the phone
shot frames the page 360 px wide and keeps that part of the picture.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

from report.html import write_report
from warehouse.connection import connect

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run")


def shoot(chromium: str, url: str, out: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={out}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("screenshots: chromium is not installed (apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        page = folder / "report.html"
        conn = connect(ROOT / "data" / "minsheng.duckdb", read_only=True)
        try:
            write_report(conn, page)
        finally:
            conn.close()
        shoot(chromium, page.as_uri(), ROOT / "docs" / "report.png", 1400, 1240)
        frame = folder / "phone.html"
        frame.write_text(
            '<!DOCTYPE html><html><body style="margin:0"><iframe src="report.html" '
            'style="width:360px;height:1560px;border:0"></iframe></body></html>',
            encoding="utf-8",
        )
        wide = folder / "phone.png"
        shoot(chromium, frame.as_uri(), wide, 500, 1560)
        with Image.open(wide) as image:
            image.crop((0, 0, 360, 1560)).save(ROOT / "docs" / "report-phone.png", optimize=True)
    print("screenshots: docs/report.png, docs/report-phone.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
