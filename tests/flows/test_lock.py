"""The writer lock: one writer at a time, a second one waits or gives up with who holds it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from flows.lock import LockBusy, lock_holder, writer_lock
from schemas.errors import MinshengError


def test_second_writer_gives_up_and_names_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "minsheng.lock"
    with writer_lock(path):
        assert lock_holder(path) is not None
        busy = pytest.raises(LockBusy, match="another minsheng run holds the lock since")
        with busy as caught, writer_lock(path):
            pass
        assert caught.value.exit_code == 2
    assert lock_holder(path) is None
    with writer_lock(path):  # free again
        pass


def test_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    path = tmp_path / "minsheng.lock"
    order: list[str] = []
    first_has_it = threading.Event()

    def first() -> None:
        with writer_lock(path):
            order.append("first in")
            first_has_it.set()
            time.sleep(0.5)
            order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    first_has_it.wait(5)
    with writer_lock(path, wait=10):
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]


def test_lock_held_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "minsheng.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from flows.lock import writer_lock\n"
            "with writer_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockBusy, match=f"pid {holder.pid}"), writer_lock(path, wait=0.3):
            pass
    finally:
        holder.kill()
        holder.wait()
    with writer_lock(path):  # the lock died with its process
        pass


def test_unwritable_data_dir_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data dir should be")
    with (
        pytest.raises(MinshengError, match="cannot create the lock file"),
        writer_lock(blocker / "minsheng.lock"),
    ):
        pass
