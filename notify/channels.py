"""Channels from configuration, and the apprise URL each channel is delivered through.

``channels_from_config`` takes the ``[[channels]]`` tables of ``minsheng.toml`` (or the JSON list in
``MINSHENG_CHANNELS``) as plain dicts. The bots' https URLs are turned into apprise URLs here:

==========  ==============================================================  =======================
kind        https URL the service gives                                     apprise URL
==========  ==============================================================  =======================
dingtalk    https://oapi.dingtalk.com/robot/send?access_token=TOKEN         dingtalk://[SECRET@]TOKEN/
wecom       https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY        wecombot://KEY
feishu      https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN              feishu://TOKEN
webhook     https://host[:port]/path?a=b                                    jsons://host[:port]/path?-a=b
email       (apprise only)                                                  mailtos://user:pass@smtp.host:465?...
==========  ==============================================================  =======================
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import regex
from pydantic import ValidationError

from schemas.channel import Channel, ChannelKind, scrub
from schemas.errors import MinshengError

# https://oapi.dingtalk.com/robot/send?access_token=1f0c9e6a7b2d4c8e9f...
# (the token is taken whole, up to "&" or the end; apprise checks its characters when sending)
DINGTALK_HOOK = regex.compile(
    r"^https?://oapi\.dingtalk\.com/robot/send/?\?(?:.*&)?access_token=(?P<token>[A-Za-z0-9_-]+)(?:&|$)"
)
# https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa
WECOM_HOOK = regex.compile(
    r"^https?://qyapi\.weixin\.qq\.com/cgi-bin/webhook/send/?\?(?:.*&)?key=(?P<key>[A-Za-z0-9_-]+)(?:&|$)"
)
# https://open.feishu.cn/open-apis/bot/v2/hook/0b7a5f2e-4c1d-4f3e-9a8b-2d6c1e0f9a77
FEISHU_HOOK = regex.compile(
    r"^https?://open\.(?:feishu\.cn|larksuite\.com)/open-apis/bot/v2/hook/(?P<token>[A-Za-z0-9_-]+)/?$"
)
# +86 138 0013 8000, 13800138000
MOBILE = regex.compile(r"^\+?[0-9][0-9 -]{9,18}[0-9]$")

# The apprise schemes each kind accepts.
APPRISE_SCHEMES: dict[ChannelKind, tuple[str, ...]] = {
    "dingtalk": ("dingtalk",),
    "wecom": ("wecombot",),
    "feishu": ("feishu",),
    "email": ("mailto", "mailtos"),
    "webhook": ("json", "jsons"),
}

# Largest message (title + body, UTF-8 bytes) per kind when the channel does not say.
# WeCom group bots refuse text over 2048 bytes; DingTalk takes about 20000; Feishu's limit is
# 20 KB of request body and apprise escapes each CJK character as \uXXXX (6 bytes), so half.
DEFAULT_MAX_BYTES: dict[ChannelKind, int | None] = {
    "dingtalk": 18000,
    "wecom": 2048,
    "feishu": 9000,
    "email": None,
    "webhook": None,
}


class ChannelConfigError(MinshengError):
    """A channel entry in the configuration that cannot be used."""


def channels_from_config(entries: Iterable[Mapping[str, Any]]) -> list[Channel]:
    """Build channels from configuration tables; raises ``ChannelConfigError`` (no secrets shown).

    Each entry: ``name``, ``kind``, ``url`` and optionally ``secret``, ``mention``, ``max_bytes``,
    ``max_parts``, ``endpoint``, ``timeout``. Names must be unique.
    """
    channels: list[Channel] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, Mapping):
            raise ChannelConfigError(f"channel #{number} is not a table")
        label = str(entry.get("name") or f"#{number}")
        try:
            channel = Channel.model_validate(dict(entry))
        except ValidationError as exc:
            raise ChannelConfigError(f"channel {label}: {_validation_summary(exc)}") from None
        if channel.name in seen:
            raise ChannelConfigError(f"channel {label}: the name is used twice")
        seen.add(channel.name)
        try:
            apprise_url(channel)
        except ChannelConfigError as exc:
            raise ChannelConfigError(f"channel {label}: {exc.message}") from None
        channels.append(channel)
    return channels


def _validation_summary(exc: ValidationError) -> str:
    # the messages only, never the input values (a URL holds its token)
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "entry"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def max_bytes(channel: Channel) -> int | None:
    """The size limit of a message on ``channel`` in UTF-8 bytes, or None for no limit."""
    return channel.max_bytes if channel.max_bytes is not None else DEFAULT_MAX_BYTES[channel.kind]


def apprise_url(channel: Channel) -> str:
    """The apprise URL ``channel`` is delivered through (holds secrets: never log it)."""
    raw = channel.url.get_secret_value().strip()
    scheme = urlsplit(raw).scheme.lower()
    kind = channel.kind
    if scheme in APPRISE_SCHEMES[kind]:
        url = raw
    elif scheme in ("http", "https"):
        url = _from_https(kind, raw)
    else:
        expected = " or ".join(f"{s}://" for s in APPRISE_SCHEMES[kind])
        raise ChannelConfigError(f"a {kind} channel needs a URL starting with {expected}")
    if kind == "dingtalk":
        url = _dingtalk_extras(url, channel)
    elif channel.mention:
        raise ChannelConfigError(f"mention is supported on dingtalk channels only, not {kind}")
    if channel.secret is not None and kind != "dingtalk":
        raise ChannelConfigError(f"secret is a DingTalk signing secret; a {kind} channel has none")
    if channel.endpoint is not None and kind not in ("dingtalk", "wecom", "feishu"):
        raise ChannelConfigError("endpoint applies to the dingtalk, wecom and feishu bots only")
    return url


def _from_https(kind: ChannelKind, raw: str) -> str:
    if kind == "dingtalk":
        match = DINGTALK_HOOK.match(raw)
        if match:
            return f"dingtalk://{match['token']}/"
    elif kind == "wecom":
        match = WECOM_HOOK.match(raw)
        if match:
            return f"wecombot://{match['key']}"
    elif kind == "feishu":
        match = FEISHU_HOOK.match(raw)
        if match:
            return f"feishu://{match['token']}"
    elif kind == "webhook":
        return _json_url(raw)
    else:
        raise ChannelConfigError("an email channel needs a mailto:// or mailtos:// URL")
    raise ChannelConfigError(f"the URL is not a {kind} bot webhook URL")


def _json_url(raw: str) -> str:
    parts = urlsplit(raw)
    if not parts.hostname:
        raise ChannelConfigError("the webhook URL has no host")
    scheme = "jsons" if parts.scheme == "https" else "json"
    auth = ""
    if parts.username:
        auth = parts.username + (f":{parts.password}" if parts.password else "") + "@"
    port = f":{parts.port}" if parts.port else ""
    # apprise passes query parameters prefixed with "-" on as GET parameters
    query = urlencode([(f"-{k}", v) for k, v in parse_qsl(parts.query, keep_blank_values=True)])
    path = parts.path or "/"
    return f"{scheme}://{auth}{parts.hostname}{port}{path}" + (f"?{query}" if query else "")


def _dingtalk_extras(url: str, channel: Channel) -> str:
    parts = urlsplit(url)
    if channel.secret is not None and not parts.username:
        secret = quote(channel.secret.get_secret_value(), safe="")
        url = url.replace("dingtalk://", f"dingtalk://{secret}@", 1)
    if channel.mention:
        for phone in channel.mention:
            if not MOBILE.match(phone):
                raise ChannelConfigError("mention holds mobile numbers (11 to 14 digits)")
        sep = "&" if "?" in url else "?"
        url = f"{url}{sep}" + urlencode({"to": ",".join(channel.mention)})
    return url


def describe(channel: Channel) -> str:
    """A line about ``channel`` fit for logs: name, kind and the URL with credentials masked."""
    return scrub(str(channel), channel.secrets())
