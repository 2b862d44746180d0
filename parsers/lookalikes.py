"""Percentages of prose that look like progress and are not, each with the reason it is left out.

``percentages.read_figures`` already sets aside targets, rules, changes and earlier periods; in
running text more look-alikes come: indicator levels (参保率, 覆盖率), bounds (…以上, …以内),
benchmarks (平均水平), shares of the programme's own list of projects, shares not started
(未启动…占计划的), figures that qualify a verb ("100%保障入学"). And one thing the generic reader
takes for a target is progress: "完成目标143%", done against the target.
"""

from __future__ import annotations

import regex

from parsers.percentages import Figure

# indicator levels, which say how high something is, not how far the work has got
LEVEL_RATE = regex.compile(
    r"参保率|参合率|续保率|参合\(保\)率|覆盖率|覆盖面|筛查率|检出率|合格率|参培率|就业率|失业率"
    r"|发放率|利用率|处理率|达标率|入学率|巩固率|满意率|满意度|报销比例|报销率|使用率|入住率"
    r"|优良率|普及率|知晓率|治愈率|死亡率|出生率|保障率|自给率|结案率|办结率|回复率|增长率|增速"
)
# a bound, not a figure: "配租使用率达97%以上", "控制在4.5%以内"
BOUND_AFTER = regex.compile(r"\s*[）)]?\s*(?:以上|以内|以下|左右|及以上|之间)")
# a benchmark of another place: "高于全省平均水平（72.26%）", "全国平均为65%"
BENCHMARK_BEFORE = regex.compile(r"平均(?:水平|值|进度|数)?(?:为|是|达|约)?[（(]?$")
# a target phrase: "开工率必须达到100%", "要求完成率达到", "力争达到", "预计完成"
MUST_BEFORE = regex.compile(
    r"(?:必须|应当|应|要求|务必|需要?|确保|力争|预计|争取|目标为|目标是)[\p{Han}]{0,4}"
    r"(?:达到|达|实现|完成|超过|为)$"
)
# a figure that qualifies the verb after it: "100%保障入学", "100%覆盖"
QUALIFIES_AFTER = regex.compile(r"(?![的为和及与])\p{Han}")
# shares of the programme's own list of projects: "121个具体项目中有93个…，占76.9%",
# "…等257个项目已完工，完工率44.62%", "开工128个（项），开工率98%"
PROJECT_COUNT = regex.compile(
    r"\d+个(?:具体)?项目中|等\d+个项目|\d+项(?:民生)?(?:工程|实事|项目)?中"
    r"|\d+(?:项|个|件)[\p{Han}]{0,6}?(?:民生实事|民生工程|实事|项目)[\p{Han}]{0,4}?"
    r"(?:已|有)(?:全面|全部)?(?:完成|开工|竣工|完工)\d+(?:个|项|件)"
    r"|有\d+(?:项|个|件)?(?:[（(][^）)]{0,60}[）)])?[，,]?(?:占|占比)"
    r"|\d+(?:项|个|件)(?:指标|事项|项目)?[\p{Han}]{0,8}[，,]占比(?:达|为)?$"
    r"|(?:项目|事项|实事)\d+(?:项|个|件)[，,]占比(?:达|为)?$"
)
# an item of the list counted in its own units: "剩余5项中，3个驿站建设已完成2个（67%）"
OWN_COUNT = regex.compile(
    r"[，,、]\s*\d+(?:\.\d+)?(?:个|条|户|所|座|处|家|名|人|场|件|套|公里|间|张)[\p{Han}]{2,}"
)
# a margin over the schedule: "超序时进度24.9%", "快于时序进度"
SCHEDULE_MARGIN = regex.compile(r"(?:超|超过|高于|快于)(?:序时|时序)(?:进度)?$")
# a bound said before the figure: "开工率不足60%", "完成率低于50%"
BOUND_BEFORE = regex.compile(r"(?:不足|不到|未达到?|未满|低于|少于|超过)$")
# a share of spending, not progress: "民生支出占一般公共预算支出的83.1%"
SPENDING_SHARE = regex.compile(r"占[\p{Han}]{0,8}(?:一般公共预算|财政)[\p{Han}]{0,4}支出的?$")
# a share of what has not started: "未启动实施的52个村，分别占计划的15.6%"
NOT_STARTED = regex.compile(r"未(?:启动|开工|实施|动工|开建|完成)")
# what is left to do, in the figure's own clause: "还剩下4.9万套、约14%的任务", "尚余12%"
REMAINING = regex.compile(r"(?:还|尚|仍)(?:剩下?|余|有)|剩下")
# progress measured against the target, not the target itself: "完成目标210%", "完成年度目标65%"
DONE_OF_TARGET = regex.compile(r"完成(?:了)?(?:年度|全年)?目标(?:任务)?$")
# where a segment of a sentence ends: "；"
SEGMENT_END = regex.compile(r"[；;]")
# what a figure compares with an earlier year: "较去年同期提高", "比上年"
EARLIER = regex.compile(r"(?:去年|上年|前年)(?:同期)?(?:的|为)?$")


def why_left_out(
    text: str, fig: Figure, label_start: int, clause_start: int, floor: int = 0
) -> str | None:
    """Why the figure ``text[fig.start:fig.end]`` of a sentence is not progress, or None.
    ``clause_start`` is where the clause of its label starts, ``floor`` where the figure
    before it ends."""
    # "完成目标143%" is done against the target, and read on as any other figure
    if fig.reason and not (fig.reason == "target" and DONE_OF_TARGET.search(text, 0, fig.start)):
        return fig.reason
    before = text[max(0, label_start - 16) : fig.start]
    clause = text[clause_start : fig.start]
    bare_clause = regex.sub(r"[（(][^（）()]*[）)]", "", clause)
    if LEVEL_RATE.search(fig.label) or LEVEL_RATE.search(bare_clause[-12:]):
        return "an indicator level, not progress"
    if BOUND_AFTER.match(text, fig.end):
        return "a bound (以上/以内), not a figure"
    if SCHEDULE_MARGIN.search(text, max(0, fig.start - 8), fig.start):
        return "a margin over the schedule"
    if BOUND_BEFORE.search(text, max(0, fig.start - 4), fig.start):
        return "a bound (不足/低于), not a figure"
    if SPENDING_SHARE.search(text, max(0, fig.start - 24), fig.start):
        return "a share of spending, not progress"
    if BENCHMARK_BEFORE.search(text, max(0, fig.start - 12), fig.start):
        return "a benchmark average"
    if MUST_BEFORE.search(text, max(0, label_start - 8), label_start) or MUST_BEFORE.search(before):
        return "target"
    if QUALIFIES_AFTER.match(text, fig.end):
        return "qualifies a verb (a target's wording)"
    if EARLIER.search(text, max(0, label_start - 6), label_start):
        return "an earlier period's figure"
    count = PROJECT_COUNT.search(text, floor, fig.start)
    if count and not OWN_COUNT.search(text, count.end(), fig.start):
        return "a share of the programme's project count"
    segment = max((m.end() for m in SEGMENT_END.finditer(text, 0, fig.start)), default=0)
    if NOT_STARTED.search(clause) or NOT_STARTED.search(text, segment, segment + 20):
        return "a share not started"
    if REMAINING.search(clause):
        return "a share still to do"
    return None
