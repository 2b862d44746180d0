"""Settings from minsheng.toml, MINSHENG_* variables and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.settings import load_settings
from schemas.errors import MinshengError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in (
        "MINSHENG_CONFIG",
        "MINSHENG_DATA_DIR",
        "MINSHENG_HTTP__TIMEOUT",
        "MINSHENG_SOURCES",
    ):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file() -> None:
    settings = load_settings()
    assert settings.data_dir == Path("data")
    assert settings.database_path == Path("data/minsheng.duckdb")
    assert settings.snapshot_path == Path("data/snapshot.duckdb")
    assert settings.schedule == "0 2 * * *"
    assert settings.timezone == "Asia/Shanghai"
    assert settings.alerts.drop_tolerance == 0.01
    assert settings.sources == []


def test_the_examples_shape_is_read(tmp_path: Path) -> None:
    config = write(
        tmp_path / "m.toml",
        '[minsheng]\ndata_dir="data"\ndatabase="data/minsheng.duckdb"\n'
        'sources=["examples/circulars"]\n',
    )
    settings = load_settings(config)
    assert settings.sources == ["examples/circulars"]
    assert settings.database_path == Path("data/minsheng.duckdb")


def test_environment_overrides_file_and_overrides_win(monkeypatch: pytest.MonkeyPatch) -> None:
    write(Path("minsheng.toml"), "[minsheng]\ndata_dir='d'\n[minsheng.http]\nretries=7\n")
    monkeypatch.setenv("MINSHENG_HTTP__TIMEOUT", "3")
    monkeypatch.setenv("MINSHENG_SOURCES", '["inbox", "https://example.org/list/"]')
    settings = load_settings()
    assert (settings.http.timeout, settings.http.retries) == (3.0, 7)
    assert settings.sources == ["inbox", "https://example.org/list/"]
    assert settings.database_path == Path("d/minsheng.duckdb")
    assert load_settings(data_dir=Path("e")).snapshot_path == Path("e/snapshot.duckdb")


def test_config_from_environment_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = write(tmp_path / "elsewhere.toml", "schedule = '30 1 * * *'\n")
    monkeypatch.setenv("MINSHENG_CONFIG", str(config))
    assert load_settings().schedule == "30 1 * * *"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[minsheng]\nbogus = 1\n", "bogus"),
        ("[minsheng]\ntimezone = 'Mars/Olympus'\n", "unknown time zone"),
        ("[minsheng]\nschedule = 'nightly'\n", "5 fields"),
        ("[minsheng]\nparse_workers = 0\n", "parse_workers"),
        ("[minsheng\n", "not valid TOML"),
        ("[[minsheng.channels]]\nname='a'\nkind='carrier-pigeon'\nurl='x'\n", "channel"),
    ],
)
def test_bad_settings_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    config = write(tmp_path / "bad.toml", text)
    with pytest.raises(MinshengError, match=message) as caught:
        load_settings(config)
    assert "\n" not in caught.value.message


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MinshengError, match="not found"):
        load_settings(tmp_path / "absent.toml")


def test_example_config_at_the_repository_root_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parents[2]
    settings = load_settings(root / "minsheng.example.toml")
    assert settings.timezone == "Asia/Shanghai"
    assert settings.channels and settings.channel_list()[0].name


def test_out_of_range_cron_is_refused_by_the_schedulers_parser(tmp_path: Path) -> None:
    from flows.settings import checked_schedule

    settings = load_settings(write(tmp_path / "c.toml", "[minsheng]\nschedule = '99 99 * * *'\n"))
    with pytest.raises(MinshengError, match=r"schedule: .*99 99") as caught:
        checked_schedule(settings)
    assert "\n" not in caught.value.message
    good = load_settings(write(tmp_path / "g.toml", "[minsheng]\nschedule = '*/5 2 * * 1-5'\n"))
    assert checked_schedule(good).cron == "*/5 2 * * 1-5"


@pytest.mark.parametrize("variable", ["MINSHENG_CHANNELS", "MINSHENG_SOURCES"])
def test_invalid_json_in_the_environment_is_one_line(
    monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, '[{"name": "group", "url": "https://x/?access_token=SECRET"')
    with pytest.raises(MinshengError) as caught:
        load_settings()
    message = caught.value.message
    assert message.startswith(f"invalid settings: {variable} is not valid JSON")
    assert "\n" not in message and "SECRET" not in message


def test_report_url_is_an_http_address(tmp_path: Path) -> None:
    good = write(tmp_path / "r.toml", "report_url = 'https://intranet.example.gov.cn/r.html'\n")
    assert load_settings(good).report_url == "https://intranet.example.gov.cn/r.html"
    bad = write(tmp_path / "b.toml", "report_url = 'report.html'\n")
    with pytest.raises(MinshengError, match="report_url must be an http"):
        load_settings(bad)
