"""OCR of the PDF pages that have no usable text layer, called from the PDF reader.

A page needs OCR when it holds images and no text, or when most of its characters have no
Unicode mapping (a CID font without ``/ToUnicode``: "(cid:1234)"). Only those pages are
rendered and read; pages with a text layer keep it. Without the OCR engine installed, a PDF the
text layer alone cannot read is quarantined ``needs_ocr`` with a reason that says how to
install it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from parsers import ocr_engine, ocr_layout, ocr_rules, pdf_layout
from schemas.errors import UnreadableDocument
from schemas.extracted import OcrSpan

__all__ = ["OcrReading", "needs_ocr", "read_scanned_pages"]

log = logging.getLogger(__name__)


@dataclass
class OcrReading:
    pages: list[pdf_layout.Page]
    ocr_pages: list[int] = field(default_factory=list)
    spans: list[OcrSpan] = field(default_factory=list)
    seconds: float = 0.0


def needs_ocr(page: pdf_layout.Page) -> bool:
    """The page's text layer is missing (an image only) or mostly unmapped glyphs."""
    if page.chars == 0:
        return page.images > 0
    return page.unmapped > 0.3 * page.chars


def read_scanned_pages(
    data: bytes, pages: Sequence[pdf_layout.Page], label: str, *, dpi: int = ocr_engine.DPI
) -> OcrReading:
    """``pages`` with each that needs OCR replaced by what OCR reads on its image."""
    todo = [p.number for p in pages if needs_ocr(p)]
    if not todo:
        return OcrReading(list(pages))
    reason = ocr_engine.missing()
    if reason is not None:
        try:
            pdf_layout.check_text_layer(pages, label)
        except UnreadableDocument as exc:
            raise UnreadableDocument(exc.reason, f"{exc.message}; {reason}") from None
        return OcrReading(list(pages))
    import pypdfium2 as pdfium

    started = time.process_time()
    out = OcrReading(list(pages))
    document = pdfium.PdfDocument(data)
    try:
        for number in todo:
            page, spans = _ocr_page(document, number, dpi)
            if page.chars == 0 and pages[number - 1].unmapped:
                continue  # nothing legible on the image: the unmapped text layer says more
            out.pages[number - 1] = page
            out.spans += spans
            out.ocr_pages.append(number)
    finally:
        document.close()
    out.seconds = time.process_time() - started
    log.info("%s: OCR of %d pages took %.1f s", label, len(todo), out.seconds)
    return out


def _ocr_page(document: object, number: int, dpi: int) -> tuple[pdf_layout.Page, list[OcrSpan]]:
    rgb = ocr_engine.whiten_red(ocr_engine.render(document, number - 1, dpi))
    boxes = ocr_engine.recognise(rgb)
    angle = ocr_layout.skew_angle(boxes)
    gray = ocr_rules.deskew_image(rgb.min(axis=2), angle)
    cells = ocr_rules.table_cells(gray, dpi)
    height, width = gray.shape
    boxes += _empty_cells(gray, boxes, cells, angle)
    page, spans = ocr_layout.layout_page(
        number, boxes, cells, scale=72 / dpi, size=(width, height), angle=angle
    )
    page.images = max(page.images, 1)
    return page, spans


def _empty_cells(
    gray: object, boxes: list[ocr_layout.RawBox], cells: list[list[ocr_rules.Box]], angle: float
) -> list[ocr_layout.RawBox]:
    """Boxes read from the inked table cells no detected box fell in (a lone digit the detector
    missed, as a 序号 in a merged cell), by recognition of the cell's ink alone."""
    import numpy as np

    image = np.asarray(gray)
    centre = (image.shape[1] / 2, image.shape[0] / 2)
    inside = [
        ocr_layout.turn_back(
            (sum(p[0] for p in b.quad) / 4, sum(p[1] for p in b.quad) / 4), angle, centre
        )
        for b in boxes
    ]
    found = []
    for table in cells:
        for x0, top, x1, bottom in table:
            if any(x0 <= x <= x1 and top <= y <= bottom for x, y in inside):
                continue
            crop = image[int(top) + 4 : int(bottom) - 3, int(x0) + 4 : int(x1) - 3]
            ink = np.argwhere(crop < 128)
            if crop.size == 0 or len(ink) < 12:
                continue
            (r0, c0), (r1, c1) = ink.min(axis=0), ink.max(axis=0)
            pad = 6
            r0, c0 = max(r0 - pad, 0), max(c0 - pad, 0)
            line = crop[r0 : r1 + pad + 1, c0 : c1 + pad + 1]
            text, scores = ocr_engine.recognise_line(line)
            if not text:
                continue
            left, up = x0 + 4 + c0, top + 4 + r0
            corners = [
                (left, up),
                (left + line.shape[1], up),
                (left + line.shape[1], up + line.shape[0]),
                (left, up + line.shape[0]),
            ]
            quad = tuple(ocr_layout.turn_back(p, -angle, centre) for p in corners)
            found.append(ocr_layout.RawBox(quad, text, scores))
    return found
