"""Circulars published as article pages, ingested from a folder of .html files and from a
portal's listing page served on 127.0.0.1: the same facts as the circulars' text."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer

from flows.cli import main
from tests.flows.corpus import portal_page, write_months

SOURCE = "衡阳市民生可感行动工作专班办公室"
FACTS = (
    "SELECT circular_id, level, project_no, project, indicator, county, metric, value "
    "FROM facts_v ORDER BY ALL"
)


def facts(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return conn.execute(FACTS).fetchall()


@pytest.fixture(scope="module")
def circulars(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """Two months as text, the same two as portal pages (May issued 2024-06-10 and so on)."""
    folder = tmp_path_factory.mktemp("text")
    texts = write_months(folder, [4, 5])
    pages = [
        portal_page(path.read_text("utf-8"), published=f"2024-{month + 1:02d}-10", source=SOURCE)
        for month, path in zip([4, 5], sorted(texts), strict=True)
    ]
    return folder, pages


@pytest.fixture(scope="module")
def text_facts(
    circulars: tuple[Path, list[str]], tmp_path_factory: pytest.TempPathFactory
) -> list[tuple]:
    folder, _ = circulars
    db = tmp_path_factory.mktemp("textdb") / "w.duckdb"
    assert main(["ingest", str(folder), "--db", str(db), "--quiet"]) == 0
    loaded = facts(db)
    assert loaded
    return loaded


def test_html_files_in_a_folder_are_ingested(
    circulars: tuple[Path, list[str]], text_facts: list[tuple], tmp_path: Path, capsys
) -> None:
    _, pages = circulars
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "t20240510_41.html").write_text(pages[0], "utf-8")
    (inbox / "t20240610_52.htm").write_bytes(pages[1].encode("gb18030"))  # its meta says utf-8
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(inbox), "--db", str(db), "--quiet"]) == 0
    assert "2 loaded" in capsys.readouterr().out
    assert facts(db) == text_facts


def test_listing_page_of_a_portal_is_ingested(
    circulars: tuple[Path, list[str]],
    text_facts: list[tuple],
    tmp_path: Path,
    httpserver: HTTPServer,
    capsys,
) -> None:
    _, pages = circulars
    listing = """<html><head><title>民生实事_通知公告</title></head><body>
    <div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a></div>
    <ul class="news-list">
      <li><a href="/zwgk/msss/202405/t20240510_41.html">
        关于全市1-4月民生可感行动工作推进情况的通报</a></li>
      <li><a href="/info?id=52">关于全市1-5月民生可感行动工作推进情况的通报</a></li>
    </ul>
    <div class="footer">版权所有</div></body></html>"""
    httpserver.expect_request("/zwgk/msss/").respond_with_data(listing, content_type="text/html")
    httpserver.expect_request("/zwgk/msss/202405/t20240510_41.html").respond_with_data(
        pages[0], content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/info", query_string="id=52").respond_with_data(
        pages[1].encode("gbk"), content_type="text/html; charset=GBK"
    )
    db = tmp_path / "w.duckdb"
    assert main(["ingest", httpserver.url_for("/zwgk/msss/"), "--db", str(db), "--quiet"]) == 0
    assert "2 loaded" in capsys.readouterr().out
    assert facts(db) == text_facts
    with duckdb.connect(str(db), read_only=True) as conn:
        names = conn.execute("SELECT filename FROM documents ORDER BY 1").fetchall()
    assert names == [("info.html",), ("t20240510_41.html",)]
