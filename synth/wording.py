"""How offices word things: periods, titles, metric phrases, numbers, and the text's typography.

Every choice is made with the caller's seeded ``random.Random`` so a circular's wording depends
only on its seed.
"""

from __future__ import annotations

import random
import unicodedata

import regex

CN_ORDINALS = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
    "十一", "十二", "十三", "十四", "十五",
]  # fmt: skip

# label key -> (phrase with {v}, the metric as the ground truth names it)
METRICS: dict[str, tuple[str, str]] = {
    "进度为": ("进度为{v}%", "进度"),
    "进度": ("进度{v}%", "进度"),
    "完成进度": ("完成进度{v}%", "完成进度"),
    "完成率": ("完成率{v}%", "完成率"),
    "完成率达": ("完成率达{v}%", "完成率"),
    "完成率为": ("完成率为{v}%", "完成率"),
    "占年度计划": ("占年度计划的{v}%", "年度计划完成率"),
    "完成全年任务比": ("完成全年任务比{v}%", "全年任务完成比"),
    "形象进度": ("形象进度{v}%", "形象进度"),
    "总体形象进度": ("总体形象进度为{v}%", "总体形象进度"),
    "完成年度任务": ("完成年度任务的{v}%", "年度任务完成率"),
    "完成年度目标": ("完成年度目标的{v}%", "年度目标完成率"),
    "序时进度": ("序时进度{v}%", "序时进度"),
    "开工率": ("开工率{v}%", "开工率"),
    "计划投资完成率": ("计划投资完成率{v}%", "计划投资完成率"),
}
GENERIC_METRICS = ("进度为", "完成率", "完成率达", "进度", "完成进度", "完成率为")

# "1-9月" written the way offices do: (text, weight)
_DASHES = ("-", "—", "至", "－")


def period_text(rng: random.Random, month: int) -> str:
    """The period of a circular covering January to ``month``."""
    special = {6: "上半年", 9: "前三季度", 12: "全年", 3: "一季度"}
    if month == 1:
        return rng.choice(["1月", "1月份"])
    if month in special and rng.random() < 0.3:
        return special[month]
    dash = rng.choice(_DASHES)
    return f"1{dash}{month}月" + ("份" if rng.random() < 0.2 else "")


TITLE_TEMPLATES = (
    "关于全市{p}民生可感行动工作推进情况的通报",
    "关于全市{p}重点民生实事工作推进情况的通报",
    "关于{p}全市重点民生实事项目推进情况的通报",
    "关于{city}{p}省市重点民生实事进展情况的通报",
    "{city}{p}重点民生实事项目推进情况通报",
)
SALUTATIONS = (
    "各{units}民生实事工作专班，市直有关责任单位：",
    "各{units}人民政府，市直各有关单位：",
    "各{units}民生实事办，市直各责任单位：",
)


def title_text(rng: random.Random, period: str, city: str) -> str:
    return rng.choice(TITLE_TEMPLATES).format(p=period, city=city)


_CN_DIGITS = "〇一二三四五六七八九"


def chinese_date(year: int, month: int, day: int) -> str:
    """A date in Chinese numerals, as formal documents sign off: 二〇二五年八月十二日."""

    def small(n: int) -> str:  # 1..31
        tens, ones = divmod(n, 10)
        head = "" if tens == 0 else ("十" if tens == 1 else _CN_DIGITS[tens] + "十")
        return head + (_CN_DIGITS[ones] if ones else "")

    return "".join(_CN_DIGITS[int(d)] for d in str(year)) + f"年{small(month)}月{small(day)}日"


# the attachment tables' headers as offices name them: (standard, variants)
HEADER_VARIANTS = {
    "实事名称": ("民生实事", "实事类别"),
    "项目名称": ("具体项目", "项目内容"),
    "进展情况": ("推进情况", "完成情况", "工作进展"),
}


def format_value(value: float, style: str) -> str:
    """A percentage as printed: "76.70", "76.7" or "100"."""
    if float(value).is_integer() and style != "fixed":
        return str(int(value))
    text = f"{value:.2f}"
    if style == "strip":
        text = text.rstrip("0").rstrip(".")
    return text


def format_quantity(q: float, decimals: int) -> str:
    if decimals == 0:
        return str(round(q))
    return f"{q:.{decimals}f}"


# where extraction puts a space between CJK and a figure,
# e.g. "进度为45.56%。" -> "进度为 45.56%。" ; "全市12个" -> "全市 12 个"
CJK_DIGIT = regex.compile(r"(?<=\p{Han})(?=[0-9])|(?<=[0-9%])(?=\p{Han})")
# between a figure and its percent sign, e.g. "进度为45.56%" -> "进度为45.56 %"
DIGIT_PERCENT = regex.compile(r"(?<=[0-9])(?=%)")
_FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


class Voice:
    """The typography of one circular: spaces between CJK and digits (and sometimes before a
    percent sign, as some PDF exports give it), full-width digits."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.space_prob = rng.choice([0.0, 0.0, 0.6, 0.95])
        self.space_before_percent = rng.random() < 0.12
        self.wide_percent = rng.random() < 0.15  # typed with a Chinese IME: "85.45％"

    def __call__(self, text: str) -> str:
        rng = self.rng
        if self.space_prob:
            text = CJK_DIGIT.sub(lambda _m: " " if rng.random() < self.space_prob else "", text)
        if self.space_before_percent:
            text = DIGIT_PERCENT.sub(" ", text)
        if self.wide_percent:
            text = text.replace("%", "％")
        return text

    def full_width(self, text: str) -> str:
        return text.translate(_FULLWIDTH)


def normalised(text: str) -> str:
    """NFKC with all whitespace removed: how a figure is searched for in rendered text."""
    return "".join(unicodedata.normalize("NFKC", text).split())
