"""From circulars to messages: alerts evaluated by the warehouse, delivered, then resolved."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pytest_httpserver import HTTPServer

from notify import channels_from_config, deliver
from tests.report.warehouse_data import build, load_months


def test_alerts_of_loaded_circulars_are_announced_then_resolved(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    conn = build(tmp_path / "warehouse.duckdb")
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    [channel] = channels_from_config(
        [{"name": "hook", "kind": "webhook", "url": httpserver.url_for("/hook")}]
    )
    try:
        first = deliver(conn, [channel], now=datetime(2025, 10, 11, 3, 0))
        # two alerts fire (东湖区 fell back, 白沙县 is behind); two others resolved before
        # anyone was told of them and are not announced
        assert (first.queued_firing, first.queued_resolved) == (2, 0)
        [message] = [json.loads(r.get_data()) for r, _ in httpserver.log]
        assert message["title"] == "临江市2025年重点民生实事进度预警：新增预警 2 条"
        assert "从 66% 降至 61.2%（1-8月 → 1-9月）" in message["message"]
        assert "未达序时：52%，序时进度 75%（1-9月）" in message["message"]
        # each alert names its circular: title, issue date, file, page and line
        assert (
            "来源：《关于全市1-9月重点民生实事推进情况的通报》（2025-10-08印发） "
            "临江市2025年1-9月民生实事通报.pdf 第2页第4行" in message["message"]
        )
        notified = conn.execute("SELECT count(*) FROM alerts WHERE last_notified IS NOT NULL")
        assert notified.fetchone() == (2,)

        load_months(conn, (10,), datetime(2025, 11, 11, 2, 0))
        second = deliver(conn, [channel], now=datetime(2025, 11, 11, 3, 0))
        assert (second.queued_firing, second.queued_resolved) == (0, 1)
        last = json.loads(httpserver.log[-1][0].get_data())
        assert last["title"] == "临江市2025年重点民生实事进度预警：已恢复 1 条"
        assert (
            "城乡老年助餐服务扩面（东湖区）：1-9月 环比下降（66% → 61.2%），已恢复"
            in last["message"]
        )

        third = deliver(conn, [channel], now=datetime(2025, 11, 12, 3, 0))
        assert third.events_delivered == 0 and len(httpserver.log) == 2
    finally:
        conn.close()
