"""Prefect itself, against one real ``prefect server start`` for the module: one smoke test of
the nightly flow, and the schedule that ``serve`` registers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.flows.corpus import write_months

ROOT = Path(__file__).resolve().parents[2]


def write_config(tmp_path: Path, inbox: Path) -> Path:
    config = tmp_path / "minsheng.toml"
    config.write_text(
        f'[minsheng]\ndata_dir = "{tmp_path / "data"}"\nsources = ["{inbox}"]\n'
        'schedule = "15 3 * * *"\ntimezone = "Asia/Shanghai"\n',
        encoding="utf-8",
    )
    return config


def free_port() -> int:
    from flows.serving import free_port as port

    return port()


@pytest.fixture(scope="module")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from flows.serving import prefect_server

    home = tmp_path_factory.mktemp("prefect-home")
    previous = os.environ.get("PREFECT_HOME")
    os.environ["PREFECT_HOME"] = str(home)
    try:
        with prefect_server(free_port(), log=home / "server.log") as api_url:
            yield api_url
    finally:
        if previous is None:
            os.environ.pop("PREFECT_HOME", None)
        else:
            os.environ["PREFECT_HOME"] = previous


def test_nightly_flow_runs_under_prefect(tmp_path: Path, prefect_api: str) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.pipeline import ingest, nightly

    inbox = tmp_path / "inbox"
    write_months(inbox, [5, 6])
    (inbox / "torn.pdf").write_bytes(b"%PDF-1.4 torn in half")
    config = write_config(tmp_path, inbox)
    summaries = ArtifactFilter(key=ArtifactFilterKey(any_=["minsheng-run-summary"]))
    with temporary_settings({PREFECT_API_URL: prefect_api}):
        with get_client(sync_client=True) as client:
            earlier = {a.id for a in client.read_artifacts(artifact_filter=summaries)}
        first = ingest(config=str(config), sources=[str(inbox / "torn.pdf")])
        report = nightly(config=str(config))
        with get_client(sync_client=True) as client:
            artifacts = [
                a for a in client.read_artifacts(artifact_filter=summaries) if a.id not in earlier
            ]
        # what the runs still have to send goes out while the server is there to take it
        APILogWorker.drain_all()
        EventsWorker.drain_all()
    assert first == 1  # the torn PDF alone: quarantined, a partial run
    assert report.ingest.count("loaded") == 2
    assert report.ingest.count("skipped") == 1  # quarantined already, by the same parser
    assert report.status == "ok" and report.exit_code == 0
    assert (tmp_path / "data" / "snapshot.duckdb").is_file()
    by_run = sorted(artifacts, key=lambda a: a.created)
    descriptions = [a.description or "" for a in by_run]
    assert [d.split(" run ")[0] for d in descriptions] == ["ingest", "nightly"]
    assert "torn.pdf" in str(by_run[0].data) and "(partial)" in descriptions[0]
    assert "(ok)" in descriptions[1]


def start_serve(config: Path, api_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PREFECT_API_URL": api_url,
        "PYTHONPATH": str(ROOT),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        # the runner looks for runs due every 2 s, not 10: a run asked for starts sooner
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
    }
    command = [sys.executable, "-c", "import sys; from flows.cli import main; sys.exit(main())"]
    return subprocess.Popen(
        [*command, "serve", "--config", str(config)],
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        cwd=config.parent,
    )


def read_deployment(api_url: str, wait: float = 60.0, *, updated_after=None):
    """The nightly deployment (once it was written after ``updated_after``, when given)."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import PREFECT_API_URL, temporary_settings

    deadline = time.monotonic() + wait
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        while True:
            try:
                deployment = client.read_deployment_by_name("minsheng-nightly/nightly")
                if updated_after is None or deployment.updated > updated_after:
                    return deployment
            except ObjectNotFound:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("serve did not (re)register the deployment")
            time.sleep(0.5)


def stop(process: subprocess.Popen[bytes]) -> bool:
    """SIGTERM (what a service manager sends); True when serve shut down by itself."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return False
    return True


@pytest.mark.slow
def test_schedule_survives_a_restart_of_serve(tmp_path: Path, prefect_api: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = write_config(tmp_path, inbox)
    log = tmp_path / "serve.log"

    updated = None
    for attempt in range(2):
        serve = start_serve(config, prefect_api, log)
        try:
            deployment = read_deployment(prefect_api, updated_after=updated)
            updated = deployment.updated
            assert not deployment.paused, log.read_text()
            [schedule] = deployment.schedules
            assert schedule.active
            assert schedule.schedule.cron == "15 3 * * *"
            assert schedule.schedule.timezone == "Asia/Shanghai"
            assert deployment.parameters == {"config": str(config.resolve()), "wait": 1800.0}
        finally:
            graceful = stop(serve)
        assert graceful, log.read_text()
        stopped = read_deployment(prefect_api)
        assert not stopped.paused, f"paused after serve stopped (attempt {attempt + 1})"
        assert [s.active for s in stopped.schedules] == [True]


def wait_for_final_state(api_url: str, flow_run_id, wait: float = 240.0):
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    deadline = time.monotonic() + wait
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        while True:
            run = client.read_flow_run(flow_run_id)
            if run.state is not None and run.state.is_final():
                return run
            if time.monotonic() > deadline:
                raise AssertionError(f"the flow run is still {run.state_name}")
            time.sleep(1.0)


@pytest.mark.slow
def test_a_deployment_run_logs_to_the_server(tmp_path: Path, prefect_api: str) -> None:
    """What ``serve`` runs is visible in Prefect: the flow's and its tasks' log lines are on
    the server, and serve named the UI and the next run when it started."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.client.schemas.sorting import LogSort
    from prefect.settings import PREFECT_API_URL, temporary_settings

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = write_config(tmp_path, inbox)
    log = tmp_path / "serve.log"
    serve = start_serve(config, prefect_api, log)
    try:
        deployment = read_deployment(prefect_api)
        with temporary_settings({PREFECT_API_URL: prefect_api}):
            with get_client(sync_client=True) as client:
                flow_run = client.create_flow_run_from_deployment(deployment.id)
            finished = wait_for_final_state(prefect_api, flow_run.id)
            # the flow-run process sends its log records in batches, the last ones as it exits:
            # they may arrive after the run's final state
            deadline = time.monotonic() + 60
            with get_client(sync_client=True) as client:
                while True:
                    logs = client.read_logs(
                        log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run.id])),
                        sort=LogSort.TIMESTAMP_ASC,
                    )
                    printed = any(e.message.startswith("ingest: 0 loaded") for e in logs)
                    if printed or time.monotonic() > deadline:
                        break
                    time.sleep(1.0)
    finally:
        graceful = stop(serve)
    output = log.read_text(encoding="utf-8", errors="replace")
    assert finished.state is not None and finished.state.is_completed(), output[-3000:]
    messages = [entry.message for entry in logs]
    assert any(m.startswith("ingest: 0 loaded") for m in messages), messages
    assert any("Finished in state Completed" in m for m in messages), messages
    assert any(entry.task_run_id is not None for entry in logs), "no task run logged"
    ui = prefect_api.removesuffix("/api")
    assert f"Prefect UI: {ui}/deployments" in output
    assert "next run:   " in output and "Asia/Shanghai" in output
    assert graceful, output[-3000:]
