"""The parse report: lines read, lines that gave facts, percentages that gave none and why."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from schemas.circular import MissedCandidate, ParseReport, ParseResult
from schemas.extracted import ExtractedDocument, TextBlock

OUTSIDE = "not in a progress text or body sentence read for figures"
# a percent figure as printed: "88.46%", "28 ％"
PERCENT_SIGN = regex.compile(r"\d\s*[%％]")
# a line holding only the rest of a figure the line above began: "46%。", "07％"
FIGURE_TAIL = regex.compile(r"^\s*[\d.]*\s*[%％][^%％]*$")


Line = tuple[int | None, int]


def _physical_lines(doc: ExtractedDocument) -> Iterator[tuple[int | None, int, str, Line | None]]:
    """(page, line, text, the line before it in the same block) of every physical line of
    every block and cell."""
    for item in doc.items:
        blocks = [item] if isinstance(item, TextBlock) else [c for c in item.cells if c]
        for block in blocks:
            origins = sorted(block.origins, key=lambda o: o.offset)
            before: Line | None = None
            for i, origin in enumerate(origins):
                end = origins[i + 1].offset if i + 1 < len(origins) else len(block.text)
                text = block.text[origin.offset : end]
                if text.strip():
                    yield origin.page, origin.line, text, before
                    before = (origin.page, origin.line)


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
    explained = fact_lines | {(m.page, m.line) for m in missed}
    seen: set[tuple[int | None, int]] = set()
    figures = 0
    for page, line, text, before in _physical_lines(doc):
        seen.add((page, line))
        figures += len(PERCENT_SIGN.findall(text))
        if before in fact_lines and FIGURE_TAIL.match(text):
            continue  # the rest of a figure that gave a fact on the line before
        if ("%" in text or "％" in text) and (page, line) not in explained:
            explained.add((page, line))
            unique[(page, line, OUTSIDE)] = MissedCandidate(
                page=page, line=line, text=text.strip(), reason=OUTSIDE
            )
    read = len(
        {(f.source.page, f.source.line, f.source.text, f.source.start) for f in result.facts}
    )
    left_out: dict[str, int] = {}
    for m in missed:
        left_out[m.reason] = left_out.get(m.reason, 0) + 1
    return ParseReport(
        lines_read=len(seen),
        lines_with_facts=len(fact_lines),
        percent_figures=figures,
        percent_facts=min(read, figures) if figures else read,
        left_out=left_out,
        percent_lines_without_facts=[
            m for m in unique.values() if (m.page, m.line) not in fact_lines
        ],
        warnings=list(dict.fromkeys(warnings)),
        parser_version=version,
    )
