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


# Measures the page as laid out, in the page itself: how far the document is wider than the
# window, the first elements sticking out (outside any scrolling box), the smallest chart text
# as drawn and the narrowest cell of the alerts table. Headless Chromium's window is at least
# 500 px wide, so the page is shown in a frame of the width wanted, and the figures are written
# on the <body> of the framing page for --dump-dom to show.
MEASURE = """
<script>
(function () {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const out = [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && !scrolls(e))
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + "." + (e.getAttribute("class") || ""));
  const texts = [...document.querySelectorAll("svg.chart text")]
    .map((e) => e.getBoundingClientRect().height).filter((h) => h > 0);
  const cells = [...document.querySelectorAll("table.alerts td")]
    .map((e) => e.getBoundingClientRect().width).filter((w) => w > 0);
  const body = parent.document.body;
  body.dataset.viewport = String(width);
  body.dataset.overflow = String(document.documentElement.scrollWidth - width);
  body.dataset.sticking = out.join(" ");
  body.dataset.smallestText = String(Math.min(...texts));
  body.dataset.narrowestCell = String(Math.min(...cells));
})();
</script>
"""


def framed(page: Path, folder: Path, width: int, height: int, script: str = "") -> Path:
    """A page showing ``page`` (plus ``script``) in a frame ``width`` px wide."""
    probe = folder / f"{page.stem}-{width}.html"
    probe.write_text(
        page.read_text("utf-8").replace("</body>", script + "</body>"), encoding="utf-8"
    )
    frame = folder / f"frame-{width}.html"
    frame.write_text(
        f'<!DOCTYPE html><html><body style="margin:0"><iframe src="{probe.name}" '
        f'style="width:{width}px;height:{height}px;border:0"></iframe></body></html>',
        encoding="utf-8",
    )
    return frame


def measure(page: Path, tmp_path: Path, width: int) -> dict[str, str]:
    frame = framed(page, tmp_path, width, 900, MEASURE)
    done = chromium(
        "--allow-file-access-from-files",
        f"--window-size={max(width, 500)},900",
        "--dump-dom",
        frame.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    [body] = parse(done.stdout).having("body")
    return {k.removeprefix("data-"): v for k, v in body.items() if k.startswith("data-")}


@pytest.mark.parametrize("width", [360, 1400])
def test_the_report_fits_the_window_on_a_phone_and_a_desktop(
    page: Path, tmp_path: Path, width: int
) -> None:
    seen = measure(page, tmp_path, width)
    assert width - 20 <= int(seen["viewport"]) <= width  # less a scroll bar
    assert seen["overflow"] == "0", f"wider than the window by {seen['overflow']} px: {seen}"
    assert seen["sticking"] == ""
    # chart labels stay readable, and no alert cell is squeezed to a character per line
    assert float(seen["smallest-text"]) >= 9.0, seen
    assert float(seen["narrowest-cell"]) >= 48.0, seen
