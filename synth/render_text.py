"""Plain text as a PDF-to-text extraction gives it: blank lines between paragraphs, page
breaks that cut a paragraph, tab-separated table rows with blank merged cells, the header
repeated per page.
"""

from __future__ import annotations

import random

import regex

from synth.document import CIRCLED, Document, PageBreak, Para, Row, Table

TEXT_VARIANTS = ("utf-8", "utf-8-bom", "gb18030", "utf-8-crlf")
# an extraction glitch: ㉑…㉚ come out as ①…⑩ (the font maps them to the low glyphs)
_GLITCH = str.maketrans(CIRCLED[20:30], CIRCLED[0:10])
PAGE_CHARS = 620  # characters of prose on one page of an office circular
ROWS_PER_PAGE = (6, 11)

# a safe place to cut a paragraph at a page end: between two Han characters far from figures,
# e.g. "完成情况较好" -> "完\n\n成情况较好"
SAFE_CUT = regex.compile(r"(?<=\p{Han})(?=\p{Han})")
# a character of a figure, which a cut keeps its distance from, e.g. "4" or "％" in "进度为45.56％"
FIGURE_CHAR = regex.compile(r"[0-9０-９%％]")


def _para_text(p: Para, bold_marks: bool) -> str:
    if not bold_marks or p.kind != "body":
        return p.text
    return "".join(f"**{r.text}**" if r.bold and r.text.strip() else r.text for r in p.runs)


def cut_at_page_end(text: str, at: int) -> str:
    """Break ``text`` near ``at`` with a page break, never close to a figure."""
    for m in SAFE_CUT.finditer(text, pos=max(1, at)):
        i = m.start()
        if not FIGURE_CHAR.search(text, max(0, i - 8), min(len(text), i + 8)):
            return text[:i] + "\n\n" + text[i:]
    return text


def row_line(row: Row, glitch: bool) -> str:
    if row.spans_all:
        return row.cells[0].text
    line = "\t".join("" if c.merged else c.text for c in row.cells)
    return line.translate(_GLITCH) if glitch else line


def render_text(doc: Document, *, seed_key: str) -> str:
    rng = random.Random(f"text:{seed_key}")
    glitch = rng.random() < 0.25
    out: list[str] = ["", ""]
    used = rng.randint(0, 200)
    for block in doc.blocks:
        if isinstance(block, PageBreak):
            used = 0
            continue
        if isinstance(block, Table):
            header = "\t".join(block.header)
            out.append(header)
            budget = rng.randint(*ROWS_PER_PAGE)
            for row in block.rows:
                if budget == 0:
                    out += ["", header] if doc.repeat_header else [""]
                    budget = rng.randint(*ROWS_PER_PAGE)
                out.append(row_line(row, glitch))
                budget -= 1
            out.append("")
            continue
        text = _para_text(block, doc.bold_marks)
        if block.kind == "body" and used + len(text) > PAGE_CHARS and len(text) > 40:
            text = cut_at_page_end(text, PAGE_CHARS - used)
            used = len(text) - (PAGE_CHARS - used)
        else:
            used += len(text)
        out += [text, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def encode_text(text: str, variant: str) -> bytes:
    if variant == "utf-8":
        return text.encode("utf-8")
    if variant == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if variant == "gb18030":
        return text.encode("gb18030")
    if variant == "utf-8-crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    raise ValueError(f"unknown text variant {variant!r}; one of {', '.join(TEXT_VARIANTS)}")
