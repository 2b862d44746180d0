"""Every row of some warehouse tables, sorted, to compare two databases or one before and after."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import duckdb


def table_contents(
    conn: duckdb.DuckDBPyConnection,
    tables: Iterable[str],
    *,
    leave_out: Callable[[str], bool] = lambda column: False,
) -> dict[str, list[tuple[object, ...]]]:
    """Each table's rows sorted, without the columns ``leave_out`` says yes to."""
    out = {}
    for table in tables:
        columns = [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index",
                [table],
            ).fetchall()
            if not leave_out(r[0])
        ]
        select = ", ".join(f'"{c}"' for c in columns)  # names from the catalogue
        rows = conn.execute(f'SELECT {select} FROM "{table}"').fetchall()
        out[table] = sorted(rows, key=repr)
    return out
