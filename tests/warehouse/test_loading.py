from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pytest

import warehouse
from schemas.errors import MinshengError
from tests.warehouse.conftest import FETCHED, contents, load, quarantine
from tests.warehouse.sample_circulars import DOCX, PDF, TEXT, circular, sha
from warehouse.loading import (
    InvalidParseResult,
    is_loaded,
    load_parse_result,
    record_unreadable,
)

CIRCULAR = "青岭市:2025:01-06"


def roles(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(conn.execute("SELECT sha256, role FROM circular_documents").fetchall())


def test_a_circular_is_loaded_with_everything_it_gave(conn: duckdb.DuckDBPyConnection) -> None:
    outcome = load(conn, circular("a"))
    assert (outcome.sha256, outcome.circular_id, outcome.role) == (
        sha("a"),
        CIRCULAR,
        "authoritative",
    )
    assert (outcome.facts_loaded, outcome.skipped) == (3, False)
    assert conn.execute(
        "SELECT city, year, period_start_month, period_end_month, issued, authoritative_sha256 "
        "FROM circulars"
    ).fetchall() == [("青岭市", 2025, 1, 6, date(2025, 7, 8), sha("a"))]
    assert conn.execute(
        "SELECT project_no, county, metric, value, status, section, page, line, "
        "substr(source_text, start_pos + 1, end_pos - start_pos) FROM facts_v ORDER BY fact_no"
    ).fetchall() == [
        (1, None, "进度", 85.5, None, "attachment1", 2, 4, "85.5%"),
        (1, "东湖区", "进度", 60.0, "behind_schedule", "body", 1, 9, "60%"),
        (2, None, "形象进度", 92.3, None, "attachment2", 2, 11, "92.3%"),
    ]
    assert conn.execute("SELECT county, status FROM county_mentions_v").fetchall() == [
        ("东湖区", "未达序时")
    ]
    assert conn.execute("SELECT county, value FROM county_scores_v ORDER BY 1").fetchall() == [
        ("东湖区", 6.0),
        ("西河县", 5.5),
    ]
    assert conn.execute(
        "SELECT project_no, state FROM project_entries_v ORDER BY 1"
    ).fetchall() == [
        (1, "reported"),
        (3, "completed"),
    ]
    missed, warnings = conn.execute("SELECT missed, warnings FROM parse_reports").fetchone()
    assert '"reason": "target"' in missed or '"reason":"target"' in missed
    assert "表头" in warnings


def test_loading_the_same_document_again_changes_nothing(db_path: Path) -> None:
    conn = warehouse.connect(db_path)
    load(conn, circular("a"))
    load(conn, circular("b", media_type=TEXT))
    before = contents(conn)
    again = load(conn, circular("a"), fetched_at=FETCHED + timedelta(days=3), load_id="run-2")
    assert again.skipped and again.role == "authoritative" and again.facts_loaded == 0
    again = load(conn, circular("b", media_type=TEXT), load_id="run-2")
    assert again.skipped and again.role == "duplicate"
    assert contents(conn) == before  # updated_at and load_id included
    conn.close()


def test_repeated_items_in_one_result_are_stored_once(conn: duckdb.DuckDBPyConnection) -> None:
    outcome = load(conn, circular("a", repeat_first_fact=True))
    assert outcome.facts_loaded == 3
    assert conn.execute("SELECT count(*) FROM facts").fetchone() == (3,)


def test_pdf_and_text_of_one_circular_are_one_circular(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, circular("text copy", media_type=TEXT))
    outcome = load(conn, circular("pdf copy", media_type=PDF))
    assert outcome.role == "authoritative"
    assert conn.execute("SELECT count(*) FROM circulars").fetchone() == (1,)
    assert roles(conn) == {sha("pdf copy"): "authoritative", sha("text copy"): "duplicate"}
    assert conn.execute("SELECT count(*), count(DISTINCT sha256) FROM facts_v").fetchone() == (3, 1)
    assert conn.execute("SELECT count(*) FROM facts").fetchone() == (6,)  # both kept
    reason = conn.execute(
        "SELECT role_reason FROM documents_v WHERE sha256 = ?", [sha("text copy")]
    ).fetchone()
    assert reason is not None and "PDF preferred over text" in reason[0]


def test_docx_is_preferred_to_text_and_earliest_fetch_breaks_ties(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, circular("text", media_type=TEXT))
    load(conn, circular("docx", media_type=DOCX))
    assert roles(conn)[sha("docx")] == "authoritative"
    load(conn, circular("docx early", media_type=DOCX), fetched_at=FETCHED - timedelta(hours=1))
    assert roles(conn) == {
        sha("docx early"): "authoritative",
        sha("docx"): "duplicate",
        sha("text"): "duplicate",
    }


DOCUMENTS = [
    circular("pdf", media_type=PDF),
    circular("text", media_type=TEXT),
    circular("docx", media_type=DOCX),
    circular("pdf again", media_type=PDF),  # same issue, same format and fetch time: sha decides
    circular("old issue", media_type=PDF, issued=date(2025, 7, 1), water=70.0),
]


def test_the_authoritative_choice_does_not_depend_on_load_order(tmp_path: Path) -> None:
    seen = None
    for n, order in enumerate(itertools.permutations(range(len(DOCUMENTS)), len(DOCUMENTS))):
        if n % 20:  # 6 of the 120 orders, each document coming first in at least one
            continue
        conn = warehouse.connect(tmp_path / f"order-{n}.duckdb")
        for i in order:
            load(conn, DOCUMENTS[i])
        tables = contents(conn, leave_out=("updated_at",))
        conn.close()
        if seen is None:
            seen = tables
        assert tables == seen, f"load order {order} differs"
    assert seen is not None
    authoritative = min(sha("pdf"), sha("pdf again"))
    assert [r[:3] for r in seen["circular_documents"]] == sorted(
        [
            (CIRCULAR, sha(label), "authoritative" if sha(label) == authoritative else role)
            for label, role in [
                ("pdf", "duplicate"),
                ("pdf again", "duplicate"),
                ("text", "duplicate"),
                ("docx", "duplicate"),
                ("old issue", "superseded"),
            ]
        ],
        key=repr,
    )


def test_a_reissued_circular_supersedes_the_earlier_issue(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, circular("first", issued=date(2025, 7, 8), water=85.5))
    outcome = load(
        conn, circular("corrected", media_type=TEXT, issued=date(2025, 7, 15), water=88.0)
    )
    assert outcome.role == "authoritative"  # a later issue beats a better format
    assert roles(conn) == {sha("corrected"): "authoritative", sha("first"): "superseded"}
    assert conn.execute(
        "SELECT value FROM facts_v WHERE project_no = 1 AND county IS NULL"
    ).fetchall() == [(88.0,)]
    assert conn.execute("SELECT issued FROM circulars").fetchall() == [(date(2025, 7, 15),)]


def test_other_periods_and_cities_are_other_circulars(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, circular("jun"))
    load(conn, circular("jul", months=(1, 7), issued=date(2025, 8, 6)))
    load(conn, circular("other city", city="白溪市"))
    assert sorted(r[0] for r in conn.execute("SELECT circular_id FROM circulars").fetchall()) == [
        "白溪市:2025:01-06",
        "青岭市:2025:01-06",
        "青岭市:2025:01-07",
    ]
    assert set(roles(conn).values()) == {"authoritative"}
    assert conn.execute("SELECT count(*) FROM facts_v").fetchone() == (9,)


def test_a_new_parser_version_rederives_the_document(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, circular("a", water=85.5, parser_version="1.0.0"))
    outcome = load(conn, circular("a", water=86.0, parser_version="1.1.0"), load_id="run-2")
    assert not outcome.skipped and outcome.facts_loaded == 3
    assert conn.execute("SELECT count(*) FROM facts").fetchone() == (3,)
    assert conn.execute("SELECT DISTINCT load_id FROM facts").fetchall() == [("run-2",)]
    assert conn.execute("SELECT parser_version, load_id, fetched_at FROM documents").fetchall() == [
        ("1.1.0", "run-2", FETCHED)
    ]
    assert conn.execute(
        "SELECT value FROM facts_v WHERE project_no = 1 AND county IS NULL"
    ).fetchall() == [(86.0,)]
    assert conn.execute("SELECT parser_version FROM parse_reports").fetchall() == [("1.1.0",)]


def test_a_document_reread_into_another_period_leaves_the_old_circular(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, circular("a", months=(1, 5), parser_version="1.0.0"))
    load(conn, circular("a", months=(1, 6), parser_version="1.1.0"))
    assert conn.execute("SELECT circular_id FROM circulars").fetchall() == [(CIRCULAR,)]
    assert conn.execute("SELECT DISTINCT circular_id FROM facts").fetchall() == [(CIRCULAR,)]


@pytest.mark.parametrize(
    ("city", "year", "months", "placement", "missing"),
    [
        (None, 2025, (1, 6), "place_unknown", "place"),
        ("青岭市", None, (1, 6), "period_unknown", "year"),
        ("青岭市", 2025, None, "period_unknown", "months"),
        (None, None, None, "period_unknown", "place, year, months"),
    ],
)
def test_a_circular_without_a_place_or_period_is_loaded_in_no_circular(
    conn: duckdb.DuckDBPyConnection,
    city: str | None,
    year: int | None,
    months: tuple[int, int] | None,
    placement: str,
    missing: str,
) -> None:
    result = circular("a", city=city, year=year, months=months)
    outcome = load(conn, result)
    assert (outcome.circular_id, outcome.role, outcome.skipped) == (None, placement, False)
    assert outcome.facts_loaded == len(result.facts) > 0
    row = conn.execute(
        "SELECT status, circular_id, placement, placement_note, city, year, period_end_month "
        "FROM documents"
    ).fetchall()
    end = months[1] if months else None
    assert row == [
        ("parsed", None, placement, f"the text does not state the circular's {missing}", city,
         year, end)
    ]  # fmt: skip
    # the facts are kept, with no circular, out of circulars, facts_v and the series
    facts = conn.execute("SELECT count(*), count(circular_id) FROM facts").fetchone()
    assert facts == (len(result.facts), 0)
    assert conn.execute("SELECT count(*) FROM circulars").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM facts_v").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM unplaced_facts_v").fetchone() == (len(result.facts),)
    assert conn.execute("SELECT placement FROM unplaced_v").fetchall() == [(placement,)]
    # loading the same bytes again writes nothing
    before = contents(conn)
    again = load(conn, result, load_id="run-2")
    assert (again.circular_id, again.role, again.skipped) == (None, placement, True)
    assert contents(conn) == before


def test_a_document_placed_later_moves_into_its_circular(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    unplaced = circular("a", year=None)
    load(conn, unplaced)
    placed = unplaced.model_copy(
        update={
            "meta": unplaced.meta.model_copy(update={"year": 2025}),
            "report": unplaced.report.model_copy(update={"parser_version": "next"}),
        }
    )
    outcome = load(conn, placed, load_id="run-2")
    assert (outcome.circular_id, outcome.role) == (CIRCULAR, "authoritative")
    assert conn.execute("SELECT DISTINCT circular_id, placement FROM documents").fetchall() == [
        (CIRCULAR, "placed")
    ]
    assert conn.execute("SELECT count(*) FROM unplaced_v").fetchone() == (0,)
    assert conn.execute("SELECT count(DISTINCT circular_id) FROM facts").fetchone() == (1,)


def test_unreadable_files_are_quarantined_with_their_reason(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    quarantine(
        conn,
        "scan",
        "needs_ocr",
        "no text layer: scanned pages need OCR",
        parser_version="1.0.0",
    )
    assert conn.execute(
        "SELECT filename, status, error_reason, error_message FROM quarantine_v"
    ).fetchall() == [
        ("scan.pdf", "quarantined", "needs_ocr", "no text layer: scanned pages need OCR")
    ]
    assert is_loaded(conn, sha("scan"), "1.0.0")
    assert not is_loaded(conn, sha("scan"), "1.1.0")
    assert conn.execute("SELECT count(*) FROM circulars").fetchone() == (0,)


def test_failed_documents_are_retried(conn: duckdb.DuckDBPyConnection) -> None:
    quarantine(
        conn,
        "a",
        "internal",
        "disk full",
        status="failed",
        parser_version="1.0.0",
    )
    assert not is_loaded(conn, sha("a"), "1.0.0")
    outcome = load(conn, circular("a"), load_id="run-2")
    assert outcome.role == "authoritative"
    assert conn.execute("SELECT status, error_reason FROM documents").fetchall() == [
        ("parsed", None)
    ]
    assert is_loaded(conn, sha("a"), "1.0.0")


def test_recording_the_same_quarantine_twice_changes_nothing(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    def record(load_id: str) -> None:
        quarantine(
            conn,
            "bad",
            "corrupt",
            "not a PDF",
            load_id=load_id,
        )

    record("run-1")
    before = contents(conn)
    record("run-2")
    assert contents(conn) == before


def test_quarantining_the_authoritative_document_promotes_the_next(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, circular("pdf", parser_version="1.0.0"))
    load(conn, circular("text", media_type=TEXT, parser_version="1.0.0"))
    quarantine(
        conn,
        "pdf",
        "invalid_result",
        "the parse result does not fit the warehouse",
        load_id="run-2",
        parser_version="1.1.0",
    )
    assert roles(conn) == {sha("text"): "authoritative"}
    assert conn.execute("SELECT DISTINCT sha256 FROM facts").fetchall() == [(sha("text"),)]
    assert conn.execute("SELECT authoritative_sha256 FROM circulars").fetchall() == [(sha("text"),)]


def test_a_document_that_loses_its_period_leaves_its_circular(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, circular("a", parser_version="1.0.0"))
    load(conn, circular("a", months=None, parser_version="1.1.0"), load_id="run-2")
    for table in ("circulars", "circular_documents"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    assert conn.execute("SELECT count(*), count(circular_id) FROM facts").fetchone()[1] == 0


def test_quarantining_the_only_document_removes_its_circular(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load(conn, circular("a"))
    quarantine(
        conn,
        "a",
        "invalid_result",
        "the parse result does not fit the warehouse",
        load_id="run-2",
    )
    for table in ("circulars", "circular_documents", "facts", "parse_reports"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table


def test_record_unreadable_rejects_a_parsed_status(conn: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(MinshengError):
        record_unreadable(
            conn,
            sha256=sha("a"),
            source="inbox",
            filename=None,
            media_type=None,
            reason="x",
            message="x",
            fetched_at=FETCHED,
            load_id="run-1",
            status="parsed",
        )


def test_is_loaded_follows_the_parser_version(conn: duckdb.DuckDBPyConnection) -> None:
    assert not is_loaded(conn, sha("a"), "1.0.0")
    load(conn, circular("a", parser_version="1.0.0"))
    assert is_loaded(conn, sha("a"), "1.0.0")
    assert not is_loaded(conn, sha("a"), "1.1.0")


def test_fetch_times_are_stored_in_utc(conn: duckdb.DuckDBPyConnection) -> None:
    beijing = timezone(timedelta(hours=8))
    load(conn, circular("a"), fetched_at=datetime(2025, 7, 10, 10, 0, tzinfo=beijing))
    load(conn, circular("b"), fetched_at=datetime(2025, 7, 10, 3, 0, tzinfo=UTC))
    assert dict(conn.execute("SELECT sha256, fetched_at FROM documents").fetchall()) == {
        sha("a"): datetime(2025, 7, 10, 2, 0),
        sha("b"): datetime(2025, 7, 10, 3, 0),
    }
    assert roles(conn)[sha("a")] == "authoritative"  # fetched first


def test_a_failed_load_leaves_the_warehouse_as_it_was(conn: duckdb.DuckDBPyConnection) -> None:
    load(conn, circular("a", parser_version="1.0.0"))
    before = contents(conn)
    broken = circular("a", parser_version="1.1.0")
    broken.facts[0].section = "appendix"  # type: ignore[assignment]  # violates the CHECK
    with pytest.raises(InvalidParseResult, match="does not fit the warehouse") as raised:
        load(conn, broken)
    assert raised.value.reason == "invalid_result"
    assert contents(conn) == before


def test_rederiving_keeps_where_and_when_the_document_was_first_found(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    load_parse_result(
        conn,
        circular("a", parser_version="1.0.0"),
        source="inbox",
        filename="first.pdf",
        fetched_at=FETCHED,
        load_id="run-1",
    )
    load_parse_result(
        conn,
        circular("a", parser_version="1.1.0"),
        source="https://example.org/list",
        filename="again.pdf",
        fetched_at=FETCHED + timedelta(days=30),
        load_id="run-2",
        archive_path="archive/a.pdf",
    )
    assert conn.execute(
        "SELECT source, filename, fetched_at, archive_path, parser_version, load_id FROM documents"
    ).fetchall() == [("inbox", "first.pdf", FETCHED, "archive/a.pdf", "1.1.0", "run-2")]
