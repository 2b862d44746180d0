"""Parsing one archived file, in a worker process: what the process pool runs.

Kept apart from the rest of ``flows`` so a worker imports only the parsers. Whatever goes
wrong comes back as a ``ParseFailure`` (picklable), never as an exception: a parse error is
final for that document and the run goes on. A parse that runs past its time limit is cut short
by ``SIGALRM`` (workers parse in their main thread) and is not final: it is retried next run.
"""

from __future__ import annotations

import signal
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


def parse_archived(
    path: str, filename: str, timeout: float | None = None
) -> ParseResult | ParseFailure:
    """Read and parse the archived file at ``path``, known to users as ``filename`` (messages
    name it), within ``timeout`` seconds; failures are returned, not raised."""
    import parsers

    deadline = Deadline()
    result: ParseResult | None = None
    try:
        with time_limit(timeout, deadline):
            result = parsers.parse_bytes(Path(path).read_bytes(), filename)
    except _TimeLimit:
        pass
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
