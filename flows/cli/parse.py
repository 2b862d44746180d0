"""``minsheng parse PATH``: read one circular and show what the parser found in it.

By default a readable summary (meta, facts, percentages left out and why); ``--json`` prints
exactly one JSON object: document, meta, facts, county_mentions, county_scores, projects, report.
A text in which no circular could be placed (no city, year or period: what ``ingest`` loads
in no circular, as ``period_unknown`` or ``place_unknown``) is shown all the same, then said on
stderr, and exits 1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

import parsers
from schemas.circular import ParseResult
from schemas.errors import MinshengError

PIPE_WIDTH = 200  # columns when the output is not a terminal: keep names whole


def result_json(result: ParseResult) -> str:
    """The one JSON object ``--json`` prints."""
    return json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=1)


def _facts_table(result: ParseResult) -> Table:
    table = Table(title=f"{len(result.facts)} facts", show_lines=False, expand=False)
    for column in ("section", "level", "no", "project", "indicator", "county", "metric", "%"):
        table.add_column(column, justify="right" if column in ("no", "%") else "left")
    table.add_column("status")
    table.add_column("line", justify="right")
    for f in result.facts:
        where = f"{f.source.page}:{f.source.line}" if f.source.page else str(f.source.line)
        table.add_row(
            f.section,
            f.level,
            str(f.project_no),
            f.project,
            f.indicator or "",
            f.county or "",
            f.metric,
            f"{f.value:g}",
            "behind" if f.status else "",
            where,
        )
    return table


def show(result: ParseResult, console: Console) -> None:
    meta = result.meta
    period = (
        f"{meta.period_start_month}-{meta.period_end_month}月" if meta.period_end_month else "?"
    )
    console.print(f"[bold]{meta.title or '(no title)'}[/bold]")
    console.print(
        f"city {meta.city or '?'} · year {meta.year or '?'} · period {period} · "
        f"issued {meta.issued or '?'} · {meta.issuer or '(no issuer)'}"
    )
    console.print(_facts_table(result))
    states: dict[str, int] = {}
    for p in result.projects:
        states[p.state] = states.get(p.state, 0) + 1
    console.print(
        f"projects: {len(result.projects)} ("
        + ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
        + f") · county mentions: {len(result.county_mentions)}"
        + f" · county scores: {len(result.county_scores)}"
    )
    report = result.report
    console.print(
        f"lines read {report.lines_read}, with facts {report.lines_with_facts}; "
        f"percent figures {report.percent_figures}, read as facts {report.percent_facts}; "
        f"parser {report.parser_version}"
    )
    if report.left_out:
        console.print(
            "  left out: " + ", ".join(f"{why} {n}" for why, n in sorted(report.left_out.items()))
        )
    for missed in report.percent_lines_without_facts:
        where = f"{missed.page}:{missed.line}" if missed.page else str(missed.line)
        console.print(f"  no fact at line {where}: {missed.reason} — {missed.text[:40]}")
    for warning in report.warnings:
        console.print(f"  [yellow]warning[/yellow]: {warning}")


@click.command("parse")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def parse(path: Path, as_json: bool) -> None:
    """Parse one circular (PDF, text or Word) and show its facts."""
    result = parsers.parse_path(path)
    if as_json:
        click.echo(result_json(result))
    else:
        width = None if sys.stdout.isatty() else PIPE_WIDTH
        show(result, Console(file=sys.stdout, width=width, soft_wrap=False))
    missing = unplaced(result)
    if missing:
        status = "place_unknown" if missing == ["city"] else "period_unknown"
        raise NotACircular(
            f"{path.name}: no circular found: cannot read its {', '.join(missing)} "
            f"(ingest loads it in no circular as {status})"
        )


class NotACircular(MinshengError):
    """The text was read, but no circular in it could be placed (city, year, period)."""

    exit_code = 1


def unplaced(result: ParseResult) -> list[str]:
    """What a circular needs to be loaded and this one lacks: city, year, period."""
    meta = result.meta
    return [
        name
        for name, value in (
            ("city", meta.city),
            ("year", meta.year),
            ("period", meta.period_start_month and meta.period_end_month),
        )
        if not value
    ]


COMMANDS = [parse]
