"""Fixtures of the fault tests: a migrated warehouse, an archive, a threaded HTTP server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer

from tests.flows.conftest import archive_dir, conn

__all__ = ["archive_dir", "conn", "threaded_server"]


@pytest.fixture
def threaded_server() -> Iterator[HTTPServer]:
    """A server answering each request in a thread of its own (one may stall)."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()
