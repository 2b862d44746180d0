"""An alert on a progress series: a month-over-month drop, or a project behind schedule; or on
a circular whose figures do not agree with each other (inconsistent)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

AlertKind = Literal["drop", "behind_schedule", "inconsistent"]
AlertState = Literal["firing", "resolved"]


class Alert(BaseModel):
    id: str
    kind: AlertKind
    state: AlertState
    city: str
    year: int
    level: Literal["province", "city"]
    project_no: int
    project: str
    indicator: str | None = None
    county: str | None = None
    metric: str | None = None
    from_period: str | None = None  # "YYYY-MM": year and the period's last month
    to_period: str
    from_value: float | None = None
    to_value: float | None = None
    pace: float | None = None
    source_text: str | None = None
    first_seen: datetime | None = None
    last_notified: datetime | None = None
    resolved_at: datetime | None = None
    resolved_period: str | None = None  # "YYYY-MM" whose figures ended the episode
