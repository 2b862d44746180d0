"""``minsheng ingest``, ``minsheng run`` and ``minsheng serve``: loading circulars.

``ingest`` calls the plain pipeline functions directly — no Prefect, no server, a second or so
of start-up — so ``minsheng ingest DIR --db FILE`` works on a fresh checkout with no config
file: the archive and the writer lock then live in ``FILE.d/`` next to the database.
``run`` runs the nightly Prefect flow once (Prefect's temporary local server unless
``PREFECT_API_URL`` is set: ~10–15 s of start-up); ``serve`` keeps it scheduled.
Exit codes: 0 all loaded, 1 partial (some documents quarantined or not fetched), 2 error.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from flows.lock import LockBusy, lock_holder
from flows.settings import Settings, checked_schedule, config_path, load_settings
from schemas.errors import MinshengError

CONFIG_OPTION = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="minsheng.toml to read (default: $MINSHENG_CONFIG, else ./minsheng.toml).",
)
WAIT_OPTION = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds to wait for another run's writer lock before giving up.",
)
TRY_QUERY = "SELECT project, county, metric, value FROM facts_v LIMIT 10"


def quiet_prefect() -> None:
    """No analytics and no telemetry, in this process and the Prefect processes it starts."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    # the temporary server can take a while to start on a busy machine
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


class _OnlyCritical(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.CRITICAL


def quiet_console() -> None:
    """No Prefect log lines on this process's terminal: the command prints its own summary,
    and errors as one line. Only the console handlers are filtered — the loggers keep their
    levels, so flow and task logs still reach the Prefect server — and nothing goes into the
    environment, so the flow-run processes a deployment starts log as usual."""
    from prefect.logging.configuration import ensure_logging_setup
    from prefect.logging.handlers import PrefectConsoleHandler

    ensure_logging_setup()
    known = logging.root.manager.loggerDict.values()
    loggers = [logging.getLogger(), *(x for x in known if isinstance(x, logging.Logger))]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, PrefectConsoleHandler) and not any(
                isinstance(f, _OnlyCritical) for f in handler.filters
            ):
                handler.addFilter(_OnlyCritical())


def ingest_settings(
    config: Path | None, db: Path | None, data_dir: Path | None, workers: int | None
) -> Settings:
    """With ``--db`` the data dir is ``FILE.d`` (unless ``--data-dir``): a database given on
    the command line never shares an archive or a lock with the configured one."""
    if db is not None and data_dir is None:
        data_dir = db.with_name(db.name + ".d")
    return load_settings(config, database=db, data_dir=data_dir, parse_workers=workers)


class ProgressBar:
    """A progress bar on stderr, created once the number of documents to parse is known."""

    def __init__(self) -> None:
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.bar is None:
            self.bar = click.progressbar(
                length=total, label="parsing", file=sys.stderr, show_pos=True
            )
            self.bar.__enter__()
        self.bar.label = f"parsing {name[:40]}"
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


class PartialRun(MinshengError):
    """Some documents were quarantined or could not be fetched; the rest were loaded."""

    exit_code = 1


def echo_problems(report) -> None:  # report: flows.stages.IngestReport
    ignored = [
        p.filename
        for p in report.problems()
        if p.outcome == "ignored" and p.reason == "unsupported"
    ]
    if ignored:
        names = ", ".join(ignored[:5]) + (
            f" and {len(ignored) - 5} more" if len(ignored) > 5 else ""
        )
        click.echo(f"  ignored (not a circular file or an article page): {names}", err=True)
    for loaded in report.unplaced():  # kept, out of series and alerts until placed
        click.echo(f"  loaded in no circular ({loaded.reason}): {loaded.message}", err=True)
    for problem in report.problems():
        if problem.outcome == "ignored" and problem.reason == "unsupported":
            continue
        message = problem.message or ""
        if problem.filename not in message:
            message = f"{problem.filename}: {message}"
        click.echo(f"  {problem.outcome} ({problem.reason}): {message}", err=True)


def finish(report) -> None:  # report: IngestReport or NightlyReport
    """Exit 1 for a partial run; the one-line reason on stderr says what went wrong: the
    documents listed above, a failed delivery (naming the channel), or both."""
    if report.exit_code != 1:
        return
    ingest = getattr(report, "ingest", report)
    reasons = []
    if ingest.status != "ok":
        reasons.append("see the documents listed above")
    delivery = getattr(report, "delivery_problem", lambda: None)()
    if delivery:
        reasons.append(delivery)
    raise PartialRun(f"run {report.status}: {'; '.join(reasons) or 'see above'}")


@click.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Working DuckDB file to load into (its archive and lock go to FILE.d/).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where the archive and the writer lock live.",
)
@CONFIG_OPTION
@click.option("--workers", type=click.IntRange(1, 64), help="Parse processes (default: CPUs).")
@WAIT_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(
    sources: tuple[str, ...],
    db: Path | None,
    data_dir: Path | None,
    config: Path | None,
    workers: int | None,
    wait: float,
    quiet: bool,
) -> None:
    """Load circulars from SOURCE… (folders, globs, http(s) URLs; default: the configured
    sources) into the warehouse, then bring projects and alerts up to date. Runs without
    Prefect."""
    from flows.lock import writer_lock
    from flows.nightly import evaluate_alerts, ingest_sources, open_warehouse, refresh_projects

    settings = ingest_settings(config, db, data_dir, workers)
    specs = list(sources) or settings.sources
    if not specs:
        raise click.UsageError("no SOURCE given and no sources configured")
    from flows.reaper import reaping

    progress = None if quiet else ProgressBar()
    with reaping(), writer_lock(settings.lock_path, wait=wait):
        conn = open_warehouse(settings)
        try:
            report = ingest_sources(conn, settings, specs, trigger="ingest", progress=progress)
            if progress is not None:
                progress.close()
                progress = None
            # the readers (alerts, series, projects) open the database read-only
            projects = refresh_projects(conn)
            evaluation = evaluate_alerts(conn, settings)
        finally:
            if progress is not None:
                progress.close()
            conn.close()
    click.echo(f"{report.summary()} — run {report.load_id}: {report.status}")
    click.echo(
        f"alerts: {evaluation.firing} firing ({len(evaluation.new)} new), "
        f"{len(evaluation.resolved)} resolved"
    )
    if projects.review_open:
        click.echo(
            f"minsheng: {projects.review_open} project name(s) wait for review and stay out of "
            "series and alerts: see `minsheng projects --unmatched`",
            err=True,
        )
    echo_problems(report)
    click.echo(f"warehouse: {settings.database_path}")
    finish(report)


@click.command()
@CONFIG_OPTION
@WAIT_OPTION
def run(config: Path | None, wait: float) -> None:
    """Run the nightly job once (ingest, projects, alerts, delivery, snapshot) as a Prefect
    flow; uses Prefect's temporary local server unless PREFECT_API_URL is set."""
    settings = load_settings(config)
    quiet_prefect()  # before Prefect is imported: it reads these settings once
    checked_schedule(settings)
    if not settings.sources:
        raise MinshengError("no sources configured (set sources in minsheng.toml)")
    if wait == 0 and (holder := lock_holder(settings.lock_path)):
        # fail before Prefect's start-up, not after it
        raise LockBusy(f"another minsheng run holds the lock since {holder}")
    from flows.pipeline import nightly
    from flows.reaper import reaping

    quiet_console()
    path = config_path(config)
    with reaping():  # the parse pool and Prefect's temporary server die with this process
        report = nightly(config=str(path.resolve()) if path else None, wait=wait)
    for line in report.lines():
        click.echo(line)
    echo_problems(report.ingest)
    click.echo(f"warehouse: {settings.database_path}")
    click.echo(f"snapshot:  {settings.snapshot_path} (Parquet in {settings.parquet_path}/)")
    with_config = f" --config {config}" if config else ""
    click.echo(f'try:       minsheng sql{with_config} "{TRY_QUERY}"')
    finish(report)


@click.command()
@CONFIG_OPTION
@click.option(
    "--server-log",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File for the output of the Prefect server started when PREFECT_API_URL is unset.",
)
def serve(config: Path | None, server_log: Path | None) -> None:
    """Keep the nightly job scheduled (cron and time zone from the settings) until stopped.

    Without PREFECT_API_URL a Prefect server is started on 127.0.0.1 for as long as this runs.
    """
    settings = load_settings(config)
    quiet_prefect()
    checked_schedule(settings)  # before a server is started
    from flows.serving import serve as serve_nightly

    serve_nightly(
        settings, config_path(config), server_log=server_log, say=lambda t: click.echo(t, err=True)
    )


COMMANDS = [ingest, run, serve]
