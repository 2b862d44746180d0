"""An HTML article page as an ``ExtractedDocument``, and what a listing page links to.

Pure: bytes or text in, document out (``parsers.readers`` hands over a file's bytes; the web
source passes a fetched page's). The page is decoded (``parsers.html_text``), its furniture
taken out and the article found (``parsers.html_page``); then the items are, in order:

1. the title (``<h1>`` or the like agreeing with ``<title>``), one ``TextBlock``;
2. the publish line ("发布时间：2024-05-12 来源：云岭市督查室"), one ``TextBlock``, so the meta
   reader finds the date and the issuing office before the body;
3. the article's body in document order: a ``TextBlock`` per paragraph (``<p>``, ``<div>``,
   headings, list items) and per line a ``<br>`` ends, whitespace collapsed as the page shows
   it (``starts_paragraph`` True at the start of a block, after a blank line or an indent,
   None after a plain ``<br>``); a ``TableRow`` per ``<tr>`` of each data table. Lines that
   are only CMS buttons ("【打印本页】【关闭窗口】", "扫一扫在手机打开当前页") are left out.

Tables: rows and columns spanned by a cell are expanded into a rectangular grid as Word tables
are (``parsers.docx_layout``): a cell merged down (``rowspan``) is repeated in every row it
spans (``parsers.tables.fill_down``), the columns a ``colspan`` cell covers after its first are
blank, and a blank cell is ``None``. A row equal to the table's first row is a repeated header
and dropped, like empty rows. The lines of a cell (``<p>``, ``<br>``) are put on one line;
a table inside a cell is flattened to its rows, cells one space apart. A table of one column
or one whose cell holds a ``<div>`` or table with most of its text lays the page out: its
cells' content is read as paragraphs.

Provenance: ``page`` is None and ``line`` is the line of the page's *text rendering*,
:func:`render_text`: one line per item, in order — the title, the publish line, then each
paragraph line and each table row (cells tab-separated). That is the text a user gets by
saving the page's text with this reader, and the text reader reads that text back into the
same items. A cell repeated down from a merged cell keeps the line where it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex
from lxml.html import HtmlElement

from parsers import html_page
from parsers.html_page import BLOCK_TAGS, is_layout_table, span, table_rows
from parsers.html_text import decode_html, join_lines, parse_tree, squeeze
from parsers.tables import Cell, rebuild_cells
from schemas.errors import UnreadableDocument
from schemas.extracted import ExtractedDocument, LineOrigin, TableRow, TextBlock

HTML = "text/html"
MAX_COLUMNS = 200  # cells of a row past this column (a broken page's spans) are left out

# a line that is only a CMS's buttons or widgets: "【打印本页】【关闭窗口】", "[打印] [关闭]",
# "扫一扫在手机打开当前页", "分享到：", "字体：[ 大 中 小 ]"
JUNK_LINE = regex.compile(
    r"^(?:\s*[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部|我要纠错|纠错)\s*[】\]]?\s*)+$"
    r"|^扫一扫在手机|^分享到\s*[：:]?\s*$|^字[体号]\s*[：:]?\s*[\[【]?\s*大\s*中\s*小\s*[\]】]?$"
)

# the indent that opens a paragraph set with <br>: "\n\u3000\u3000全市…", "&nbsp;&nbsp;一、"
INDENT = regex.compile(r"^[ \t\r\n]*(?:\u3000|\xa0){2}")


@dataclass
class _Table:
    rows: list[list[Cell | None]]
    caption: str | None = None


@dataclass
class _Lines:
    """Paragraph lines and tables of one element, in order; ``line`` numbers are provisional
    ids (one per line or row) until :func:`_number` sets the rendering's numbers."""

    skip: tuple[HtmlElement, ...] = ()
    items: list[tuple[str, bool | None, int] | _Table] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=lambda: [0])
    paragraph: bool | None = True

    def next_id(self) -> int:
        self.ids[0] += 1
        return self.ids[0]

    def text(self, text: str | None) -> None:
        if text:
            self.pieces.append(text)

    def flush(self, *, block_ends: bool = True) -> None:
        """End the line; after a block the next line starts a paragraph, after a ``<br>`` the
        layout cannot tell (unless the line is indented or a blank line came first)."""
        raw = "".join(self.pieces)
        line = squeeze(raw)
        self.pieces = []
        if line and not JUNK_LINE.match(line):
            starts = self.paragraph or bool(INDENT.match(raw)) or None
            self.items.append((line, starts, self.next_id()))
            self.paragraph = True if block_ends else None
        else:
            self.paragraph = True

    def walk(self, element: HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if any(element is s for s in self.skip):
            return
        if tag == "br":
            self.flush(block_ends=False)
            return
        if tag == "table":
            self.flush()
            self.table(element)
            return
        block = tag in BLOCK_TAGS
        if block:
            self.flush()
        self.text(element.text)
        for child in element:
            self.walk(child)
            self.text(child.tail)
        if block:
            self.flush()

    def table(self, element: HtmlElement) -> None:
        if is_layout_table(element):
            for row in table_rows(element):
                for cell in row:
                    self.walk(cell)
            return
        caption = element.find("caption")
        text = cell_text(caption, self) if caption is not None else ""
        self.items.append(_Table(_grid(table_rows(element), self), text or None))


def cell_text(element: HtmlElement, outer: _Lines) -> str:
    """A cell's text on one line; a table in it flattened, its cells one space apart."""
    lines = _Lines(skip=outer.skip, ids=[0])
    lines.walk(element)
    lines.flush()
    texts = []
    for item in lines.items:
        if isinstance(item, _Table):
            rows = (" ".join(c.text for c in row if c is not None and c.text) for row in item.rows)
            texts.append(" ".join(r for r in rows if r))
        else:
            texts.append(item[0])
    return join_lines(texts)


def _grid(rows: list[list[HtmlElement]], lines: _Lines) -> list[list[Cell | None]]:
    """Rows of logical cells: a rowspan continuation ``None``, a colspan's further columns blank."""
    grid: list[list[Cell | None]] = []
    carried: dict[int, int] = {}  # column → rows a cell above still covers
    for row in rows:
        line = lines.next_id()
        blank = Cell((("", None, line),))
        cells: list[Cell | None] = []
        spans: dict[int, int] = {}
        for td in row:
            while carried.get(len(cells), 0) > 0:
                cells.append(None)
            if len(cells) >= MAX_COLUMNS:
                break
            text = cell_text(td, lines)
            width = min(span(td, "colspan"), MAX_COLUMNS - len(cells))
            height = span(td, "rowspan")
            if height > 1:
                for col in range(len(cells), len(cells) + width):
                    spans[col] = height - 1
            cells.append(Cell(((text, None, line),)) if text else blank)
            cells.extend([blank] * (width - 1))
        while carried and len(cells) <= max(carried):
            cells.append(None if carried.get(len(cells), 0) > 0 else blank)
        carried = {c: n - 1 for c, n in carried.items() if n > 1} | spans
        grid.append(cells)
    width = max((len(r) for r in grid), default=0)
    return [r + [Cell((("", None, 0),))] * (width - len(r)) for r in grid]


def _number(head: list[str], lines: _Lines) -> list[TextBlock | TableRow]:
    """The items with the text rendering's line numbers (see the module docstring)."""
    items: list[TextBlock | TableRow] = []
    line = 0
    for text in head:
        line += 1
        items.append(TextBlock(text=text, origins=[_origin(line)], starts_paragraph=True))
    tables = 0
    for item in lines.items:
        if not isinstance(item, _Table):
            text, paragraph, _ = item
            line += 1
            items.append(TextBlock(text=text, origins=[_origin(line)], starts_paragraph=paragraph))
            continue
        if item.caption:
            line += 1
            items.append(TextBlock(text=item.caption, origins=[_origin(line)]))
        rebuilt = rebuild_cells([item.rows])
        if not rebuilt:
            continue
        where: dict[int, int] = {}
        for row in rebuilt:
            line += 1
            where[max(c.lines[0][2] for c in row if c is not None)] = line
        for row in rebuilt:
            cells = [
                None
                if c is None or not c.text
                else TextBlock(text=c.text, origins=[_origin(where.get(c.lines[0][2], line))])
                for c in row
            ]
            items.append(TableRow(table=tables, cells=cells))
        tables += 1
    return items


def _origin(line: int) -> LineOrigin:
    return LineOrigin(offset=0, page=None, line=line)


def _one_line(element: HtmlElement) -> str:
    return cell_text(element, _Lines())


def page_items(text: str, *, label: str = "page") -> list[TextBlock | TableRow]:
    """The items of an article page's text (see the module docstring)."""
    root = parse_tree(text, label=label)
    head_title = html_page.page_title(root)
    html_page.strip_page(root)
    container = html_page.find_container(root)
    title = html_page.find_title(root, container, head_title, _one_line)
    publish = html_page.find_publish_line(root, container, title.element if title else None)
    found = [f for f in (title, publish) if f is not None]
    # an element holding the whole body is not left out of it
    skip = tuple(
        f.element
        for f in found
        if f.element is not None and not html_page.inside(container, f.element)
    )
    lines = _Lines(skip=skip)
    lines.walk(container)
    lines.flush()
    head = [f.text for f in found]
    while lines.items and not isinstance(lines.items[0], _Table) and lines.items[0][0] in head:
        lines.items.pop(0)  # the title written again at the top of the body
    return _number(head, lines)


def render_text(items: list[TextBlock | TableRow]) -> str:
    """The page's text rendering: one line per item, a row's cells tab-separated."""
    out = []
    for item in items:
        if isinstance(item, TextBlock):
            out.append(item.text)
        else:
            out.append("\t".join(c.text if c is not None else "" for c in item.cells))
    return "\n".join(out) + "\n"


def read_html(
    data: bytes, *, sha256: str, filename: str | None, charset: str | None = None
) -> ExtractedDocument:
    """An HTML page's bytes as a document; ``charset`` is the HTTP header's, when known."""
    label = filename or "page"
    items = page_items(decode_html(data, charset=charset, label=label), label=label)
    if not items:
        raise UnreadableDocument("empty", f"{label}: the page holds no text")
    return ExtractedDocument(
        sha256=sha256, media_type=HTML, pages=None, filename=filename, items=items
    )


@dataclass(frozen=True)
class Outline:
    """What a fetched page is: an article (a body with text or a table, not just links) or a
    listing; its ``<base href>``; and its links outside the page's furniture, with their text."""

    article: bool
    base: str | None
    links: list[tuple[str, str]]


MIN_ARTICLE_CHARS = 80  # text outside links an article page has at least


def outline(text: str) -> Outline:
    """Whether a page is an article, and the links a listing page offers."""
    root = parse_tree(text)
    base = next((b.get("href") for b in root.iter("base") if b.get("href")), None)
    html_page.strip_page(root)
    container = html_page.find_container(root)
    plain, linked = html_page.text_counts(container)
    article = plain >= MIN_ARTICLE_CHARS and linked < plain
    links = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if href:
            links.append((href, squeeze(a.text_content()) or squeeze(a.get("title", ""))))
    return Outline(article=article, base=base, links=links)
