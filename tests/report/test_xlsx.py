"""The xlsx export read back: sheets, Chinese headers, frozen header, numbers as numbers."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from flows.cli import main
from warehouse.connection import connect


@pytest.fixture(scope="module")
def workbook(warehouse_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "minsheng.xlsx"
    assert main(["export", "--db", str(warehouse_file), "--xlsx", str(out)]) == 0
    return out


def test_sheets_headers_and_layout(workbook: Path) -> None:
    book = load_workbook(workbook)
    assert book.sheetnames == ["进度序列", "预警", "指标原文"]
    series = book["进度序列"]
    headers = [c.value for c in series[1]]
    assert headers[:5] == ["城市", "年度", "级别", "项目序号", "项目"]
    assert "进度(%)" in headers and "序时进度(%)" in headers and "原文" in headers
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    # the source sentence column is wide, the year column narrow
    width = {c.value: series.column_dimensions[c.column_letter].width for c in series[1]}
    assert width["原文"] > 30 > width["年度"]


def test_numbers_are_numbers(workbook: Path) -> None:
    book = load_workbook(workbook)
    series = book["进度序列"]
    headers = [c.value for c in series[1]]
    value_col = headers.index("进度(%)")
    year_col = headers.index("年度")
    row = next(series.iter_rows(min_row=2, max_row=2))
    assert isinstance(row[value_col].value, float)
    assert row[value_col].number_format == "0.00"
    assert isinstance(row[year_col].value, int)


def test_contents_match_the_warehouse(workbook: Path, warehouse_file: Path) -> None:
    sheets = pd.read_excel(workbook, sheet_name=None)
    conn = connect(warehouse_file, read_only=True)
    try:
        n_series = conn.execute("SELECT count(*) FROM progress_series").fetchone()
        n_facts = conn.execute("SELECT count(*) FROM facts_v").fetchone()
        total = conn.execute("SELECT sum(value) FROM progress_series").fetchone()
    finally:
        conn.close()
    assert n_series and n_facts and total
    assert len(sheets["进度序列"]) == n_series[0] == 27
    assert len(sheets["指标原文"]) == n_facts[0]
    assert sheets["进度序列"]["进度(%)"].sum() == pytest.approx(total[0])
    alerts = sheets["预警"]
    assert list(alerts["状态"]) == ["预警中", "预警中", "已恢复", "已恢复"]
    drop = alerts[(alerts["类型"] == "环比下降") & (alerts["县市区"] == "东湖区")].iloc[0]
    assert (drop["起始进度(%)"], drop["进度(%)"], drop["期间"]) == (66, 61.2, "1-9月")
    assert set(sheets["进度序列"]["县市区"]) >= {"全市", "东湖区", "白沙县"}


def test_unwritable_target_is_a_clear_error(
    warehouse_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code = main(["export", "--db", str(warehouse_file), "--xlsx", str(blocker / "out.xlsx")])
    assert code == 2
    assert capsys.readouterr().err.startswith("minsheng: cannot write")


def test_every_sheet_prints_landscape_fitted_to_width_with_the_header_repeated(
    workbook: Path,
) -> None:
    for sheet in load_workbook(workbook).worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)  # A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"


def test_timestamps_are_in_the_configured_zone_and_say_so(workbook: Path) -> None:
    alerts = load_workbook(workbook)["预警"]
    headers = [c.value for c in alerts[1]]
    column = headers.index("首次发现（Asia/Shanghai）")
    # first seen at 2025-10-11 02:00 UTC: 10:00 in Shanghai
    assert alerts.cell(row=2, column=column + 1).value == datetime(2025, 10, 11, 10, 0)
