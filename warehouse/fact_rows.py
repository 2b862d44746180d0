"""The rows a ParseResult gives: facts, county mentions and scores, project entries, quantities,
its report.

Each list is deduplicated (an item the parser emitted twice, identical in every field including
where it was read, is kept once) and numbered from 1 in parse order, then turned into an Arrow
table whose columns match the warehouse table, so it can be inserted in one statement.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import pyarrow as pa
from pydantic import BaseModel

from schemas.circular import ParseResult, SourceRef

Model = TypeVar("Model", bound=BaseModel)

_SOURCE_FIELDS: list[tuple[str, pa.DataType]] = [
    ("page", pa.int32()),
    ("line", pa.int32()),
    ("start_pos", pa.int32()),
    ("end_pos", pa.int32()),
    ("source_text", pa.string()),
]
_BOX_FIELDS: list[tuple[str, pa.DataType]] = [
    ("box_x0", pa.float64()),
    ("box_top", pa.float64()),
    ("box_x1", pa.float64()),
    ("box_bottom", pa.float64()),
]
_KEY_FIELDS: list[tuple[str, pa.DataType]] = [
    ("sha256", pa.string()),
    ("circular_id", pa.string()),
]


@dataclass(frozen=True)
class ItemTable:
    """How one kind of parsed item becomes rows of its warehouse table: the keys, a number from 1,
    the item's own fields (model attribute = column), where it was read, the load."""

    number: str
    fields: list[tuple[str, pa.DataType]]
    boxed: bool = False  # the figure's box on the page image (OCR), as box_* columns

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(
            [*_KEY_FIELDS, (self.number, pa.int32()), *self.fields, *_SOURCE_FIELDS,
             *(_BOX_FIELDS if self.boxed else []), ("load_id", pa.string())]
        )  # fmt: skip

    def table(self, items: Iterable[Any], keys: dict[str, str | None]) -> pa.Table:
        rows = [
            {
                **keys,
                self.number: n,
                **{name: getattr(item, name) for name, _ in self.fields},
                **_source_fields(item.source),
                **(_box_fields(item.source) if self.boxed else {}),
            }
            for n, item in enumerate(unique(items), start=1)
        ]
        schema = self.schema
        columns = {name: [row[name] for row in rows] for name in schema.names}
        return pa.table(columns, schema=schema)


FACTS = ItemTable(
    "fact_no",
    [
        ("level", pa.string()),
        ("category_no", pa.int32()),
        ("category", pa.string()),
        ("project_no", pa.int32()),
        ("project", pa.string()),
        ("project_simplified", pa.string()),
        ("indicator", pa.string()),
        ("county", pa.string()),
        ("metric", pa.string()),
        ("value", pa.float64()),
        ("status", pa.string()),
        ("section", pa.string()),
        ("confidence", pa.float64()),
        ("needs_review", pa.bool_()),
        ("review_reason", pa.string()),
    ],
    boxed=True,
)
MENTIONS = ItemTable(
    "mention_no",
    [
        ("county", pa.string()),
        ("level", pa.string()),
        ("project_no", pa.int32()),
        ("status", pa.string()),
        ("section", pa.string()),
    ],
)
SCORES = ItemTable(
    "score_no",
    [
        ("county", pa.string()),
        ("metric", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
    ],
)
ENTRIES = ItemTable(
    "entry_no",
    [
        ("level", pa.string()),
        ("category_no", pa.int32()),
        ("category", pa.string()),
        ("project_no", pa.int32()),
        ("project", pa.string()),
        ("state", pa.string()),
        ("progress_text", pa.string()),
    ],
)


QUANTITIES = ItemTable(
    "quantity_no",
    [
        ("level", pa.string()),
        ("project_no", pa.int32()),
        ("project", pa.string()),
        ("project_simplified", pa.string()),
        ("indicator", pa.string()),
        ("county", pa.string()),
        ("kind", pa.string()),
        ("value", pa.float64()),
        ("unit", pa.string()),
        ("step", pa.float64()),
        ("section", pa.string()),
    ],
)


@dataclass(frozen=True)
class DocumentRows:
    """Everything one parsed document puts in the warehouse besides its ``documents`` row."""

    facts: pa.Table
    county_mentions: pa.Table
    county_scores: pa.Table
    project_entries: pa.Table
    quantities: pa.Table
    report: tuple[Any, ...]  # one parse_reports row, in column order

    def tables(self) -> list[tuple[str, pa.Table]]:
        """(warehouse table, rows) in insert order."""
        return [
            ("facts", self.facts),
            ("county_mentions", self.county_mentions),
            ("county_scores", self.county_scores),
            ("project_entries", self.project_entries),
            ("quantities", self.quantities),
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


def document_rows(result: ParseResult, *, circular_id: str | None, load_id: str) -> DocumentRows:
    sha = result.document.sha256
    keys: dict[str, str | None] = {"sha256": sha, "circular_id": circular_id, "load_id": load_id}
    report = result.report
    missed = [m.model_dump(mode="json") for m in report.percent_lines_without_facts]
    return DocumentRows(
        facts=FACTS.table(result.facts, keys),
        county_mentions=MENTIONS.table(result.county_mentions, keys),
        county_scores=SCORES.table(result.county_scores, keys),
        project_entries=ENTRIES.table(result.projects, keys),
        quantities=QUANTITIES.table(result.quantities, keys),
        report=(
            sha,
            report.lines_read,
            report.lines_with_facts,
            json.dumps(missed, ensure_ascii=False),
            json.dumps(report.warnings, ensure_ascii=False),
            report.parser_version,
        ),
    )


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


def _box_fields(source: SourceRef) -> dict[str, Any]:
    box = source.box or (None, None, None, None)
    return dict(zip(("box_x0", "box_top", "box_x1", "box_bottom"), box, strict=True))
