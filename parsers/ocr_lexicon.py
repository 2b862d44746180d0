"""Words OCR misread by one character, put back from what a circular is known to print.

Pure. The recogniser confuses rare characters of place names with common look-alikes
("祁东县" read "郝东县", "耒阳" read "来阳", "石门县" read "石内县") and now and then a
character of a table header ("项目名称" read "项自名称", after which the table's columns are not
found). A run of a box's text that differs by one Chinese character from a word of the lexicon
— the county-level names of the document's city (full and short forms) and the attachment
tables' header words — is put back when the recogniser was unsure of that character (below
:data:`UNSURE`, :data:`UNSURE_SHORT` for a two-character word), the run is not itself a word
of the lexicon and no other word of the same length would put it back differently (one the
same text names already does not count: a list names a place once). The character is then
scored :data:`REPAIRED_SCORE`, put back or not (two words would fit), so a figure told of that
place is flagged for review.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from parsers.counties import CITY_SUFFIX, city_pattern, counties, short_form
from parsers.ocr_layout import RawBox

__all__ = ["REPAIRED_SCORE", "UNSURE", "document_city", "repair_words", "words_of"]

UNSURE = 0.9  # a character read with less than this may be the look-alike of another
# a two-character word shares one character with the run it would put back: that run is more
# often a word of its own ("平安" beside 平江), so it is put back only when its slip was read
# less surely than this (between this and UNSURE it is only doubted)
UNSURE_SHORT = 0.7
# the score of a character put back: below the review's doubt about a clause's words
# (``parsers.ocr_review.CLAUSE_LOW``), so a figure told of the place goes to review
REPAIRED_SCORE = 0.5
HEADER_WORDS = ("序号", "实事名称", "项目名称", "进展情况", "完成情况", "推进情况", "责任单位")


def document_city(texts: Iterable[str]) -> str | None:
    """The prefecture-level city the texts name most often (the publisher's), or None."""
    found = Counter(m.group(0) for text in texts for m in city_pattern().finditer(text))
    ranked = found.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


@cache
def words_of(city: str | None) -> frozenset[str]:
    """The lexicon: header words and, with a city, its counties' full and short names."""
    words = set(HEADER_WORDS)
    # the city's own short name is no county's ("衡阳" of 衡阳县 is the city as often)
    city_short = short_form(city, CITY_SUFFIX) if city else None
    for county in counties():
        if county.city != city:
            continue
        words.add(county.name)
        if (short := short_form(county.name)) is not None and short != city_short:
            words.add(short)
    return frozenset(words)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _repair_text(text: str, scores: list[float], words: frozenset[str]) -> tuple[str, list[float]]:
    """Longer words first; a run whose slip two words would put back differently, or that a
    longer word already put back, is left as it is."""
    chars, read, scores = list(text), list(scores), list(scores)
    taken = [False] * len(chars)
    for n in sorted({len(w) for w in words}, reverse=True):
        for i in range(len(chars) - n + 1):
            run = "".join(chars[i : i + n])
            if run in words or any(taken[i : i + n]):
                continue
            fixes = set()
            for word in (w for w in words if len(w) == n):
                slips = [k for k in range(n) if run[k] != word[k]]
                if (
                    len(slips) == 1
                    and _is_han(run[slips[0]])
                    and _is_han(word[slips[0]])
                    and read[i + slips[0]] < UNSURE
                ):
                    fixes.add((slips[0], word[slips[0]], word))
            if not fixes:
                continue
            for k, _, _ in fixes:
                scores[i + k] = min(scores[i + k], REPAIRED_SCORE)  # doubted, put back or not
            # a list does not name a place twice: "郝东县、衡东县" is 祁东县, not 衡东县
            fixes = {f for f in fixes if f[2] not in text} if len(fixes) > 1 else fixes
            if len({(k, ch) for k, ch, _ in fixes}) == 1:
                k, ch, _ = fixes.pop()
                if read[i + k] < (UNSURE if n > 2 else UNSURE_SHORT):
                    chars[i + k] = ch
                    taken[i : i + n] = [True] * n
    return "".join(chars), scores


def repair_words(boxes: Sequence[RawBox], city: str | None) -> list[RawBox]:
    """``boxes`` with one-character misreadings of the lexicon's words put back (or doubted)."""
    words = words_of(city)
    out = []
    for b in boxes:
        text, scores = _repair_text(b.text, b.scores, words)
        same = text == b.text and scores == b.scores
        out.append(b if same else RawBox(b.quad, text, scores))
    return out
