"""What composing one circular needs: plan, month, seeded choices, the ground truth built."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from synth.model import CityRow, Level, Project, SeriesKey, YearPlan
from synth.simulate import pace, rng_for
from synth.wording import METRICS, Voice, format_value, period_text

BEHIND_MARGIN = 8.0


@dataclass
class Golden:
    body: list[dict[str, Any]] = field(default_factory=list)
    attachment1: list[dict[str, Any]] = field(default_factory=list)
    attachment2: list[dict[str, Any]] = field(default_factory=list)
    county_mentions: list[dict[str, Any]] = field(default_factory=list)
    county_scores: list[dict[str, Any]] = field(default_factory=list)
    completed_without_percent: list[dict[str, Any]] = field(default_factory=list)
    no_data: list[dict[str, Any]] = field(default_factory=list)
    no_figure: list[dict[str, Any]] = field(default_factory=list)
    not_facts: list[dict[str, Any]] = field(default_factory=list)


class MonthContext:
    """Seeded choices for one month's circular and the ground truth collected while composing it."""

    def __init__(self, plan: YearPlan, month: int) -> None:
        self.plan = plan
        self.month = month
        self.rng: random.Random = rng_for(plan.seed, plan.city.name, plan.year, f"m{month}")
        self.voice = Voice(self.rng)
        self.period = period_text(self.rng, month)
        self.value_style = self.rng.choice(["auto", "auto", "fixed", "strip"])
        self.numbering = self.rng.choice(["circled", "circled", "circled", "paren"])
        self.category_column = self.rng.random() < 0.75
        self.dept_column = self.rng.random() < 0.25
        self.goal_column = self.rng.random() < 0.2
        self.short_county_prob = self.rng.choice([0.0, 0.3, 0.6])
        self.golden = Golden()
        self._names: dict[tuple[str, int, int], str] = {}

    # -- values -----------------------------------------------------------------------------
    def value(self, key: SeriesKey) -> float | None:
        return self.plan.values[key][self.month]

    def pace(self) -> float:
        return pace(self.month)

    def behind(self, value: float, margin: float = BEHIND_MARGIN) -> bool:
        return value < 100.0 and value < self.pace() - margin

    def pct(self, value: float) -> str:
        return format_value(value, self.value_style)

    def metric(self, choices: tuple[str, ...], value: float) -> tuple[str, str]:
        """A metric phrase for ``value`` ("完成率88.46%") and the metric's ground-truth name."""
        key = self.rng.choice(choices)
        phrase, name = METRICS[key]
        return phrase.format(v=self.pct(value)), name

    # -- names --------------------------------------------------------------------------------
    def project_name(self, p: Project) -> str:
        k = ("province", p.no, 0)
        if k not in self._names:
            self._names[k] = self.voice(p.name_in(self.month))
        return self._names[k]

    def row_name(self, row: CityRow) -> str:
        """The 实事名称 as printed: with its target, unless a 年度目标 column carries that."""
        k = ("city", row.no, row.row)
        if k not in self._names:
            self._names[k] = self.voice(row.title if self.goal_column else row.name)
        return self._names[k]

    def county_text(self, name: str) -> str:
        if name == "市本级":
            return name
        short = self.plan.city.county(name).short
        if short and self.rng.random() < self.short_county_prob:
            return short
        return name

    # -- ground truth -------------------------------------------------------------------------
    def fact(
        self,
        section: str,
        level: Level,
        project_no: int,
        project: str,
        value: float,
        metric: str,
        *,
        category_no: int | None = None,
        category: str | None = None,
        indicator: str | None = None,
        county: str | None = None,
        behind: bool = False,
    ) -> dict[str, Any]:
        f = {
            "level": level,
            "category_no": category_no,
            "category": category,
            "project_no": project_no,
            "project": project,
            "indicator": indicator,
            "county": county,
            "metric": metric,
            "value": round(float(value), 2),
            "status": "behind_schedule" if behind else None,
            "section": section,
        }
        getattr(self.golden, section).append(f)
        return f

    def province_fact(
        self, section: str, p: Project, value: float, metric: str, **kw: Any
    ) -> dict[str, Any]:
        return self.fact(
            section,
            "province",
            p.no,
            self.project_name(p),
            value,
            metric,
            category_no=p.category_no,
            category=p.category,
            **kw,
        )

    def mention(
        self, county: str, status: str, section: str, level: Level | None, no: int | None
    ) -> None:
        self.golden.county_mentions.append(
            {"county": county, "project_no": no, "level": level, "status": status,
             "section": section}
        )  # fmt: skip

    def not_fact(self, value: float, section: str, reason: str, **kw: Any) -> None:
        self.golden.not_facts.append(
            {"text_value": value, "section": section, "reason": reason, **kw}
        )
