"""From OCR's text boxes to a page, as a text-layer PDF page would give it.

Pure: the boxes an engine read in a page image (a quad, the text, a score per character) become
char dicts like pdfplumber's, spread over each box by character width (a full-width character
counts 1, a half-width one 0.55), in PDF points, the page's slight skew taken out. The page is
then laid out by ``parsers.pdf_layout.read_page`` with the cells of the ruled tables found in
the image, so lines, line numbers and table rows come out as for a text PDF, and each box is
kept as an :class:`~schemas.extracted.OcrSpan` on its numbered line.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

import regex

from parsers import pdf_layout
from parsers.pdf_glyphs import Char
from schemas.extracted import OcrSpan

__all__ = ["RawBox", "layout_page", "skew_angle", "turn_back"]

Point = tuple[float, float]
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class RawBox:
    """A text box as the engine read it, in image pixels: corners clockwise from top-left."""

    quad: tuple[Point, ...]
    text: str
    scores: list[float]


def skew_angle(boxes: Sequence[RawBox]) -> float:
    """The page's skew in degrees (positive: turned anticlockwise as seen), the median slope
    of the top edges of boxes at least four times as wide as high; 0 with none."""
    slopes = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.quad[0], b.quad[1]
        height = math.dist(b.quad[0], b.quad[3])
        if x1 - x0 > 4 * max(height, 1.0):
            slopes.append(math.degrees(math.atan2(y0 - y1, x1 - x0)))
    return median(slopes) if slopes else 0.0


def turn_back(point: Point, angle: float, centre: Point) -> Point:
    """``point`` turned back by ``angle`` degrees about ``centre`` (undoing the skew)."""
    t = math.radians(angle)
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    return (
        centre[0] + dx * math.cos(t) - dy * math.sin(t),
        centre[1] + dx * math.sin(t) + dy * math.cos(t),
    )


# Circulars print full-width brackets; the recogniser often returns ASCII ones: "(5）" → "（5）"
_BRACKETS = str.maketrans({"(": "（", ")": "）"})

# a decimal point the recogniser read as a colon or comma: "18:61%", "19,75%" → "18.61%"
DECIMAL_SLIP = regex.compile(r"(?<=\d)[:：,，](?=\d{1,2}\s*[%％])")
SLIP_SCORE = 0.5  # a repaired character is one OCR was not sure of: its figure is flagged


# a number cell with a speck read as a mark after it: "9”", "6.", "12'", "4:" (a 序号)
NUMBER_SPECK = regex.compile(r"^\s*(\d{1,3})[”“\"'‘’`.,，·:：;；]+\s*$")
# a number cell read with a letter for a digit: "S" (5), "1O" (10), "l2" (12)
NUMBER_LOOKALIKE = regex.compile(r"^\s*(?=[\dSOolIZB]*[SOolIZB])([\dSOolIZB]{1,2})\s*$")
_DIGITS_OF_LETTERS = str.maketrans("SOolIZB", "5001128")
# a speck read as a mark after a project's bracketed number: "（1）.新建", "（6）:65岁"
BRACKET_SPECK = regex.compile(r"(?<=[（(]\d{1,2}[）)])[.,，:：·'\"“”‘’`]")
SPECK_SCORE = 0.9  # a mark read at least this surely is printed, not a speck
# a speck read as a point before a figure or between it and its %: "进度为.26.34%", "98.1.%"
POINT_SPECK = regex.compile(r"(?<![\d.．])[.．·•](?=\d)|(?<=\d)[.．·•](?=\s*[%％])")


def _drop_specks(text: str, scores: list[float]) -> tuple[str, list[float]]:
    if (m := NUMBER_SPECK.match(text)) is not None:
        return m.group(1), scores[m.start(1) : m.end(1)]
    if (m := NUMBER_LOOKALIKE.match(text)) is not None:
        # a letter alone in a box is a number cell's digit misread: put back, and doubted
        read = m.group(1)
        sure = scores[m.start(1) : m.end(1)]
        return read.translate(_DIGITS_OF_LETTERS), [
            score if ch.isdigit() else min(score, SLIP_SCORE)
            for ch, score in zip(read, sure, strict=True)
        ]
    for m in reversed(list(POINT_SPECK.finditer(text))):
        # the speck may hide a digit ("1" read "."): the figure's digit beside it is doubted
        near = m.end() if m.end() < len(text) and text[m.end()].isdigit() else m.start() - 1
        scores[near] = min(scores[near], SLIP_SCORE)
        text = text[: m.start()] + text[m.end() :]
        scores = scores[: m.start()] + scores[m.end() :]
    for m in reversed(list(BRACKET_SPECK.finditer(text))):
        if scores[m.start()] < SPECK_SCORE:
            text = text[: m.start()] + text[m.end() :]
            scores = scores[: m.start()] + scores[m.end() :]
    return text, scores


def repair(box: RawBox) -> RawBox:
    """The box with brackets made full-width, specks read as marks beside a number dropped,
    a number cell's letters read for digits ("S" for 5) and slipped decimal points put back,
    each repaired character scored :data:`SLIP_SCORE` so that its figure goes to review."""
    text, scores = _drop_specks(box.text, list(box.scores))
    text = text.translate(_BRACKETS)
    for m in DECIMAL_SLIP.finditer(text):
        scores[m.start()] = min(scores[m.start()], SLIP_SCORE)
    text = DECIMAL_SLIP.sub(".", text)
    return RawBox(box.quad, text, scores)


def _width(ch: str) -> float:
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55


def _chars(text: str, box: Box, scores: list[float]) -> list[Char]:
    x0, top, x1, bottom = box
    height = bottom - top
    size = 0.8 * height
    mid = (top + bottom) / 2
    weights = [_width(ch) for ch in text]
    unit = (x1 - x0) / max(sum(weights), 1e-6)
    chars: list[Char] = []
    x = x0
    for ch, w, score in zip(text, weights, scores, strict=True):
        nx = x + w * unit
        if not ch.isspace():
            chars.append(
                {
                    "text": ch,
                    "x0": x,
                    "x1": nx,
                    "top": mid - size / 2,
                    "bottom": mid + size / 2,
                    "doctop": mid - size / 2,
                    "size": size,
                    "upright": True,
                    "fontname": "OCR",
                    "matrix": (1.0, 0.0, 0.0, 1.0, x, 0.0),
                    "ocr_score": score,
                }
            )
        x = nx
    return chars


def layout_page(
    number: int,
    boxes: Sequence[RawBox],
    cells: Sequence[Sequence[Box]],
    *,
    scale: float,
    size: tuple[int, int],
    angle: float,
) -> tuple[pdf_layout.Page, list[OcrSpan]]:
    """The page ``number`` read from OCR ``boxes`` of an image ``size`` pixels wide and high,
    ``scale`` points per pixel, skewed by ``angle`` degrees; ``cells`` are the ruled tables'
    cell boxes in pixels of the deskewed image."""
    centre = (size[0] / 2, size[1] / 2)
    placed: list[tuple[RawBox, Box]] = []
    chars: list[Char] = []
    for b in map(repair, boxes):
        pts = [turn_back(p, angle, centre) for p in b.quad]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        box = (min(xs) * scale, min(ys) * scale, max(xs) * scale, max(ys) * scale)
        placed.append((b, box))
        chars += _chars(b.text, box, b.scores)
    tables = [[tuple(v * scale for v in c) for c in table] for table in cells]
    page = pdf_layout.read_page(number, chars, tables)  # type: ignore[arg-type]
    lines = [*page.lines, *page.cell_lines]
    spans = []
    for b, box in placed:
        line = _line_of(lines, box)
        if line is not None:
            spans.append(OcrSpan(page=number, line=line, text=b.text, scores=b.scores, box=box))
    return page, spans


def _line_of(lines: Sequence[pdf_layout.Line], box: Box) -> int | None:
    """The number of the line holding most of ``box``'s middle row."""
    cy = (box[1] + box[3]) / 2
    best, overlap = None, 0.0
    for ln in lines:
        if not ln.top - 1 <= cy <= ln.bottom + 1:
            continue
        shared = min(ln.x1, box[2]) - max(ln.x0, box[0])
        if shared > overlap:
            best, overlap = ln.number, shared
    return best
