"""Write the JSON Schema of the parser's models to this folder: ``python docs/schema/export.py``.

``tests/parsers/test_schema_export.py`` fails when a file here is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from schemas import ExtractedDocument, ParseResult  # noqa: E402

MODELS = {
    "parse_result.schema.json": ParseResult,
    "extracted_document.schema.json": ExtractedDocument,
}


def rendered() -> dict[str, str]:
    """Each schema file's name and its text."""
    return {
        name: json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
        for name, model in MODELS.items()
    }


def main() -> None:
    for name, text in rendered().items():
        (HERE / name).write_text(text, encoding="utf-8")
        print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
