"""``minsheng report``, ``minsheng export`` and ``minsheng notify-test``.

``report`` writes the static HTML report and ``export`` the xlsx workbook, both from the published
snapshot (or ``--db FILE``), read-only. ``notify-test`` sends a test message on each configured
channel so a new bot or mailbox can be checked without waiting for an alert.
"""

from __future__ import annotations

from pathlib import Path

import click

from flows.cli.ingest import CONFIG_OPTION
from flows.cli.query import query_connection
from flows.settings import load_settings
from schemas.errors import MinshengError

DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read this database file instead of the published snapshot.",
)


@click.command()
@DB_OPTION
@CONFIG_OPTION
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("report.html"),
    show_default=True,
    help="The HTML file to write.",
)
@click.option("--city", help="Only this city (e.g. 衡阳市).")
@click.option("--year", type=click.IntRange(2000, 2100), help="Only this year.")
@click.option("--county", help="Only this county: its series, alerts and county view.")
def report(
    db: Path | None,
    config: Path | None,
    out: Path,
    city: str | None,
    year: int | None,
    county: str | None,
) -> None:
    """Write the progress report: one self-contained HTML page with contents, alerts, charts,
    the county view and sources, readable on a phone; --city/--year/--county narrow it."""
    from report.html import ReportFilter, write_report

    settings = load_settings(config)
    only = ReportFilter(city=city, year=year, county=county)
    conn = query_connection(settings, db)
    try:
        summary = write_report(conn, out, only=only, timezone=settings.timezone)
    finally:
        conn.close()
    click.echo(
        f"report: {summary.path} ({summary.charts} charts, {summary.points} points, "
        f"{summary.alerts} alerts, {summary.sources} sources)"
    )


@click.command()
@DB_OPTION
@CONFIG_OPTION
@click.option(
    "--xlsx",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The workbook to write (sheets 进度序列, 预警, 指标原文).",
)
def export(db: Path | None, config: Path | None, out: Path) -> None:
    """Export the progress series, alerts and facts to an xlsx workbook for Excel or WPS."""
    from report.xlsx import write_xlsx

    settings = load_settings(config)
    conn = query_connection(settings, db)
    try:
        summary = write_xlsx(conn, out, timezone=settings.timezone)
    finally:
        conn.close()
    click.echo(
        f"export: {summary.path} ({summary.series} series points, {summary.alerts} alerts, "
        f"{summary.facts} facts)"
    )


@click.command(name="notify-test")
@CONFIG_OPTION
@click.option("--channel", "names", multiple=True, help="Only this channel (repeatable).")
def notify_test(config: Path | None, names: tuple[str, ...]) -> None:
    """Send a test message on each configured channel (nothing is queued or marked)."""
    from notify import DeliveryFailed, channels_from_config, send_test
    from notify.channels import describe

    channels = channels_from_config(load_settings(config).channels)
    if names:
        unknown = sorted(set(names) - {c.name for c in channels})
        if unknown:
            raise MinshengError(f"no channel named {', '.join(unknown)} in the configuration")
        channels = [c for c in channels if c.name in names]
    if not channels:
        raise MinshengError("no channels configured (see docs/notifications.md)")
    failed = 0
    for channel in channels:
        try:
            send_test(channel)
        except DeliveryFailed as exc:
            failed += 1
            click.echo(f"FAILED {describe(channel)}: {exc.message}")
        else:
            click.echo(f"sent   {describe(channel)}")
    if failed:
        raise MinshengError(f"{failed} of {len(channels)} channels failed")


COMMANDS = [report, export, notify_test]
