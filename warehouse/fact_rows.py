"""The rows a ParseResult gives: facts, county mentions and scores, project entries, its report.

Each list is deduplicated (an item the parser emitted twice, identical in every field including
where it was read, is kept once) and numbered from 1 in parse order, then turned into an Arrow
table whose columns match the warehouse table, so it can be inserted in one statement.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import pyarrow as pa
from pydantic import BaseModel

from schemas.circular import CountyMention, CountyScore, Fact, ParseResult, ProjectEntry, SourceRef

Model = TypeVar("Model", bound=BaseModel)

_SOURCE_FIELDS: list[tuple[str, pa.DataType]] = [
    ("page", pa.int32()),
    ("line", pa.int32()),
    ("start_pos", pa.int32()),
    ("end_pos", pa.int32()),
    ("source_text", pa.string()),
]
_KEY_FIELDS: list[tuple[str, pa.DataType]] = [
    ("sha256", pa.string()),
    ("circular_id", pa.string()),
]

FACTS_SCHEMA = pa.schema(
    [
        *_KEY_FIELDS,
        ("fact_no", pa.int32()),
        ("level", pa.string()),
        ("category_no", pa.int32()),
        ("category", pa.string()),
        ("project_no", pa.int32()),
        ("project", pa.string()),
        ("indicator", pa.string()),
        ("county", pa.string()),
        ("metric", pa.string()),
        ("value", pa.float64()),
        ("status", pa.string()),
        ("section", pa.string()),
        *_SOURCE_FIELDS,
        ("load_id", pa.string()),
    ]
)
MENTIONS_SCHEMA = pa.schema(
    [
        *_KEY_FIELDS,
        ("mention_no", pa.int32()),
        ("county", pa.string()),
        ("level", pa.string()),
        ("project_no", pa.int32()),
        ("status", pa.string()),
        ("section", pa.string()),
        *_SOURCE_FIELDS,
        ("load_id", pa.string()),
    ]
)
SCORES_SCHEMA = pa.schema(
    [
        *_KEY_FIELDS,
        ("score_no", pa.int32()),
        ("county", pa.string()),
        ("metric", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        *_SOURCE_FIELDS,
        ("load_id", pa.string()),
    ]
)
ENTRIES_SCHEMA = pa.schema(
    [
        *_KEY_FIELDS,
        ("entry_no", pa.int32()),
        ("level", pa.string()),
        ("category_no", pa.int32()),
        ("category", pa.string()),
        ("project_no", pa.int32()),
        ("project", pa.string()),
        ("state", pa.string()),
        ("progress_text", pa.string()),
        *_SOURCE_FIELDS,
        ("load_id", pa.string()),
    ]
)


@dataclass(frozen=True)
class DocumentRows:
    """Everything one parsed document puts in the warehouse besides its ``documents`` row."""

    facts: pa.Table
    county_mentions: pa.Table
    county_scores: pa.Table
    project_entries: pa.Table
    report: tuple[Any, ...]  # one parse_reports row, in column order

    def tables(self) -> list[tuple[str, pa.Table]]:
        """(warehouse table, rows) in insert order."""
        return [
            ("facts", self.facts),
            ("county_mentions", self.county_mentions),
            ("county_scores", self.county_scores),
            ("project_entries", self.project_entries),
        ]


def unique(items: Iterable[Model]) -> list[Model]:
    """``items`` without repeats (equal in every field), first occurrence kept, order kept."""
    seen: set[str] = set()
    kept: list[Model] = []
    for item in items:
        key = item.model_dump_json()
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def document_rows(result: ParseResult, *, circular_id: str, load_id: str) -> DocumentRows:
    sha = result.document.sha256
    keys = {"sha256": sha, "circular_id": circular_id, "load_id": load_id}
    facts = [
        {**keys, "fact_no": n, **_fact_fields(f), **_source_fields(f.source)}
        for n, f in enumerate(unique(result.facts), start=1)
    ]
    mentions = [
        {**keys, "mention_no": n, **_mention_fields(m), **_source_fields(m.source)}
        for n, m in enumerate(unique(result.county_mentions), start=1)
    ]
    scores = [
        {**keys, "score_no": n, **_score_fields(s), **_source_fields(s.source)}
        for n, s in enumerate(unique(result.county_scores), start=1)
    ]
    entries = [
        {**keys, "entry_no": n, **_entry_fields(e), **_source_fields(e.source)}
        for n, e in enumerate(unique(result.projects), start=1)
    ]
    report = result.report
    missed = [m.model_dump(mode="json") for m in report.percent_lines_without_facts]
    return DocumentRows(
        facts=_table(facts, FACTS_SCHEMA),
        county_mentions=_table(mentions, MENTIONS_SCHEMA),
        county_scores=_table(scores, SCORES_SCHEMA),
        project_entries=_table(entries, ENTRIES_SCHEMA),
        report=(
            sha,
            report.lines_read,
            report.lines_with_facts,
            json.dumps(missed, ensure_ascii=False),
            json.dumps(report.warnings, ensure_ascii=False),
            report.parser_version,
        ),
    )


def _table(rows: Sequence[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    columns = {name: [row[name] for row in rows] for name in schema.names}
    return pa.table(columns, schema=schema)


def _source_fields(source: SourceRef | None) -> dict[str, Any]:
    if source is None:
        return {"page": None, "line": None, "start_pos": None, "end_pos": None, "source_text": None}
    return {
        "page": source.page,
        "line": source.line,
        "start_pos": source.start,
        "end_pos": source.end,
        "source_text": source.text,
    }


def _fact_fields(fact: Fact) -> dict[str, Any]:
    return {
        "level": fact.level,
        "category_no": fact.category_no,
        "category": fact.category,
        "project_no": fact.project_no,
        "project": fact.project,
        "indicator": fact.indicator,
        "county": fact.county,
        "metric": fact.metric,
        "value": fact.value,
        "status": fact.status,
        "section": fact.section,
    }


def _mention_fields(mention: CountyMention) -> dict[str, Any]:
    return {
        "county": mention.county,
        "level": mention.level,
        "project_no": mention.project_no,
        "status": mention.status,
        "section": mention.section,
    }


def _score_fields(score: CountyScore) -> dict[str, Any]:
    return {
        "county": score.county,
        "metric": score.metric,
        "value": score.value,
        "unit": score.unit,
    }


def _entry_fields(entry: ProjectEntry) -> dict[str, Any]:
    return {
        "level": entry.level,
        "category_no": entry.category_no,
        "category": entry.category,
        "project_no": entry.project_no,
        "project": entry.project,
        "state": entry.state,
        "progress_text": entry.progress_text,
    }
