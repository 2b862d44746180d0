"""What a page's text omits comes from the page: the year of a news report fetched over HTTP
from its address or its Last-Modified header; a report that states no year anywhere is loaded
in no circular, listed by ``minsheng status`` and kept out of the series."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer

from flows.cli import main

# a county's news report that names its place and months but not its year
REPORT = (
    "舒城县民生工程稳步推进\n"
    "舒城新闻网讯 记者从县财政局获悉，截至7月底，全县民生工程累计拨付资金3.1亿元，"
    "占年度计划的68.5%；城乡供水提升工程完成投资1.2亿元，投资完成率为72.4%。\n"
)


def documents(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(
            "SELECT city, year, period_end_month, circular_id IS NULL, placement, meta_sources "
            "FROM documents WHERE status = 'parsed' ORDER BY filename"
        ).fetchall()


@pytest.fixture
def report_text() -> str:
    return REPORT


def test_the_year_comes_from_the_address_and_the_text_wins(
    httpserver: HTTPServer, tmp_path: Path, report_text: str
) -> None:
    httpserver.expect_request("/xwzx/2023/0805/81.txt").respond_with_data(
        report_text, content_type="text/plain; charset=utf-8"
    )
    stated = report_text.replace("截至7月底", "截至2022年7月底")
    httpserver.expect_request("/xwzx/2023/0805/82.txt").respond_with_data(
        stated, content_type="text/plain; charset=utf-8"
    )
    db = tmp_path / "w.duckdb"
    urls = [
        httpserver.url_for("/xwzx/2023/0805/81.txt"),
        httpserver.url_for("/xwzx/2023/0805/82.txt"),
    ]
    assert main(["ingest", *urls, "--db", str(db), "--quiet"]) == 0
    (city, year, end, unplaced, _, said), (_, stated_year, _, _, _, stated_said) = documents(db)
    assert (city, year, end, unplaced) == ("舒城县", 2023, 7, False)
    assert json.loads(said)["year"] == f"url: {urls[0]}"
    assert json.loads(said)["period"].startswith("text: ")
    assert stated_year == 2022 and json.loads(stated_said)["year"].startswith("text: ")


def test_the_year_comes_from_last_modified_when_the_address_has_none(
    httpserver: HTTPServer, tmp_path: Path, report_text: str
) -> None:
    modified = "Tue, 08 Aug 2023 02:15:00 GMT"
    httpserver.expect_request("/news/show.txt").respond_with_data(
        report_text, content_type="text/plain; charset=utf-8", headers={"Last-Modified": modified}
    )
    db = tmp_path / "w.duckdb"
    assert main(["ingest", httpserver.url_for("/news/show.txt"), "--db", str(db), "--quiet"]) == 0
    [(_, year, _, unplaced, placement, said)] = documents(db)
    assert (year, unplaced, placement) == (2023, False, "placed")
    assert json.loads(said)["year"] == f"header: Last-Modified: {modified}"


def test_a_file_that_states_no_year_is_loaded_in_no_circular(
    tmp_path: Path, report_text: str, capsys: pytest.CaptureFixture
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "report.txt").write_text(report_text, "utf-8")
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(inbox), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert "loaded in no circular (period_unknown): report.txt: " in err
    assert "does not state the circular's year" in err
    [(city, year, end, unplaced, placement, _)] = documents(db)
    assert (city, year, end, unplaced, placement) == ("舒城县", None, 7, True, "period_unknown")
    with duckdb.connect(str(db), read_only=True) as conn:
        kept = conn.execute("SELECT count(*) FROM unplaced_facts_v").fetchone()
        assert kept is not None and kept[0] >= 1
        assert conn.execute("SELECT count(*) FROM facts_v").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM circulars").fetchone() == (0,)
    # a second run changes nothing and says it was already loaded
    assert main(["ingest", str(inbox), "--db", str(db), "--quiet"]) == 0
    assert main(["status", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "in no circular, out of series and alerts (1):" in out
    assert "report.txt  period_unknown: the text does not state the circular's year" in out
