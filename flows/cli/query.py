"""``minsheng sql`` and ``minsheng status``: reading the warehouse.

``sql`` queries the published snapshot (or, with ``--db``, a working database file), always
read-only with external access disabled and the configuration locked: a query cannot read or
write other files, load extensions or change settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
import duckdb

from flows.cli.formatting import FORMATS, render
from flows.cli.ingest import CONFIG_OPTION
from flows.settings import Settings, checked_schedule, load_settings
from schemas.errors import MinshengError
from warehouse.labels import in_zone, local_stamp

if TYPE_CHECKING:
    from warehouse.snapshot import QueryLimits

DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Query this database file instead of the published snapshot.",
)


def query_limits(settings: Settings) -> QueryLimits:
    from warehouse.snapshot import QueryLimits

    return QueryLimits(settings.sql.timeout, settings.sql.memory_limit, settings.sql.temp_limit)


def query_connection(settings: Settings, db: Path | None) -> duckdb.DuckDBPyConnection:
    """``--db FILE`` or else the published snapshot, read-only in the snapshot's sandbox."""
    from warehouse.snapshot import open_sandboxed, open_snapshot

    limits = query_limits(settings)
    if db is not None:
        return open_sandboxed(db, limits=limits)
    return open_snapshot(settings.snapshot_path, limits=limits)


@click.command()
@click.argument("query")
@DB_OPTION
@CONFIG_OPTION
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--max-rows", type=click.IntRange(min=1), help="Print at most this many rows.")
def sql(query: str, db: Path | None, config: Path | None, fmt: str, max_rows: int | None) -> None:
    """Run one read-only SQL QUERY on the snapshot (or --db FILE) and print the result."""
    from warehouse.snapshot import run_sql

    settings = load_settings(config)
    conn = query_connection(settings, db)
    try:
        # one row more than asked tells whether the result was cut
        columns, rows = run_sql(
            conn,
            query,
            max_rows=None if max_rows is None else max_rows + 1,
            limits=query_limits(settings),
        )
    finally:
        conn.close()
    more = max_rows is not None and len(rows) > max_rows
    rows = rows[:max_rows] if more else rows
    if columns:
        click.echo(render(columns, rows, fmt, more=more))
    if more and fmt != "table":
        click.echo(f"minsheng: first {max_rows} rows printed; the result has more", err=True)


def status_connection(settings: Settings, db: Path | None) -> tuple[duckdb.DuckDBPyConnection, str]:
    """The working database read-only; the snapshot when a run holds the working file."""
    from warehouse.connection import connect

    path = db or settings.database_path
    try:
        return connect(path, read_only=True), str(path)
    except MinshengError:
        if db is not None or not settings.snapshot_path.is_file():
            raise
    from warehouse.snapshot import open_snapshot

    return open_snapshot(settings.snapshot_path), f"{settings.snapshot_path} (snapshot)"


@click.command()
@DB_OPTION
@CONFIG_OPTION
@click.option("--runs", type=click.IntRange(min=1), default=5, show_default=True)
def status(db: Path | None, config: Path | None, runs: int) -> None:
    """Last runs, documents by status, the quarantine with reasons, figures to review."""
    from flows.cli.ingest import ingest_settings
    from flows.lock import lock_holder
    from warehouse.status import warehouse_status

    settings = ingest_settings(config, db, None, None)
    checked_schedule(settings)
    conn, where = status_connection(settings, db)
    try:
        state = warehouse_status(conn, runs=runs)
        failing = failing_urls(conn)
    finally:
        conn.close()
    click.echo(f"warehouse: {where}")
    holder = lock_holder(settings.lock_path)
    if holder:
        click.echo(f"writer lock: held by {holder}")
    click.echo(f"circulars: {state.circulars}, facts: {state.facts}")
    documents = ", ".join(f"{n} {s}" for s, n in state.documents.items()) or "none"
    click.echo(f"documents: {documents}")
    if state.roles:
        click.echo("roles: " + ", ".join(f"{n} {r}" for r, n in state.roles.items()))
    click.echo("last runs:")
    if not state.runs:
        click.echo("  none")
    zone = settings.timezone
    if state.runs:
        click.echo(f"  (times in {zone})")
    for r in state.runs:
        started = f"{in_zone(r.started_at, zone):%Y-%m-%d %H:%M:%S}"
        finished = f"{in_zone(r.finished_at, zone):%H:%M:%S}" if r.finished_at else "running"
        click.echo(
            f"  {started} → {finished}  {r.trigger:<8} {r.status:<8}"
            f"seen {r.documents_seen}, loaded {r.documents_loaded}, "
            f"skipped {r.documents_skipped}, failed {r.documents_failed}"
        )
        for line in (r.message or "").splitlines():
            if line.startswith("delivery failed"):
                click.echo(f"    {line}")
    click.echo(f"quarantine ({len(state.quarantine)}):")
    for q in state.quarantine:
        click.echo(f"  {q.filename or q.sha256[:12]}  {q.status}: {q.reason}: {q.message}")
    if state.unplaced:
        click.echo(f"in no circular, out of series and alerts ({len(state.unplaced)}):")
        for u in state.unplaced:
            name = u.filename or u.sha256[:12]
            click.echo(f"  {name}  {u.placement}: {u.note} ({u.facts} facts)")
    if state.needs_review:
        click.echo(f"figures to review, kept out of alerts ({len(state.needs_review)}):")
        for f in state.needs_review:
            where = f"p.{f.page} l.{f.line}" if f.page else f"l.{f.line}"
            unit = f" {f.county}" if f.county else ""
            click.echo(f"  {f.filename}  {where}  {f.project}{unit} {f.value:g}%: {f.reason}")
    if state.not_read:
        click.echo(f"files not read ({len(state.not_read)}):")
        for f in state.not_read:
            click.echo(f"  {f.filename or f.location}  {f.outcome}: {f.reason}: {f.message}")
    if failing:
        click.echo(f"URLs failing at their last fetch ({len(failing)}):")
        for _url, checked_at, error in failing:
            # the error names the URL
            click.echo(f"  {local_stamp(checked_at, settings.timezone)}  {error}")


def failing_urls(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, object, str]]:
    """(url, checked_at, error) of http(s) sources whose last fetch failed."""
    return conn.execute(
        "SELECT url, checked_at, error FROM http_cache WHERE error IS NOT NULL "
        "ORDER BY checked_at DESC, url LIMIT 50"
    ).fetchall()


COMMANDS = [sql, status]
