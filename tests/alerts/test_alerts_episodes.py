from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from warehouse.alerts_episodes import (
    SeriesPoint,
    alert_id,
    behind_episodes,
    drop_episodes,
    pace_of,
    period,
)


def pt(month: int, value: float | None, *, behind: bool = False, done: bool = False):
    return SeriesPoint(month, value, pace_of(month), behind_flag=behind, completed=done)


def spans(episodes):
    return [
        (e.from_month, e.to_month, e.from_value, e.to_value, e.resolved_month) for e in episodes
    ]


def test_pace_is_the_share_of_the_year() -> None:
    assert [pace_of(m) for m in (3, 6, 9, 12)] == [25.0, 50.0, 75.0, 100.0]
    assert period(2025, 9) == "2025-09"
    assert period(2025, None) is None


def test_a_drop_runs_from_the_previous_valued_period() -> None:
    points = [pt(6, 50), pt(7, None), pt(8, 60), pt(9, 55.5)]
    assert spans(drop_episodes(points, 0.01)) == [(8, 9, 60, 55.5, None)]


def test_a_gap_month_does_not_break_the_series() -> None:
    points = [pt(6, 70), pt(8, 60)]  # month 7 missing entirely
    assert spans(drop_episodes(points, 0.01)) == [(6, 8, 70, 60, None)]


def test_changes_within_the_tolerance_are_not_drops() -> None:
    assert drop_episodes([pt(6, 70), pt(7, 69.995)], 0.01) == []
    assert spans(drop_episodes([pt(6, 70), pt(7, 69.5)], 0.01)) == [(6, 7, 70, 69.5, None)]
    assert drop_episodes([pt(6, 70), pt(7, 69.5)], 1.0) == []


def test_a_drop_resolves_when_the_value_is_back() -> None:
    points = [pt(6, 70), pt(7, 60), pt(8, 65), pt(9, 70)]
    assert spans(drop_episodes(points, 0.01)) == [(6, 7, 70, 60, 9)]


def test_a_drop_resolves_when_the_project_is_complete() -> None:
    points = [pt(6, 70), pt(7, 60), pt(8, None, done=True)]
    assert spans(drop_episodes(points, 0.01)) == [(6, 7, 70, 60, 8)]


def test_periods_reported_with_another_set_of_metrics_are_not_compared() -> None:
    before = SeriesPoint(6, 110.76, pace_of(6), shape="完成率,年度任务完成率")
    after = SeriesPoint(11, 104.75, pace_of(11), shape="进度,年度任务完成率")
    same = SeriesPoint(11, 104.75, pace_of(11), shape="完成率,年度任务完成率")
    assert drop_episodes([before, after], 0.01) == []
    assert spans(drop_episodes([before, same], 0.01)) == [(6, 11, 110.76, 104.75, None)]


def test_two_drops_in_a_row_are_two_episodes() -> None:
    points = [pt(6, 70), pt(7, 60), pt(8, 50)]
    assert spans(drop_episodes(points, 0.01)) == [(6, 7, 70, 60, None), (7, 8, 60, 50, None)]


def test_a_behind_episode_spans_consecutive_flagged_periods() -> None:
    points = [pt(5, 20, behind=True), pt(6, 30, behind=True), pt(7, 60), pt(8, 40, behind=True)]
    assert spans(behind_episodes(points, None)) == [(5, 6, 20, 30, 7), (8, 8, 40, 40, None)]


def test_a_clear_period_ends_a_behind_episode() -> None:
    points = [pt(5, 20, behind=True), pt(6, None)]
    assert spans(behind_episodes(points, None)) == [(5, 5, 20, 20, 6)]


def test_pace_margin_flags_figures_far_below_pace() -> None:
    points = [pt(6, 30), pt(7, 55)]  # pace 50 then 58.33
    assert behind_episodes(points, None) == []
    assert spans(behind_episodes(points, 10)) == [(6, 6, 30, 30, 7)]


def test_alert_ids_are_stable_and_tell_episodes_apart() -> None:
    [first] = drop_episodes([pt(6, 70), pt(7, 60)], 0.01)
    [again] = drop_episodes([pt(6, 70), pt(7, 60), pt(8, 80)], 0.01)
    assert alert_id("drop", "s", 2025, first) == alert_id("drop", "s", 2025, again)
    assert alert_id("drop", "s", 2025, first) != alert_id("drop", "t", 2025, first)
    [b1] = behind_episodes([pt(5, 10, behind=True)], None)
    [b2] = behind_episodes([pt(5, 10, behind=True), pt(6, 12, behind=True)], None)
    assert alert_id("behind_schedule", "s", 2025, b1) == alert_id("behind_schedule", "s", 2025, b2)


values = st.lists(
    st.one_of(st.none(), st.floats(0, 150, allow_nan=False).map(lambda v: round(v, 2))),
    min_size=1,
    max_size=12,
)


@given(values)
def test_drops_are_exactly_the_falls_between_valued_neighbours(series) -> None:
    points = [pt(m, v) for m, v in enumerate(series, start=1)]
    valued = [(p.month, p.value) for p in points if p.value is not None]
    expected = [(a[0], b[0]) for a, b in itertools.pairwise(valued) if b[1] < a[1] - 0.01]
    found = drop_episodes(points, 0.01)
    assert [(e.from_month, e.to_month) for e in found] == expected
    for e in found:
        later = [v for m, v in valued if m > e.to_month and v >= e.from_value - 0.01]
        assert (e.resolved_month is None) == (not later)
