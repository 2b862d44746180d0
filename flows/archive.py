"""The archive: every fetched file kept once, under its sha256 (``archive/ab/abcdef….pdf``).

Writes are atomic (a temporary file renamed into place), so a crash never leaves half a file
under a content address.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from schemas.errors import MinshengError


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
