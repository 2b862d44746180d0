"""The outbox: which alert events each channel still has to receive (table ``outbox``).

Each firing alert is queued once per channel, and once more when it resolves (only where its
firing notice was queued on that channel: a channel is never told of a recovery it did not hear
the alert of). Rows stay pending until the message carrying them was accepted; a repeat policy
queues a still-firing alert again once its last notice is older than ``repeat_after``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from notify.messages import AlertEvent, Event
from warehouse.alerts import ALL_COLUMNS, as_alert
from warehouse.connection import transaction

ENQUEUE_FIRING = """
INSERT INTO outbox (alert_id, channel, event, created_at)
SELECT DISTINCT a.id, c.name, 'firing', ?
FROM alerts AS a
CROSS JOIN (SELECT DISTINCT unnest(?::VARCHAR[]) AS name) AS c
WHERE a.state = 'firing'
  AND list_contains(?::VARCHAR[], a.kind)
  AND NOT EXISTS (
      SELECT 1 FROM outbox AS o
      WHERE o.alert_id = a.id AND o.channel = c.name AND o.event = 'firing'
  )
"""
# the kinds of alert messages tell of unless told otherwise: inconsistent figures are for the
# report, the workbook and `minsheng audit`
MESSAGE_KINDS = ("drop", "behind_schedule")

ENQUEUE_RESOLVED = """
INSERT INTO outbox (alert_id, channel, event, created_at)
SELECT DISTINCT a.id, f.channel, 'resolved', ?
FROM alerts AS a
JOIN outbox AS f ON f.alert_id = a.id AND f.event = 'firing'
WHERE a.state = 'resolved'
  AND list_contains(?::VARCHAR[], f.channel)
  AND NOT EXISTS (
      SELECT 1 FROM outbox AS o
      WHERE o.alert_id = a.id AND o.channel = f.channel AND o.event = 'resolved'
  )
"""

# an alert withdrawn before anyone was told of it (its circular was replaced) is not announced
DROP_RETRACTED = """
DELETE FROM outbox
WHERE delivered_at IS NULL AND alert_id NOT IN (SELECT id FROM alerts)
"""

REQUEUE_REPEATS = """
UPDATE outbox SET delivered_at = NULL, attempts = 0, last_error = NULL, repeats = repeats + 1
WHERE event = 'firing'
  AND delivered_at IS NOT NULL
  AND delivered_at <= ?
  AND list_contains(?::VARCHAR[], channel)
  AND alert_id IN (SELECT id FROM alerts WHERE state = 'firing')
"""

PENDING = (
    "SELECT o.event, o.repeats, "
    + ", ".join(f"a.{c}" for c in ALL_COLUMNS)
    + """, d.filename
FROM outbox AS o
JOIN alerts AS a ON a.id = o.alert_id
LEFT JOIN documents AS d ON d.sha256 = a.sha256
WHERE o.channel = ? AND o.delivered_at IS NULL
ORDER BY o.created_at, a.id, o.event
"""
)

MARK_DELIVERED = """
UPDATE outbox SET delivered_at = ?, last_attempt = ?, attempts = attempts + 1, last_error = NULL
WHERE channel = ? AND alert_id = ? AND event = ? AND delivered_at IS NULL
"""

MARK_FAILED = """
UPDATE outbox SET last_attempt = ?, attempts = attempts + 1, last_error = ?
WHERE channel = ? AND alert_id = ? AND event = ? AND delivered_at IS NULL
"""


@dataclass(frozen=True)
class Queued:
    firing: int
    resolved: int
    repeated: int

    @property
    def total(self) -> int:
        return self.firing + self.resolved + self.repeated


def enqueue(
    conn: duckdb.DuckDBPyConnection,
    channels: Sequence[str],
    *,
    now: datetime,
    repeat_after: timedelta | None = None,
    kinds: Sequence[str] = MESSAGE_KINDS,
) -> Queued:
    """Queue new firing and newly resolved alerts of ``kinds`` for each channel; returns how many
    rows."""
    names = sorted(set(channels))
    if not names:
        return Queued(0, 0, 0)
    with transaction(conn):
        conn.execute(DROP_RETRACTED)
        repeated = 0
        if repeat_after is not None:
            repeated = _count(conn.execute(REQUEUE_REPEATS, [now - repeat_after, names]))
        firing = _count(conn.execute(ENQUEUE_FIRING, [now, names, list(kinds)]))
        resolved = _count(conn.execute(ENQUEUE_RESOLVED, [now, names]))
    return Queued(firing, resolved, repeated)


def _count(cursor: duckdb.DuckDBPyConnection) -> int:
    row = cursor.fetchone()
    return int(row[0]) if row else 0


def pending(conn: duckdb.DuckDBPyConnection, channel: str) -> list[AlertEvent]:
    """The events still to deliver on ``channel``, oldest first."""
    rows = conn.execute(PENDING, [channel]).fetchall()
    events = []
    for event, repeats, *columns, filename in rows:
        record = dict(zip(ALL_COLUMNS, columns, strict=True))
        events.append(
            AlertEvent(
                alert=as_alert(record),
                event=event,
                repeat=event == "firing" and repeats > 0,
                page=record["page"],
                line=record["line"],
                filename=filename,
            )
        )
    return events


def mark_delivered(
    conn: duckdb.DuckDBPyConnection,
    channel: str,
    keys: Sequence[tuple[str, Event]],
    when: datetime,
) -> None:
    with transaction(conn):
        conn.executemany(MARK_DELIVERED, [[when, when, channel, aid, event] for aid, event in keys])


def mark_failed(
    conn: duckdb.DuckDBPyConnection,
    channel: str,
    keys: Sequence[tuple[str, Event]],
    error: str,
    when: datetime,
) -> None:
    with transaction(conn):
        conn.executemany(MARK_FAILED, [[when, error, channel, aid, event] for aid, event in keys])
