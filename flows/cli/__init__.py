"""The ``minsheng`` command line: one click group, one module per topic.

Errors meant for users (``MinshengError``) are printed on one line to stderr with their exit
code; nothing else a user sees is a traceback.
"""

from __future__ import annotations

import sys

import click

from schemas.errors import MinshengError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="minsheng")
def cli() -> None:
    """Read livelihood-project progress circulars into a DuckDB warehouse and watch progress."""


def _register() -> None:
    from flows.cli import alerts, audit, ingest, parse, query, report

    for module in (parse, ingest, query, alerts, report, audit):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> int:
    try:
        result = cli.main(args=argv, prog_name="minsheng", standalone_mode=False)
    except MinshengError as exc:
        click.echo(f"minsheng: {exc.message}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("minsheng: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("minsheng: interrupted", err=True)
        return 130
    return result if isinstance(result, int) else 0


def entry() -> None:
    sys.exit(main())
