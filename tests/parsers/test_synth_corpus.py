"""The parser against generated circulars with ground truth (``synth``): other cities, months,
layouts and wordings than the real circular. Facts are matched on (level, project_no, county,
value, section); the target is F1 ≥ 0.95 per format, meta exactly."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

import parsers

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("synth") is None
    or importlib.util.find_spec("parsers.readers") is None,
    reason="needs the synth generator and the readers",
)

MIN_F1 = 0.95


def _key(f: dict) -> tuple:
    return (f["level"], f["project_no"], f["county"], float(f["value"]), f["section"])


@pytest.mark.parametrize("fmt", ["txt:utf-8", "txt:gb18030", "txt:utf-8-crlf", "pdf", "docx"])
def test_generated_year_scores_well(fmt: str) -> None:
    from synth import CITIES, generate_year, render

    cities = list(CITIES)
    # one city per format, so that the formats together cover several cities
    city = cities[
        ["txt:utf-8", "txt:gb18030", "txt:utf-8-crlf", "pdf", "docx"].index(fmt) % len(cities)
    ]
    corpus = generate_year(city, 2024, seed=11, months=[3, 6, 9, 12])
    matched = ours_total = gold_total = 0
    misses: list[str] = []
    for circular in corpus.circulars:
        suffix, data = render(circular, fmt)
        result = parsers.parse_bytes(data, circular.stem + suffix)
        ours = Counter(_key(f.model_dump()) for f in result.facts)
        gold = Counter(_key(f) for f in circular.golden["facts"])
        matched += sum((ours & gold).values())
        ours_total += sum(ours.values())
        gold_total += sum(gold.values())
        misses += [f"{circular.stem} extra {k}" for k in ours - gold]
        misses += [f"{circular.stem} missing {k}" for k in gold - ours]
        meta = result.meta.model_dump(mode="json")
        for field in ("city", "year", "period_start_month", "period_end_month", "issued"):
            assert meta[field] == circular.golden["meta"][field], (circular.stem, field)
    precision = matched / max(1, ours_total)
    recall = matched / max(1, gold_total)
    f1 = 2 * precision * recall / max(1e-9, precision + recall)
    print(f"{fmt} {city}: P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    assert gold_total > 50
    assert f1 >= MIN_F1, "\n".join(misses[:30])
