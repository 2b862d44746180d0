"""PDFium and pdfplumber read every PDF the same: the same document, item for item (text, page,
line, paragraph starts, bold, tables), the same warnings, the same refusal.

Every PDF of the tests, the examples, the shared corpus and a set of generated circulars is
read both ways. Since parsing is a pure function of the document, the same document gives the
same facts with the same provenance. A second test checks that PDFium, not the fallback to
pdfplumber, read the pages of the ordinary PDFs, so the parity is not bought by never using it.
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest

import synth
from parsers import pdf_pdfium
from parsers.readers import read_bytes
from schemas.errors import UnreadableDocument

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
FILES = sorted(
    [
        *(ROOT / "tests" / "fixtures" / "readers").glob("*.pdf"),
        *(ROOT / "tests" / "parsers" / "fixtures" / "unseen").glob("*.pdf"),
        *(ROOT / "examples" / "circulars").glob("*.pdf"),
        *CORPUS.glob("*.pdf"),
    ]
)
# generated circulars: two cities, months of both halves of the year
GENERATED = (("衡阳市", 11, [3, 9]), ("怀化市", 13, [6, 12]))
# PDFs with pages PDFium's mapping leaves to pdfplumber on purpose: glyphs with no Unicode map,
# a turned watermark, text objects of spaces alone (LibreOffice), with the pages concerned
PARTLY_PLUMBER = {
    "cid_no_unicode.pdf",
    "cid_partial.pdf",
    "table_break.pdf",
    "shaoyang-2024-07.pdf",
    "shaoyang-2024-08.pdf",
    "shaoyang-2024-09.pdf",
}
# refused before any page is read
REFUSED_UNOPENED = {"encrypted.pdf", "truncated.pdf"}


def _read(data: bytes, name: str, engine: str) -> object:
    try:
        return read_bytes(data, name, pdf_engine=engine).model_dump()
    except UnreadableDocument as exc:
        return ("refused", exc.reason, str(exc))


@pytest.fixture(scope="module")
def generated() -> list[tuple[str, bytes]]:
    pdfs = []
    for city, seed, months in GENERATED:
        for circular in synth.generate_year(city, 2025, seed=seed, months=months).circulars:
            suffix, data = synth.render(circular, "pdf")
            pdfs.append((f"{circular.stem}{suffix}", data))
    return pdfs


def test_the_shared_corpus_is_compared_when_it_is_here() -> None:
    if not CORPUS.exists():
        pytest.skip("the shared corpus is not here")
    assert any(p.parent == CORPUS for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_both_engines_read_a_pdf_file_alike(path: Path) -> None:
    data = path.read_bytes()
    assert _read(data, path.name, "pdfium") == _read(data, path.name, "pdfplumber")


def test_both_engines_read_generated_circulars_alike(generated: list[tuple[str, bytes]]) -> None:
    differ = [
        name
        for name, data in generated
        if _read(data, name, "pdfium") != _read(data, name, "pdfplumber")
    ]
    assert not differ


def _not_covered(data: bytes) -> list[int]:
    pages: list[int] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for _ in pdf_pdfium.read_pages(data, pdf, not_covered=pages):
            pass
    return pages


@pytest.mark.parametrize(
    "path",
    [p for p in FILES if p.name not in {*PARTLY_PLUMBER, *REFUSED_UNOPENED}],
    ids=lambda p: p.name,
)
def test_pdfium_reads_every_page_of_an_ordinary_pdf(path: Path) -> None:
    assert _not_covered(path.read_bytes()) == []


def test_pdfium_reads_every_page_of_generated_circulars(
    generated: list[tuple[str, bytes]],
) -> None:
    assert {name: pages for name, data in generated if (pages := _not_covered(data))} == {}


def test_pdfplumber_reads_the_pages_pdfium_does_not_cover() -> None:
    data = (ROOT / "tests" / "fixtures" / "readers" / "cid_partial.pdf").read_bytes()
    assert _not_covered(data) == [1]
    doc = read_bytes(data, "cid_partial.pdf")
    assert doc.warnings == [
        "page 1: 8 characters have no Unicode mapping (cid:N) and read as \ufffd"
    ]


def _raw_pdf_module() -> ModuleType:
    path = ROOT / "tests" / "fixtures" / "readers" / "raw_pdf.py"
    spec = importlib.util.spec_from_file_location("raw_pdf", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_page_with_actual_text_is_read_by_pdfplumber() -> None:
    # PDFium would read "86%" (the span's /ActualText), pdfminer reads the glyphs "85.71%"
    raw_pdf = _raw_pdf_module()
    content = (
        "BT /F2 14 Tf 72 760 Td (Progress of the project) Tj ET "
        "/Span << /ActualText (86%) >> BDC BT /F2 14 Tf 72 700 Td (85.71%) Tj ET EMC"
    )
    data = raw_pdf._raw_pdf(content, to_unicode=raw_pdf.RADICAL_CMAP)
    assert _not_covered(data) == [1]
    doc = read_bytes(data, "actual_text.pdf")
    assert [b.text for b in doc.items] == ["Progress of the project", "85.71%"]
    assert _read(data, "a.pdf", "pdfium") == _read(data, "a.pdf", "pdfplumber")


def test_a_page_of_plain_glyphs_is_read_by_pdfium() -> None:
    raw_pdf = _raw_pdf_module()
    content = (
        "BT /F2 14 Tf 72 760 Td (Progress of the project) Tj ET "
        "BT /F2 14 Tf 72 700 Td (85.71%) Tj ET"
    )
    data = raw_pdf._raw_pdf(content, to_unicode=raw_pdf.RADICAL_CMAP)
    assert _not_covered(data) == []
    assert _read(data, "a.pdf", "pdfium") == _read(data, "a.pdf", "pdfplumber")


def test_an_unknown_engine_is_refused() -> None:
    data = (ROOT / "tests" / "fixtures" / "readers" / "faux_bold.pdf").read_bytes()
    with pytest.raises(ValueError, match="unknown PDF engine"):
        read_bytes(data, "faux_bold.pdf", pdf_engine="poppler")
