"""``minsheng alerts``, ``minsheng series`` and ``minsheng projects``: watching progress.

They read: the working database read-only (a writer may hold it: then the published snapshot,
said on stderr), so looking never changes the file looked at. Project identity and alert state
are brought up to date by the writers — ``minsheng ingest`` after loading, the nightly run —
so ``minsheng ingest DIR --db FILE && minsheng alerts --db FILE --json`` lists the drops of what
was just loaded. A database loaded after its last evaluation is said to be so on stderr;
``--refresh`` evaluates it first (with the configured tolerance and pace margin, under the
writer lock). ``projects alias`` and ``projects new`` record a decision and write.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click
import duckdb

from flows.cli.formatting import render_table
from flows.cli.ingest import CONFIG_OPTION, ingest_settings
from flows.settings import Settings
from schemas.errors import MinshengError

DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Working DuckDB file (default: the configured database).",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
REFRESH_OPTION = click.option(
    "--refresh",
    is_flag=True,
    help="First bring projects and alerts up to date with what is loaded (writes the database).",
)

# circulars with projects in them that project identity has not seen yet (loaded after the
# last evaluation: their figures are in no series and no alert)
UNEVALUATED = """
SELECT count(*) FROM circulars AS c
WHERE (EXISTS (SELECT 1 FROM facts AS f WHERE f.sha256 = c.authoritative_sha256)
       OR EXISTS (SELECT 1 FROM project_entries AS e WHERE e.sha256 = c.authoritative_sha256))
  AND NOT EXISTS (SELECT 1 FROM project_occurrences AS o WHERE o.circular_id = c.circular_id)
"""


def _settings(config: Path | None, db: Path | None) -> Settings:
    return ingest_settings(config, db, None, None)


@contextmanager
def fresh_warehouse(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the warehouse with projects and alerts brought up to date, or — when
    another process is writing — a read-only one holding the last evaluated state."""
    from flows.lock import LockBusy, writer_lock
    from flows.nightly import evaluate_alerts
    from warehouse.connection import connect
    from warehouse.projects import refresh_projects

    path = settings.database_path
    if not path.exists():
        raise MinshengError(f"no warehouse at {path}; load circulars with `minsheng ingest`")
    conn: duckdb.DuckDBPyConnection | None = None
    try:
        with writer_lock(settings.lock_path, wait=0):
            conn = connect(path)
            refresh = refresh_projects(conn)
            if refresh.review_open:
                click.echo(
                    f"minsheng: {refresh.review_open} project name(s) wait for review and stay "
                    "out of series and alerts: see `minsheng projects --unmatched`",
                    err=True,
                )
            evaluate_alerts(conn, settings)
    except (LockBusy, MinshengError) as exc:
        if conn is not None:
            conn.close()
        if not isinstance(exc, LockBusy) and "cannot open warehouse" not in exc.message:
            raise
        conn = _read_last_state(settings, exc.message)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def reading(settings: Settings, refresh: bool) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse to read: as it is, read-only (or, with ``refresh``, brought up to date
    first), with a note on stderr when it was loaded after its last evaluation."""
    if refresh:
        with fresh_warehouse(settings) as conn:
            yield conn
        return
    from warehouse.connection import connect

    path = settings.database_path
    if not path.exists():
        raise MinshengError(f"no warehouse at {path}; load circulars with `minsheng ingest`")
    try:
        conn = connect(path, read_only=True)
    except MinshengError as exc:
        conn = _read_last_state(settings, exc.message)
    try:
        _say_if_stale(conn)
        yield conn
    finally:
        conn.close()


def _say_if_stale(conn: duckdb.DuckDBPyConnection) -> None:
    try:
        row = conn.execute(UNEVALUATED).fetchone()
    except duckdb.Error:  # a snapshot of an older layout: nothing to say
        return
    if row and row[0]:
        click.echo(
            f"minsheng: {row[0]} circular(s) were loaded after projects and alerts were last "
            "evaluated and are not shown; add --refresh to evaluate them now",
            err=True,
        )


def _read_last_state(settings: Settings, why: str) -> duckdb.DuckDBPyConnection:
    """The working database read-only, else the published snapshot; a note on stderr says
    which (the one-line error says why when neither can be read)."""
    from warehouse.connection import connect

    try:
        conn = connect(settings.database_path, read_only=True)
    except MinshengError as exc:
        snapshot = settings.snapshot_path
        if not snapshot.exists():
            raise MinshengError(f"{exc.message} (and no snapshot at {snapshot})") from exc
        conn = connect(snapshot, read_only=True)
        click.echo(f"minsheng: {why}", err=True)
        click.echo(
            f"minsheng: showing the last published snapshot {snapshot} (not refreshed)", err=True
        )
        return conn
    click.echo(f"minsheng: {why}", err=True)
    click.echo("minsheng: showing the state of the last evaluation (not refreshed)", err=True)
    return conn


def _dump(records: list[dict[str, Any]], zone: str) -> str:
    """JSON of ``records``; timestamps (naive UTC in the warehouse) in the time zone ``zone``
    with their offset: "2025-10-11T10:00:00+08:00"."""

    def default(value: Any) -> Any:
        if isinstance(value, datetime):
            aware = value if value.tzinfo else value.replace(tzinfo=UTC)
            return aware.astimezone(ZoneInfo(zone)).isoformat()
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    return json.dumps(records, ensure_ascii=False, indent=1, default=default)


def _num(value: float | None) -> str:
    """A figure as the circular printed it (exact), a computed one to two decimals."""
    if value is None:
        return ""
    if value != round(value, 2):
        return f"{value:.2f}"
    return repr(value).removesuffix(".0")


@click.command()
@DB_OPTION
@CONFIG_OPTION
@JSON_OPTION
@click.option("--state", type=click.Choice(["firing", "resolved"]), help="Only these alerts.")
@click.option(
    "--kind", type=click.Choice(["drop", "behind_schedule", "inconsistent"]), help="Only this kind."
)
@REFRESH_OPTION
def alerts(
    db: Path | None,
    config: Path | None,
    as_json: bool,
    state: str | None,
    kind: str | None,
    refresh: bool,
) -> None:
    """List alerts: month-over-month drops and projects behind schedule (all states unless
    --state), as last evaluated (--refresh: evaluated now)."""
    from warehouse.alerts import alert_records

    settings = _settings(config, db)
    with reading(settings, refresh) as conn:
        records = alert_records(conn, state=state, kind=kind)
    if as_json:
        click.echo(_dump(records, settings.timezone))
        return
    columns = [
        "place",
        "state",
        "kind",
        "periods",
        "project",
        "indicator",
        "county",
        "values",
        "pace",
    ]
    rows = [
        [
            f"{r['city']} {r['year']}",
            r["state"],
            r["kind"],
            f"{r['from_period'] or ''}→{r['to_period']}",
            f"{r['level']}:{r['project_no']} {r['project']}",
            r["indicator"],
            r["county"] or "全市",
            f"{_num(r['from_value'])}→{_num(r['to_value'])}",
            _num(r["pace"]),
        ]
        for r in records
    ]
    click.echo(render_table(columns, rows))


@click.command()
@click.argument("query")
@DB_OPTION
@CONFIG_OPTION
@JSON_OPTION
@REFRESH_OPTION
def series(query: str, db: Path | None, config: Path | None, as_json: bool, refresh: bool) -> None:
    """Show the progress series matching QUERY: part of a project name, a county or indicator
    ("保障性租赁", "邵东"), or a level and number ("province:21", "city:7")."""
    from warehouse.series import find_series

    settings = _settings(config, db)
    with reading(settings, refresh) as conn:
        found = find_series(conn, query)
    if not found:
        raise MinshengError(f"no series matches {query!r}")
    if as_json:
        out = []
        for s in found:
            record = {k: v for k, v in vars(s).items() if k != "points"}
            record["points"] = [vars(p) for p in s.points]
            out.append(record)
        click.echo(_dump(out, settings.timezone))
        return
    for index, s in enumerate(found):
        if index:
            click.echo("")
        click.echo(f"{s.label}   {s.sparkline}")
        rows = [
            [
                p.period,
                _num(p.value),
                "" if p.delta is None else f"{p.delta:+g}",
                _num(p.pace),
                f"{p.gap_to_pace:+g}",
                p.metric,
                "未达序时" if p.status == "behind_schedule" else "",
            ]
            for p in s.points
        ]
        click.echo(
            render_table(["period", "value", "delta", "pace", "gap", "metric", "status"], rows)
        )


@click.group(invoke_without_command=True)
@click.option("--unmatched", is_flag=True, help="Only the names waiting for review.")
@DB_OPTION
@CONFIG_OPTION
@JSON_OPTION
@REFRESH_OPTION
@click.pass_context
def projects(
    ctx: click.Context,
    unmatched: bool,
    db: Path | None,
    config: Path | None,
    as_json: bool,
    refresh: bool,
) -> None:
    """List the projects of each city and year with the names they were known by; with
    --unmatched, the names that wait for a decision (`projects alias`, `projects new`)."""
    if ctx.invoked_subcommand is not None:
        return
    from warehouse.projects import list_projects, list_review

    settings = _settings(config, db)
    with reading(settings, refresh) as conn:
        if unmatched:
            review = list_review(conn)
        else:
            listed = list_projects(conn)
    if unmatched:
        if as_json:
            click.echo(_dump([vars(r) for r in review], settings.timezone))
            return
        rows = [
            [
                f"{r.year} {r.city}",
                f"{r.level}:{r.project_no}",
                r.name,
                r.reason,
                "; ".join(f"{c['project_key']} {c['name']} ({c['score']:g})" for c in r.candidates),
            ]
            for r in review
        ]
        click.echo(render_table(["year", "number", "name", "reason", "candidates"], rows))
        return
    if as_json:
        click.echo(_dump([vars(p) for p in listed], settings.timezone))
        return
    rows = [
        [
            p.project_key,
            p.canonical_name,
            f"{p.first_period or ''}…{p.last_period or ''}",
            " / ".join(a for a in p.aliases if a != p.canonical_name),
        ]
        for p in listed
    ]
    click.echo(render_table(["key", "project", "periods", "also named"], rows))


@contextmanager
def _deciding(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse under the writer lock with projects refreshed, for a decision on project
    identity; projects and alerts are brought up to date with it afterwards."""
    from flows.lock import writer_lock
    from flows.nightly import evaluate_alerts
    from warehouse.connection import connect
    from warehouse.projects import refresh_projects

    if not settings.database_path.exists():
        raise MinshengError(f"no warehouse at {settings.database_path}")
    with writer_lock(settings.lock_path, wait=0):
        conn = connect(settings.database_path)
        try:
            refresh_projects(conn)
            yield conn
            refresh_projects(conn)
            evaluate_alerts(conn, settings)
        finally:
            conn.close()


@projects.command()
@click.argument("key")
@click.argument("name")
@DB_OPTION
@CONFIG_OPTION
def alias(key: str, name: str, db: Path | None, config: Path | None) -> None:
    """Make NAME another name of project KEY (resolves the review rows of that name)."""
    from warehouse.projects import add_alias

    with _deciding(_settings(config, db)) as conn:
        resolved = add_alias(conn, key, name)
    click.echo(f"{name} → {key} ({resolved} review row{'s' if resolved != 1 else ''} resolved)")


@projects.command(name="new")
@click.argument("name")
@DB_OPTION
@CONFIG_OPTION
def new_project(name: str, db: Path | None, config: Path | None) -> None:
    """Make the name waiting in review a project of its own."""
    from warehouse.projects import accept_new

    with _deciding(_settings(config, db)) as conn:
        keys = accept_new(conn, name)
    click.echo(f"{name} → new project {', '.join(keys)}")


COMMANDS = [alerts, series, projects]
