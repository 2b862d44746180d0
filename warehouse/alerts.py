"""Alert state: drops and behind-schedule episodes of the progress series, kept in ``alerts``.

``evaluate`` recomputes every episode from ``progress_series`` (see ``warehouse.alerts_episodes``
for the rules) and reconciles the table with it:

- an episode not in the table is inserted (``new``), firing or already resolved;
- a firing alert whose series recovered becomes resolved (``resolved``), ``resolved_at`` = now;
- an alert whose episode no longer exists in the data (a circular was replaced, a project
  re-matched) is *retracted*: deleted if it was never notified, else resolved.

Nothing changes when nothing in the data changed: running it twice is a no-op, ``first_seen``
stays. ``last_seen`` is the evaluation that last changed the row. Timestamps are naive UTC.

``pace_margin`` is off (None) by default: circulars flag 未达序时 themselves, and many figures
(形象进度, 开工率) do not grow in step with the calendar. When set, a figure more than that many
points below 序时进度 (month/12·100 — most figures are 完成率 of the annual target) is behind too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import duckdb
import pyarrow as pa

from schemas.alert import Alert
from schemas.errors import MinshengError
from warehouse.alerts_episodes import (
    Episode,
    SeriesPoint,
    alert_id,
    behind_episodes,
    drop_episodes,
    pace_of,
    period,
)
from warehouse.alerts_inconsistent import inconsistent_now
from warehouse.connection import as_utc, execute_with, transaction, utc_now

DEFAULT_DROP_TOLERANCE = 0.01

SERIES_SQL = """
SELECT city, year, level, project_no, project_key, project, indicator, county, metric,
       metric_key, metric_set, series_key, period_end_month, value, pace, status, source_text,
       sha256, page, line
FROM progress_series
ORDER BY series_key, period_end_month
"""

APPEARANCES_SQL = """
SELECT o.project_key, c.period_end_month, bool_or(coalesce(e.state = 'completed', false))
FROM project_occurrences o
JOIN circulars c USING (circular_id)
LEFT JOIN project_entries e
  ON e.sha256 = c.authoritative_sha256 AND e.level = o.level
 AND e.project_no = o.project_no AND e.project = o.project
WHERE o.project_key IS NOT NULL
GROUP BY ALL
"""

# A row of ``alerts``: what an evaluation writes (``CONTENT_COLUMNS``) between the id and the
# timestamps the table manages.
ALERT_ROW = pa.schema(
    [("id", pa.string()), ("kind", pa.string()), ("state", pa.string()), ("city", pa.string()),
     ("year", pa.int32()), ("level", pa.string()), ("project_no", pa.int32()),
     ("project_key", pa.string()), ("project", pa.string()), ("indicator", pa.string()),
     ("county", pa.string()), ("metric", pa.string()), ("metric_key", pa.string()),
     ("from_period", pa.string()), ("to_period", pa.string()), ("from_value", pa.float64()),
     ("to_value", pa.float64()), ("pace", pa.float64()), ("source_text", pa.string()),
     ("sha256", pa.string()), ("page", pa.int32()), ("line", pa.int32()),
     ("resolved_period", pa.string()), ("first_seen", pa.timestamp("us")),
     ("last_seen", pa.timestamp("us")), ("resolved_at", pa.timestamp("us")),
     ("last_notified", pa.timestamp("us"))]
)  # fmt: skip
ALL_COLUMNS: tuple[str, ...] = tuple(ALERT_ROW.names)
CONTENT_COLUMNS = ALL_COLUMNS[1:-4]  # kind … resolved_period


@dataclass
class AlertEvaluation:
    new: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    firing: int = 0
    retracted: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EvaluationSettings:
    drop_tolerance: float = DEFAULT_DROP_TOLERANCE
    pace_margin: float | None = None


def last_settings(conn: duckdb.DuckDBPyConnection) -> EvaluationSettings:
    """The settings of the latest evaluation (defaults if there was none)."""
    row = conn.execute(
        "SELECT drop_tolerance, pace_margin FROM alert_evaluations "
        "ORDER BY evaluated_at DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return EvaluationSettings()
    return EvaluationSettings(float(row[0]), None if row[1] is None else float(row[1]))


def evaluate(
    conn: duckdb.DuckDBPyConnection,
    *,
    drop_tolerance: float = DEFAULT_DROP_TOLERANCE,
    pace_margin: float | None = None,
    now: datetime | None = None,
) -> AlertEvaluation:
    """Bring ``alerts`` in line with the series; returns what changed and how many fire."""
    if drop_tolerance < 0:
        raise MinshengError("drop tolerance must not be negative")
    if pace_margin is not None and pace_margin < 0:
        raise MinshengError("pace margin must not be negative")
    moment = as_utc(now) if now else utc_now()
    desired = episodes_now(conn, drop_tolerance=drop_tolerance, pace_margin=pace_margin)
    existing = {
        row[0]: dict(zip(ALL_COLUMNS, row, strict=True))
        for row in conn.execute(f"SELECT {', '.join(ALL_COLUMNS)} FROM alerts").fetchall()
    }
    outcome = AlertEvaluation()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for alert_id_, content in desired.items():
        before = existing.get(alert_id_)
        if before is None:
            resolved_at = moment if content["state"] == "resolved" else None
            inserts.append(_row(alert_id_, content, moment, moment, resolved_at, None))
            outcome.new.append(alert_id_)
            continue
        if all(before[c] == content[c] for c in CONTENT_COLUMNS):
            continue
        resolved_at = before["resolved_at"]
        if content["state"] == "resolved" and before["state"] == "firing":
            resolved_at = moment
            outcome.resolved.append(alert_id_)
        elif content["state"] == "firing":
            resolved_at = None
        updates.append(
            _row(alert_id_, content, before["first_seen"], moment, resolved_at,
                 before["last_notified"])
        )  # fmt: skip
    gone = [i for i in existing if i not in desired]
    deleted = [i for i in gone if existing[i]["last_notified"] is None]
    withdrawn = [
        i
        for i in gone
        if existing[i]["last_notified"] is not None and existing[i]["state"] == "firing"
    ]
    outcome.retracted = deleted + withdrawn
    with transaction(conn):
        _write_rows(conn, "INSERT INTO alerts BY NAME SELECT * FROM alert_rows", inserts)
        assignments = ", ".join(f"{c} = u.{c}" for c in ALL_COLUMNS if c != "id")
        _write_rows(
            conn,
            f"UPDATE alerts SET {assignments} FROM alert_rows u WHERE alerts.id = u.id",
            updates,
        )
        if deleted:
            conn.execute("DELETE FROM alerts WHERE id IN (SELECT unnest(?::VARCHAR[]))", [deleted])
        if withdrawn:
            conn.execute(
                "UPDATE alerts SET state = 'resolved', resolved_at = ?, last_seen = ? "
                "WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                [moment, moment, withdrawn],
            )
        outcome.firing = sum(1 for c in desired.values() if c["state"] == "firing")
        settings = last_settings(conn)
        changed = outcome.new or outcome.resolved or outcome.retracted
        if (
            changed
            or settings != EvaluationSettings(drop_tolerance, pace_margin)
            or not _any_run(conn)
        ):
            conn.execute(
                "INSERT INTO alert_evaluations VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    moment,
                    drop_tolerance,
                    pace_margin,
                    len(outcome.new),
                    len(outcome.resolved),
                    len(outcome.retracted),
                    outcome.firing,
                ],
            )
    return outcome


def _any_run(conn: duckdb.DuckDBPyConnection) -> bool:
    row = conn.execute("SELECT count(*) FROM alert_evaluations").fetchone()
    return bool(row and row[0])


def _row(
    alert_id_: str,
    content: dict[str, Any],
    first_seen: datetime,
    last_seen: datetime,
    resolved_at: datetime | None,
    last_notified: datetime | None,
) -> dict[str, Any]:
    return {
        "id": alert_id_,
        **content,
        "first_seen": first_seen,
        "last_seen": last_seen,
        "resolved_at": resolved_at,
        "last_notified": last_notified,
    }


def _write_rows(conn: duckdb.DuckDBPyConnection, sql: str, rows: list[dict[str, Any]]) -> None:
    """Run ``sql`` over ``rows`` registered as the relation ``alert_rows``: one statement."""
    if not rows:
        return
    execute_with(conn, "alert_rows", pa.Table.from_pylist(rows, schema=ALERT_ROW), sql)


def episodes_now(
    conn: duckdb.DuckDBPyConnection, *, drop_tolerance: float, pace_margin: float | None
) -> dict[str, dict[str, Any]]:
    """Every alert the current series give: id → the content columns of its row."""
    cursor = conn.execute(SERIES_SQL)
    names = [d[0] for d in cursor.description]
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        series[row["series_key"]].append(row)
    appearances: dict[str, dict[int, bool]] = defaultdict(dict)
    for key, month, completed in conn.execute(APPEARANCES_SQL).fetchall():
        appearances[key][int(month)] = bool(completed)
    reported: dict[str, set[int]] = defaultdict(set)
    for rows in series.values():
        for row in rows:
            reported[row["project_key"]].add(int(row["period_end_month"]))

    out: dict[str, dict[str, Any]] = {}
    for series_key, rows in series.items():
        points = _points(rows, appearances[rows[0]["project_key"]], reported)
        year = int(rows[0]["year"])
        for episode in [
            *drop_episodes(points, drop_tolerance),
            *behind_episodes(points, pace_margin),
        ]:
            out[alert_id(episode.kind, series_key, year, episode)] = _content(episode, year)
    out.update(inconsistent_now(conn))
    return out


def _points(
    rows: Sequence[dict[str, Any]],
    appearances: dict[int, bool],
    reported: dict[str, set[int]],
) -> list[SeriesPoint]:
    """The valued periods of one series, plus the periods that say "not behind" without a value:
    the project reported complete, or (for a county) the project reported without naming it."""
    first = rows[0]
    points = [
        SeriesPoint(
            month=int(r["period_end_month"]),
            value=float(r["value"]),
            pace=float(r["pace"]),
            behind_flag=r["status"] == "behind_schedule",
            completed=False,
            row=r,
            shape=r["metric_set"],
        )
        for r in rows
    ]
    valued = {p.month for p in points}
    for month, completed in appearances.items():
        if month in valued:
            continue
        county_clear = first["county"] is not None and month in reported[first["project_key"]]
        if completed or county_clear:
            points.append(
                SeriesPoint(month=month, value=None, pace=pace_of(month), completed=completed)
            )
    return sorted(points, key=lambda p: p.month)


def _content(episode: Episode, year: int) -> dict[str, Any]:
    row = episode.row
    return {
        "kind": episode.kind,
        "state": "firing" if episode.firing else "resolved",
        "city": row["city"],
        "year": year,
        "level": row["level"],
        "project_no": int(row["project_no"]),
        "project_key": row["project_key"],
        "project": row["project"],
        "indicator": row["indicator"],
        "county": row["county"],
        "metric": row["metric"],
        "metric_key": row["metric_key"],
        "from_period": period(year, episode.from_month),
        "to_period": period(year, episode.to_month),
        "from_value": episode.from_value,
        "to_value": episode.to_value,
        "pace": episode.pace,
        "source_text": row["source_text"],
        "sha256": row["sha256"],
        "page": row["page"],
        "line": row["line"],
        "resolved_period": period(year, episode.resolved_month),
    }


def mark_notified(conn: duckdb.DuckDBPyConnection, ids: Iterable[str], when: datetime) -> int:
    """Record that alerts ``ids`` were delivered at ``when``; returns how many rows it touched."""
    moment = as_utc(when)
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return 0
    # one statement: atomic on its own, and usable inside the caller's transaction
    conn.execute(
        "UPDATE alerts SET last_notified = ? WHERE id IN (SELECT unnest(?::VARCHAR[]))",
        [moment, wanted],
    )
    row = conn.execute(
        "SELECT count(*) FROM alerts WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
    ).fetchone()
    return int(row[0]) if row else 0


ORDER_SQL = (
    " ORDER BY city, year, to_period, CASE level WHEN 'province' THEN 0 ELSE 1 END, project_no,"
    " project_key, indicator NULLS FIRST, county NULLS FIRST, kind, from_period"
)


def alert_records(
    conn: duckdb.DuckDBPyConnection, *, state: str | None = None, kind: str | None = None
) -> list[dict[str, Any]]:
    """Every alert row as a dict of all its columns, in a stable reading order."""
    clauses, params = [], []
    if state is not None:
        clauses.append("state = ?")
        params.append(state)
    if kind is not None:
        clauses.append("kind = ?")
        params.append(kind)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    cursor = conn.execute(f"SELECT {', '.join(ALL_COLUMNS)} FROM alerts{where}{ORDER_SQL}", params)
    return [dict(zip(ALL_COLUMNS, r, strict=True)) for r in cursor.fetchall()]


def as_alert(record: dict[str, Any]) -> Alert:
    """An ``alerts`` row (a dict of its columns, extra keys allowed) as an ``Alert`` model."""
    return Alert.model_validate({k: v for k, v in record.items() if k in Alert.model_fields})


def list_alerts(
    conn: duckdb.DuckDBPyConnection, *, state: str | None = None, kind: str | None = None
) -> list[Alert]:
    """The alerts as ``schemas.alert.Alert`` models."""
    return [as_alert(r) for r in alert_records(conn, state=state, kind=kind)]
