"""Bounds on what a small file may unpack to: compressed PDF streams and the parts of a .docx.

A 1 MB PDF can hold a stream that inflates to a gigabyte, and a 0.2 MB Word file an XML part
of a hundred megabytes; read naively, each costs gigabytes of memory. Here:

- ``check_zip`` reads a zip's central directory (the sizes each member declares; ``zipfile``
  never returns more than a member declares) and refuses a package whose members unpack to
  more than the limit in all (``too_large``), or an XML part packed more than
  ``BOMB_RATIO`` to one beyond ``BOMB_FLOOR`` bytes (``bomb``: real Word XML packs about ten
  to one, a repeated empty paragraph a thousand to one).
- ``inflate_budget`` bounds the bytes pdfminer may inflate from Flate streams while one PDF
  is read: pdfminer's ``zlib`` is swapped for one whose ``decompress`` stops at the budget left
  and raises ``UnreadableDocument("bomb")``.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from schemas.errors import UnreadableDocument

UNPACKED_BYTES = 64 * 1024 * 1024
BOMB_RATIO = 200
BOMB_FLOOR = 1024 * 1024
XML_SUFFIXES = (".xml", ".rels")


def check_zip(data: bytes, label: str, limit: int = UNPACKED_BYTES) -> None:
    """Refuse a zip package that would unpack to more than ``limit`` bytes, or holds an XML
    part compressed like a bomb; the archive is not unpacked to tell."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = package.infolist()
    total = sum(m.file_size for m in members)
    for member in members:
        packed = max(member.compress_size, 1)
        is_xml = member.filename.lower().endswith(XML_SUFFIXES)
        if is_xml and member.file_size > BOMB_FLOOR and member.file_size / packed > BOMB_RATIO:
            raise UnreadableDocument(
                "bomb",
                f"{label}: {member.filename} unpacks from {member.compress_size} bytes to "
                f"{member.file_size / 1e6:.1f} MB, more than {BOMB_RATIO} to one; not read",
            )
    if total > limit:
        raise UnreadableDocument(
            "too_large",
            f"{label}: unpacks to {total / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit "
            "(limits.unpacked_bytes); not read",
        )


@dataclass
class _Budget:
    label: str
    limit: int
    left: int

    def take(self, produced: int) -> None:
        self.left -= produced
        if self.left < 0:
            raise UnreadableDocument(
                "bomb",
                f"{self.label}: its compressed streams unpack to more than "
                f"{self.limit / 1e6:.1f} MB (limits.unpacked_bytes); not read",
            )


_BUDGET: ContextVar[_Budget | None] = ContextVar("minsheng_inflate_budget", default=None)


class _BoundedDecompressor:
    """``zlib.decompressobj()`` whose output counts against the budget of the PDF being read."""

    def __init__(self, *args: Any) -> None:
        self._inner = zlib.decompressobj(*args)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return self._inner.decompress(data, max_length)
        cap = budget.left + 1 if not max_length else min(max_length, budget.left + 1)
        out = self._inner.decompress(data, max(cap, 1))
        budget.take(len(out))
        if self._inner.unconsumed_tail and not max_length:
            budget.take(budget.left + 1)  # more output waits: over the budget
        return out

    def flush(self, *args: Any) -> bytes:
        out = self._inner.flush(*args)
        budget = _BUDGET.get()
        if budget is not None:
            budget.take(len(out))
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside ``pdfminer.pdftypes``."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        budget = _BUDGET.get()
        if budget is None:
            return zlib.decompress(data, *args)
        inflater = zlib.decompressobj(*args[:1])
        out = inflater.decompress(data, budget.left + 1)
        budget.take(len(out))
        if inflater.unconsumed_tail:
            budget.take(budget.left + 1)
        if not inflater.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    @staticmethod
    def decompressobj(*args: Any) -> _BoundedDecompressor:
        return _BoundedDecompressor(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _install() -> None:
    from pdfminer import pdftypes

    if not isinstance(pdftypes.zlib, _BoundedZlib):
        pdftypes.zlib = _BoundedZlib()  # type: ignore[assignment]


@contextmanager
def inflate_budget(label: str, limit: int = UNPACKED_BYTES) -> Iterator[None]:
    """While the block reads one PDF, pdfminer inflates at most ``limit`` bytes in all."""
    _install()
    token = _BUDGET.set(_Budget(label, limit, limit))
    try:
        yield
    finally:
        _BUDGET.reset(token)
