"""Progress figures in running prose: news reports, circulars without numbered items, the prose
cells of a table.

Each sentence's percentages are read by ``percentages.read_figures`` (label, metric, units,
targets and changes); this module adds what prose needs beyond a numbered item:

- the project a figure belongs to is the subject of its clause ("全省乡村卫生室改造竣工率91.2%"),
  or of the clauses before it in the sentence ("老年食堂建设项目开工86个，开工率71.7%"), or of
  the figure before it, or the paragraph's heading sentence ("加快社区托育点建设。");
- a list of figures joined by 、/和 after a list of quantities is resolved in order
  ("新建公厕120座、改造公厕85座，分别完成年度任务的60%、42.5%");
- the look-alikes of progress are left out with a reason (``parsers.lookalikes``).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from parsers.located import LocText
from parsers.lookalikes import why_left_out
from parsers.metrics import canonical_metric
from parsers.percentages import Figure, read_figures
from parsers.subjects import (
    CLAUSE_BOUNDARY,
    COUNTED_THING,
    DONE_TAIL,
    METRIC_TAIL,
    PROGRAMME,
    QUANTITY,
    SUBJECT_PREFIX,
    clean_subject,
    counted_object,
    is_weak,
    split_label,
    subject_before,
)

# where a sentence ends: "。", "！", "？", or a text converted from PDF's "万元.各市"
SENTENCE_END = regex.compile(r"(?<=[。！？!?])|(?<=[\p{Han}%]\.)(?=\s*\p{Han})")
# a quoted item name: "“社区助餐服务”"
QUOTED = regex.compile(r"“(?P<name>[^“”]{2,20})”")
# a list of things before a respective list: the names joined by 、 in one clause
LIST_JOINT = regex.compile(r"[、和及与]")
# the end of an enumeration's last item: "…村级图书室等项目完工率"
LIST_TAIL = regex.compile(r"(?:等)?(?:\d+个)?(?:项目|工程|指标|任务)?$")


@dataclass(slots=True)
class ProseFigure:
    """A figure of prose with what anchors it."""

    figure: Figure
    sentence: LocText
    project: str | None
    category: str | None
    reason: str | None = None
    indicator: str | None = None
    context: LocText | None = None  # the paragraph, where a name from outside the sentence stands


def sentences(para: LocText) -> list[LocText]:
    out: list[LocText] = []
    start = 0
    for m in SENTENCE_END.finditer(para.text):
        if m.start() > start:
            out.append(para[start : m.start()])
        start = m.start()
    if start < len(para.text):
        out.append(para[start:])
    return [s for s in out if s.text.strip()]


def _label_start(text: str, fig: Figure) -> int:
    if not fig.label:
        return fig.start
    at = text.rfind(fig.label, 0, fig.start)
    return at if at >= 0 else fig.start


def _listed_names(
    text: str, floor: int, label_start: int, figure_start: int, n: int
) -> list[tuple[str, str | None]] | None:
    """The n things (name, quantity) a respective list is about: quantities before it
    ("A 10个、B 20户"), or the names listed in the label's own clause ("A、B、C等项目完工率")."""
    clause_start = max(
        (m.end() for m in CLAUSE_BOUNDARY.finditer(text, floor, label_start)), default=floor
    )
    own = regex.sub(r"(?:分别|均)?(?:达到|达|为|是)?$", "", text[clause_start:figure_start])
    parts = [p for p in LIST_JOINT.split(own) if p]
    if len(parts) == n:
        names = [regex.sub(r"(?:分别|均|都)$", "", SUBJECT_PREFIX.sub("", p)) for p in parts]
        names[-1] = LIST_TAIL.sub("", split_label(names[-1])[0] or names[-1])
        names[-1] = regex.sub(r"(?:分别|均|都)$", "", names[-1])
        if all(len(x) >= 2 for x in names):
            return [(name, None) for name in names]
    region = text[floor:label_start]
    quantities = list(QUANTITY.finditer(region))
    if len(quantities) < n:
        return None
    found: list[tuple[str, str | None]] = []
    pos = 0
    for q in quantities:
        name = clean_subject(region[pos : q.start()]) or (found[-1][0] if found else "")
        found.append((name, q.group(0)))
        pos = q.end()
    return found[-n:] if all(name for name, _ in found[-n:]) else None


def _groups(text: str, figures: list[Figure]) -> list[list[Figure]]:
    """Runs of figures joined only by 、/和/及: "99%、87%和75%"."""
    groups: list[list[Figure]] = []
    for fig in figures:
        if groups and regex.fullmatch(r"\s*[、和及与,，]\s*", text[groups[-1][-1].end : fig.start]):
            groups[-1].append(fig)
        else:
            groups.append([fig])
    return groups


# a heading about the programme as a whole, not one item: "民生实事项目稳步推进",
# "某市扎实推进民生工程", "强化调度，加快进度"
PROGRAMME_HEADING = regex.compile(r"民生|实事|项目|进展|[，,]")


# a line that heads one item: numbered, led by an action, or ending in the kind of work
# ("（三）住房保障", "加快社区托育点建设", "城市公共停车设施工程"),
# not a caption ("某某乡助餐服务")
ITEM_HEADING = regex.compile(
    r"^(?:[一二三四五六七八九十\d]+[、.．]|[（(][一二三四五六七八九十\d]+[）)])"
    r"|^(?:推进|实施|加快|完善|提升|提高|保障|抓好|加强|扩大|新建|改造|建设|开展|落实|办好)"
    r"|(?:工程|建设|项目|行动|计划|改造)$"
)


def item_heading(text: str) -> str | None:
    """A heading line that names one item ("加快社区托育点建设"), else None."""
    text = text.strip().rstrip("。")
    if PROGRAMME_HEADING.search(text) or not ITEM_HEADING.search(text):
        return None
    aspect = ASPECT.match(text)  # "一、资金筹措情况 全省累计…": the heading before the text
    return aspect.group("topic") if aspect else text


def heading_of(para: LocText) -> str | None:
    """A paragraph's heading sentence: short, no figure, ("加快社区托育点建设。")."""
    first = sentences(para)
    if len(first) < 2:
        return None
    head = first[0].text.strip().rstrip("。")
    if len(head) <= 30 and not regex.search(r"\d", head) and item_heading(head):
        return regex.sub(
            r"^[一二三四五六七八九十\d]+[、.．]|^[（(][一二三四五六七八九十\d]+[）)]", "", head
        )
    return None


# a sentence that opens with what it is about: "老旧小区改造方面，", "在农村供水工作方面：",
# "一、资金筹措情况 ", "2.开工情况."
ASPECT = regex.compile(
    r"^\s*(?:在|关于)?(?P<topic>[\p{Han}“”]{2,16}?)(?:工作)?方面[，,：:]"
    r"|^\s*(?:[一二三四五六七八九十]+、|\d{1,2}[.．、])"
    r"(?P<topic>[\p{Han}“”]{2,12}?(?:情况|进展|工作|工程|建设|改造|项目))"
    r"(?:[.．。：:]|\s+|(?=全省|全市|全州|全县|全区|截至|截止|今年|目前|\d{1,2}[.．、]))"
)


# what a report announces it is about: "公布了今年前七月保障性安居工程建设进度情况",
# "通报全市农村公路建设推进情况"
REPORT_TOPIC = regex.compile(
    r"(?:公布|发布|通报|印发|召开)了?(?P<topic>[^，,。；;]{2,24}?)(?:建设|工作)?"
    r"(?:进度|进展|推进|实施|完成)情况"
)


# a subject that points back at the things the sentence before listed: "这三类棚户区",
# "上述两项工程", "以上4个项目"
DEMONSTRATIVE = regex.compile(
    r"(?:这|上述|以上|前述)[一二三四五六七八九十两\d]{1,2}(?:类|项|个|种|大)"
)


def read_paragraph(
    para: LocText,
    units: object,
    heading: str | None = None,
    default: str | None = None,
    carry: str | None = None,
) -> list[ProseFigure]:
    """The figures of one paragraph with their anchors. ``heading`` is the paragraph's item
    heading (its own first sentence when short, else a heading line above); ``default`` the
    project the paragraph belongs to when it stands in a table row; ``carry`` the project the
    text before was about, which figures of units with no subject of their own take."""
    out: list[ProseFigure] = []
    heading = heading_of(para) or heading
    last_subject: str | None = None
    previous = ""
    text = ""
    for sentence in sentences(para):
        previous, text = text, sentence.text
        aspect = ASPECT.match(text)
        if aspect:  # "老旧小区改造方面，…": what the sentences from here on are about
            heading = aspect.group("topic")
        figures = read_figures(text, units)  # type: ignore[arg-type]
        if not figures:
            counted = COUNTED_THING.search(text.rstrip("。；;，, "))
            subject = clean_subject(text.split("，")[0]) if len(text) < 40 else None
            reported = REPORT_TOPIC.search(text)
            if reported:  # "…公布了今年前七月保障性安居工程建设进度情况。"
                subject = clean_subject(reported.group("topic")) or subject
            last_subject = (counted.group("noun") if counted else subject) or last_subject
            continue
        floor = 0
        quoted = [m for m in QUOTED.finditer(text)]
        for group in _groups(text, figures):
            head = group[0]
            head_label_start = _label_start(text, head)
            names = (
                _listed_names(text, floor, head_label_start, head.start, len(group))
                if len(group) > 1
                else None
            )
            if len(group) > 1 and previous and DEMONSTRATIVE.search(text, floor, head.start):
                # "这三类棚户区开工率分别达到…": the things the sentence before listed
                first_count = QUANTITY.search(previous)
                if first_count:
                    at = first_count.start()
                    names = _listed_names(previous, 0, at, at, len(group)) or names
            for k, fig in enumerate(group):
                indicator: str | None = None
                label_start = _label_start(text, fig)
                if k:  # "99%、87%和75%": the list's label is its head's
                    fig.label, fig.metric = head.label, head.metric
                reason = why_left_out(
                    text, fig, label_start, _clause_start(text, 0, label_start), floor
                )
                if k == 0:
                    group_reason = reason
                elif reason is None and group_reason:
                    reason = group_reason
                if names:
                    subject: str | None = names[k][0]
                    indicator = names[k][1]
                elif k:
                    subject = out[-1].project if out else None
                else:
                    subject, indicator = _anchor(text, fig, floor, label_start)
                    same_segment = (
                        out
                        and out[-1].sentence is sentence
                        and not regex.search(r"[；;]", text[out[-1].figure.end : fig.start])
                    )
                    # "开工率100%，完工5个，完工率41.7%": the figure before it in the sentence
                    if subject is None and (fig.counties or same_segment) and out:
                        subject = out[-1].project if out[-1].sentence is sentence else None
                    if subject is None and (programme := PROGRAMME.search(para.text)):
                        subject = programme.group(0)
                subject = subject or last_subject or default
                if subject is None and fig.counties:  # "…的有甲县（64.10%）、乙县（60.25%）"
                    subject = carry
                if not fig.metric or (fig.metric == "进度" and not fig.label):
                    fig.metric = canonical_metric(fig.label) if fig.label else "完成率"
                item_heading = heading
                named = [q.group("name") for q in quoted if q.end() <= fig.start]
                if named:  # "…其中的“社区助餐服务”，…占目标任务的132.4%"
                    item_heading = named[-1]
                out.append(
                    ProseFigure(fig, sentence, subject, item_heading, reason, indicator, para)
                )
                if reason is None and subject:
                    last_subject = subject
                    if not fig.counties:
                        carry = subject
                elif reason is None and item_heading and not fig.counties:
                    carry = item_heading  # "2.开工情况 …开工率87%": the heading's item
            floor = group[-1].end
    return out


def _anchor(text: str, fig: Figure, floor: int, label_start: int) -> tuple[str | None, str | None]:
    """The subject of a figure and, where the nearest clause only says what was done
    ("已下达"), that as its indicator. The label's own words come first ("市体育中心完成年度投资
    计划的"), then its clause, then the clauses before it in the sentence."""
    named, metric = split_label(fig.label) if fig.label else ("", "")
    own = clean_subject(named)
    if own:
        fig.label, fig.metric = metric, canonical_metric(metric)
    else:
        own = clean_subject(text[_clause_start(text, floor, label_start) : label_start])
    if own and fig.counties and _only_counties(own, fig.counties):
        own = ""  # "甲县开工率达135%": the county is not the project

    if fig.counties and not fig.label:
        own = own or _before_county(text, fig, floor)
        if "(" in own or "（" in own or any(c[:2] in own for c in fig.counties):
            own = ""  # "开工率低于全市平均水平的有甲县(": a list of units, not a subject
    indicator = None
    if own and is_weak(own):
        indicator, own = own, ""

    if not own and not (fig.label or "").startswith(("占", "为")):
        own = counted_object(text[_clause_start(text, floor, label_start) : label_start]) or ""
    if not own:
        found, weak = subject_before(text, _clause_start(text, floor, label_start), floor)
        own = found or ""
        indicator = indicator or weak
    if own and fig.counties:
        rest = _after_county(own, fig.counties)
        if rest is not None and (not rest or is_weak(rest)):
            # "甲省已开工建设": the county and what it did, not a project
            own, indicator = "", indicator or rest or None
    tail = DONE_TAIL.search(own)
    if tail and tail.start() >= 4:  # "农村危房改造已开工": the project, and what was done
        own, indicator = own[: tail.start()], indicator or tail.group(0)
    if indicator and not fig.label and METRIC_TAIL.fullmatch(indicator):
        fig.label, fig.metric, indicator = indicator, canonical_metric(indicator), None
    return own or None, indicator


def _after_county(text: str, counties: list[str]) -> str | None:
    """What ``text`` says after the county it opens with, or None when it opens with none."""
    for name in sorted(counties, key=len, reverse=True):
        for form in (name, name[:-1] if len(name) > 2 else name):
            if text.startswith(form):
                return text[len(form) :]
    return None


def _only_counties(text: str, counties: list[str]) -> bool:
    """True when ``text`` names only these counties, in full or without their suffix."""
    for name in sorted(counties, key=len, reverse=True):
        text = text.replace(name, "")
        if len(name) > 2:  # "太原" for 太原市
            text = text.replace(name[:-1], "")
    return not regex.sub(r"[、和及与，,\s]|等", "", text)


def _before_county(text: str, fig: Figure, floor: int) -> str:
    """ "公租房建设开工率某市达78%": the subject and metric said before the county, taken
    into the figure's label."""
    start = _clause_start(text, floor, fig.start)
    county = fig.counties[0]
    at = text.find(county[:2], start, fig.start)
    if at <= start:
        return ""
    named, metric = split_label(text[start:at])
    if metric and METRIC_TAIL.search(metric):
        fig.label, fig.metric = metric, canonical_metric(metric)
    return clean_subject(named)


def _clause_start(text: str, floor: int, end: int) -> int:
    return max((m.end() for m in CLAUSE_BOUNDARY.finditer(text, floor, end)), default=floor)
