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
    + """, d.filename, d.title, d.issued
FROM outbox AS o
JOIN alerts AS a ON a.id = o.alert_id
LEFT JOIN documents AS d ON d.sha256 = a.sha256
WHERE o.channel = ? AND o.delivered_at IS NULL
ORDER BY o.created_at, a.id, o.event
"""
)

MARK_DELIVERED = """
UPDATE outbox SET delivered_at = ?, last_attempt = ?, attempts = attempts + 1, last_error = NULL,
    message_id = ?
WHERE channel = ? AND alert_id = ? AND event = ? AND delivered_at IS NULL
"""

# a send that timed out after the request was written: counted; at the limit, not sent again
MARK_UNCONFIRMED = """
UPDATE outbox SET last_attempt = ?, attempts = attempts + 1, last_error = ?, message_id = ?,
    unconfirmed = unconfirmed + 1,
    delivered_at = CASE WHEN unconfirmed + 1 >= ? THEN ? ELSE NULL END
WHERE channel = ? AND alert_id = ? AND event = ? AND delivered_at IS NULL
"""

# sends of one row whose outcome was unknown before it is no longer sent (at most this many)
MAX_UNCONFIRMED = 2

REPEATS = "SELECT alert_id, event, repeats FROM outbox WHERE channel = ? AND delivered_at IS NULL"

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
    for event, repeats, *columns, filename, title, issued in rows:
        record = dict(zip(ALL_COLUMNS, columns, strict=True))
        events.append(
            AlertEvent(
                alert=as_alert(record),
                event=event,
                repeat=event == "firing" and repeats > 0,
                page=record["page"],
                line=record["line"],
                filename=filename,
                title=title,
                issued=issued,
            )
        )
    return events


def repeat_counts(conn: duckdb.DuckDBPyConnection, channel: str) -> dict[tuple[str, str], int]:
    """How often each pending row of ``channel`` was queued again (part of a message's id)."""
    rows = conn.execute(REPEATS, [channel]).fetchall()
    return {(str(aid), str(event)): int(repeats) for aid, event, repeats in rows}


def mark_delivered(
    conn: duckdb.DuckDBPyConnection,
    channel: str,
    keys: Sequence[tuple[str, Event]],
    when: datetime,
    message_id: str | None = None,
) -> None:
    with transaction(conn):
        conn.executemany(
            MARK_DELIVERED,
            [[when, when, message_id, channel, aid, event] for aid, event in keys],
        )


def mark_unconfirmed(
    conn: duckdb.DuckDBPyConnection,
    channel: str,
    keys: Sequence[tuple[str, Event]],
    error: str,
    when: datetime,
    message_id: str,
) -> int:
    """Count a send whose answer did not come; returns how many rows reached
    ``MAX_UNCONFIRMED`` and are no longer sent."""
    with transaction(conn):
        conn.executemany(
            MARK_UNCONFIRMED,
            [
                [when, error, message_id, MAX_UNCONFIRMED, when, channel, aid, event]
                for aid, event in keys
            ],
        )
        given_up = conn.execute(
            "SELECT count(*) FROM outbox WHERE channel = ? AND message_id = ? "
            "AND delivered_at = ? AND unconfirmed >= ?",
            [channel, message_id, when, MAX_UNCONFIRMED],
        ).fetchone()
    return int(given_up[0]) if given_up else 0


def mark_failed(
    conn: duckdb.DuckDBPyConnection,
    channel: str,
    keys: Sequence[tuple[str, Event]],
    error: str,
    when: datetime,
) -> None:
    with transaction(conn):
        conn.executemany(MARK_FAILED, [[when, error, channel, aid, event] for aid, event in keys])
