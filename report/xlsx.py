"""The xlsx export for analysts who work in Excel or WPS: series, alerts and facts as sheets.

Chinese headers, the header row frozen and filtered, column widths fitted to the content (CJK
characters count double), numbers stored as numbers (percentages as plain numbers with two
decimals, as the circulars print them), timestamps as dates in the configured time zone (named
in the header). Each sheet prints landscape on A4, fitted to the page width, with the header
row repeated on every page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from report.data import alert_rows, fact_rows, series_rows
from schemas.errors import MinshengError
from warehouse.labels import KIND, LEVEL, SECTION, STATE, STATUS, in_zone, period_label

PERCENT_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = "text"  # text | int | percent | datetime | date
    label: Callable[[Any], Any] | None = None


def _level(value: Any) -> Any:
    return LEVEL.get(value, value)


def _county(value: Any) -> Any:
    return value or "全市"


def _status(value: Any) -> Any:
    return STATUS.get(value, value or "")


def _section(value: Any) -> Any:
    return SECTION.get(value, value or "")


# which project, indicator and county a series or an alert is about
SUBJECT = (
    Column("城市", "city"),
    Column("年度", "year", "int"),
    Column("级别", "level", label=_level),
    Column("项目序号", "project_no", "int"),
    Column("项目", "project"),
    Column("指标", "indicator"),
    Column("县市区", "county", label=_county),
    Column("口径", "metric"),
)
# where a figure was read
SOURCE = (
    Column("原文", "source_text"),
    Column("文件", "filename"),
    Column("页", "page", "int"),
    Column("行", "line", "int"),
)

SERIES_SHEET = (
    *SUBJECT,
    Column("期间", "period", label=period_label),
    Column("截至月份", "period_end_month", "int"),
    Column("进度(%)", "value", "percent"),
    Column("上期进度(%)", "prev_value", "percent"),
    Column("环比变化(百分点)", "delta", "percent"),
    Column("序时进度(%)", "pace", "percent"),
    Column("与序时差距(百分点)", "gap_to_pace", "percent"),
    Column("状态", "status", label=_status),
    Column("出处", "section", label=_section),
    *SOURCE,
    Column("SHA-256", "sha256"),
    Column("项目标识", "project_key"),
)

ALERTS_SHEET = (
    Column("状态", "state", label=lambda v: STATE.get(v, v)),
    Column("类型", "kind", label=lambda v: KIND.get(v, v)),
    *SUBJECT,
    Column("起始期间", "from_period", label=lambda v: period_label(v) if v else ""),
    Column("期间", "to_period", label=period_label),
    Column("起始进度(%)", "from_value", "percent"),
    Column("进度(%)", "to_value", "percent"),
    Column("序时进度(%)", "pace", "percent"),
    *SOURCE,
    Column("首次发现", "first_seen", "datetime"),
    Column("恢复时间", "resolved_at", "datetime"),
    Column("最近通知", "last_notified", "datetime"),
    Column("预警编号", "id"),
)

FACTS_SHEET = (
    Column("城市", "city"),
    Column("年度", "year", "int"),
    Column("截至月份", "period_end_month", "int"),
    Column("印发日期", "issued", "date"),
    Column("级别", "level", label=_level),
    Column("类别序号", "category_no", "int"),
    Column("类别", "category"),
    *SUBJECT[3:],
    Column("数值(%)", "value", "percent"),
    Column("状态", "status", label=_status),
    Column("出处", "section", label=_section),
    *SOURCE,
    Column("SHA-256", "sha256"),
)


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    series: int
    alerts: int
    facts: int


def _width(value: Any) -> int:
    text = value if isinstance(value, str) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(column: Column, row: dict[str, Any], zone: str) -> Any:
    value = row.get(column.key)
    if column.label is not None:
        value = column.label(value)
    if value is None:
        return None
    if column.kind == "int":
        return int(value)
    if column.kind == "percent":
        return float(value)
    if column.kind == "datetime" and isinstance(value, datetime):
        return in_zone(value, zone)
    if column.kind == "date" and isinstance(value, date):
        return value
    return value


def _header(column: Column, zone: str) -> str:
    return f"{column.header}（{zone}）" if column.kind == "datetime" else column.header


def _print_setup(ws: Worksheet) -> None:
    """Landscape A4, as wide as the page (as many pages long as it takes), header repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&A　第 &P 页，共 &N 页"


def _sheet(
    ws: Worksheet, columns: Sequence[Column], rows: Sequence[dict[str, Any]], zone: str
) -> None:
    ws.append([_header(c, zone) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    widths = [_width(c.header) for c in columns]
    for row in rows:
        values = [_cell(c, row, zone) for c in columns]
        ws.append(values)
        for i, value in enumerate(values):
            if value is not None:
                widths[i] = max(widths[i], min(MAX_WIDTH, _width(value)))
    for i, column in enumerate(columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = min(MAX_WIDTH, widths[i - 1] + 2)
        number_format = {"percent": PERCENT_FORMAT, "datetime": DATE_FORMAT, "date": "yyyy-mm-dd"}
        if column.kind in number_format:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = number_format[column.kind]
    ws.freeze_panes = "A2"
    _print_setup(ws)
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def build_workbook(
    conn: duckdb.DuckDBPyConnection, timezone: str = "Asia/Shanghai"
) -> tuple[Workbook, dict[str, int]]:
    series, alerts, facts = series_rows(conn), alert_rows(conn), fact_rows(conn)
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = "进度序列"
    _sheet(first, SERIES_SHEET, series, timezone)
    _sheet(book.create_sheet("预警"), ALERTS_SHEET, alerts, timezone)
    _sheet(book.create_sheet("指标原文"), FACTS_SHEET, facts, timezone)
    return book, {"series": len(series), "alerts": len(alerts), "facts": len(facts)}


def write_xlsx(
    conn: duckdb.DuckDBPyConnection, out: str | Path, *, timezone: str = "Asia/Shanghai"
) -> ExportSummary:
    """Write the workbook to ``out`` (via a temporary file, replaced at the end); timestamps
    in ``timezone``."""
    path = Path(out)
    book, counts = build_workbook(conn, timezone)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        book.save(partial)
        partial.replace(path)
    except OSError as exc:
        raise MinshengError(f"cannot write {path}: {exc.strerror}") from exc
    return ExportSummary(path, **counts)
