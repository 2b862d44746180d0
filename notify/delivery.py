"""``deliver``: queue new alert events in the outbox, then send each channel what it has pending.

Per channel, everything pending goes out in one grouped message, or in as few parts as the
channel's size limit allows. Each part is marked delivered as soon as it was accepted, before
the next part is tried; the first failure stops that channel for this run and leaves the rest
pending (attempts + 1, last error with credentials masked) for the next run. So an event is
never lost and never sent twice, however often a receiver fails.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import duckdb

from notify import outbox
from notify.channels import max_bytes
from notify.messages import AlertEvent, MessagePart, compose
from notify.transport import DeliveryFailed, send
from schemas.channel import Channel, scrub
from schemas.errors import MinshengError
from warehouse.alerts import mark_notified
from warehouse.connection import as_utc, utc_now

log = logging.getLogger(__name__)


@dataclass
class ChannelOutcome:
    channel: str
    parts_sent: int = 0
    events_delivered: int = 0
    events_pending: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class DeliveryReport:
    queued_firing: int = 0
    queued_resolved: int = 0
    requeued: int = 0
    channels: list[ChannelOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.channels)

    @property
    def events_delivered(self) -> int:
        return sum(c.events_delivered for c in self.channels)

    @property
    def events_pending(self) -> int:
        return sum(c.events_pending for c in self.channels)

    def summary(self) -> str:
        """One line for logs and the CLI (no credentials: errors are masked already)."""
        lines = [
            f"新增排队 {self.queued_firing} 条预警、{self.queued_resolved} 条恢复"
            + (f"、{self.requeued} 条重复提醒" if self.requeued else "")
        ]
        for c in self.channels:
            state = "成功" if c.ok else f"失败（{c.error}）"
            lines.append(
                f"{c.channel}: 发送 {c.parts_sent} 条消息，送达 {c.events_delivered} 项，"
                f"待发 {c.events_pending} 项，{state}"
            )
        return "；".join(lines)


def _naive_utc(moment: datetime | None) -> datetime:
    return as_utc(moment) if moment is not None else utc_now()


def deliver(
    conn: duckdb.DuckDBPyConnection,
    channels: list[Channel],
    *,
    now: datetime | None = None,
    repeat_after: timedelta | None = None,
    kinds: Sequence[str] = outbox.MESSAGE_KINDS,
) -> DeliveryReport:
    """Queue new firing and newly resolved alerts for every channel, then deliver what is pending.

    ``repeat_after`` queues a still-firing alert again once its last notice on a channel is at
    least that old (no repeats without it). Only alerts of ``kinds`` are queued (by default
    not ``inconsistent``).
    """
    when = _naive_utc(now)
    names = [c.name for c in channels]
    if len(set(names)) != len(names):
        raise MinshengError("two channels have the same name")
    if repeat_after is not None and repeat_after <= timedelta(0):
        raise MinshengError("repeat_after must be a positive duration")
    queued = outbox.enqueue(conn, names, now=when, repeat_after=repeat_after, kinds=kinds)
    report = DeliveryReport(queued.firing, queued.resolved, queued.repeated)
    for channel in channels:
        report.channels.append(_deliver_channel(conn, channel, when))
    return report


def _compose(channel: Channel, events: Sequence[AlertEvent]) -> list[MessagePart]:
    """The parts announcing ``events`` on ``channel``: its size limit, part limit, mentions."""
    return compose(
        events,
        max_bytes=max_bytes(channel),
        max_parts=channel.max_parts,
        mentions=channel.mention if channel.kind == "dingtalk" else [],
    )


def _send(channel: Channel, part: MessagePart) -> None:
    send(channel, part, resolved_only=all(e.event == "resolved" for e in part.events))


def _deliver_channel(
    conn: duckdb.DuckDBPyConnection, channel: Channel, when: datetime
) -> ChannelOutcome:
    outcome = ChannelOutcome(channel.name)
    events = outbox.pending(conn, channel.name)
    parts = _compose(channel, events)
    remaining = len(events)
    for part in parts:
        keys = [e.key for e in part.events]
        try:
            _send(channel, part)
        except DeliveryFailed as exc:
            error = scrub(exc.message, channel.secrets())
            outbox.mark_failed(conn, channel.name, keys, error, when)
            outcome.error = error
            log.warning("delivery on %s failed: %s", channel.name, error)
            break
        outbox.mark_delivered(conn, channel.name, keys, when)
        mark_notified(conn, sorted({e.alert.id for e in part.events}), when)
        outcome.parts_sent += 1
        outcome.events_delivered += len(keys)
        remaining -= len(keys)
    outcome.events_pending = remaining
    return outcome


def pending_parts(
    conn: duckdb.DuckDBPyConnection, channels: Sequence[Channel]
) -> dict[str, list[MessagePart]]:
    """The message parts each channel would be sent now (nothing is queued or sent)."""
    return {c.name: _compose(c, outbox.pending(conn, c.name)) for c in channels}


def send_test(channel: Channel, *, now: datetime | None = None) -> MessagePart:
    """Send a short test message on ``channel`` (the outbox is not touched); raises
    ``DeliveryFailed``. Returns what was sent."""
    moment = _naive_utc(now)
    part = MessagePart(
        title="重点民生实事进度预警：通知测试",
        body=(
            f"这是一条来自 minsheng 的测试消息（通道：{channel.name}，类型：{channel.kind}，"
            f"时间：{moment:%Y-%m-%d %H:%M} UTC）。收到即说明预警通知配置正确。"
        ),
    )
    send(channel, part, resolved_only=True)
    return part
