"""Deciding what project identity could not: manual aliases, names accepted as new projects, and
the listings behind `minsheng projects`."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import duckdb

from schemas.errors import MinshengError
from warehouse.connection import as_utc, transaction, utc_now
from warehouse.projects_matching import normalise_name, project_key


def all_keys(conn: duckdb.DuckDBPyConnection) -> set[str]:
    return {k for (k,) in conn.execute("SELECT project_key FROM projects").fetchall()}


def add_alias(
    conn: duckdb.DuckDBPyConnection, key: str, name: str, *, now: datetime | None = None
) -> int:
    """Make ``name`` a manual alias of project ``key``; resolves review rows of that name.

    Returns how many review rows it resolved. Call ``refresh_projects`` afterwards (the CLI
    does) to attach the waiting facts.
    """
    moment = as_utc(now) if now else utc_now()
    row = conn.execute(
        "SELECT city, year, level FROM projects WHERE project_key = ?", [key]
    ).fetchone()
    if row is None:
        raise MinshengError(f"no project {key!r}; see `minsheng projects`")
    city, year, level = row
    normalised = normalise_name(name)
    if not normalised:
        raise MinshengError(f"{name!r} is not a project name")
    with transaction(conn):
        conn.execute(
            "INSERT INTO project_aliases (project_key, alias, normalised, match_kind, score, "
            "first_seen) VALUES (?, ?, ?, 'manual', 100, ?) "
            "ON CONFLICT DO UPDATE SET match_kind = 'manual', score = 100",
            [key, name, normalised, moment],
        )
        return _resolve_reviews(conn, city, year, level, normalised, key, moment)


def accept_new(
    conn: duckdb.DuckDBPyConnection, name: str, *, now: datetime | None = None
) -> list[str]:
    """Make each open review row named ``name`` a project of its own; returns the new keys."""
    moment = as_utc(now) if now else utc_now()
    normalised = normalise_name(name)
    rows = conn.execute(
        "SELECT city, year, level, project_no, name FROM project_review WHERE NOT resolved "
        "ORDER BY city, year, level, project_no, name"
    ).fetchall()
    targets = [r for r in rows if normalise_name(r[4]) == normalised]
    if not targets:
        raise MinshengError(
            f"no open review row named {name!r}; see `minsheng projects --unmatched`"
        )
    keys: list[str] = []
    with transaction(conn):
        for city, year, level, no, printed in targets:
            still_open = conn.execute(
                "SELECT NOT resolved FROM project_review WHERE city = ? AND year = ? "
                "AND level = ? AND project_no = ? AND name = ?",
                [city, year, level, no, printed],
            ).fetchone()
            if not still_open or not still_open[0]:
                continue
            key = project_key(city, year, level, no, all_keys(conn))
            conn.execute(
                "INSERT INTO projects (project_key, city, year, level, project_no, "
                "canonical_name, first_period, last_period, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
                [key, city, year, level, no, printed, moment],
            )
            conn.execute(
                "INSERT INTO project_aliases (project_key, alias, normalised, match_kind, "
                "score, first_seen) VALUES (?, ?, ?, 'manual', 100, ?)",
                [key, printed, normalised, moment],
            )
            _resolve_reviews(conn, city, year, level, normalised, key, moment)
            keys.append(key)
    return keys


def _resolve_reviews(
    conn: duckdb.DuckDBPyConnection,
    city: str,
    year: int,
    level: str,
    normalised: str,
    key: str,
    moment: datetime,
) -> int:
    open_rows = conn.execute(
        "SELECT project_no, name FROM project_review "
        "WHERE city = ? AND year = ? AND level = ? AND NOT resolved",
        [city, year, level],
    ).fetchall()
    done = 0
    for no, printed in open_rows:
        if normalise_name(printed) != normalised:
            continue
        conn.execute(
            "UPDATE project_review SET resolved = true, resolved_key = ?, resolved_at = ? "
            "WHERE city = ? AND year = ? AND level = ? AND project_no = ? AND name = ?",
            [key, moment, city, year, level, no, printed],
        )
        done += 1
    # the waiting occurrences are matched again by the next refresh
    conn.execute(
        "DELETE FROM project_occurrences WHERE project_key IS NULL AND circular_id IN "
        "(SELECT circular_id FROM circulars WHERE city = ? AND year = ?) AND level = ?",
        [city, year, level],
    )
    return done


@dataclass(frozen=True)
class ProjectRow:
    project_key: str
    city: str
    year: int
    level: str
    project_no: int
    canonical_name: str
    first_period: str | None
    last_period: str | None
    aliases: list[str]


def list_projects(conn: duckdb.DuckDBPyConnection) -> list[ProjectRow]:
    aliases: dict[str, list[str]] = defaultdict(list)
    for key, alias in conn.execute(
        "SELECT project_key, alias FROM project_aliases ORDER BY project_key, first_seen, alias"
    ).fetchall():
        aliases[key].append(alias)
    return [
        ProjectRow(*r, aliases=aliases.get(r[0], []))
        for r in conn.execute(
            "SELECT project_key, city, year, level, project_no, canonical_name, first_period, "
            "last_period FROM projects ORDER BY city, year, level DESC, project_no, project_key"
        ).fetchall()
    ]


@dataclass(frozen=True)
class ReviewRow:
    city: str
    year: int
    level: str
    project_no: int
    name: str
    reason: str
    candidates: list[dict]
    first_seen: datetime


def list_review(
    conn: duckdb.DuckDBPyConnection, *, include_resolved: bool = False
) -> list[ReviewRow]:
    where = "" if include_resolved else "WHERE NOT resolved"
    return [
        ReviewRow(city, year, level, no, name, reason, json.loads(cands), first)
        for city, year, level, no, name, reason, cands, first in conn.execute(
            "SELECT city, year, level, project_no, name, reason, candidates, first_seen "
            f"FROM project_review {where} ORDER BY city, year, level DESC, project_no, name"
        ).fetchall()
    ]
