"""The JSON Schemas in docs/schema are those of the models today."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "schema" / "export.py"


def _export_module():
    spec = importlib.util.spec_from_file_location("schema_export", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_schema_files_are_up_to_date() -> None:
    module = _export_module()
    for name, text in module.rendered().items():
        path = SCRIPT.parent / name
        assert path.exists(), f"run: python {SCRIPT.relative_to(SCRIPT.parents[2])}"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: rerun the export"


def test_parse_result_schema_names_the_contract() -> None:
    schema = json.loads((SCRIPT.parent / "parse_result.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == {
        "document",
        "meta",
        "facts",
        "county_mentions",
        "county_scores",
        "projects",
        "quantities",
        "report",
    }
    fact = schema["$defs"]["Fact"]["properties"]
    assert {"level", "project_no", "county", "metric", "value", "status", "source"} <= set(fact)
    quantity = schema["$defs"]["Quantity"]["properties"]
    assert {"project", "indicator", "county", "kind", "value", "unit", "step", "source"} <= set(
        quantity
    )
