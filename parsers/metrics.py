"""What a percentage measures: the label printed before it, the indicator it belongs to, and
whether it is progress at all (targets, rules, changes, comment handling are not)."""

from __future__ import annotations

import regex

# the label right before a figure, with the words that link it to the number:
# "完成率达88%", "进度为 45.56%", "序时进度：97%", "完成年度任务的 85.45%", "完成率仅为66.1%"
LABEL_BEFORE = regex.compile(
    r"(?P<label>[\p{Han}]+?)"
    r"(?:(?:已|均|总体上|共|分别|仅|只|才|平均)?(?:达到|达|为|是|约为|约|在|了|至)|[仅只]有?|[:：])*$"
)
# what a date leaves before a label that starts right after its digits: "月份", "月底", "日"
DATE_TAIL = regex.compile(r"^(?:月(?:份|底|末|中旬|上旬|下旬)?|日|年(?:底|末)?)")
# a label that is only a linking word: "为", "达到", "分别" (of "赫山区、桃江县分别为92%、88.5%")
LINKERS_ONLY = regex.compile(r"(?:已|均|共|分别)?(?:达到|达|为|是|约为|约|在)|分别|均|共")
# "完成年度任务的" → 年度任务完成率; "完成了年度目标任务的" → 年度目标任务完成率
COMPLETED_OF = regex.compile(r"完成了?(?P<what>[\p{Han}]+?)的$")
# "占年度计划的" → 年度计划完成率
SHARE_OF = regex.compile(r"占(?P<what>[\p{Han}]+?)的$")
# invested money as a share of the plan: "完成投资占年度计划的" → 计划投资完成率
INVESTMENT_SHARE = regex.compile(r"投资占[\p{Han}]{0,4}计划的$")
# "完成全年任务比" → 全年任务完成比
COMPLETED_RATIO = regex.compile(r"完成(?P<what>[\p{Han}]+?)比$")
# words before a metric that belong to the sentence, not the label: "4个指标总体形象进度",
# "全市完成率", "其中进度", "目前进度", "均已完成进度", "农村公路提质改造项目完成率"
LABEL_STOP = regex.compile(
    r"^.*(?:指标|项目|其中|目前|当前|至今|全市|全县|全区|全省|均已|已|共|和|及|分别|月底|月末|年底|月)"
)
# labels that are changes, not progress: "同比增长", "环比下降", "增幅"
CHANGE_LABEL = regex.compile(r"(?:增长|增幅|下降|降幅|降低|提高|提升|上升|减少|同比|环比)$")
# labels about public comments or satisfaction: "意见建议处理率", "群众满意度", "投诉办结率"
COMMENT_LABEL = regex.compile(r"意见|建议|投诉|诉求|满意|留言|信访")
# a target or bound: "提升至60%以上", "力争达到95%", "不低于90%", "有10个完成率超过80%"
# (not a share of the target: "占年度投资目标31.6%")
TARGET_BEFORE = regex.compile(
    r"(?:(?:提升|提高|增长|增加|降低|下降|控制)(?:至|到)|力争[\p{Han}]{0,4}|确保[\p{Han}]{0,4}|"
    r"(?<!占[\p{Han}]{0,10})目标(?:值|为)?|不低于|不少于|高于|低于|超过|大于|小于)$"
)
TARGET_AFTER = regex.compile(r"^(?:以上|以下|及以上|左右)")
# a rule: "差距不能超过10%", "不得低于 5%"
RULE_BEFORE = regex.compile(r"(?:不能|不得|不应|不宜|不)(?:超过|低于|高于|少于|大于|小于)$")
# a value set anew: "调减至67.11%", "核减为 50%", "下降至 40%"
RESET_BEFORE = regex.compile(r"(?:调减|调增|核减|核增|调整|下降|降低|回落)(?:至|到|为)$")
# a metric word in a clause: "进度", "完成率", "形象进度"
METRIC_WORD = regex.compile(r"(?:总体|整体|形象|序时|完成|工程)?进度|完成率|开工率")
# the metric at the end of a listed item: "恢复灌溉面积完成率" → 完成率
METRIC_HEAD = regex.compile(
    r"(?:(?:总体|整体)?(?:形象|序时|工程|完成)?进度|(?:计划投资|投资)?完成率|开工率|完成比)$"
)
# a figure of an earlier period: "由上期的88.95%调减至67.11%", "较上月的 50%"
# the value a figure was changed from: "由85%核减为70%", "由上报的42%核减为35.5%"
FROM_BEFORE = regex.compile(r"(?:由|从)[^\d%，,；;。由从]{0,6}$")
CHANGED_AFTER = regex.compile(
    r"^[^%，,；;。]{0,6}?(?:调减|调增|核减|核增|调整|下降|降低|回落|提高|提升|上升|增加)(?:至|到|为)"
)
# one end of a range: "90%-95%", "85%至95%之间"
RANGE_AFTER = regex.compile(r"^\s*(?:-|—|–|－|~|～|至|到)\s*\d{1,4}(?:\.\d+)?\s*%")
RANGE_BEFORE = regex.compile(r"\d\s*%\s*(?:-|—|–|－|~|～|至|到)\s*$")
EARLIER_BEFORE = regex.compile(r"(?:上期|上月|上次|前期|上一期|去年同期|上年同期)(?:的|为)?$")
# a cumulative figure over several years: "2021至2024年", "2021—2024年"
YEAR_SPAN = regex.compile(r"(?:19|20)\d{2}年?(?:至|到|-|—|–|~)(?:19|20)\d{2}年")
# the start of a noun phrase that is not part of an indicator's name:
# "截至9月，全市实现失业人员再就业" → 失业人员再就业; "全市完成农村公路提质改造" → 农村公路提质改造
INDICATOR_PREFIX = regex.compile(
    r"^(?:(?:截至|截止|到)[^，,]*?(?:底|末|日|月)[，,]?)?(?:今年以来|目前|当前|其中)?[，,]?"
    r"(?:全市|全县|全区|全省|各地|三区|市城区)?(?:累计|共计|共|已经|已|总计)?"
    r"(?:实现|完成|建设|建成|开展|办理|发放)?"
)
# a quantity: "467.036公里", "3450个", "1.3万余条"
QUANTITY = regex.compile(r"\d+(?:\.\d+)?\s*(?:万|亿|千|百)?余?[\p{Han}]")
CLAUSE_SEP = regex.compile(r"[，,、]")
# a bare "completed" with no named metric: "完成75%", "累计完成88.1%", "共计完成60%" → 完成率
COMPLETED_ONLY = regex.compile(r"(?:^|累计|共计|总计|共|已)完成$")

# what may qualify a metric however long: "目标任务完成率", "年度计划投资完成率"
QUALIFIERS = regex.compile(r"(?:年度|全年|目标|任务|计划|投资|总体|整体|工程|形象)+")
# the task a metric is measured against, at the end of a longer label: "…工程目标任务"
TASK_TAIL = regex.compile(r"(?:年度|全年|目标|任务|计划|投资)+$")
# a label this long before its metric names the project or its work, not a kind of metric
# ("工程形象进度" stays; "保障性租赁住房开工建设进度" → 进度)
LONG_SUBJECT = 4


def label_before(text: str, end: int, floor: int = 0) -> str:
    """The run of Chinese characters printed right before ``end`` (not before ``floor``, where a
    county's name ends), without linking words."""
    m = LABEL_BEFORE.search(text, max(0, floor, end - 40), end)
    if not m or LINKERS_ONLY.fullmatch(m.group("label")):
        return ""  # "醴陵市为80%": no label of its own
    label = m.group("label")
    if m.start() > 0 and text[m.start() - 1].isdigit():
        # "10月份开工率升至": the date's tail is not the label
        label = DATE_TAIL.sub("", label)
    return label


def metric_head(item: str) -> str | None:
    """The metric an item of a list ends with: "恢复灌溉面积完成率" → 完成率."""
    m = METRIC_HEAD.search(item)
    return m.group(0) if m else None


def canonical_metric(label: str) -> str:
    """The label reduced to its metric: "完成年度任务的" → 年度任务完成率,
    "个指标总体形象进度" → 总体形象进度, "计划投资完成率" stays."""
    if INVESTMENT_SHARE.search(label):
        return "计划投资完成率"
    m = COMPLETED_OF.search(label)
    if m:
        return LABEL_STOP.sub("", m.group("what")) + "完成率"
    m = SHARE_OF.search(label)
    if m:
        return LABEL_STOP.sub("", m.group("what")) + "完成率"
    m = COMPLETED_RATIO.search(label)
    if m:
        return LABEL_STOP.sub("", m.group("what")) + "完成比"
    if label.endswith("的"):
        label = label[:-1]
    head = LABEL_STOP.sub("", label)
    if COMPLETED_ONLY.search(head) or COMPLETED_ONLY.search(label):  # "完成75%", "累计完成88.1%"
        return "完成率"
    m = METRIC_HEAD.search(head)
    if m and m.start() >= LONG_SUBJECT and not QUALIFIERS.fullmatch(head[: m.start()]):
        # "保障性租赁住房开工建设进度" → 进度; "农村供水工程目标任务完成率" → 目标任务完成率
        task = TASK_TAIL.search(head, 0, m.start())
        return (task.group(0) if task else "") + m.group(0)
    return head or label or "进度"


def reset_metric(text: str, start: int) -> str | None:
    """For a value reset by a verb ("进度由上期的88.95%调减至67.11%"): the metric named earlier
    in the clause, or 进度; None when the figure is not such a value."""
    if not RESET_BEFORE.search(text, max(0, start - 6), start):
        return None
    clause_start = max(text.rfind(sep, 0, start) for sep in "，,；;。") + 1
    names = METRIC_WORD.findall(text, clause_start, start)
    return names[-1] if names else "进度"


def not_progress(text: str, start: int, end: int, label: str, span: str) -> str | None:
    """Why the figure ``text[start:end]`` is not progress, or None if it is."""
    before = text[max(0, start - 12) : start]
    after = text[end : end + 4]
    if RULE_BEFORE.search(before):
        return "rule"
    if EARLIER_BEFORE.search(before):
        return "an earlier period's figure"
    if FROM_BEFORE.search(before) and CHANGED_AFTER.match(text[end : end + 12]):
        return "the value before a change"
    if RANGE_AFTER.match(text[end : end + 12]) or RANGE_BEFORE.search(before):
        return "a range, not one figure"
    if TARGET_BEFORE.search(before) or (TARGET_AFTER.match(after) and _quoted(text, start)):
        return "target"
    if _quoted(text, start):
        return "quoted name of an indicator"
    if COMMENT_LABEL.search(label):
        return "rate of handling public comments"
    if CHANGE_LABEL.search(label):
        return "change, not progress"
    if YEAR_SPAN.search(span):
        return "multi-year cumulative figure"
    return None


def _quoted(text: str, pos: int) -> bool:
    head = text[:pos]
    return head.count("“") > head.count("”") or head.count('"') % 2 == 1


def indicator_of(clause: str) -> str | None:
    """The indicator a quantity clause names: "全市完成农村公路提质改造467.036公里" →
    农村公路提质改造; None without a quantity."""
    m = QUANTITY.search(clause)
    if not m:
        return None
    noun = INDICATOR_PREFIX.sub("", clause[: m.start()]).strip("，,、：: ")
    noun = noun.strip('“”"')
    return noun if len(noun) >= 2 and regex.search(r"\p{Han}", noun) else None


def list_items(clause: str) -> list[str]:
    return [c for c in CLAUSE_SEP.split(clause) if c]
