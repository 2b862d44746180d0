"""The parse report: lines read, lines that gave facts, percentages that gave none and why."""

from __future__ import annotations

from schemas.circular import MissedCandidate, ParseReport, ParseResult
from schemas.extracted import ExtractedDocument, TableRow, TextBlock


def _lines(doc: ExtractedDocument) -> set[tuple[int | None, int]]:
    seen: set[tuple[int | None, int]] = set()
    for item in doc.items:
        blocks = [item] if isinstance(item, TextBlock) else [c for c in item.cells if c]
        for block in blocks:
            if isinstance(block, TableRow) or not block.text.strip():
                continue
            for origin in block.origins:
                seen.add((origin.page, origin.line))
    return seen


def build_report(
    doc: ExtractedDocument,
    result: ParseResult,
    missed: list[MissedCandidate],
    warnings: list[str],
    version: str,
) -> ParseReport:
    fact_lines = {(f.source.page, f.source.line) for f in result.facts}
    unique: dict[tuple[int | None, int, str], MissedCandidate] = {}
    for m in missed:
        unique.setdefault((m.page, m.line, m.reason), m)
    return ParseReport(
        lines_read=len(_lines(doc)),
        lines_with_facts=len(fact_lines),
        percent_lines_without_facts=[
            m for m in unique.values() if (m.page, m.line) not in fact_lines
        ],
        warnings=list(dict.fromkeys(warnings)),
        parser_version=version,
    )
