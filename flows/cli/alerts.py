"""``minsheng alerts``, ``minsheng series`` and ``minsheng projects``: watching progress.

Each command first brings project identity and alert state up to date with what the database
holds (``refresh_projects`` + ``evaluate``, with the configured tolerance and pace margin), so
``minsheng ingest DIR --db FILE && minsheng alerts --db FILE --json`` lists the drops of what was
just loaded. It takes the writer lock for that; when another run holds it (or the database is
open elsewhere) it reads the last evaluated state instead — the working database read-only,
else the published snapshot — and says so on stderr.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

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


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _dump(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1, default=_json_default)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@click.command()
@DB_OPTION
@CONFIG_OPTION
@JSON_OPTION
@click.option("--state", type=click.Choice(["firing", "resolved"]), help="Only these alerts.")
@click.option(
    "--kind", type=click.Choice(["drop", "behind_schedule", "inconsistent"]), help="Only this kind."
)
def alerts(
    db: Path | None, config: Path | None, as_json: bool, state: str | None, kind: str | None
) -> None:
    """List alerts: month-over-month drops and projects behind schedule (all states unless
    --state), after bringing them up to date with the database."""
    from warehouse.alerts import alert_records

    with fresh_warehouse(_settings(config, db)) as conn:
        records = alert_records(conn, state=state, kind=kind)
    if as_json:
        click.echo(_dump(records))
        return
    columns = ["state", "kind", "periods", "project", "indicator", "county", "values", "pace"]
    rows = [
        [
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
def series(query: str, db: Path | None, config: Path | None, as_json: bool) -> None:
    """Show the progress series matching QUERY: part of a project name, a county or indicator
    ("保障性租赁", "邵东"), or a level and number ("province:21", "city:7")."""
    from warehouse.series import find_series

    with fresh_warehouse(_settings(config, db)) as conn:
        found = find_series(conn, query)
    if not found:
        raise MinshengError(f"no series matches {query!r}")
    if as_json:
        out = []
        for s in found:
            record = {k: v for k, v in vars(s).items() if k != "points"}
            record["points"] = [vars(p) for p in s.points]
            out.append(record)
        click.echo(_dump(out))
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
@click.pass_context
def projects(
    ctx: click.Context, unmatched: bool, db: Path | None, config: Path | None, as_json: bool
) -> None:
    """List the projects of each city and year with the names they were known by; with
    --unmatched, the names that wait for a decision (`projects alias`, `projects new`)."""
    if ctx.invoked_subcommand is not None:
        return
    from warehouse.projects import list_projects, list_review

    with fresh_warehouse(_settings(config, db)) as conn:
        if unmatched:
            review = list_review(conn)
        else:
            listed = list_projects(conn)
    if unmatched:
        if as_json:
            click.echo(_dump([vars(r) for r in review]))
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
        click.echo(_dump([vars(p) for p in listed]))
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
