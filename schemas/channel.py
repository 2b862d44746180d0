"""Where alerts are delivered: a named channel of one kind (a group bot, e-mail, a JSON webhook).

A channel's URL carries its credentials (a bot's access token, an SMTP password), so it is a
``SecretStr`` like the signing secret: ``repr``/``str`` of a channel never show them, and
``Channel.redacted_url`` gives the URL with every credential masked for messages and logs.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import parse_qsl, unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

ChannelKind = Literal["dingtalk", "wecom", "feishu", "email", "webhook"]

# Query parameters whose values are credentials in the URLs of the supported services.
SECRET_QUERY_KEYS = frozenset(
    {"access_token", "key", "token", "secret", "sign", "password", "pass"}
)


class Channel(BaseModel):
    """A destination for alert messages.

    ``url`` is either an apprise URL (``dingtalk://…``, ``wecombot://…``, ``feishu://…``,
    ``mailtos://…``, ``jsons://…``) or, for the bots and webhooks, the https URL the service
    gives (``https://oapi.dingtalk.com/robot/send?access_token=…``), converted by ``notify``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=64, description="key of the channel in the outbox")
    kind: ChannelKind
    url: SecretStr = Field(description="apprise URL or the service's https webhook URL")
    secret: SecretStr | None = Field(
        default=None, description="DingTalk signing secret (加签, starts with SEC)"
    )
    mention: list[str] = Field(
        default_factory=list, description="DingTalk: mobile numbers to @ in the group"
    )
    max_bytes: int | None = Field(
        default=None,
        ge=200,
        description="largest message in UTF-8 bytes (title and body); default per kind",
    )
    max_parts: int | None = Field(
        default=None,
        ge=1,
        description="most messages per delivery; the last says how many alerts were left out",
    )
    endpoint: str | None = Field(
        default=None,
        description="bots only: http(s) base URL of a relay that stands in for the vendor's host",
    )
    timeout: float = Field(default=10.0, gt=0, le=300, description="seconds per request")

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        value = value.strip()
        if not value or any(ch.isspace() for ch in value):
            raise ValueError("a channel name is one word without spaces")
        return value

    @field_validator("endpoint")
    @classmethod
    def _http_endpoint(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in ("http", "https"):
            raise ValueError("endpoint must be an http(s) URL")
        return value.rstrip("/") if value else value

    def secrets(self) -> list[str]:
        """Every credential this channel holds, for scrubbing text before it is stored or logged."""
        found: list[str] = []
        raw = self.url.get_secret_value()
        if self.secret is not None:
            found.append(self.secret.get_secret_value())
        parts = urlsplit(raw)
        if parts.password:
            found.append(parts.password)
        if parts.scheme in ("dingtalk", "wecombot", "feishu"):
            # the token is the host (and for DingTalk the user part is the signing secret)
            if parts.hostname:
                found.append(parts.hostname)
            if parts.username:
                found.append(parts.username)
        for key, value in parse_qsl(parts.query, keep_blank_values=False):
            if key.lower() in SECRET_QUERY_KEYS:
                found.append(value)
        # a token in the path of a Feishu hook (…/bot/v2/hook/<token>) or any long path segment
        found.extend(seg for seg in parts.path.split("/") if len(seg) >= 16)
        found.extend([unquote(s) for s in found])
        # longest first, so that a secret containing another is masked whole
        return sorted({s for s in found if len(s) >= 4}, key=len, reverse=True)

    @property
    def redacted_url(self) -> str:
        """The URL with every credential replaced by ``***``."""
        return scrub(self.url.get_secret_value(), self.secrets())

    def __str__(self) -> str:
        return f"{self.name} ({self.kind}: {self.redacted_url})"


def scrub(text: str, secrets: list[str]) -> str:
    """``text`` with each of ``secrets`` replaced by ``***``."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text
