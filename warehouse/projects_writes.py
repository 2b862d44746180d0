"""Writing a project refresh: the rows it decided, gathered and written one statement per table
(registered Arrow tables), so a refresh of hundreds of circulars stays well under a second; then
each project's name, number and periods brought in line with its occurrences."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from warehouse.connection import execute_with

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


def arrow_rows(schema: pa.Schema, rows: list[tuple]) -> pa.Table:
    """``rows`` (tuples in ``schema`` order) as an Arrow table."""
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
    return pa.Table.from_arrays(
        [pa.array(list(c), type=f.type) for c, f in zip(columns, schema, strict=True)],
        schema=schema,
    )


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
            if rows:
                execute_with(conn, name, arrow_rows(schema, rows), sql)


def update_projects(conn: duckdb.DuckDBPyConnection) -> None:
    """Name, number and first/last period of each project from its occurrences.

    The name is the first of the year (a table row's name before a name only a sentence used);
    the number is the one most circulars printed (the latest among equals), so a numbering
    glitch in some months does not renumber the project.
    """
    rows = conn.execute(
        """
        SELECT o.project_key, o.project_no, o.project, c.year, c.period_end_month,
               (SELECT count(*) FROM project_entries e
                 WHERE e.sha256 = c.authoritative_sha256 AND e.level = o.level
                   AND e.project_no = o.project_no AND e.project = o.project) > 0 AS in_entries
        FROM project_occurrences o JOIN circulars c USING (circular_id)
        WHERE o.project_key IS NOT NULL
        ORDER BY o.project_key, c.period_end_month, in_entries DESC, c.period_start_month,
                 c.issued NULLS FIRST, c.circular_id, o.project
        """
    ).fetchall()
    by_key: dict[str, list[tuple[int, str, str, bool]]] = defaultdict(list)
    for key, no, name, year, month, in_entries in rows:
        by_key[key].append((int(no), name, f"{year:04d}-{month:02d}", bool(in_entries)))
    wanted: dict[str, tuple[int, str, str, str]] = {}
    for key, seen in by_key.items():
        counted = [s for s in seen if s[3]] or seen
        votes: dict[int, tuple[int, int]] = {}
        for order, (no, _, _, _) in enumerate(counted):
            votes[no] = (votes.get(no, (0, 0))[0] + 1, order)
        number = max(votes, key=lambda n: votes[n])
        wanted[key] = (number, seen[0][1], seen[0][2], seen[-1][2])
    current = {
        key: (no, name, first, last)
        for key, no, name, first, last in conn.execute(
            "SELECT project_key, project_no, canonical_name, first_period, last_period "
            "FROM projects"
        ).fetchall()
    }
    for key, values in wanted.items():
        if current.get(key) != values:
            conn.execute(
                "UPDATE projects SET project_no = ?, canonical_name = ?, first_period = ?, "
                "last_period = ? WHERE project_key = ?",
                [*values, key],
            )
