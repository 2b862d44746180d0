"""``minsheng serve``: the nightly deployment on its cron schedule, against a real Prefect server.

A schedule needs a Prefect server with its scheduler running (the temporary server Prefect
starts for a one-off run has none). When ``PREFECT_API_URL`` is set, that server is used;
otherwise ``prefect server start --host 127.0.0.1 --port PORT`` is started as a child process
(the same one-liner works by hand, followed by ``export PREFECT_API_URL=http://127.0.0.1:PORT/api``)
and stopped when serve stops.

Serving is idempotent on the deployment name ``minsheng-nightly/nightly``: serving again
updates the deployment in place. The schedule is a ``prefect.schedules.Cron`` with the
configured time zone and is never paused on shutdown (``pause_on_shutdown=False``) and
un-paused when serve starts (``paused=False``), so restarts keep the nightly run scheduled.
Stop it with SIGTERM (what systemd and docker send) or Ctrl-C; both shut down gracefully.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx

from flows.settings import Settings
from schemas.errors import MinshengError

DEPLOYMENT = "nightly"
NIGHTLY_DEPLOYMENT = f"minsheng-nightly/{DEPLOYMENT}"
SCHEDULE_SLUG = "nightly-cron"
STARTUP_TIMEOUT = 90.0
LOCK_WAIT = 1800.0  # a scheduled run waits this long for a manual ingest to finish


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def quiet_environment() -> dict[str, str]:
    """Environment for Prefect processes: no analytics, no telemetry."""
    env = dict(os.environ)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    return env


def wait_healthy(api_url: str, process: subprocess.Popen[bytes] | None, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise MinshengError(f"prefect server exited with code {process.returncode}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise MinshengError(f"prefect server at {api_url} not healthy after {timeout:.0f} s")


@contextmanager
def prefect_server(port: int | None = None, log: Path | None = None) -> Iterator[str]:
    """A Prefect server on 127.0.0.1 as a child process; yields its API URL."""
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    command = [
        sys.executable,
        "-m",
        "prefect",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    out = log.open("ab") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(command, env=quiet_environment(), stdout=out, stderr=out)
    try:
        wait_healthy(api_url, process, STARTUP_TIMEOUT)
        yield api_url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log is not None and hasattr(out, "close"):
            out.close()


def nightly_schedule(settings: Settings):  # -> prefect.schedules.Schedule
    from prefect.schedules import Cron

    return Cron(settings.schedule, timezone=settings.timezone, slug=SCHEDULE_SLUG)


def next_run(settings: Settings, after: datetime | None = None) -> datetime:
    """When the schedule fires next after ``after`` (default now), in the configured time zone;
    read by the cron parser Prefect's scheduler uses."""
    from prefect._vendor.croniter import croniter

    zone = ZoneInfo(settings.timezone)
    start = (after or datetime.now(zone)).astimezone(zone)
    return croniter(settings.schedule, start).get_next(datetime)


def ui_url(api_url: str) -> str:
    """The Prefect UI of the server whose API is ``api_url`` (``…/api`` → ``…``)."""
    return api_url.rstrip("/").removesuffix("/api")


def describe_serving(settings: Settings, api_url: str, now: datetime | None = None) -> list[str]:
    """What ``serve`` tells the user once the server answers: where to watch, and when."""
    when = next_run(settings, now)
    return [
        f"serving {NIGHTLY_DEPLOYMENT}: cron {settings.schedule!r} in {settings.timezone}",
        f"Prefect UI: {ui_url(api_url)}/deployments (runs, logs, the run summary artifact)",
        f"next run:   {when:%Y-%m-%d %H:%M} {settings.timezone} ({when:%z})",
    ]


def serve_nightly(settings: Settings, config: Path | None) -> None:
    """Register (or update) the deployment with its schedule and run scheduled runs until
    interrupted. Blocks."""
    from prefect.deployments.runner import EntrypointType

    from flows.pipeline import nightly

    parameters = {
        "config": str(config.resolve()) if config is not None else None,
        "wait": LOCK_WAIT,
    }
    nightly.serve(
        name=DEPLOYMENT,
        schedules=[nightly_schedule(settings)],
        parameters=parameters,
        paused=False,
        pause_on_shutdown=False,
        print_starting_message=False,
        limit=1,
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve(
    settings: Settings,
    config: Path | None,
    *,
    server_log: Path | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """``minsheng serve``: use ``PREFECT_API_URL`` when set, else start a local server.
    ``say`` gets the lines naming the UI address and the next scheduled run."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if os.environ.get("PREFECT_API_URL"):
        api_url = os.environ["PREFECT_API_URL"].rstrip("/")
        wait_healthy(api_url, None, 30.0)
        for line in describe_serving(settings, api_url):
            say(line)
        serve_nightly(settings, config)
        return
    with prefect_server(log=server_log) as api_url, temporary_settings({PREFECT_API_URL: api_url}):
        os.environ["PREFECT_API_URL"] = api_url  # for the flow-run processes the runner starts
        for line in describe_serving(settings, api_url):
            say(line)
        serve_nightly(settings, config)
