"""The Prefect flows: ``ingest`` and ``nightly``. Thin: every task calls a plain function of
``flows.stages`` / ``flows.nightly``, where the work (and its tests) live.

``ingest``: gather → parse (``parse_workers`` processes) → load (serial, one writer).
``nightly``: ingest → refresh projects → evaluate alerts → deliver → publish the snapshot.
Both hold the writer lock for the whole run and leave a table artifact with one row per
document. A run with quarantined documents completes with ``exit_code`` 1 (partial).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
from prefect import flow, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from flows import nightly as steps
from flows import stages
from flows.lock import writer_lock
from flows.settings import Settings, load_settings
from flows.sources import Gathered
from schemas.errors import MinshengError

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

NIGHTLY_FLOW = "minsheng-nightly"
INGEST_FLOW = "minsheng-ingest"

# Tasks that read or write outside the process (sources, channels, the snapshot files) are
# tried again after a transient error: a dropped connection, a full or busy disk for a moment.
# Errors meant for users (a source that does not exist, a bad setting) are not retried.
IO_RETRIES = 2
IO_RETRY_DELAYS = [5, 30]  # seconds


def transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry condition of the I/O tasks: an OS, network or DuckDB I/O error."""
    import httpx

    error = getattr(state, "data", None)
    if isinstance(error, MinshengError):
        return False
    return isinstance(error, OSError | httpx.TransportError | duckdb.IOException)


def io_task(name: str) -> Any:
    """``@task`` for a step that does I/O: retried on transient errors, never cached."""
    return task(
        name=name,
        cache_policy=NO_CACHE,
        retries=IO_RETRIES,
        retry_delay_seconds=IO_RETRY_DELAYS,
        retry_condition_fn=transient,
    )


@io_task("gather")
def gather_task(conn: duckdb.DuckDBPyConnection, settings: Settings) -> Gathered:
    return stages.gather(
        settings.sources,
        conn=conn,
        archive_dir=settings.archive_dir,
        http=settings.http,
        limits=settings.limits,
    )


@task(name="skip-loaded", cache_policy=NO_CACHE)
def skip_loaded_task(
    conn: duckdb.DuckDBPyConnection,
    gathered: Gathered,
    report: stages.IngestReport,
    version: str,
) -> list[stages.Document]:
    return stages.record_gathered(conn, gathered, report, version)


@task(name="parse", cache_policy=NO_CACHE)
def parse_task(
    documents: list[stages.Document], workers: int, limits: stages.ParseLimits
) -> list[tuple[stages.Document, Any]]:
    return list(stages.parse_documents(documents, workers=workers, limits=limits))


@task(name="load", cache_policy=NO_CACHE)
def load_task(
    conn: duckdb.DuckDBPyConnection,
    parsed: list[tuple[stages.Document, Any]],
    report: stages.IngestReport,
    version: str,
) -> None:
    for document, result in parsed:
        report.outcomes.append(
            stages.load_one(conn, document, result, load_id=report.load_id, version=version)
        )


@task(name="refresh-projects", cache_policy=NO_CACHE)
def projects_task(conn: duckdb.DuckDBPyConnection) -> Any:
    return steps.refresh_projects(conn)


@task(name="evaluate-alerts", cache_policy=NO_CACHE)
def alerts_task(conn: duckdb.DuckDBPyConnection, settings: Settings) -> Any:
    return steps.evaluate_alerts(conn, settings)


@io_task("deliver")
def deliver_task(conn: duckdb.DuckDBPyConnection, settings: Settings) -> Any:
    return steps.deliver_alerts(conn, settings)


@io_task("publish-snapshot")
def publish_task(conn: duckdb.DuckDBPyConnection, settings: Settings) -> Any:
    return steps.publish_snapshot(conn, settings)


def ingest_steps(
    conn: duckdb.DuckDBPyConnection, settings: Settings, *, trigger: str
) -> stages.IngestReport:
    """The ingest part of both flows, as tasks, recorded as one load run."""
    report, version = stages.open_run(conn, trigger=trigger)
    try:
        gathered = gather_task(conn, settings)
        todo = skip_loaded_task(conn, gathered, report, version)
        limits = stages.ParseLimits.from_settings(settings.parse_timeout, settings.limits)
        parsed = parse_task(todo, settings.parse_workers, limits)
        load_task(conn, parsed, report, version)
    except BaseException as exc:
        stages.close_run(conn, report, exc)
        raise
    stages.close_run(conn, report)
    create_table_artifact(
        table=report.table() or [{"file": "", "outcome": "no documents"}],
        key="minsheng-run-summary",
        description=f"{trigger} run {report.load_id} ({report.status}): {report.summary()}",
    )
    return report


def _settings(config: str | None, overrides: dict[str, Any]) -> Settings:
    return load_settings(config, **overrides)


@flow(name=INGEST_FLOW, log_prints=True)
def ingest(
    config: str | None = None,
    sources: list[str] | None = None,
    database: str | None = None,
    workers: int | None = None,
    wait: float = 0.0,
) -> int:
    """Load circulars from the sources (or the configured ones); returns the exit code."""
    settings = _settings(
        config,
        {
            "sources": sources or None,
            "database": Path(database) if database else None,
            "parse_workers": workers,
        },
    )
    with writer_lock(settings.lock_path, wait=wait):
        conn = steps.open_warehouse(settings)
        try:
            report = ingest_steps(conn, settings, trigger="ingest")
        finally:
            conn.close()
    print(f"ingest: {report.summary()}")
    return report.exit_code


@flow(name=NIGHTLY_FLOW, log_prints=True)
def nightly(config: str | None = None, wait: float = 0.0) -> steps.NightlyReport:
    """The nightly job; ``config`` is the minsheng.toml to read (None: the usual search)."""
    settings = _settings(config, {})
    timings: dict[str, float] = {}  # per step, task overhead included
    with writer_lock(settings.lock_path, wait=wait):
        with steps.timed(timings, "open"):
            conn = steps.open_warehouse(settings)
        try:
            with steps.timed(timings, "ingest"):
                report = steps.NightlyReport(ingest_steps(conn, settings, trigger="nightly"))
            with steps.timed(timings, "projects"):
                report.projects = projects_task(conn)
            with steps.timed(timings, "alerts"):
                report.alerts = alerts_task(conn, settings)
            with steps.timed(timings, "delivery"):
                report.delivery = deliver_task(conn, settings)
                steps.record_delivery(conn, report)
            with steps.timed(timings, "snapshot"):
                report.snapshot = publish_task(conn, settings)
        finally:
            conn.close()
    report.timings = timings
    for line in report.lines():
        print(line)
    return report
