"""Fixtures of the notification tests: a migrated warehouse holding alerts, and a mail server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import duckdb
import pytest
from aiosmtpd.controller import Controller

T0 = datetime(2025, 10, 12, 2, 0)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    from warehouse.connection import connect

    connection = connect(tmp_path / "warehouse.duckdb")
    yield connection
    connection.close()


def alert_row(alert_id: str, **over: Any) -> dict[str, Any]:
    """Every column of an alert row: a drop in 青川市 unless told otherwise."""
    row: dict[str, Any] = {
        "id": alert_id,
        "kind": "drop",
        "state": "firing",
        "city": "青川市",
        "year": 2025,
        "level": "province",
        "project_no": 21,
        "project_key": "青川市:2025:province:21",
        "project": "保障性租赁住房建设",
        "indicator": None,
        "county": "安宁区",
        "metric": "进度",
        "metric_key": "",
        "from_period": "2025-08",
        "to_period": "2025-09",
        "from_value": 45.2,
        "to_value": 38.69,
        "pace": 75.0,
        "source_text": "安宁区保障性租赁住房项目因调整建设点位，目前进度为38.69%，较上月回落。",
        "sha256": "ab" * 32,
        "page": 3,
        "line": 12,
        "first_seen": T0,
        "last_seen": T0,
        "resolved_at": None,
        "last_notified": None,
        "resolved_period": None,
    }
    row.update(over)
    return row


def add_alert(conn: duckdb.DuckDBPyConnection, alert_id: str, **over: Any) -> dict[str, Any]:
    """Insert an alert row (see ``alert_row``); returns its fields."""
    from warehouse.alerts import ALL_COLUMNS

    row = alert_row(alert_id, **over)
    marks = ", ".join("?" for _ in ALL_COLUMNS)
    columns = ", ".join(ALL_COLUMNS)  # fixed names
    conn.execute(f"INSERT INTO alerts ({columns}) VALUES ({marks})", [row[c] for c in ALL_COLUMNS])
    return row


def resolve(conn: duckdb.DuckDBPyConnection, alert_id: str, when: datetime) -> None:
    conn.execute(
        "UPDATE alerts SET state = 'resolved', resolved_at = ? WHERE id = ?", [when, alert_id]
    )


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on loopback keeping what it receives."""
    box = Mailbox("127.0.0.1", free_port())
    controller = Controller(box, hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()
