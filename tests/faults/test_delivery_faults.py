"""Delivery to receivers on loopback that misbehave: one answers after the timeout (it took the
message; we cannot know), one refuses half the requests. Each message carries a stable id."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

import duckdb
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from notify import channels_from_config, deliver
from schemas.channel import Channel
from tests.notify.conftest import T0, add_alert


def webhook(server: HTTPServer, **extra: Any) -> Channel:
    [channel] = channels_from_config(
        [{"name": "hook", "kind": "webhook", "url": server.url_for("/hook"), **extra}]
    )
    return channel


def test_a_receiver_answering_after_the_timeout_gets_each_alert_at_most_twice(
    conn: duckdb.DuckDBPyConnection, threaded_server: HTTPServer
) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []

    def slow(request: Request) -> Response:
        received.append((request.headers.get("Idempotency-Key"), json.loads(request.get_data())))
        time.sleep(1.5)  # past the channel's 0.5 s timeout: the sender cannot know
        return Response("ok")

    threaded_server.expect_request("/hook", method="POST").respond_with_handler(slow)
    channel = webhook(threaded_server, timeout=0.5)
    for i in range(15):
        add_alert(conn, f"a{i:02d}", project_no=i + 1, county=f"第{i}县")
    when = T0
    reports = []
    for _ in range(5):
        reports.append(deliver(conn, [channel], now=when))
        when += timedelta(days=1)

    assert 1 <= len(received) <= 2
    keys = {key for key, _ in received}
    assert len(keys) == 1 and None not in keys  # the same id both times
    assert all(payload["id"] == key for key, payload in received)
    text = "\n".join(payload["message"] for _, payload in received)
    for i in range(15):
        assert 1 <= text.count(f"县市区：第{i}县") <= 2
    assert "may have taken it" in (reports[0].channels[0].error or "")
    rows = conn.execute(
        "SELECT count(*), count(delivered_at), max(unconfirmed), count(DISTINCT message_id) "
        "FROM outbox"
    ).fetchone()
    assert rows == (15, 15, 2, 1)


def test_a_refusing_receiver_gets_the_same_id_until_it_takes_the_message(
    conn: duckdb.DuckDBPyConnection, httpserver: HTTPServer
) -> None:
    calls = {"n": 0}
    keys: list[str | None] = []
    taken: list[str] = []

    def half_the_time(request: Request) -> Response:
        calls["n"] += 1
        keys.append(request.headers.get("Idempotency-Key"))
        if calls["n"] % 2 == 1:
            return Response("busy", status=503)
        taken.append(json.loads(request.get_data())["message"])
        return Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(half_the_time)
    channel = webhook(httpserver)
    for i in range(4):
        add_alert(conn, f"a{i}", project_no=i + 1, county=f"第{i}县")
    when = T0
    for _ in range(4):
        deliver(conn, [channel], now=when)
        when += timedelta(hours=1)
    assert len(keys) == 2 and keys[0] == keys[1] and keys[0] is not None
    assert len(taken) == 1
    text = taken[0]
    assert all(text.count(f"县市区：第{i}县") == 1 for i in range(4))
