"""The golden circular's own arithmetic: one figure in it does not add up (917 of 3200 households
printed as 29.34 %); every other done / target pair agrees with its percentage."""

from __future__ import annotations

import json
from pathlib import Path

from flows.cli import main
from tests.audit.conftest import needs_corpus

pytestmark = needs_corpus


def test_only_the_917_of_3200_row_is_flagged(golden_db: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["audit", "--db", str(golden_db), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["level"], f["project_no"]) for f in found] == [("ratio", "city", 7)]
    (flag,) = found
    assert (flag["stated"], flag["computed"]) == (29.34, 28.66)
    assert "917" in flag["quote"] and "29.34%" in flag["quote"]
    assert "3200" in flag["other_quote"]  # the target stands in the row's name


def test_audit_prints_both_sources(golden_db: Path, capsys) -> None:
    capsys.readouterr()
    assert main(["audit", "--db", str(golden_db)]) == 0
    out = capsys.readouterr().out
    assert "917户 / 3200户 = 28.66%, printed 29.34%" in out
    assert out.rstrip().endswith("1 inconsistency")


def test_the_agreeing_pairs_are_read(golden_db: Path) -> None:
    """The check has something to agree with: the other rows' done and target figures."""
    import duckdb

    with duckdb.connect(str(golden_db), read_only=True) as conn:
        targets = conn.execute("SELECT count(*) FROM quantities_v WHERE kind = 'target'").fetchone()
    assert targets is not None and targets[0] >= 8


def test_audit_of_a_missing_database_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["audit", "--db", str(tmp_path / "none.duckdb")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("minsheng: no warehouse at") and len(err.strip().splitlines()) == 1
