"""Ruled tables in a page image: the cell boxes their printed lines draw.

Long horizontal and vertical strokes are kept by a morphological opening; each group of lines
that cross makes a grid, and a grid slot whose separating stroke is missing is merged with its
neighbour (a merged cell). Boxes are in pixels of the image, which is deskewed first.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

__all__ = ["deskew_image", "table_cells"]

Box = tuple[float, float, float, float]


def deskew_image(gray: np.ndarray, angle: float) -> np.ndarray:
    """``gray`` turned by ``-angle`` degrees about its centre (white fill)."""
    import cv2

    if abs(angle) < 0.05:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _positions(profile: np.ndarray, gap: int = 3) -> list[tuple[int, int]]:
    """Runs of indices where ``profile`` is set, as (first, last); runs within ``gap`` joined."""
    idx = np.flatnonzero(profile)
    runs: list[tuple[int, int]] = []
    for i in idx.tolist():
        if runs and i - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _covered(
    mask: np.ndarray, fixed: tuple[int, int], span: tuple[int, int], horizontal: bool
) -> bool:
    """Whether a stroke runs over at least 60% of ``span`` at the line ``fixed``."""
    a, b = fixed
    lo, hi = span
    if hi - lo < 4:
        return True
    lo, hi = lo + 2, hi - 2
    band = mask[a : b + 1, lo:hi] if horizontal else mask[lo:hi, a : b + 1]
    hits = band.any(axis=0 if horizontal else 1)
    return bool(hits.mean() >= 0.6)


def table_cells(gray: np.ndarray, dpi: float) -> list[list[Box]]:
    """The cell boxes (x0, top, x1, bottom in pixels) of each ruled table of a grey page image."""
    import cv2

    ink = (gray < 160).astype(np.uint8)
    reach = max(20, int(dpi * 0.35))  # a horizontal ruling is a stroke longer than about 9 mm
    # a vertical one may only be a header row high (5.5 mm), yet is taller than a 10.5-pt
    # character's strokes
    tall = max(16, int(dpi * 0.22))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, reach), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((tall, 1), np.uint8))
    rows = _positions(horizontal.sum(axis=1) > 0)
    cols = _positions(vertical.sum(axis=0) > 0)
    if len(rows) < 2 or len(cols) < 2:
        return []
    tables: list[list[Box]] = []
    # group horizontal rules into tables: consecutive rules joined by a vertical stroke
    group: list[tuple[int, int]] = [rows[0]]
    for upper, lower in pairwise(rows):
        joined = any(_covered(vertical, c, (upper[1], lower[0]), horizontal=False) for c in cols)
        if joined:
            group.append(lower)
            continue
        tables += _grid(group, cols, horizontal, vertical)
        group = [lower]
    tables += _grid(group, cols, horizontal, vertical)
    return [t for t in tables if t]


def _grid(
    rows: list[tuple[int, int]],
    cols: list[tuple[int, int]],
    horizontal: np.ndarray,
    vertical: np.ndarray,
) -> list[list[Box]]:
    if len(rows) < 2:
        return []
    top, bottom = rows[0][0], rows[-1][1]
    used = [
        c
        for c in cols
        if any(_covered(vertical, c, (a[1], b[0]), False) for a, b in pairwise(rows))
    ]
    used = [c for c in used if vertical[top:bottom, c[0] : c[1] + 1].any()]
    if len(used) < 2:
        return []
    nr, nc = len(rows) - 1, len(used) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            span_y = (rows[r][1], rows[r + 1][0])
            span_x = (used[c][1], used[c + 1][0])
            if c + 1 < nc and not _covered(vertical, used[c + 1], span_y, horizontal=False):
                parent[find(r * nc + c + 1)] = find(r * nc + c)
            if r + 1 < nr and not _covered(horizontal, rows[r + 1], span_x, horizontal=True):
                parent[find((r + 1) * nc + c)] = find(r * nc + c)
    extent: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            e = extent.setdefault(find(r * nc + c), [r, c, r, c])
            e[0], e[1] = min(e[0], r), min(e[1], c)
            e[2], e[3] = max(e[2], r), max(e[3], c)
    cells = [
        (
            float(used[c0][1]),
            float(rows[r0][1]),
            float(used[c1 + 1][0]),
            float(rows[r1 + 1][0]),
        )
        for r0, c0, r1, c1 in extent.values()
    ]
    return [sorted(cells, key=lambda b: (b[1], b[0]))]
