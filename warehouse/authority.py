"""Which document speaks for a circular when the same circular arrives more than once.

A circular is one city's report for one period of one year. It may arrive as a PDF and as a text
or Word copy (duplicates), or be re-issued with corrections (the older issue is superseded).
The authoritative document is the first by: latest ``issued`` date (unknown dates last), then
format (PDF, then Word, then text, then anything else), then earliest fetched, then sha256. The
choice depends only on the documents, never on the order they were loaded in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from schemas.circular import CircularMeta

MEDIA_RANK = {
    "application/pdf": 0,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 1,
    "application/msword": 1,
    "text/plain": 2,
}
MEDIA_LABEL = {0: "PDF", 1: "Word", 2: "text"}
OTHER_MEDIA_RANK = 3


@dataclass(frozen=True)
class Candidate:
    sha256: str
    media_type: str | None
    issued: date | None
    fetched_at: datetime

    @property
    def media_rank(self) -> int:
        return MEDIA_RANK.get(self.media_type or "", OTHER_MEDIA_RANK)

    @property
    def media_label(self) -> str:
        return MEDIA_LABEL.get(self.media_rank, self.media_type or "unknown format")

    def sort_key(self) -> tuple[bool, int, int, datetime, str]:
        newest_first = -self.issued.toordinal() if self.issued else 0
        return (self.issued is None, newest_first, self.media_rank, self.fetched_at, self.sha256)


@dataclass(frozen=True)
class Assignment:
    sha256: str
    role: str  # authoritative | duplicate | superseded
    reason: str


def circular_id(city: str, year: int, period_start_month: int, period_end_month: int) -> str:
    """The circular's key: ``邵阳市:2024:01-09`` is that city's report on January to September."""
    return f"{city}:{year:04d}:{period_start_month:02d}-{period_end_month:02d}"


def circular_id_for(meta: CircularMeta) -> str | None:
    """The key of the circular ``meta`` describes, or None when city, year or period is unknown."""
    if (
        not meta.city
        or meta.year is None
        or meta.period_start_month is None
        or meta.period_end_month is None
    ):
        return None
    return circular_id(meta.city, meta.year, meta.period_start_month, meta.period_end_month)


def choose_roles(candidates: list[Candidate]) -> list[Assignment]:
    """A role for every document of one circular; the authoritative one comes first."""
    ranked = sorted(candidates, key=Candidate.sort_key)
    if not ranked:
        return []
    top = ranked[0]
    out = [Assignment(top.sha256, "authoritative", _authoritative_reason(top, ranked[1:]))]
    for other in ranked[1:]:
        if top.issued and other.issued and other.issued < top.issued:
            reason = (
                f"issued {other.issued.isoformat()}, superseded by the issue of "
                f"{top.issued.isoformat()} ({top.sha256[:12]})"
            )
            out.append(Assignment(other.sha256, "superseded", reason))
        else:
            reason = f"same circular as {top.sha256[:12]}; {_why_behind(other, top)}"
            out.append(Assignment(other.sha256, "duplicate", reason))
    return out


def _authoritative_reason(top: Candidate, others: list[Candidate]) -> str:
    if not others:
        return "only document of this circular"
    return f"preferred: {_why_ahead(top, others[0])}"


def _why_ahead(top: Candidate, runner_up: Candidate) -> str:
    if top.issued != runner_up.issued:
        issued = top.issued.isoformat() if top.issued else "unknown"
        return f"latest issue ({issued})"
    if top.media_rank != runner_up.media_rank:
        return f"{top.media_label} preferred over {runner_up.media_label}"
    if top.fetched_at != runner_up.fetched_at:
        return "fetched first"
    return "lowest sha256 among identical copies"


def _why_behind(other: Candidate, top: Candidate) -> str:
    if other.issued is None and top.issued is not None:
        return "its issue date is unknown"
    if other.media_rank != top.media_rank:
        return f"{top.media_label} preferred over {other.media_label}"
    if other.fetched_at != top.fetched_at:
        return "fetched later"
    return "higher sha256"
