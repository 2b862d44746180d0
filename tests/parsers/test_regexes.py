"""Every named regex of the parser, with texts it must and must not find (``search``).

A further test checks that no module-level regex of the pure parser modules is left out.
"""

from __future__ import annotations

import importlib

import pytest
import regex

MODULES = [
    "parsers.normalize",
    "parsers.blocks",
    "parsers.paragraphs",
    "parsers.numbering",
    "parsers.counties",
    "parsers.structure",
    "parsers.attachments",
    "parsers.metrics",
    "parsers.percentages",
    "parsers.meta",
    "parsers.body",
    "parsers.mentions",
    "parsers.circular",
]

# (module, NAME, text, what search finds or None)
CASES: list[tuple[str, str, str, str | None]] = [
    ("normalize", "BOLD_MARKS", "**新邵县**坚持", "**"),
    ("normalize", "BOLD_MARKS", "a*b", None),
    ("normalize", "ZERO_WIDTH", "进度\u200b为", "\u200b"),
    ("normalize", "ZERO_WIDTH", "进度为", None),
    ("blocks", "LINE_BREAK", "一\r\n二", "\r\n"),
    ("blocks", "LINE_BREAK", "一\u2028二", "\u2028"),
    ("blocks", "LINE_BREAK", "一\t二", None),
    ("paragraphs", "PARAGRAPH_END", "现将有关情况通报如下：", "："),
    ("paragraphs", "PARAGRAPH_END", "完成情况较好。", "。"),
    ("paragraphs", "PARAGRAPH_END", "强化新闻", None),
    ("paragraphs", "ITEM_START", "一、工作推进情况", "一、"),
    ("paragraphs", "ITEM_START", "（二）市定重点民生实事", "（二）"),
    ("paragraphs", "ITEM_START", "三是强化项目管理", "三是"),
    ("paragraphs", "ITEM_START", "2. 全市进度表", "2."),
    ("paragraphs", "ITEM_START", "附件 1", "附件"),
    ("paragraphs", "ITEM_START", "13908.6个月", None),
    ("paragraphs", "ITEM_START", "1-9月，全市", None),
    ("paragraphs", "SHORT_HEADING", "三、特色亮点", "三、特色亮点"),
    ("paragraphs", "SHORT_HEADING", "一是强化组织领导，盯紧看牢", None),
    ("paragraphs", "BRACKETED_LINE", "（省定重点民生实事）", "（省定重点民生实事）"),
    ("paragraphs", "BRACKETED_LINE", "（一）个别项目进度核减。", None),
    ("paragraphs", "DATE_LINE", "2024年10月9日", "2024年10月9日"),
    ("paragraphs", "DATE_LINE", "二〇二四年十月九日", "二〇二四年十月九日"),
    ("paragraphs", "DATE_LINE", "2024年10月9日召开会议", None),
    ("paragraphs", "ATTACHMENT_ALONE", "附件1", "附件1"),
    ("paragraphs", "ATTACHMENT_ALONE", "附件二：", "附件二："),
    ("paragraphs", "ATTACHMENT_ALONE", "附件", "附件"),
    ("paragraphs", "ATTACHMENT_ALONE", "附件：1.全市进度表", None),
    (
        "paragraphs",
        "OFFICE_LINE",
        "某市重点民生实事工作领导小组办公室",
        "某市重点民生实事工作领导小组办公室",
    ),
    ("paragraphs", "OFFICE_LINE", "报送市政府办公室", "报送市政府办公室"),
    ("paragraphs", "OFFICE_LINE", "请各地报送办公室。", None),
    ("paragraphs", "PAGE_NUMBER", "- 3 -", "- 3 -"),
    ("paragraphs", "PAGE_NUMBER", "第3页共10页", "第3页共10页"),
    ("paragraphs", "PAGE_NUMBER", "3个项目", None),
    ("paragraphs", "HEADER_ISSUER_END", "某市民生实事工作专班办公室", "办公室"),
    ("paragraphs", "HEADER_ISSUER_END", "某市民生实事工作", None),
    ("paragraphs", "HEADER_TITLE_START", "关于全市1-9月工作推进情况的通报", "关于"),
    ("paragraphs", "HEADER_TITLE_START", "上级关于做好验收", None),
    ("paragraphs", "HEADER_TITLE_END", "推进情况的通报", "通报"),
    ("paragraphs", "HEADER_TITLE_END", "关于全市1-9月实施工作", None),
    ("paragraphs", "SENTENCE_END", "进度为60%。其中", "。"),
    ("paragraphs", "SENTENCE_END", "进度为60%；其中", None),
    ("numbering", "CIRCLED", "㉑保障性租赁住房建设", "㉑"),
    ("numbering", "CIRCLED", "(21)保障性租赁住房建设", None),
    ("numbering", "LEADING_NUMBER", "（12）改造危桥", "（12）"),
    ("numbering", "LEADING_NUMBER", "7、修建农村公路", "7、"),
    ("numbering", "LEADING_NUMBER", "13908.6个月", None),
    ("numbering", "CELL_NUMBER", "十二", "十二"),
    ("numbering", "CELL_NUMBER", "（3）", "（3）"),
    ("numbering", "CELL_NUMBER", "推进教育", None),
    ("counties", "DIVISION_SUFFIX", "苗族自治县", "苗族自治县"),
    ("counties", "DIVISION_SUFFIX", "神农架林区", "林区"),
    ("counties", "DIVISION_SUFFIX", "自治州", None),
    ("counties", "CITY_SUFFIX", "土家族苗族自治州", "土家族苗族自治州"),
    ("counties", "CITY_SUFFIX", "和田地区", "地区"),
    ("counties", "CITY_SUFFIX", "自治县", None),
    ("counties", "CITY_LEVEL", "邵阳市广播电视台市级应急广播", "市级"),
    ("counties", "CITY_LEVEL", "全市5个项目中，市本级重新挂网", "市本级"),
    ("counties", "CITY_LEVEL", "经县级自评和市级初评", None),
    ("counties", "CITY_LEVEL", "市县两级应急广播", None),
    ("counties", "CITY_LEVEL", "向分管市级领导发送", None),
    ("structure", "ATTACHMENT_HEADING", "附件2：全市进度表", "附件2：全市进度表"),
    ("structure", "ATTACHMENT_HEADING", "附件一", "附件一"),
    ("structure", "ATTACHMENT_HEADING", "附件", "附件"),
    ("structure", "ATTACHMENT_HEADING", "附件：1.全市进度表", None),
    ("structure", "CATEGORY_LINE", "一、推进教育优质均衡发展", "一、推进教育优质均衡发展"),
    ("structure", "CATEGORY_LINE", "（二）守护群众生命健康", "（二）守护群众生命健康"),
    ("structure", "CATEGORY_LINE", "一、完成改造21条，序时进度70%", None),
    ("structure", "PROVINCE_HINT", "全市进度表（省定重点民生实事）", "省定"),
    ("structure", "PROVINCE_HINT", "全市进度表（市定重点民生实事）", None),
    ("structure", "CITY_HINT", "全市进度表（市定重点民生实事）", "市定"),
    ("structure", "CITY_HINT", "全市进度表（省定重点民生实事）", None),
    ("attachments", "SENTENCE_DONE", "进度为76%。", "。"),
    ("attachments", "SENTENCE_DONE", "开工建设保障性租赁住房1771套，进", None),
    ("attachments", "HEADER_NUMBER", "序号", "序号"),
    ("attachments", "HEADER_NUMBER", "序号说明", None),
    ("attachments", "HEADER_PROGRESS", "进展情况", "进展"),
    ("attachments", "HEADER_PROGRESS", "工作推进情况", "推进情况"),
    ("attachments", "HEADER_PROGRESS", "责任单位", None),
    ("attachments", "HEADER_PROJECT", "项目名称", "项目"),
    ("attachments", "HEADER_PROJECT", "实事名称", None),
    ("attachments", "METRIC_COLUMN", "形象进度（%）", "进度（%）"),
    ("attachments", "PERCENT_UNIT", "形象进度（%）", "（%）"),
    ("attachments", "PERCENT_UNIT", "完成率", None),
    ("attachments", "METRIC_COLUMN", "完成率", "完成率"),
    ("attachments", "METRIC_COLUMN", "进度情况", None),
    ("attachments", "HEADER_CATEGORY", "实事名称", "实事"),
    ("attachments", "HEADER_CATEGORY", "序号", None),
    ("metrics", "LABEL_BEFORE", "，完成率达", "完成率达"),
    ("metrics", "LABEL_BEFORE", "，进度为", "进度为"),
    ("metrics", "LABEL_BEFORE", "完成年度任务的", "完成年度任务的"),
    ("metrics", "LABEL_BEFORE", "117.05公里，", None),
    ("metrics", "LINKERS_ONLY", "达到", "达到"),
    ("metrics", "LINKERS_ONLY", "完成率", None),
    ("metrics", "COMPLETED_OF", "完成年度目标任务的", "完成年度目标任务的"),
    ("metrics", "COMPLETED_OF", "为目标任务的", None),
    ("metrics", "SHARE_OF", "占年度计划的", "占年度计划的"),
    ("metrics", "SHARE_OF", "年度计划", None),
    ("metrics", "COMPLETED_RATIO", "完成全年任务比", "完成全年任务比"),
    ("metrics", "COMPLETED_RATIO", "完成率", None),
    ("metrics", "LABEL_STOP", "个指标总体形象进度", "个指标"),
    ("metrics", "LABEL_STOP", "计划投资完成率", None),
    ("metrics", "CHANGE_LABEL", "同比增长", "增长"),
    ("metrics", "CHANGE_LABEL", "完成率", None),
    ("metrics", "COMMENT_LABEL", "意见建议处理率", "意见"),
    ("metrics", "COMMENT_LABEL", "序时进度", None),
    ("metrics", "TARGET_BEFORE", "免提交率提升至", "提升至"),
    ("metrics", "TARGET_BEFORE", "项目验收率不低于", "不低于"),
    ("metrics", "TARGET_BEFORE", "完成率达", None),
    ("metrics", "TARGET_AFTER", "以上”", "以上"),
    ("metrics", "TARGET_AFTER", "，12个", None),
    ("metrics", "RULE_BEFORE", "差距不能超过", "不能超过"),
    ("metrics", "RULE_BEFORE", "差距较大，进度为", None),
    ("metrics", "RESET_BEFORE", "由上期的88.95%调减至", "调减至"),
    ("metrics", "RESET_BEFORE", "完成率为", None),
    ("metrics", "METRIC_WORD", "项目进度由上期", "进度"),
    ("metrics", "METRIC_WORD", "申请调整具体建设点位", None),
    ("metrics", "METRIC_HEAD", "恢复灌溉面积完成率", "完成率"),
    ("metrics", "METRIC_HEAD", "恢复灌溉面积", None),
    ("metrics", "EARLIER_BEFORE", "由上期的", "上期的"),
    ("metrics", "EARLIER_BEFORE", "调减至", None),
    ("metrics", "YEAR_SPAN", "2021至2024年，全县", "2021至2024年"),
    ("metrics", "YEAR_SPAN", "2024年全市化解", None),
    ("metrics", "INDICATOR_PREFIX", "截至9月，全市实现失业人员再就业", "截至9月，全市实现"),
    ("metrics", "INDICATOR_PREFIX", "新增蓄水能力", ""),
    ("metrics", "QUANTITY", "新增蓄水能力941.555万方", "941.555万方"),
    ("metrics", "QUANTITY", "完成率", None),
    ("metrics", "CLAUSE_SEP", "开工157个小区，开工率", "，"),
    ("metrics", "CLAUSE_SEP", "开工率", None),
    ("percentages", "PERCENT", "进度为45.56%", "45.56%"),
    ("percentages", "PERCENT", "进度为45.56", None),
    ("percentages", "SEGMENT_END", "进度60%；大祥区", "；"),
    ("percentages", "SEGMENT_END", "进度60%，大祥区", None),
    ("percentages", "BEHIND", "其中，邵阳县未达序时", "未达序时"),
    ("percentages", "BEHIND", "与实现序时推进差距较大", "差距较大"),
    ("percentages", "BEHIND", "按序时进度正常推进", None),
    ("percentages", "BREAKDOWN", "。其中，邵东市", "其中"),
    ("percentages", "BREAKDOWN", "全市5个项目", None),
    ("percentages", "RESPECTIVELY", "进度分别为", "分别为"),
    ("percentages", "RESPECTIVELY", "进度为", None),
    ("percentages", "RESPECTIVELY", "醴陵市、攸县分别完成", "分别完成"),
    ("percentages", "BRACKETED_JOINT", "）、（", "）、（"),
    ("percentages", "BRACKETED_JOINT", "），进度为", None),
    ("percentages", "LIST_JOINT", "、", "、"),
    ("percentages", "LIST_JOINT", "；困难人员再就业7283人，序时进度", None),
    ("percentages", "OTHER_REPORT", "数字服务整体按序时推进。", "推进"),
    ("percentages", "OTHER_REPORT", "其中，邵阳县", None),
    ("percentages", "COUNTY_WORDS", "11个县市区已完成全年目标任务", "县市区"),
    ("percentages", "COUNTY_WORDS", "数字服务整体按序时推进", None),
    ("meta", "TITLE", "关于全市1-9月工作推进情况的通报", "关于全市1-9月工作推进情况的通报"),
    ("meta", "TITLE", "各县市区工作专班：", None),
    ("meta", "PLAIN_TITLE", "全市重点民生实事项目推进情况通报", "全市重点民生实事项目推进情况通报"),
    ("meta", "PLAIN_TITLE", "现将有关情况通报如下：", None),
    ("meta", "ISSUER", "某市实施民生可感行动工作专班办公室", "某市实施民生可感行动工作专班办公室"),
    ("meta", "ISSUER", "各县市区工作专班，市直责任单位：", None),
    ("meta", "ISSUE_DATE", "2024年10月9日", "2024年10月9日"),
    ("meta", "ISSUE_DATE", "二〇二四年十月十二日", "二〇二四年十月十二日"),
    ("meta", "ISSUE_DATE", "2024年10月", None),
    ("meta", "MONTH_RANGE", "关于全市1-9月", "1-9月"),
    ("meta", "MONTH_RANGE", "全市1至11月份", "1至11月份"),
    ("meta", "MONTH_RANGE", "2024年9月", None),
    ("meta", "NAMED_PERIOD", "全市前三季度", "前三季度"),
    ("meta", "NAMED_PERIOD", "2024年上半年", "上半年"),
    ("meta", "NAMED_PERIOD", "1-9月", None),
    ("meta", "SINGLE_MONTH", "全市9月份", "9月份"),
    ("meta", "SINGLE_MONTH", "1-9月份", None),
    ("meta", "YEAR", "关于2024年上半年", "2024年"),
    ("meta", "YEAR", "2021至2024年", None),
    ("body", "TOP_HEADING", "三、特色亮点", "三、"),
    ("body", "TOP_HEADING", "（三）抓好宣传发动", None),
    ("body", "HIGHLIGHTS", "三、特色亮点", "特色亮点"),
    ("body", "HIGHLIGHTS", "四、存在问题", None),
    ("body", "QUOTED", "“化解超期安置3200户”1个指标", "“化解超期安置3200户”"),
    ("body", "QUOTED", "化解超期安置3200户", None),
    ("body", "PLURAL", "两者进度均环比下降", "两者"),
    ("body", "PLURAL", "进度为60%", None),
    ("body", "GENERIC_NAME", "应急广播建设项目", "建设"),
    ("body", "GENERIC_NAME", "应急广播", None),
    ("body", "CLAUSE", "重新挂网，进度为60%", "，"),
    ("body", "CLAUSE", "重新挂网", None),
    ("mentions", "SCORE", "隆回县（5.4783分）", "（5.4783分）"),
    ("mentions", "SCORE", "隆回县5.4783分", None),
    ("mentions", "FULL_SCORE", "指标分值为6分", "分值为6分"),
    ("mentions", "FULL_SCORE", "已得满分", None),
    ("mentions", "GOT_FULL", "完成情况好，已得满分", "得满分"),
    ("mentions", "GOT_FULL", "完成情况好", None),
    ("mentions", "SCORE_METRIC", "。信息公开指标方面：", "信息公开指标方面"),
    ("mentions", "SCORE_METRIC", "信息公开", None),
    ("mentions", "UNIT_JOINT", "（5.4783分）、", "（5.4783分）、"),
    ("mentions", "UNIT_JOINT", "完成情况较好；", None),
    ("mentions", "STATUS_START", "16条线路已完成升级改造", "已"),
    ("mentions", "STATUS_START", "省局终验", None),
    ("mentions", "LEADING_TIME", "9月省局终验", "9月"),
    ("mentions", "LEADING_TIME", "省局终验", None),
    ("mentions", "STATUS_END", "清零到位；大祥区", "；"),
    ("mentions", "STATUS_END", "清零到位", None),
    (
        "circular",
        "TRACKED_ELSEWHERE",
        "此指标纳入省定重点民生实事统一调度。",
        "纳入省定重点民生实事统一调度",
    ),
    ("circular", "TRACKED_ELSEWHERE", "已完成全年目标任务。", None),
    ("circular", "COMPLETED", "已完成全年目标任务。", "已完成全年目标任务"),
    ("circular", "COMPLETED", "12个县市区已全部完成提标补发工作。", "已全部完成"),
    ("circular", "COMPLETED", "按序时推进。", None),
]


def _pattern(module: str, name: str) -> regex.Pattern[str]:
    return getattr(importlib.import_module(f"parsers.{module}"), name)


@pytest.mark.parametrize(
    ("module", "name", "text", "expected"),
    CASES,
    ids=[f"{m}.{n}:{t[:12]}" for m, n, t, _ in CASES],
)
def test_named_regex(module: str, name: str, text: str, expected: str | None) -> None:
    m = _pattern(module, name).search(text)
    if expected is None:
        assert m is None, f"{name} found {m.group(0)!r} in {text!r}"
    else:
        assert m is not None, f"{name} found nothing in {text!r}"
        assert m.group(0) == expected


def test_every_named_regex_has_cases() -> None:
    covered = {(m, n) for m, n, _, _ in CASES}
    kinds: dict[tuple[str, str], set[bool]] = {}
    for m, n, _, expected in CASES:
        kinds.setdefault((m, n), set()).add(expected is None)
    owners: dict[int, tuple[str, str]] = {}  # a regex belongs to the first module holding it
    for module_name in MODULES:
        short = module_name.split(".")[-1]
        for name, value in vars(importlib.import_module(module_name)).items():
            if name.isupper() and isinstance(value, regex.Pattern):
                owners.setdefault(id(value), (short, name))
    missing = sorted(f"{m}.{n}" for m, n in owners.values() if (m, n) not in covered)
    assert not missing, f"regexes without a table of cases: {missing}"
    one_sided = [
        f"{m}.{n}"
        for (m, n), k in kinds.items()
        if k != {True, False} and _pattern(m, n).fullmatch("") is None  # all-optional: no miss
    ]
    assert not one_sided, f"regexes needing a case that matches and one that does not: {one_sided}"
