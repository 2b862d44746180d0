"""HTTP sources against a real server on 127.0.0.1."""

from __future__ import annotations

import html
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from flows.links import article_links, listing_links
from flows.settings import HttpSettings
from flows.sources import Document, Problem
from flows.web import HttpCache, WebFetcher
from parsers import html_layout
from parsers.readers import read_path

NOW = datetime(2024, 10, 9, 2, 0)
BODY = "云岭市通报正文，进度为50%。\n".encode()


def fetcher(conn: duckdb.DuckDBPyConnection, archive_dir: Path, **http: float) -> WebFetcher:
    settings = HttpSettings(**{"timeout": 2.0, "retries": 2, "backoff": 0.01, **http})
    return WebFetcher(settings, HttpCache(conn), archive_dir)


def gather(f: WebFetcher, url: str) -> list[Document | Problem]:
    with f:
        return list(f.gather(url, NOW))


def test_file_url_is_fetched_and_archived(httpserver: HTTPServer, conn, archive_dir) -> None:
    httpserver.expect_request("/docs/c.txt").respond_with_data(BODY, content_type="text/plain")
    [doc] = gather(fetcher(conn, archive_dir), httpserver.url_for("/docs/c.txt"))
    assert isinstance(doc, Document)
    assert doc.filename == "c.txt"
    assert doc.archive_path.read_bytes() == BODY
    assert doc.archive_path.parent.name == doc.sha256[:2]
    assert doc.archive_path.name == doc.sha256 + ".txt"


def test_listing_page_links_are_followed_one_level(httpserver: HTTPServer, conn, archive_dir):
    page = """<html><body>
      <a href="files/a.pdf">一月</a> <a href="/abs/b.txt#top">二月</a>
      <a href="https://elsewhere.invalid/x.html">外链</a> <a href="sub/">下级</a>
      <a href="files/a.pdf">重复</a> <a href="mailto:x@y.cn">信</a>
    </body></html>"""
    httpserver.expect_request("/list/").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/list/files/a.pdf").respond_with_data(
        b"%PDF-1.4 a", content_type="application/pdf"
    )
    httpserver.expect_request("/abs/b.txt").respond_with_data(BODY, content_type="text/plain")
    got = gather(fetcher(conn, archive_dir), httpserver.url_for("/list/"))
    assert [
        (type(g).__name__, g.filename if isinstance(g, Document) else g.reason) for g in got
    ] == [
        ("Document", "a.pdf"),
        ("Document", "b.txt"),
    ]
    assert {g.source for g in got} == {httpserver.url_for("/list/")}


@pytest.mark.parametrize(
    ("html", "base", "expected"),
    [
        ('<a href="a.pdf">', "http://h/x/", ["http://h/x/a.pdf"]),
        ('<a href="../a.DOCX">', "http://h/x/y/", ["http://h/x/a.DOCX"]),
        ('<base href="http://o/p/"><a href="a.txt">', "http://h/", ["http://o/p/a.txt"]),
        (
            '<a href="%E9%80%9A%E6%8A%A5.pdf?v=2">',
            "https://h/",
            ["https://h/%E9%80%9A%E6%8A%A5.pdf?v=2"],
        ),
        ('<a href="file:///etc/a.pdf"><a href="a.html">', "http://h/", []),
    ],
)
def test_listing_links(html: str, base: str, expected: list[str]) -> None:
    assert listing_links(html, base) == expected


def test_second_fetch_is_conditional_and_304_uses_the_archive(
    httpserver: HTTPServer, conn, archive_dir
):
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(BODY, content_type="text/plain", headers={"ETag": '"v1"'})

    httpserver.expect_request("/c.txt").respond_with_handler(handler)
    url = httpserver.url_for("/c.txt")
    [first] = gather(fetcher(conn, archive_dir), url)
    [second] = gather(fetcher(conn, archive_dir), url)
    assert seen == [None, '"v1"']
    assert isinstance(first, Document) and isinstance(second, Document)
    assert not first.not_modified and second.not_modified
    assert second.sha256 == first.sha256 and second.archive_path == first.archive_path
    assert conn.execute(
        "SELECT etag, status_code FROM http_cache WHERE url = ?", [url]
    ).fetchone() == ('"v1"', 304)


def test_lost_archive_copy_means_an_unconditional_fetch(httpserver: HTTPServer, conn, archive_dir):
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("If-None-Match"))
        return Response(BODY, content_type="text/plain", headers={"ETag": '"v1"'})

    httpserver.expect_request("/c.txt").respond_with_handler(handler)
    url = httpserver.url_for("/c.txt")
    [first] = gather(fetcher(conn, archive_dir), url)
    assert isinstance(first, Document)
    first.archive_path.unlink()
    [second] = gather(fetcher(conn, archive_dir), url)
    assert seen == [None, None]
    assert isinstance(second, Document) and second.archive_path.read_bytes() == BODY


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_timeout_is_retried_then_recorded(threaded_server: HTTPServer, conn, archive_dir) -> None:
    httpserver = threaded_server
    calls: list[float] = []

    def slow(request: Request) -> Response:
        calls.append(time.monotonic())
        time.sleep(0.6)
        return Response(BODY, content_type="text/plain")

    httpserver.expect_request("/slow.txt").respond_with_handler(slow)
    url = httpserver.url_for("/slow.txt")
    [problem] = gather(fetcher(conn, archive_dir, timeout=0.2, retries=2), url)
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.reason) == ("failed", "timeout")
    assert "after 3 attempts" in problem.message
    assert len(calls) == 3
    error = conn.execute("SELECT error FROM http_cache WHERE url = ?", [url]).fetchone()
    assert error is not None and "timed out" in error[0]


def test_5xx_is_retried_and_can_recover(httpserver: HTTPServer, conn, archive_dir) -> None:
    answers = [Response("busy", status=503), Response(BODY, content_type="text/plain")]
    httpserver.expect_request("/c.txt").respond_with_handler(lambda request: answers.pop(0))
    [doc] = gather(fetcher(conn, archive_dir), httpserver.url_for("/c.txt"))
    assert isinstance(doc, Document) and doc.archive_path.read_bytes() == BODY
    assert answers == []


def test_404_is_not_retried(httpserver: HTTPServer, conn, archive_dir) -> None:
    calls: list[int] = []

    def missing(request: Request) -> Response:
        calls.append(1)
        return Response("gone", status=404)

    httpserver.expect_request("/gone.pdf").respond_with_handler(missing)
    url = httpserver.url_for("/gone.pdf")
    [problem] = gather(fetcher(conn, archive_dir, retries=3), url)
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.reason) == ("failed", "http_404")
    assert calls == [1]
    assert conn.execute("SELECT status_code FROM http_cache WHERE url = ?", [url]).fetchone() == (
        404,
    )


@pytest.mark.parametrize("declare_length", [True, False])
def test_oversized_body_is_quarantined_as_too_large(
    httpserver: HTTPServer, conn, archive_dir, declare_length: bool
) -> None:
    big = b"%PDF-1.4 " + b"x" * 5000

    def handler(request: Request) -> Response:
        if declare_length:
            return Response(big, content_type="application/pdf")
        return Response(iter([big[:2000], big[2000:]]), content_type="application/pdf")

    httpserver.expect_request("/big.pdf").respond_with_handler(handler)
    [problem] = gather(fetcher(conn, archive_dir, max_bytes=1024), httpserver.url_for("/big.pdf"))
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.reason) == ("quarantine", "too_large")
    assert problem.sha256 is not None
    assert not archive_dir.exists() or not any(p.is_file() for p in archive_dir.rglob("*"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/c.pdf"])
def test_non_http_scheme_is_refused(conn, archive_dir, url: str) -> None:
    [problem] = gather(fetcher(conn, archive_dir), url)
    assert isinstance(problem, Problem)
    assert problem.reason == "scheme"
    assert "not supported" in problem.message


def test_content_disposition_and_type_name_the_file(httpserver: HTTPServer, conn, archive_dir):
    httpserver.expect_request("/download").respond_with_data(
        b"%PDF-1.4 d",
        content_type="application/pdf",
        headers={"Content-Disposition": "attachment; filename*=UTF-8''%E9%80%9A%E6%8A%A5.pdf"},
    )
    httpserver.expect_request("/get").respond_with_data(
        BODY, content_type="text/plain; charset=utf-8"
    )
    [named] = gather(fetcher(conn, archive_dir), httpserver.url_for("/download"))
    [typed] = gather(fetcher(conn, archive_dir), httpserver.url_for("/get"))
    assert isinstance(named, Document) and named.filename == "通报.pdf"
    assert isinstance(typed, Document) and typed.filename == "get.txt"


@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(["a.pdf", "../b.TXT", "//h2/c.docx", "ftp://x/d.pdf", "e.pdf#p2"]),
        ),
        max_size=8,
    )
)
def test_listing_links_are_absolute_http_circulars_once(hrefs: list[str]) -> None:
    page = "".join(f'<a href="{html.escape(h, quote=True)}">x</a>' for h in hrefs)
    links = listing_links(page, "https://gov.example.cn/list/index.html")
    assert len(links) == len(set(links))
    for link in links:
        parts = urlsplit(link)
        assert parts.scheme in ("http", "https") and parts.netloc
        assert PurePosixPath(unquote(parts.path)).suffix.lower() in (".pdf", ".txt", ".docx")
        assert "#" not in link


def test_last_modified_alone_also_gives_a_conditional_fetch(
    httpserver: HTTPServer, conn, archive_dir
) -> None:
    stamp = "Wed, 09 Oct 2024 02:00:00 GMT"
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("If-Modified-Since"))
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(BODY, content_type="text/plain", headers={"Last-Modified": stamp})

    httpserver.expect_request("/c.txt").respond_with_handler(handler)
    url = httpserver.url_for("/c.txt")
    gather(fetcher(conn, archive_dir), url)
    [second] = gather(fetcher(conn, archive_dir), url)
    assert seen == [None, stamp]
    assert isinstance(second, Document) and second.not_modified


def test_a_trickling_server_runs_into_the_deadline(
    threaded_server: HTTPServer, conn, archive_dir
) -> None:
    def trickle(request: Request) -> Response:
        def chunks() -> Iterator[bytes]:
            for _ in range(20):
                time.sleep(0.1)
                yield b"x" * 10

        return Response(chunks(), content_type="text/plain")

    threaded_server.expect_request("/slow.txt").respond_with_handler(trickle)
    url = threaded_server.url_for("/slow.txt")
    [problem] = gather(fetcher(conn, archive_dir, timeout=1.0, retries=1, deadline=0.5), url)
    assert isinstance(problem, Problem)
    assert (problem.reason, problem.kind) == ("timeout", "failed")
    assert "http.deadline" in problem.message and "after 2 attempts" in problem.message


FIXTURES = Path(__file__).parents[1] / "fixtures" / "html"
LISTING = """<html><head><title>通知公告_云岭市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开信息平台</a></div>
<div class="list"><ul>
  <li><a href="202405/t20240512_1001.html">关于2024年1-4月全市重点民生实事推进情况的通报</a>
      <span>2024-05-12</span></li>
  <li><a href="/detail?id=7">青岚市2024年1-9月民生实事项目进展情况通报</a>
      <span>2024-10-08</span></li>
  <li><a href="index_1.html">更多民生实事通知公告</a></li>
  <li><a href="/upload/a.pdf">附件：推进情况表</a></li>
  <li><a href="https://elsewhere.invalid/t1.html">外站的一篇民生实事通报</a></li>
  <li><a href="/upload/banner.jpg">民生实事宣传海报大图</a></li>
  <li><a href="202405/t20240512_1001.html#top">关于2024年1-4月全市重点民生实事推进情况的通报</a>
      </li>
</ul></div>
<div class="pager"><a href="index_1.html">下一页</a> <a href="index_9.html">尾页</a></div>
<div class="footer"><a href="/about/">关于我们与网站介绍</a></div>
</body></html>"""
SUB_LISTING = (
    '<html><body><ul><li><a href="/x/1.html">关于更早一期的民生实事通报</a></li></ul></body></html>'
)


def serve_listing(httpserver: HTTPServer) -> str:
    httpserver.expect_request("/zwgk/tzgg/").respond_with_data(
        LISTING, content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/zwgk/tzgg/202405/t20240512_1001.html").respond_with_data(
        (FIXTURES / "yunling-2024-04.html").read_bytes(), content_type="text/html; charset=utf-8"
    )
    httpserver.expect_request("/detail", query_string="id=7").respond_with_data(
        (FIXTURES / "qinglan-2024-09.html").read_bytes(), content_type="text/html"
    )
    httpserver.expect_request("/zwgk/tzgg/index_1.html").respond_with_data(
        SUB_LISTING, content_type="text/html"
    )
    httpserver.expect_request("/upload/a.pdf").respond_with_data(
        b"%PDF-1.4 a", content_type="application/pdf"
    )
    return httpserver.url_for("/zwgk/tzgg/")


def outcome(item: Document | Problem) -> tuple[str, str]:
    if isinstance(item, Document):
        return ("Document", item.filename)
    return (item.kind, item.reason)


def test_listing_page_links_to_articles_are_followed(httpserver: HTTPServer, conn, archive_dir):
    url = serve_listing(httpserver)
    got = gather(fetcher(conn, archive_dir), url)
    assert [outcome(g) for g in got] == [
        ("Document", "a.pdf"),
        ("Document", "t20240512_1001.html"),
        ("Document", "detail.html"),  # text/html at a URL without a suffix
        ("ignored", "not_article"),  # another listing: one level only
    ]
    fetched = {request.path for request, _ in httpserver.log}
    assert "/x/1.html" not in fetched and "/about/" not in fetched and "/" not in fetched
    for document, name in zip(got[1:3], ["yunling-2024-04", "qinglan-2024-09"], strict=True):
        assert isinstance(document, Document)
        doc = read_path(document.archive_path)
        assert doc.media_type == "text/html"
        assert html_layout.render_text(doc.items) == (FIXTURES / f"{name}.txt").read_text("utf-8")


def test_article_pages_followed_are_bounded(httpserver: HTTPServer, conn, archive_dir) -> None:
    url = serve_listing(httpserver)
    got = gather(fetcher(conn, archive_dir, max_pages=1), url)
    assert [outcome(g) for g in got] == [
        ("Document", "a.pdf"),
        ("Document", "t20240512_1001.html"),
    ]
    assert "/detail" not in {request.path for request, _ in httpserver.log}


def test_article_url_without_suffix_is_a_document_with_its_attachments(
    httpserver: HTTPServer, conn, archive_dir
) -> None:
    httpserver.expect_request("/art", query_string="id=3").respond_with_data(
        (FIXTURES / "yunling-2024-04.html").read_bytes(), content_type="text/html"
    )
    httpserver.expect_request("/upload/2024/05/fj1.pdf").respond_with_data(
        b"%PDF-1.4 attachment", content_type="application/pdf"
    )
    got = gather(fetcher(conn, archive_dir), httpserver.url_for("/art") + "?id=3")
    assert [outcome(g) for g in got] == [("Document", "art.html"), ("Document", "fj1.pdf")]
    assert "/zwgk/tzgg/202404/t20240410_1001.html" not in {r.path for r, _ in httpserver.log}


def test_article_page_is_fetched_conditionally(httpserver: HTTPServer, conn, archive_dir) -> None:
    page = (FIXTURES / "yunling-2024-06.html").read_bytes()

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"p1"':
            return Response(status=304)
        return Response(page, content_type="text/html", headers={"ETag": '"p1"'})

    httpserver.expect_request("/msss/t1.html").respond_with_handler(handler)
    url = httpserver.url_for("/msss/t1.html")
    [first] = gather(fetcher(conn, archive_dir), url)
    [second] = gather(fetcher(conn, archive_dir), url)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert second.not_modified and second.sha256 == first.sha256 and second.filename == "t1.html"


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ([("t1.html", "关于1-4月民生实事的通报")], ["https://gov.example.cn/list/t1.html"]),
        ([("/info?id=5#p", "关于1-4月民生实事的通报")], ["https://gov.example.cn/info?id=5"]),
        ([("t1.shtml", "关于1-4月民生实事的通报")], ["https://gov.example.cn/list/t1.shtml"]),
        ([("/", "云岭市人民政府门户网站")], []),  # the home page
        ([("t1.html", "下一页")], []),  # too short for a title
        ([("t1.jpg", "关于1-4月民生实事的通报")], []),
        ([("https://other.example.cn/t1.html", "关于1-4月民生实事的通报")], []),
        ([("javascript:void(0)", "关于1-4月民生实事的通报")], []),
        ([("index.html", "通知公告民生实事栏目首页")], []),  # the listing itself
        (
            [("t1.html", "关于1-4月民生实事的通报"), ("t1.html", "关于1-4月民生实事的通报")],
            ["https://gov.example.cn/list/t1.html"],
        ),
    ],
)
def test_article_links(links: list[tuple[str, str]], expected: list[str]) -> None:
    outline = html_layout.Outline(article=False, base=None, links=links)
    assert article_links(outline, "https://gov.example.cn/list/index.html") == expected
