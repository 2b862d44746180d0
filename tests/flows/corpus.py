"""Circulars for the flow tests: a generated city-year from ``synth``, written as text (and,
for one month, also as a PDF: the same circular twice), and a circular set in a portal page."""

from __future__ import annotations

from pathlib import Path

import synth
from synth.render_html import render_html

CITY = "衡阳市"


def write_months(folder: Path, months: list[int], *, pdf_twin: bool = False) -> list[Path]:
    """One text circular per month; with ``pdf_twin`` the middle month also as a PDF.

    Returns the circulars written (``synth`` also writes ground-truth JSON beside them)."""
    corpus = synth.generate_year(CITY, 2024, seed=11, months=months)
    written = synth.write_year(corpus, folder, formats="txt:utf-8", duplicates=pdf_twin)
    return [p for p in written if p.suffix in (".txt", ".pdf")]


def portal_page(text: str, *, published: str, source: str) -> str:
    """A text circular set in an article page of a government portal (``synth.render_html``)."""
    return render_html(text, published=published, source=source)
