"""The glyphs of a PDF page as pdfplumber gives them, cleaned before lines are built.

Pure functions of pdfplumber's char dicts: faux-bold doubles dropped, glyphs with no Unicode
meaning told apart, Kangxi radicals folded to the characters they stand for, watermark glyphs
told apart.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from statistics import median
from typing import Any

Char = dict[str, Any]
_UPRIGHT = (1, 0)


def _radical_table() -> dict[int, str]:
    table = {}
    for cp in [*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)]:
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1 and "\u4e00" <= folded <= "\u9fff":
            table[cp] = folded
    return table


# Kangxi radicals and compatibility ideographs some fonts' Unicode maps give for ordinary
# characters ("⼀⾏⽉" for "一行月"), each folded to the unified ideograph it stands for.
RADICALS = _radical_table()


def fold_radicals(text: str) -> str:
    """Fold the radicals: "全市⼀季度" → "全市一季度", one character for one (offsets stay)."""
    return text.translate(RADICALS)


def dedupe_chars(chars: Sequence[Char], tolerance: float = 1) -> list[Char]:
    """pdfplumber's ``dedupe_chars`` (drop a glyph drawn again within ``tolerance`` of itself
    with the same text, font and size: faux bold), keeping document order without its
    quadratic ``sorted(key=chars.index)``.

    Its clusters, as ``cluster_objects`` chains them: glyphs of one key whose tops follow each
    other within ``tolerance`` make a row, glyphs of a row whose left edges follow each other
    within ``tolerance`` make a spot; the topmost, then leftmost, then first glyph of each spot
    is kept.
    """
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, c in enumerate(chars):
        groups.setdefault((c["upright"], c["text"], c["fontname"], c["size"]), []).append(i)
    if len(groups) == len(chars):  # no glyph shares its key: nothing drawn twice
        return list(chars)
    dropped: set[int] = set()
    for same in groups.values():
        if len(same) == 1:  # most glyphs of a page are alone in their group
            continue
        group = [(chars[i], i) for i in same]
        for row in _chained(group, "doctop", tolerance):
            for spot in _chained(row, "x0", tolerance):
                if len(spot) > 1:
                    keep = min(spot, key=lambda ci: (ci[0]["doctop"], ci[0]["x0"], ci[1]))
                    dropped.update(i for _, i in spot if i != keep[1])
    if not dropped:
        return list(chars)
    return [c for i, c in enumerate(chars) if i not in dropped]


def _chained(
    objs: list[tuple[Char, int]], attr: str, tolerance: float
) -> list[list[tuple[Char, int]]]:
    """``objs`` (glyphs with their index) cut where ``attr``, in order, steps by more than
    ``tolerance``."""
    if len(objs) == 1:
        return [objs]
    ordered = sorted(objs, key=lambda ci: ci[0][attr])
    groups = [[ordered[0]]]
    last = ordered[0][0][attr]
    for obj in ordered[1:]:
        value = obj[0][attr]
        if value <= last + tolerance:
            groups[-1].append(obj)
        else:
            groups.append([obj])
        last = value
    return groups


def is_unmapped(text: str) -> bool:
    """A glyph with no Unicode meaning: "(cid:123)", a private-use or a replacement character."""
    return text.startswith("(cid:") or text == "\ufffd" or "\ue000" <= text[:1] <= "\uf8ff"


def is_rotated(ch: Char) -> bool:
    """The glyph is turned (its text matrix rotates), by any angle."""
    a, b = ch.get("matrix", (1, 0))[:2]
    return abs(b) > 1e-3 * max(abs(a), 1e-9) if a else True


def is_watermark(ch: Char, body_size: float) -> bool:
    """A glyph of a watermark or stamp: turned at a slant, or turned and much larger than the
    page's text. Text turned a quarter at the page's size (a narrow column's header) stays."""
    if not is_rotated(ch):
        return False
    a = ch.get("matrix", (1, 0))[0]
    slanted = abs(a) > 1e-3 * abs(ch["matrix"][1])
    return slanted or (body_size > 0 and ch["size"] > 1.5 * body_size)


def drop_watermark(chars: Sequence[Char]) -> tuple[list[Char], int]:
    """The glyphs without those of a watermark or stamp (``is_watermark`` against the median
    size of the page's upright glyphs), and how many inked glyphs were left out."""
    # a glyph whose matrix has no skew term cannot be turned: most pages have no other
    turned = {
        i
        for i, c in enumerate(chars)
        if ((m := c.get("matrix", _UPRIGHT))[1] != 0 or not m[0]) and is_rotated(c)
    }
    if not turned:
        return list(chars), 0
    body = [c["size"] for i, c in enumerate(chars) if i not in turned]
    size = median(body) if body else 0.0
    kept = [c for i, c in enumerate(chars) if i not in turned or not is_watermark(c, size)]
    inked = sum(1 for c in chars if c["text"].strip()) - sum(1 for c in kept if c["text"].strip())
    return kept, inked
