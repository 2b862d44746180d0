"""Numbers that label things: circled ①–㊿, "(22)", "（22）", "22.", "22、", Chinese numerals,
and the repair of a numbering sequence that goes backwards."""

from __future__ import annotations

from dataclasses import dataclass

import regex

# circled ①–⑳, ㉑–㊿, and the bracketed ⑴–⒇ and dotted ⒈–⒛ some fonts print instead
CIRCLED_RANGES = (
    (0x2460, 1, 20),
    (0x2474, 1, 20),
    (0x2488, 1, 20),
    (0x3251, 21, 35),
    (0x32B1, 36, 50),
)
# a circled number ①–㊿ (or ⑴–⒇, ⒈–⒛): "㉑保障性租赁住房建设", "⒇城镇老旧小区改造"
CIRCLED = regex.compile(r"[\u2460-\u249b\u3251-\u325f\u32b1-\u32bf]")
# a leading item number and the name after it: "①建成…", "(3)新建…", "（12）改造…", "7.修建…",
# "7、修建…", "12 修建…" is not one (a bare number without a mark)
LEADING_NUMBER = regex.compile(
    r"^\s*(?:(?P<circled>[\u2460-\u249b\u3251-\u325f\u32b1-\u32bf])"
    r"|[（(]\s*(?P<paren>\d{1,3}|[一二三四五六七八九十]{1,3})\s*[）)]"
    r"|(?P<dotted>\d{1,3})\s*[.、．](?!\d))\s*"
)
# a number standing alone in a cell: "10", "３", "十二", "(3)", "3."
CELL_NUMBER = regex.compile(r"^\s*[（(]?\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*[）).、]?\s*$")

_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}


def circled_value(ch: str) -> int | None:
    cp = ord(ch)
    for base, first, last in CIRCLED_RANGES:
        if base <= cp <= base + (last - first):
            return first + cp - base
    return None


def chinese_int(text: str) -> int | None:
    """ "十二" → 12, "二十" → 20, "九" → 9, "二〇二四" → 2024 (digit by digit), "12" → 12."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        if (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
            return None
        return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)
    if all(ch in _DIGITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    return None


@dataclass(frozen=True, slots=True)
class Numbered:
    number: int | None
    name: str


def split_leading_number(text: str) -> Numbered:
    """The item number in front of a name, and the name: "⑪促进就业" → (11, "促进就业")."""
    m = LEADING_NUMBER.match(text)
    if not m:
        return Numbered(None, text.strip())
    if m.group("circled"):
        number = circled_value(m.group("circled"))
    else:
        number = chinese_int(m.group("paren") or m.group("dotted"))
    return Numbered(number, text[m.end() :].strip())


def cell_number(text: str | None) -> int | None:
    """The number a 序号 cell holds, if it holds one."""
    if not text:
        return None
    m = CELL_NUMBER.match(text)
    return chinese_int(m.group(1)) if m else None


class Sequence:
    """Project numbers within one attachment: printed numbers are trusted while they go up;
    a number that goes backwards continues the sequence instead (a glitch of the source,
    e.g. ②③④ printed after ㉑ for ㉒㉓㉔), and so does a missing one."""

    def __init__(self) -> None:
        self.last = 0
        self.warnings: list[str] = []

    def next(self, printed: int | None, name: str) -> int:
        if printed is None:
            number = self.last + 1
        elif printed <= self.last:
            number = self.last + 1
            self.warnings.append(
                f"project number {printed} after {self.last} goes backwards; "
                f"read as {number}: {name}"
            )
        else:
            number = printed
        self.last = number
        return number
