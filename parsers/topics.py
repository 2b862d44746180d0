"""What a report is about when its sentences and tables do not say it themselves.

Some reports follow one project of a programme ("重点民生实事（农村公路提质改造）"): their table
of places carries a title about the programme as a whole ("全省民生实事项目完成进度表") and their
sentences have subjects such as "已开工小区" or a list of cities. Such figures belong to the
document's topic, with what the sentence names kept as the indicator.
"""

from __future__ import annotations

import regex

from parsers.grids import GridFigure
from parsers.located import LocText
from parsers.prose import ProseFigure

# the one project of a programme a report follows, in brackets after the programme:
# "2022年重点民生实事（农村公路提质改造）目标任务为", "民生工程(城乡供水一体化)"
PROGRAMME_TOPIC = regex.compile(
    r"(?:民生实事|民生工程|为民办实事|民心工程|实事项目)(?:项目)?[（(]"
    r"(?P<name>[\p{Han}“”]{2,20})[）)]"
)
# a bracket that refers elsewhere instead of naming a project: "（见附件）", "（详见附表）"
NOT_A_TOPIC = regex.compile(r"见|附|以下|简称|含|不含|共|等")
# a title about the programme as a whole, not one project: "全省2022年重点民生实事项目完成进度表"
PROGRAMME_TITLE = regex.compile(r"民生实事|民生工程|为民办实事|民心工程|实事项目|民生项目")
# a subject that heads a list of places, not a project: "开工进展较快的地区", "进度靠后的县区",
# or a place cut at its bracket: "某省("
PLACE_LIST_HEAD = regex.compile(r"(?:地区|地方|县区|区县|县市区|市州|省份|省区市|乡镇)$|[（(]$")
# what joins the names of a list of places: "张家界市、怀化市和郴州市"
PLACE_JOINT = regex.compile(r"[、，,和及与\s]|等")


def document_topic(lines: list[LocText], printed: dict[str, str]) -> str | None:
    """The one project the report follows, when its prose names exactly one; its printed
    form goes into ``printed``."""
    names: dict[str, str] = {}
    for line in lines:
        for m in PROGRAMME_TOPIC.finditer(line.text):
            if not NOT_A_TOPIC.search(m.group("name")):
                names[m.group("name")] = line.as_printed(m.start("name"), m.end("name"))
    if len(names) != 1:
        return None
    name, shown = names.popitem()
    printed[name] = shown
    return name


def only_places(text: str, units: object) -> bool:
    """True when ``text`` is nothing but places: "张家界市、怀化市、郴州市", "湘西州"."""
    find = getattr(units, "find", None)
    if not text or find is None:
        return False
    rest = list(text)
    hits = find(text)
    if not hits:
        return False
    for hit in hits:
        for k in range(hit.start, hit.end):
            rest[k] = ""
    return not PLACE_JOINT.sub("", "".join(rest))


def apply_topic(
    topic: str | None,
    prose: list[ProseFigure],
    grid: list[GridFigure],
    titles: set[str],
    units: object,
) -> None:
    """Give the figures with no project of their own the document's topic, or, for a subject
    that is only a list of places, the project of the figure before it."""
    last: str | None = None
    for item in prose:
        if item.project and (
            only_places(item.project, units) or PLACE_LIST_HEAD.search(item.project)
        ):
            item.project = topic or last
        elif topic and item.project != topic:
            item.indicator = item.indicator or item.project
            item.project = topic
        if item.reason is None and item.project:
            last = item.project
    if topic is None:
        return
    for fig in grid:
        if fig.project in titles and PROGRAMME_TITLE.search(fig.project or ""):
            fig.category, fig.project = fig.project, topic
