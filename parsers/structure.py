"""The layout of a circular: body paragraphs, attachment headings and the tables under them.

Attachments are recognised by their headings ("附件1", "附件 1", "附件一") and titles (省定 /
市定), not by their position; a progress table outside any attachment is one too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from parsers.located import LocText
from parsers.numbering import chinese_int
from parsers.paragraphs import join_lines
from schemas.circular import Level
from schemas.extracted import ExtractedDocument, LineOrigin, TableRow, TextBlock

# an attachment heading, alone or with its title: "附件 1", "附件一", "附件2：全市…进度表", "附件"
# (not the list "附件：1. …" in the body)
ATTACHMENT_HEADING = regex.compile(
    r"^附件\s*(?:(?P<number>\d{1,2}|[一二三四五六七八九十]{1,3})(?:\s*[:：.、]|\s|$)(?P<title>.*)|$)"
)
# a category heading standing between table rows: "一、推进教育优质均衡发展"
CATEGORY_LINE = regex.compile(
    r"^(?:(?P<number>[一二三四五六七八九十]{1,3})[、.．]|[（(](?P<number>[一二三四五六七八九十]{1,3})[）)])"
    r"(?P<name>[^，。；%]{2,30})$"
)
# the level an attachment title or part names: "（省定重点民生实事）", "二、市级民生实事"
PROVINCE_HINT = regex.compile(r"省定|省级(?:重点|民生|实事)|省重点民生|全省重点")
CITY_HINT = regex.compile(r"市定|市级(?:重点|民生|实事)|市重点民生|全市重点民生实事(?!.*省)")


@dataclass(slots=True)
class Attachment:
    number: int | None
    title: str = ""
    level: Level | None = None
    rows: list[TableRow] = field(default_factory=list)
    heading: LocText | None = None
    # the paragraphs read under this heading, given back to the body if no table follows
    paragraphs: list[LocText] = field(default_factory=list)


@dataclass(slots=True)
class Layout:
    body: list[LocText] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    prose_lines: int = 0


def level_hint(text: str) -> Level | None:
    if PROVINCE_HINT.search(text):
        return "province"
    if CITY_HINT.search(text):
        return "city"
    return None


def layout(doc: ExtractedDocument) -> Layout:
    """Split the document into body paragraphs and attachments with their table rows."""
    out = Layout()
    current: Attachment | None = None
    pending: list[TextBlock] = []

    def flush_prose() -> None:
        nonlocal current
        if not pending:
            return
        if current is not None and current.heading is None and current.rows:
            current = None  # prose after a table that stood in the body: body again
        paragraphs = join_lines(pending, first_line_index=out.prose_lines)
        out.prose_lines += len(pending)
        pending.clear()
        for para in paragraphs:
            m = ATTACHMENT_HEADING.match(para.text)
            if m:
                number = m.group("number")
                current = Attachment(number=chinese_int(number) if number else None, heading=para)
                current.title = (m.group("title") or "").strip()
                current.level = level_hint(current.title)
                current.paragraphs.append(para)
                out.attachments.append(current)
            elif current is not None and not current.rows:
                # the title lines between an attachment heading and its table; a part heading
                # ("一、省定实事") says more of the rows below than the title does
                current.paragraphs.append(para)
                current.title += para.text
                part = level_hint(para.text) if CATEGORY_LINE.match(para.text) else None
                current.level = part or current.level or level_hint(para.text)
            elif current is not None and CATEGORY_LINE.match(para.text):
                # a category heading between the rows of a table: a row of its own
                page, line = para.at(0)
                origin = LineOrigin(offset=0, page=page, line=line)
                block = TextBlock(text=para.text, origins=[origin])
                current.rows.append(TableRow(table=current.rows[-1].table, cells=[block]))
            elif current is not None:
                # prose after an attachment's table: a note
                current.title += para.text
            else:
                out.body.append(para)

    for item in doc.items:
        if isinstance(item, TextBlock):
            pending.append(item)
            continue
        flush_prose()
        if current is None:
            current = Attachment(number=None)
            out.attachments.append(current)
        current.rows.append(item)
    flush_prose()
    # "附件一：某某进展情况表" listed in the body, then the signature and date: no table
    # follows those headings, so what was read under them is body text
    for attachment in out.attachments:
        if not attachment.rows:
            out.body.extend(attachment.paragraphs)
    out.attachments = [a for a in out.attachments if a.rows]
    return out
