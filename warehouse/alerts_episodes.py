"""Alert episodes of one progress series: pure functions over its points in period order.

A *drop* is a value below the previous value of the series (the last earlier period that had a
value, reported with the same set of metrics) by more than the tolerance; one drop is one
episode (from_period → to_period). It resolves at the first later period whose value is back
to at least ``from_value - tolerance``, or where the project is reported complete without a
figure.

A *behind_schedule* episode is a run of periods in which the series is behind: flagged by the
circular (未达序时, 滞后 …), or, when a ``pace_margin`` is set, more than that many points below
the pace (序时进度 = month/12·100). It starts at its first behind period (its identity) and
resolves at the first later period that is not behind: a value not flagged (and within the
margin), the project complete, or — for a county's part of a project — the county no longer
singled out although the project is reported (circulars name a county only while it lags).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

EpisodeKind = Literal["drop", "behind_schedule"]


@dataclass(frozen=True)
class SeriesPoint:
    """One period of a series.

    ``value`` is None for a *clear* period: the circular reports the project but has no figure
    for this series, and that means "not behind" (project complete, or a county not singled out).
    ``completed`` marks a period in which the project is reported complete without a figure.
    """

    month: int
    value: float | None
    pace: float
    behind_flag: bool = False
    completed: bool = False
    row: Mapping[str, Any] = field(default_factory=dict, compare=False)
    shape: str = ""  # the metrics the circular gave beside this one (see progress_series)


@dataclass(frozen=True)
class Episode:
    kind: EpisodeKind
    from_month: int | None
    to_month: int
    from_value: float | None
    to_value: float | None
    pace: float | None
    resolved_month: int | None
    row: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @property
    def firing(self) -> bool:
        return self.resolved_month is None


def pace_of(month: int) -> float:
    """序时进度: the share of the year elapsed by the end of ``month``, in percent."""
    return round(month / 12 * 100, 2)


def drop_episodes(points: Sequence[SeriesPoint], tolerance: float) -> list[Episode]:
    ordered = sorted(points, key=lambda p: p.month)
    valued = [p for p in ordered if p.value is not None]
    episodes: list[Episode] = []
    for before, after in itertools.pairwise(valued):
        assert before.value is not None and after.value is not None
        if before.shape != after.shape:
            continue  # reported differently: not comparable
        if after.value < before.value - tolerance:
            floor = before.value - tolerance
            resolved = next(
                (
                    p.month
                    for p in ordered
                    if p.month > after.month
                    and (p.completed or (p.value is not None and p.value >= floor))
                ),
                None,
            )
            episodes.append(
                Episode(
                    "drop",
                    before.month,
                    after.month,
                    before.value,
                    after.value,
                    after.pace,
                    resolved,
                    after.row,
                )
            )
    return episodes


def is_behind(point: SeriesPoint, pace_margin: float | None) -> bool:
    if point.value is None or point.completed:
        return False
    if point.behind_flag:
        return True
    return pace_margin is not None and point.value < point.pace - pace_margin


def behind_episodes(points: Sequence[SeriesPoint], pace_margin: float | None) -> list[Episode]:
    episodes: list[Episode] = []
    start: SeriesPoint | None = None
    last: SeriesPoint | None = None
    for point in sorted(points, key=lambda p: p.month):
        if is_behind(point, pace_margin):
            if start is None:
                start = point
            last = point
        elif start is not None and last is not None:
            episodes.append(_behind(start, last, point.month))
            start = last = None
    if start is not None and last is not None:
        episodes.append(_behind(start, last, None))
    return episodes


def _behind(start: SeriesPoint, last: SeriesPoint, resolved: int | None) -> Episode:
    return Episode(
        "behind_schedule",
        start.month,
        last.month,
        start.value,
        last.value,
        last.pace,
        resolved,
        last.row,
    )


def period(year: int, month: int | None) -> str | None:
    """The "YYYY-MM" of a period's last month."""
    return None if month is None else f"{year:04d}-{month:02d}"


def alert_id(kind: EpisodeKind, series_key: str, year: int, episode: Episode) -> str:
    """A stable fingerprint: a drop by its two periods, a behind episode by where it began."""
    parts = [kind, series_key, period(year, episode.from_month) or ""]
    if kind == "drop":
        parts.append(period(year, episode.to_month) or "")
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
