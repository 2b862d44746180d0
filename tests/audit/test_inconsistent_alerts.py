"""The golden circular's figures that do not add up become an ``inconsistent`` alert: listed with
the other alerts, in the report and the workbook, and left out of messages unless asked for."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from flows.cli import main
from notify.outbox import MESSAGE_KINDS, enqueue
from tests.audit.conftest import needs_corpus
from warehouse.connection import connect

pytestmark = needs_corpus


@pytest.fixture(scope="module")
def evaluated(golden_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("evaluated") / "w.duckdb"
    db.write_bytes(golden_db.read_bytes())
    assert main(["alerts", "--db", str(db), "--json"]) == 0  # evaluates the alerts
    return db


def test_the_inconsistency_is_an_alert(evaluated: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["alerts", "--db", str(evaluated), "--json", "--kind", "inconsistent"]) == 0
    (alert,) = json.loads(capsys.readouterr().out)
    assert (alert["state"], alert["level"], alert["project_no"]) == ("firing", "city", 7)
    assert alert["metric"] == "ratio" and (alert["from_value"], alert["to_value"]) == (28.66, 29.34)
    assert "917" in alert["source_text"] and alert["line"]


def test_messages_leave_it_out_unless_asked(evaluated: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    db.write_bytes(evaluated.read_bytes())
    conn = connect(db)
    try:
        kinds = dict(conn.execute("SELECT kind, count(*) FROM alerts GROUP BY kind").fetchall())
        now = datetime(2026, 1, 5, 8, 0, 0)
        default = enqueue(conn, ["bot"], now=now)
        assert default.firing == kinds["behind_schedule"]
        asked = enqueue(conn, ["mail"], now=now, kinds=(*MESSAGE_KINDS, "inconsistent"))
        assert asked.firing == kinds["behind_schedule"] + kinds["inconsistent"] == 6
    finally:
        conn.close()


def test_report_and_workbook_show_it(evaluated: Path, tmp_path: Path) -> None:
    html, xlsx = tmp_path / "report.html", tmp_path / "minsheng.xlsx"
    assert main(["report", "--db", str(evaluated), "--out", str(html)]) == 0
    assert "数据不一致" in html.read_text(encoding="utf-8")
    assert main(["export", "--db", str(evaluated), "--xlsx", str(xlsx)]) == 0
    sheet = load_workbook(xlsx)["预警"]
    assert "数据不一致" in [c.value for row in sheet.iter_rows() for c in row]
