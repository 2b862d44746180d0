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

# where a sentence ends: "。", "！", "？"
SENTENCE_END = regex.compile(r"(?<=[。！？!?])")
# a clause boundary inside a sentence: "，", "；", "：" (not "、", which joins list items)
CLAUSE_BOUNDARY = regex.compile(r"[，,；;：:]")
# what a subject starts with that is not its name: "截至6月底，", "1-5月，全省", "今年以来，我市",
# "其中，", "目前已", "据了解，"
SUBJECT_PREFIX = regex.compile(
    r"^(?:(?:截至|截止|到|至)[^，,；;]{0,14}?(?:月底|月末|月份|日|底|末|月|目前|为止)(?:止)?"
    r"|\d{4}年(?:\d{1,2}(?:-|—|至|到)\d{1,2}月(?:份)?)?|\d{1,2}(?:-|—|至|到)\d{1,2}月(?:份)?"
    r"|\d{1,2}月(?:底|末|份)?|(?:今年|本年|年初)(?:以来)?|上半年|前三季度|一季度|全年"
    r"|据(?:了解|悉|统计)|另外|此外|同时|其中|目前|当前|现|总计"
    r"|全国|全省|全市|全州|全县|全区|我省|我市|我州|我县|我区|本市|本县|各地|在|有|为|的"
    r"|[，,、：:\s])+"
)
# a quantity in a clause: "86个", "3.2万套", "1.7亿元", "4120个" (not a date "6月底")
QUANTITY = regex.compile(
    r"(?<![\d.])\d+(?:\.\d+)?\s*(?:万|亿|千|百)?余?(?!年|月|日|%|\d)"
    r"(?:个|户|套|所|座|条|公里|千米|米|人次|人|名|万|亿元|元|家|项|件|间|张|处|辆|台|亩|吨|平方米|村|册|场|次|批|班|校|幢|栋|宗|口|眼|盏|床)"
)
# a subject that says only what was done, or names an amount of no thing: "已下达", "累计拨付",
# "完成投资" — the figure's indicator; its project is named further back
WEAK_SUBJECT = regex.compile(
    r"(?:另外|另|并|还|已经|已|累计|共计|共|全部|均|目前|基本|实际)*"
    r"(?:开工|动工|开建|竣工|完工|下达|拨付|到位|完成|建成|开工建设|实施|安置|入住)?"
    r"(?:总|年度|全年)?(?:工程|计划|实际)?(?:投资|任务|工作)?"
)
# a subject that only says what was done: "启动改造", "完成改造", "开工建设" — an indicator
_ADVERB = r"(?:已经|已|累计|共|新|全部|基本|超额|提前|整体|剩余)"
_VERB = (
    r"(?:改造|建设|开工|动工|完工|竣工|建成|完成|启动|实施|发放|培训|签约|拆除|安置|投资|治理"
    r"|整治|新增|新建|开展|接种|筛查|征收|下达|拨付|到位|筹措|筹集|解决|搬迁|达到)"
)
VERB_ONLY = regex.compile(rf"(?:{_ADVERB}*{_VERB}+|{_ADVERB}+)了?")
# a clause that reports where the news came from: "记者从区民政局了解到", "据统计"
REPORTING = regex.compile(r"了解到|获悉|据悉|表示|介绍|报道|讯$")
# what a plan counts, at the end of a sentence with no figure: "…新建120所村级托育点"
COUNTED_THING = regex.compile(
    r"\d+(?:\.\d+)?(?:万|亿)?(?:所|个|户|套|座|条|公里|人|名|家|处|间|张|辆)(?P<noun>[\p{Han}]{2,12})$"
)
# the office that paid, before what it paid: "某省省级财政（含中央）已下达…", "市财政局已拨付…"
AGENT_PREFIX = regex.compile(
    r"^[\p{Han}]{0,8}?(?:财政厅|财政局|财政部门|财政)(?:[（(][^）)]*[）)])?"
    r"(?=(?:已经|已|累计|共)?(?:下达|拨付|安排|投入|筹集|落实))"
)
# the programme as a whole: "12项民生实事项目", "28项民生工程", "15个民生实事项目"
PROGRAMME = regex.compile(
    r"\d+(?:项|个|件)[\p{Han}]{0,6}?(?:民生实事|民生工程|为民办实事|实事)(?:项目)?"
)
# a quoted item name: "“社区助餐服务”"
QUOTED = regex.compile(r"“(?P<name>[^“”]{2,20})”")
# a list of things before a respective list: the names joined by 、 in one clause
LIST_JOINT = regex.compile(r"[、和及与]")
# the end of an enumeration's last item: "…村级图书室等项目完工率"
LIST_TAIL = regex.compile(r"(?:等)?(?:\d+个)?(?:项目|工程|指标|任务)?$")
# the metric at the end of a label that also names its subject: "市体育中心|完成年度投资计划的",
# "全省棚户区改造|基本建成完成率", "农村公路扩面延伸工程|竣工率"
METRIC_TAIL = regex.compile(
    r"(?:(?:已|累计)?(?:完成|占|为|达到|达)了?[\p{Han}]{0,12}?的|(?:已|累计)?完成"
    r"|(?:基本建成|年度计划|目标任务|计划投资|年度投资|投资|资金|筹资|投\(筹\)资)?"
    r"(?:完成|开工|竣工|完工|建成|动工|签约|拨付|到位|下达|支出|执行|发放|入住|建设)?"
    r"(?:率|进度|比例))$"
)


def split_label(label: str) -> tuple[str, str]:
    """A label's subject and metric: "市体育中心完成年度投资计划的" → (市体育中心,
    完成年度投资计划的); a label that is all metric has no subject."""
    m = METRIC_TAIL.search(label)
    if not m or m.start() < 2 or label.startswith("按"):  # "按小区数计占…的": a basis
        return "", label
    return label[: m.start()], label[m.start() :]


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


def clean_subject(text: str) -> str:
    """A clause's words that name its subject: time, place-of-self, quantities and linking
    verbs removed. "截至5月底，全市新开工各类公租房3.2万套" → 新开工各类公租程."""
    text = regex.sub(r"[（(][^（）()]*[）)]", "", text)
    head = QUANTITY.search(text)
    if head:
        text = text[: head.start()]
    text = SUBJECT_PREFIX.sub("", text)
    text = AGENT_PREFIX.sub("", text)
    text = regex.sub(r"[\d.]+$", "", text).strip("，,；;：:、 ")
    if text.startswith(("占", "为")):  # "占今年…": the measure's own words, not a subject
        return ""
    return text if len(regex.findall(r"\p{Han}", text)) >= 2 else ""


def is_weak(subject: str) -> bool:
    return bool(WEAK_SUBJECT.fullmatch(subject) or VERB_ONLY.fullmatch(subject))


# what a clause counts after its number: "建成5处示范性社区养老机构", "509家企业签约507家"
COUNTED_OBJECT = regex.compile(
    rf"(?:{QUANTITY.pattern})(?![个户套所座条处家名人件项间张万亿])(?P<noun>[\p{{Han}}“][\p{{Han}}“”、]{{0,14}}?[\p{{Han}}”])(?:{QUANTITY.pattern})?[、，,（(\s]*$"
)


def counted_object(piece: str) -> str | None:
    """The thing a clause of "did N things" counts: "完成821个小区充电设施建设" →
    小区充电设施建设."""
    m = COUNTED_OBJECT.search(piece)
    return m.group("noun") if m else None


def _label_start(text: str, fig: Figure) -> int:
    if not fig.label:
        return fig.start
    at = text.rfind(fig.label, 0, fig.start)
    return at if at >= 0 else fig.start


def subject_before(text: str, start: int, floor: int) -> tuple[str | None, str | None]:
    """The nearest clause before ``start`` (not before ``floor``) that names a subject, and the
    first clause on the way that only says what was done ("累计拨付")."""
    end = start
    weak: str | None = None
    counted: str | None = None  # what a clause of "did N things" counted, if no topic comes
    while end > floor:
        cut = max((m.end() for m in CLAUSE_BOUNDARY.finditer(text, floor, end)), default=floor)
        if cut >= end:  # the boundary right before ``end``
            end -= 1
            continue
        piece = text[cut:end]
        programme = PROGRAMME.search(piece)
        if programme:  # "…代表票选的12项民生实事项目": the programme as a whole
            return programme.group(0), weak
        found = clean_subject(piece)
        if not found or is_weak(found):
            weak = weak or found or None
            counted = counted or counted_object(piece)
        elif not REPORTING.search(piece):
            if counted and regex.search(r"\d", piece):
                return counted, weak  # "建成5处养老机构，完成全年任务的35%": what it counted
            return found, weak  # the clause's subject, or the topic of the sentence
        end = cut - 1 if cut > floor else floor
    return counted, weak


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
    return text


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
    for sentence in sentences(para):
        text = sentence.text
        figures = read_figures(text, units)  # type: ignore[arg-type]
        if not figures:
            counted = COUNTED_THING.search(text.rstrip("。；;，, "))
            subject = clean_subject(text.split("，")[0]) if len(text) < 40 else None
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
    return own or None, indicator


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
