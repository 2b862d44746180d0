"""One writer at a time: an exclusive ``flock`` on ``<data_dir>/minsheng.lock``.

The lock file says who holds it (pid, since when) so a second run can tell the user. The lock
goes with the process: a crashed run never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from schemas.errors import MinshengError

POLL_SECONDS = 0.2


class LockBusy(MinshengError):
    """Another minsheng run is writing; exit code 2."""


@contextmanager
def writer_lock(path: Path, *, wait: float = 0.0) -> Iterator[Path]:
    """Hold the writer lock at ``path`` for the block; wait up to ``wait`` seconds for it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
    except OSError as exc:
        raise MinshengError(f"cannot create the lock file {path}: {exc.strerror}") from exc
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder(path)
                    raise LockBusy(
                        f"another minsheng run holds the lock since {holder} ({path}); "
                        "try again later or pass --wait SECONDS"
                    ) from None
                time.sleep(POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        since = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()} since {since}\n")
        handle.flush()
        try:
            yield path
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()


def _holder(path: Path) -> str:
    """``2024-10-09T02:00:01+00:00 (pid 4242)`` from the lock file, or 'an unknown time'."""
    try:
        text = path.read_text().strip()
    except OSError:
        return "an unknown time"
    parts = text.split()
    if len(parts) == 4 and parts[0] == "pid" and parts[2] == "since":
        return f"{parts[3]} (pid {parts[1]})"
    return "an unknown time"


def lock_holder(path: Path) -> str | None:
    """Who holds the lock at ``path`` right now (``… (pid N)``), or None when nobody does."""
    if not path.is_file():
        return None
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _holder(path)
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return None
