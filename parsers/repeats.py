"""A figure printed twice is one fact.

A text often repeats a figure: the line above a table quotes a row ("长沙市开工率达95%" over a
table whose 长沙市 row prints 95.00%), and a headline announces what the text then reports
("某省棚改开工率达76%" over "…全区棚户区改造开工率达到76%"), or a lead's figure comes again in the
text. Each pair is one fact: the table's, or the first printed.
"""

from __future__ import annotations

from difflib import SequenceMatcher

import regex

from schemas.circular import Fact

# a headline over the text: short, no sentence punctuation ("前8月全国保障房开工率达96%")
HEADLINE = regex.compile(r"[^。；;！？]{4,64}")
# words every kind of project shares, which do not make two names one
GENERIC_NAME = regex.compile(r"改造|建设|工程|项目|开工|完成|住房|农村|城镇|城市|全市|全省")


def drop_repeats(facts: list[Fact]) -> list[Fact]:
    """``facts`` without the text figures that repeat a table's row or a headline."""
    return _drop_headline_repeats(_drop_table_repeats(facts))


def _drop_table_repeats(facts: list[Fact]) -> list[Fact]:
    """A figure the text repeats from its table is one fact, the table's: "长沙市开工率达95%"
    above a table whose 长沙市 row prints 95.00%."""
    table = {
        (f.county, round(f.value, 2)): f.project_simplified or f.project
        for f in facts
        if f.section == "table"
    }
    return [
        f
        for f in facts
        if f.section == "table"
        or (key := (f.county, round(f.value, 2))) not in table
        or (
            f.county is None
            and not shares_name(table[key] or "", f.project_simplified or f.project or "")
        )
    ]


def _drop_headline_repeats(facts: list[Fact]) -> list[Fact]:
    """A figure a headline announces and the text then reports is one fact, the headline's:
    "某省棚改开工率达76%" over "…截至9月底，全区棚户区改造开工率达到76%"; so is a figure
    with decimals the text prints twice of one thing."""
    headlined: dict[tuple, str] = {}
    kept: list[Fact] = []
    for f in facts:
        # a figure with decimals is the same figure under any metric; a round one only
        # under the same
        key = (f.county, round(f.value, 2), None if f.value % 1 else f.metric)
        name = f.project_simplified or f.project or ""
        if f.section != "table" and key in headlined and names_alike(headlined[key], name):
            continue
        if f.section != "table" and (HEADLINE.fullmatch(f.source.text.strip()) or f.value % 1):
            # a headline, or a figure with decimals: a second print of it is the same figure
            # ("…占计划75630套的118.9%" in the lead and again in the text)
            headlined.setdefault(key, name)
        kept.append(f)
    return kept


def names_alike(a: str, b: str) -> bool:
    """Whether a headline's name and a text's name can be one thing: "保障房" and "城镇保障性
    住房", not "农村危房改造" and "棚户区改造"."""
    if not a or not b:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
    common = a[match.a : match.a + match.size]
    return match.size >= 3 or (match.size == 2 and not GENERIC_NAME.fullmatch(common))


def shares_name(a: str, b: str) -> bool:
    """Whether two project names share a name of four characters or more: a total row's
    "2023年某市城镇老旧小区改造进展情况" and its text's "新开工改造城镇老旧小区"."""
    if a == b:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
    return match.size >= 4
