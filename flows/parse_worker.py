"""Parsing one archived file, in a worker process: what the process pool runs.

Kept apart from the rest of ``flows`` so a worker imports only the parsers. Whatever goes
wrong comes back as a ``ParseFailure`` (picklable), never as an exception: a parse error is
final for that document and the run goes on. A parse that runs past its time limit is cut short
by ``SIGALRM`` (workers parse in their main thread) and is not final: it is retried next run.

``start_worker`` runs first in every pool process: it caps the memory the process may allocate
(``RLIMIT_AS``; a file that needs more fails with ``MemoryError`` and is quarantined as
``too_large``) and asks the kernel to kill the worker when its parent dies, so a run killed
with ``kill -9`` leaves no worker parsing on behind it.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from schemas.circular import ParseResult
from schemas.errors import MinshengError, UnreadableDocument


@dataclass(frozen=True)
class ParseFailure:
    reason: str  # corrupt, encrypted, needs_ocr, … parse_error (a parser fault), parse_timeout
    message: str
    final: bool = True  # False: an accident of this run (time limit), retried next run


class _TimeLimit(BaseException):
    """Not an ``Exception``: no ``except Exception`` inside a reader may swallow it."""


@dataclass
class Deadline:
    expired: bool = False


@contextmanager
def time_limit(seconds: float | None, deadline: Deadline) -> Iterator[None]:
    """Raise ``_TimeLimit`` in this thread after ``seconds``, again every half second until the
    block ends (one raised inside a finaliser is lost). Main thread only; elsewhere no limit."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        deadline.expired = True
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent() -> None:
    """Have the kernel send SIGKILL to this process when its parent exits (Linux only)."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def cap_memory(limit: int | None) -> None:
    """Let this process allocate at most ``limit`` bytes of address space."""
    if not limit:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def start_worker(memory: int | None) -> None:
    """The initializer of every parse worker: memory cap, death with the parent."""
    die_with_parent()
    cap_memory(memory)


def parse_archived(
    path: str,
    filename: str,
    timeout: float | None = None,
    unpacked_bytes: int | None = None,
) -> ParseResult | ParseFailure:
    """Read and parse the archived file at ``path``, known to users as ``filename`` (messages
    name it), within ``timeout`` seconds, unpacking at most ``unpacked_bytes`` from it;
    failures are returned, not raised."""
    import parsers

    deadline = Deadline()
    result: ParseResult | None = None
    try:
        with time_limit(timeout, deadline):
            data = Path(path).read_bytes()
            result = parsers.parse_bytes(data, filename, unpacked_bytes=unpacked_bytes)
    except _TimeLimit:
        pass
    except MemoryError:
        return ParseFailure(
            "too_large",
            f"{filename}: needs more memory than a parse worker may take (limits.worker_memory)",
        )
    except Exception as exc:
        if not deadline.expired:  # else: the time limit, turned into something else
            return failure(exc)
    if result is not None:
        return result
    return ParseFailure("parse_timeout", f"{filename}: not parsed within {timeout} s", final=False)


def failure(exc: Exception) -> ParseFailure:
    """What a reader's or parser's exception means for the document."""
    if isinstance(exc, UnreadableDocument):
        return ParseFailure(exc.reason, exc.message)
    if isinstance(exc, MinshengError):
        return ParseFailure(getattr(exc, "reason", "unparseable"), exc.message)
    # a fault in the parser: the document is quarantined, the run goes on
    text = str(exc).strip().splitlines()
    detail = text[0] if text else ""
    return ParseFailure("parse_error", f"{type(exc).__name__}: {detail}".rstrip(": "))
