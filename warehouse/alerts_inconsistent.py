"""Alerts of kind ``inconsistent``: one per figure of a circular that ``figure_checks`` finds
at odds with another, firing while the authoritative document still prints it.

The alert's ``metric`` (and ``metric_key``) is the rule, ``from_value`` what the other figures
give (done / target, the whole, the attachment's figure), ``to_value`` the figure as printed,
``source_text`` what is wrong and the sentence it stands in. When a corrected circular replaces
the document, the episode is gone and ``evaluate`` retracts the alert as it does any other.
"""

from __future__ import annotations

import hashlib
from typing import Any

import duckdb

INCONSISTENT_SQL = """
SELECT DISTINCT fc.rule, fc.circular_id, fc.city, fc.year, fc.period_end_month,
       coalesce(fc.level, 'city') AS level, coalesce(fc.project_no, 0) AS project_no,
       o.project_key, coalesce(p.canonical_name, fc.project) AS project, fc.indicator, fc.county,
       fc.stated, fc.computed, fc.detail, fc.quote, fc.sha256, fc.page, fc.line
FROM figure_checks fc
JOIN facts_v f0 ON f0.sha256 = fc.sha256 AND f0.project = fc.project
JOIN project_occurrences o
  ON o.circular_id = fc.circular_id
 AND o.level = coalesce(fc.level, 'city')
 AND o.project_no = coalesce(fc.project_no, 0)
 AND o.project = coalesce(f0.project_simplified, f0.project)
JOIN projects p ON p.project_key = o.project_key
WHERE o.project_key IS NOT NULL
"""


def inconsistent_now(conn: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    """Every ``inconsistent`` alert the current figures give: id → its content columns."""
    cursor = conn.execute(INCONSISTENT_SQL)
    names = [d[0] for d in cursor.description]
    out: dict[str, dict[str, Any]] = {}
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        period = f"{row['year']:04d}-{row['period_end_month']:02d}"
        parts = [
            "inconsistent",
            row["rule"],
            row["circular_id"],
            row["project_key"],
            row["indicator"] or "",
            row["county"] or "",
            str(row["line"] or ""),
        ]
        key = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
        out[key] = {
            "kind": "inconsistent",
            "state": "firing",
            "city": row["city"],
            "year": row["year"],
            "level": row["level"],
            "project_no": row["project_no"],
            "project_key": row["project_key"],
            "project": row["project"],
            "indicator": row["indicator"],
            "county": row["county"],
            "metric": row["rule"],
            "metric_key": row["rule"],
            "from_period": None,
            "to_period": period,
            "from_value": row["computed"],
            "to_value": row["stated"],
            "pace": None,
            "source_text": f"{row['detail']}：{row['quote']}",
            "sha256": row["sha256"],
            "page": row["page"],
            "line": row["line"],
            "resolved_period": None,
        }
    return out
