"""PDF pages read through PDFium (pypdfium2): glyphs and ruling lines at C speed.

pdfplumber builds its page objects by interpreting every content stream in Python (pdfminer),
which is most of the time a PDF takes to read. PDFium does the same work in C. This module
turns what PDFium sees on a page into the very char dicts and table cell boxes pdfplumber would
give, so ``parsers.pdf_layout`` builds the same lines, numbers and tables from either:

- chars: ``parsers.pdf_pdfium_chars``, with pdfminer's font names and descents
  (``parsers.pdf_pdfium_fonts``);
- ruling lines and images: ``parsers.pdf_pdfium_paths``.

A page this mapping does not cover exactly — turned text or a turned page, a font PDFium and
pdfminer name differently or a Type3 or vertical font, drawings inside a form XObject, a crop
box off the media box — is read by pdfplumber instead, page by page, so every page gives what
pdfplumber gives.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pdfplumber
import pypdfium2 as pdfium
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import resolve1

from parsers import pdf_glyphs, pdf_layout, pdf_pdfium_chars, pdf_pdfium_paths
from parsers.pdf_pdfium_fonts import NotCovered, page_fonts
from schemas.errors import UnreadableDocument

__all__ = ["read_pages"]

# PDFium is not thread-safe: one thread at a time in it (parse workers are processes anyway)
PDFIUM_LOCK = threading.RLock()


def _inflate_contents(page: pdfplumber.page.Page) -> None:
    """Inflate the page's content streams through pdfminer first, under the file's unpacking
    budget (``parsers.unpacking``): a stream that would inflate past it stops the file as a
    bomb here, before PDFium inflates it in C with no limit."""
    try:
        for ref in page.page_obj.contents:
            stream = resolve1(ref)
            if hasattr(stream, "get_data"):
                stream.get_data()
    except UnreadableDocument:
        raise
    except Exception:  # a damaged stream: the page's own reading says what is wrong
        return


def read_pages(
    data: bytes, plumber: pdfplumber.PDF, *, not_covered: list[int] | None = None
) -> Iterator[pdf_layout.Page]:
    """The pages of the PDF ``data`` (already opened by pdfplumber as ``plumber``, which gives
    the document-level checks and errors and reads the pages PDFium's mapping does not cover),
    one at a time: each page is closed before the next is read. The numbers of the pages
    pdfplumber read are appended to ``not_covered`` when it is given."""
    try:
        with PDFIUM_LOCK:
            document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        document = None
    fonts = PDFResourceManager(caching=True)
    doctop = 0.0
    try:
        for number, page in enumerate(plumber.pages, start=1):
            _inflate_contents(page)
            try:
                if document is None:
                    raise NotCovered
                with PDFIUM_LOCK:
                    read = _pdfium_page(document, number, page, fonts, doctop)
                yield read
            except Exception:  # NotCovered, or what a damaged page makes PDFium or pdfminer raise
                # pdfplumber reads the page, or raises the error it always raised for it
                if not_covered is not None:
                    not_covered.append(number)
                yield plumber_page(number, page)
            doctop += float(page.height)
    finally:
        if document is not None:
            with PDFIUM_LOCK:
                document.close()


def plumber_page(number: int, page: pdfplumber.page.Page) -> pdf_layout.Page:
    """One page read by pdfplumber alone (the reference this module matches)."""
    chars = pdf_glyphs.dedupe_chars(page.chars)  # faux bold: "9944..4444%%" → "94.44%"
    tables = []
    if page.lines or page.rects or page.curves:  # find_tables is costly; only ruled pages
        tables = [t.cells for t in page.find_tables()]
    read = pdf_layout.read_page(number, chars, tables, images=len(page.images))
    page.close()  # drop pdfplumber's per-page caches: memory stays flat in page count
    return read


# --- page -------------------------------------------------------------------------------------


def _pdfium_page(
    document: pdfium.PdfDocument,
    number: int,
    reference: pdfplumber.page.Page,
    fonts: PDFResourceManager,
    doctop: float,
) -> pdf_layout.Page:
    page = document[number - 1]
    try:
        height = _check_geometry(page, reference)
        by_name = page_fonts(reference, fonts)
        edges, images = pdf_pdfium_paths.page_objects(page, height)
        textpage = page.get_textpage()
        try:
            chars = pdf_pdfium_chars.chars(textpage, by_name, height, doctop)
        finally:
            textpage.close()
    finally:
        page.close()
    chars = pdf_glyphs.dedupe_chars(chars)
    tables = [t.cells for t in pdf_pdfium_paths.find_tables(edges, reference.bbox)] if edges else []
    return pdf_layout.read_page(number, chars, tables, images=images)


def _check_geometry(page: pdfium.PdfPage, reference: pdfplumber.page.Page) -> float:
    """The page's height; a turned page or one whose boxes do not start at 0, 0 is not covered."""
    if page.get_rotation() or reference.rotation:
        raise NotCovered
    box = tuple(float(v) for v in page.get_mediabox())
    crop = tuple(float(v) for v in page.get_cropbox())
    bbox = tuple(float(v) for v in reference.bbox)
    if box[:2] != (0.0, 0.0) or crop != box or abs(bbox[3] - box[3]) > 1e-3:
        raise NotCovered
    return float(reference.height)
