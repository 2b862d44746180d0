"""Generated years with one inconsistency of every rule planted give exactly those flags; the
same years unplanted give none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import synth
from flows.cli import main
from synth.inconsistencies import RULES

MONTHS = [4, 5, 6, 7, 8, 9]


def _audit(tmp_path: Path, city: str, seed: int, *, plant: bool, capsys) -> tuple[list, list]:
    corpus = synth.generate_year(city, 2025, seed=seed, months=MONTHS)
    planted = synth.plant_inconsistencies(corpus) if plant else []
    inbox, truth = tmp_path / "inbox", tmp_path / "truth"
    synth.write_year(
        corpus, inbox, formats="txt:utf-8", duplicates=False, truth_dir=truth,
        inconsistencies=planted,
    )  # fmt: skip
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(inbox), "--db", str(db), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["audit", "--db", str(db), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    written = json.loads((truth / "expected_inconsistencies.json").read_text(encoding="utf-8"))
    assert written == planted
    return planted, found


def _keys(flags: list[dict]) -> list[tuple]:
    return sorted((f["rule"], f["period_end_month"], f["level"], f["project_no"]) for f in flags)


@pytest.mark.parametrize(("city", "seed"), [("衡阳市", 7), ("怀化市", 4)])
def test_exactly_the_planted_inconsistencies_are_found(
    tmp_path: Path, city: str, seed: int, capsys
) -> None:
    planted, found = _audit(tmp_path, city, seed, plant=True, capsys=capsys)
    assert sorted({f["rule"] for f in planted}) == sorted(RULES)
    assert _keys(found) == _keys(planted)
    for flag in found:  # each flag quotes where it stands
        assert flag["quote"] and flag["line"] and flag["filename"].endswith(".txt")


def test_a_clean_year_gives_no_flag(tmp_path: Path, capsys) -> None:
    planted, found = _audit(tmp_path, "宜宾市", 2, plant=False, capsys=capsys)
    assert planted == [] and found == []


def test_planting_needs_enough_months() -> None:
    corpus = synth.generate_year("衡阳市", 2025, seed=7, months=[5, 6, 7])
    with pytest.raises(ValueError, match="four months"):
        synth.plant_inconsistencies(corpus)
