"""A generated year, read by the parser into the warehouse, raises exactly the drops its ground
truth declares (the same rule: lower than the series' previous figure by more than 0.01)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

import parsers
import synth
import warehouse
from warehouse.alerts import evaluate
from warehouse.loading import load_parse_result
from warehouse.projects import refresh_projects
from warehouse.runs import start_run


@pytest.mark.parametrize(("city", "seed"), [("赣州市", 5), ("宜宾市", 9)])
def test_alerts_match_expected_drops(tmp_path: Path, city: str, seed: int) -> None:
    corpus = synth.generate_year(city, 2025, seed=seed)
    folder = tmp_path / "circulars"
    synth.write_year(corpus, folder, formats="mixed", duplicates=True, truth_dir=tmp_path / "truth")
    conn = warehouse.connect(tmp_path / "minsheng.duckdb")
    load_id = start_run(conn, trigger="test", parser_version=parsers.PARSER_VERSION)
    fetched = datetime(2026, 1, 20, tzinfo=UTC)
    for path in sorted(folder.iterdir()):
        result = parsers.parse_path(path)
        load_parse_result(
            conn, result, source=str(folder), filename=path.name, fetched_at=fetched,
            load_id=load_id, archive_path=str(path),
        )  # fmt: skip
    refresh_projects(conn)
    evaluate(conn, now=fetched)
    alerts = conn.execute(
        "SELECT level, project_no, indicator, county, from_period, to_period, from_value, "
        "to_value FROM alerts WHERE kind = 'drop' ORDER BY to_period, level, project_no"
    ).fetchall()
    expected = [
        (d["level"], d["project_no"], d["indicator"], d["county"], d["from_period"],
         d["to_period"], d["from_value"], d["to_value"])
        for d in corpus.expected_drops
    ]  # fmt: skip
    assert expected
    assert alerts == expected
