"""Sending one message part on one channel through apprise, with credentials kept out of logs.

DingTalk's signing (加签) is done here rather than by apprise: apprise 2.0 percent-encodes the
signature and then hands it to ``requests`` as a parameter, which encodes it again, and DingTalk
answers such a request with "sign not match". The signed URL is set on the plugin instead.

A markdown part goes to DingTalk as apprise's markdown message. Apprise sends Feishu text only,
so a markdown part goes to Feishu here, as a message card with one markdown element, posted to
the URL the plugin would use (a relay's included).

Apprise plugins log at debug level the URLs they post to, which hold the bot's token; while a
message is sent, a filter on the ``apprise`` logger masks every credential of the channel in
each record before any handler sees it, and warnings are kept to explain a failure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote, urlencode

import apprise
import httpx

from notify.channels import apprise_url
from notify.messages import MessagePart
from schemas.channel import Channel, scrub
from schemas.errors import MinshengError

APPRISE_LOGGER = "apprise"
# urllib3 logs each request line at debug level, query string (and token) included
SCRUBBED_LOGGERS = (APPRISE_LOGGER, "urllib3.connectionpool", "requests")

DINGTALK_HOST = "https://oapi.dingtalk.com"

# Where each bot's apprise plugin keeps the vendor URL it posts to, and the path under a relay.
RELAY_TARGETS = {
    "dingtalk": ("notify_url", "/robot/send?access_token={token}"),
    "feishu": ("notify_url", "/open-apis/bot/v2/hook/{token}/"),
    "wecom": ("api_url", "/cgi-bin/webhook/send?key={key}"),
}


class DeliveryFailed(MinshengError):
    """A message was not accepted; ``message`` holds no credentials. ``uncertain``: the request
    was written and the answer did not come in time, so the receiver may have taken it."""

    def __init__(self, message: str, *, uncertain: bool = False) -> None:
        super().__init__(message)
        self.uncertain = uncertain


# what requests/urllib3 say when the request went out and the answer did not come back in time
READ_TIMEOUT_MARKERS = ("ReadTimeout", "Read timed out", "ReadTimeoutError")


class _Scrubber(logging.Filter):
    """Masks secrets in every record; remembers each (masked) message, and passes on only the
    records at or above ``level`` (the level the logger had before the send lowered it)."""

    def __init__(self, secrets: list[str], level: int = logging.NOTSET) -> None:
        super().__init__()
        self.secrets = secrets
        self.level = level
        self.seen: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # a record whose arguments do not format: keep only its template
            text = str(record.msg)
        record.msg = scrub(text, self.secrets)
        record.args = ()
        self.seen.append(record.msg)
        return record.levelno >= self.level


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def guarded_logs(secrets: list[str], *, seen: list[str] | None = None) -> Iterator[list[str]]:
    """Mask ``secrets`` in apprise's log records; yields the warnings logged meanwhile. With
    ``seen``, apprise's debug records are read too (into ``seen``; not passed on unless its
    logger was at debug level already): they tell a read timeout from a refused connection."""
    apprise_logger = logging.getLogger(APPRISE_LOGGER)
    level = apprise_logger.level
    effective = apprise_logger.getEffectiveLevel()
    scrubber = _Scrubber(secrets, effective if seen is not None else logging.NOTSET)
    collector = _Warnings()
    loggers = [logging.getLogger(name) for name in SCRUBBED_LOGGERS]
    for logger in loggers:
        logger.addFilter(scrubber)
    loggers[0].addHandler(collector)
    if seen is not None:
        apprise_logger.setLevel(logging.DEBUG)
    try:
        yield collector.messages
    finally:
        apprise_logger.setLevel(level)
        loggers[0].removeHandler(collector)
        for logger in loggers:
            logger.removeFilter(scrubber)
        if seen is not None:
            seen.extend(scrubber.seen)


def _asset() -> apprise.AppriseAsset:
    return apprise.AppriseAsset(
        app_id="minsheng",
        app_desc="minsheng",
        app_url="",
        storage_mode=apprise.PersistentStoreMode.MEMORY,
    )


def with_message_id(channel: Channel, url: str, message_id: str | None) -> str:
    """``url`` with the message's id as an ``Idempotency-Key`` header and an ``id`` field of
    the JSON payload, on a webhook channel (the bots' APIs take no extra headers or fields)."""
    if channel.kind != "webhook" or not message_id:
        return url
    extras = urlencode({"+Idempotency-Key": message_id, ":id": message_id})
    return f"{url}{'&' if '?' in url else '?'}{extras}"


def _plugin(channel: Channel, message_id: str | None = None) -> apprise.NotifyBase:
    url = with_message_id(channel, apprise_url(channel), message_id)
    plugin = apprise.Apprise.instantiate(url, asset=_asset())
    if plugin is None:
        raise DeliveryFailed(f"channel {channel.name}: apprise does not accept its URL")
    plugin.socket_connect_timeout = channel.timeout
    plugin.socket_read_timeout = channel.timeout
    if channel.endpoint is not None and channel.kind in RELAY_TARGETS:
        attribute, path = RELAY_TARGETS[channel.kind]
        if channel.kind == "wecom":
            path = path.format(key=plugin.key)
        setattr(plugin, attribute, channel.endpoint + path)
    if channel.kind == "dingtalk" and plugin.secret:
        secret, plugin.secret = plugin.secret, None
        timestamp, signature = dingtalk_signature(secret, int(time.time() * 1000))
        base = (channel.endpoint or DINGTALK_HOST) + RELAY_TARGETS["dingtalk"][1]
        # "{token}" is left for the plugin to fill; the signature is encoded exactly once
        plugin.notify_url = f"{base}&timestamp={timestamp}&sign={quote(signature, safe='')}"
    return plugin


def dingtalk_signature(secret: str, timestamp_ms: int) -> tuple[str, str]:
    """DingTalk's 加签: base64(HMAC-SHA256(secret, "<ms>\\n<secret>")), not URL-encoded yet."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return str(timestamp_ms), base64.b64encode(digest).decode()


def send(
    channel: Channel,
    part: MessagePart,
    *,
    resolved_only: bool = False,
    message_id: str | None = None,
) -> None:
    """Deliver ``part`` on ``channel``; raises ``DeliveryFailed`` (credentials masked),
    ``uncertain`` when the request went out and its answer did not come in time. A webhook
    receives ``message_id`` as its ``Idempotency-Key`` header and ``id`` field."""
    secrets = channel.secrets()
    notify_type = apprise.NotifyType.SUCCESS if resolved_only else apprise.NotifyType.WARNING
    markdown = part.markup == "markdown"
    seen: list[str] = []
    with guarded_logs(secrets, seen=seen) as warnings:
        try:
            plugin = _plugin(channel, message_id)
            if markdown and channel.kind == "feishu":
                accepted = _send_feishu_card(plugin, channel, part, warnings)
            else:
                accepted = plugin.notify(
                    body=part.body,
                    title=part.title,
                    notify_type=notify_type,
                    body_format=(
                        apprise.NotifyFormat.MARKDOWN if markdown else apprise.NotifyFormat.TEXT
                    ),
                )
        except DeliveryFailed:
            raise
        except Exception as exc:  # any plugin error is a failed delivery, retried next run
            detail = scrub(f"{type(exc).__name__}: {exc}", secrets)
            raise DeliveryFailed(f"channel {channel.name}: {detail}") from None
    if not accepted:
        detail = scrub(warnings[-1], secrets) if warnings else "the service did not accept it"
        uncertain = any(marker in text for text in seen for marker in READ_TIMEOUT_MARKERS)
        if uncertain:
            detail += " (no answer in time: the receiver may have taken it)"
        raise DeliveryFailed(f"channel {channel.name}: {detail}", uncertain=uncertain)


def feishu_card(part: MessagePart, *, resolved_only: bool = False) -> dict[str, object]:
    """A Feishu custom-bot message card: the title as its header, the body as markdown."""
    return {
        "msg_type": "interactive",
        "card": {
            "config": {"wide_screen_mode": True},
            "header": {
                "title": {"tag": "plain_text", "content": part.title},
                "template": "green" if resolved_only else "red",
            },
            "elements": [{"tag": "markdown", "content": part.body}],
        },
    }


def _send_feishu_card(
    plugin: apprise.NotifyBase, channel: Channel, part: MessagePart, warnings: list[str]
) -> bool:
    """Post ``part`` as a card; False (with the reason in ``warnings``) when not accepted."""
    url = plugin.notify_url.format(token=plugin.token)
    resolved_only = all(e.event == "resolved" for e in part.events) and bool(part.events)
    try:
        response = httpx.post(
            url,
            json=feishu_card(part, resolved_only=resolved_only),
            headers={"User-Agent": "minsheng"},
            timeout=channel.timeout,
        )
    except httpx.HTTPError as exc:
        warnings.append(f"Feishu: {type(exc).__name__}: {exc}")
        return False
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    code = answer.get("code", answer.get("StatusCode")) if isinstance(answer, dict) else None
    if response.status_code == 200 and code in (0, None):
        return True
    message = answer.get("msg") if isinstance(answer, dict) else None
    warnings.append(f"Feishu answered HTTP {response.status_code} (code {code}: {message})")
    return False
