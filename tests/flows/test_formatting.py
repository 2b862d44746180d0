"""Query output: aligned tables with CJK widths, CSV, JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from flows.cli.formatting import display_width, render


def test_table_aligns_wide_characters_and_numbers_to_the_right() -> None:
    out = render(["项目", "value"], [("幼儿园", 91.5), ("ab", None)], "table").splitlines()
    assert out[0] == "项目     value"
    assert set(out[1]) == {"─"}
    assert out[2] == "幼儿园    91.5"
    assert out[3] == "ab"
    assert out[-1] == "(2 rows)"
    assert all(display_width(line) <= display_width(out[1]) for line in out[:-1])


def test_numbers_are_printed_exactly() -> None:
    out = render(["n", "big"], [(1, 1234567.89), (2, 0.1)], "table")
    assert "1234567.89" in out and "1.23457e+06" not in out
    assert out.splitlines()[3].endswith("       0.1")


def test_a_cut_result_says_so() -> None:
    out = render(["n"], [(1,), (2,)], "table", more=True)
    assert out.splitlines()[-1] == "(first 2 rows shown; the result has more: raise --max-rows)"


def test_json_and_csv() -> None:
    rows = [("邵东市", date(2024, 9, 30), 1.5)]
    assert json.loads(render(["county", "d", "v"], rows, "json")) == [
        {"county": "邵东市", "d": "2024-09-30", "v": 1.5}
    ]
    assert render(["county", "v"], [("a,b", None)], "csv") == 'county,v\r\n"a,b",'


@given(st.lists(st.tuples(st.text(max_size=8), st.integers()), max_size=5))
def test_csv_round_trips(rows: list[tuple[str, int]]) -> None:
    text = render(["name", "n"], rows, "csv")
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["name", "n"]
    assert [tuple(r) for r in parsed[1:]] == [(s, str(n)) for s, n in rows]


@given(st.text(alphabet="a民生1", max_size=10))
def test_width_counts_cjk_twice(text: str) -> None:
    assert display_width(text) == len(text) + text.count("民") + text.count("生")


def test_sql_says_when_max_rows_cut_the_result(tmp_path, capsys) -> None:
    import duckdb

    from flows.cli import main

    path = tmp_path / "numbers.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("CREATE TABLE t AS SELECT range AS n, 1234567.89::DOUBLE AS v FROM range(5)")
    assert main(["sql", "--db", str(path), "--max-rows", "2", "SELECT * FROM t ORDER BY n"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2].split() == ["0", "1234567.89"]
    assert out[-1] == "(first 2 rows shown; the result has more: raise --max-rows)"
    assert main(["sql", "--db", str(path), "--max-rows", "5", "SELECT n FROM t"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "(5 rows)"
    args = ["sql", "--db", str(path), "--max-rows", "1", "--format", "csv", "SELECT n FROM t"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["n", "0"]
    assert captured.err == "minsheng: first 1 rows printed; the result has more\n"
