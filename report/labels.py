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


def quote_around(text: str, value: float | None, limit: int) -> str:
    """``text`` cut to ``limit`` characters around the figure ``value`` when it is found."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    centre = 0
    if value is not None:
        for needle in (pct(value)[:-1], f"{value:.2f}", f"{value:g}"):
            at = text.find(needle)
            if at >= 0:
                centre = at + len(needle) // 2
                break
    start = max(0, min(centre - limit // 2, len(text) - limit))
    cut = text[start : start + limit]
    if start > 0:
        cut = "…" + cut[1:]
    if start + limit < len(text):
        cut = cut[:-1] + "…"
    return cut
