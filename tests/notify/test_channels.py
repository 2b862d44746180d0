"""Channels from configuration: apprise URLs per kind, clear errors, credentials never shown."""

from __future__ import annotations

from typing import Any

import pytest

from notify.channels import (
    DINGTALK_HOOK,
    FEISHU_HOOK,
    MOBILE,
    WECOM_HOOK,
    ChannelConfigError,
    apprise_url,
    channels_from_config,
    describe,
    max_bytes,
)
from schemas.channel import Channel

DING_TOKEN = "7c2f0e9a41b84d6fa3c5e1d09b8a7f6e5d4c3b2a19081726354453627180f9e8"
DING_SECRET = "SEC3f1e2d4c5b6a79880f1e2d3c4b5a69788f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c"
WECOM_KEY = "693a91f6-7b2c-4bc4-97a0-0ec2f1a5aa5b"
FEISHU_TOKEN = "0b7a5f2e-4c1d-4f3e-9a8b-2d6c1e0f9a77"
DING_URL = f"https://oapi.dingtalk.com/robot/send?access_token={DING_TOKEN}"
WECOM_URL = f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}"
FEISHU_URL = f"https://open.feishu.cn/open-apis/bot/v2/hook/{FEISHU_TOKEN}"


@pytest.mark.parametrize(
    ("pattern", "text", "group", "value"),
    [
        (DINGTALK_HOOK, DING_URL, "token", DING_TOKEN),
        (DINGTALK_HOOK, DING_URL.replace("?", "?x=1&"), "token", DING_TOKEN),
        (DINGTALK_HOOK, "https://example.org/robot/send?access_token=abc", "token", None),
        (DINGTALK_HOOK, DING_URL.replace(DING_TOKEN, "REPLACE_ME"), "token", "REPLACE_ME"),
        (DINGTALK_HOOK, DING_URL.replace(DING_TOKEN, "x%y"), "token", None),
        (WECOM_HOOK, WECOM_URL, "key", WECOM_KEY),
        (WECOM_HOOK, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "key", None),
        (WECOM_HOOK, WECOM_URL + "&debug=1", "key", WECOM_KEY),
        (WECOM_HOOK, WECOM_URL + "#x", "key", None),
        (FEISHU_HOOK, FEISHU_URL, "token", FEISHU_TOKEN),
        (FEISHU_HOOK, FEISHU_URL.replace("feishu.cn", "larksuite.com"), "token", FEISHU_TOKEN),
        (FEISHU_HOOK, "https://open.feishu.cn/open-apis/bot/v2/", "token", None),
        (MOBILE, "13800138000", None, "13800138000"),
        (MOBILE, "+86 138 0013 8000", None, "+86 138 0013 8000"),
        (MOBILE, "ops-team", None, None),
    ],
)  # fmt: skip
def test_patterns(pattern: Any, text: str, group: str | None, value: str | None) -> None:
    match = pattern.match(text)
    if value is None:
        assert match is None
    else:
        assert match is not None
        assert (match[group] if group else match[0]) == value


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            {"kind": "dingtalk", "url": f"https://oapi.dingtalk.com/robot/send?access_token={DING_TOKEN}"},
            f"dingtalk://{DING_TOKEN}/",
        ),
        (
            {
                "kind": "dingtalk",
                "url": f"https://oapi.dingtalk.com/robot/send?access_token={DING_TOKEN}",
                "secret": DING_SECRET,
                "mention": ["13800138000"],
            },
            f"dingtalk://{DING_SECRET}@{DING_TOKEN}/?to=13800138000",
        ),
        (
            {"kind": "wecom", "url": f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={WECOM_KEY}"},
            f"wecombot://{WECOM_KEY}",
        ),
        (
            {"kind": "feishu", "url": f"https://open.feishu.cn/open-apis/bot/v2/hook/{FEISHU_TOKEN}"},
            f"feishu://{FEISHU_TOKEN}",
        ),
        (
            {"kind": "webhook", "url": "https://hooks.example.org:8443/minsheng/alerts?team=ops"},
            "jsons://hooks.example.org:8443/minsheng/alerts?-team=ops",
        ),
        ({"kind": "webhook", "url": "http://10.0.0.5/hook"}, "json://10.0.0.5/hook"),
        (
            {"kind": "email", "url": "mailtos://bot:pw@smtp.example.org:465?to=ops@example.org"},
            "mailtos://bot:pw@smtp.example.org:465?to=ops@example.org",
        ),
        ({"kind": "wecom", "url": f"wecombot://{WECOM_KEY}"}, f"wecombot://{WECOM_KEY}"),
    ],
)  # fmt: skip
def test_https_urls_become_apprise_urls(entry: dict[str, Any], expected: str) -> None:
    [channel] = channels_from_config([{"name": "ops", **entry}])
    assert apprise_url(channel) == expected


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"kind": "wecom", "url": "https://example.org/send?key=x"}, "not a wecom bot webhook URL"),
        ({"kind": "email", "url": "https://mail.example.org"}, "mailto:// or mailtos://"),
        ({"kind": "sms", "url": "x://y"}, "kind"),
        ({"kind": "webhook"}, "url: Field required"),
        ({"kind": "webhook", "url": "json://h/p", "max_bytes": 10}, "max_bytes"),
        ({"kind": "feishu", "url": FEISHU_URL, "mention": ["13800138000"]}, "dingtalk channels"),
        ({"kind": "wecom", "url": f"wecombot://{WECOM_KEY}", "secret": "SECabc"}, "signing secret"),
        ({"kind": "webhook", "url": "json://h/p", "endpoint": "http://relay"}, "endpoint applies"),
        ({"kind": "dingtalk", "url": DING_URL, "mention": ["boss"]}, "mobile numbers"),
        ({"kind": "webhook", "url": "json://h/p", "colour": "red"}, "colour"),
    ],
)  # fmt: skip
def test_bad_entries_give_a_clear_error(entry: dict[str, Any], message: str) -> None:
    with pytest.raises(ChannelConfigError) as caught:
        channels_from_config([{"name": "ops", **entry}])
    assert message in caught.value.message
    assert caught.value.message.startswith("channel ops: ")


def test_errors_and_descriptions_never_show_credentials() -> None:
    url = f"https://oapi.dingtalk.com/robot/send?access_token={DING_TOKEN}"
    with pytest.raises(ChannelConfigError) as caught:
        channels_from_config([{"name": "ops", "kind": "dingtalk", "url": url, "timeout": -1}])
    assert DING_TOKEN not in caught.value.message
    [channel] = channels_from_config(
        [{"name": "ops", "kind": "dingtalk", "url": url, "secret": DING_SECRET}]
    )
    for text in (repr(channel), str(channel), describe(channel), channel.model_dump_json()):
        assert DING_TOKEN not in text
        assert DING_SECRET not in text
    assert (
        describe(channel) == "ops (dingtalk: https://oapi.dingtalk.com/robot/send?access_token=***)"
    )


def test_email_password_is_masked() -> None:
    channel = Channel(name="mail", kind="email", url="mailtos://bot:s3cr%40t@smtp.example.org")
    assert "s3cr" not in str(channel)
    assert "s3cr@t" in channel.secrets()


def test_names_must_be_unique() -> None:
    entry = {"name": "ops", "kind": "webhook", "url": "json://h/p"}
    with pytest.raises(ChannelConfigError, match="used twice"):
        channels_from_config([entry, entry])


def test_size_limit_defaults_per_kind_and_can_be_set() -> None:
    wecom = Channel(name="w", kind="wecom", url=f"wecombot://{WECOM_KEY}")
    assert max_bytes(wecom) == 2048
    assert max_bytes(wecom.model_copy(update={"max_bytes": 1024})) == 1024
    assert max_bytes(Channel(name="m", kind="email", url="mailto://h")) is None
