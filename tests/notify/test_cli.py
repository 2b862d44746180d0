"""``minsheng notify-test``: one test message per configured channel, from file or environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from flows.cli import main


def config(tmp_path: Path, *channels: dict[str, str]) -> Path:
    lines = ["[minsheng]", f'data_dir = "{tmp_path / "data"}"', ""]
    for channel in channels:
        lines.append("[[minsheng.channels]]")
        lines.extend(f'{key} = "{value}"' for key, value in channel.items())
        lines.append("")
    path = tmp_path / "minsheng.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_sends_a_test_message_on_each_channel(
    tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/a", method="POST").respond_with_data("ok")
    httpserver.expect_request("/b", method="POST").respond_with_data("ok")
    path = config(
        tmp_path,
        {"name": "a", "kind": "webhook", "url": httpserver.url_for("/a")},
        {"name": "b", "kind": "webhook", "url": httpserver.url_for("/b")},
    )
    assert main(["notify-test", "--config", str(path), "--channel", "b"]) == 0
    [(request, _)] = httpserver.log
    assert request.path == "/b"
    payload = json.loads(request.get_data())
    assert payload["title"] == "重点民生实事进度预警：通知测试"
    assert "通道：b" in payload["message"]
    assert capsys.readouterr().out.startswith("sent   b (webhook: ")


def test_a_failing_channel_is_reported_and_exits_2(
    tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]
) -> None:
    httpserver.expect_request("/x", method="POST").respond_with_data("no", status=404)
    path = config(tmp_path, {"name": "x", "kind": "webhook", "url": httpserver.url_for("/x")})
    assert main(["notify-test", "--config", str(path)]) == 2
    captured = capsys.readouterr()
    assert "FAILED x" in captured.out and "404" in captured.out
    assert captured.err == "minsheng: 1 of 1 channels failed\n"


def test_channels_from_the_environment_and_bad_entries(
    tmp_path: Path,
    httpserver: HTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    httpserver.expect_request("/env", method="POST").respond_with_data("ok")
    path = config(tmp_path)
    entry = {"name": "env", "kind": "webhook", "url": httpserver.url_for("/env")}
    monkeypatch.setenv("MINSHENG_CHANNELS", json.dumps([entry]))
    assert main(["notify-test", "--config", str(path)]) == 0
    assert len(httpserver.log) == 1

    token = "0123456789abcdef0123456789abcdef"
    bad = {
        "name": "ding",
        "kind": "dingtalk",
        "url": f"https://example.org/send?access_token={token}",
    }
    monkeypatch.setenv("MINSHENG_CHANNELS", json.dumps([bad]))
    capsys.readouterr()
    assert main(["notify-test", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("minsheng: channel ding: ") and token not in err
