from __future__ import annotations

import random
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.circular import CircularMeta
from warehouse.authority import Candidate, choose_roles, circular_id, circular_id_for

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"
T0 = datetime(2025, 7, 10, 2, 0)
T1 = datetime(2025, 7, 11, 2, 0)
JUL8 = date(2025, 7, 8)
JUL15 = date(2025, 7, 15)


def cand(sha: str, media: str | None = PDF, issued: date | None = JUL8, at: datetime = T0):
    return Candidate(sha, media, issued, at)


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        ([cand("a")], [("a", "authoritative", "only document of this circular")]),
        (
            [cand("t", TEXT), cand("p", PDF)],
            [
                ("p", "authoritative", "preferred: PDF preferred over text"),
                ("t", "duplicate", "same circular as p; PDF preferred over text"),
            ],
        ),
        (
            [cand("t", TEXT), cand("w", DOCX)],
            [
                ("w", "authoritative", "preferred: Word preferred over text"),
                ("t", "duplicate", "same circular as w; Word preferred over text"),
            ],
        ),
        (
            [cand("old", PDF, JUL8), cand("new", TEXT, JUL15)],
            [
                ("new", "authoritative", "preferred: latest issue (2025-07-15)"),
                (
                    "old",
                    "superseded",
                    "issued 2025-07-08, superseded by the issue of 2025-07-15 (new)",
                ),
            ],
        ),
        (
            [cand("late", at=T1), cand("early", at=T0)],
            [
                ("early", "authoritative", "preferred: fetched first"),
                ("late", "duplicate", "same circular as early; fetched later"),
            ],
        ),
        (
            [cand("b"), cand("a")],
            [
                ("a", "authoritative", "preferred: lowest sha256 among identical copies"),
                ("b", "duplicate", "same circular as a; higher sha256"),
            ],
        ),
        (
            [cand("undated", PDF, None), cand("dated", TEXT, JUL8)],
            [
                ("dated", "authoritative", "preferred: latest issue (2025-07-08)"),
                ("undated", "duplicate", "same circular as dated; its issue date is unknown"),
            ],
        ),
        (
            [cand("odd", "text/html"), cand("t", TEXT)],
            [
                ("t", "authoritative", "preferred: text preferred over text/html"),
                ("odd", "duplicate", "same circular as t; text preferred over text/html"),
            ],
        ),
    ],
)
def test_choose_roles(candidates: list[Candidate], expected: list[tuple[str, str, str]]) -> None:
    assert [(a.sha256, a.role, a.reason) for a in choose_roles(candidates)] == expected


candidates = st.lists(
    st.builds(
        Candidate,
        sha256=st.text("0123456789abcdef", min_size=4, max_size=4),
        media_type=st.sampled_from([PDF, DOCX, TEXT, "text/html", None]),
        issued=st.none() | st.dates(date(2025, 7, 1), date(2025, 7, 4)),
        fetched_at=st.sampled_from([T0, T1]),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda c: c.sha256,
)


@given(candidates, st.randoms(use_true_random=False))
def test_roles_do_not_depend_on_the_order_documents_come_in(
    docs: list[Candidate], rnd: random.Random
) -> None:
    shuffled = list(docs)
    rnd.shuffle(shuffled)
    assert choose_roles(shuffled) == choose_roles(docs)


@given(candidates)
def test_exactly_one_authoritative_and_nothing_newer_is_superseded(docs: list[Candidate]) -> None:
    roles = choose_roles(docs)
    assert sorted(a.sha256 for a in roles) == sorted(c.sha256 for c in docs)
    assert [a.role for a in roles].count("authoritative") == 1
    top = next(c for c in docs if c.sha256 == roles[0].sha256)
    for assignment in roles[1:]:
        doc = next(c for c in docs if c.sha256 == assignment.sha256)
        if top.issued is not None and doc.issued is not None:
            assert doc.issued <= top.issued
            assert (assignment.role == "superseded") == (doc.issued < top.issued)
        assert top.sort_key() < doc.sort_key()


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            CircularMeta(city="青岭市", year=2025, period_start_month=1, period_end_month=9),
            "青岭市:2025:01-09",
        ),
        (
            CircularMeta(city="青岭市", year=2025, period_start_month=10, period_end_month=12),
            "青岭市:2025:10-12",
        ),
        (CircularMeta(city="青岭市", year=2025, period_end_month=9), None),
        (CircularMeta(year=2025, period_start_month=1, period_end_month=9), None),
        (CircularMeta(city="", year=2025, period_start_month=1, period_end_month=9), None),
    ],
)
def test_circular_id(meta: CircularMeta, expected: str | None) -> None:
    assert circular_id_for(meta) == expected


def test_circular_ids_sort_by_city_year_and_period() -> None:
    ids = [circular_id("青岭市", 2025, 1, m) for m in (3, 10, 6)]
    assert sorted(ids) == [circular_id("青岭市", 2025, 1, m) for m in (3, 6, 10)]
