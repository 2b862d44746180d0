"""A circular the project generated, two of its pages scanned and read back through OCR beside
its text layer: a page of the province table and the city table (150 dpi, turned, speckled, a
seal over the last). The whole corpus is measured by ``python -m bench.ocr``; this keeps two
pages in the suite."""

from __future__ import annotations

import io
from collections import Counter

import pytest

from parsers import ocr_engine, parse_document
from parsers.readers import read_bytes
from schemas.circular import Fact, ParseResult

pytestmark = pytest.mark.skipif(ocr_engine.missing() is not None, reason=str(ocr_engine.missing()))

SCANNED = [3, 4]  # 0-based: the province table's second page and the city table


def _key(f: Fact) -> tuple[object, ...]:
    return (f.level, f.project_no, f.county, round(f.value, 2))


@pytest.fixture(scope="module")
def readings() -> tuple[ParseResult, ParseResult]:
    """The circular read from its text layer, and with the pages of ``SCANNED`` scanned."""
    import pypdfium2 as pdfium

    from synth.corpus import generate_year
    from synth.render_pdf import render_pdf
    from synth.scan import scan_pdf

    year = generate_year("岳阳市", 2025, seed=11, months=[6])
    data = render_pdf(year.circulars[0].document, title="岳阳市6")
    scans = pdfium.PdfDocument(scan_pdf(data, dpi=150, seed=6, pages=SCANNED))
    text = pdfium.PdfDocument(data)
    mixed = pdfium.PdfDocument.new()
    for index in range(len(text)):
        if index in SCANNED:
            mixed.import_pages(scans, [SCANNED.index(index)])
        else:
            mixed.import_pages(text, [index])
    out = io.BytesIO()
    mixed.save(out)
    return (
        parse_document(read_bytes(data, "text.pdf")),
        parse_document(read_bytes(out.getvalue(), "scanned.pdf")),
    )


def test_scanned_pages_are_read_by_ocr(readings: tuple[ParseResult, ParseResult]) -> None:
    _, scanned = readings
    ocr = {f.source.page for f in scanned.facts if f.confidence is not None}
    assert ocr == {index + 1 for index in SCANNED}


def test_no_figure_read_wrongly_goes_unflagged(
    readings: tuple[ParseResult, ParseResult],
) -> None:
    text, scanned = readings
    pages = {index + 1 for index in SCANNED}
    truth = Counter(_key(f) for f in text.facts if f.source.page in pages)
    found = [f for f in scanned.facts if f.source.page in pages]
    wrong = Counter(_key(f) for f in found) - truth
    unflagged = Counter(_key(f) for f in found if not f.needs_review)
    assert not wrong & unflagged
    matched = sum((Counter(_key(f) for f in found) & truth).values())
    assert matched >= 0.9 * sum(truth.values()) > 0
