"""Whatever order documents arrive in, the warehouse ends up the same."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import warehouse
from schemas.circular import ParseResult
from tests.warehouse.conftest import FETCHED, contents, load
from tests.warehouse.sample_circulars import DOCX, PDF, TEXT, circular

# (label, months, issued, media type, hours after FETCHED it was fetched)
POOL: list[tuple[str, tuple[int, int], date, str, int]] = [
    ("may pdf", (1, 5), date(2025, 6, 6), PDF, 0),
    ("may text", (1, 5), date(2025, 6, 6), TEXT, 0),
    ("may fix", (1, 5), date(2025, 6, 12), DOCX, 5),
    ("jun pdf", (1, 6), date(2025, 7, 8), PDF, 3),
    ("jun pdf copy", (1, 6), date(2025, 7, 8), PDF, 1),
    ("jun text", (1, 6), date(2025, 7, 8), TEXT, 0),
    ("h1", (1, 6), date(2025, 7, 9), TEXT, 2),
]


def result(index: int) -> tuple[ParseResult, int]:
    label, months, issued, media, hours = POOL[index]
    water = 50.0 + index  # each document says something slightly different
    return circular(label, months=months, issued=issued, media_type=media, water=water), hours


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    chosen=st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=len(POOL), unique=True),
    data=st.data(),
)
def test_final_tables_depend_on_the_documents_not_the_order(
    tmp_path: Path, chosen: list[int], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(chosen))
    reparse = data.draw(st.sampled_from(chosen))  # loaded with an older parser first
    results = []
    for name, order in (("sorted", sorted(chosen)), ("shuffled", shuffled)):
        path = tmp_path / f"{name}-{'-'.join(map(str, shuffled))}.duckdb"
        path.unlink(missing_ok=True)
        conn = warehouse.connect(path)
        for index in order:
            parsed, hours = result(index)
            fetched = FETCHED + timedelta(hours=hours)
            if name == "shuffled" and index == reparse:
                older = parsed.model_copy(deep=True)
                older.report.parser_version = "0.9.0"
                older.facts = older.facts[:1]
                load(conn, older, fetched_at=fetched)
            load(conn, parsed, fetched_at=fetched)
            load(conn, parsed, fetched_at=fetched + timedelta(days=1))  # a no-op
        results.append(contents(conn, leave_out=("updated_at",)))
        conn.close()
    assert results[0] == results[1]
    circulars = {POOL[i][1] for i in chosen}
    assert len(results[0]["circulars"]) == len(circulars)
    roles = [row[2] for row in results[0]["circular_documents"]]
    assert roles.count("authoritative") == len(circulars)
