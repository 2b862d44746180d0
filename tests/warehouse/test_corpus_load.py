"""The real circular, parsed from its PDF and its text, loaded into a warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

import warehouse
from schemas.circular import ParseResult
from tests import corpus_circular
from tests.warehouse.conftest import contents, load
from warehouse.fact_rows import unique

CORPUS = Path(__file__).resolve().parents[1].parent.parent / "shared" / "corpus"
STEM = "shaoyang-2024-09"

pytestmark = pytest.mark.skipif(
    not (CORPUS / f"{STEM}.pdf").is_file(), reason="the corpus circular is not available"
)


@pytest.fixture(scope="module")
def parsed() -> tuple[ParseResult, ParseResult]:
    return corpus_circular.parsed("pdf"), corpus_circular.parsed("txt")


def test_pdf_and_text_of_the_corpus_circular_count_once(
    tmp_path: Path, parsed: tuple[ParseResult, ParseResult]
) -> None:
    pdf, text = parsed
    tables = []
    for name, order in (("pdf-first", (pdf, text)), ("text-first", (text, pdf))):
        conn = warehouse.connect(tmp_path / f"{name}.duckdb")
        for result in order:
            load(conn, result)
        check_one_circular(conn, pdf, text)
        tables.append(contents(conn, leave_out=("updated_at",)))
        conn.close()
    assert tables[0] == tables[1]


def check_one_circular(
    conn: duckdb.DuckDBPyConnection, pdf: ParseResult, text: ParseResult
) -> None:
    assert conn.execute("SELECT circular_id, authoritative_sha256 FROM circulars").fetchall() == [
        ("邵阳市:2024:01-09", pdf.document.sha256)
    ]
    assert dict(conn.execute("SELECT sha256, role FROM circular_documents").fetchall()) == {
        pdf.document.sha256: "authoritative",
        text.document.sha256: "duplicate",
    }
    assert conn.execute("SELECT count(*) FROM facts_v").fetchone() == (len(unique(pdf.facts)),)
    assert conn.execute("SELECT count(*) FROM facts").fetchone() == (
        len(unique(pdf.facts)) + len(unique(text.facts)),
    )
    # every stored position points at the figure it stands for
    bad = conn.execute(
        "SELECT source_text, start_pos, end_pos, value FROM facts_v "
        "WHERE NOT contains(substr(source_text, start_pos + 1, end_pos - start_pos), '%')"
    ).fetchall()
    assert bad == []
