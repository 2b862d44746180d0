"""Query output: aligned tables with CJK widths, CSV, JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from flows.cli.formatting import display_width, render


def test_table_aligns_wide_characters() -> None:
    out = render(["项目", "value"], [("幼儿园", 91.5), ("ab", None)], "table").splitlines()
    assert out[0] == "项目    value"
    assert out[2] == "幼儿园  91.5"
    assert out[3] == "ab"
    assert out[-1] == "(2 rows)"


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
