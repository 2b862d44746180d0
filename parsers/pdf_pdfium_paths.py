"""The ruling lines and images of a PDFium page, as pdfplumber's table finder reads them.

PDFium's path objects are split into subpaths and cut into edges between their points as
pdfplumber cuts its lines, rects and curves; pdfplumber's table finder (merging, intersections,
cells) runs on those edges. Images are PDFium's image objects. Text objects are checked on the
way: one PDFium reads otherwise than pdfminer makes the page not covered.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber.table import TableFinder

from parsers.pdf_pdfium_fonts import NotCovered

__all__ = ["find_tables", "page_objects"]

Bbox = tuple[float, float, float, float]
Edge = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def page_objects(page: pdfium.PdfPage, height: float) -> tuple[list[Edge], int]:
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
                raise NotCovered
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
        raise NotCovered
    if abs(right.value - left.value) < 0.01:
        raise NotCovered
    # PDFium reads a marked span's /ActualText instead of its glyphs; pdfminer reads the glyphs
    for index in range(raw.FPDFPageObj_CountMarks(obj)):
        mark = raw.FPDFPageObj_GetMark(obj, index)
        if mark and raw.FPDFPageObjMark_GetParamValueType(mark, b"ActualText"):
            raise NotCovered


def _matrix(obj: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        raise NotCovered
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


def find_tables(edges: list[Edge], bbox: Bbox) -> list[Any]:
    return TableFinder(_EdgesPage(edges, bbox)).tables  # type: ignore[arg-type]
