"""Matching the projects named in one circular to the projects already known for its city and year.

Pure functions: no database here. ``warehouse.projects`` feeds them the occurrences of each
circular (in period order) and stores what they decide.

Rules, per (city, year, level):

1. ``exact`` — the normalised name equals a name the project was already known by, whatever number
   it carries now (a numbering glitch such as ②③④ printed for ㉒㉓㉔ does not make a new project).
2. ``number+fuzzy`` — same number and a name similar enough (a rename such as "保障性租赁住房建设" →
   "筹集建设保障性租赁住房").
3. ``fuzzy`` — another number, but a name nearly identical.
4. Otherwise, if a project with that number exists that no other row of the same circular took,
   the row goes to review (``unmatched``): never silently a new project. Two candidates scoring
   within ``margin`` of each other also go to review (``ambiguous``).
5. Otherwise the row is a new project (the first circular of a year starts the list).

A project with no number (``UNNUMBERED``, a report that lists no numbered items) is matched by
its name alone: rules 2 and 4 need a number.

Several rows of one circular may share a number (a city item with two sub-rows); each known
project is taken by at most one row of a circular.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import regex
from rapidfuzz import fuzz

MatchKind = Literal["exact", "number+fuzzy", "fuzzy", "manual"]
DecisionKind = Literal["exact", "number+fuzzy", "fuzzy", "manual", "new", "review"]
ReviewReason = Literal["unmatched", "ambiguous"]

NUMBER_THRESHOLD = 60.0
UNNUMBERED = 0  # the number of a project printed without one
FUZZY_THRESHOLD = 90.0
AMBIGUITY_MARGIN = 10.0

# A leading item number: "①建成县域普通高中" / "㉑保障性租赁住房建设" / "(3)法律援助" / "12." .
LEADING_NUMBER = regex.compile(
    r"^\s*(?:[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]|[(（]\d{1,2}[)）]|\d{1,2}[.、．])"
)
# A count with its unit, which a later circular may change: "3200 户", "6 万人", "130 公里以上".
NUMBER_WITH_UNIT = regex.compile(
    r"\d+(?:\.\d+)?\s*(?:万|千|百|亿)?\s*"
    r"(?:公里|千米|平方米|立方米|万方|万亩|亩|个|户|人次|人|所|套|名|例|家|条|座|张|台|处|间|栋|米|吨|辆|次|件|项|场|床|份|批)?"
    r"(?:以上|以内|左右)?"
)
# Quotes and brackets that come and go between circulars: “徐特立项目” / "爱晚" / 《…》 / 「…」.
QUOTES = regex.compile(r"[\"'“”‘’「」『』《》〈〉【】]")
# Whitespace of any kind, including the full-width space: "保障性 租赁住房".
SPACES = regex.compile(r"\s+")


def normalise_name(name: str) -> str:
    """The name with numbering, counts with units, quotes and whitespace removed (NFKC first)."""
    text = LEADING_NUMBER.sub("", name)
    text = unicodedata.normalize("NFKC", text)
    text = QUOTES.sub("", text)
    text = NUMBER_WITH_UNIT.sub("", text)
    text = SPACES.sub("", text)
    return text.strip("，,、;；。")


def name_similarity(a: str, b: str) -> float:
    """0–100: the better of the plain and the partial ratio of two normalised names.

    The partial ratio catches a name that grew words ("保障性租赁住房建设" →
    "筹集建设保障性租赁住房"); it is only trusted when the shorter name has four
    characters or more.
    """
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    score = fuzz.ratio(a, b)
    if min(len(a), len(b)) >= 4:
        score = max(score, fuzz.partial_ratio(a, b))
    return float(score)


@dataclass(frozen=True)
class Occurrence:
    """A project as one circular names it."""

    level: str
    project_no: int
    name: str


@dataclass
class KnownProject:
    key: str
    level: str
    project_no: int
    numbers: set[int] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)  # normalised names

    def score(self, normalised: str) -> float:
        return max((name_similarity(normalised, a) for a in self.aliases), default=0.0)


@dataclass(frozen=True)
class Candidate:
    project_key: str
    project_no: int
    score: float


@dataclass(frozen=True)
class Decision:
    occurrence: Occurrence
    kind: DecisionKind
    project_key: str | None = None
    score: float = 0.0
    reason: ReviewReason | None = None
    candidates: tuple[Candidate, ...] = ()


@dataclass
class _Pending:
    occurrence: Occurrence
    normalised: str


def match_circular(
    occurrences: Iterable[Occurrence],
    known: Sequence[KnownProject],
    *,
    claimed: Iterable[str] = (),
    number_threshold: float = NUMBER_THRESHOLD,
    fuzzy_threshold: float = FUZZY_THRESHOLD,
    margin: float = AMBIGUITY_MARGIN,
) -> list[Decision]:
    """Decide, for each row of one circular, which known project it is (or new, or review).

    ``claimed`` are keys already taken by other rows of the same circular (earlier refreshes).
    The result is in the order of ``occurrences``.
    """
    order = list(dict.fromkeys(occurrences))
    taken: set[str] = set(claimed)
    decided: dict[Occurrence, Decision] = {}
    pending = [_Pending(o, normalise_name(o.name)) for o in order]

    def free(level: str) -> list[KnownProject]:
        return [p for p in known if p.level == level and p.key not in taken]

    # 1. exact names
    for item in pending:
        occ = item.occurrence
        hits = [p for p in free(occ.level) if item.normalised in p.aliases]
        if len(hits) > 1 and occ.project_no != UNNUMBERED:
            same_no = [p for p in hits if occ.project_no in p.numbers]
            hits = same_no if len(same_no) == 1 else hits
        if len(hits) == 1:
            taken.add(hits[0].key)
            decided[occ] = Decision(occ, "exact", hits[0].key, 100.0)
        elif len(hits) > 1:
            decided[occ] = _review(occ, "ambiguous", [(p, 100.0) for p in hits])
    pending = [p for p in pending if p.occurrence not in decided]

    # 2. same number, similar name: best pairs first
    _assign_fuzzy(
        pending,
        lambda occ: [
            p
            for p in free(occ.level)
            if occ.project_no != UNNUMBERED and occ.project_no in p.numbers
        ],
        number_threshold,
        margin,
        "number+fuzzy",
        taken,
        decided,
    )
    pending = [p for p in pending if p.occurrence not in decided]

    # 3. another number, nearly the same name
    _assign_fuzzy(
        pending, lambda occ: free(occ.level), fuzzy_threshold, margin, "fuzzy", taken, decided
    )
    pending = [p for p in pending if p.occurrence not in decided]

    # 4./5. a free project with that number but another name: review; else a new project
    for item in pending:
        occ = item.occurrence
        rivals = [
            p
            for p in free(occ.level)
            if occ.project_no != UNNUMBERED and occ.project_no in p.numbers
        ]
        if rivals:
            decided[occ] = _review(
                occ, "unmatched", [(p, p.score(item.normalised)) for p in rivals]
            )
        else:
            decided[occ] = Decision(occ, "new")
    return [decided[o] for o in order]


def _assign_fuzzy(
    pending: list[_Pending],
    candidates_of,
    threshold: float,
    margin: float,
    kind: DecisionKind,
    taken: set[str],
    decided: dict[Occurrence, Decision],
) -> None:
    scored: list[tuple[float, int, _Pending, list[tuple[KnownProject, float]]]] = []
    for index, item in enumerate(pending):
        ranked = sorted(
            ((p, p.score(item.normalised)) for p in candidates_of(item.occurrence)),
            key=lambda pair: (-pair[1], pair[0].key),
        )
        ranked = [(p, s) for p, s in ranked if s >= threshold]
        if ranked:
            scored.append((ranked[0][1], index, item, ranked))
    scored.sort(key=lambda row: (-row[0], row[1]))
    for _, _, item, ranked in scored:
        live = [(p, s) for p, s in ranked if p.key not in taken]
        if not live:
            continue
        occ = item.occurrence
        if len(live) > 1 and live[0][1] - live[1][1] < margin:
            decided[occ] = _review(occ, "ambiguous", live)
            continue
        best, score = live[0]
        taken.add(best.key)
        decided[occ] = Decision(occ, kind, best.key, round(score, 2))


def _review(
    occ: Occurrence, reason: ReviewReason, ranked: Iterable[tuple[KnownProject, float]]
) -> Decision:
    candidates = tuple(
        Candidate(p.key, p.project_no, round(s, 2))
        for p, s in sorted(ranked, key=lambda pair: (-pair[1], pair[0].key))
    )
    return Decision(occ, "review", None, 0.0, reason, candidates)


def project_key(city: str, year: int, level: str, project_no: int, existing: set[str]) -> str:
    """A readable, stable key: ``邵阳市:2024:province:21``; ``#2`` … when the number is taken."""
    base = f"{city}:{year}:{level}:{project_no}"
    if base not in existing:
        return base
    n = 2
    while f"{base}#{n}" in existing:
        n += 1
    return f"{base}#{n}"
