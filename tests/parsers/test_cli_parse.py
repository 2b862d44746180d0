"""``minsheng parse`` as a user runs it: a summary, one JSON object, one line on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "mianyang-2024-06.txt"


def test_json_is_one_object_with_every_part(capsys: pytest.CaptureFixture) -> None:
    assert main(["parse", str(FIXTURE), "--json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)  # exactly one JSON document: loads fails on anything more
    assert list(data) == [
        "document",
        "meta",
        "facts",
        "county_mentions",
        "county_scores",
        "projects",
        "quantities",
        "report",
    ]
    assert set(data["document"]) == {"sha256", "media_type", "pages"}
    assert data["document"]["media_type"] == "text/plain"
    assert data["meta"] == {
        "city": "绵阳市",
        "place": "绵阳市",
        "place_level": "city",
        "year": 2024,
        "period_start_month": 1,
        "period_end_month": 6,
        "issued": "2024-07-08",
        "issuer": "绵阳市重点民生实事工作领导小组办公室",
        "title": "关于2024年上半年全市重点民生实事推进情况的通报",
        "sources": {
            "place": "text: 绵阳市重点民生实事工作领导小组办公室",
            "year": "text: 关于2024年上半年全市重点民生实事推进情况的通报",
            "period": "text: 关于2024年上半年全市重点民生实事推进情况的通报",
            "issued": "text: 2024年7月8日",
        },
    }
    assert len(data["facts"]) == 15
    fact = data["facts"][0]
    assert fact["source"]["text"][fact["source"]["start"] : fact["source"]["end"]] == "31.5%"
    assert data["report"]["parser_version"]


def test_summary_names_facts_and_reasons(capsys: pytest.CaptureFixture) -> None:
    assert main(["parse", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "关于2024年上半年全市重点民生实事推进情况的通报" in out
    assert "15 facts" in out
    assert "北川羌族自治县" in out and "新增蓄水能力" in out
    assert "no fact at line 21: rule" in out


@pytest.mark.parametrize(
    ("name", "content"),
    [("missing.pdf", None), ("fake.pdf", b"this is no pdf"), ("empty.txt", b"")],
)
def test_unreadable_input_is_one_line_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture, name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    assert main(["parse", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("minsheng: ") and captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


@pytest.mark.parametrize("as_json", [False, True])
def test_a_text_without_a_circular_says_so_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture, as_json: bool
) -> None:
    path = tmp_path / "minutes.txt"
    path.write_text("会议纪要\n各单位参会人员名单如下。\n完成率100%的事项另行通知。\n", "utf-8")
    assert main(["parse", str(path), *(["--json"] if as_json else [])]) == 1
    captured = capsys.readouterr()
    if as_json:
        assert json.loads(captured.out)["meta"]["city"] is None
    assert captured.err == (
        "minsheng: minutes.txt: no circular found: cannot read its city, year, period "
        "(ingest loads it in no circular as period_unknown)\n"
    )
