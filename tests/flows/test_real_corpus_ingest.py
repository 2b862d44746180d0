"""The real circulars of many places (../shared/corpus/real) through the whole ingest: every page
loads, in its circular where its text states place, year and months, else in no circular with the
reason; the meta read agrees with the labels; issues of one place and programme form series."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import warehouse
from parsers.places import name_forms
from tests.flows.test_ingest import run_ingest
from warehouse.projects import refresh_projects

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "real"

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real is not here")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("real") / "real.duckdb"
    report = run_ingest(db, REAL)
    outcomes = {o.outcome for o in report.outcomes}
    assert "failed" not in outcomes
    return db


def test_every_page_loads_and_a_page_with_no_period_is_kept_apart(loaded: Path) -> None:
    conn = warehouse.connect(loaded)
    by_status = dict(
        conn.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall()
    )
    assert by_status == {"parsed": 50}
    levels = {r[0] for r in conn.execute("SELECT DISTINCT place_level FROM documents").fetchall()}
    assert {"country", "province", "city", "county"} <= levels
    # a page whose text does not say where or when is in no circular, with what it lacks
    unplaced = conn.execute(
        "SELECT filename, placement, placement_note, city, year, period_end_month FROM unplaced_v"
    ).fetchall()
    for name, placement, note, city, year, end in unplaced:
        assert placement in {"period_unknown", "place_unknown"}, name
        assert (placement == "place_unknown") == bool(city is None and year and end), name
        assert note.startswith("the text does not state the circular's "), name
    assert len(unplaced) <= 14
    facts = conn.execute("SELECT count(*), count(circular_id) FROM facts").fetchone()
    out_of_series = conn.execute("SELECT count(*) FROM unplaced_facts_v").fetchone()
    assert facts is not None and out_of_series is not None
    assert facts[0] - facts[1] == out_of_series[0] > 0


def test_the_meta_read_agrees_with_the_labels(loaded: Path) -> None:
    """Place, year and months of every page against its label; a page that states none of
    them is counted wrong, never placed by a guess."""
    conn = warehouse.connect(loaded)
    read = {
        name: (city, year, end, start)
        for name, city, year, start, end in conn.execute(
            "SELECT filename, city, year, period_start_month, period_end_month FROM documents"
        ).fetchall()
    }
    right = {"place": 0, "year": 0, "period": 0}
    for name, (city, year, end, start) in read.items():
        label = json.loads((REAL / name).with_suffix(".json").read_text("utf-8"))
        want = None if label["place"] == "不详" else label["place"]
        right["place"] += city == want or (
            city is not None and want is not None and want in name_forms(city)
        )
        right["year"] += year == label["year"]
        right["period"] += end is not None and f"{start}-{end}月" == label["period"]
        # a value read is a value right: what the text does not state stays NULL
        assert city is None or city == want or want in name_forms(city), name
        assert year is None or year == label["year"], name
    assert right["place"] >= 44 and right["year"] >= 40 and right["period"] >= 48, right


def test_pages_of_one_place_are_placed_together(loaded: Path) -> None:
    """The pairs of one place and programme: where both texts state their year and months,
    both are placed, in the same place and year."""
    conn = warehouse.connect(loaded)
    placed = dict(
        conn.execute(
            "SELECT filename, city || ':' || year FROM documents WHERE circular_id IS NOT NULL"
        ).fetchall()
    )
    for a, b in (("01", "02"), ("03", "04"), ("43", "44")):
        assert placed[f"{a}.txt"] == placed[f"{b}.txt"], (a, b)


def test_issues_of_one_place_form_series(loaded: Path) -> None:
    conn = warehouse.connect(loaded)
    refresh_projects(conn)
    rows = conn.execute(
        "SELECT city, period_end_month, value, prev_value FROM progress_series "
        "WHERE prev_value IS NOT NULL ORDER BY city, period_end_month"
    ).fetchall()
    assert rows, "no series with two periods"
    assert any(city == "全国" for city, *_ in rows)
    # the series runs forward in time
    assert all(prev is not None and month > 1 for _, month, _, prev in rows)
