"""The outline of a report's running text: what each paragraph's figures are about.

A report names the item its figures belong to in many places besides the sentence: a heading
line over a paragraph ("加快社区托育点建设"), a numbered section ("一、资金筹措情况") and the
sub-sections a PDF's text ran into its lines ("…35%. 2.开工情况.全县…"), an item's name over its
fields ("工作目标" / "完成进度"), and the project the paragraph before was about.
``read_outlined`` walks the prose lines with all of that and reads each paragraph's figures.
"""

from __future__ import annotations

import regex

from parsers.located import LocText
from parsers.prose import ProseFigure, item_heading, read_paragraph
from parsers.subjects import QUANTITY

# a heading line: short, no figure, not a sentence ("加快社区托育点建设", "（三）住房保障")
HEADING_LINE = regex.compile(r"^[^\d%。，,；;]{4,30}[。]?$")
# the label of an item's target, on a line of its own under the item's name: "工作目标",
# "年度目标任务", "建设内容"
TARGET_FIELD = regex.compile(
    r"(?:工作|年度|全年|建设|主要)?目标(?:任务)?|建设(?:内容|任务)|任务目标"
)
# the label of an item's progress: "完成进度", "进展情况", "工作进展"
PROGRESS_FIELD = regex.compile(r"(?:完成|工作|推进|项目|目前)?(?:进度|进展)(?:情况)?|完成情况")
# the name of an item above its fields: a short line, no figure, no sentence
ITEM_NAME = regex.compile(r"[^\d%。，,；;：:]{4,30}")
# a numbered sub-section a PDF's text ran into a line: "…开工情况 1.招标情况.全县有", "2.开工情况."
SUB_SECTION = regex.compile(
    r"(?:^|(?<=[\s.．。；;%]|情况))\d{1,2}[.．、](?P<topic>\p{Han}{2,12}?(?:情况|进展))"
    r"(?=[.．。：:\s])"
)
# a line that opens a numbered section of a report: "一、资金筹措情况", "三、投资完成情况"
SECTION_OPENING = regex.compile(r"^[一二三四五六七八九十]{1,3}、")


def read_outlined(lines: list[LocText], ids: list[int], units: object) -> list[ProseFigure]:
    """The figures of the prose ``lines`` at ``ids``, each paragraph read under the heading,
    section, item and project the text before it set."""
    out: list[ProseFigure] = []
    heading: str | None = None
    section: str | None = None  # the numbered section ("一、资金筹措情况") the text is in
    carry: str | None = None
    name_above: str | None = None  # the last line that could name an item
    block_item: str | None = None  # the item whose fields ("工作目标", "完成进度") follow
    following: dict[int, str] = {}  # the next line with text after each prose line
    after = ""
    for i in reversed(ids):
        following[i] = after
        after = lines[i].text.strip() or after
    for i in ids:
        line = lines[i]
        text = line.text.strip()
        if not text:
            continue
        field = regex.sub(r"[\s：:【】\[\]]", "", text)
        if TARGET_FIELD.fullmatch(field):
            block_item, name_above = name_above, None
            continue
        if PROGRESS_FIELD.fullmatch(field):
            continue
        if ITEM_NAME.fullmatch(text):
            at = line.text.find(text)
            name_above = line.as_printed(at, at + len(text))
        if SECTION_OPENING.match(text):
            block_item = None
            section = item_heading(regex.split(r"[，,]", line.as_printed(0, len(line.text)))[0])
            section = SECTION_OPENING.sub("", section) if section else None
        # a line the next one goes on with a count ("已完成招标项目" / "415 处,…") is a sentence
        # a PDF's text broke, not a heading
        if HEADING_LINE.match(text) and "%" not in text and not QUANTITY.match(following[i]):
            heading = item_heading(line.as_printed(0, len(line.text)))
            continue  # a heading line names the item of the paragraph right under it
        figures = read_paragraph(
            line, units, heading=heading or section, carry=carry, item=block_item
        )
        heading = None
        subs = list(SUB_SECTION.finditer(line.text))
        if subs:  # "2.开工情况.全省…": what the lines after this one are about
            section = subs[-1].group("topic")
        carry = next(
            (
                f.project or f.category
                for f in reversed(figures)
                if f.reason is None and not f.figure.counties
            ),
            carry,
        )
        out += figures
    return out
