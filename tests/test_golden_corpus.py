"""The real circular in ../shared/corpus against its hand-checked ground truth, as text and PDF.

Facts must match on (level, project_no, county, value, section) with precision and recall
exactly 1.0; every matched fact must also agree on indicator, metric, status, category and
project name. A failure prints a table of what is missing, extra or different.
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

import parsers
from schemas.circular import ParseResult
from tests.corpus_circular import parsed

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
STEM = "shaoyang-2024-09"
GOLDEN = CORPUS / f"{STEM}.golden.json"

pytestmark = pytest.mark.skipif(not GOLDEN.exists(), reason="the shared corpus is not here")

FORMATS = [
    pytest.param("txt", id="txt"),
    pytest.param(
        "pdf",
        id="pdf",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("parsers.readers") is None, reason="no PDF reader yet"
        ),
    ),
]


def _key(f: dict) -> tuple:
    return (f["level"], f["project_no"], f["county"], float(f["value"]), f["section"])


def _compact(text: str | None) -> str | None:
    return None if text is None else "".join(text.split())


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


_RESULTS: dict[str, ParseResult] = {}


def _parse(fmt: str) -> ParseResult:
    if fmt not in _RESULTS:
        path = CORPUS / f"{STEM}.{fmt}"
        if fmt == "txt" and importlib.util.find_spec("parsers.readers") is None:
            _RESULTS[fmt] = parsers.parse_text(path.read_text(encoding="utf-8"))
        else:
            _RESULTS[fmt] = parsed(fmt)
    return _RESULTS[fmt]


def _diff_table(missing: list, extra: list, different: list) -> str:
    lines = ["", f"{'':8} level     no county       value    section      detail"]
    for tag, rows in (("MISSING", missing), ("EXTRA", extra)):
        for f in rows:
            lines.append(
                f"{tag:8} {f['level']:<9} {f['project_no']:>2} {f['county'] or '-':<12} "
                f"{f['value']:>7} {f['section']:<12} {f['project']} | metric={f['metric']} "
                f"indicator={f['indicator']} | {(f.get('source') or {}).get('text', '')[:60]}"
            )
    for key, field, ours, theirs in different:
        lines.append(f"DIFF     {key} {field}: parsed {ours!r} != golden {theirs!r}")
    return "\n".join(lines)


@pytest.mark.parametrize("fmt", FORMATS)
def test_facts_match_the_golden_file(fmt: str, golden: dict) -> None:
    result = _parse(fmt)
    ours = [f.model_dump() for f in result.facts]
    gold = golden["facts"]
    ours_keys, gold_keys = Counter(map(_key, ours)), Counter(map(_key, gold))
    missing = [f for f in gold if (gold_keys - ours_keys)[_key(f)]]
    extra = [f for f in ours if (ours_keys - gold_keys)[_key(f)]]
    by_key = {_key(f): f for f in ours}
    different = []
    for g in gold:
        o = by_key.get(_key(g))
        if o is None:
            continue
        for field in ("indicator", "metric", "status", "category_no", "category"):
            if o[field] != g[field]:
                different.append((_key(g), field, o[field], g[field]))
        if _compact(o["project"]) != _compact(g["project"]):
            different.append((_key(g), "project", o["project"], g["project"]))
    matched = sum((ours_keys & gold_keys).values())
    precision = matched / max(1, len(ours))
    recall = matched / max(1, len(gold))
    report = _diff_table(missing, extra, different)
    assert (precision, recall) == (1.0, 1.0), f"P={precision:.3f} R={recall:.3f}{report}"
    assert not different, report


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_fact_points_at_its_figure(fmt: str) -> None:
    result = _parse(fmt)
    assert result.facts
    for fact in result.facts:
        src = fact.source
        figure = src.text[src.start : src.end]
        assert figure.endswith("%"), (figure, src)
        assert float(figure[:-1]) == fact.value, (figure, fact)
        if fmt == "pdf":
            assert src.page is not None and 1 <= src.page <= (result.document.pages or 0)
        else:
            assert src.page is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_meta_matches(fmt: str, golden: dict) -> None:
    meta = _parse(fmt).meta.model_dump(mode="json")
    for field, value in golden["meta"].items():
        assert meta[field] == value, field
    assert meta["title"] and meta["title"].startswith("关于") and meta["title"].endswith("通报")


@pytest.mark.parametrize("fmt", FORMATS)
def test_county_scores_all_twelve(fmt: str, golden: dict) -> None:
    ours = {(s.county, s.metric, s.value, s.unit) for s in _parse(fmt).county_scores}
    gold = {(s["county"], s["metric"], s["value"], s["unit"]) for s in golden["county_scores"]}
    assert ours == gold


@pytest.mark.parametrize("fmt", FORMATS)
def test_project_catalogue(fmt: str, golden: dict) -> None:
    projects = _parse(fmt).projects
    states = {(p.level, p.project_no, _compact(p.project)): p.state for p in projects}
    for item in golden["completed_without_percent"]:
        assert states[(item["level"], item["project_no"], _compact(item["project"]))] == "completed"
    for item in golden["no_data"]:
        key = (item["level"], item["project_no"], _compact(item["project"]))
        assert states[key] == "tracked_elsewhere"
    reported = {(f["level"], f["project_no"]) for f in golden["facts"]}
    assert {(p.level, p.project_no) for p in projects if p.state == "reported"} == reported
    assert sum(1 for p in projects if p.level == "province") == 24


@pytest.mark.parametrize("fmt", FORMATS)
def test_not_facts_are_reported_with_a_reason(fmt: str, golden: dict) -> None:
    result = _parse(fmt)
    values = {float(f.value) for f in result.facts if f.section == "body"}
    reasons = " ".join(m.reason for m in result.report.percent_lines_without_facts)
    for item in golden["not_facts"]:
        if item["section"] == "body":
            assert float(item["text_value"]) not in values or item["text_value"] in (60, 100)
    for word in ("rule", "multi-year", "public comments"):
        assert word in reasons
    if fmt == "txt":
        assert any("goes backwards" in w for w in result.report.warnings)
    assert result.report.parser_version == parsers.PARSER_VERSION
    assert result.report.lines_read > 70
    assert 0 < result.report.lines_with_facts <= result.report.lines_read


def _mention_recall(result: ParseResult, golden: dict) -> tuple[float, list[dict]]:
    ours = [m.model_dump() for m in result.county_mentions]
    missed = []
    for g in golden["county_mentions"]:
        found = any(
            o["county"] == g["county"]
            and o["section"] == g["section"]
            and (g["status"] in o["status"] or o["status"] in g["status"])
            for o in ours
        )
        if not found:
            missed.append(g)
    total = len(golden["county_mentions"])
    return (total - len(missed)) / total, missed


@pytest.mark.parametrize("fmt", FORMATS)
def test_county_mentions_recall(fmt: str, golden: dict) -> None:
    recall, missed = _mention_recall(_parse(fmt), golden)
    print(f"county mention recall ({fmt}): {recall:.3f}")
    assert recall >= 0.97, "\n".join(json.dumps(m, ensure_ascii=False) for m in missed)
