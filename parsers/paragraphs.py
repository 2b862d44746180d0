"""Physical lines → paragraphs → sentences.

A line that does not end a sentence runs on into the next one (Chinese lines are joined with
nothing between them) unless the next line starts a heading or a numbered item, or the reader
saw a paragraph start there (indentation, centring, a Word paragraph). A numbered item after a
finished sentence starts a paragraph even where the layout saw none. Page numbers are dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from parsers.located import LocText
from schemas.extracted import TextBlock

# a line that ends its paragraph: "现将有关情况通报如下：", "…完成较差。"
PARAGRAPH_END = regex.compile(r"[。！？!?：:]$")
# a line that starts a heading or numbered item: "一、工作推进情况", "（二）市定…", "一是强化…",
# "2. 全市…", "①建成…", "附件 1", "(3)新建…"
ITEM_START = regex.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|[一二三四五六七八九十]{1,3}是|\d{1,2}[、.](?!\d)|[\u2460-\u249b\u3251-\u325f\u32b1-\u32bf]"
    r"|附件)"
)
# a short heading that stands alone on its line: "三、特色亮点", "（一）省定重点民生实事"
SHORT_HEADING = regex.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])[^，。；,;]{1,16}$"
)
# a line entirely in brackets: "（省定重点民生实事）", "（某某局代章）"
BRACKETED_LINE = regex.compile(r"^[（(][^（）()]*[）)]$")
# a date on a line of its own: "2024年10月9日", "二〇二四年十月九日"
DATE_LINE = regex.compile(
    r"^[\d〇○零一二三四五六七八九十]{4}年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$"
)
# an attachment heading on a line of its own: "附件 1", "附件一", "附件2：", "附件"
ATTACHMENT_ALONE = regex.compile(r"^附件\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?\s*[:：]?$")
# an office's name on a line of its own (a signature): "某某市重点民生实事工作领导小组办公室"
OFFICE_LINE = regex.compile(r"^[\p{Han}（）()]{4,30}(?:办公室|委员会|人民政府|领导小组|指挥部)$")
# a page number: "- 3 -", "—12—", "第 3 页", "3/10"
PAGE_NUMBER = regex.compile(
    r"^(?:[-—–－\s]*\d{1,3}[-—–－\s]*|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3})$"
)
# the opening lines: an issuing office, a title line "关于…的通报", its end
HEADER_ISSUER_END = regex.compile(
    r"(?:办公室|委员会|人民政府|领导小组|指挥部|工作专班|专班|局|厅|中心)$"
)
HEADER_TITLE_START = regex.compile(r"^关于")
HEADER_TITLE_END = regex.compile(r"(?:通报|通知|报告|情况|函)$")
# the end of a sentence: "。", "！", "？"
SENTENCE_END = regex.compile(r"[。！？!?]")

HEADER_LINES = 6


def _stands_alone(text: str) -> bool:
    return bool(
        SHORT_HEADING.match(text)
        or BRACKETED_LINE.match(text)
        or DATE_LINE.match(text)
        or ATTACHMENT_ALONE.match(text)
        or OFFICE_LINE.match(text)
    )


def join_lines(blocks: Iterable[TextBlock], *, first_line_index: int = 0) -> list[LocText]:
    """Normalised paragraphs from consecutive prose blocks.

    ``first_line_index`` is how many prose lines came before these in the document; the opening
    lines (issuer, title) follow rules of their own.
    """
    paragraphs: list[LocText] = []
    lines: list[LocText] = []

    def flush() -> None:
        if lines:
            joined = lines[0]
            for more in lines[1:]:
                joined = joined.join(more, "\n")
            paragraphs.append(joined.normalized() if len(lines) > 1 else joined)
            lines.clear()

    index = first_line_index
    for block in blocks:
        line = LocText.from_block(block).normalized()
        if not line.text or PAGE_NUMBER.match(line.text):
            continue
        header = index < HEADER_LINES
        index += 1
        if lines:
            previous = lines[-1].text
            alone = len(lines) == 1 and _stands_alone(previous)
            starts = block.starts_paragraph
            if (
                starts is True
                or alone
                or (starts is None and _breaks_before(previous, line.text, header))
                # a numbered item after a finished sentence, though the layout saw no indent
                or (PARAGRAPH_END.search(previous) and ITEM_START.match(line.text))
            ):
                flush()
        lines.append(line)
    flush()
    return paragraphs


def _breaks_before(previous: str, line: str, header: bool) -> bool:
    if PARAGRAPH_END.search(previous) or ITEM_START.match(line):
        return True
    if _stands_alone(line):
        return True
    return header and bool(
        HEADER_ISSUER_END.search(previous)
        or HEADER_TITLE_START.match(line)
        or HEADER_TITLE_END.search(previous)
    )


def sentences(paragraph: LocText) -> list[tuple[int, LocText]]:
    """The sentences of a normalised paragraph with their offsets in it."""
    out: list[tuple[int, LocText]] = []
    start = 0
    for m in SENTENCE_END.finditer(paragraph.text):
        end = m.end()
        # a closing quote or bracket right after the stop belongs to the sentence
        while end < len(paragraph.text) and paragraph.text[end] in "”’」）)":
            end += 1
        if end > start:
            out.append((start, paragraph[start:end]))
        start = end
    if start < len(paragraph.text):
        out.append((start, paragraph[start:]))
    return out
