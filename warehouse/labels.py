"""Chinese labels for what the warehouse holds, as the alert messages, the HTML report and the
xlsx export print them: levels, alert kinds and states, periods, percentages, where a figure was
read and the sentence it was read from."""

from __future__ import annotations

LEVEL = {"province": "省定", "city": "市定"}
KIND = {"drop": "环比下降", "behind_schedule": "未达序时", "inconsistent": "数据不一致"}
STATE = {"firing": "预警中", "resolved": "已恢复"}
STATUS = {"behind_schedule": "未达序时"}
SECTION = {"attachment1": "附件1", "attachment2": "附件2", "body": "正文"}
ELLIPSIS = "…"


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


def project_label(level: str | None, project_no: int, project: str) -> str:
    """ "省定第21项 保障性租赁住房建设"."""
    return f"{LEVEL.get(level or '', level or '')}第{project_no}项 {project}"


def where_read(page: int | None, line: int | None) -> str:
    """ "第2页第14行", "第14行" for a text circular, "" when the line is not known."""
    if page is not None and line is not None:
        return f"第{page}页第{line}行"
    if line is not None:
        return f"第{line}行"
    return ""


def quote(text: str | None, anchor: float | None, limit: int) -> str:
    """The source sentence cut to ``limit`` characters around the figure ``anchor`` if found."""
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit <= 1:
        return ELLIPSIS
    centre = 0
    if anchor is not None:
        for needle in (pct(anchor)[:-1], f"{anchor:.2f}", f"{anchor:g}"):
            at = text.find(needle)
            if at >= 0:
                centre = at + len(needle) // 2
                break
    start = max(0, min(centre - limit // 2, len(text) - limit))
    end = start + limit
    cut = text[start:end]
    if start > 0:
        cut = ELLIPSIS + cut[1:]
    if end < len(text):
        cut = cut[:-1] + ELLIPSIS
    return cut
