"""Inline SVG line charts of progress against 序时进度, drawn in Python (no script, no CDN).

A chart spans January to December of one year: each series is a polyline with a point per
period (``circle.point``, a ``title`` tooltip with the figure and its source, a link to the
source list), drops are marked with a red triangle (``path.drop``), figures the circular flags as
behind schedule get a ring (``circle.behind``), and the pace line runs from 1/12 to 100%.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

WIDTH = 660
HEIGHT = 250
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 20, 34
PALETTE = (
    "#1f6fb2",
    "#e08a1e",
    "#2a9d5b",
    "#8e44ad",
    "#8c564b",
    "#16a3b8",
    "#7f8c8d",
    "#b7950b",
)
PACE_COLOUR = "#9aa5b1"
DROP_COLOUR = "#d62728"


@dataclass(frozen=True)
class ChartPoint:
    month: int
    value: float
    tooltip: str
    href: str | None = None
    drop: bool = False
    behind: bool = False


@dataclass
class ChartSeries:
    label: str
    points: list[ChartPoint] = field(default_factory=list)
    colour: str = PALETTE[0]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def y_max(series: Sequence[ChartSeries]) -> float:
    """The top of the value axis: 100%, or the next multiple of 20 above the largest figure."""
    top = max((p.value for s in series for p in s.points), default=100.0)
    return max(100.0, math.ceil(top / 20.0) * 20.0)


def line_chart(series: Sequence[ChartSeries], *, label: str, year: int) -> str:
    """An ``<svg class="chart">`` with one line per series and the 序时进度 line."""
    top = y_max(series)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(month: float) -> float:
        return LEFT + (month - 1) / 11 * plot_w

    def y(value: float) -> float:
        clipped = max(0.0, min(value, top))
        return TOP + plot_h - clipped / top * plot_h

    out: list[str] = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(label)}">'
    ]
    # grid and value axis
    steps = max(1, round(top / 20))  # a grid line every 20 points
    for i in range(steps + 1):
        value = top * i / steps
        yy = y(value)
        out.append(
            f'<line class="grid" x1="{LEFT}" y1="{yy:.1f}" x2="{WIDTH - RIGHT}" y2="{yy:.1f}"/>'
        )
        out.append(
            f'<text class="axis" x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end">'
            f"{_fmt(value)}%</text>"
        )
    for month in range(1, 13):
        out.append(
            f'<text class="axis" x="{x(month):.1f}" y="{HEIGHT - 10}" text-anchor="middle">'
            f"{month}月</text>"
        )
    # 序时进度: month / 12 of the year
    pace = " ".join(f"{x(m):.1f},{y(m / 12 * 100):.1f}" for m in range(1, 13))
    out.append(
        f'<polyline class="pace" points="{pace}" fill="none" stroke="{PACE_COLOUR}" '
        'stroke-dasharray="5 4" stroke-width="1.5"><title>序时进度（月份/12）</title></polyline>'
    )
    out.append(
        f'<text class="pace-label" x="{x(12) - 4:.1f}" y="{y(100) - 4:.1f}" '
        f'text-anchor="end" fill="{PACE_COLOUR}">序时进度</text>'
    )
    for s in series:
        pts = sorted(s.points, key=lambda p: p.month)
        if len(pts) > 1:
            line = " ".join(f"{x(p.month):.1f},{y(p.value):.1f}" for p in pts)
            out.append(
                f'<polyline class="series" data-series="{escape(s.label)}" points="{line}" '
                f'fill="none" stroke="{s.colour}" stroke-width="2"/>'
            )
        for p in pts:
            px, py = x(p.month), y(p.value)
            tip = f"<title>{escape(p.tooltip)}</title>"
            marks = [
                f'<circle class="point" data-series="{escape(s.label)}" data-month="{p.month}" '
                f'data-value="{p.value:g}" cx="{px:.1f}" cy="{py:.1f}" r="3.5" '
                f'fill="{s.colour}">{tip}</circle>'
            ]
            if p.behind:
                marks.append(
                    f'<circle class="behind" cx="{px:.1f}" cy="{py:.1f}" r="7" fill="none" '
                    f'stroke="{DROP_COLOUR}" stroke-width="1.5">{tip}</circle>'
                )
            if p.drop:
                marks.append(
                    f'<path class="drop" d="M{px - 6:.1f},{py + 8:.1f} h12 l-6,9 z" '
                    f'fill="{DROP_COLOUR}">{tip}</path>'
                )
            body = "".join(marks)
            if p.href:
                body = f'<a href="{escape(p.href)}">{body}</a>'
            out.append(body)
    out.append(f'<text class="year" x="{LEFT}" y="{TOP - 2}" fill="#555">{year}年</text>')
    out.append("</svg>")
    return "".join(out)
