from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import warehouse
from flows.cli import main
from flows.lock import writer_lock
from synth.parsed import Figure, Month, Row, load


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A warehouse with circulars loaded but projects and alerts never evaluated."""
    path = tmp_path / "w.duckdb"
    conn = warehouse.connect(path)
    housing = "保障性租赁住房建设"
    load(conn, Month(6, [Row(21, housing, (Figure(60), Figure(50, county="东湖区")))]))
    load(conn, Month(7, [Row(21, housing, (Figure(70), Figure(38.5, county="东湖区")))]))
    load(conn, Month(8, [Row(21, "筹集建设保障性租赁住房", (Figure(75),))]))
    load(conn, Month(8, [Row(21, "新建城市口袋公园", (Figure(5),))], city="白沙市"))
    load(conn, Month(9, [Row(21, "新建口袋公园", (Figure(1),))], city="白沙市"))
    conn.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_reading_never_writes_the_database_and_says_when_it_is_behind(db: Path, capsys) -> None:
    before = db.read_bytes()
    for command in (["alerts"], ["series", "保障性租赁"], ["projects"]):
        _, _, err = run(capsys, *command, "--db", str(db))
        assert "5 circular(s) were loaded after projects and alerts were last evaluated" in err
    assert db.read_bytes() == before  # opened read-only: not even a checkpoint
    assert not Path(str(db) + ".d").exists()  # no lock taken, no data dir made
    code, out, err = run(capsys, "alerts", "--refresh", "--db", str(db), "--json")
    assert code == 0 and len(json.loads(out)) == 2 and "loaded after" not in err
    code, out, err = run(capsys, "alerts", "--db", str(db), "--json")
    assert code == 0 and len(json.loads(out)) == 2 and err == ""


def test_alerts_json_lists_the_drops_after_evaluating(db: Path, capsys) -> None:
    code, out, _ = run(capsys, "alerts", "--refresh", "--db", str(db), "--json")
    assert code == 0
    listed = json.loads(out)
    assert [
        (a["kind"], a["state"], a["county"], a["from_period"], a["to_period"], a["to_value"])
        for a in listed
    ] == [
        ("drop", "firing", None, "2025-08", "2025-09", 1.0),  # 白沙市, renamed in 9月
        ("drop", "firing", "东湖区", "2025-06", "2025-07", 38.5),
    ]
    assert listed[1]["project"] == "保障性租赁住房建设"
    assert listed[1]["last_notified"] is None
    # timestamps in the configured time zone (Asia/Shanghai by default), with their offset
    assert listed[1]["first_seen"].endswith("+08:00")
    code, out, _ = run(
        capsys, "alerts", "--refresh", "--db", str(db), "--json", "--state", "resolved"
    )
    assert (code, json.loads(out)) == (0, [])


def test_alerts_table(db: Path, capsys) -> None:
    code, out, _ = run(capsys, "alerts", "--refresh", "--db", str(db))
    assert code == 0
    assert "2025-06→2025-07" in out and "50→38.5" in out and "(2 rows)" in out
    # two places' province:21 rows tell their city and year apart
    assert out.splitlines()[0].split()[0] == "place"
    assert {line.split()[0] for line in out.splitlines()[2:4]} == {"白沙市", "青岭市"}


def test_alerts_read_the_last_state_while_another_run_writes(
    db: Path, tmp_path: Path, capsys
) -> None:
    run(capsys, "alerts", "--refresh", "--db", str(db), "--json")
    conn = warehouse.connect(db)
    load(conn, Month(10, [Row(21, "筹集建设保障性租赁住房", (Figure(20),))]))
    conn.close()
    with writer_lock(Path(str(db) + ".d") / "minsheng.lock"):
        code, out, err = run(capsys, "alerts", "--refresh", "--db", str(db), "--json")
    assert code == 0
    assert len(json.loads(out)) == 2  # the 10月 drop is not evaluated yet
    assert "not refreshed" in err
    code, out, _ = run(capsys, "alerts", "--refresh", "--db", str(db), "--json")
    assert len(json.loads(out)) == 3


HOLD_DATABASE = (
    "import duckdb, sys, time\n"
    "conn = duckdb.connect(sys.argv[1])\n"
    "print('ready', flush=True)\n"
    "sys.stdin.read()\n"
)


def test_alerts_read_the_snapshot_while_another_process_holds_the_database(
    db: Path, capsys
) -> None:
    run(capsys, "alerts", "--refresh", "--db", str(db), "--json")
    data_dir = Path(str(db) + ".d")
    shutil.copy(db, data_dir / "snapshot.duckdb")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_DATABASE, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with writer_lock(data_dir / "minsheng.lock"):
            code, out, err = run(capsys, "alerts", "--refresh", "--db", str(db), "--json")
        (data_dir / "snapshot.duckdb").unlink()
        code_without, _, err_without = run(capsys, "alerts", "--refresh", "--db", str(db))
    finally:
        holder.communicate("")
    assert (code, len(json.loads(out))) == (0, 2)
    assert "snapshot" in err and "not refreshed" in err
    assert code_without == 2 and err_without.count("\n") == 1 and "no snapshot" in err_without


def test_a_missing_database_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "alerts", "--db", str(tmp_path / "none.duckdb"))
    assert code == 2
    assert err.startswith("minsheng: no warehouse at") and err.count("\n") == 1


def test_series_shows_months_values_and_a_sparkline(db: Path, capsys) -> None:
    code, out, _ = run(capsys, "series", "保障性租赁", "--refresh", "--db", str(db))
    assert code == 0
    assert "province:21 保障性租赁住房建设 · 全市" in out
    assert "▁▆█" in out
    assert "2025-08   75      +5      66.67   +8.33" in out
    code, out, _ = run(capsys, "series", "东湖", "--db", str(db), "--json")
    [one] = json.loads(out)
    assert [(p["period"], p["value"], p["delta"]) for p in one["points"]] == [
        ("2025-06", 50.0, None),
        ("2025-07", 38.5, -11.5),
    ]
    code, _, err = run(capsys, "series", "nothing-like-this", "--db", str(db))
    assert (code, err.strip()) == (2, "minsheng: no series matches 'nothing-like-this'")


def test_projects_review_and_alias(db: Path, capsys) -> None:
    code, out, _ = run(capsys, "projects", "--refresh", "--db", str(db))
    assert code == 0
    assert "青岭市:2025:province:21" in out and "筹集建设保障性租赁住房" in out
    code, out, _ = run(capsys, "projects", "--unmatched", "--db", str(db), "--json")
    assert code == 0
    assert json.loads(out) == []

    # a city whose item 21 changes to a dissimilar name: review, then a manual alias
    conn = warehouse.connect(db)
    load(conn, Month(10, [Row(21, "完成城区易涝点整治", (Figure(30),))], city="白沙市"))
    conn.close()
    code, out, err = run(capsys, "projects", "--unmatched", "--db", str(db), "--json")
    assert "1 circular(s) were loaded after projects and alerts were last evaluated" in err
    code, out, err = run(capsys, "projects", "--unmatched", "--refresh", "--db", str(db), "--json")
    assert "1 project name(s) wait for review" in err
    [item] = json.loads(out)
    assert (item["name"], item["reason"]) == ("完成城区易涝点整治", "unmatched")
    code, out, _ = run(
        capsys,
        "projects",
        "alias",
        "--db",
        str(db),
        "白沙市:2025:province:21",
        "完成城区易涝点整治",
    )
    assert code == 0 and "1 review row resolved" in out
    code, out, _ = run(capsys, "projects", "--unmatched", "--db", str(db), "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "series", "易涝", "--db", str(db), "--json")
    assert [p["value"] for p in json.loads(out)[0]["points"]] == [5.0, 1.0, 30.0]


def test_a_review_name_can_become_a_new_project(db: Path, capsys) -> None:
    conn = warehouse.connect(db)
    load(conn, Month(10, [Row(21, "完成城区易涝点整治", (Figure(30),))], city="白沙市"))
    conn.close()
    code, out, _ = run(capsys, "projects", "new", "--db", str(db), "完成城区易涝点整治")
    assert (code, out.strip()) == (0, "完成城区易涝点整治 → new project 白沙市:2025:province:21#2")
    code, _, err = run(capsys, "projects", "alias", "--db", str(db), "白沙市:2025:city:1", "x")
    assert code == 2 and "no project" in err
