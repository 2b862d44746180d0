"""Circulars for the flow tests: a generated city-year (``synth``) when that package is there,
else the small circulars of ``tests.flows.circulars``."""

from __future__ import annotations

from pathlib import Path

import parsers

HAS_PARSER = hasattr(parsers, "parse_path") and hasattr(parsers, "PARSER_VERSION")
CITY = "衡阳市"


def write_months(folder: Path, months: list[int], *, pdf_twin: bool = False) -> list[Path]:
    """One text circular per month; with ``pdf_twin`` the middle month also as a PDF."""
    try:
        import synth
    except ImportError:
        from tests.flows import circulars

        paths = [circulars.write_circular(folder, 2024, m) for m in months]
        if pdf_twin:
            middle = sorted(months)[len(months) // 2]
            text = circulars.circular_text(2024, middle)
            paths.append(circulars.write_pdf(folder / f"twin-{middle:02d}.pdf", text))
        return paths
    corpus = synth.generate_year(CITY, 2024, seed=11, months=months)
    written = synth.write_year(corpus, folder, formats="txt:utf-8", duplicates=pdf_twin)
    return [p for p in written if p.suffix in (".txt", ".pdf")]
