"""The counts, amounts and targets a progress text states beside its percentages.

"全市累计交付安置房612户，进度为40.8%" gives 612 户 done; "计划投资5210万元，完成投资3377万元"
an amount planned and one done; an attachment row named "交付安置房1500户" gives 1500 户 as the
row's target. A quantity takes the anchors (project, indicator, county) of the
percentage it stands before in its clause, so the figures of one unit can be checked against
each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from parsers.located import LocText
from schemas.circular import Fact, Quantity, QuantityKind

# a count or amount with its unit: "612户", "5210.38 万元", "2 万户", "3,100 户", "317.5万方";
# not a number of counties, projects or months: "12 个县市区", "2040.5 个月", "第3名"
QUANTITY = regex.compile(
    r"(?<![\d.,第])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<mult>万|亿)?\s*"
    r"(?P<unit>人次|平方米|公里|千米|户|套|个|人|名|所|间|处|家|条|件|例|张|台|座|栋|幢|辆|亩|方"
    r"|吨|床|宗|元)"
    r"(?![县区市乡镇月%]|项目|指标|批次|小时|年)"
)
# a word that makes a quantity the task or plan: "年度任务1500户", "计划投资5210万元", "目标2510套"
TARGET_LEAD = regex.compile(r"目标|任务|计划|规划|应完成|需完成")
# a task word right after the quantity: "占今年4200户任务数的", "完成1500户目标"
TARGET_TAIL = regex.compile(r"\s*(?:的)?(?:年度|全年)?(?:目标)?(?:任务|目标|计划)")
# a quantity beyond the task, not the task: "超任务数320户", "超过目标40套"
SURPLUS_LEAD = regex.compile(r"超(?:过|出|额)?(?:年度|全年)?(?:任务|目标|计划)")
# a word that makes it achieved, even beside a task word: "完成救助任务860名", "累计交付612户"
DONE_LEAD = regex.compile(r"完成|累计|已|交付|建成|完工|实现|开工|新增|解决|办理|发放|下达|拨付")
# where the words that qualify a quantity start: the clause it stands in ("，计划投资…")
CLAUSE_START = regex.compile(r"[，,；;。：:、（(）)]")
# the parts of a name listing several targets: "改造燃气管网90公里，新建燃气管网75公里"
NAME_PARTS = regex.compile(r"[，,；;]")
MULTIPLIER = {None: 1.0, "万": 1e4, "亿": 1e8}


@dataclass(frozen=True, slots=True)
class QuantityReading:
    """A quantity of a text: ``text[start:end]`` as printed, its value in ``unit``."""

    start: int
    end: int
    value: float
    unit: str
    kind: QuantityKind
    step: float


def _step(number: str) -> float:
    decimals = number.split(".", 1)[1] if "." in number else ""
    return 10.0 ** -len(decimals)


def _lead(text: str, start: int) -> str:
    stops = list(CLAUSE_START.finditer(text, 0, start))
    return text[stops[-1].end() if stops else 0 : start]


def read_quantities(
    text: str, start: int = 0, end: int | None = None, *, target: bool = False
) -> list[QuantityReading]:
    """The quantities of ``text[start:end]``; with ``target`` every one is a target (a name)."""
    out: list[QuantityReading] = []
    for m in QUANTITY.finditer(text, start, len(text) if end is None else end):
        number = m["num"].replace(",", "")
        factor = MULTIPLIER[m["mult"]]
        unit = m["unit"]
        value, step = float(number) * factor, _step(number) * factor
        if unit == "元":  # money in 万元, as the circulars print it
            value, step, unit = value / 1e4, step / 1e4, "万元"
        lead = _lead(text, m.start())
        kind: QuantityKind
        if SURPLUS_LEAD.search(lead):
            kind = "amount"
        elif (
            target
            or (TARGET_LEAD.search(lead) and not DONE_LEAD.search(lead))
            or TARGET_TAIL.match(text, m.end())
        ):
            kind = "target"
        elif unit == "万元" and not DONE_LEAD.search(lead):
            kind = "amount"
        else:
            kind = "done"
        out.append(QuantityReading(m.start(), m.end(), value, unit, kind, step))
    return out


def regions(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """For each figure ``(start, end)`` of one text, in order, the span whose quantities are its
    own: from the end of the figure before it to its own start."""
    out: list[tuple[int, int]] = []
    previous = 0
    for start, end in spans:
        out.append((previous, start))
        previous = max(previous, end)
    return out


def _anchored(fact: Fact, q: QuantityReading, text: LocText, county: str | None) -> Quantity:
    return Quantity(
        level=fact.level,
        project_no=fact.project_no,
        project=fact.project,
        project_simplified=fact.project_simplified,
        indicator=fact.indicator,
        county=county,
        kind=q.kind,
        value=q.value,
        unit=q.unit,
        step=q.step,
        section=fact.section,
        source=text.ref(q.start, q.end),
    )


def quantities_of_fact(
    fact: Fact, text: LocText, region: tuple[int, int], counties: int
) -> list[Quantity]:
    """The quantities of ``text`` in ``region`` with the anchors of ``fact``, the figure that
    ends the region; none when the figure is about several counties at once (whose they are is
    not said)."""
    if counties > 1:
        return []
    return [_anchored(fact, q, text, fact.county) for q in read_quantities(text.text, *region)]


def name_targets(name: LocText, facts: Sequence[Fact]) -> list[Quantity]:
    """The targets a row's name states, each with the indicator of the row's facts that its part
    of the name names ("实现失业人员再就业18000人，困难人员再就业5200人")."""
    whole = [f for f in facts if f.county is None]
    if not whole or not name.text:
        return []
    indicators = {f.indicator for f in whole}
    out: list[Quantity] = []
    start = 0
    bounds = [m.start() for m in NAME_PARTS.finditer(name.text)] + [len(name.text)]
    for stop in bounds:
        part = "".join(name.text[start:stop].split())
        named = [i for i in indicators if i and "".join(i.split()) in part]
        indicator = named[0] if len(named) == 1 else None
        if indicator is None and indicators != {None} and len(bounds) > 1:
            start = stop + 1
            continue  # a part of a listed name that no figure is about
        fact = next(f for f in whole if f.indicator == indicator) if indicator else whole[0]
        for q in read_quantities(name.text, start, stop, target=True):
            out.append(_anchored(fact.model_copy(update={"indicator": indicator}), q, name, None))
        start = stop + 1
    return out


# a figure of a text and the facts made of it: (text, start, end, its counties, facts)
Made = tuple[LocText, int, int, int, list[Fact]]


def text_quantities(made: Sequence[Made]) -> list[Quantity]:
    """The quantities of the texts figures were read from, each with the anchors of the figure
    that follows it in its text."""
    by_text: dict[tuple, list[Made]] = {}
    for item in made:
        text = item[0]
        by_text.setdefault((text.text, text.at(0)), []).append(item)
    out: list[Quantity] = []
    for items in by_text.values():
        items.sort(key=lambda i: i[1])
        spans = regions([(i[1], i[2]) for i in items])
        for (text, _, _, counties, facts), region in zip(items, spans, strict=True):
            if facts:
                out += quantities_of_fact(facts[0], text, region, counties)
    return out
