"""PDF pages read through PDFium (pypdfium2): glyphs and ruling lines at C speed.

pdfplumber builds its page objects by interpreting every content stream in Python (pdfminer),
which is most of the time a PDF takes to read. PDFium does the same work in C. This module
turns what PDFium sees on a page into the very char dicts and table cell boxes pdfplumber would
give, so ``parsers.pdf_layout`` builds the same lines, numbers and tables from either:

- chars: text from PDFium's text page (its generated spaces and line ends left out); the box as
  pdfminer draws it: from the glyph's origin to its advance across, and from the font's descent
  below the baseline to one font size above it. Font name and descent are pdfminer's, read from
  the page's font resources (cheap: no content stream is interpreted);
- ruling lines: PDFium's path objects, split into subpaths and cut into edges between their
  points as pdfplumber cuts its lines, rects and curves; pdfplumber's table finder (merging,
  intersections, cells) runs on those edges;
- images: PDFium's image objects.

A page this mapping does not cover exactly — turned text or a turned page, a font PDFium and
pdfminer name differently or a Type3 or vertical font, drawings inside a form XObject, a crop
box off the media box — is read by pdfplumber instead, page by page, so every page gives what
pdfplumber gives.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfminer.pdffont import PDFCIDFont, PDFType3Font
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import PDFObjRef, dict_value, list_value, resolve1
from pdfminer.psparser import PSLiteral, literal_name
from pdfplumber.table import TableFinder

from parsers import pdf_glyphs, pdf_layout
from parsers.pdf_glyphs import Char
from schemas.errors import UnreadableDocument

__all__ = ["read_pages"]

Bbox = tuple[float, float, float, float]
# PDFium is not thread-safe: one thread at a time in it (parse workers are processes anyway)
PDFIUM_LOCK = threading.RLock()
GENERATED = " \r\n"  # what PDFium's text page inserts between glyphs

# FPDFText_GetTextObject giving the object's address as an int: a key without a ctypes cast
_TEXT_OBJECT_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
)
Edge = dict[str, Any]


@dataclass(frozen=True)
class _Font:
    fontname: str
    descent: float  # in text space units per unit of font size (negative)


class _NotCovered(Exception):
    """The page holds something this reader does not map exactly; pdfplumber reads it."""


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
                    raise _NotCovered
                with PDFIUM_LOCK:
                    read = _pdfium_page(document, number, page, fonts, doctop)
                yield read
            except Exception:  # _NotCovered, or what a damaged page makes PDFium or pdfminer raise
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
        by_name = _page_fonts(reference, fonts)
        edges, images = _page_objects(page, height)
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, by_name, height, doctop)
        finally:
            textpage.close()
    finally:
        page.close()
    chars = pdf_glyphs.dedupe_chars(chars)
    tables = [t.cells for t in _find_tables(edges, reference.bbox)] if edges else []
    return pdf_layout.read_page(number, chars, tables, images=images)


def _check_geometry(page: pdfium.PdfPage, reference: pdfplumber.page.Page) -> float:
    """The page's height; a turned page or one whose boxes do not start at 0, 0 is not covered."""
    if page.get_rotation() or reference.rotation:
        raise _NotCovered
    box = tuple(float(v) for v in page.get_mediabox())
    crop = tuple(float(v) for v in page.get_cropbox())
    bbox = tuple(float(v) for v in reference.bbox)
    if box[:2] != (0.0, 0.0) or crop != box or abs(bbox[3] - box[3]) > 1e-3:
        raise _NotCovered
    return float(reference.height)


def _page_fonts(page: pdfplumber.page.Page, fonts: PDFResourceManager) -> dict[str, _Font]:
    """pdfminer's name and descent of each font of the page and of its form XObjects, by the
    base name PDFium reports (its BaseFont without the subset prefix "ABCDEF+").

    A page with a Type3 or vertical font, or a CID font with no Unicode map (pdfminer reads its
    glyphs as "(cid:N)", PDFium drops some), is not covered. Two subsets of one font share a
    base name: the first one's name is kept (the names differ in the prefix alone); a base name
    two fonts share with different descents is left out, and a glyph in it sends the page to
    pdfplumber.
    """
    found: dict[str, _Font | None] = {}
    for spec_ref in _font_specs(page.page_obj.resources, depth=0):
        spec = dict_value(spec_ref)
        objid = spec_ref.objid if isinstance(spec_ref, PDFObjRef) else None
        font = fonts.get_font(objid, spec)
        if isinstance(font, PDFType3Font) or font.is_vertical():
            raise _NotCovered
        if isinstance(font, PDFCIDFont) and font.unicode_map is None:
            raise _NotCovered
        names = {_base_name(spec.get("BaseFont"))}
        if isinstance(font, PDFCIDFont):
            names.add(_base_name(getattr(font, "basefont", None)))
            for descendant in list_value(spec.get("DescendantFonts", [])):
                names.add(_base_name(dict_value(descendant).get("BaseFont")))
        entry = _Font(_text_name(font.fontname), font.get_descent())
        for key in names - {""}:
            known = found.setdefault(key, entry)
            if known is not None and not _same_font(known, entry):
                found[key] = None
    return {k: v for k, v in found.items() if v is not None}


def _same_font(a: _Font, b: _Font) -> bool:
    return a.descent == b.descent and _base_name(a.fontname) == _base_name(b.fontname)


def _font_specs(resources: object, depth: int) -> Iterator[object]:
    """The font entries of a resource dictionary and of the form XObjects it names."""
    resources = resolve1(resources)
    if not isinstance(resources, dict) or depth > 8:
        return
    yield from dict_value(resources.get("Font", {})).values()
    for xobject in dict_value(resources.get("XObject", {})).values():
        stream = resolve1(xobject)
        attrs = getattr(stream, "attrs", None)
        if isinstance(attrs, dict) and _text_name(resolve1(attrs.get("Subtype"))) == "Form":
            yield from _font_specs(attrs.get("Resources"), depth + 1)


def _text_name(value: object) -> str:
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        value = literal_name(value)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return value if isinstance(value, str) else ""


def _base_name(value: object) -> str:
    value = _text_name(value)
    prefix, plus, rest = value.partition("+")
    return rest if plus and len(prefix) == 6 and prefix.isupper() else value


# --- glyphs -----------------------------------------------------------------------------------


def _chars(
    textpage: pdfium.PdfTextPage, fonts: dict[str, _Font], height: float, doctop: float
) -> list[Char]:
    """pdfplumber's char dicts for the glyphs of a text page (see the module's docstring)."""
    tp = textpage.raw
    count = raw.FPDFText_CountChars(tp)
    if count <= 0:
        return []
    text = _page_text(tp, count)
    is_generated = raw.FPDFText_IsGenerated
    text_object = _TEXT_OBJECT_ADDRESS
    origin_of = raw.FPDFText_GetCharOrigin
    loose_box = raw.FPDFText_GetLooseCharBox
    map_error = raw.FPDFText_HasUnicodeMapError
    x, y = ctypes.c_double(), ctypes.c_double()
    box = raw.FS_RECTF()
    objects: dict[int | None, tuple[str, float, float, float, float]] = {}
    chars: list[Char] = []
    for i in range(count):
        ch = text[i] if text is not None else chr(raw.FPDFText_GetUnicode(tp, i))
        if ch in GENERATED and is_generated(tp, i):  # PDFium makes spaces and line ends alone
            continue
        key = text_object(tp, i)
        style = objects.get(key)
        if style is None:
            style = objects[key] = _object_style(tp, i, fonts)
        fontname, a, d, fontsize, descent = style
        origin_of(tp, i, x, y)
        loose_box(tp, i, box)
        x0 = round(x.value, 4)
        oy = round(y.value, 4)
        advance = round(box.right - box.left, 4)
        y0 = oy + d * descent * fontsize
        y1 = oy + d * (descent * fontsize + fontsize)
        top = height - y1
        if map_error(tp, i):
            raise _NotCovered  # pdfminer may read it as "(cid:N)", or by another map
        chars.append(
            {
                "text": ch,
                "fontname": fontname,
                "size": y1 - y0,
                "x0": x0,
                "x1": x0 + advance,
                "top": top,
                "bottom": height - y0,
                "doctop": doctop + top,
                "upright": True,
                "matrix": (a, 0.0, 0.0, d, x0, oy),
            }
        )
    return chars


def _page_text(tp: Any, count: int) -> str | None:
    """The page's characters in one call, one per glyph index; None when they do not line up
    one to one (a character outside the BMP), and each is then asked for alone."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = raw.FPDFText_GetText(
        tp, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    text = buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def _object_style(
    tp: Any, index: int, fonts: dict[str, _Font]
) -> tuple[str, float, float, float, float]:
    """Font name, horizontal and vertical scale, font size and descent of a glyph's text object;
    raises ``_NotCovered`` for a turned or mirrored glyph or a font not mapped."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(tp, index, matrix)
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
        raise _NotCovered
    obj = raw.FPDFText_GetTextObject(tp, index)
    size = ctypes.c_float()
    if not obj or not raw.FPDFTextObj_GetFontSize(obj, size):
        raise _NotCovered
    font = raw.FPDFTextObj_GetFont(obj)
    buffer = ctypes.create_string_buffer(512)
    length = raw.FPDFFont_GetBaseFontName(font, buffer, 512)
    name = buffer.raw[: max(length - 1, 0)].decode("utf-8", errors="replace")
    mapped = fonts.get(_base_name(name))
    if mapped is None:
        raise _NotCovered
    return (
        mapped.fontname,
        round(matrix.a, 6),
        round(matrix.d, 6),
        round(size.value, 6),
        mapped.descent,
    )


# --- ruling lines -----------------------------------------------------------------------------


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _page_objects(page: pdfium.PdfPage, height: float) -> tuple[list[Edge], int]:
    """The edges of the page's path objects and the number of its images, those drawn by its
    form XObjects included (as pdfplumber counts them)."""
    handle = page.raw
    objects = [raw.FPDFPage_GetObject(handle, i) for i in range(raw.FPDFPage_CountObjects(handle))]
    return _objects(objects, IDENTITY, height, depth=0)


def _objects(
    objects: list[Any], outer: Matrix, height: float, depth: int
) -> tuple[list[Edge], int]:
    edges: list[Edge] = []
    images = 0
    for obj in objects:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            _check_text_object(obj)
        elif kind == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            edges.extend(_path_edges(obj, _then(_matrix(obj), outer), height))
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            if depth > 8:
                raise _NotCovered
            inner = [
                raw.FPDFFormObj_GetObject(obj, i) for i in range(raw.FPDFFormObj_CountObjects(obj))
            ]
            more, seen = _objects(inner, _then(_matrix(obj), outer), height, depth + 1)
            edges.extend(more)
            images += seen
    return edges, images


def _check_text_object(obj: Any) -> None:
    """A text object PDFium's text page reads otherwise than pdfminer makes its page not
    covered: one less than 0.01 wide (spaces alone, whose glyphs have no ink; or glyphs the
    substitute for a font that is not embedded lacks), which PDFium leaves out, or one marked
    with an /ActualText."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        raise _NotCovered
    if abs(right.value - left.value) < 0.01:
        raise _NotCovered
    # PDFium reads a marked span's /ActualText instead of its glyphs; pdfminer reads the glyphs
    for index in range(raw.FPDFPageObj_CountMarks(obj)):
        mark = raw.FPDFPageObj_GetMark(obj, index)
        if mark and raw.FPDFPageObjMark_GetParamValueType(mark, b"ActualText"):
            raise _NotCovered


def _matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        raise _NotCovered
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _then(first: Matrix, second: Matrix) -> Matrix:
    """The matrix applying ``first``, then ``second``."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _path_edges(obj: Any, m: Matrix, height: float) -> list[Edge]:
    """Edges between consecutive points of each subpath, as pdfminer keeps them (the end point
    of each curve segment, the start point again on a close) and pdfplumber cuts them."""
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    bezier = 0
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        kind = raw.FPDFPathSegment_GetType(segment)
        point = (
            round(a * x.value + c * y.value + e, 4),
            round(height - (b * x.value + d * y.value + f), 4),
        )
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([point])
            bezier = 0
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3 == 0:  # two control points, then the end point
                subpaths[-1].append(point)
        else:
            subpaths[-1].append(point)
        if raw.FPDFPathSegment_GetClose(segment):
            subpaths[-1].append(subpaths[-1][0])
    edges = []
    for points in subpaths:
        for (ax, ay), (bx, by) in pairwise(points):
            orientation = "v" if ax == bx else ("h" if ay == by else None)
            if orientation is None:
                continue
            top, bottom = min(ay, by), max(ay, by)
            edges.append(
                {
                    "object_type": "curve_edge",
                    "x0": min(ax, bx),
                    "x1": max(ax, bx),
                    "top": top,
                    "doctop": top,
                    "bottom": bottom,
                    "width": abs(ax - bx),
                    "height": bottom - top,
                    "orientation": orientation,
                }
            )
    return edges


@dataclass
class _EdgesPage:
    """What pdfplumber's table finder reads of a page when tables are found from lines."""

    edges: list[Edge]
    bbox: Bbox


def _find_tables(edges: list[Edge], bbox: Bbox) -> list[Any]:
    return TableFinder(_EdgesPage(edges, bbox)).tables  # type: ignore[arg-type]
