"""A text circular as an ``ExtractedDocument``: one ``TextBlock`` per line, tab-separated lines
as ``TableRow``s. Pure: the text reader calls this after decoding a file."""

from __future__ import annotations

import hashlib

import regex

from schemas.extracted import ExtractedDocument, LineOrigin, TableRow, TextBlock

# every line break a text file may use: "\r\n", "\r", "\n", and the Unicode separators
LINE_BREAK = regex.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# the end of a sentence closing a cell: "…进度为78.57%。", "…已完成全年目标任务；"
CELL_END = regex.compile(r"[。！？；;!?]\s*$")
# the rest of a figure the extraction carried onto the next line: "46%。", "88.46％", ".5%"
FIGURE_REST = regex.compile(r"^\s*(?:\d+(?:\.\d*)?|\.\d+)?\s*[%％]")
# a further line of a cell's text, set on its own line with a figure of its own:
# "恢复和改善灌溉面积1.7万亩，完成率44.9%。" (not a note: "注：完成率按投资计算，85%")
CELL_LINE = regex.compile(r"^(?!\s*(?:注|说明|备注|附件|数据来源|资料来源))[^\t]*\d\s*[%％]")


def split_lines(text: str) -> list[str]:
    return LINE_BREAK.split(text)


def _cell(text: str, line: int) -> TextBlock | None:
    if not text.strip():
        return None
    return TextBlock(text=text, origins=[LineOrigin(offset=0, page=None, line=line)])


def _last_cell(row: TextBlock | TableRow) -> TextBlock | None:
    if not isinstance(row, TableRow) or not row.cells:
        return None
    return row.cells[-1]


def _wraps(row: TextBlock | TableRow, line: str) -> bool:
    cell = _last_cell(row)
    return cell is not None and not CELL_END.search(cell.text) and bool(FIGURE_REST.match(line))


def _cell_line(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` (no tab, right under a row) is a further line of that row's last
    cell: a line with a figure, followed directly by another row or by a blank line or the end."""
    nxt = lines[index + 1] if index + 1 < len(lines) else ""
    return bool(CELL_LINE.match(lines[index])) and ("\t" in nxt or not nxt.strip())


def _continued(row: TableRow, line: str, number: int) -> TableRow:
    cell = row.cells[-1]
    assert cell is not None
    origin = LineOrigin(offset=len(cell.text), page=None, line=number)
    block = TextBlock(text=cell.text + line.strip(), origins=[*cell.origins, origin])
    return TableRow(table=row.table, cells=[*row.cells[:-1], block])


def document_from_text(
    text: str,
    *,
    sha256: str | None = None,
    media_type: str = "text/plain",
    filename: str | None = None,
) -> ExtractedDocument:
    """One TextBlock per non-blank line (origins page=None, line=i, 1-based); a line holding a
    tab is a TableRow, its blank cells ``None``. Consecutive rows, blank lines aside, form one
    table; prose between rows starts the next table. A line with no tab right under a row
    whose last cell ends no sentence, starting with the rest of a figure, is the rest of that
    cell, wrapped by the extraction ("计划投资完成率88." / "46%。")."""
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    items: list[TextBlock | TableRow] = []
    table = -1
    in_table = False
    last_row: int | None = None  # the physical line of the row just above, if any
    lines = split_lines(text)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            last_row = None
            continue
        if (
            "\t" not in line
            and last_row == number - 1
            and _last_cell(items[-1]) is not None
            and (_wraps(items[-1], line) or _cell_line(lines, number - 1))
        ):
            items[-1] = _continued(items[-1], line, number)  # type: ignore[arg-type]
            last_row = number
            continue
        last_row = number if "\t" in line else None
        if "\t" in line:
            if not in_table:
                table += 1
                in_table = True
            cells = [_cell(cell, number) for cell in line.split("\t")]
            items.append(TableRow(table=table, cells=cells))
            continue
        in_table = False
        items.append(TextBlock(text=line, origins=[LineOrigin(offset=0, page=None, line=number)]))
    return ExtractedDocument(
        sha256=sha256, media_type=media_type, pages=None, filename=filename, items=items
    )
