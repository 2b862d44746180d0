"""The fonts of a PDF page as pdfminer names them, for the glyphs PDFium reads.

PDFium reports a glyph's font by its BaseFont; pdfminer (and so pdfplumber) names it and
measures its descent from the page's font resources. This module reads those resources (cheap:
no content stream is interpreted) so ``parsers.pdf_pdfium_chars`` gives each glyph the name and
box pdfplumber would give.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdffont import PDFCIDFont, PDFType3Font
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdftypes import PDFObjRef, dict_value, list_value, resolve1
from pdfminer.psparser import PSLiteral, literal_name

__all__ = ["Font", "NotCovered", "base_name", "page_fonts"]


class NotCovered(Exception):
    """The page holds something the PDFium reader does not map exactly; pdfplumber reads it."""


@dataclass(frozen=True)
class Font:
    fontname: str
    descent: float  # in text space units per unit of font size (negative)


def page_fonts(page: pdfplumber.page.Page, fonts: PDFResourceManager) -> dict[str, Font]:
    """pdfminer's name and descent of each font of the page and of its form XObjects, by the
    base name PDFium reports (its BaseFont without the subset prefix "ABCDEF+").

    A page with a Type3 or vertical font, or a CID font with no Unicode map (pdfminer reads its
    glyphs as "(cid:N)", PDFium drops some), is not covered. Two subsets of one font share a
    base name: the first one's name is kept (the names differ in the prefix alone); a base name
    two fonts share with different descents is left out, and a glyph in it sends the page to
    pdfplumber.
    """
    found: dict[str, Font | None] = {}
    for spec_ref in _font_specs(page.page_obj.resources, depth=0):
        spec = dict_value(spec_ref)
        objid = spec_ref.objid if isinstance(spec_ref, PDFObjRef) else None
        font = fonts.get_font(objid, spec)
        if isinstance(font, PDFType3Font) or font.is_vertical():
            raise NotCovered
        if isinstance(font, PDFCIDFont) and font.unicode_map is None:
            raise NotCovered
        names = {base_name(spec.get("BaseFont"))}
        if isinstance(font, PDFCIDFont):
            names.add(base_name(getattr(font, "basefont", None)))
            for descendant in list_value(spec.get("DescendantFonts", [])):
                names.add(base_name(dict_value(descendant).get("BaseFont")))
        entry = Font(_text_name(font.fontname), font.get_descent())
        for key in names - {""}:
            known = found.setdefault(key, entry)
            if known is not None and not _same_font(known, entry):
                found[key] = None
    return {k: v for k, v in found.items() if v is not None}


def _same_font(a: Font, b: Font) -> bool:
    return a.descent == b.descent and base_name(a.fontname) == base_name(b.fontname)


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


def base_name(value: object) -> str:
    value = _text_name(value)
    prefix, plus, rest = value.partition("+")
    return rest if plus and len(prefix) == 6 and prefix.isupper() else value
