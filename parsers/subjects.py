"""The subject of a figure in prose: which words of a clause name the thing measured.

A clause's subject is what is left of it once the time ("截至6月底"), the place speaking of
itself ("全省"), the quantities and the linking verbs are taken away ("全市新开工各类公租房3.2万套"
→ 新开工各类公租房). A subject that only says what was done ("累计拨付", "开工面积") is weak: it
becomes the figure's indicator, and the project is looked for in the clauses before it.
"""

from __future__ import annotations

import regex

# a clause boundary inside a sentence: "，", "；", "：" (not "、", which joins list items)
CLAUSE_BOUNDARY = regex.compile(r"[，,；;：:]")
# what a subject starts with that is not its name: "截至6月底，", "1-5月，全省", "今年以来，我市",
# "其中，", "目前已", "据了解，"
SUBJECT_PREFIX = regex.compile(
    r"^(?:(?:截至|截止|到|至)[^，,；;]{0,14}?(?:月底|月末|月份|日|底|末|月|目前|为止)(?:止)?"
    r"|\d{4}年(?:\d{1,2}(?:-|—|至|到)\d{1,2}月(?:份)?)?|\d{1,2}(?:-|—|至|到)\d{1,2}月(?:份)?"
    r"|\d{1,2}月(?:底|末|份)?|(?:今年|本年|年初)(?:以来)?|上半年|前三季度|一季度|全年"
    r"|前[一二三四五六七八九十\d]{1,2}个?月|国内"
    r"|据(?:了解|悉|统计|介绍)|另外|此外|同时|其中|目前|当前|现|总计|共"
    r"|全国|全省|全市|全州|全县|全区|我省|我市|我州|我县|我区|本市|本县|各地|在|有|为|的"
    r"|各(?:市州|县市区|县区|市|县|区|州|省)"
    r"|尽管|虽然|但是|但|而且|值得(?:注意|一提)的是|\p{Han}{2,6}?(?:称|指出)"
    r"|月(?:份|底|末)|月(?=全|我|本|各)"  # "前9月全国…" when the label starts after the 9
    r"|[，,、：:\s])+"
)
# a quantity in a clause: "86个", "3.2万套", "1.7亿元", "4120个" (not a date "6月底")
QUANTITY = regex.compile(
    r"(?<![\d.])\d+(?:\.\d+)?\s*(?:万|亿|千|百)?余?(?!年|月|日|%|\d)"
    r"(?:个|户|套|所|座|条|公里|千米|米|人次|人|名|万|亿元|元|家|项|件|间|张|处|辆|台|亩|吨|平方米|村|册|场|次|批|班|校|幢|栋|宗|口|眼|盏|床|把|块)"
)
# a subject that says only what was done, or names an amount of no thing: "已下达", "累计拨付",
# "完成投资" — the figure's indicator; its project is named further back
WEAK_SUBJECT = regex.compile(
    r"(?:该|本|此)?(?:项目|工程)(?:整体|总体)?|(?:已经|已|共|均)有"  # "项目开工率100%", "已有"
    r"|(?:另外|另|并|还|已经|已|累计|共计|共|全部|均|目前|基本|实际)*"
    r"(?:开工|动工|开建|竣工|完工|下达|拨付|到位|完成|建成|开工建设|实施|安置|入住)?"
    r"(?:总|年度|全年)?(?:工程|计划|实际)?(?:投资|任务|工作)?(?:目标|计划)?"
)
# a subject that only says what was done: "启动改造", "完成改造", "开工建设" — an indicator
_ADVERB = r"(?:已经|已|累计|共|新|全部|基本|超额|提前|整体|剩余|实际)"
_VERB = (
    r"(?:改造|建设|开工|动工|完工|竣工|建成|完成|启动|实施|发放|培训|签约|拆除|安置|投资|治理"
    r"|整治|新增|新建|开展|接种|筛查|征收|下达|拨付|到位|筹措|筹集|解决|搬迁|达到|实现|确认)"
)
# ... with the year it is of and the approximation before its count: "完成今年竣工",
# "已开工约", "累计完成近"
VERB_ONLY = regex.compile(
    rf"(?:{_ADVERB}*(?:{_VERB}(?:今年|当年|年度|全年)?)+|{_ADVERB}+)了?(?:已|已经)?"
    r"(?:达到|约|近|逾|超|达|共)?"
)
# a clause that reports where the news came from: "记者从区民政局了解到", "据统计"
REPORTING = regex.compile(r"了解到|获悉|据悉|表示|介绍|报道|显示|讯$")
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


# the things a count leads, before what was done to them: "52处|乡村供水工程|已完成投资",
# "6个|农贸市场改造项目|全部开工" (not a kind of unit: "5个|县区|已完成")
COUNT_BEFORE_NAME = regex.compile(
    r"(?P<name>[\p{Han}“”]{3,24}?)(?<!部门|单位|地区|[县区市州镇乡已经共均])"
    r"(?=已经|已|累计|共|全部|均|正在|目前|完成|开工|竣工|完工|建成|动工|投入|投资|拨付|下达)"
)
# the programme or place a count is of, not a subject: "全省为民办实事", "市级民生实事"
PROGRAMME_SCOPE = regex.compile(r"(?:民办实事|民生实事|民生工程|实事项目|重点项目)$")
# what was done, at the end of a subject: "农村危房改造|已开工", "老旧小区综合整治|开工"
DONE_TAIL = regex.compile(
    r"(?:(?:已经|已|累计|共|均|全部|基本)+(?:开工|竣工|完工|建成|动工|完成|实施|发放|下达|拨付)+"
    r"|(?:当年|今年|年内)?新?(?:开工|竣工|完工|动工))$"
)
# a subject that measures, not a thing: "开工面积", "已开工项目个数约", "受益人数"
MEASURE_SUBJECT = regex.compile(
    r"^[\p{Han}]{0,8}?(?:面积|数量|户数|人数|套数|个数|里程|规模|总量)(?:约|达|为|共)?$"
)
# the words that announce a target, at the end of a subject: "农村危房改造任务为",
# "某省今年的任务目标是"
TARGET_WORDS = regex.compile(r"(?:(?:今年|本年|全年)?的)?(?:年度)?(?:任务|目标){1,2}(?:是|为)$")


def clean_subject(text: str) -> str:
    """A clause's words that name its subject: time, place-of-self, quantities and linking
    verbs removed. "截至5月底，全市新开工各类公租房3.2万套" → 新开工各类公租程."""
    text = regex.sub(r"[（(][^（）()]*[）)]", "", text)
    head = QUANTITY.search(text)
    if head:
        counted = COUNT_BEFORE_NAME.match(text, head.end())
        before = SUBJECT_PREFIX.sub("", text[: head.start()])
        if counted and (not before or PROGRAMME_SCOPE.search(before)):
            # "全省为民办实事52处乡村供水工程已完成投资": the things counted are the subject
            return counted.group("name")
        text = text[: head.start()]
    text = SUBJECT_PREFIX.sub("", text)
    text = AGENT_PREFIX.sub("", text)
    text = regex.sub(r"[\d.]+$", "", text).strip("，,；;：:、 ")
    text = regex.sub(r"(?<=\p{Han}{2})(?:约|近|逾)$", "", text)  # "…资金下达约1.2亿元"
    text = regex.sub(r"(?<=\p{Han}{2})(?:工作)?方面$", "", text)  # "城市书房建设方面"
    target = TARGET_WORDS.search(text)
    if target:  # "农村危房改造任务为" → 农村危房改造; "某省今年的任务目标是" → no subject
        text = text[: target.start()] if target.start() >= 4 else ""
    if text.startswith(("占", "为")):  # "占今年…": the measure's own words, not a subject
        return ""
    return text if len(regex.findall(r"\p{Han}", text)) >= 2 else ""


# a place at the head of a subject: "海南省|已开工", "某县|累计完成"
# (not 区, which ends too many things that are not places: 棚户区, 小区, 社区)
PLACE_LEAD = regex.compile(r"^\p{Han}{1,5}?(?:省|自治区|自治州|市|州|盟|县|旗)")


def _weak(subject: str) -> bool:
    return bool(
        WEAK_SUBJECT.fullmatch(subject)
        or VERB_ONLY.fullmatch(subject)
        or MEASURE_SUBJECT.search(subject)
    )


def is_weak(subject: str) -> bool:
    """A subject that only says what was done ("已开工约"), by whom ("海南省已开工") or how
    much ("开工面积")."""
    if _weak(subject):
        return True
    place = PLACE_LEAD.match(subject)
    return bool(place and place.end() < len(subject) and _weak(subject[place.end() :]))


# what a clause counts after its number: "建成5处示范性社区养老机构", "509家企业签约507家"
COUNTED_OBJECT = regex.compile(
    rf"(?:{QUANTITY.pattern})(?![个户套所座条处家名人件项间张万亿])(?P<noun>[\p{{Han}}“][\p{{Han}}“”、]{{0,14}}?[\p{{Han}}”])(?:{QUANTITY.pattern})?[、，,（(\s]*$"
)


# a unit of measure where a counted thing would stand: "平方米", "公里", "立方米"
UNIT_WORD = regex.compile(r"平方|立方|公里|千米|米|亩|吨|元|千瓦|兆瓦|人次")


def counted_object(piece: str) -> str | None:
    """The thing a clause of "did N things" counts: "完成821个小区充电设施建设" →
    小区充电设施建设."""
    m = COUNTED_OBJECT.search(piece)
    if m is None or UNIT_WORD.match(m.group("noun")):
        return None  # "完成671.36万平方米": a unit, not a thing
    return m.group("noun")


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
        metric_only = split_label(found)[0] == "" and METRIC_TAIL.search(found)
        if not found or is_weak(found) or metric_only:
            # "各市(州)开工率：甲市100%": a metric that heads a list of places, not a subject
            weak = weak or found or None
            counted = counted or counted_object(piece)
        elif not REPORTING.search(piece):
            if counted and regex.search(r"\d", piece):
                return counted, weak  # "建成5处养老机构，完成全年任务的35%": what it counted
            return found, weak  # the clause's subject, or the topic of the sentence
        end = cut - 1 if cut > floor else floor
    return counted, weak
