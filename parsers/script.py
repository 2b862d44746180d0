"""Simplified characters for text that mirror sites converted: traditional characters folded to
simplified with OpenCC, and the pinyin some mirrors insert after characters dropped.

"項(xiàng)目進(jìn)度" → "项目进度". Every step maps one character to one character or deletes
characters, so a ``LocText`` keeps the page and line of every character it had, and the
original wording stays one ``keep`` look-up away.
"""

from __future__ import annotations

from functools import cache

import regex

from parsers.located import LocText

# pinyin a mirror site put after a character: "項(xiàng)", "區(qū)", "進(jìn)" — lower-case latin
# letters with tone marks in brackets right after a Han character
INSERTED_PINYIN = regex.compile(r"(?<=\p{Han})[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}[)）]")
# a character that only traditional script uses often enough to be worth converting a text for
TRADITIONAL_HINT = regex.compile(r"[們會與為進項實劃計區縣鄉動開發資與億萬號總體務還應過這鎮]")


@cache
def _converter() -> object | None:
    try:
        import opencc
    except ImportError:  # pragma: no cover - a plain install without the converter
        return None
    return opencc.OpenCC("t2s")


# variant characters of place names that the converter keeps: "陜西" is 陕西
VARIANTS = str.maketrans({"陜": "陕"})


def _to_simplified(text: str) -> str:
    conv = _converter()
    if conv is None:
        return text
    out = conv.convert(text).translate(VARIANTS)  # type: ignore[attr-defined]
    if len(out) == len(text):
        return out
    # a phrase converted to another length: fold character by character instead
    return "".join(c if len(s := conv.convert(c)) != 1 else s for c in text)  # type: ignore[attr-defined]


def strip_pinyin(loc: LocText) -> LocText:
    """The text without pinyin inserted after characters."""
    spans = [(m.start(), m.end()) for m in INSERTED_PINYIN.finditer(loc.text)]
    if not spans:
        return loc
    keep: list[int] = []
    pos = 0
    for a, b in spans:
        keep.extend(range(pos, a))
        pos = b
    keep.extend(range(pos, len(loc.text)))
    printed = "".join(loc.printed[i] for i in keep) if loc.printed else ""
    return LocText("".join(loc.text[i] for i in keep), tuple(loc.where[i] for i in keep), printed)


def is_traditional(text: str) -> bool:
    """Whether a document is set in traditional characters: two characters that fold are
    enough (a simplified text folds to itself)."""
    if len(TRADITIONAL_HINT.findall(text)) >= 3:
        return True
    han = "".join(regex.findall(r"\p{Han}", text))
    return sum(1 for a, b in zip(han, _to_simplified(han), strict=True) if a != b) >= 2


def simplified(loc: LocText, *, traditional: bool) -> LocText:
    """Pinyin dropped and, for a traditional text, characters folded to simplified."""
    loc = strip_pinyin(loc)
    if traditional:
        converted = _to_simplified(loc.text)
        if converted != loc.text:
            loc = LocText(converted, loc.where, loc.printed or loc.text)
    return loc


def with_pinyin(text: str, name: str | None) -> str | None:
    """``name`` as ``text`` prints it with its inserted pinyin: "老舊小區改造" in a text that
    prints "老舊小區(qū)改造" → 老舊小區(qū)改造; ``name`` itself when the text has no such run."""
    if not name or len(name) < 2:
        return name
    gap = r"(?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{1,7}[)）])?"
    m = regex.search(gap.join(regex.escape(c) for c in name), text)
    return m.group(0) if m else name
