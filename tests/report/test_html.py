"""The HTML report: charts per project with drops, pace and sources, alerts, self-contained."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.cli import main
from report.html import MAX_LINES, _choose, build_report, write_report
from warehouse.connection import connect

NOW = datetime(2025, 10, 11, 9, 30)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside <title> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.titles: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.titles.append(data)

    def having(self, tag: str, cls: str | None = None) -> list[dict[str, str]]:
        return [
            a
            for t, a in self.tags
            if t == tag and (cls is None or cls in a.get("class", "").split())
        ]


def parse(page: str) -> Elements:
    elements = Elements()
    elements.feed(page)
    return elements


@pytest.fixture
def conn(warehouse_file: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = connect(warehouse_file, read_only=True)
    yield connection
    connection.close()


def test_one_chart_per_project_with_a_point_per_figure(conn: duckdb.DuckDBPyConnection) -> None:
    page, counts = build_report(conn, now=NOW)
    doc = parse(page)
    charts = doc.having("svg", "chart")
    assert len(charts) == counts["charts"] == 3
    points = doc.having("circle", "point")
    # 老年助餐: 全市 4 + 东湖区 (drop) 4 + 青石县 (flagged) 3; 供水: 全市 4 + 白沙县 4;
    # 背街小巷: two indicators, 4 each
    assert len(points) == counts["points"] == 27
    by_series: dict[str, int] = {}
    for p in points:
        by_series[p["data-series"]] = by_series.get(p["data-series"], 0) + 1
    assert by_series["东湖区"] == 4 and by_series["青石县"] == 3
    assert by_series["全市 · 雨污分流"] == 4
    assert {p["data-value"] for p in points if p["data-series"] == "东湖区"} == {
        "50",
        "58.5",
        "66",
        "61.2",
    }
    # the pace line on every chart
    assert len(doc.having("polyline", "pace")) == 3


def test_drops_and_flagged_figures_are_marked(conn: duckdb.DuckDBPyConnection) -> None:
    doc = parse(build_report(conn, now=NOW)[0])
    assert len(doc.having("path", "drop")) == 2  # 东湖区 1-9月, 雨污分流 1-8月
    assert len(doc.having("circle", "behind")) == 6  # 青石县 7-8月, 白沙县 6-9月
    tips = "\n".join(doc.titles)
    assert "东湖区 1-9月：61.2%（序时进度 75%）" in tips
    assert "环比下降 4.8 个百分点（上期 66%）" in tips


def test_every_point_links_to_a_listed_source(conn: duckdb.DuckDBPyConnection) -> None:
    page, counts = build_report(conn, now=NOW)
    doc = parse(page)
    anchors = {a["id"] for a in doc.having("li") if a.get("id", "").startswith("src-")}
    assert len(anchors) == counts["sources"] == 27
    links = [a["href"] for a in doc.having("a") if a.get("href", "").startswith("#src-")]
    assert links and all(h[1:] in anchors for h in links)
    assert "临江市2025年1-9月民生实事通报.pdf" in page
    assert "第2页第4行" in page
    assert "城乡老年助餐服务扩面：东湖区完成率61.2%" in page


def test_alerts_table_lists_firing_before_resolved(conn: duckdb.DuckDBPyConnection) -> None:
    doc = parse(build_report(conn, now=NOW)[0])
    rows = [a["class"] for a in doc.having("tr") if a.get("id", "").startswith("alert-")]
    assert rows == ["firing", "firing", "resolved", "resolved"]
    # each alert links to its project's chart (so do the contents and the county view)
    figures = {a["id"] for a in doc.having("figure")}
    links = [a["href"][1:] for a in doc.having("a") if a.get("href", "").startswith("#project-")]
    assert set(links) == figures


def test_contents_link_every_section_place_project_and_county(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    page = build_report(conn, now=NOW)[0]
    doc = parse(page)
    ids = {a["id"] for _, a in doc.tags if "id" in a}
    [nav] = doc.having("nav", "toc")
    assert nav["aria-label"] == "目录"
    links = [a["href"][1:] for a in doc.having("a") if a.get("href", "").startswith("#")]
    assert {"alerts", "charts", "counties", "sources", "place-临江市-2025"} <= set(links)
    assert all(link in ids for link in links), set(links) - ids
    assert "county-临江市-2025-东湖区" in links


def test_the_county_view_lists_each_countys_latest_figures(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    page = build_report(conn, now=NOW)[0]
    doc = parse(page)
    counties = [a["id"] for a in doc.having("details", "county")]
    assert counties == sorted(counties) and "county-临江市-2025-东湖区" in counties
    east = page[page.index('id="county-临江市-2025-东湖区"') :]
    east = east[: east.index("</details>")]
    # 东湖区 fell from 66% to 61.2% in 1-9月: its alert is open, first, with the change
    assert " open>" in east[:60]
    assert "预警中" in east and "61.2% <small>1-9月</small>" in east and "-4.8" in east


def test_a_filter_narrows_the_page_to_a_county(conn: duckdb.DuckDBPyConnection) -> None:
    from report.html import ReportFilter

    page, counts = build_report(conn, now=NOW, only=ReportFilter(county="东湖区"))
    doc = parse(page)
    assert "重点民生实事进度报告：东湖区" in doc.titles[0]
    assert {p["data-series"] for p in doc.having("circle", "point")} == {"东湖区"}
    assert counts["alerts"] == 1 and counts["charts"] == 1
    assert [a["id"] for a in doc.having("details", "county")] == ["county-临江市-2025-东湖区"]
    none = build_report(conn, now=NOW, only=ReportFilter(city="临江市", year=2024))[1]
    assert none == {"charts": 0, "points": 0, "alerts": 0, "sources": 0}


def test_times_are_shown_in_the_configured_time_zone(conn: duckdb.DuckDBPyConnection) -> None:
    page = build_report(conn, now=NOW, timezone="Asia/Shanghai")[0]
    assert "生成于 2025-10-11 09:30（Asia/Shanghai）" in page
    # the alerts were first seen at 2025-10-11 02:00 UTC: still the 10th in Los Angeles
    assert page.count('data-label="首次发现">2025-10-11<') == 4
    west = build_report(conn, now=NOW, timezone="America/Los_Angeles")[0]
    assert west.count('data-label="首次发现">2025-10-10<') == 4


def test_the_page_is_self_contained(conn: duckdb.DuckDBPyConnection) -> None:
    page = build_report(conn, now=NOW)[0]
    doc = parse(page)
    assert doc.having("script") == [] and doc.having("link") == [] and doc.having("img") == []
    external = [
        a
        for _, a in doc.tags
        for k, v in a.items()
        if k in ("src", "href") and not v.startswith("#")
    ]
    assert external == []
    assert page.count("http://") == page.count('xmlns="http://www.w3.org/2000/svg"')
    assert "https://" not in page


def test_an_empty_warehouse_gives_a_page_that_says_so(tmp_path: Path) -> None:
    conn = connect(tmp_path / "empty.duckdb")
    page, counts = build_report(conn, now=NOW)
    assert counts == {"charts": 0, "points": 0, "alerts": 0, "sources": 0}
    assert "仓库中还没有进度数据" in page and "暂无预警" in page


def test_at_most_max_lines_per_chart_the_rest_counted() -> None:
    rows: dict[str, list[dict[str, Any]]] = {
        f"k|{i}": [{"county": f"县{i}", "status": "behind_schedule", "delta": None}]
        for i in range(MAX_LINES + 3)
    }
    rows["k|city"] = [{"county": None, "status": None, "delta": 1.0}] * 2
    chosen, left_out = _choose(rows, alerted=set())
    assert len(chosen) == MAX_LINES and left_out == 4
    assert chosen[0] == "k|city"


def test_a_project_reported_only_per_county_shows_its_counties() -> None:
    rows: dict[str, list[dict[str, Any]]] = {
        f"k|{i}": [{"county": f"县{i}", "status": None, "delta": None}] for i in range(3)
    }
    rows["k|flagged"] = [{"county": "县x", "status": "behind_schedule", "delta": None}]
    chosen, left_out = _choose(rows, alerted=set())
    assert chosen[0] == "k|flagged" and len(chosen) == 4 and left_out == 0


def test_report_command_writes_the_page(warehouse_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "report.html"
    assert main(["report", "--db", str(warehouse_file), "--out", str(out)]) == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert not (tmp_path / "out" / "report.html.partial").exists()


def test_report_command_on_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", "--db", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "r")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("minsheng: ") and err.count("\n") == 1


def test_write_report_returns_counts(warehouse_file: Path, tmp_path: Path) -> None:
    conn = connect(warehouse_file, read_only=True)
    try:
        summary = write_report(conn, tmp_path / "r.html", now=NOW)
    finally:
        conn.close()
    assert (summary.charts, summary.points, summary.alerts) == (3, 27, 4)


def test_report_command_filters_and_refuses_an_empty_selection(
    warehouse_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "east.html"
    args = ["report", "--db", str(warehouse_file), "--out", str(out)]
    assert main([*args, "--city", "临江市", "--year", "2025", "--county", "东湖区"]) == 0
    assert "重点民生实事进度报告：临江市2025年东湖区" in out.read_text("utf-8")
    assert "(1 charts, 4 points, 1 alerts" in capsys.readouterr().out
    missing = tmp_path / "none.html"
    assert (
        main(["report", "--db", str(warehouse_file), "--out", str(missing), "--year", "2019"]) == 2
    )
    assert capsys.readouterr().err == (
        "minsheng: nothing in the warehouse for 2019年; no report written\n"
    )
    assert not missing.exists()
