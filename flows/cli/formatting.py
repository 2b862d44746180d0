"""Query results on the terminal: a table (rich, as ``minsheng parse`` prints; CJK characters
count two columns), CSV or JSON (one array of objects). Numbers are printed exactly as stored
(1234567.89, not 1.23457e+06), right-aligned."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

FORMATS = ("table", "csv", "json")


def cell_text(value: Any) -> str:
    """A value as a table cell: floats in their shortest exact form (``repr``), "" for NULL."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def render_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], *, more: bool = False
) -> str:
    """An aligned table with a header rule and a row count; ``more``: the rows are the first of
    a longer result, and the count says so."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="")
    for index, name in enumerate(columns):
        numeric = (
            bool(rows)
            and all(row[index] is None or _is_number(row[index]) for row in rows)
            and any(_is_number(row[index]) for row in rows)
        )
        table.add_column(name, justify="right" if numeric else "left", no_wrap=True)
    for row in rows:
        table.add_row(*(cell_text(v).replace("\n", " ") for v in row))
    out = io.StringIO()
    Console(file=out, width=100_000, color_system=None, highlight=False).print(table)
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    count = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if more:
        count = f"first {count} shown; the result has more: raise --max-rows"
    lines.append(f"({count})")
    return "\n".join(lines)


def render_csv(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: CRLF rows, fields with CR or LF quoted
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().removesuffix("\r\n")


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def render_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, default=_json_value, indent=1)


def render(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str, *, more: bool = False
) -> str:
    if fmt == "csv":
        return render_csv(columns, rows)
    if fmt == "json":
        return render_json(columns, rows)
    return render_table(columns, rows, more=more)
