"""Scoring parsed facts against ground truth, shared by the tests that measure the parser.

A fact matches on (level, project number, county, value); facts count as a multiset, so a body
figure repeating an attachment figure counts twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

FactKey = tuple[str, int, str | None, float]


def fact_key(level: str, project_no: int, county: str | None, value: float) -> FactKey:
    return (level, project_no, county, round(float(value), 2))


@dataclass
class Score:
    matched: int = 0
    found: int = 0
    expected: int = 0

    def add(self, found: Counter[FactKey], expected: Counter[FactKey]) -> None:
        self.matched += sum((found & expected).values())
        self.found += sum(found.values())
        self.expected += sum(expected.values())

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> str:
        return (
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"({self.matched}/{self.found} found, {self.expected} expected)"
        )
