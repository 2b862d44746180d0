"""The golden circular loaded into a warehouse file, once for the audit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.cli import main

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
STEM = "shaoyang-2024-09"

needs_corpus = pytest.mark.skipif(
    not (CORPUS / f"{STEM}.pdf").exists(), reason="the shared corpus is not here"
)


@pytest.fixture(scope="session")
def golden_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inbox = tmp_path_factory.mktemp("inbox")
    for ext in ("pdf", "txt"):  # the same circular twice: it is audited once
        shutil.copy(CORPUS / f"{STEM}.{ext}", inbox)
    db = inbox.parent / "golden.duckdb"
    assert main(["ingest", str(inbox), "--db", str(db), "--quiet"]) == 0
    return db
