"""Fixtures of the report tests: a warehouse file holding four months of a made-up city."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.report.warehouse_data import build


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("warehouse") / "minsheng.duckdb"
    build(path).close()
    return path
