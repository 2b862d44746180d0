"""What a run tells its user: the exit code, ``minsheng status`` and the one-line errors agree.

A delivery that fails makes the run partial everywhere — the exit code, the ``load_runs`` row
``status`` shows, the message naming the channel — and settings that cannot work stop a command
before anything starts.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pytest_httpserver import HTTPServer

from flows.cli import main
from flows.cli.ingest import PartialRun, finish
from flows.nightly import run_nightly
from flows.settings import load_settings
from tests.flows.corpus import write_months


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for key in [k for k in os.environ if k.startswith("MINSHENG_")]:
        monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)


def test_a_failed_delivery_is_partial_in_status_and_names_the_channel(
    tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    write_months(tmp_path / "inbox", [5, 6, 7])
    httpserver.expect_request("/hook", method="POST").respond_with_data("down", status=503)
    hook = {"name": "office-group", "kind": "webhook", "url": httpserver.url_for("/hook")}
    settings = load_settings(
        None, data_dir=tmp_path / "data", sources=[str(tmp_path / "inbox")], channels=[hook]
    )
    report = run_nightly(settings)
    assert report.ingest.status == "ok" and report.status == "partial"
    with pytest.raises(PartialRun) as caught:
        finish(report)
    message = caught.value.message
    assert "delivery failed on office-group" in message and "503" in message
    assert "documents listed above" not in message  # no document had a problem

    assert main(["status", "--db", str(settings.database_path)]) == 0
    out = capsys.readouterr().out
    [run_line] = [line for line in out.splitlines() if " nightly " in line]
    assert " partial " in run_line
    assert "  (times in Asia/Shanghai)" in out  # the configured zone, not naive UTC
    assert "    delivery failed on office-group (" in out


def write_config(tmp_path: Path, text: str) -> Path:
    config = tmp_path / "minsheng.toml"
    config.write_text(f'[minsheng]\ndata_dir = "{tmp_path / "data"}"\n{text}', encoding="utf-8")
    return config


@pytest.mark.parametrize("command", ["status", "serve"])
def test_an_out_of_range_cron_stops_the_command_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    config = write_config(tmp_path, "schedule = '99 99 * * *'\n")
    # serve stops before it starts a server: nothing listens, nothing is left running
    assert main([command, "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("minsheng: invalid settings: schedule: ") and err.count("\n") == 1


def test_invalid_channel_json_is_one_line_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MINSHENG_CHANNELS", "[{'name': 'single quotes'}]")
    assert main(["status", "--config", str(write_config(tmp_path, ""))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("minsheng: invalid settings: MINSHENG_CHANNELS is not valid JSON")
    assert err.count("\n") == 1


def test_serve_names_the_ui_and_the_next_run(tmp_path: Path) -> None:
    from flows.serving import describe_serving

    config = write_config(tmp_path, "schedule = '30 2 * * *'\ntimezone = 'Asia/Shanghai'\n")
    settings = load_settings(config)
    now = datetime(2025, 10, 11, 23, 0, tzinfo=ZoneInfo("UTC"))  # 07:00 in Shanghai
    lines = describe_serving(settings, "http://127.0.0.1:4200/api", now)
    assert lines[1].startswith("Prefect UI: http://127.0.0.1:4200/deployments")
    assert lines[2] == "next run:   2025-10-13 02:30 Asia/Shanghai (+0800)"


def test_the_quiet_console_leaves_prefect_logging_to_the_server_alone() -> None:
    """``minsheng run`` keeps Prefect's lines off its terminal without lowering any logger's
    level (the server still gets them) and without a variable flow-run processes inherit."""
    from flows.cli.ingest import quiet_console, quiet_prefect

    quiet_prefect()
    quiet_console()
    assert "PREFECT_LOGGING_LEVEL" not in os.environ
    assert logging.getLogger("prefect.flow_runs").getEffectiveLevel() <= logging.INFO
    assert json.dumps(os.environ.get("PREFECT_LOGGING_TO_API_ENABLED", "true")) != '"false"'


def test_io_tasks_retry_transient_errors_only() -> None:
    from prefect.states import Failed

    from flows.pipeline import deliver_task, gather_task, publish_task, transient
    from schemas.errors import MinshengError

    for io in (gather_task, deliver_task, publish_task):
        assert io.retries == 2 and io.retry_condition_fn is transient
    assert transient(None, None, Failed(data=ConnectionResetError("reset by peer")))
    assert transient(None, None, Failed(data=OSError(28, "No space left on device")))
    assert not transient(None, None, Failed(data=MinshengError("source inbox/ not found")))
    assert not transient(None, None, Failed(data=ValueError("a bug")))
