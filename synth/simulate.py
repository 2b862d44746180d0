"""Plan a city-year: pick projects and city items, simulate cumulative progress, plant events.

Progress is cumulative, so every series rises month by month; the only falls are the planted drops,
which are declared as events. All randomness comes from string-seeded ``random.Random`` instances,
so a plan depends only on (city, year, seed, months).
"""

from __future__ import annotations

import itertools
import random

from synth.catalogue import CATEGORIES
from synth.catalogue_city import CITY_GOALS, CITY_ITEMS, DROP_REASONS
from synth.geography import CityInfo
from synth.model import (
    CityItemSpec,
    CityRow,
    PlannedEvent,
    Project,
    SeriesKey,
    YearPlan,
)

MONTHS = range(1, 13)
STAGE_STEP = 10.0


def rng_for(seed: int, city: str, year: int, purpose: str) -> random.Random:
    return random.Random(f"synth:{seed}:{city}:{year}:{purpose}")


def pace(month: int) -> float:
    """序时进度: the share of the year gone by at the end of ``month``."""
    return round(month / 12 * 100, 2)


def cumulative_curve(
    rng: random.Random, *, final: float, shape: float, done_by: int | None = None
) -> dict[int, float]:
    """A rising cumulative percentage per month reaching ``final`` in December."""
    weights = []
    for m in MONTHS:
        w = (m**shape - (m - 1) ** shape) * rng.uniform(0.5, 1.5)
        if done_by is not None and m > done_by:
            w *= 0.03
        weights.append(w)
    total = sum(weights)
    out: dict[int, float] = {}
    acc = 0.0
    for m, w in zip(MONTHS, weights, strict=True):
        acc += w
        out[m] = round(acc / total * final, 2)
    return out


def stage_curve(rng: random.Random, *, done_by: int) -> dict[int, float]:
    """A construction unit's 形象进度 in steps of ten, 100 by ``done_by`` (or stuck at 90)."""
    value = rng.choice([10.0, 20.0])
    out: dict[int, float] = {}
    steps_needed = (100.0 - value) / STAGE_STEP
    for m in MONTHS:
        if m > 1 and value < 100.0:
            left = max(done_by - m + 1, 1)
            if rng.random() < min(1.0, steps_needed / left + 0.1):
                value = min(100.0, value + STAGE_STEP * rng.choice([1, 1, 2]))
        out[m] = value
    return out


def _pick_projects(rng: random.Random) -> list[tuple[int, int, str, int]]:
    """Chosen projects: 8–10 categories, 15–24 projects, every kind of event possible."""
    n_cat = rng.randint(8, min(10, len(CATEGORIES)))
    cats = sorted(rng.sample(range(len(CATEGORIES)), n_cat))
    chosen: set[tuple[int, int]] = set()
    for ci in cats:
        projects = CATEGORIES[ci].projects
        k = rng.randint(1, len(projects))
        chosen.update((ci, pi) for pi in sorted(rng.sample(range(len(projects)), k)))
    pool = [(ci, pi) for ci in cats for pi in range(len(CATEGORIES[ci].projects))]

    def has(pred) -> bool:  # type: ignore[no-untyped-def]
        return any(pred(CATEGORIES[ci].projects[pi]) for ci, pi in chosen)

    for pred in (
        lambda p: p.kind == "multi",
        lambda p: p.kind == "stage",
        lambda p: p.kind == "county",
        lambda p: p.alt_name is not None,
        lambda p: p.kind == "completed",
    ):
        if not has(pred):
            fits = [c for c in pool if pred(CATEGORIES[c[0]].projects[c[1]])]
            if fits:
                chosen.add(rng.choice(fits))
    target = rng.randint(15, 24)
    rest = [c for c in pool if c not in chosen]
    rng.shuffle(rest)
    while len(chosen) < target and rest:
        chosen.add(rest.pop())
    cat_names = {ci: rng.choice(CATEGORIES[ci].names) for ci in cats}
    ordered = sorted(chosen)
    cat_no = {ci: n for n, ci in enumerate(sorted({ci for ci, _ in ordered}), start=1)}
    return [(ci, pi, cat_names[ci], cat_no[ci]) for ci, pi in ordered]


def _target(rng: random.Random, span: tuple[float, float], decimals: int) -> float:
    value = rng.uniform(*span)
    return round(value, decimals) if decimals else float(round(value / 10) * 10 or 10)


def plan_year(city: CityInfo, year: int, seed: int, months: list[int]) -> YearPlan:
    rng = rng_for(seed, city.name, year, "plan")
    issuer = rng.choice(city.issuers).format(city=city.name)
    county_names = [c.name for c in city.counties]
    values: dict[SeriesKey, dict[int, float | None]] = {}

    def curve(key: SeriesKey, *, laggard: bool = False, early: bool = False) -> None:
        if early:
            done_by = rng.randint(6, 10)
            c = cumulative_curve(rng, final=rng.uniform(100.5, 114.0), shape=1.0, done_by=done_by)
        elif laggard:
            c = cumulative_curve(rng, final=rng.uniform(93.0, 101.0), shape=rng.uniform(1.7, 2.4))
        else:
            c = cumulative_curve(rng, final=rng.uniform(98.0, 112.0), shape=rng.uniform(0.8, 1.3))
        values[key] = dict(c)

    projects: list[Project] = []
    for no, (ci, pi, cat_name, cat_no) in enumerate(_pick_projects(rng), start=1):
        spec = CATEGORIES[ci].projects[pi]
        p = Project(no, cat_no, cat_name, spec, _target(rng, spec.target, spec.decimals))
        base = SeriesKey("province", no, 0, None, None)
        if spec.kind in ("quantity", "trap"):
            early = rng.random() < 0.3
            curve(base, early=early)
            p.silent_when_done = early and rng.random() < 0.6
        elif spec.kind == "county":
            curve(base)
            p.units = list(county_names)
            laggards = set(rng.sample(county_names, rng.randint(1, 2)))
            for cn in county_names:
                curve(SeriesKey("province", no, 0, None, cn), laggard=cn in laggards)
        elif spec.kind == "multi":
            for ind in spec.indicators:
                p.indicator_targets[ind.name] = _target(rng, ind.target, ind.decimals)
                curve(SeriesKey("province", no, 0, ind.name, None), early=rng.random() < 0.2)
        elif spec.kind == "stage":
            p.units = [
                "市本级",
                *sorted(rng.sample(county_names, rng.randint(3, 5)), key=county_names.index),
            ]
            for u in p.units:
                values[SeriesKey("province", no, 0, None, u)] = dict(
                    stage_curve(rng, done_by=rng.randint(8, 13))
                )
        projects.append(p)
    for a, b in itertools.pairwise(projects):
        if a.spec.kind == b.spec.kind == "completed" and a.category_no == b.category_no:
            a.merged_with_next = rng.random() < 0.6

    city_rows = _plan_city_rows(rng, projects, county_names, values, curve)
    plan = YearPlan(city, year, seed, sorted(months), issuer, projects, city_rows, values, {}, [])
    _plant_events(rng, plan)
    for m in MONTHS:
        full = rng.sample(county_names, rng.randint(1, 3))
        plan.scores[m] = {
            cn: 6.0 if cn in full else round(rng.uniform(1.1, 5.9), 4) for cn in county_names
        }
    return plan


def _plan_city_rows(rng, projects, county_names, values, curve) -> list[CityRow]:  # type: ignore[no-untyped-def]
    by_key = {p.spec.key: p for p in projects}
    own = [c for c in CITY_ITEMS if c.kind != "tracked"]
    tracked = [c for c in CITY_ITEMS if c.kind == "tracked" and c.tracks in by_key]
    n_items = rng.randint(8, 12)
    n_tracked = min(len(tracked), rng.randint(1, 3))
    picks = rng.sample(tracked, n_tracked) + rng.sample(own, min(len(own), n_items - n_tracked))
    order = {c.key: i for i, c in enumerate(CITY_ITEMS)}
    picks.sort(key=lambda c: order[c.key])
    rows: list[CityRow] = []
    for no, spec in enumerate(picks, start=1):
        for r, sub in enumerate((spec, *spec.sub_rows)):
            rows.append(_city_row(rng, no, r, sub, by_key, county_names, values, curve))
    return rows


def _city_row(rng, no, r, spec: CityItemSpec, by_key, county_names, values, curve) -> CityRow:  # type: ignore[no-untyped-def]
    target = _target(rng, spec.target, spec.decimals) if spec.target[1] else 0.0
    fmt: dict[str, object] = {"n": int(target), "t": rng.choice([90, 95, 85])}
    row = CityRow(no, r, spec, "", target)
    key = SeriesKey("city", no, r, None, None)
    if spec.kind == "tracked":
        tp = by_key[spec.tracks]
        row.tracked_project = tp.no
        first = next(iter(tp.indicator_targets.values()), None)
        fmt["n"] = int(first if first is not None else tp.target)
    elif spec.kind == "multi":
        for i, ind in enumerate(spec.indicators):
            t = _target(rng, ind.target, ind.decimals)
            row.indicator_targets[ind.name] = t
            fmt["n" if i == 0 else "n2"] = int(t) if not ind.decimals else round(t)
            curve(SeriesKey("city", no, r, ind.name, None))
    elif spec.kind == "county":
        curve(key)
        row.units = list(county_names)
        laggards = set(rng.sample(county_names, 2))
        for cn in county_names:
            curve(SeriesKey("city", no, r, None, cn), laggard=cn in laggards)
    else:
        curve(key, early=rng.random() < 0.2)
    if spec.kind == "trap":
        row.trap_value = int(fmt["t"])  # type: ignore[call-overload]
    row.name = spec.name.format(**fmt)
    title, goal = CITY_GOALS[spec.key]
    row.title, row.goal = title, goal.format(**fmt)
    return row


def _plant_events(rng: random.Random, plan: YearPlan) -> None:
    months = plan.months
    if len(months) >= 2:
        _plant_rename(rng, plan)
        _plant_drops(rng, plan)
    if len(months) >= 3:
        _plant_absence(rng, plan)


def _plant_rename(rng: random.Random, plan: YearPlan) -> None:
    cands = [p for p in plan.projects if p.spec.alt_name]
    if not cands:
        return
    p = rng.choice(cands)
    p.rename_month = rng.choice(plan.months[1:])
    plan.events.append(
        PlannedEvent(
            "rename",
            p.rename_month,
            SeriesKey("province", p.no, 0, None, None),
            {"from": p.spec.name, "to": p.spec.alt_name},
        )
    )


def _drop_candidates(plan: YearPlan, kind: str, prev: int, used: set[int]) -> list[SeriesKey]:
    """Series that can fall in the month after ``prev``: under way but not yet done."""
    cands: list[SeriesKey] = []
    for p in plan.projects:
        if p.no in used:
            continue
        for key, series in plan.values.items():
            if key.level != "province" or key.project_no != p.no:
                continue
            v = series[prev]
            if v is None or not 20.0 <= v < 100.0:
                continue
            whole = kind == "project" and p.spec.kind in ("quantity", "county")
            if (
                (whole and key.county is None)
                or (kind == "unit" and p.spec.kind == "stage")
                or (kind == "indicator" and key.indicator is not None)
            ):
                cands.append(key)
    return cands


def _plant_drops(rng: random.Random, plan: YearPlan) -> None:
    """One to three drops of different kinds; a year with two months or more gets at least one."""
    all_kinds = ["project", "unit", "indicator"]
    kinds = rng.sample(all_kinds, rng.choice([1, 1, 2, 2, 3]))
    used: set[int] = set()
    planted = sum(_plant_drop(rng, plan, kind, used) for kind in kinds)
    for kind in all_kinds:
        if planted:
            break
        planted = _plant_drop(rng, plan, kind, used)


def _plant_drop(rng: random.Random, plan: YearPlan, kind: str, used: set[int]) -> bool:
    """Make one series of ``kind`` fall in some month (from April on where possible)."""
    months = plan.months
    late = [m for m in months[1:] if m >= 4]
    tries = rng.sample(late, len(late)) + [m for m in months[1:] if m not in late]
    for d in tries:
        prev = months[months.index(d) - 1]
        cands = _drop_candidates(plan, kind, prev, used)
        if cands:
            break
    else:
        return False
    key = rng.choice(cands)
    series = plan.values[key]
    before = series[prev]
    at_drop = series[d]
    assert before is not None and at_drop is not None
    if kind == "unit":
        delta = float(min(before - STAGE_STEP, rng.choice([20, 30, 40])))
    else:
        delta = round(before * rng.uniform(0.12, 0.4), 2)
    shift = round(at_drop - (before - delta), 2)
    for m in MONTHS:
        v = series[m]
        if m >= d and v is not None:
            series[m] = round(v - shift, 2)
    project = next(p for p in plan.projects if p.no == key.project_no)
    project.silent_when_done = False
    used.add(project.no)
    reason = rng.choice(DROP_REASONS[kind])
    plan.reasons[(key, d)] = reason
    plan.events.append(
        PlannedEvent("drop", d, key, {"scope": kind, "from_month": prev, "reason": reason})
    )
    return True


def _plant_absence(rng: random.Random, plan: YearPlan) -> None:
    dropped = {e.key.project_no for e in plan.events if e.kind == "drop" and e.key}
    cands = [p for p in plan.projects if p.spec.kind == "quantity" and p.no not in dropped]
    if not cands:
        return
    p = rng.choice(cands)
    m = rng.choice(plan.months[1:-1])
    key = SeriesKey("province", p.no, 0, None, None)
    plan.values[key][m] = None
    p.silent_when_done = False
    plan.events.append(PlannedEvent("absent", m, key, {}))
