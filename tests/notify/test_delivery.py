"""Delivery through apprise to real receivers on 127.0.0.1: the outbox sends each event once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from datetime import timedelta
from typing import Any

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from notify import channels_from_config, deliver
from schemas.channel import Channel
from tests.notify.conftest import T0, Mailbox, add_alert, resolve

DING_TOKEN = "5e0c7a9b3f2d41e8a6c4b2d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0"
DING_SECRET = "SEC9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b"
WECOM_KEY = "2f6e9c1a-5b3d-4e7f-8a9b-0c1d2e3f4a5b"
FEISHU_TOKEN = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"


def webhook(server: HTTPServer, path: str = "/hook", **extra: Any) -> Channel:
    [channel] = channels_from_config(
        [{"name": "hook", "kind": "webhook", "url": server.url_for(path), **extra}]
    )
    return channel


def posted(server: HTTPServer) -> list[dict[str, Any]]:
    return [json.loads(request.get_data()) for request, _ in server.log]


def outbox_rows(conn: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT alert_id, channel, event, delivered_at IS NOT NULL, attempts, last_error "
        "FROM outbox ORDER BY alert_id, channel, event"
    ).fetchall()


def test_json_webhook_gets_one_grouped_message_then_nothing(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    add_alert(conn, "a1")
    add_alert(conn, "a2", county="北湖县", to_value=12.5, from_value=20.0)
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    channel = webhook(httpserver)

    report = deliver(conn, [channel], now=T0)
    assert report.ok and report.queued_firing == 2 and report.events_delivered == 2
    [payload] = posted(httpserver)
    assert payload["title"] == "青川市2025年重点民生实事进度预警：新增预警 2 条"
    assert "县市区：安宁区" in payload["message"] and "县市区：北湖县" in payload["message"]
    assert "从 20% 降至 12.5%（1-8月 → 1-9月）" in payload["message"]
    assert payload["type"] == "warning"
    assert [r[3:5] for r in outbox_rows(conn)] == [(True, 1), (True, 1)]
    notified = conn.execute("SELECT count(*) FROM alerts WHERE last_notified = ?", [T0]).fetchone()
    assert notified == (2,)

    again = deliver(conn, [channel], now=T0 + timedelta(days=1))
    assert again.queued_firing == 0 and again.events_delivered == 0
    assert len(httpserver.log) == 1


def test_a_resolved_alert_sends_one_recovery_notice(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    add_alert(conn, "a1")
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    channel = webhook(httpserver)
    deliver(conn, [channel], now=T0)
    resolve(conn, "a1", T0 + timedelta(days=30))

    report = deliver(conn, [channel], now=T0 + timedelta(days=30))
    assert report.queued_resolved == 1
    deliver(conn, [channel], now=T0 + timedelta(days=31))
    payloads = posted(httpserver)
    assert len(payloads) == 2
    assert payloads[1]["title"].endswith("已恢复 1 条")
    assert "【已恢复】" in payloads[1]["message"] and "【新增预警】" not in payloads[1]["message"]
    assert payloads[1]["type"] == "success"


def test_an_alert_resolved_before_a_channel_existed_is_not_announced(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    add_alert(conn, "a1", state="resolved", resolved_at=T0)
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    report = deliver(conn, [webhook(httpserver)], now=T0)
    assert report.queued_firing == 0 and report.queued_resolved == 0
    assert httpserver.log == []


def test_flaky_receiver_gets_every_alert_exactly_once(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    calls = {"n": 0}
    received: list[str] = []

    def half_the_time(request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] % 2 == 1:
            return Response("busy", status=503)
        received.append(json.loads(request.get_data())["message"])
        return Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(half_the_time)
    # a small limit makes each delivery several parts, so failures fall between parts
    channel = webhook(httpserver, max_bytes=700)
    ids = [f"a{i:02d}" for i in range(12)]
    when = T0
    for i, alert_id in enumerate(ids[:6]):
        add_alert(conn, alert_id, project_no=i + 1, county=f"第{i}县")
    reports = []
    for run in range(40):
        if run == 3:  # new alerts arrive while earlier ones are still pending
            for i, alert_id in enumerate(ids[6:], start=6):
                add_alert(conn, alert_id, project_no=i + 1, county=f"第{i}县")
        reports.append(deliver(conn, [channel], now=when))
        when += timedelta(hours=1)
        if run > 3 and reports[-1].events_pending == 0:
            break

    assert any(not r.ok for r in reports)
    failed = [r for r in reports if not r.ok]
    assert all("503" in (r.channels[0].error or "") for r in failed)
    text = "\n".join(received)
    for i in range(12):
        assert text.count(f"县市区：第{i}县") == 1
    rows = outbox_rows(conn)
    assert len(rows) == 12 and all(delivered for _, _, _, delivered, _, _ in rows)
    assert all(error is None for *_, error in rows)
    # attempts count the failures too
    assert sum(r[4] for r in rows) > 12


def test_failure_leaves_rows_pending_with_attempts_and_error(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    add_alert(conn, "a1")
    httpserver.expect_request("/hook", method="POST").respond_with_data("no", status=500)
    channel = webhook(httpserver)
    for _ in range(2):
        report = deliver(conn, [channel], now=T0)
        assert not report.ok and report.events_pending == 1
    [row] = outbox_rows(conn)
    assert row[3:5] == (False, 2)
    assert row[5] is not None and "500" in row[5]
    last = conn.execute("SELECT last_notified FROM alerts").fetchone()
    assert last == (None,)


def test_repeat_policy_renotifies_still_firing_alerts_only_when_due(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    add_alert(conn, "a1")
    add_alert(conn, "a2", county="北湖县")
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    channel = webhook(httpserver)
    week = timedelta(days=7)
    deliver(conn, [channel], now=T0, repeat_after=week)
    resolve(conn, "a2", T0 + timedelta(days=1))
    deliver(conn, [channel], now=T0 + timedelta(days=1), repeat_after=week)  # recovery of a2
    deliver(conn, [channel], now=T0 + timedelta(days=3), repeat_after=week)  # not due yet
    assert len(httpserver.log) == 2
    report = deliver(conn, [channel], now=T0 + timedelta(days=8), repeat_after=week)
    assert report.requeued == 1
    payload = posted(httpserver)[-1]
    assert "【持续预警】" in payload["message"] and "安宁区" in payload["message"]
    assert "北湖县" not in payload["message"]
    # without a policy nothing repeats
    deliver(conn, [channel], now=T0 + timedelta(days=30))
    assert len(httpserver.log) == 3


def test_each_channel_has_its_own_outbox(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    add_alert(conn, "a1")
    httpserver.expect_request("/good", method="POST").respond_with_data("ok")
    httpserver.expect_request("/bad", method="POST").respond_with_data("no", status=502)
    good = webhook(httpserver, "/good").model_copy(update={"name": "good"})
    bad = webhook(httpserver, "/bad").model_copy(update={"name": "bad"})
    report = deliver(conn, [good, bad], now=T0)
    assert [c.ok for c in report.channels] == [True, False]
    assert [(r[1], r[3]) for r in outbox_rows(conn)] == [("bad", False), ("good", True)]


def relay_channel(server: HTTPServer, kind: str, url: str, **extra: Any) -> Channel:
    [channel] = channels_from_config(
        [{"name": kind, "kind": kind, "url": url, "endpoint": server.url_for(""), **extra}]
    )
    return channel


def test_dingtalk_bot_payload_signature_and_mentions(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    add_alert(conn, "a1")
    httpserver.expect_request("/robot/send", method="POST").respond_with_json({"errcode": 0})
    channel = relay_channel(
        httpserver,
        "dingtalk",
        f"https://oapi.dingtalk.com/robot/send?access_token={DING_TOKEN}",
        secret=DING_SECRET,
        mention=["13800138000"],
    )
    assert deliver(conn, [channel], now=T0).ok
    [(request, _)] = httpserver.log
    assert request.args["access_token"] == DING_TOKEN
    # the signature DingTalk checks: base64(HMAC-SHA256(secret, "timestamp\nsecret"))
    timestamp = request.args["timestamp"]
    expected = base64.b64encode(
        hmac.new(
            DING_SECRET.encode(), f"{timestamp}\n{DING_SECRET}".encode(), hashlib.sha256
        ).digest()
    ).decode()
    assert request.args["sign"] == expected
    payload = json.loads(request.get_data())
    # DingTalk renders markdown: the title as a heading, project names bold, mentions at the end
    assert payload["msgtype"] == "markdown"
    assert payload["at"]["atMobiles"] == ["13800138000"]
    assert payload["markdown"]["title"] == "青川市2025年重点民生实事进度预警：新增预警 1 条"
    content = payload["markdown"]["text"]
    assert content.startswith("# 青川市2025年重点民生实事进度预警：新增预警 1 条\n")
    assert "1. **省定第21项 保障性租赁住房建设**" in content
    assert content.endswith("@13800138000")


def test_wecom_bot_messages_stay_under_2048_bytes(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    for i in range(25):
        add_alert(conn, f"a{i:02d}", project_no=i % 24 + 1, county=f"第{i}县")
    httpserver.expect_request("/cgi-bin/webhook/send", method="POST").respond_with_json(
        {"errcode": 0, "errmsg": "ok"}
    )
    channel = relay_channel(
        httpserver, "wecom", f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}"
    )
    report = deliver(conn, [channel], now=T0)
    assert report.ok and report.events_delivered == 25
    contents = []
    for request, _ in httpserver.log:
        assert request.args["key"] == WECOM_KEY
        payload = json.loads(request.get_data())
        assert payload["msgtype"] == "text"
        contents.append(payload["text"]["content"])
    assert len(contents) > 1
    assert all(len(c.encode()) <= 2048 for c in contents)
    assert contents[0].split("\r\n")[0].endswith(f"（1/{len(contents)}）")
    joined = "".join(contents)
    assert all(joined.count(f"县市区：第{i}县") == 1 for i in range(25))


def test_feishu_bot_payload(conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer) -> None:
    add_alert(conn, "a1")
    path = f"/open-apis/bot/v2/hook/{FEISHU_TOKEN}/"
    httpserver.expect_request(path, method="POST").respond_with_json({"code": 0})
    channel = relay_channel(
        httpserver, "feishu", f"https://open.feishu.cn/open-apis/bot/v2/hook/{FEISHU_TOKEN}"
    )
    report_url = "https://reports.example.org/minsheng/report.html"
    assert deliver(conn, [channel], now=T0, report_url=report_url).ok
    [(request, _)] = httpserver.log
    payload = json.loads(request.get_data())
    # Feishu renders markdown in a message card (apprise sends Feishu text only)
    assert payload["msg_type"] == "interactive"
    card = payload["card"]
    assert card["header"]["title"]["content"] == "青川市2025年重点民生实事进度预警：新增预警 1 条"
    [element] = card["elements"]
    assert element["tag"] == "markdown"
    assert "从 45.2% 降至 38.69%" in element["content"]
    assert element["content"].endswith(f"[查看分析报告]({report_url})")


def test_a_feishu_card_refused_stays_pending(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    add_alert(conn, "a1")
    path = f"/open-apis/bot/v2/hook/{FEISHU_TOKEN}/"
    httpserver.expect_request(path, method="POST").respond_with_json(
        {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"}
    )
    channel = relay_channel(
        httpserver, "feishu", f"https://open.feishu.cn/open-apis/bot/v2/hook/{FEISHU_TOKEN}"
    )
    report = deliver(conn, [channel], now=T0)
    [outcome] = report.channels
    assert not outcome.ok and "19001" in (outcome.error or "")
    assert FEISHU_TOKEN not in (outcome.error or "")
    assert outcome.events_pending == 1


def test_credentials_stay_out_of_logs_outbox_and_errors(
    conn: duckdb.DuckDBPyConnection,
    httpserver: HTTPServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    add_alert(conn, "a1")
    httpserver.expect_request("/robot/send", method="POST").respond_with_data("down", status=500)
    channel = relay_channel(
        httpserver,
        "dingtalk",
        f"https://oapi.dingtalk.com/robot/send?access_token={DING_TOKEN}",
        secret=DING_SECRET,
    )
    with caplog.at_level(logging.DEBUG):
        report = deliver(conn, [channel], now=T0)
    assert not report.ok
    # the receiver (werkzeug, on the far side) logs what it got; everything on our side counts
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name != "werkzeug")
    assert "access_token=***" in ours  # apprise and urllib3 did log the URL, masked
    texts = [ours, report.summary(), str(outbox_rows(conn)), repr(channel)]
    for text in texts:
        assert DING_TOKEN not in text
        assert DING_SECRET not in text


def test_email_arrives_over_smtp_with_chinese_subject_and_body(
    conn: duckdb.DuckDBPyConnection, mailbox: Mailbox
) -> None:
    add_alert(conn, "a1")
    add_alert(conn, "a2", state="resolved", county="北湖县", resolved_at=T0)
    conn.execute(
        "INSERT INTO outbox (alert_id, channel, event, created_at, delivered_at, attempts) "
        "VALUES ('a2', 'mail', 'firing', ?, ?, 1)",
        [T0, T0],
    )
    url = f"mailto://{mailbox.host}:{mailbox.port}?from=alerts@example.org&to=ops@example.org"
    [channel] = channels_from_config([{"name": "mail", "kind": "email", "url": url}])
    report = deliver(conn, [channel], now=T0)
    assert report.ok, report.summary()
    [message] = mailbox.messages
    assert message["Subject"] == "青川市2025年重点民生实事进度预警：新增预警 1 条，已恢复 1 条"
    assert message["To"] == "ops@example.org"
    body = message.get_body(preferencelist=("plain", "html"))
    assert body is not None
    text = body.get_content()
    assert "从 45.2% 降至 38.69%" in text
    assert "已恢复" in text and "北湖县" in text


def test_unreachable_channel_is_a_failed_delivery_not_a_crash(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    add_alert(conn, "a1")
    from tests.notify.conftest import free_port

    [channel] = channels_from_config(
        [{"name": "hook", "kind": "webhook", "url": f"http://127.0.0.1:{free_port()}/x"}]
    )
    report = deliver(conn, [channel], now=T0)
    assert not report.ok and report.events_pending == 1


def test_a_placeholder_token_fails_at_delivery_with_a_clear_error(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    add_alert(conn, "a1")
    url = "https://oapi.dingtalk.com/robot/send?access_token=REPLACE_ME"
    [channel] = channels_from_config([{"name": "ding", "kind": "dingtalk", "url": url}])
    report = deliver(conn, [channel], now=T0)
    assert report.channels[0].error == "channel ding: apprise does not accept its URL"
    assert report.events_pending == 1


def test_pending_parts_show_what_the_next_run_will_send(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    from notify import pending_parts

    add_alert(conn, "a1")
    httpserver.expect_request("/hook", method="POST").respond_with_data("no", status=503)
    channel = webhook(httpserver)
    assert pending_parts(conn, [channel]) == {"hook": []}  # nothing queued before a delivery
    deliver(conn, [channel], now=T0)
    [part] = pending_parts(conn, [channel])["hook"]
    assert part.title == "青川市2025年重点民生实事进度预警：新增预警 1 条"
    assert len(httpserver.log) == 1  # previewing sent nothing
