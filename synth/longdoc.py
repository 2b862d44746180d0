"""A long PDF circular for benchmarks: one month's circular whose 附件1 table runs on for pages."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from pathlib import Path

import pdfplumber

from synth.corpus import generate_year
from synth.document import Block, Cell, Document, Row, Table
from synth.render_pdf import render_pdf


def _longer(doc: Document, copies: int) -> Document:
    """The document with its first table (附件1) repeated ``copies`` times over."""
    blocks: list[Block] = []
    grown = False
    for block in doc.blocks:
        if isinstance(block, Table) and not grown:
            rows = [Row([Cell(c.text, c.merged) for c in r.cells], r.spans_all)
                    for _ in range(copies) for r in block.rows]  # fmt: skip
            block = replace(block, rows=rows)
            grown = True
        blocks.append(block)
    return replace(doc, blocks=blocks)


def _pages(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def long_pdf(path: str | Path, pages: int, *, city: str = "衡阳市", seed: int = 0) -> int:
    """Write a circular of at least ``pages`` pages to ``path``; returns its page count."""
    corpus = generate_year(city, 2025, seed=seed, months=[8, 9])
    circular = corpus.circular(9)
    title = circular.golden["meta"]["title"]
    base = _pages(render_pdf(circular.document, title=title))

    def build(copies: int) -> tuple[bytes, int]:
        data = render_pdf(_longer(circular.document, copies), title=title)
        return data, _pages(data)

    copies = 2
    data, n = build(copies)
    for _ in range(4):  # scale by the pages a copy of the table takes, as measured so far
        per = max((n - base) / (copies - 1), 0.5)
        want = max(2, 1 + math.ceil((pages - base) / per))
        if want == copies and n >= pages:
            break
        copies = want
        data, n = build(copies)
    while n < pages:
        copies += 1
        data, grown = build(copies)
        if grown <= n:
            raise RuntimeError("the table does not grow the document")
        n = grown
    Path(path).write_bytes(data)
    return n
