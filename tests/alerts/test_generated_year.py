"""End to end on a generated year: write it, `minsheng ingest`, `minsheng alerts --json`; the drop
alerts must be exactly the drops the generator planted (expected_drops.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import main

synth_corpus = pytest.importorskip("synth.corpus")

FIELDS = (
    "level",
    "project_no",
    "project",
    "indicator",
    "county",
    "from_period",
    "to_period",
    "from_value",
    "to_value",
)


def drops(records: list[dict]) -> list[dict]:
    out = [{k: r[k] for k in FIELDS} for r in records if r.get("kind", "drop") == "drop"]
    return sorted(out, key=lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True))


def test_the_drop_alerts_of_a_generated_year_are_the_planted_drops(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = synth_corpus.generate_year("衡阳市", 2025, seed=1)
    folder = tmp_path / "circulars"
    synth_corpus.write_year(corpus, folder)  # mixed formats, one month twice (PDF and text)
    expected = json.loads((folder / "expected_drops.json").read_text("utf-8"))
    assert expected, "the generator planted no drop"
    db = tmp_path / "minsheng.duckdb"

    assert main(["ingest", str(folder), "--db", str(db), "--quiet", "--workers", "2"]) == 0
    capsys.readouterr()
    assert main(["alerts", "--db", str(db), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)

    assert drops(listed) == drops(expected)
    for alert in listed:
        assert set(alert) >= {"id", "kind", "state", "to_period", "source_text", "first_seen"}
        assert alert["kind"] in ("drop", "behind_schedule")

    # asking again changes nothing
    assert main(["alerts", "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == listed
