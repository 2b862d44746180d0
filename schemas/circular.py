"""A parsed circular: its meta, the facts read from it with provenance, and a parse report.

Field names follow the ground-truth files analysts check against; ``ParseResult`` is what
``minsheng parse --json`` prints.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Level = Literal["province", "city"]
Section = Literal["attachment1", "attachment2", "body", "table"]
PlaceLevel = Literal["country", "province", "city", "county"]
ProjectState = Literal["reported", "completed", "tracked_elsewhere", "no_figure"]
QuantityKind = Literal["done", "target", "amount"]


class SourceRef(BaseModel):
    """Where a figure was read: ``text[start:end]`` is the figure as normalised (e.g. "94.44%")."""

    page: int | None = Field(description="1-based PDF page; None for text and Word files")
    line: int = Field(ge=1, description="1-based physical line on that page (or in the file)")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(description="the normalised sentence or table cell the figure stands in")
    original: str | None = Field(
        default=None,
        description="the physical line as printed (traditional characters, inserted pinyin), "
        "where the normalised text differs from it in more than spacing",
    )
    box: tuple[float, float, float, float] | None = Field(
        default=None,
        description="x0, top, x1, bottom of the figure on the page image in PDF points, for "
        "figures read by OCR",
    )


class DocumentInfo(BaseModel):
    sha256: str
    media_type: str
    pages: int | None = None


class CircularMeta(BaseModel):
    city: str | None = None
    place: str | None = Field(
        default=None, description="the publishing place: 全国, a province, a city or a county"
    )
    place_level: PlaceLevel | None = None
    year: int | None = None
    period_start_month: int | None = Field(default=None, ge=1, le=12)
    period_end_month: int | None = Field(default=None, ge=1, le=12)
    issued: date | None = None
    issuer: str | None = None
    title: str | None = None
    sources: dict[str, str] = Field(
        default_factory=dict,
        description="where each value (place, year, period, issued) was read: 'text: <the line>', "
        "'url: <the address>' or 'header: <name: value>'",
    )


class Fact(BaseModel):
    """One percentage: the progress of a project, of an indicator of it, or of a county's part."""

    level: Level | None = Field(
        default=None, description="province or city list of projects; None where not stated"
    )
    category_no: int | None = None
    category: str | None = None
    project_no: int | None = Field(default=None, description="the item's number, where printed")
    project: str
    project_simplified: str | None = Field(
        default=None,
        description="the project in simplified characters where the document prints it in "
        "traditional ones: the name its series are matched by",
    )
    indicator: str | None = None
    county: str | None = Field(
        default=None, description="the sub-unit: a county, a 市州 of a province, a province"
    )
    metric: str
    value: float
    status: Literal["behind_schedule"] | None = None
    section: Section
    source: SourceRef
    confidence: float | None = Field(
        default=None,
        description="OCR's confidence in the figure's characters (lowest of them); None for "
        "figures read from a text layer",
    )
    needs_review: bool = Field(
        default=False,
        description="read by OCR with low confidence or in a row that does not add up: kept "
        "out of alerts until someone confirms it",
    )
    review_reason: str | None = None


class Quantity(BaseModel):
    """A count, amount or target stated beside a percentage, with the same anchors as its fact:
    "完成改造412户" (done), "年度任务1500户" (target), "投资2.3亿元" (amount)."""

    level: Level | None = None
    project_no: int | None = None
    project: str
    project_simplified: str | None = None
    indicator: str | None = None
    county: str | None = None
    kind: QuantityKind = Field(
        description="done: achieved so far; target: the task or plan; amount: neither said"
    )
    value: float = Field(description="the figure in its unit, multipliers applied (2万户 → 20000)")
    unit: str = Field(description="the unit as printed after any multiplier: 户, 公里, 万元")
    step: float = Field(
        description="the place of the last printed digit (2万户 → 10000, 84.27公里 → 0.01): "
        "the figure stands for anything within half a step of it"
    )
    section: Section
    source: SourceRef


class CountyMention(BaseModel):
    """A county or district singled out with a status, quoted as written (未达序时, 清零到位 …)."""

    county: str
    level: Level | None = None
    project_no: int | None = None
    status: str | None = Field(default=None, description="None: named with no status")
    section: Section
    source: SourceRef


class CountyScore(BaseModel):
    county: str
    metric: str
    value: float
    unit: str
    source: SourceRef


class ProjectEntry(BaseModel):
    """A row of an attachment table: the project catalogue of the circular, with or without figures.

    ``state`` is ``completed`` for "已完成全年目标任务" with no figure, ``tracked_elsewhere`` for
    city items "纳入省定重点民生实事统一调度", ``reported`` when the row gave facts.
    """

    level: Level
    category_no: int | None = None
    category: str | None = None
    project_no: int
    project: str
    state: ProjectState
    progress_text: str = ""
    source: SourceRef | None = None


class MissedCandidate(BaseModel):
    page: int | None = None
    line: int
    text: str
    reason: str


class ParseReport(BaseModel):
    lines_read: int = 0
    lines_with_facts: int = 0
    percent_figures: int = Field(default=0, description="percent figures seen in the document")
    percent_facts: int = Field(default=0, description="of those, read as facts")
    left_out: dict[str, int] = Field(
        default_factory=dict,
        description="percent figures not read as facts, counted by why (target, level, …)",
    )
    percent_lines_without_facts: list[MissedCandidate] = Field(
        default_factory=list,
        description="lines holding a percent sign that gave no fact, with why (target, rule, …)",
    )
    warnings: list[str] = Field(default_factory=list)
    parser_version: str = ""


class ParseResult(BaseModel):
    document: DocumentInfo
    meta: CircularMeta
    facts: list[Fact] = Field(default_factory=list)
    county_mentions: list[CountyMention] = Field(default_factory=list)
    county_scores: list[CountyScore] = Field(default_factory=list)
    projects: list[ProjectEntry] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    report: ParseReport = Field(default_factory=ParseReport)
