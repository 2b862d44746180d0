"""The Chinese alert messages: wording, grouping and the size limits of each channel kind."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notify.channels import DEFAULT_MAX_BYTES
from notify.messages import AlertEvent, compose, pct, period_label, quote
from schemas.alert import Alert
from tests.notify.conftest import alert_row
from warehouse.alerts import as_alert


def alert(alert_id: str = "a1", **over: Any) -> Alert:
    return as_alert(alert_row(alert_id, **over))


@pytest.mark.parametrize(
    ("value", "text"),
    [(94.44, "94.44%"), (60.0, "60%"), (100.5, "100.5%"), (0.0, "0%"), (None, "—")],
)
def test_percent_is_written_without_trailing_zeros(value: float | None, text: str) -> None:
    assert pct(value) == text


@pytest.mark.parametrize(
    ("period", "label"),
    [("2025-09", "1-9月"), ("2025-01", "1月"), ("2025-12", "1-12月"), (None, "—"), ("bad", "bad")],
)
def test_period_labels_are_cumulative_from_january(period: str | None, label: str) -> None:
    assert period_label(period) == label


def test_a_drop_reads_from_x_down_to_y_with_periods_and_source() -> None:
    [part] = compose([AlertEvent(alert(), "firing", page=3, line=12)])
    assert part.title == "青川市2025年重点民生实事进度预警：新增预警 1 条"
    assert "城市：青川市　年度：2025　新增预警 1 条" in part.body
    assert "1. 省定第21项 保障性租赁住房建设" in part.body
    assert "指标：进度　县市区：安宁区" in part.body
    assert "从 45.2% 降至 38.69%（1-8月 → 1-9月）" in part.body
    assert "原文：“安宁区保障性租赁住房项目因调整建设点位" in part.body
    assert "来源：第3页第12行" in part.body
    assert "已恢复" not in part.body


def test_an_alert_names_its_circular_title_issue_date_and_file() -> None:
    item = AlertEvent(
        alert(),
        "firing",
        page=3,
        line=12,
        filename="青川市-2025-09.pdf",
        title="关于全市1-9月重点民生实事工作推进情况的通报",
        issued=date(2025, 10, 9),
    )
    [part] = compose([item])
    assert (
        "   来源：《关于全市1-9月重点民生实事工作推进情况的通报》（2025-10-09印发） "
        "青川市-2025-09.pdf 第3页第12行" in part.body
    )


def test_markdown_for_the_bots_that_render_it_with_a_link_to_the_report() -> None:
    url = "https://reports.example.org/minsheng/report.html"
    [markdown] = compose([AlertEvent(alert(), "firing")], markup="markdown", report_url=url)
    assert markdown.markup == "markdown"
    assert "**城市：青川市　年度：2025　新增预警 1 条**" in markdown.body
    assert "**【新增预警】**" in markdown.body
    assert "1. **省定第21项 保障性租赁住房建设**\n    - 指标：进度　县市区：安宁区" in markdown.body
    assert markdown.body.endswith(f"[查看分析报告]({url})")
    [text] = compose([AlertEvent(alert(), "firing")], report_url=url)
    assert "**" not in text.body and text.body.endswith(f"分析报告：{url}")


def test_a_pace_ratio_is_never_set_beside_the_calendar_pace() -> None:
    """序时进度 78.24% is already progress over the pace: 100% is on schedule, so it is not
    compared with the calendar's 91.67% for November."""
    behind = alert(
        "p1",
        kind="behind_schedule",
        metric="序时进度",
        from_period=None,
        from_value=None,
        to_period="2025-11",
        to_value=78.24,
        pace=91.67,
    )
    [part] = compose([AlertEvent(behind, "firing")])
    assert "未达序时：序时进度为 78.24%，不足 100%（1-11月）" in part.body
    assert "91.67" not in part.body


def test_quotes_are_cut_on_sentence_boundaries() -> None:
    text = (
        "1－11月，累计交付安置房2592套，序时进度103.25%，提前完成年度目标任务。"
        "其中，雁峰区、祁东县、常宁市已全部交付，清零到位；"
        "蒸湘区与序时进度差距较大，序时进度为78.24%。"
    )
    assert quote(text, 78.24, 90) == (
        "…其中，雁峰区、祁东县、常宁市已全部交付，清零到位；蒸湘区与序时进度差距较大，序时进度为78.24%。"
    )
    assert (
        quote(text, 103.25, 60)
        == "1－11月，累计交付安置房2592套，序时进度103.25%，提前完成年度目标任务。…"
    )
    # a sentence longer than the room is cut between its clauses, never inside a figure
    assert quote(text, 78.24, 30) == "…蒸湘区与序时进度差距较大，序时进度为78.24%。"
    assert "1月" not in quote(text, 78.24, 90)


def test_behind_schedule_reads_value_against_pace() -> None:
    behind = alert(
        "b1",
        kind="behind_schedule",
        level="city",
        project_no=7,
        project="化解超期安置",
        county=None,
        metric="完成率",
        from_period=None,
        from_value=None,
        to_value=29.34,
        pace=None,
    )
    [part] = compose([AlertEvent(behind, "firing")])
    assert "1. 市定第7项 化解超期安置" in part.body
    assert "县市区：全市" in part.body
    # pace falls back to month/12 of the period when the alert has none
    assert "未达序时：29.34%，序时进度 75%（1-9月）" in part.body


def test_resolved_alerts_form_a_short_section() -> None:
    events = [
        AlertEvent(alert("a1"), "firing"),
        AlertEvent(alert("a2", state="resolved", county="北湖县", to_period="2025-10"), "resolved"),
    ]
    [part] = compose(events)
    assert part.title.endswith("新增预警 1 条，已恢复 1 条")
    new_at, resolved_at = part.body.index("【新增预警】"), part.body.index("【已恢复】")
    assert new_at < resolved_at
    assert (
        "- 省定第21项 保障性租赁住房建设（北湖县）：1-10月 环比下降（45.2% → 38.69%），已恢复"
        in part.body
    )
    # a resolved alert gets one line, without the source sentence
    assert part.body[resolved_at:].count("原文") == 0


def test_repeats_are_a_section_of_their_own() -> None:
    [part] = compose([AlertEvent(alert("a1"), "firing", repeat=True)])
    assert "【持续预警】" in part.body
    assert "持续预警 1 条" in part.title


def test_cities_and_years_are_grouped_under_their_own_heading() -> None:
    events = [
        AlertEvent(alert("a1"), "firing"),
        AlertEvent(alert("a2", city="临江市"), "firing"),
    ]
    [part] = compose(events)
    assert part.title == "重点民生实事进度预警：新增预警 2 条"
    assert "城市：临江市　年度：2025　新增预警 1 条" in part.body
    assert "城市：青川市　年度：2025　新增预警 1 条" in part.body


def test_long_source_sentence_is_cut_around_the_figure() -> None:
    text = "前文" * 80 + "目前进度为38.69%" + "后文" * 80
    cut = quote(text, 38.69, limit=40)
    assert len(cut) == 40
    assert "38.69%" in cut
    assert cut.startswith("…") and cut.endswith("…")


def many(n: int, text_len: int = 60) -> list[AlertEvent]:
    return [
        AlertEvent(
            alert(f"a{i:03d}", project_no=i % 24 + 1, source_text="进度说明" * (text_len // 4)),
            "firing",
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "feishu"])
def test_many_alerts_are_split_under_each_bot_limit(kind: str) -> None:
    limit = DEFAULT_MAX_BYTES[kind]  # type: ignore[index]
    assert limit is not None
    events = many(400)
    parts = compose(events, max_bytes=limit)
    assert len(parts) > 1
    assert all(p.size <= limit for p in parts)
    assert sorted(e.alert.id for p in parts for e in p.events) == sorted(e.alert.id for e in events)
    assert [p.title[-len(f"（1/{len(parts)}）") :] for p in parts[:1]] == [f"（1/{len(parts)}）"]
    # numbering runs on across parts
    assert f"{len(events)}. 省定第" in parts[-1].body


def test_wecom_limit_is_counted_in_utf8_bytes_not_characters() -> None:
    parts = compose(many(30), max_bytes=2048)
    for part in parts:
        assert len(f"{part.title}\r\n{part.body}".encode()) <= 2048
    # CJK text is 3 bytes a character: a part holds far fewer than 2048 characters
    assert max(len(p.title) + len(p.body) for p in parts) < 1000


def test_max_parts_truncates_with_a_count_of_the_rest() -> None:
    events = many(60)
    parts = compose(events, max_bytes=2048, max_parts=2)
    assert len(parts) == 2
    assert all(p.size <= 2048 for p in parts)
    last = parts[-1]
    left_out = len(last.events) - last.listed
    assert left_out > 0
    assert f"…另有 {left_out} 条未列出" in last.body
    # everything is covered by some part, so delivering them delivers every event
    assert sum(len(p.events) for p in parts) == len(events)


def test_a_single_alert_too_long_for_the_limit_is_shortened_not_dropped() -> None:
    huge = AlertEvent(alert("h1", source_text="很长的原文" * 400), "firing")
    [part] = compose([huge], max_bytes=600)
    assert part.size <= 600
    assert "从 45.2% 降至 38.69%" in part.body


def test_dingtalk_mentions_close_the_message() -> None:
    [part] = compose([AlertEvent(alert(), "firing")], mentions=["13800138000"])
    assert part.body.endswith("@13800138000")


def test_nothing_to_send_gives_no_parts() -> None:
    assert compose([], max_bytes=2048) == []


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=40),
    text_len=st.integers(min_value=0, max_value=400),
    limit=st.integers(min_value=300, max_value=5000),
    resolved_every=st.integers(min_value=2, max_value=7),
    project=st.text(alphabet="民生实事项目建设改造工程ABC（）“”", min_size=1, max_size=60),
)
def test_every_event_lands_in_exactly_one_part_within_the_limit(
    n: int, text_len: int, limit: int, resolved_every: int, project: str
) -> None:
    events = [
        AlertEvent(
            alert(f"x{i}", project=project, source_text="原文" * (text_len // 2) or None),
            "resolved" if i % resolved_every == 0 else "firing",
        )
        for i in range(n)
    ]
    parts = compose(events, max_bytes=limit)
    keys = [e.key for p in parts for e in p.events]
    assert sorted(keys) == sorted(e.key for e in events)
    assert all(p.size <= limit for p in parts)
