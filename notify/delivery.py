"""``deliver``: queue new alert events in the outbox, then send each channel what it has pending.

Per channel, everything pending goes out in one grouped message, or in as few parts as the
channel's size limit allows. Each part is marked delivered as soon as it was accepted, before
the next part is tried; the first failure stops that channel for this run and leaves the rest
pending (attempts + 1, last error with credentials masked) for the next run.

Each part has an id, the same whenever the same events go out on the same channel (a webhook
gets it as ``Idempotency-Key`` header and ``id`` field). A receiver that refuses a message or
cannot be reached gets it again next run: each event arrives exactly once. A receiver that takes
the request and answers after the timeout may or may not have it; such a send is counted
(``unconfirmed``) and sent again once at most, with the same id: each event arrives at least
once and at most ``MAX_UNCONFIRMED`` times, exactly once to a receiver that drops repeated ids.
"""

from __future__ import annotations

import hashlib
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

# the bots that render markdown; WeCom's text bot, e-mail and JSON webhooks get plain text
MARKDOWN_KINDS = frozenset({"dingtalk", "feishu"})


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
    report_url: str | None = None,
    kinds: Sequence[str] = outbox.MESSAGE_KINDS,
) -> DeliveryReport:
    """Queue new firing and newly resolved alerts for every channel, then deliver what is pending.

    ``repeat_after`` queues a still-firing alert again once its last notice on a channel is at
    least that old (no repeats without it). ``report_url``, when given, ends each message with a
    link to the published report. Only alerts of ``kinds`` are queued (by default not
    ``inconsistent``).
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
        report.channels.append(_deliver_channel(conn, channel, when, report_url))
    return report


def _compose(
    channel: Channel, events: Sequence[AlertEvent], report_url: str | None = None
) -> list[MessagePart]:
    """The parts announcing ``events`` on ``channel``: its size limit, part limit, mentions,
    markdown where the channel renders it."""
    return compose(
        events,
        max_bytes=max_bytes(channel),
        max_parts=channel.max_parts,
        mentions=channel.mention if channel.kind == "dingtalk" else [],
        markup="markdown" if channel.kind in MARKDOWN_KINDS else "text",
        report_url=report_url,
    )


def message_id(channel: str, keys: Sequence[tuple[str, str, int]]) -> str:
    """The id of a message carrying ``keys`` (alert id, event, times queued again) on
    ``channel``: the same events on the same channel always give the same id."""
    text = "\n".join([channel, *(f"{a}\t{e}\t{r}" for a, e, r in sorted(keys))])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _send(channel: Channel, part: MessagePart, identifier: str) -> None:
    send(
        channel,
        part,
        resolved_only=all(e.event == "resolved" for e in part.events),
        message_id=identifier,
    )


def _deliver_channel(
    conn: duckdb.DuckDBPyConnection, channel: Channel, when: datetime, report_url: str | None
) -> ChannelOutcome:
    outcome = ChannelOutcome(channel.name)
    events = outbox.pending(conn, channel.name)
    repeats = outbox.repeat_counts(conn, channel.name)
    parts = _compose(channel, events, report_url)
    remaining = len(events)
    for part in parts:
        keys = [e.key for e in part.events]
        identifier = message_id(channel.name, [(a, e, repeats.get((a, e), 0)) for a, e in keys])
        try:
            _send(channel, part, identifier)
        except DeliveryFailed as exc:
            error = scrub(exc.message, channel.secrets())
            if exc.uncertain:
                given_up = outbox.mark_unconfirmed(
                    conn, channel.name, keys, error, when, identifier
                )
                outcome.events_delivered += given_up
                remaining -= given_up
            else:
                outbox.mark_failed(conn, channel.name, keys, error, when)
            outcome.error = error
            log.warning("delivery on %s failed: %s", channel.name, error)
            break
        outbox.mark_delivered(conn, channel.name, keys, when, identifier)
        mark_notified(conn, sorted({e.alert.id for e in part.events}), when)
        outcome.parts_sent += 1
        outcome.events_delivered += len(keys)
        remaining -= len(keys)
    outcome.events_pending = remaining
    return outcome


def pending_parts(
    conn: duckdb.DuckDBPyConnection, channels: Sequence[Channel], report_url: str | None = None
) -> dict[str, list[MessagePart]]:
    """The message parts each channel would be sent now (nothing is queued or sent)."""
    return {c.name: _compose(c, outbox.pending(conn, c.name), report_url) for c in channels}


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
