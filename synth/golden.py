"""Year-level ground truth: the month-over-month drops the circulars show, and the planted events.

A drop is a value lower (by more than 0.01 points) than the value of the same series in the
series' previous period that had a value. A series is (level, project_no, project under its first
name of the year, indicator, county); a month in which it has no figure is skipped.
"""

from __future__ import annotations

import itertools
from typing import Any

from synth.model import Circular, YearPlan

DROP_TOLERANCE = 0.01
SeriesPoints = dict[tuple[Any, ...], list[tuple[int, float]]]


def _canonical_names(plan: YearPlan) -> dict[tuple[str, int], str]:
    names = {("province", p.no): p.spec.name for p in plan.projects}
    return names


def series_points(
    circulars: list[Circular], plan: YearPlan
) -> dict[tuple, list[tuple[int, float]]]:  # type: ignore[type-arg]
    """Each series' (month, value) points, from the attachment facts of each circular."""
    canonical = _canonical_names(plan)
    points: SeriesPoints = {}
    for c in sorted(circulars, key=lambda c: c.month):
        seen: set[tuple[Any, ...]] = set()
        for f in c.golden["facts"]:
            if f["section"] == "body":
                continue
            name = canonical.get((f["level"], f["project_no"]), "".join(f["project"].split()))
            key = (f["level"], f["project_no"], name, f["indicator"], f["county"])
            if key in seen:
                continue
            seen.add(key)
            points.setdefault(key, []).append((c.month, f["value"]))
    return points


def expected_drops(circulars: list[Circular], plan: YearPlan) -> list[dict[str, Any]]:
    drops = []
    for (level, no, name, indicator, county), pts in series_points(circulars, plan).items():
        for (m0, v0), (m1, v1) in itertools.pairwise(pts):
            if v1 < v0 - DROP_TOLERANCE:
                drops.append(
                    {
                        "level": level,
                        "project_no": no,
                        "project": name,
                        "indicator": indicator,
                        "county": county,
                        "from_period": f"{plan.year}-{m0:02d}",
                        "to_period": f"{plan.year}-{m1:02d}",
                        "from_value": v0,
                        "to_value": v1,
                    }
                )
    return sorted(drops, key=lambda d: (d["to_period"], d["level"], d["project_no"]))


def events_json(plan: YearPlan) -> list[dict[str, Any]]:
    out = []
    for e in sorted(plan.events, key=lambda e: (e.month, e.kind)):
        item: dict[str, Any] = {"kind": e.kind, "period": f"{plan.year}-{e.month:02d}"}
        if e.key is not None:
            item.update(
                level=e.key.level,
                project_no=e.key.project_no,
                indicator=e.key.indicator,
                county=e.key.county,
            )
        item.update(e.detail)
        item["kind"] = e.kind
        if "from_month" in item:
            item["from_period"] = f"{plan.year}-{item.pop('from_month'):02d}"
        out.append(item)
    return out


def completion_events(circulars: list[Circular], year: int) -> list[dict[str, Any]]:
    """Province projects whose figure gives way to "已完成…" with no percentage (not a drop)."""
    had_figure: set[int] = set()
    done: set[int] = set()
    out = []
    for c in sorted(circulars, key=lambda c: c.month):
        for item in c.golden["completed_without_percent"]:
            no = item["project_no"]
            if no in had_figure and no not in done:
                done.add(no)
                out.append(
                    {"kind": "completed", "period": f"{year}-{c.month:02d}", "level": "province",
                     "project_no": no, "project": item["project"], "text": item["text"]}
                )  # fmt: skip
        had_figure |= {
            f["project_no"]
            for f in c.golden["facts"]
            if f["level"] == "province" and f["section"] == "attachment1"
        }
    return out
