"""Text normalisation with a map back to the raw characters.

Every step either replaces one character by one character or deletes characters, so the
normalised text comes with ``keep``: for each normalised character, the index of the raw
character it came from. The function is idempotent.

- full-width digits, letters, ％ and ． → ASCII
- ``**bold**`` marks dropped
- whitespace (incl. line breaks and U+3000) dropped unless it stands between two ASCII
  characters that are not parts of one number: "1-9 月" → "1-9月", "45.56 %" → "45.56%",
  "完\\n成情况" → "完成情况", "Wi Fi" stays
- zero-width characters dropped
"""

from __future__ import annotations

import re

import regex

# full-width digits, letters, ％ and ． fold to ASCII; Chinese punctuation (incl. －, ～) stays
FULLWIDTH_TABLE = {
    cp: cp - 0xFEE0
    for cp in [
        *range(0xFF10, 0xFF1A),
        *range(0xFF21, 0xFF3B),
        *range(0xFF41, 0xFF5B),
        0xFF05,
        0xFF0E,
    ]
}
FULLWIDTH_TABLE[0x3000] = ord(" ")

# a run of two or more asterisks: the bold marks of Markdown-ish exports, "**新邵县**"
BOLD_MARKS = regex.compile(r"\*{2,}")
# characters with no width: "进度\u200b为"
# a run of white space, as str.isspace tells it (the stdlib's \s is the same test): "截至 \n1月"
SPACE_RUN = re.compile(r"\s+")
ZERO_WIDTH = regex.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")

_NUMBER_JOINT_AFTER = set("%.-~/")
_NUMBER_JOINT_BEFORE = set(".-~/")


def _keep_space(a: str, b: str) -> bool:
    """Whether whitespace between non-space characters ``a`` and ``b`` stays (as one space)."""
    if not (a.isascii() and b.isascii()):
        return False
    if a.isdigit() and b in _NUMBER_JOINT_AFTER:
        return False
    return not (a in _NUMBER_JOINT_BEFORE and b.isdigit())


def normalize_map(raw: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the raw character."""
    text = raw.translate(FULLWIDTH_TABLE)
    if not ZERO_WIDTH.search(text) and not BOLD_MARKS.search(text):
        return _collapse_spaces(text)  # nothing to drop: most lines
    return _normalize_dropping(text)


def _normalize_dropping(text: str) -> tuple[str, list[int]]:
    """``normalize_map`` of a translated text, zero-width characters and bold marks dropped
    glyph by glyph (the general path; ``_collapse_spaces`` is its shortcut)."""
    dropped = bytearray(len(text))
    for m in ZERO_WIDTH.finditer(text):
        dropped[m.start()] = 1
    visible = [i for i in range(len(text)) if not dropped[i]]
    # bold marks are found with zero-width characters out of the way: "*\u200b*" is "**"
    for m in BOLD_MARKS.finditer("".join(text[i] for i in visible)):
        for k in range(m.start(), m.end()):
            dropped[visible[k]] = 1
    kept = [i for i in range(len(text)) if not dropped[i]]
    out: list[str] = []
    keep: list[int] = []
    n = len(kept)
    i = 0
    while i < n:
        ch = text[kept[i]]
        if not ch.isspace():
            out.append(ch)
            keep.append(kept[i])
            i += 1
            continue
        j = i
        while j < n and text[kept[j]].isspace():
            j += 1
        if out and j < n and _keep_space(out[-1], text[kept[j]]):
            out.append(" ")
            keep.append(kept[i])
        i = j
    return "".join(out), keep


def _collapse_spaces(text: str) -> tuple[str, list[int]]:
    """``normalize_map``'s white space rule on a text with nothing to drop, run by run."""
    n = len(text)
    pieces: list[str] = []
    keep: list[int] = []
    pos = 0
    for m in SPACE_RUN.finditer(text):
        start, end = m.span()
        pieces.append(text[pos:start])
        keep.extend(range(pos, start))
        if start > 0 and end < n and _keep_space(text[start - 1], text[end]):
            pieces.append(" ")
            keep.append(start)
        pos = end
    if pos == 0:
        return text, list(range(n))
    pieces.append(text[pos:])
    keep.extend(range(pos, n))
    return "".join(pieces), keep


def normalize(raw: str) -> str:
    """The normalised text alone."""
    return normalize_map(raw)[0]
