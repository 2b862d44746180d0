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

import regex

from parsers import ocr_engine, ocr_layout, ocr_lexicon, ocr_rules, pdf_layout
from schemas.errors import UnreadableDocument
from schemas.extracted import OcrSpan

__all__ = ["OcrReading", "needs_ocr", "read_scanned_pages"]

log = logging.getLogger(__name__)

# rows of ink further apart than this (pixels at 150 dpi) are a glyph and specks, not one glyph
# (the two strokes of a 10.5-pt "二" stand 12 apart)
ROW_GAP = 14
# a section number alone: "二" (of "二、提升医疗卫生服务能力")
SECTION_NUMERAL = regex.compile(r"[一二三四五六七八九十]{1,3}")


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
        read = {number: _read_image(document, number, dpi) for number in todo}
    finally:
        document.close()
    # the city the document names most, for the place names OCR misread by a character
    texts = [b.text for r in read.values() for b in r.boxes]
    texts += [ln.text for p in pages if p.number not in read for ln in p.lines]
    city = ocr_lexicon.document_city(texts)
    for number, image in read.items():
        boxes = ocr_lexicon.repair_words(image.boxes, city)
        page, spans = ocr_layout.layout_page(
            number, boxes, image.cells, scale=72 / dpi, size=image.size, angle=image.angle
        )
        page.images = max(page.images, 1)
        if page.chars == 0 and pages[number - 1].unmapped:
            continue  # nothing legible on the image: the unmapped text layer says more
        out.pages[number - 1] = page
        out.spans += spans
        out.ocr_pages.append(number)
    out.seconds = time.process_time() - started
    log.info("%s: OCR of %d pages took %.1f s", label, len(todo), out.seconds)
    return out


@dataclass
class _Image:
    """What OCR read on a page image, before layout."""

    boxes: list[ocr_layout.RawBox]
    cells: list[list[ocr_rules.Box]]
    size: tuple[int, int]
    angle: float


def _read_image(document: object, number: int, dpi: int) -> _Image:
    rgb = ocr_engine.whiten_red(ocr_engine.render(document, number - 1, dpi))
    boxes = ocr_engine.recognise(rgb)
    angle = ocr_layout.skew_angle(boxes)
    gray = ocr_rules.deskew_image(rgb.min(axis=2), angle)
    cells = ocr_rules.table_cells(gray, dpi)
    height, width = gray.shape
    boxes += _empty_cells(gray, boxes, cells, angle)
    return _Image(boxes, cells, (width, height), angle)


def _empty_cells(
    gray: object, boxes: list[ocr_layout.RawBox], cells: list[list[ocr_rules.Box]], angle: float
) -> list[ocr_layout.RawBox]:
    """Boxes read from the ink of table cells that no detected box covers: a lone digit the
    detector missed (a 序号 in a merged cell), or the "二、" it left off a section row, by
    recognition of that ink alone."""
    import numpy as np

    image = np.asarray(gray)
    centre = (image.shape[1] / 2, image.shape[0] / 2)
    placed = []
    for b in boxes:
        pts = [ocr_layout.turn_back(p, angle, centre) for p in b.quad]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        placed.append((min(xs), min(ys), max(xs), max(ys)))
    found = []
    for table in cells:
        for x0, top, x1, bottom in table:
            left, up = int(x0) + 4, int(top) + 4
            crop = image[up : int(bottom) - 3, left : int(x1) - 3]
            if crop.size == 0:
                continue
            ink = crop < 170  # thin strokes of 二 come out grey
            for bx0, btop, bx1, bbottom in placed:
                cy = (btop + bbottom) / 2
                if top <= cy <= bottom and bx1 > x0 and bx0 < x1:
                    lo, hi = max(int(bx0) - 3 - left, 0), max(int(bx1) + 3 - left, 0)
                    ink[:, lo:hi] = False
            for c0, c1 in _ink_runs(ink.sum(axis=0)):
                part = ink[:, c0 : c1 + 1]
                # the heaviest band of rows: a lone "7" of a merged cell, not the specks
                # above and below it in the same columns
                first, last = max(
                    _ink_runs(part.sum(axis=1), gap=ROW_GAP),
                    key=lambda run: int(part[run[0] : run[1] + 1].sum()),
                )
                if part[first : last + 1].sum() < 25 or last - first < 8:
                    continue  # a speck, not writing
                pad = 6
                r0, r1 = max(first - pad, 0), last + pad + 1
                a0 = max(c0 - pad, 0)
                line = crop[r0:r1, a0 : c1 + pad + 1]
                text, scores = ocr_engine.recognise_line(line)
                if not text:
                    continue
                if SECTION_NUMERAL.fullmatch(text) and c1 + pad + 1 < ink.shape[1]:
                    # "二" left of a detected box: the section number, its 、 too small to read
                    text, scores = text + "、", [*scores, scores[-1]]
                corners = [
                    (left + a0, up + r0),
                    (left + a0 + line.shape[1], up + r0),
                    (left + a0 + line.shape[1], up + r0 + line.shape[0]),
                    (left + a0, up + r0 + line.shape[0]),
                ]
                quad = tuple(ocr_layout.turn_back(p, -angle, centre) for p in corners)
                found.append(ocr_layout.RawBox(quad, text, scores))
    return found


def _ink_runs(profile: object, gap: int = 12) -> list[tuple[int, int]]:
    """Runs of columns holding ink, those within ``gap`` pixels joined, as (first, last)."""
    import numpy as np

    runs: list[tuple[int, int]] = []
    for i in np.flatnonzero(np.asarray(profile)).tolist():
        if runs and i - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs
