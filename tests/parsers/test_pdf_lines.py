"""``parsers.pdf_lines`` makes exactly the text lines pdfplumber makes from the same glyphs:
on glyphs drawn at random (upright and turned, blank, empty, ligatures, overlapping) and on
every page of the PDFs the tests read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.utils import chars_to_textmap
from pdfplumber.utils.exceptions import PdfminerException

from parsers import pdf_glyphs, pdf_lines

ROOT = Path(__file__).resolve().parents[2]
PDFS = sorted(
    [
        *(ROOT / "tests" / "fixtures" / "readers").glob("*.pdf"),
        *(ROOT / "examples" / "circulars").glob("*.pdf"),
    ]
)
TEXTS = ["民", "生", "1", "%", " ", "\u3000", "", "ﬁ", "(cid:7)", "A", "。"]


def _plumber(chars: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    found = chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)
    return _shape(found)


def _shape(lines: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (ln["text"], ln["x0"], ln["top"], ln["x1"], ln["bottom"], [id(c) for c in ln["chars"]])
        for ln in lines
    ]


@st.composite
def _glyphs(draw: st.DrawFn) -> list[dict[str, Any]]:
    chars = []
    for _ in range(draw(st.integers(1, 40))):
        x0 = draw(st.floats(0, 60, allow_nan=False).map(lambda v: round(v, 1)))
        top = draw(st.floats(0, 30, allow_nan=False).map(lambda v: round(v, 1)))
        width = draw(st.sampled_from([0.0, 2.5, 5.0, 10.0]))
        height = draw(st.sampled_from([5.0, 10.0]))
        chars.append(
            {
                "text": draw(st.sampled_from(TEXTS)),
                "x0": x0,
                "x1": x0 + width,
                "top": top,
                "bottom": top + height,
                "doctop": top,
                "upright": draw(st.sampled_from([True, True, True, False])),
                "size": height,
            }
        )
    return chars


@settings(deadline=None)  # the profile's number of examples (tests/conftest.py)
@given(_glyphs())
def test_lines_of_random_glyphs_are_pdfplumbers(chars: list[dict[str, Any]]) -> None:
    assert _shape(pdf_lines.extract_text_lines(chars)) == _plumber(chars)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_lines_of_every_page_are_pdfplumbers(path: Path) -> None:
    try:
        pdf = pdfplumber.open(path)
        pages = list(pdf.pages)
    except PdfminerException:
        pytest.skip("a PDF refused before any page is read")
    with pdf:
        for page in pages:
            chars = pdf_glyphs.dedupe_chars(page.chars)
            if chars:
                assert _shape(pdf_lines.extract_text_lines(chars)) == _plumber(chars)
