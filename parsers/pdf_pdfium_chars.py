"""The glyphs of a PDFium text page as pdfplumber's char dicts.

Text from PDFium's text page (its generated spaces and line ends left out); the box as pdfminer
draws it: from the glyph's origin to its advance across, and from the font's descent below the
baseline to one font size above it, with pdfminer's font name and descent
(``parsers.pdf_pdfium_fonts``).
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from parsers.pdf_glyphs import Char
from parsers.pdf_pdfium_fonts import Font, NotCovered, base_name

__all__ = ["chars"]

GENERATED = " \r\n"  # what PDFium's text page inserts between glyphs

# FPDFText_GetTextObject giving the object's address as an int: a key without a ctypes cast
_TEXT_OBJECT_ADDRESS = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
)


def chars(
    textpage: pdfium.PdfTextPage, fonts: dict[str, Font], height: float, doctop: float
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
    # per text object: font name, scales, font size and the glyph box's offsets from the baseline
    objects: dict[int | None, tuple[str, float, float, float, float, float]] = {}
    chars: list[Char] = []
    append = chars.append
    for i in range(count):
        ch = text[i] if text is not None else chr(raw.FPDFText_GetUnicode(tp, i))
        if ch in GENERATED and is_generated(tp, i):  # PDFium makes spaces and line ends alone
            continue
        key = text_object(tp, i)
        style = objects.get(key)
        if style is None:
            fontname, a, d, fontsize, descent = _object_style(tp, i, fonts)
            below = d * descent * fontsize
            above = d * (descent * fontsize + fontsize)
            style = objects[key] = (fontname, a, d, fontsize, below, above)
        fontname, a, d, fontsize, below, above = style
        origin_of(tp, i, x, y)
        loose_box(tp, i, box)
        if map_error(tp, i):
            raise NotCovered  # pdfminer may read it as "(cid:N)", or by another map
        x0 = round(x.value, 4)
        oy = round(y.value, 4)
        y0 = oy + below
        y1 = oy + above
        top = height - y1
        append(
            {
                "text": ch,
                "fontname": fontname,
                "size": y1 - y0,
                "x0": x0,
                "x1": x0 + round(box.right - box.left, 4),
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
    tp: Any, index: int, fonts: dict[str, Font]
) -> tuple[str, float, float, float, float]:
    """Font name, horizontal and vertical scale, font size and descent of a glyph's text object;
    raises ``NotCovered`` for a turned or mirrored glyph or a font not mapped."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(tp, index, matrix)
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
        raise NotCovered
    obj = raw.FPDFText_GetTextObject(tp, index)
    size = ctypes.c_float()
    if not obj or not raw.FPDFTextObj_GetFontSize(obj, size):
        raise NotCovered
    font = raw.FPDFTextObj_GetFont(obj)
    buffer = ctypes.create_string_buffer(512)
    length = raw.FPDFFont_GetBaseFontName(font, buffer, 512)
    name = buffer.raw[: max(length - 1, 0)].decode("utf-8", errors="replace")
    mapped = fonts.get(base_name(name))
    if mapped is None:
        raise NotCovered
    return (
        mapped.fontname,
        round(matrix.a, 6),
        round(matrix.d, 6),
        round(size.value, 6),
        mapped.descent,
    )
