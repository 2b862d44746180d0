"""Monthly circulars of a made-up city as the parsers would return them, built directly (no
document, no parsing): warehouse contents for the series, alert, report tests and benchmarks.

``month(...)`` gives the ParseResult of one circular: ``rows`` are its attachment table rows
(project, state, facts); ``body`` are figures the body repeats. ``load`` stores it in a warehouse.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb

from schemas.circular import (
    CircularMeta,
    DocumentInfo,
    Fact,
    ParseReport,
    ParseResult,
    ProjectEntry,
    SourceRef,
)
from warehouse.loading import LoadOutcome, load_parse_result

CITY = "青岭市"
PDF = "application/pdf"
TEXT = "text/plain"


@dataclass(frozen=True)
class Figure:
    value: float
    county: str | None = None
    indicator: str | None = None
    metric: str = "进度"
    behind: bool = False
    section: str | None = None  # default: the row's attachment


@dataclass(frozen=True)
class Row:
    no: int
    name: str
    figures: tuple[Figure, ...] = ()
    level: str = "province"
    state: str | None = None  # default: reported when there are figures, else completed
    progress_text: str = ""


@dataclass
class Month:
    month: int
    rows: list[Row]
    body: list[tuple[Row, Figure]] = field(default_factory=list)
    year: int = 2025
    city: str = CITY
    first_line: int = 1  # the line the first figure is read on


def sha(label: str) -> str:
    return hashlib.sha256(label.encode("utf-8")).hexdigest()


def _sentence(row: Row, fig: Figure) -> tuple[str, int, int]:
    who = fig.county or "全市"
    what = f"{fig.indicator}，" if fig.indicator else ""
    lag = "未达序时，" if fig.behind else ""
    head = f"{row.name}：{what}{who}{lag}{fig.metric}"
    number = f"{fig.value:g}%"
    return f"{head}{number}。", len(head), len(head) + len(number)


def _fact(row: Row, fig: Figure, line: int, page: int | None, default_section: str) -> Fact:
    text, start, end = _sentence(row, fig)
    return Fact(
        level=row.level,  # type: ignore[arg-type]
        project_no=row.no,
        project=row.name,
        indicator=fig.indicator,
        county=fig.county,
        metric=fig.metric,
        value=fig.value,
        status="behind_schedule" if fig.behind else None,
        section=fig.section or default_section,  # type: ignore[arg-type]
        source=SourceRef(page=page, line=line, start=start, end=end, text=text),
    )


def month(spec: Month, *, media_type: str = PDF, label: str = "") -> ParseResult:
    page = 2 if media_type == PDF else None
    facts: list[Fact] = []
    entries: list[ProjectEntry] = []
    line = spec.first_line
    for row, fig in spec.body:
        facts.append(_fact(row, fig, line, 1 if page else None, "body"))
        line += 1
    for row in spec.rows:
        section = "attachment1" if row.level == "province" else "attachment2"
        state = row.state or ("reported" if row.figures else "completed")
        text = row.progress_text or ("已完成全年目标任务。" if state == "completed" else "")
        for fig in row.figures:
            facts.append(_fact(row, fig, line, page, section))
            line += 1
        entries.append(
            ProjectEntry(
                level=row.level,  # type: ignore[arg-type]
                project_no=row.no,
                project=row.name,
                state=state,  # type: ignore[arg-type]
                progress_text=text,
            )
        )
    digest = sha(f"{spec.city}-{spec.year}-{spec.month}-{media_type}-{label}")
    return ParseResult(
        document=DocumentInfo(sha256=digest, media_type=media_type, pages=3 if page else None),
        meta=CircularMeta(
            city=spec.city,
            year=spec.year,
            period_start_month=1,
            period_end_month=spec.month,
            issued=date(spec.year, spec.month % 12 + 1, 8) if spec.month < 12 else None,
            title=f"关于全市1-{spec.month}月重点民生实事推进情况的通报",
        ),
        facts=facts,
        projects=entries,
        report=ParseReport(parser_version="test"),
    )


def load(
    conn: duckdb.DuckDBPyConnection, spec: Month, *, media_type: str = PDF, label: str = ""
) -> LoadOutcome:
    result = month(spec, media_type=media_type, label=label)
    return load_parse_result(
        conn,
        result,
        source="inbox",
        filename=f"{spec.year}-{spec.month:02d}{label}.{'pdf' if media_type == PDF else 'txt'}",
        fetched_at=datetime(spec.year, 12, 31, 12, 0, 0),
        load_id="run-1",
    )
