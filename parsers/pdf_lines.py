"""Text lines from a page's glyphs, exactly as pdfplumber makes them, in fewer passes.

``pdfplumber.utils.chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)``
with its defaults (no layout, tolerances of 3 across and down) builds a dict for every word and
merges boxes through generic helpers; on a page of a thousand glyphs cut into table cells that
is most of the time lines take. This module walks the same steps on the glyphs themselves:

- runs of upright (or of turned) glyphs, in the order given;
- lines: the glyphs' tops (left edges for turned glyphs) chained into clusters where each value
  is within 3 of the one before, glyphs grouped by cluster, each group sorted left to right
  (top to bottom for turned glyphs);
- words: a line cut at a blank glyph (dropped), where a glyph starts before the one before it,
  more than 3 after its end, or more than 3 off its top; a glyph of empty text is a word alone;
- the text: words whose tops chain within 3 make a row (in word order), rows joined by line
  ends, words by one space, ligatures expanded; then the same regular expression as pdfplumber
  cuts it into lines, and each line keeps its glyphs (once per letter) and their box.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from pdfplumber.utils.text import LIGATURES

__all__ = ["extract_text_lines"]

Char = dict[str, Any]
TOLERANCE = 3.0  # pdfplumber's x_tolerance and y_tolerance defaults
# pdfplumber's stripped text line: " 全市民生实事 \n" → "全市民生实事"
TEXT_LINE = re.compile(r" *([^\n]+?) *(\n|$)")
_UPRIGHT = itemgetter("upright")


def _cluster_ids(values: Iterable[float]) -> dict[float, int]:
    """Each distinct value's cluster: sorted values chained where each is within the
    tolerance of the one before (pdfplumber's ``make_cluster_dict``)."""
    ids: dict[float, int] = {}
    cluster, last = -1, None
    for value in sorted(set(values)):
        if last is None or value > last + TOLERANCE:
            cluster += 1
        ids[value] = cluster
        last = value
    return ids


def _words(run: list[Char], upright: bool) -> list[tuple[float, list[Char]]]:
    """The words of a run of glyphs of one uprightness, each with its top."""
    line_key, start, end = ("top", "x0", "x1") if upright else ("x0", "top", "bottom")
    ids = _cluster_ids(c[line_key] for c in run)
    if upright:
        ordered = sorted(run, key=lambda c: (ids[c["top"]], c["x0"]))
    else:
        ordered = sorted(run, key=lambda c: (ids[c["x0"]], c["top"], c["bottom"]))
    words: list[list[Char]] = []
    current: list[Char] = []
    line = None
    for ch in ordered:
        cluster = ids[ch[line_key]]
        if cluster != line:  # a new line starts a new word
            if current:
                words.append(current)
            current, line = [], cluster
        text = ch["text"]
        if text.isspace():
            if current:
                words.append(current)
            current = []
        elif text == "":  # pdfplumber's punctuation split matches the empty text alone
            if current:
                words.append(current)
            words.append([ch])
            current = []
        elif current:
            prev = current[-1]
            if (
                ch[start] < prev[start]
                or ch[start] > prev[end] + TOLERANCE
                or abs(ch[line_key] - prev[line_key]) > TOLERANCE
            ):
                words.append(current)
                current = [ch]
            else:
                current.append(ch)
        else:
            current = [ch]
    if current:
        words.append(current)
    return [(min(c["top"] for c in word), word) for word in words]


def extract_text_lines(chars: Sequence[Char]) -> list[dict[str, Any]]:
    """pdfplumber's text lines of ``chars``: dicts of text, x0, top, x1, bottom and chars."""
    words: list[tuple[float, list[Char]]] = []
    for upright, run in groupby(chars, _UPRIGHT):
        words.extend(_words(list(run), bool(upright)))
    if not words:
        return []
    row_ids = _cluster_ids(top for top, _ in words)
    letters: list[str] = []
    owners: list[Char | None] = []
    row = None
    for top, word in words:
        cluster = row_ids[top]
        if row is None:
            row = cluster
        elif cluster != row:
            letters.append("\n")
            owners.append(None)
            row = cluster
        else:
            letters.append(" ")
            owners.append(None)
        for ch in word:
            text = ch["text"]
            for letter in LIGATURES.get(text, text):
                letters.append(letter)
                owners.append(ch)
    text = "".join(letters)
    lines = []
    for m in TEXT_LINE.finditer(text):
        found = m.group(1)
        if not found.strip():
            continue
        begin, finish = m.span(1)
        line_chars = [c for c in owners[begin:finish] if c is not None]
        lines.append(
            {
                "text": found,
                "x0": min(c["x0"] for c in line_chars),
                "top": min(c["top"] for c in line_chars),
                "x1": max(c["x1"] for c in line_chars),
                "bottom": max(c["bottom"] for c in line_chars),
                "chars": line_chars,
            }
        )
    return lines
