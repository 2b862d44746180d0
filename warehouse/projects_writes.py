"""Writing a project refresh: the rows it decided, gathered and written one statement per table
(registered Arrow tables), so a refresh of hundreds of circulars stays well under a second."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

OCCURRENCE_IDENT = pa.schema(
    [("circular_id", pa.string()), ("level", pa.string()), ("project_no", pa.int32()),
     ("project", pa.string())]
)  # fmt: skip
OCCURRENCE_ROW = pa.schema(
    [*OCCURRENCE_IDENT, ("project_key", pa.string()), ("match_kind", pa.string()),
     ("score", pa.float64()), ("matched_at", pa.timestamp("us"))]
)  # fmt: skip
PROJECT_ROW = pa.schema(
    [("project_key", pa.string()), ("city", pa.string()), ("year", pa.int32()),
     ("level", pa.string()), ("project_no", pa.int32()), ("canonical_name", pa.string()),
     ("category_no", pa.int32()), ("category", pa.string()), ("first_period", pa.string()),
     ("last_period", pa.string()), ("created_at", pa.timestamp("us"))]
)  # fmt: skip
ALIAS_ROW = pa.schema(
    [("project_key", pa.string()), ("alias", pa.string()), ("normalised", pa.string()),
     ("match_kind", pa.string()), ("score", pa.float64()), ("first_seen", pa.timestamp("us"))]
)  # fmt: skip


def write_relation(
    conn: duckdb.DuckDBPyConnection, name: str, schema: pa.Schema, rows: list[tuple]
) -> None:
    """Register ``rows`` as a relation ``name`` (one statement then writes them all)."""
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
    table = pa.Table.from_arrays(
        [pa.array(list(c), type=f.type) for c, f in zip(columns, schema, strict=True)],
        schema=schema,
    )
    conn.register(name, table)


@dataclass
class Writes:
    """Rows a refresh writes, gathered so that each table gets one statement."""

    keys: set[str]
    open_reviews: set[tuple]
    projects: list[tuple] = field(default_factory=list)
    occurrences: list[tuple] = field(default_factory=list)
    aliases: dict[tuple[str, str], tuple] = field(default_factory=dict)

    def flush(self, conn: duckdb.DuckDBPyConnection) -> None:
        for name, schema, rows, sql in (
            ("new_projects", PROJECT_ROW, self.projects, "INSERT INTO projects BY NAME "
             "SELECT * FROM new_projects"),
            ("new_occurrences", OCCURRENCE_ROW, self.occurrences, "INSERT OR REPLACE INTO "
             "project_occurrences BY NAME SELECT * FROM new_occurrences"),
            ("new_aliases", ALIAS_ROW, list(self.aliases.values()), "INSERT INTO project_aliases "
             "BY NAME SELECT * FROM new_aliases ON CONFLICT DO NOTHING"),
        ):  # fmt: skip
            if not rows:
                continue
            write_relation(conn, name, schema, rows)
            try:
                conn.execute(sql)
            except duckdb.Error:
                with suppress(duckdb.Error):  # an aborted transaction refuses this too
                    conn.unregister(name)
                raise
            conn.unregister(name)
