"""Alert notifications: Chinese messages, the outbox, delivery through apprise.

``deliver(conn, channels, now=..., repeat_after=...)`` queues each new firing and each newly
resolved alert once per channel and sends every channel what it has pending, grouped in one
message (or as few parts as its size limit allows). ``channels_from_config`` builds the channels
from the ``[[channels]]`` tables of ``minsheng.toml``.
"""

from notify.channels import ChannelConfigError, apprise_url, channels_from_config
from notify.delivery import ChannelOutcome, DeliveryReport, deliver, pending_parts, send_test
from notify.messages import AlertEvent, MessagePart, compose
from notify.transport import DeliveryFailed

__all__ = [
    "AlertEvent",
    "ChannelConfigError",
    "ChannelOutcome",
    "DeliveryFailed",
    "DeliveryReport",
    "MessagePart",
    "apprise_url",
    "channels_from_config",
    "compose",
    "deliver",
    "pending_parts",
    "send_test",
]
