"""The real circular, as PDF and as text: one list of projects, one figure per series, and the
behind-schedule alerts its ground truth calls for (no drop: a single month)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

import warehouse
from tests.corpus_circular import parsed
from warehouse.alerts import alert_records, evaluate
from warehouse.loading import load_parse_result
from warehouse.projects import list_projects, list_review, refresh_projects

CORPUS = Path(__file__).resolve().parents[1].parent.parent / "shared" / "corpus"
STEM = "shaoyang-2024-09"

pytestmark = pytest.mark.skipif(
    not (CORPUS / f"{STEM}.golden.json").exists(), reason="corpus circular not available"
)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory):
    conn = warehouse.connect(tmp_path_factory.mktemp("corpus") / "w.duckdb")
    for suffix in (".pdf", ".txt"):
        path = CORPUS / f"{STEM}{suffix}"
        load_parse_result(
            conn,
            parsed(suffix[1:]),
            source="corpus",
            filename=path.name,
            fetched_at=datetime(2024, 10, 10),
            load_id="corpus",
        )
    refresh_projects(conn, now=datetime(2024, 10, 10))
    evaluate(conn, now=datetime(2024, 10, 10))
    yield conn, json.loads((CORPUS / f"{STEM}.golden.json").read_text("utf-8"))
    conn.close()


def test_one_project_per_table_row(loaded) -> None:
    conn, _ = loaded
    projects = list_projects(conn)
    province = [p for p in projects if p.level == "province"]
    assert sorted(p.project_no for p in province) == list(range(1, 25))
    # city items with two sub-rows under one number stay two projects
    city_numbers = sorted(p.project_no for p in projects if p.level == "city")
    assert city_numbers == [1, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10]
    assert list_review(conn) == []


def test_each_series_has_one_figure(loaded) -> None:
    conn, golden = loaded
    series = {
        (f["level"], f["project_no"], f["project"].replace(" ", ""), f["indicator"], f["county"])
        for f in golden["facts"]
    }
    # 开工率 and 计划投资完成率 of one project are two series
    two_metric = {(f["level"], f["project_no"]) for f in golden["facts"] if f["metric"] == "开工率"}
    assert conn.execute("SELECT count(*) FROM progress_series").fetchone() == (
        len(series) + len(two_metric),
    )
    assert conn.execute(
        "SELECT count(*) FROM progress_series WHERE prev_value IS NOT NULL"
    ).fetchone() == (0,)


def test_behind_schedule_alerts_follow_the_ground_truth(loaded) -> None:
    conn, golden = loaded
    flagged = {
        (f["level"], f["project_no"], f["indicator"], f["county"])
        for f in golden["facts"]
        if f["status"] == "behind_schedule"
    }
    records = alert_records(conn)
    assert {r["kind"] for r in records} == {"behind_schedule", "inconsistent"}
    behind = [r for r in records if r["kind"] == "behind_schedule"]
    assert {(r["level"], r["project_no"], r["indicator"], r["county"]) for r in behind} == flagged
    assert all(r["state"] == "firing" and r["to_period"] == "2024-09" for r in records)
    # the one row whose figures do not add up (917 of 3200 printed as 29.34 %)
    (odd,) = [r for r in records if r["kind"] == "inconsistent"]
    assert (odd["level"], odd["project_no"], odd["metric"]) == ("city", 7, "ratio")
    assert (odd["from_value"], odd["to_value"]) == (28.66, 29.34)
