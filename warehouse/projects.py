"""Project identity: which rows of which circulars are the same project, within a city and year.

``refresh_projects`` is incremental and idempotent: it matches only the (level, number, name)
occurrences of authoritative circulars that have no project yet (new circulars, rows waiting in
review), circulars in period order, with the rules of ``warehouse.projects_matching``. Manual
aliases (``add_alias``) win over every rule. A row that cannot be matched safely waits in
``project_review`` with no project: its facts stay out of ``progress_series`` and alerts until
``add_alias`` or ``accept_new`` decides.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from warehouse.connection import as_utc, execute_with, transaction, utc_now
from warehouse.projects_matching import (
    Decision,
    KnownProject,
    Occurrence,
    match_circular,
    name_similarity,
    normalise_name,
    project_key,
)
from warehouse.projects_review import (
    ProjectRow,
    ReviewRow,
    accept_new,
    add_alias,
    list_projects,
    list_review,
)
from warehouse.projects_writes import OCCURRENCE_IDENT, Writes, arrow_rows, update_projects

__all__ = [
    "ProjectRefresh",
    "ProjectRow",
    "ReviewRow",
    "accept_new",
    "add_alias",
    "list_projects",
    "list_review",
    "refresh_projects",
]

OCCURRENCES_SQL = """
SELECT c.circular_id, c.city, c.year, c.period_start_month, c.period_end_month, c.issued,
       x.level, x.project_no, x.project,
       min(x.category_no) AS category_no, min(x.category) AS category,
       bool_or(x.in_entries) AS in_entries
FROM circulars c
JOIN (
    SELECT sha256, coalesce(level, 'city') AS level, coalesce(project_no, 0) AS project_no,
           coalesce(project_simplified, project) AS project, category_no, category,
           false AS in_entries
    FROM facts
    UNION ALL
    SELECT sha256, level, project_no, project, category_no, category, true AS in_entries
    FROM project_entries
) x ON x.sha256 = c.authoritative_sha256
GROUP BY ALL
ORDER BY c.city, c.year, c.period_end_month, c.period_start_month, c.issued NULLS FIRST,
         c.circular_id, x.level, x.project_no, x.project
"""


@dataclass(frozen=True)
class _Row:
    circular_id: str
    city: str
    year: int
    period_start_month: int
    period_end_month: int
    issued: object
    level: str
    project_no: int
    project: str
    category_no: int | None
    category: str | None
    in_entries: bool

    @property
    def occurrence(self) -> Occurrence:
        return Occurrence(self.level, self.project_no, self.project)

    @property
    def ident(self) -> tuple[str, str, int, str]:
        return (self.circular_id, self.level, self.project_no, self.project)


@dataclass
class ProjectRefresh:
    """What one refresh did."""

    circulars: int = 0
    matched: dict[str, int] = field(default_factory=dict)  # decision kind → occurrences
    projects_created: int = 0
    pruned: int = 0
    review_open: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.matched or self.pruned or self.projects_created)


@dataclass
class _YearBook:
    """The known projects of one (city, year), kept in step while circulars are matched."""

    projects: dict[str, KnownProject] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # key → a display name
    manual: dict[tuple[str, str], str] = field(default_factory=dict)  # (level, normalised) → key


def refresh_projects(
    conn: duckdb.DuckDBPyConnection, *, now: datetime | None = None
) -> ProjectRefresh:
    """Match every new occurrence to a project; create projects; queue doubtful rows for review."""
    moment = as_utc(now) if now else utc_now()
    # a row with no name (a category line read as a project) cannot be told apart: left out
    rows = [
        row
        for row in (_Row(*r) for r in conn.execute(OCCURRENCES_SQL).fetchall())
        if normalise_name(row.project)
    ]
    current = {r.ident for r in rows}
    stored = {
        (cid, level, no, name): key
        for cid, level, no, name, key in conn.execute(
            "SELECT circular_id, level, project_no, project, project_key FROM project_occurrences"
        ).fetchall()
    }
    result = ProjectRefresh()
    writes = Writes(
        keys={k for (k,) in conn.execute("SELECT project_key FROM projects").fetchall()},
        open_reviews={
            tuple(r)
            for r in conn.execute(
                "SELECT city, year, level, project_no, name FROM project_review WHERE NOT resolved"
            ).fetchall()
        },
    )
    with transaction(conn):
        stale = [ident for ident in stored if ident not in current]
        if stale:
            execute_with(
                conn,
                "stale",
                arrow_rows(OCCURRENCE_IDENT, stale),
                "DELETE FROM project_occurrences WHERE (circular_id, level, project_no, project) "
                "IN (SELECT (circular_id, level, project_no, project) FROM stale)",
            )
        result.pruned = len(stale)

        by_circular: dict[str, list[_Row]] = defaultdict(list)
        for r in rows:
            by_circular[r.circular_id].append(r)
        books: dict[tuple[str, int], _YearBook] = {}
        for circ_rows in by_circular.values():
            pending = [r for r in circ_rows if r.ident not in stored]
            if not pending:
                continue
            first = circ_rows[0]
            book = books.get((first.city, first.year))
            if book is None:
                book = books[(first.city, first.year)] = _load_book(conn, first.city, first.year)
            known_keys = {r.ident: stored[r.ident] for r in circ_rows if r.ident in stored}
            decisions, followers = _decide(pending, circ_rows, book, known_keys)
            result.circulars += 1
            for row, decision in decisions:
                known_keys[row.ident] = _store(conn, writes, row, decision, book, moment, result)
            for row, decision in _follow(followers, circ_rows, known_keys):
                _store(conn, writes, row, decision, book, moment, result, queue=False)
        writes.flush(conn)
        update_projects(conn)
        open_rows = conn.execute(
            "SELECT count(*) FROM project_review WHERE NOT resolved"
        ).fetchone()
        result.review_open = int(open_rows[0]) if open_rows else 0
    return result


def _decide(
    pending: list[_Row],
    circ_rows: list[_Row],
    book: _YearBook,
    known_keys: dict[tuple[str, str, int, str], str | None],
) -> tuple[list[tuple[_Row, Decision]], list[_Row]]:
    """Decisions for the pending rows of one circular, and the rows that follow a table row.

    Rows named only by facts (a body sentence naming a project its own way) while the circular's
    table has rows with that number follow the table row of that number (see ``_follow``).
    """
    out: list[tuple[_Row, Decision]] = []
    claimed = {key for key in known_keys.values() if key is not None}
    table_numbers = {(r.level, r.project_no) for r in circ_rows if r.in_entries}
    table_names = {(r.level, normalise_name(r.project)) for r in circ_rows if r.in_entries}
    primary: list[_Row] = []
    secondary: list[_Row] = []
    for r in pending:
        manual_key = book.manual.get((r.level, normalise_name(r.project)))
        if manual_key is not None:
            out.append((r, Decision(r.occurrence, "manual", manual_key, 100.0)))
            claimed.add(manual_key)
        elif r.in_entries or (
            (r.level, r.project_no) not in table_numbers
            and (r.level, normalise_name(r.project)) not in table_names
        ):
            primary.append(r)
        else:
            secondary.append(r)
    known = list(book.projects.values())
    decisions = match_circular([r.occurrence for r in primary], known, claimed=claimed)
    out.extend(zip(primary, decisions, strict=True))
    return out, secondary


def _follow(
    followers: list[_Row],
    circ_rows: list[_Row],
    keys: dict[tuple[str, str, int, str], str | None],
) -> list[tuple[_Row, Decision]]:
    """Each follower takes the project of the table row of the same name (whatever its number),
    else of the table row with its number it resembles most (none while that row waits in
    review)."""
    out: list[tuple[_Row, Decision]] = []
    for r in followers:
        normalised = normalise_name(r.project)
        table = [s for s in circ_rows if s.in_entries and s.level == r.level]
        same_name = [s for s in table if normalise_name(s.project) == normalised]
        same_no = [s for s in table if s.project_no == r.project_no]
        siblings = [
            (name_similarity(normalised, normalise_name(s.project)), s)
            for s in (same_name or same_no)
        ]
        score, sibling = max(siblings, key=lambda pair: (pair[0], pair[1].project))
        key = keys.get(sibling.ident)
        kind = "exact" if same_name else "number+fuzzy"
        if key is None:
            out.append((r, Decision(r.occurrence, "review", None, 0.0, "unmatched")))
        else:
            out.append((r, Decision(r.occurrence, kind, key, round(score, 2))))
    return out


def _load_book(conn: duckdb.DuckDBPyConnection, city: str, year: int) -> _YearBook:
    book = _YearBook()
    for key, level, no, name in conn.execute(
        "SELECT project_key, level, project_no, canonical_name FROM projects "
        "WHERE city = ? AND year = ? ORDER BY project_key",
        [city, year],
    ).fetchall():
        book.projects[key] = KnownProject(key, level, int(no), {int(no)}, set())
        book.names[key] = name
    for key, normalised, kind in conn.execute(
        "SELECT a.project_key, a.normalised, a.match_kind FROM project_aliases a "
        "JOIN projects p USING (project_key) WHERE p.city = ? AND p.year = ?",
        [city, year],
    ).fetchall():
        project = book.projects[key]
        project.aliases.add(normalised)
        if kind == "manual":
            book.manual[(project.level, normalised)] = key
    for key, no in conn.execute(
        "SELECT DISTINCT o.project_key, o.project_no FROM project_occurrences o "
        "JOIN projects p USING (project_key) WHERE p.city = ? AND p.year = ?",
        [city, year],
    ).fetchall():
        book.projects[key].numbers.add(int(no))
    return book


def _store(
    conn: duckdb.DuckDBPyConnection,
    writes: Writes,
    row: _Row,
    decision: Decision,
    book: _YearBook,
    moment: datetime,
    result: ProjectRefresh,
    *,
    queue: bool = True,
) -> str | None:
    """Record one decision (written by ``writes.flush``); returns the project key (None while
    the row waits in review)."""
    kind: str = decision.kind
    key = decision.project_key
    score = decision.score
    if kind == "new":
        key = project_key(row.city, row.year, row.level, row.project_no, writes.keys)
        writes.keys.add(key)
        period = f"{row.year:04d}-{row.period_end_month:02d}"
        writes.projects.append(
            (key, row.city, row.year, row.level, row.project_no, row.project, row.category_no,
             row.category, period, period, moment)
        )  # fmt: skip
        book.projects[key] = KnownProject(key, row.level, row.project_no, set(), set())
        book.names[key] = row.project
        result.projects_created += 1
        score = 100.0
    result.matched[kind] = result.matched.get(kind, 0) + 1
    writes.occurrences.append(
        (row.circular_id, row.level, row.project_no, row.project, key, kind, score, moment)
    )
    if key is None:
        if queue:
            _queue_review(conn, row, decision, book, moment)
        return None
    project = book.projects[key]
    normalised = normalise_name(row.project)
    project.numbers.add(row.project_no)
    project.aliases.add(normalised)
    writes.aliases.setdefault(
        (key, row.project), (key, row.project, normalised, kind, score, moment)
    )
    review = (row.city, row.year, row.level, row.project_no, row.project)
    if review in writes.open_reviews:
        conn.execute(
            "UPDATE project_review SET resolved = true, resolved_key = ?, resolved_at = ? "
            "WHERE city = ? AND year = ? AND level = ? AND project_no = ? AND name = ?",
            [key, moment, *review],
        )
        writes.open_reviews.discard(review)
    return key


def _queue_review(
    conn: duckdb.DuckDBPyConnection,
    row: _Row,
    decision: Decision,
    book: _YearBook,
    moment: datetime,
) -> None:
    candidates = json.dumps(
        [
            {
                "project_key": c.project_key,
                "project_no": c.project_no,
                "name": book.names.get(c.project_key, ""),
                "score": c.score,
            }
            for c in decision.candidates
        ],
        ensure_ascii=False,
    )
    conn.execute(
        "INSERT INTO project_review (city, year, level, project_no, name, candidates, reason, "
        "first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT DO UPDATE SET candidates = excluded.candidates, reason = excluded.reason, "
        "resolved = false, resolved_key = NULL, resolved_at = NULL",
        [
            row.city,
            row.year,
            row.level,
            row.project_no,
            row.project,
            candidates,
            decision.reason or "unmatched",
            moment,
        ],
    )
