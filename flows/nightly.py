"""The nightly job as plain functions: ingest → projects → alerts → delivery → snapshot.

``run_nightly`` does all of it under the writer lock on one writable connection; the Prefect
flow in ``flows.pipeline`` calls the same steps as tasks. Each step is timed so the bench can
tell our own work from Prefect's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb

from flows.lock import writer_lock
from flows.settings import Settings
from flows.stages import IngestReport, Progress, ingest


@dataclass
class NightlyReport:
    ingest: IngestReport
    projects: Any = None
    alerts: Any = None
    delivery: Any = None
    snapshot: Any = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def delivery_ok(self) -> bool:
        return self.delivery is None or bool(getattr(self.delivery, "ok", True))

    @property
    def failed_channels(self) -> list[Any]:
        """The channels whose delivery failed this run (``ChannelOutcome`` with ``error``)."""
        return [c for c in getattr(self.delivery, "channels", []) if not c.ok]

    def delivery_problem(self) -> str | None:
        """ "delivery failed on office-group (HTTP 500 …)", or None when all was delivered."""
        failed = self.failed_channels
        if not failed and self.delivery_ok:
            return None
        named = (
            "; ".join(
                f"{c.channel} ({(c.error or '').removeprefix(f'channel {c.channel}: ')})"
                for c in failed
            )
            or "a channel"
        )
        pending = sum(c.events_pending for c in failed)
        return f"delivery failed on {named}; {pending} alert event(s) wait for the next run"

    @property
    def status(self) -> str:
        return "ok" if self.ingest.status == "ok" and self.delivery_ok else "partial"

    @property
    def exit_code(self) -> int:
        return 0 if self.status == "ok" else 1

    def lines(self) -> list[str]:
        """What the CLI prints after a run."""
        out = [f"ingest: {self.ingest.summary()}"]
        if self.alerts is not None:
            out.append(f"alerts: {_describe(self.alerts)}")
        if self.delivery is not None:
            summary = getattr(self.delivery, "summary", None)
            out.append(f"delivery: {summary() if callable(summary) else self.delivery}")
        return out


def _describe(value: Any) -> str:
    summary = getattr(value, "summary", None)
    if callable(summary):
        return str(summary())
    if all(hasattr(value, name) for name in ("new", "resolved", "firing")):
        return f"{value.firing} firing ({len(value.new)} new), {len(value.resolved)} resolved"
    return str(value)


@contextmanager
def timed(timings: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[step] = timings.get(step, 0.0) + time.perf_counter() - started


def ingest_sources(
    conn: duckdb.DuckDBPyConnection,
    settings: Settings,
    specs: list[str],
    *,
    trigger: str,
    progress: Progress | None = None,
) -> IngestReport:
    """One load run over ``specs`` with the configured archive, HTTP, workers and timeout."""
    return ingest(
        conn,
        specs,
        archive_dir=settings.archive_dir,
        http=settings.http,
        workers=settings.parse_workers,
        parse_timeout=settings.parse_timeout,
        trigger=trigger,
        progress=progress,
        limits=settings.limits,
    )


def refresh_projects(conn: duckdb.DuckDBPyConnection) -> Any:
    """Project identity across months (new circulars matched to known projects)."""
    from warehouse.projects import refresh_projects as refresh

    return refresh(conn)


def evaluate_alerts(conn: duckdb.DuckDBPyConnection, settings: Settings) -> Any:
    from warehouse.alerts import evaluate

    return evaluate(
        conn,
        drop_tolerance=settings.alerts.drop_tolerance,
        pace_margin=settings.alerts.pace_margin,
    )


def deliver_alerts(conn: duckdb.DuckDBPyConnection, settings: Settings) -> Any:
    """Send what is pending to the configured channels (nothing configured: nothing sent)."""
    if not settings.channels:
        return None
    channels = settings.channel_list()
    from notify import deliver
    from notify.outbox import MESSAGE_KINDS

    kinds = (*MESSAGE_KINDS, "inconsistent") if settings.alerts.notify_inconsistent else None
    return deliver(conn, channels, report_url=settings.report_url, kinds=kinds or MESSAGE_KINDS)


def record_delivery(conn: duckdb.DuckDBPyConnection, report: NightlyReport) -> None:
    """Mark the run partial in ``load_runs`` when a delivery failed, naming the channels, so
    ``minsheng status`` says what the exit code says."""
    problem = report.delivery_problem()
    if problem is not None:
        from warehouse.runs import note_failed_delivery

        note_failed_delivery(conn, report.ingest.load_id, problem)


def publish_snapshot(conn: duckdb.DuckDBPyConnection, settings: Settings) -> Any:
    from warehouse.snapshot import publish

    return publish(conn, settings.snapshot_path, settings.parquet_path)


def open_warehouse(settings: Settings) -> duckdb.DuckDBPyConnection:
    """The writable warehouse, for the holder of the writer lock: runs a killed process left
    ``running`` are marked ``interrupted``, and the half-copied files it left in the archive
    removed."""
    from flows import archive
    from warehouse.connection import connect
    from warehouse.runs import mark_interrupted

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    conn = connect(settings.database_path)
    try:
        mark_interrupted(conn)
        archive.remove_leftovers(settings.archive_dir)
    except BaseException:
        conn.close()
        raise
    return conn


def run_nightly(
    settings: Settings,
    *,
    wait: float = 0.0,
    trigger: str = "nightly",
    progress: Progress | None = None,
    step_hook: Callable[[str], None] | None = None,
) -> NightlyReport:
    """One nightly run without Prefect, holding the writer lock throughout."""
    timings: dict[str, float] = {}
    with writer_lock(settings.lock_path, wait=wait):
        with timed(timings, "open"):
            conn = open_warehouse(settings)
        try:
            with timed(timings, "ingest"):
                report = NightlyReport(
                    ingest_sources(
                        conn, settings, settings.sources, trigger=trigger, progress=progress
                    )
                )
            for step, action in (
                ("projects", lambda: refresh_projects(conn)),
                ("alerts", lambda: evaluate_alerts(conn, settings)),
                ("delivery", lambda: deliver_alerts(conn, settings)),
                ("snapshot", lambda: publish_snapshot(conn, settings)),
            ):
                if step_hook is not None:
                    step_hook(step)
                with timed(timings, step):
                    setattr(report, step, action())
                if step == "delivery":
                    record_delivery(conn, report)
        finally:
            conn.close()
    report.timings = timings
    return report
