"""Settings: one object read from ``minsheng.toml`` and ``MINSHENG_*`` environment variables.

Only ``flows/`` reads settings; the other packages take plain arguments.

Where the file comes from, first found wins: ``--config FILE`` on the command line, the
environment variable ``MINSHENG_CONFIG``, ``./minsheng.toml``. No file at all is fine: every key
has a default. Keys live under a ``[minsheng]`` table (a file without that table is read from
its top level). Environment variables override the file, ``--db``/``--workers`` style command
line options override both. Relative paths are relative to the working directory the command
runs in (``make demo`` runs from the repository root).

Keys (environment variable in brackets; nested keys use ``__``):

``data_dir`` [MINSHENG_DATA_DIR]
    Where everything the pipeline keeps lives: ``archive/`` (every fetched file, content
    addressed), the writer lock ``minsheng.lock``. Default ``data``.
``database`` [MINSHENG_DATABASE]
    The working DuckDB file the nightly job writes. Default ``<data_dir>/minsheng.duckdb``.
``snapshot`` [MINSHENG_SNAPSHOT]
    The read-only copy analysts query, replaced atomically after each run.
    Default ``<data_dir>/snapshot.duckdb``.
``parquet_dir`` [MINSHENG_PARQUET_DIR]
    Parquet export of the published tables. Default ``<data_dir>/parquet``.
``sources`` [MINSHENG_SOURCES, a JSON list]
    Folders, globs (``inbox/**/*.pdf``) or http(s) URLs: of a circular (.pdf/.txt/.docx/.html),
    of an article page (read as HTML, its links to files followed), or of a listing page whose
    links to files and to article pages of the same site are followed one level.
``schedule`` [MINSHENG_SCHEDULE]
    Cron expression of the nightly run. Default ``"0 2 * * *"``.
``timezone`` [MINSHENG_TIMEZONE]
    IANA time zone the cron expression is read in, and the times ``status``, the JSON of
    ``alerts``, the report and the workbook show (the warehouse keeps UTC). Default
    ``"Asia/Shanghai"``.
``parse_workers`` [MINSHENG_PARSE_WORKERS]
    Processes parsing documents in parallel. Default: the number of CPUs, at most 4.
``parse_timeout`` [MINSHENG_PARSE_TIMEOUT]
    Most seconds one document may take to parse (default 600); one that takes longer is
    recorded as ``failed`` (not quarantined) and tried again next run.
``http.timeout`` / ``http.retries`` / ``http.backoff`` / ``http.max_bytes`` / ``http.deadline``
    [MINSHENG_HTTP__TIMEOUT …] Seconds per connect/read; retries after a timeout, a connection
    error or a 5xx answer (never after a 4xx); first back-off in seconds (doubled per retry);
    largest file fetched (bigger ones are quarantined as ``too_large``); most seconds one
    attempt at a file may take in all (a server trickling bytes counts as a timeout).
``http.max_pages`` [MINSHENG_HTTP__MAX_PAGES]
    Most article pages followed from one listing page, in page order (default 50; 0 follows
    none). Links to files are not counted.
``limits.file_bytes`` / ``limits.unpacked_bytes`` / ``limits.worker_memory`` /
``limits.follow_symlinks``
    [MINSHENG_LIMITS__FILE_BYTES …] Largest local file read (its size is checked before it is
    read; bigger ones are quarantined as ``too_large`` and never copied into the archive); most
    bytes a PDF's compressed streams or a Word file's parts may unpack to (more is quarantined
    as ``bomb``); most memory one parse worker may allocate (a file that needs more is
    quarantined as ``too_large``); whether a symbolic link in a source folder is followed to a
    file outside that folder (default no: it is recorded as ``ignored``, reason ``symlink``).
``sql.timeout`` / ``sql.memory_limit`` / ``sql.temp_limit``
    [MINSHENG_SQL__TIMEOUT …] ``minsheng sql``: most seconds one statement may run (default
    60), most memory it may use (default ``2GB``) and most disk it may spill to (``4GB``).
``alerts.drop_tolerance`` / ``alerts.pace_margin``
    [MINSHENG_ALERTS__DROP_TOLERANCE …] A fall in a progress figure of no more than
    ``drop_tolerance`` percentage points (default 0.01) is rounding, not a drop. Unset (the
    default), ``pace_margin`` leaves "behind schedule" to the circulars' own 未达序时 flags; set,
    a figure more than that many points below 序时进度 (month/12·100) is behind too.
``report_url`` [MINSHENG_REPORT_URL]
    Where the people alerted can open the report (``minsheng report`` published on an intranet
    server, say): every alert message ends with a link to it. Unset: no link.
``channels`` [MINSHENG_CHANNELS, a JSON list]
    Where alerts are sent: ``[[minsheng.channels]]`` tables, each one ``schemas.Channel``
    (name, kind, url, …; see ``minsheng.example.toml``), checked by ``notify`` when loaded.
"""

from __future__ import annotations

import os
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import regex
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from schemas.channel import Channel
from schemas.errors import MinshengError

CONFIG_ENV = "MINSHENG_CONFIG"
DEFAULT_CONFIG = Path("minsheng.toml")


class HttpSettings(BaseModel):
    timeout: float = Field(default=30.0, gt=0, description="seconds per connect / read")
    retries: int = Field(default=3, ge=0, description="retries after I/O errors and 5xx")
    backoff: float = Field(default=1.0, ge=0, description="first wait before a retry, doubled")
    max_bytes: int = Field(default=50 * 1024 * 1024, gt=0, description="largest file fetched")
    deadline: float = Field(default=300.0, gt=0, description="most seconds one fetch may take")
    max_pages: int = Field(default=50, ge=0, description="article pages followed per listing")


MIB = 1024 * 1024
# a DuckDB size setting: "2GB", "512MiB", "1.5 GB"
DUCKDB_SIZE = r"^\d+(\.\d+)?\s*[KMGT]i?B$"


class LimitSettings(BaseModel):
    file_bytes: int = Field(default=50 * MIB, gt=0, description="largest local file read")
    unpacked_bytes: int = Field(
        default=64 * MIB, gt=0, description="most bytes a PDF's streams or a .docx may unpack to"
    )
    worker_memory: int = Field(
        default=1536 * MIB, ge=256 * MIB, description="most bytes one parse worker may allocate"
    )
    follow_symlinks: bool = Field(default=False, description="follow links out of a source")


class SqlSettings(BaseModel):
    timeout: float = Field(default=60.0, gt=0, description="seconds one statement may run")
    memory_limit: str = Field(default="2GB", pattern=DUCKDB_SIZE)
    temp_limit: str = Field(default="4GB", pattern=DUCKDB_SIZE)


class AlertSettings(BaseModel):
    drop_tolerance: float = Field(default=0.01, ge=0, description="percentage points")
    pace_margin: float | None = Field(default=None, ge=0, description="percentage points")
    notify_inconsistent: bool = Field(
        default=False,
        description="also send inconsistent figures (figure_checks) to the channels; they are "
        "always in the report and the workbook",
    )


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class Settings(BaseSettings):
    """Everything the pipeline can be told; see the module docstring for each key."""

    model_config = SettingsConfigDict(
        env_prefix="MINSHENG_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    data_dir: Path = Path("data")
    database: Path | None = None
    snapshot: Path | None = None
    parquet_dir: Path | None = None
    sources: list[str] = Field(default_factory=list)
    schedule: str = "0 2 * * *"
    timezone: str = "Asia/Shanghai"
    parse_workers: int = Field(default_factory=_default_workers, ge=1, le=64)
    parse_timeout: float = Field(default=600.0, gt=0)
    http: HttpSettings = Field(default_factory=HttpSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    sql: SqlSettings = Field(default_factory=SqlSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    channels: list[dict[str, Any]] = Field(default_factory=list)
    report_url: str | None = None

    @field_validator("report_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from urllib.parse import urlsplit

        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("report_url must be an http(s) address")
        return value.strip()

    @field_validator("sources", mode="before")
    @classmethod
    def _one_source(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("schedule")
    @classmethod
    def _cron_shape(cls, value: str) -> str:
        if len(value.split()) != 5:
            raise ValueError(f"cron expression {value!r} needs 5 fields (m h dom mon dow)")
        return value

    @model_validator(mode="after")
    def _paths_from_data_dir(self) -> Settings:
        if self.database is None:
            self.database = self.data_dir / "minsheng.duckdb"
        if self.snapshot is None:
            self.snapshot = self.data_dir / "snapshot.duckdb"
        if self.parquet_dir is None:
            self.parquet_dir = self.data_dir / "parquet"
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        file_values = _FILE_VALUES.get() or {}
        return (init_settings, env_settings, InitSettingsSource(settings_cls, file_values))

    # paths resolved by the validator above; these accessors keep the type checker honest
    @property
    def database_path(self) -> Path:
        assert self.database is not None
        return self.database

    @property
    def snapshot_path(self) -> Path:
        assert self.snapshot is not None
        return self.snapshot

    @property
    def parquet_path(self) -> Path:
        assert self.parquet_dir is not None
        return self.parquet_dir

    def channel_list(self) -> list[Channel]:
        """The alert channels, validated by ``notify`` (errors never show a URL's secrets)."""
        from notify.channels import channels_from_config

        return channels_from_config(self.channels)

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "minsheng.lock"


# the config file's table for the load in progress (read by settings_customise_sources)
_FILE_VALUES: ContextVar[dict[str, Any] | None] = ContextVar("minsheng_file_values", default=None)


def config_path(explicit: str | Path | None = None) -> Path | None:
    """The config file to read: ``explicit``, else ``$MINSHENG_CONFIG``, else ./minsheng.toml."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise MinshengError(f"config file {path} not found")
        return path
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        path = Path(from_env)
        if not path.is_file():
            raise MinshengError(f"config file {path} (from ${CONFIG_ENV}) not found")
        return path
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def read_config_file(path: Path) -> dict[str, Any]:
    """The ``[minsheng]`` table of a TOML file (or its top level when there is no such table)."""
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise MinshengError(f"config file {path} is not valid TOML: {exc}") from exc
    except OSError as exc:
        raise MinshengError(f"cannot read config file {path}: {exc.strerror}") from exc
    table = document.get("minsheng", document)
    if not isinstance(table, dict):
        raise MinshengError(f"config file {path}: [minsheng] must be a table")
    return table


def load_settings(config: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from the config file, the environment and ``overrides`` (None values ignored)."""
    path = config_path(config)
    file_values = read_config_file(path) if path is not None else {}
    given = {key: value for key, value in overrides.items() if value is not None}
    token = _FILE_VALUES.set(file_values)
    try:
        settings = Settings(**given)
    except ValidationError as exc:
        where = f" in {path}" if path is not None else ""
        raise MinshengError(f"invalid settings{where}: {_first_error(exc)}") from exc
    except SettingsError as exc:
        raise MinshengError(_environment_error(exc)) from None
    finally:
        _FILE_VALUES.reset(token)
    if settings.channels:
        settings.channel_list()  # raises a one-line error for a bad channel
    return settings


# error parsing value for field "channels" from source "EnvSettingsSource"
SETTINGS_ERROR_FIELD = regex.compile(r'field "(?P<field>[^"]+)" from source "(?P<source>\w+)"')


def _environment_error(exc: SettingsError) -> str:
    """One line about a ``MINSHENG_*`` variable that does not parse (its value is never shown:
    ``MINSHENG_CHANNELS`` holds tokens)."""
    found = SETTINGS_ERROR_FIELD.search(str(exc))
    name = found["field"] if found else "settings"
    variable = f"MINSHENG_{name.upper()}" if found and "Env" in found["source"] else name
    cause = exc.__cause__
    detail = f": {cause}" if isinstance(cause, ValueError) else ""
    return f"invalid settings: {variable} is not valid JSON{detail}"


def checked_schedule(settings: Settings) -> Any:
    """The nightly schedule as Prefect's scheduler reads it (``CronSchedule``), or a one-line
    error: its parser knows the ranges of each field ("99 99 * * *" is refused here, not after
    a server was started). Kept out of ``Settings`` because importing Prefect takes seconds and
    most commands never schedule anything."""
    from prefect.client.schemas.schedules import CronSchedule

    try:
        return CronSchedule(cron=settings.schedule, timezone=settings.timezone)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        raise MinshengError(f"invalid settings: schedule: {error['msg']}") from None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    location = ".".join(str(part) for part in error["loc"]) or "settings"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{location}: {error['msg']}{more}"
