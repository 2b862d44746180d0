"""What a reader hands to the parser: a document as blocks of text and table rows.

Readers (PDF, text, Word) are the only code that touches files. They turn a file into an
``ExtractedDocument``; everything after that is a pure function of this model, so a parser
test can start from a literal string.

A ``TextBlock`` is a run of text (one physical line of prose, or one table cell) together with
``origins``: where each physical line of it starts, so that any character offset can be traced
back to its page and line.
"""

from __future__ import annotations

from bisect import bisect_right

from pydantic import BaseModel, Field


class LineOrigin(BaseModel):
    """A physical line that starts at ``offset`` in its block's text."""

    offset: int = Field(ge=0)
    page: int | None = Field(
        default=None, description="1-based page; None where the format has no pages"
    )
    line: int = Field(ge=1, description="1-based line within the page (or file, for pages=None)")


class TextBlock(BaseModel):
    """Text with the physical lines it came from.

    ``starts_paragraph`` is a layout hint from readers that know geometry (an indented or
    centred PDF line, a Word paragraph); ``None`` means the reader cannot tell.
    """

    text: str
    origins: list[LineOrigin]
    starts_paragraph: bool | None = None
    bold: bool = False

    def locate(self, offset: int) -> LineOrigin:
        """The physical line holding character ``offset`` of ``text``."""
        starts = [o.offset for o in self.origins]
        return self.origins[max(0, bisect_right(starts, offset) - 1)]


class TableRow(BaseModel):
    """One row of a table, cells left to right. A ``None`` cell continues the cell above
    (a merged cell); readers that can see merges fill them before handing rows over where
    they can, and leave ``None`` where the source itself is blank."""

    table: int = Field(ge=0, description="index of the table in the document")
    cells: list[TextBlock | None]


class OcrSpan(BaseModel):
    """A run of text OCR read on a page image: a detected text box, placed on its line."""

    page: int = Field(ge=1)
    line: int = Field(ge=1, description="the page line the box lies on (numbered as PDF lines)")
    text: str
    scores: list[float] = Field(description="the recogniser's confidence of each character")
    box: tuple[float, float, float, float] = Field(
        description="x0, top, x1, bottom on the page in PDF points (1/72 inch), deskewed"
    )


class ExtractedDocument(BaseModel):
    sha256: str
    media_type: str
    pages: int | None = None
    filename: str | None = None
    items: list[TextBlock | TableRow] = Field(default_factory=list, description="reading order")
    warnings: list[str] = Field(default_factory=list)
    ocr_pages: list[int] = Field(
        default_factory=list, description="pages read by OCR from their image (no text layer)"
    )
    ocr: list[OcrSpan] = Field(default_factory=list, description="what OCR read, box by box")
