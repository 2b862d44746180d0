"""``minsheng audit``: the circulars' own arithmetic — figures that do not add up, within a
circular and from one month to the next, each with both figures quoted."""

from __future__ import annotations

import json
from pathlib import Path

import click

from flows.cli.alerts import fresh_warehouse
from flows.cli.ingest import CONFIG_OPTION, ingest_settings
from flows.cli.query import DB_OPTION


@click.command()
@DB_OPTION
@CONFIG_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print one JSON array of objects.")
def audit(db: Path | None, config: Path | None, as_json: bool) -> None:
    """List figures of the circulars that disagree with each other (done/target vs the printed
    %, county counts vs the whole, month-over-month direction, body vs attachment), after
    bringing projects and series up to date with the database."""
    from warehouse.figure_checks import figure_checks

    # projects matched and series built first: month-over-month checks follow the series
    with fresh_warehouse(ingest_settings(config, db, None, None)) as conn:
        found = figure_checks(conn)
    if as_json:
        click.echo(json.dumps([f.as_dict() for f in found], ensure_ascii=False, indent=1))
        return
    for f in found:
        unit = " · ".join(x for x in (f.indicator, f.county) if x)
        click.echo(
            f"{f.rule:<13} {f.circular_id}  {f.project}{f' ({unit})' if unit else ''}: {f.detail}"
        )
        click.echo(f"    {f.filename or f.sha256[:12]} {f.where}: {f.quote}")
        if f.other_quote:
            click.echo(f"    {f.filename or f.sha256[:12]} {f.other_where}: {f.other_quote}")
    click.echo(f"{len(found)} inconsistenc{'y' if len(found) == 1 else 'ies'}")


COMMANDS = [audit]
