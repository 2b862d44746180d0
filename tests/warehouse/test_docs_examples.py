"""The example queries of docs/warehouse.md give the outputs printed under them."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from schemas.errors import MinshengError

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "warehouse_examples.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("warehouse_examples", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


examples_script = _load_script()


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return examples_script.build_example_warehouse(tmp_path_factory.mktemp("doc-warehouse"))


def test_the_doc_shows_what_its_queries_give(snapshot: Path) -> None:
    stale = examples_script.stale_examples(examples_script.DOC, snapshot)
    assert not stale, (
        f"docs/warehouse.md: the output of {', '.join(stale)} is out of date; "
        f"run: {examples_script.COMMAND}"
    )


def test_the_doc_has_at_least_ten_examples_with_rows() -> None:
    found = examples_script.examples(examples_script.DOC.read_text(encoding="utf-8"))
    with_rows = [e.name for e in found if e.output.strip() != "(no rows)"]
    assert len(with_rows) >= 10, with_rows


def test_a_changed_output_is_found(snapshot: Path, tmp_path: Path) -> None:
    text = examples_script.DOC.read_text(encoding="utf-8")
    marker = "<!-- query: drops -->"
    start = text.index(marker)
    end = text.index("<!-- /query -->", start)
    block = text[start:end]
    tampered = tmp_path / "warehouse.md"
    tampered.write_text(text[:start] + block.replace("-21.44", "-21.45") + text[end:], "utf-8")
    assert "-21.44" in block  # the drop of the example data is in the doc
    assert examples_script.stale_examples(tampered, snapshot) == ["drops"]


def test_rendering_replaces_only_the_output(snapshot: Path) -> None:
    markdown = (
        "intro\n\n<!-- query: one -->\n```sql\nSELECT 2 AS b, 1 AS a;\n```\n\n"
        "| stale |\n|---|\n| 0 |\n<!-- /query -->\n\nafter\n"
    )
    assert examples_script.render(markdown, snapshot) == (
        "intro\n\n<!-- query: one -->\n```sql\nSELECT 2 AS b, 1 AS a;\n```\n\n"
        "| b | a |\n|---|---|\n| 2 | 1 |\n<!-- /query -->\n\nafter\n"
    )


def test_a_query_error_names_the_example(snapshot: Path) -> None:
    markdown = "<!-- query: broken -->\n```sql\nSELECT * FROM nowhere;\n```\n<!-- /query -->\n"
    with pytest.raises(MinshengError, match="example 'broken'"):
        examples_script.render(markdown, snapshot)


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        ("no blocks here", "no <!-- query"),
        ("<!-- query: a -->\n| x |\n<!-- /query -->", "no ```sql block"),
        (
            "<!-- query: a -->\n```sql\nSELECT 1;\n```\n<!-- /query -->\n"
            "<!-- query: a -->\n```sql\nSELECT 2;\n```\n<!-- /query -->",
            "unique",
        ),
    ],
)
def test_malformed_docs_are_refused(markdown: str, message: str) -> None:
    with pytest.raises(MinshengError, match=message):
        examples_script.examples(markdown)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "NULL"),
        (55.0, "55"),
        (71.66, "71.66"),
        (-21.44, "-21.44"),
        (3, "3"),
        (True, "true"),
        (date(2025, 11, 20), "2025-11-20"),
        (datetime(2026, 1, 6, 2, 0, 5, 123), "2026-01-06 02:00:05"),
        ([3, 4, 5], "[3, 4, 5]"),
        ("a|b", "a\\|b"),
        ("first\nsecond", "first<br>second"),
    ],
)
def test_cells(value: Any, shown: str) -> None:
    assert examples_script.cell(value) == shown


def test_an_empty_result_is_said_so() -> None:
    assert examples_script.table(["a"], []) == "(no rows)\n"


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("2025年11月14日", ("2025", "11", "14")),
        ("2026年1月6日\r", ("2026", "1", "6")),
        ("截至2025年10月31日，累计体检", None),
    ],
)
def test_issue_date(line: str, found: tuple[str, str, str] | None) -> None:
    match = examples_script.ISSUE_DATE.search(line)
    assert (match and (match["y"], match["m"], match["d"])) == found


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("形象进度77.72%。", ["77.72"]),
        ("完成率达83.67％，进度为100%", ["83.67"]),
        ("累计建成376套", []),
    ],
)
def test_percent(text: str, values: list[str]) -> None:
    assert [m["value"] for m in examples_script.PERCENT.finditer(text)] == values


def test_reissue_moves_the_signature_date_and_corrects_one_figure() -> None:
    text = (
        "通报正文，截至2025年10月31日进度为90.50%。\n"
        "某某办公室\n2025年11月14日\n"
        "附件1：\n1\t项目甲\t已完成，进度100.00%。\n2\t项目乙\t进度为77.72%。\n"
        "3\t项目丙\t进度为60.10%。\n"
    )
    assert examples_script.reissue(text) == (
        "通报正文，截至2025年10月31日进度为90.50%。\n"
        "某某办公室\n2025年11月20日\n"
        "附件1：\n1\t项目甲\t已完成，进度100.00%。\n2\t项目乙\t进度为77.22%。\n"
        "3\t项目丙\t进度为60.10%。\n"
    )


def test_reissue_needs_a_date_and_an_attachment() -> None:
    with pytest.raises(MinshengError, match="no issue date"):
        examples_script.reissue("附件1：\n进度为77.72%。\n")


def test_the_command_checks_and_rewrites_a_doc(
    snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = examples_script.DOC.read_text(encoding="utf-8")
    start = text.index("<!-- query: scores -->")
    end = text.index("<!-- /query -->", start)
    stale = text[:start] + "<!-- query: scores -->\n```sql\nSELECT 1 AS one;\n```\n\n(no rows)\n"
    doc = tmp_path / "warehouse.md"
    doc.write_text(stale + text[end:], encoding="utf-8")
    args = ["--doc", str(doc)]

    assert examples_script.main(["--check", *args], snapshot=snapshot) == 1
    assert f"scores; run: {examples_script.COMMAND}" in capsys.readouterr().out

    assert examples_script.main(args, snapshot=snapshot) == 0
    rewritten = doc.read_text(encoding="utf-8")
    assert "```sql\nSELECT 1 AS one;\n```\n\n| one |\n|---|\n| 1 |\n<!-- /query -->" in rewritten
    assert rewritten.replace("| one |\n|---|\n| 1 |\n", "(no rows)\n") == stale + text[end:]
    assert examples_script.main(["--check", *args], snapshot=snapshot) == 0


def test_a_missing_doc_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.md"
    assert examples_script.main(["--check", "--doc", str(missing)], snapshot=tmp_path) == 2
    assert capsys.readouterr().err.count("\n") == 1
