"""The abstract layout of a circular that every renderer (text, Word, PDF) draws from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ParaKind = Literal[
    "issuer",
    "issue",
    "title",
    "salutation",
    "heading",
    "body",
    "label",
    "table_title",
    "signature",
    "date",
]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass
class Para:
    runs: list[Run]
    kind: ParaKind = "body"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Cell:
    text: str
    merged: bool = False  # continues the cell above (a vertically merged cell)


@dataclass
class Row:
    cells: list[Cell]
    spans_all: bool = False  # a heading row across the whole table (its text in cells[0])


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    widths: list[float] = field(default_factory=list)  # relative column widths


@dataclass
class PageBreak:
    pass


Block = Para | Table | PageBreak


@dataclass
class Document:
    """A circular laid out abstractly; each renderer turns it into one format."""

    blocks: list[Block]
    faux_bold: bool = False  # headings drawn twice with a tiny offset (PDF)
    page_numbers: bool = True  # "- 3 -" at the foot of each page (PDF)
    bold_marks: bool = True  # **bold** runs kept as marks (text)
    rows_break: bool = False  # a table row may run on across a page end (PDF)
    cell_paragraphs: bool = False  # a cell's "其中，…" typed as a paragraph of its own (Word)
    repeat_header: bool = True  # the table header repeated at the top of each page


def para(text: str, kind: ParaKind = "body", *, bold: bool = False) -> Para:
    return Para([Run(text, bold)], kind)


CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚"


def circled(n: int) -> str:
    return CIRCLED[n - 1]
