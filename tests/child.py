"""Running a command in a child process and measuring it: shared by the tests and the bench
(``tests/bench.py`` runs as a script, without pytest, so this module does not import it)."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Ran:
    """A finished child process: exit code, output, wall time (s) and its peak memory (MB)."""

    returncode: int
    stdout: str
    stderr: str
    wall: float
    peak_mb: float


def run_child(args: list[str], timeout: float | None = None) -> Ran:
    """Run a command and measure it; its peak resident memory is its own (from ``wait4``).
    Output goes to temporary files, so a talkative child never blocks on a full pipe.

    The child is started with ``posix_spawn``: a forked child would count the pages it shares
    with this process, however large this process is, in its own peak memory.

    Raises:
        TimeoutError: it ran for more than ``timeout`` seconds (it is killed).
    """
    program = shutil.which(args[0]) or args[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        pid = os.posix_spawn(program, args, dict(os.environ), file_actions=[
            (os.POSIX_SPAWN_DUP2, out.fileno(), 1), (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        done, status, usage = os.wait4(pid, os.WNOHANG)
        while not done:
            if timeout is not None and time.perf_counter() - start > timeout:
                os.kill(pid, signal.SIGKILL)
                os.wait4(pid, 0)
                raise TimeoutError(f"{' '.join(args)} ran for more than {timeout} s")
            time.sleep(0.02)
            done, status, usage = os.wait4(pid, os.WNOHANG)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return Ran(os.waitstatus_to_exitcode(status), out.read().decode(errors="replace"),
                   err.read().decode(errors="replace"), wall, usage.ru_maxrss / 1024)
