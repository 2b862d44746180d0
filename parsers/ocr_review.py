"""How sure a figure read by OCR is: its characters' confidence and whether its row adds up.

Pure. For each fact on a page OCR read, the figure's digits are looked up in the OCR boxes of
its line; the lowest confidence of those characters is the fact's ``confidence`` and the part
of the box they fill its ``source.box``. A fact is flagged ``needs_review`` when

- that confidence is below :data:`LOW_CONFIDENCE`, or the figure is not found in any box of its
  line (the layout moved it: it cannot be vouched for);
- its row does not add up: the project names a target ("新增城区公共停车泊位5850个"), the text
  names what is done in the same unit ("新增公共停车泊位3846个") and the done part over the
  target is not the percentage printed (within :data:`RATIO_TOLERANCE` points).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex

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
# two figures of a list with no 、 between them: "分别为3.54%、9.29% 16.49%"
UNSEPARATED = regex.compile(r"[%％]\s+\d")
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


def _shaky_clause(fact: Fact, spans: Iterable[OcrSpan]) -> str | None:
    """Why the figure's clause cannot be vouched for: a character of its words (the place or
    project it is told of) read with less than :data:`CLAUSE_LOW`, or two figures of a list
    run together. None when the clause reads surely."""
    src = fact.source
    clause = _clause(_normal(src.text), src.start, src.end)
    if UNSEPARATED.search(clause):
        return "figures of a list not separated by 、"
    for span in spans:
        text = _normal(span.text)
        for i, score in enumerate(span.scores):
            ch = text[i]
            if score >= CLAUSE_LOW or not (ch.isdigit() or unicodedata.category(ch) == "Lo"):
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


def review_facts(facts: list[Fact], doc: ExtractedDocument) -> None:
    """Set confidence, box and ``needs_review`` of the facts read on OCR pages, in place."""
    if not doc.ocr_pages:
        return
    pages = set(doc.ocr_pages)
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
        near = spans + by_line.get((src.page, src.line - 1), [])
        if not reasons and (why := _shaky_clause(fact, near)) is not None:
            reasons.append(why)
        if reasons:
            fact.needs_review = True
            fact.review_reason = "; ".join(reasons)
