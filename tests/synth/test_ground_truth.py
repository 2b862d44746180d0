"""The ground truth agrees with the circulars it describes, and the year's drops follow the rule."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import synth
from synth.document import Para, Table
from synth.geography import CITIES
from synth.model import YearCorpus
from tests.synth.extraction import percent_values

CORPUS_GOLDEN = (
    Path(__file__).resolve().parents[1].parent.parent / "shared" / "corpus"
    / "shaoyang-2024-09.golden.json"
)  # fmt: skip


def _drops_by_definition(corpus: YearCorpus) -> list[tuple[Any, ...]]:
    """Drops recomputed here from the facts alone, with the first name of the year per project."""
    first_name: dict[tuple[str, int], str] = {}
    series: dict[tuple[Any, ...], list[tuple[int, float]]] = {}
    for c in sorted(corpus.circulars, key=lambda c: c.month):
        seen = set()
        for f in c.golden["facts"]:
            if f["section"] == "body":
                continue
            name = first_name.setdefault(
                (f["level"], f["project_no"]), "".join(f["project"].split())
            )
            if f["level"] == "city":
                name = "".join(f["project"].split())
            key = (f["level"], f["project_no"], name, f["indicator"], f["county"])
            if key not in seen:
                seen.add(key)
                series.setdefault(key, []).append((c.month, f["value"]))
    out = []
    for key, points in series.items():
        for (m0, v0), (m1, v1) in pairwise(points):
            if v1 < v0 - 0.01:
                out.append((*key, m0, m1, v0, v1))
    return sorted(out, key=lambda d: (d[6], d[0], d[1]))


def _as_tuple(d: dict[str, Any]) -> tuple[Any, ...]:
    m0 = int(d["from_period"][-2:])
    m1 = int(d["to_period"][-2:])
    return (d["level"], d["project_no"], d["project"], d["indicator"], d["county"], m0, m1,
            d["from_value"], d["to_value"])  # fmt: skip


def _check_year(corpus: YearCorpus) -> None:
    assert sorted(map(_as_tuple, corpus.expected_drops), key=lambda d: (d[6], d[0], d[1])) == (
        _drops_by_definition(corpus)
    )
    planted = [e for e in corpus.events if e["kind"] == "drop"]
    drops = {(d["project_no"], d["indicator"], d["county"], d["to_period"])
             for d in corpus.expected_drops}  # fmt: skip
    for e in planted:
        assert (e["project_no"], e["indicator"], e["county"], e["period"]) in drops
    assert len(corpus.expected_drops) == len(planted)
    counties = {c.name for c in CITIES[corpus.city].counties} | {"市本级"}
    for c in corpus.circulars:
        _check_circular(c.golden, c.document.blocks, counties)


def _check_circular(golden: dict[str, Any], blocks: list[Any], counties: set[str]) -> None:
    facts = golden["facts"]
    assert {f["county"] for f in facts} - {None} <= counties
    body = "\n".join(b.text for b in blocks if isinstance(b, Para))
    tables = [b for b in blocks if isinstance(b, Table)]
    by_name: dict[str, str] = {}
    # 序号/实事名称/项目名称/进展情况, or 序号/项目名称/进展情况 under category heading rows
    name_col = 1 if any(r.spans_all for r in tables[0].rows) else 2
    progress_col = name_col + 1
    for r in tables[0].rows:
        if not r.spans_all:
            by_name["".join(r.cells[name_col].text.split())] = r.cells[progress_col].text
    for f in facts:
        if f["section"] == "body":
            assert f["value"] in percent_values(body), f
        elif f["section"] == "attachment1":
            cell = next(text for name, text in by_name.items() if name.endswith(
                "".join(f["project"].split())))  # fmt: skip
            assert f["value"] in percent_values(cell), f
        else:
            row = next(r for r in tables[1].rows if "".join(r.cells[1].text.split()) == "".join(
                f["project"].split()))  # fmt: skip
            progress = 3 if tables[1].header[2] == "年度目标" else 2
            assert f["value"] in percent_values(row.cells[progress].text), f
    # every percentage printed is either a fact or a declared non-fact
    printed = percent_values(body) | {
        v for t in tables for r in t.rows for c in r.cells for v in percent_values(c.text)
    }
    declared = {f["value"] for f in facts} | {
        round(float(n["text_value"]), 2) for n in golden["not_facts"]
    }
    assert printed <= declared, printed - declared


def test_year_ground_truth_is_consistent(year: YearCorpus) -> None:
    _check_year(year)
    assert 1 <= len(year.expected_drops) <= 3


def test_drops_use_the_first_name_of_a_renamed_project(year: YearCorpus) -> None:
    rename = next(e for e in year.events if e["kind"] == "rename")
    names = {
        f["project"]
        for c in year.circulars
        for f in c.golden["facts"]
        if f["level"] == "province" and f["project_no"] == rename["project_no"]
    }
    assert {rename["from"], rename["to"]} <= {"".join(n.split()) for n in names}
    for d in year.expected_drops:
        if d["project_no"] == rename["project_no"] and d["level"] == "province":
            assert d["project"] == rename["from"]


def test_absent_month_has_no_figure_and_no_drop_follows(year: YearCorpus) -> None:
    absent = next(e for e in year.events if e["kind"] == "absent")
    month = int(absent["period"][-2:])
    golden = year.circular(month).golden
    assert not [f for f in golden["facts"] if f["level"] == "province"
                and f["project_no"] == absent["project_no"] and f["county"] is None]  # fmt: skip
    assert [n["project_no"] for n in golden["no_figure"]] == [absent["project_no"]]


def test_completion_without_figure_is_no_drop(year: YearCorpus) -> None:
    completed = [e for e in year.events if e["kind"] == "completed"]
    assert completed
    for e in completed:
        golden = year.circular(int(e["period"][-2:])).golden
        assert not [f for f in golden["facts"] if f["level"] == "province"
                    and f["project_no"] == e["project_no"] and f["county"] is None]  # fmt: skip
        assert not [d for d in year.expected_drops if d["project_no"] == e["project_no"]
                    and d["level"] == "province" and d["to_period"] >= e["period"]]  # fmt: skip


def test_golden_has_the_fields_of_the_reference_ground_truth(year: YearCorpus) -> None:
    golden = year.circulars[0].golden
    if CORPUS_GOLDEN.exists():
        reference = json.loads(CORPUS_GOLDEN.read_text(encoding="utf-8"))
        assert set(reference) <= set(golden)
        assert set(reference["meta"]) <= set(golden["meta"])
        assert set(reference["facts"][0]) == set(golden["facts"][0])
    assert golden["meta"]["period_end_month"] == year.circulars[0].month


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    city=st.sampled_from(sorted(CITIES)),
    seed=st.integers(min_value=0, max_value=10_000),
    months=st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=12, unique=True),
)
def test_any_year_is_consistent(city: str, seed: int, months: list[int]) -> None:
    corpus = synth.generate_year(city, 2025, seed=seed, months=months)
    assert [c.month for c in corpus.circulars] == sorted(months)
    _check_year(corpus)
    assert len(corpus.expected_drops) <= 3


@settings(max_examples=25, deadline=None)
@given(city=st.sampled_from(sorted(CITIES)), seed=st.integers(min_value=0, max_value=10_000))
def test_a_full_year_has_one_to_three_drops(city: str, seed: int) -> None:
    corpus = synth.generate_year(city, 2025, seed=seed)
    assert 1 <= len(corpus.expected_drops) <= 3
