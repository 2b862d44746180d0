"""The numbers Word draws itself before list paragraphs ("一、", "（二）", "③", a 序号 column).

python-docx gives a paragraph's typed text only; a list number comes from the numbering part
(``word/numbering.xml``) and counters Word keeps while it lays the document out. ``Numbering``
keeps those counters: ask it for each paragraph's label in document order. Pure: works on the
lxml elements of the numbering and styles parts.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕㉖㉗㉘㉙㉚㉛㉜㉝㉞㉟㊱㊲㊳㊴㊵㊶㊷㊸㊹㊺㊻㊼㊽㊾㊿"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip

# A level placeholder in a level's text: "%1、", "（%1）", "%1.%2"
PLACEHOLDER = regex.compile(r"%([1-9])")


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _val(el: etree._Element | None, default: str | None = None) -> str | None:
    return default if el is None else el.get(_w("val"), default)


def chinese(n: int, digits: str = _DIGITS, units: str = "十百千") -> str:
    """12 → 十二, 20 → 二十, 105 → 一百零五 (chineseCounting and its kin, up to 9999)."""
    if n <= 0 or n > 9999:
        return str(n)
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // value % 10
        if d:
            if zero:
                parts.append(digits[0])
            parts.append(("" if d == 1 and unit == units[0] and n < 20 else digits[d]) + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letter(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter value in a Word ``numFmt``."""
    if fmt in ("decimal", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographDigital",
        "japaneseCounting",
    ):
        return chinese(n)
    if fmt == "chineseLegalSimplified":
        return chinese(n, _LEGAL, "拾佰仟")
    if fmt == "ideographTraditional":
        return _HEAVENLY[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _EARTHLY[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letter(n)
    if fmt == "lowerLetter":
        return _letter(n).lower()
    return ""  # bullet, none and formats a circular does not use


@dataclass(frozen=True)
class Level:
    start: int
    fmt: str
    text: str
    legal: bool = False


class Numbering:
    """Counters of a document's lists; :meth:`label` in document order gives each number."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self._abstract: dict[str, dict[int, Level]] = {}
        self._num: dict[str, tuple[str, dict[int, int]]] = {}
        self._style_num: dict[str, tuple[str | None, str | None]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if numbering is not None:
            for abstract in numbering.iter(_w("abstractNum")):
                levels = {}
                for lvl in abstract.iter(_w("lvl")):
                    levels[int(lvl.get(_w("ilvl"), "0"))] = Level(
                        start=int(_val(lvl.find(_w("start")), "1") or 1),
                        fmt=_val(lvl.find(_w("numFmt")), "decimal") or "decimal",
                        text=_val(lvl.find(_w("lvlText")), "") or "",
                        legal=lvl.find(_w("isLgl")) is not None,
                    )
                self._abstract[abstract.get(_w("abstractNumId"), "")] = levels
            for num in numbering.iter(_w("num")):
                overrides = {}
                for override in num.iter(_w("lvlOverride")):
                    start = override.find(_w("startOverride"))
                    if start is not None:
                        overrides[int(override.get(_w("ilvl"), "0"))] = int(_val(start, "1") or 1)
                abstract_id = _val(num.find(_w("abstractNumId")), "") or ""
                self._num[num.get(_w("numId"), "")] = (abstract_id, overrides)
        if styles is not None:
            for style in styles.iter(_w("style")):
                props = style.find(_w("pPr"))
                num_pr = props.find(_w("numPr")) if props is not None else None
                based = _val(style.find(_w("basedOn")))
                entry = (
                    _val(num_pr.find(_w("numId"))) if num_pr is not None else None,
                    _val(num_pr.find(_w("ilvl"))) if num_pr is not None else None,
                )
                self._style_num[style.get(_w("styleId"), "")] = entry
                if entry == (None, None) and based:
                    self._style_num[style.get(_w("styleId"), "")] = ("@" + based, None)

    def _from_style(self, style: str | None) -> tuple[str | None, str | None]:
        seen = set()
        while style and style not in seen:
            seen.add(style)
            num_id, ilvl = self._style_num.get(style, (None, None))
            if num_id and num_id.startswith("@"):
                style = num_id[1:]
                continue
            return num_id, ilvl
        return None, None

    def label(self, paragraph: etree._Element) -> str:
        """The number Word draws before ``paragraph`` ("" if none); advances the counters."""
        props = paragraph.find(_w("pPr"))
        num_pr = props.find(_w("numPr")) if props is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_id = _val(num_pr.find(_w("numId")))
            ilvl = _val(num_pr.find(_w("ilvl")))
        if num_id is None and props is not None:
            style_num, style_lvl = self._from_style(_val(props.find(_w("pStyle"))))
            num_id, ilvl = style_num, ilvl or style_lvl
        if not num_id or num_id == "0" or num_id not in self._num:
            return ""
        abstract_id, overrides = self._num[num_id]
        levels = self._abstract.get(abstract_id, {})
        level = int(ilvl or 0)
        if level not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for lvl, start in overrides.items():
                counters[lvl] = start - 1
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        this = levels[level]

        def render(m: regex.Match[str]) -> str:
            k = int(m.group(1)) - 1
            spec = levels.get(k)
            if spec is None:
                return ""
            value = counters.get(k, spec.start)
            return format_number(value, "decimal" if this.legal else spec.fmt)

        if this.fmt == "bullet":
            return ""
        return PLACEHOLDER.sub(render, this.text)
