"""No process left behind when a run is killed: a watchdog that outlives the run's process.

``kill -9`` of ``minsheng ingest`` or ``minsheng run`` gives the process no chance to stop what
it started: the parse pool's forkserver and workers, multiprocessing's resource tracker, the
temporary Prefect server. ``reaping()`` starts a small watchdog process
(``python -m flows.reaper``, standard library only, in a session of its own) that notes every
descendant of the run four times a second. When the block ends normally the watchdog is told so
and exits. When the run's process dies instead, the watchdog sees its pipe close without that
word, and kills every descendant it noted that is still alive (checked by start time, so a
reused pid is spared), then the ones those left.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.25
DONE = b"done"


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time in clock ticks) of ``pid``, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[19])


def descendants(root: int) -> dict[int, int]:
    """Every living descendant of ``root``: pid → start time."""
    parents: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            info = _stat(int(entry))
            if info is not None:
                parents[int(entry)] = info
    found: dict[int, int] = {}
    frontier = [root]
    while frontier:
        current = frontier.pop()
        for pid, (parent, started) in parents.items():
            if parent == current and pid not in found:
                found[pid] = started
                frontier.append(pid)
    return found


def kill_all(known: dict[int, int]) -> int:
    """SIGKILL each noted process still alive with the same start time, and what it started."""
    killed = 0
    for _ in range(3):  # a dying process may have started one more in the meantime
        batch: dict[int, int] = {}
        for pid, started in known.items():
            info = _stat(pid)
            if info is not None and info[1] == started:
                batch[pid] = started
                batch.update(descendants(pid))
        batch.pop(os.getpid(), None)
        if not batch:
            break
        for pid in batch:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except OSError:
                pass
        known = batch
    return killed


def watch(parent: int, fd: int) -> None:
    """The watchdog's loop: note ``parent``'s descendants until ``fd`` closes."""
    known: dict[int, int] = {}
    received = b""
    while True:
        ready, _, _ = select.select([fd], [], [], POLL_SECONDS)
        if ready:
            chunk = os.read(fd, 64)
            if chunk:
                received += chunk
                continue
            break  # EOF: the run ended, one way or the other
        known.update(descendants(parent))
        known.pop(os.getpid(), None)  # the watchdog is a child of the run too
    if received != DONE:
        kill_all(known)


@contextmanager
def reaping() -> Iterator[None]:
    """Kill what this process started if it dies inside the block (Linux; elsewhere nothing)."""
    if not Path(f"/proc/{os.getpid()}/stat").is_file():
        yield
        return
    read_end, write_end = os.pipe()
    try:
        watchdog = subprocess.Popen(
            [sys.executable, "-m", "flows.reaper", str(os.getpid()), str(read_end)],
            pass_fds=(read_end,),
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        os.close(read_end)
        os.close(write_end)
        yield
        return
    os.close(read_end)
    try:
        yield
    finally:
        os.write(write_end, DONE)
        os.close(write_end)
        watchdog.wait()


if __name__ == "__main__":
    watch(int(sys.argv[1]), int(sys.argv[2]))
