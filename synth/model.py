"""The content model of a synthetic city-year: specs, the planned year and its output."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from synth.document import Document
from synth.geography import CityInfo

Level = Literal["province", "city"]
ProjectKind = Literal["quantity", "county", "stage", "multi", "completed", "trap"]
CityKind = Literal["quantity", "multi", "tracked", "county", "trap"]


@dataclass(frozen=True)
class IndicatorSpec:
    """A sub-indicator of a project: its name and the phrase that states its quantity ({q})."""

    name: str
    phrase: str
    target: tuple[float, float]
    decimals: int = 0
    metrics: tuple[str, ...] = ("完成率",)


@dataclass(frozen=True)
class ProjectSpec:
    """A province project (附件1) as offices of any city could carry it."""

    key: str
    name: str
    kind: ProjectKind
    dept: str
    phrase: str = ""
    target: tuple[float, float] = (0.0, 0.0)
    decimals: int = 0
    metrics: tuple[str, ...] = ("进度为", "完成率")
    alt_name: str | None = None
    indicators: tuple[IndicatorSpec, ...] = ()
    done_texts: tuple[str, ...] = ()
    trap: str = ""  # a target sentence with {t}: a percentage that is not progress


@dataclass(frozen=True)
class CategorySpec:
    names: tuple[str, ...]
    projects: tuple[ProjectSpec, ...]


@dataclass(frozen=True)
class CityItemSpec:
    """A city item (附件2): ``name`` holds {n} (and {n2}) for its targets."""

    key: str
    name: str
    kind: CityKind
    phrase: str = ""
    target: tuple[float, float] = (0.0, 0.0)
    decimals: int = 0
    indicators: tuple[IndicatorSpec, ...] = ()
    tracks: str | None = None  # key of the province project it is scheduled with
    sub_rows: tuple[CityItemSpec, ...] = ()


@dataclass(frozen=True)
class SeriesKey:
    level: Level
    project_no: int
    row: int  # the sub-row under one 序号 (city items); 0 for province projects
    indicator: str | None
    county: str | None


@dataclass
class Project:
    """A province project of the planned year."""

    no: int
    category_no: int
    category: str
    spec: ProjectSpec
    target: float
    units: list[str] = field(default_factory=list)  # counties (or 市本级) with their own figures
    rename_month: int | None = None
    indicator_targets: dict[str, float] = field(default_factory=dict)
    silent_when_done: bool = False
    merged_with_next: bool = False  # shares its progress cell with the next project

    def name_in(self, month: int) -> str:
        if self.rename_month is not None and month >= self.rename_month and self.spec.alt_name:
            return self.spec.alt_name
        return self.spec.name


@dataclass
class CityRow:
    """One row of 附件2: a 序号 can hold several rows, each with its own 实事名称."""

    no: int
    row: int
    spec: CityItemSpec
    name: str
    target: float
    indicator_targets: dict[str, float] = field(default_factory=dict)
    tracked_project: int | None = None
    units: list[str] = field(default_factory=list)
    trap_value: int | None = None  # a target percentage printed in the name
    title: str = ""  # the name without its target, for tables with a 年度目标 column
    goal: str = ""  # that column's text


@dataclass
class PlannedEvent:
    kind: Literal["drop", "rename", "absent"]
    month: int
    key: SeriesKey | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class YearPlan:
    city: CityInfo
    year: int
    seed: int
    months: list[int]
    issuer: str
    projects: list[Project]
    city_rows: list[CityRow]
    values: dict[SeriesKey, dict[int, float | None]]
    scores: dict[int, dict[str, float]]
    events: list[PlannedEvent]
    reasons: dict[tuple[SeriesKey, int], str] = field(default_factory=dict)


@dataclass
class Circular:
    month: int
    stem: str
    document: Document
    golden: dict[str, Any]


@dataclass
class YearCorpus:
    city: str
    year: int
    seed: int
    circulars: list[Circular]
    expected_drops: list[dict[str, Any]]
    events: list[dict[str, Any]]

    def circular(self, month: int) -> Circular:
        for c in self.circulars:
            if c.month == month:
                return c
        raise KeyError(month)
