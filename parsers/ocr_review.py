"""How sure a figure read by OCR is: its characters' confidence and whether its row adds up.

Pure. For each fact on a page OCR read, the figure's digits are looked up in the OCR boxes of
its line; the lowest confidence of those characters is the fact's ``confidence`` and the part
of the box they fill its ``source.box``. A fact is flagged ``needs_review`` when

- that confidence is below :data:`LOW_CONFIDENCE`, or the figure is not found in any box of its
  line (the layout moved it: it cannot be vouched for);
- its row does not add up: the project names a target ("新增城区公共停车泊位5850个"), the text
  names what is done in the same unit ("新增公共停车泊位3846个") and the done part over the
  target is not the percentage printed (within :data:`RATIO_TOLERANCE` points);
- its project's number was not read where the document prints numbers in front of project
  names: the recogniser knows only ①–④ and ⑧ of the circled numbers and reads ⑤ as "③" or
  "@", so such a number was taken from the order of the rows, and a row lost above it would
  shift it;
- in an attachment table it stands above its project's name or below the next project's: the
  table's rows came apart and its progress text may be another project's;
- its table row's 序号 did not read as the number after the row above's (``number_doubts``,
  from the attachment reader): the number may be another project's.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex

from parsers.numbering import LEADING_NUMBER, split_leading_number
from schemas.circular import Fact
from schemas.extracted import ExtractedDocument, OcrSpan

__all__ = ["LOW_CONFIDENCE", "RATIO_TOLERANCE", "review_facts"]

LOW_CONFIDENCE = 0.9
CLAUSE_LOW = 0.7  # a character of the figure's clause read less surely: its subject may be off
RATIO_TOLERANCE = 1.5  # percentage points: a 序时进度 may round its count

# a quantity with its unit: "5850个", "25.37公里", "1870套", "3.2万人"
QUANTITY = regex.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万?(?:个|所|套|人|户|处|条|公里|座|张|家|件|名|间|辆|台|项|次|批|亩|栋|千米|米))"
)
# the digits of a figure: "94.44%" → "94.44"
DIGITS = regex.compile(r"\d+(?:\.\d+)?")
# two figures of a list with no 、 between them: "分别为3.54%、9.29% 16.49%", "47.48%48.02%"
UNSEPARATED = regex.compile(r"[%％]\s*\d")
# marks between the clauses and the items of a list: "，" read "；" moves a figure's places
CLAUSE_MARKS = frozenset("，,；;、")
# where a clause ends: "其中，祁东未达序时，进度为3.94%；"
CLAUSE_END = regex.compile(r"[。；;]")


def _normal(text: str) -> str:
    """NFKC character by character, so positions stay those of ``text``."""
    return "".join(n if len(n := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text)


def _find(figure: str, spans: Iterable[OcrSpan]) -> tuple[OcrSpan, int, int] | None:
    found = DIGITS.search(figure)
    if found is None:
        return None
    digits = found.group()
    for span in spans:
        text = _normal(span.text)
        for m in regex.finditer(regex.escape(digits), text):
            before = text[m.start() - 1] if m.start() else ""
            after = text[m.end()] if m.end() < len(text) else ""
            if not before.isdigit() and not after.isdigit():
                end = m.end() + (after in "%％")
                return span, m.start(), end
    return None


def _sub_box(span: OcrSpan, start: int, end: int) -> tuple[float, float, float, float]:
    weights = [1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in span.text]
    x0, top, x1, bottom = span.box
    unit = (x1 - x0) / max(sum(weights), 1e-6)
    left = x0 + unit * sum(weights[:start])
    right = x0 + unit * sum(weights[:end])
    return (round(left, 1), round(top, 1), round(right, 1), round(bottom, 1))


def _does_not_add_up(fact: Fact) -> str | None:
    """Why the row disagrees with itself, or None (agrees, or cannot be checked)."""
    if fact.county is not None:
        return None
    targets = QUANTITY.findall(_normal(fact.project))
    if len(targets) != 1:
        return None
    target, unit = float(targets[0][0]), targets[0][1]
    text = _normal(fact.source.text)
    done = [
        float(m.group(1))
        for m in QUANTITY.finditer(text[: fact.source.start])
        if m.group(2) == unit
    ]
    if not done or target <= 0:
        return None
    ratio = 100 * done[-1] / target
    if abs(ratio - fact.value) <= RATIO_TOLERANCE:
        return None
    return (
        f"row does not add up: {done[-1]:g}/{target:g}{unit} is {ratio:.2f}%, "
        f"the figure reads {fact.value:g}%"
    )


def _clause(text: str, start: int, end: int) -> str:
    """The clause of ``text`` holding ``start:end``, between the stops around it."""
    before = [m.end() for m in CLAUSE_END.finditer(text, 0, start)]
    after = CLAUSE_END.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


def _shaky_clause(fact: Fact, spans: Iterable[OcrSpan], above: str = "") -> str | None:
    """Why the figure's clause cannot be vouched for: a character of its words (the place or
    project it is told of) read with less than :data:`CLAUSE_LOW`, or two figures of a list
    run together. None when the clause reads surely. ``above``: the text of the line above,
    whose last clause runs on into the fact's text when no stop begins it."""
    src = fact.source
    text = _normal(src.text)
    clause = _clause(text, src.start, src.end)
    if not CLAUSE_END.search(text, 0, src.start):
        # "…项目中，郝东县" + "（19.66%）、南岳区（35.9%）…": the places begin on the line above
        clause = (
            _normal(above)[max((m.end() for m in CLAUSE_END.finditer(above)), default=0) :] + clause
        )
    if UNSEPARATED.search(clause):
        return "figures of a list not separated by 、"
    for span in spans:
        text = _normal(span.text)
        for i, score in enumerate(span.scores):
            ch = text[i]
            if score >= CLAUSE_LOW:
                continue
            if ch in CLAUSE_MARKS:
                # a mark read unsurely that bounds or splits the clause ("，" read "；"): the
                # figure may belong to the places before it
                before, after = text[max(0, i - 2) : i], text[i + 1 : i + 3]
                if any(len(side) == 2 and side in clause for side in (before, after)):
                    return f"OCR confidence {score:.2f} in '{ch}' of '{before}{ch}{after}'"
                continue
            if not (ch.isdigit() or unicodedata.category(ch) == "Lo"):
                continue
            # the character with its neighbours, or one side only where a clause or box ends
            for context in (
                text[max(0, i - 2) : i + 3],
                text[i : i + 3],
                text[max(0, i - 2) : i + 1],
            ):
                if len(context) > 1 and context in clause:
                    return f"OCR confidence {score:.2f} in '{ch}' of '{context}'"
    return None


# what stands before a project's name in its cell when its number was misread: "@", "©", "O"
NAME_MARK = regex.compile(r"^[^\p{Han}\d（(“\"]{1,2}(?=\p{Han})")


def _name_spans(doc: ExtractedDocument) -> list[tuple[OcrSpan, str]]:
    # as read: NFKC would make "③" a bare "3"
    return [(span, span.text.strip()) for span in doc.ocr]


def _name_of(project: str, names: list[tuple[OcrSpan, str]]) -> tuple[OcrSpan, str] | None:
    """The OCR box where the project's name begins, preferably with a number or a mark
    before it (a box that begins with the bare name comes second)."""
    head = project[:4]
    if len(head) < 2:
        return None
    bare = None
    for span, text in names:
        rest = LEADING_NUMBER.sub("", text, count=1)
        rest = NAME_MARK.sub("", rest, count=1)
        if rest != text and rest.startswith(head):
            return span, text
        if bare is None and text.startswith(head):
            bare = span, text
    return bare


def _number_unread(fact: Fact, found: tuple[OcrSpan, str] | None, numbered: bool) -> str | None:
    """Why the project number of ``fact`` cannot be vouched for, or None; ``numbered``: the
    document prints numbers in front of the names of this level's projects."""
    if found is None or fact.project_no is None:
        return None
    span, text = found
    m = LEADING_NUMBER.match(text)
    if m is None:
        if not numbered:
            return None
        return f"project number not read ('{text[:2]}'): taken from the order of the rows"
    number = split_leading_number(text).number
    group = next(g for g in ("circled", "paren", "dotted") if m.group(g))
    sure = min(span.scores[m.start(group) : m.end(group)], default=0.0)
    if number != fact.project_no or sure < LOW_CONFIDENCE:
        return (
            f"project number read as '{text[: m.end()].strip()}' ({sure:.2f}): "
            f"{fact.project_no} is taken from the order of the rows"
        )
    return None


def _numbered_levels(facts: list[Fact], names: list[tuple[OcrSpan, str]]) -> set[str | None]:
    """The levels whose project names are printed after a number (on some OCR box)."""
    out: set[str | None] = set()
    for fact in facts:
        found = _name_of(fact.project, names)
        if found is not None and LEADING_NUMBER.match(found[1]):
            out.add(fact.level)
    return out


def _out_of_its_row(fact: Fact, names: dict[tuple[str | None, int | None], OcrSpan]) -> str | None:
    """Why a table figure cannot be vouched for as its project's: on the page of its project's
    name it stands above that name, or at or below the next project's name (the rows of the
    table came apart: its progress text went with another row)."""
    if not fact.section.startswith("attachment") or fact.project_no is None:
        return None
    src = fact.source
    own = names.get((fact.level, fact.project_no))
    if own is not None and own.page == src.page and src.line < own.line:
        return f"the figure stands above its project's name (line {own.line})"
    following = names.get((fact.level, fact.project_no + 1))
    if following is not None and following.page == src.page and src.line >= following.line:
        return f"the figure stands below the next project's name (line {following.line})"
    return None


def review_facts(
    facts: list[Fact],
    doc: ExtractedDocument,
    number_doubts: dict[tuple[str, int, str], str] | None = None,
) -> None:
    """Set confidence, box and ``needs_review`` of the facts read on OCR pages, in place;
    ``number_doubts``: why the number of a table row's project (level, number, name) is
    doubted."""
    if not doc.ocr_pages:
        return
    pages = set(doc.ocr_pages)
    names = _name_spans(doc)
    numbered = _numbered_levels([f for f in facts if f.source.page in pages], names)
    rows: dict[tuple[str | None, int | None], OcrSpan] = {}
    for fact in facts:
        if fact.section.startswith("attachment") and (found := _name_of(fact.project, names)):
            rows.setdefault((fact.level, fact.project_no), found[0])
    by_line: dict[tuple[int, int], list[OcrSpan]] = {}
    for span in doc.ocr:
        by_line.setdefault((span.page, span.line), []).append(span)
    for fact in facts:
        src = fact.source
        if src.page not in pages:
            continue
        figure = src.text[src.start : src.end]
        spans = by_line.get((src.page, src.line), []) + by_line.get((src.page, src.line + 1), [])
        hit = _find(figure, spans)
        reasons = []
        if hit is None:
            reasons.append(f"'{figure}' not found in the OCR boxes of its line")
        else:
            span, start, end = hit
            fact.confidence = round(min(span.scores[start:end]), 3)
            src.box = _sub_box(span, start, end)
            if fact.confidence < LOW_CONFIDENCE:
                reasons.append(f"OCR confidence {fact.confidence:.2f} in '{span.text[start:end]}'")
        if (why := _does_not_add_up(fact)) is not None:
            reasons.append(why)
        if (
            why := _number_unread(fact, _name_of(fact.project, names), fact.level in numbered)
        ) is not None:
            reasons.append(why)
        if (why := _out_of_its_row(fact, rows)) is not None:
            reasons.append(why)
        doubt = (number_doubts or {}).get((fact.level, fact.project_no or 0, fact.project))
        if fact.section.startswith("attachment") and doubt:
            reasons.append(doubt)
        up = sorted(by_line.get((src.page, src.line - 1), []), key=lambda s: s.box[0])
        above = "".join(s.text for s in up)
        if not reasons and (why := _shaky_clause(fact, spans + up, above)) is not None:
            reasons.append(why)
        if reasons:
            fact.needs_review = True
            fact.review_reason = "; ".join(reasons)
