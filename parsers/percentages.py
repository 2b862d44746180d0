"""Every percentage of a progress text as a figure: metric, indicator, counties, status.

The text is a normalised table cell or sentence. It is cut into segments at "；" and "。"; a
figure's counties are those named between the previous figure of its segment and itself,
its status is what its own clauses say (未达序时, 滞后, 差距较大 …).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from parsers.counties import UnitLexicon
from parsers.metrics import (
    canonical_metric,
    indicator_of,
    label_before,
    list_items,
    metric_head,
    not_progress,
    reset_metric,
)

# a percentage, negative after a linking word: "88.46%", "投资完成率为-2%"
PERCENT = regex.compile(r"(?<![\d.])(?P<value>(?:(?<=[为达是：:])-)?\d{1,4}(?:\.\d+)?)%")
# where a sentence ends: "。", "！"
SENTENCE_STOP = regex.compile(r"[。！？!?]")
# where a segment ends: "；", ";", "。"
SEGMENT_END = regex.compile(r"[；;。！？!?]")
# a figure behind schedule: "未达序时", "滞后", "差距较大", "进展缓慢"
BEHIND = regex.compile(
    r"未达(?:到)?序时|未达进度|低于序时|滞后|差距较大|差距大|进度较慢|进度缓慢|进展缓慢|进展较慢|"
    r"未完成序时|落后于序时|进度偏慢|推进缓慢|推进较慢|进展滞缓"
)
# the start of a county breakdown: "其中，", "其中"
BREAKDOWN = regex.compile(r"其中")
# the separators of the targets a project's name lists: "…27000人，困难人员再就业7500人"
NAME_PARTS = regex.compile(r"[，,、；;]")
# a work noun that may end only the last of listed indicators: "宫颈癌、乳腺癌检查"
SHARED_TAIL = regex.compile(r"(?:检查|筛查|改造|建设|整治|服务|救助)$")
# "分别为", "分别达到", "分别是"
RESPECTIVELY = regex.compile(r"分别(?:完成了?|达到|达|为|是|占)?(?:为|达)?[:：]?$")
# what stands between bracketed figures of a list, county names aside: "（4.37%）、蒸湘区（"
BRACKETED_JOINT = regex.compile(r"^[）)][、和及与,，][（(]$")
# the metric counties are ranked by, before the first of them: "进度排名后三位的是",
# "完成率排名靠后的为", "进度排在前列的有："
RANKED_BY = regex.compile(
    r"(?P<label>[\p{Han}]{1,8}?)(?:排名|排位|排在)[\p{Han}\d]{0,6}?(?:的是|的有|的为|是|为|有)[:：]?$"
)
# the metric a list of places is given in, before the first of them: "各市(州)开工率：",
# "分县区资金到位率:"
LISTED_BY = regex.compile(r"(?P<label>[\p{Han}]{0,8}?(?:率|比例))\s*[:：]\s*$")
# what may stand between the figures of a list: "80%、90%", "80%和90%"
LIST_JOINT = regex.compile(r"^[、和及与,，]$")
# a sentence that reports on something else, with no figure: "…数字服务整体按序时推进。"
OTHER_REPORT = regex.compile(r"推进|完成|进展|运行|上线|投用|到位")
# county words that make a sentence a county breakdown rather than another thing:
# "11个县市区已完成全年目标任务"
# a place that only says where the news was filed: "中新网某市7月6日电", "新华社某地3月2日电"
DATELINE_AFTER = regex.compile(r"\d{1,2}月\d{1,2}日电")
# a clause boundary that a figure's own places stand after: "，", ","
CLAUSE_COMMA = regex.compile(r"[，,]")
COUNTY_WORDS = regex.compile(r"县市区|县区|各县|各区|区县|其中")


@dataclass(slots=True)
class Figure:
    start: int
    end: int
    value: float
    label: str
    metric: str
    counties: list[str] = field(default_factory=list)
    indicator: str | None = None
    candidate: str | None = None
    behind: bool = False
    reason: str | None = None
    segment: tuple[int, int] = (0, 0)


def _whole_figure_of_sentence(text: str, figures: list[Figure], start: int) -> Figure | None:
    """The last unit-wide progress figure before ``start`` in the same sentence."""
    for fig in reversed(figures):
        if fig.reason is None and not fig.counties:
            return None if SENTENCE_STOP.search(text, fig.end, start) else fig
    return None


def _segments(text: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in SEGMENT_END.finditer(text):
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def _first_unit_or_breakdown(text: str, start: int, end: int, units: UnitLexicon) -> int:
    stop = end
    b = BREAKDOWN.search(text, start, end)
    if b:
        stop = b.start()
    hits = units.find(text, start, stop)
    return hits[0].start if hits else stop


def read_figures(text: str, units: UnitLexicon) -> list[Figure]:
    """The figures of one normalised cell or sentence, in order."""
    matches = list(PERCENT.finditer(text))
    if not matches:
        return []
    segments = _segments(text)
    figures: list[Figure] = []
    seg_index = 0
    for i, m in enumerate(matches):
        while segments[seg_index][1] <= m.start():
            seg_index += 1
        seg = segments[seg_index]
        # the counties of a figure stand between it and the last progress figure before it
        previous = next(
            (f for f in reversed(figures) if f.segment == seg and f.reason is None), None
        )
        region_start = previous.end if previous else seg[0]
        hits = [
            h
            for h in units.find(text, region_start, m.start())
            if not DATELINE_AFTER.match(text, h.end)
        ]
        clause_at = max(
            (c.end() for c in CLAUSE_COMMA.finditer(text, region_start, m.start())), default=0
        )
        own = [h for h in hits if h.start >= clause_at]
        if own and len(own) < len(hits):  # "其中甲乙7市已完成，甲市开工率达135%": its own
            hits = own
        label = label_before(text, m.start(), hits[-1].end if hits else 0)
        fig = Figure(
            start=m.start(),
            end=m.end(),
            value=float(m.group("value")),
            label=label,
            metric=canonical_metric(label),
            segment=seg,
        )
        ranked = RANKED_BY.search(text, region_start, hits[0].start) if hits else None
        if not label and ranked is not None:  # "进度排名后三位的是道县（61.2%）"
            fig.label = ranked.group("label")
            fig.metric = canonical_metric(fig.label)
        elif not label and hits and (listed := LISTED_BY.search(text, region_start, hits[0].start)):
            fig.label = listed.group("label")  # "各市(州)开工率：甲市100%、乙市94%"
            fig.metric = canonical_metric(fig.label)
        elif not label and previous is not None:  # "完成率为95%，其中醴陵市为80%"
            fig.label, fig.metric = previous.label, previous.metric
        elif not label and hits:  # "…占计划的78.3%；赫山区、桃江县分别为92%、88.5%"
            whole = _whole_figure_of_sentence(text, figures, m.start())
            if whole is not None:
                fig.label, fig.metric = whole.label, whole.metric
        reset = reset_metric(text, m.start())
        if reset:
            fig.label = fig.metric = reset
        else:
            fig.reason = not_progress(text, m.start(), m.end(), label, text[seg[0] : seg[1]])
        fig.counties = [h.name for h in hits]
        # the status: what is said between the figure's counties (or its segment start) and
        # the next county, breakdown or figure; a unit-wide figure leaves the counties' clauses
        next_start = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        after_end = _first_unit_or_breakdown(text, m.end(), min(next_start, seg[1]), units)
        head_end = (
            m.start()
            if fig.counties
            else _first_unit_or_breakdown(text, region_start, m.start(), units)
        )
        fig.behind = bool(BEHIND.search(text[region_start:head_end] + text[m.end() : after_end]))
        # the indicator: the thing counted in the last quantity clause before the label
        label_start = text.rfind(label, region_start, m.start()) if label else m.start()
        clauses = list_items(text[region_start : max(label_start, region_start)])
        named = [name for name in map(indicator_of, clauses) if name]
        fig.candidate = named[-1] if named else None
        figures.append(fig)
    _spread_lists(text, figures)
    _share_bracketed_list_status(text, figures, units)
    return figures


def _share_bracketed_list_status(text: str, figures: list[Figure], units: UnitLexicon) -> None:
    """ "耒阳市（4.37%）、蒸湘区（5.52%）进度未达序时": what follows the list is said of each."""
    i = 0
    while i < len(figures):
        j = i
        while j + 1 < len(figures) and figures[j].counties and figures[j + 1].counties:
            pos, pieces = figures[j].end, []
            for hit in units.find(text, figures[j].end, figures[j + 1].start):
                pieces.append(text[pos : hit.start])
                pos = hit.end
            between = "".join(pieces) + text[pos : figures[j + 1].start]
            if not BRACKETED_JOINT.match(between):
                break
            j += 1
        if j > i:
            behind = any(f.behind for f in figures[i : j + 1])
            for fig in figures[i : j + 1]:
                fig.behind = behind
        i = j + 1


def _spread_lists(text: str, figures: list[Figure]) -> None:
    """ "A县、B县进度分别为80%、90%": pair the listed counties (or indicators) with the figures."""
    i = 0
    while i < len(figures):
        j = i
        while j + 1 < len(figures) and LIST_JOINT.match(
            text[figures[j].end : figures[j + 1].start]
        ):
            j += 1
        group = figures[i : j + 1]
        head = figures[i]
        if len(group) > 1 and RESPECTIVELY.search(text, head.segment[0], head.start):
            counties = head.counties
            behind = any(fig.behind for fig in group)  # "…分别为75%、80%，进度滞后"
            for fig in group:
                fig.label, fig.metric, fig.reason = head.label, head.metric, head.reason
                fig.behind = behind
            if len(counties) == len(group):
                for fig, county in zip(group, counties, strict=True):
                    fig.counties = [county]
            else:
                for fig in group[1:]:
                    fig.counties = list(counties)
                names, metric = _listed_indicators(text, head, len(group))
                for fig, name in zip(group, names or [], strict=False):
                    fig.candidate = name
                    fig.metric = metric or fig.metric
        i = j + 1


def _share_tail(names: list[str]) -> list[str]:
    """ "宫颈癌、乳腺癌检查" → 宫颈癌检查, 乳腺癌检查: a work noun ending only the last item is
    every item's."""
    last = SHARED_TAIL.search(names[-1]) if names else None
    if last is None or len(names[-1]) == len(last.group(0)):
        return names
    if any(SHARED_TAIL.search(name) for name in names[:-1]):
        return names
    return [name + last.group(0) for name in names[:-1]] + [names[-1]]


def _listed_indicators(text: str, head: Figure, n: int) -> tuple[list[str] | None, str | None]:
    """The n indicators listed before "分别为": in the label's own clause
    ("新增蓄水能力、恢复灌溉面积完成率分别为…") or as quantities in the clauses before."""
    seg_text = text[head.segment[0] : head.start]
    clause = regex.split(r"[，,；;]", seg_text)[-1]
    clause = RESPECTIVELY.sub("", regex.sub(r"(?:达到|达|为|是|[:：])$", "", clause))
    items = [c for c in regex.split(r"[、和及与]", clause) if c]
    tail = metric_head(items[-1]) if items else None
    if len(items) == n and tail:
        names = _share_tail([item.removesuffix(tail).removesuffix("的") for item in items])
        if all(len(name) >= 2 for name in names):
            return names, tail
    quantities = [indicator_of(c) for c in list_items(seg_text)]
    found = [q for q in quantities if q]
    if len(found) >= n:
        return found[-n:], None
    return None, None


def assign_indicators(text: str, figures: list[Figure], units: UnitLexicon) -> None:
    """Keep indicators only where one text reports several things: two or more unit-wide
    figures, each after a quantity of its own thing (not one its metric already names, as
    "开工…开工率"), or one figure and a sentence with no figure on another thing. County
    figures take the indicator of the unit-wide figure before them in their segment."""
    whole = [f for f in figures if f.reason is None and not f.counties]
    candidates = [f.candidate for f in whole]
    several = (
        len(whole) >= 2
        and all(candidates)
        and len(set(candidates)) == len(candidates)
        and not any(f.candidate and f.candidate in f.metric for f in whole)
    )
    if several or (len(whole) == 1 and _reports_another_thing(text, units)):
        for fig in whole:
            fig.indicator = fig.candidate
    last_whole: Figure | None = None
    for fig in figures:
        if fig.reason is not None:
            continue
        if not fig.counties:
            last_whole = fig
        elif last_whole is not None and (
            last_whole.segment == fig.segment or _breakdown_of(text, last_whole, fig)
        ):
            fig.indicator = last_whole.indicator


def _breakdown_of(text: str, whole: Figure, fig: Figure) -> bool:
    """ "完成率38.4%；其中溆浦县为18.6%": a county figure in the next segment of the same
    sentence, led by 其中, breaks down the unit-wide figure before it."""
    lead = text[fig.segment[0] : fig.start].lstrip("；;，, ")
    return bool(BREAKDOWN.match(lead)) and not SENTENCE_STOP.search(text, whole.end, fig.start)


def indicators_from_name(name: str, text: str, figures: list[Figure]) -> None:
    """ "失业人员再就业27000人、困难人员再就业7500人" | "序时进度分别为118.2%、89.6%": a cell that
    gives several figures 分别 without naming them takes the targets its row's name lists."""
    whole = [f for f in figures if f.reason is None and not f.counties]
    if len(whole) < 2 or "分别" not in text or any(f.indicator for f in whole):
        return
    targets = [indicator_of(part) for part in NAME_PARTS.split(name) if part]
    if len(targets) == len(whole) and all(targets):
        for fig, target in zip(whole, targets, strict=True):
            fig.indicator = target


def _reports_another_thing(text: str, units: UnitLexicon) -> bool:
    for sentence in regex.split(r"(?<=[。！？!?])", text):
        if not sentence or PERCENT.search(sentence) or COUNTY_WORDS.search(sentence):
            continue
        if units.find(sentence):
            continue
        if OTHER_REPORT.search(sentence) and len(sentence) >= 6:
            return True
    return False
