"""Chinese labels shared by the HTML report and the xlsx export."""

from __future__ import annotations

from typing import Any

LEVEL = {"province": "省定", "city": "市定"}
KIND = {"drop": "环比下降", "behind_schedule": "未达序时"}
STATE = {"firing": "预警中", "resolved": "已恢复"}
STATUS = {"behind_schedule": "未达序时"}
SECTION = {"attachment1": "附件1", "attachment2": "附件2", "body": "正文"}


def pct(value: float | None) -> str:
    """94.44 → "94.44%", 60.0 → "60%", None → "—"."""
    if value is None:
        return "—"
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


def period_label(period: str | None) -> str:
    """ "2025-09" → "1-9月"; "2025-01" → "1月" (figures are cumulative from January)."""
    if not period:
        return "—"
    try:
        month = int(period.split("-")[1])
    except (IndexError, ValueError):
        return period
    return "1月" if month == 1 else f"1-{month}月"


def project_label(row: dict[str, Any]) -> str:
    level = LEVEL.get(row.get("level") or "", row.get("level") or "")
    return f"{level}第{row['project_no']}项 {row['project']}"


def series_label(row: dict[str, Any]) -> str:
    """全市 / 安宁区, with the indicator and (when a project reports two) the metric."""
    bits = [row.get("county") or "全市"]
    if row.get("indicator"):
        bits.append(str(row["indicator"]))
    if row.get("metric_key"):
        bits.append(str(row["metric_key"]))
    return " · ".join(bits)
