"""One synthetic circular as PDF and as Word reads into the same rows and the same prose."""

from __future__ import annotations

import pytest
import regex

from parsers.readers import read_bytes
from parsers.tables import is_page_furniture
from schemas.extracted import ExtractedDocument, TableRow, TextBlock

synth_corpus = pytest.importorskip("synth.corpus")

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚"
# the PDF renderer prints "（11）" where its font has no circled number: "（11）城镇老旧小区改造"
PRINTED_NUMBER = regex.compile(r"^（(\d{1,2})）")
SPACE = regex.compile(r"\s+")


def _cell(text: str) -> str:
    text = SPACE.sub("", text)
    return PRINTED_NUMBER.sub(lambda m: CIRCLED[int(m.group(1)) - 1], text)


def _rows(doc: ExtractedDocument) -> list[list[str]]:
    return [
        [_cell(c.text) if c is not None else "" for c in i.cells]
        for i in doc.items
        if isinstance(i, TableRow)
    ]


def _prose(doc: ExtractedDocument) -> str:
    blocks = [i.text for i in doc.items if isinstance(i, TextBlock)]
    return SPACE.sub("", "".join(t for t in blocks if not is_page_furniture(t)))


@pytest.fixture(scope="module")
def circulars() -> list[object]:
    return synth_corpus.generate_year("岳阳市", 2025, seed=3, months=[5, 8]).circulars


@pytest.mark.parametrize("index", [0, 1])
def test_pdf_and_word_read_alike(circulars: list[object], index: int) -> None:
    circular = circulars[index]
    docs = {}
    for fmt in ("pdf", "docx"):
        suffix, data = synth_corpus.render(circular, fmt)
        docs[fmt] = read_bytes(data, f"circular{suffix}")
    pdf, word = docs["pdf"], docs["docx"]
    assert pdf.pages and pdf.pages >= 3
    assert _rows(pdf) == _rows(word)
    assert len(_rows(pdf)) > 20
    assert _prose(pdf) == _prose(word)
    assert {i.table for i in pdf.items if isinstance(i, TableRow)} == {0, 1}
