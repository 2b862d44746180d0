"""The report as a browser shows it: headless Chromium renders the charts, offline, error-free.

Needs the Debian package ``chromium`` (``apt-get install -y chromium``); skipped without it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from report.html import write_report
from tests.report.test_html import NOW, parse
from warehouse.connection import connect

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="headless Chromium is not installed (apt-get install -y chromium)"
    ),
]


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


@pytest.fixture(scope="module")
def page(warehouse_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    conn = connect(warehouse_file, read_only=True)
    try:
        write_report(conn, out, now=NOW)
    finally:
        conn.close()
    return out


def test_chromium_renders_every_chart_and_point(page: Path) -> None:
    done = chromium("--dump-dom", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = parse(done.stdout)
    assert len(dom.having("svg", "chart")) == 3
    assert len(dom.having("circle", "point")) == 27
    assert len(dom.having("path", "drop")) == 2
    # nothing failed to load and no script error was reported
    for complaint in ("Uncaught", "ERR_", "Failed to load resource", "Refused to"):
        assert complaint not in done.stderr


def test_chromium_screenshot_shows_the_charts(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = chromium("--window-size=1400,1800", f"--screenshot={shot}", page.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    image_module = pytest.importorskip("PIL.Image", reason="Pillow reads the screenshot")

    with image_module.open(shot) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    # the drop markers' red and the first series' blue are on the page
    assert any(r > 200 and g < 60 and b < 60 for _, (r, g, b) in colours)
    assert any(
        abs(r - 0x1F) < 12 and abs(g - 0x6F) < 12 and abs(b - 0xB2) < 12 for _, (r, g, b) in colours
    )
