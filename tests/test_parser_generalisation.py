"""The parser reads the genre: precision, recall and F1 of facts on generated circulars of other
cities, months and formats than any it was written against.

A fact matches on (level, project number, county, value), whatever the indicator is called; facts
are counted as a multiset, so a body figure repeating an attachment figure counts twice.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import parsers
import synth
from tests.fact_score import Score, fact_key

# (city, seed, months): four provinces' worth of counties, every month of the year once or twice
YEARS = (
    ("衡阳市", 11, [3, 7, 11]),
    ("赣州市", 12, [4, 8, 12]),
    ("怀化市", 13, [2, 6, 10]),
    ("宜宾市", 14, [1, 5, 9]),
)
FORMATS = ("pdf", "docx", "txt:utf-8", "txt:gb18030", "txt:utf-8-bom", "txt:utf-8-crlf")
MIN_F1 = 0.95
META_FIELDS = ("city", "year", "period_start_month", "period_end_month", "issued", "issuer")


@pytest.fixture(scope="session")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("generalisation")
    by_format = {fmt: Score() for fmt in FORMATS}
    misses: list[str] = []
    meta_right: Counter[str] = Counter()
    meta_misses: list[str] = []
    documents = 0
    for city, seed, months in YEARS:
        corpus = synth.generate_year(city, 2025, seed=seed, months=months)
        for circular in corpus.circulars:
            expected = Counter(
                fact_key(f["level"], f["project_no"], f["county"], f["value"])
                for f in circular.golden["facts"]
            )
            for fmt in FORMATS:
                suffix, data = synth.render(circular, fmt)
                path: Path = out / f"{circular.stem}-{fmt.replace(':', '-')}{suffix}"
                path.write_bytes(data)
                result = parsers.parse_path(path)
                found = Counter(
                    fact_key(f.level, f.project_no, f.county, f.value) for f in result.facts
                )
                by_format[fmt].add(found, expected)
                documents += 1
                truth = circular.golden["meta"]
                read = result.meta.model_dump(mode="json")
                meta_right.update(k for k in META_FIELDS if read[k] == truth[k])
                meta_misses += [
                    f"{path.name}: {k} read {read[k]!r}, is {truth[k]!r}"
                    for k in META_FIELDS
                    if read[k] != truth[k]
                ]
                if found != expected:
                    misses.append(
                        f"{path.name}: missing {list((expected - found).elements())[:5]} "
                        f"extra {list((found - expected).elements())[:5]}"
                    )
    overall = Score()
    for s in by_format.values():
        overall.matched += s.matched
        overall.found += s.found
        overall.expected += s.expected
    meta = {k: meta_right[k] / documents for k in META_FIELDS}
    return {
        "by_format": by_format,
        "overall": overall,
        "misses": misses,
        "meta": meta,
        "meta_misses": meta_misses,
    }


def _summary(scores: dict[str, Any]) -> str:
    lines = [f"{fmt:>15}: {s.summary()}" for fmt, s in scores["by_format"].items()]
    lines.append(f"{'overall':>15}: {scores['overall'].summary()}")
    return "\n".join(lines + scores["misses"][:20])


def test_parser_f1_on_generated_circulars(
    scores: dict[str, Any], record_property: pytest.RecordProperty
) -> None:
    summary = _summary(scores)
    print("\n" + summary)
    for fmt, s in scores["by_format"].items():
        record_property(f"f1_{fmt}", round(s.f1, 4))
    assert scores["overall"].f1 >= MIN_F1, summary


@pytest.mark.parametrize("fmt", FORMATS)
def test_parser_f1_per_format(scores: dict[str, Any], fmt: str) -> None:
    s = scores["by_format"][fmt]
    assert s.expected > 0
    assert s.f1 >= MIN_F1, f"{fmt}: {s.summary()}\n" + "\n".join(
        m for m in scores["misses"] if fmt.replace(":", "-") in m
    )


def test_parser_reads_the_meta_of_generated_circulars(scores: dict[str, Any]) -> None:
    print("\n" + ", ".join(f"{k}: {v:.3f}" for k, v in scores["meta"].items()))
    assert all(share >= MIN_F1 for share in scores["meta"].values()), "\n".join(
        [str(scores["meta"]), *scores["meta_misses"][:12]]
    )
