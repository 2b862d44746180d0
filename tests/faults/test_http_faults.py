"""HTTP faults on loopback: a server that trickles its headers is cut at ``http.deadline``; an
HTML page that is no listing is accounted for."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer

from flows.settings import HttpSettings
from flows.sources import Document, Problem
from flows.web import HttpCache, WebFetcher

NOW = datetime(2024, 10, 9, 2, 0)
BODY = "云岭市通报正文，进度为50%。\n".encode()


@pytest.fixture
def header_trickler() -> Iterator[str]:
    """A server that sends one header line every 0.1 s, forty of them, then a good answer."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def answer(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                for number in range(40):
                    if stop.is_set():
                        return
                    conn.sendall(f"X-Slow-{number}: 1\r\n".encode())
                    time.sleep(0.1)
                head = f"Content-Type: text/plain\r\nContent-Length: {len(BODY)}\r\n\r\n"
                conn.sendall(head.encode() + BODY)
            except OSError:
                return

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow.txt"
    stop.set()
    thread.join()
    listener.close()


def fetcher(conn: duckdb.DuckDBPyConnection, archive_dir: Path, **http: float) -> WebFetcher:
    settings = HttpSettings(**{"timeout": 2.0, "retries": 0, "backoff": 0.01, **http})
    return WebFetcher(settings, HttpCache(conn), archive_dir)


def test_headers_trickling_in_are_cut_at_the_deadline(
    header_trickler: str, conn: duckdb.DuckDBPyConnection, archive_dir: Path
) -> None:
    # every header line comes well within the 2 s read timeout; only the deadline stops it
    with fetcher(conn, archive_dir, deadline=1.0) as f:
        [problem] = list(f.gather(header_trickler, NOW))
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.reason) == ("failed", "timeout")
    assert "http.deadline" in problem.message


def test_the_same_server_is_read_with_time_enough(
    header_trickler: str, conn: duckdb.DuckDBPyConnection, archive_dir: Path
) -> None:
    with fetcher(conn, archive_dir, deadline=30.0) as f:
        [document] = list(f.gather(header_trickler, NOW))
    assert isinstance(document, Document) and document.archive_path.read_bytes() == BODY


def test_an_html_page_without_circular_links_is_accounted_for(
    httpserver: HTTPServer, conn: duckdb.DuckDBPyConnection, archive_dir: Path
) -> None:
    page = "<html><body><h1>关于印发通报的通知</h1><p>正文……</p></body></html>"
    httpserver.expect_request("/art/2024/10/9/art_1").respond_with_data(
        page, content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for("/art/2024/10/9/art_1")
    with fetcher(conn, archive_dir) as f:
        [problem] = list(f.gather(url, NOW))
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.reason, problem.location) == (
        "ignored",
        "no_circular_links",
        url,
    )
