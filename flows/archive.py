"""The archive: every fetched file kept once, under its sha256 (``archive/ab/abcdef….pdf``).

Writes are atomic (a temporary file renamed into place), so a crash never leaves half a file
under a content address.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from schemas.errors import MinshengError

CHUNK = 1024 * 1024


class TooLarge(Exception):
    """The stream held more than the limit it was copied with; nothing was kept."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} bytes")
        self.limit = limit


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive_path(archive_dir: Path, sha256: str, suffix: str) -> Path:
    """Where the file with this hash is kept; ``suffix`` is its extension (".pdf")."""
    return archive_dir / sha256[:2] / f"{sha256}{suffix.lower()}"


def store(archive_dir: Path, data: bytes, suffix: str, *, sha256: str | None = None) -> Path:
    """Keep ``data`` in the archive (once) and return its path."""
    digest = sha256 or sha256_bytes(data)
    target = archive_path(archive_dir, digest, suffix)
    if target.is_file() and target.stat().st_size == len(data):
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    except OSError as exc:
        raise MinshengError(f"cannot write to the archive {archive_dir}: {exc.strerror}") from exc
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise MinshengError(f"cannot write to the archive {archive_dir}: {exc.strerror}") from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def store_stream(
    archive_dir: Path, source: BinaryIO, suffix: str, *, limit: int
) -> tuple[Path, str, int]:
    """Copy ``source`` into the archive without holding it in memory: (path, sha256, size).

    Raises ``TooLarge`` (and keeps nothing) when it holds more than ``limit`` bytes, however
    big it said it was: a file can grow while it is read. An error reading ``source`` is
    raised as the ``OSError`` it is; one writing the archive as a ``MinshengError``.
    """
    try:
        archive_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=archive_dir, prefix=".incoming-")
    except OSError as exc:
        raise MinshengError(f"cannot write to the archive {archive_dir}: {exc.strerror}") from exc
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := _read(source):
                size += len(chunk)
                if size > limit:
                    raise TooLarge(limit)
                digest.update(chunk)
                out.write(chunk)
        sha256 = digest.hexdigest()
        target = archive_path(archive_dir, sha256, suffix)
        if target.is_file() and target.stat().st_size == size:
            Path(temporary).unlink()
            return target, sha256, size
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, target)
    except _ReadError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise exc.error from None
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise MinshengError(f"cannot write to the archive {archive_dir}: {exc.strerror}") from exc
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target, sha256, size


class _ReadError(Exception):
    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _read(source: BinaryIO) -> bytes:
    try:
        return source.read(CHUNK)
    except OSError as exc:
        raise _ReadError(exc) from exc


def remove_leftovers(archive_dir: Path) -> int:
    """Remove the ``.incoming-*`` files a killed run left half written; returns how many.
    Only call it while holding the writer lock (no other run is copying then)."""
    removed = 0
    if not archive_dir.is_dir():
        return 0
    for pattern in (".incoming-*", "*/.incoming-*"):
        for leftover in archive_dir.glob(pattern):
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed
