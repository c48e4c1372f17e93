"""Running a command in a child process and measuring it: shared by the tests and the bench
(``tests/bench.py`` runs as a script, without pytest, so this module does not import it)."""

from __future__ import annotations

import os
import subprocess
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

    Raises:
        TimeoutError: it ran for more than ``timeout`` seconds (it is killed).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err)
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        while not pid:
            if timeout is not None and time.perf_counter() - start > timeout:
                process.kill()
                os.wait4(process.pid, 0)
                process.returncode = -9
                raise TimeoutError(f"{' '.join(args)} ran for more than {timeout} s")
            time.sleep(0.02)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Ran(process.returncode, out.read().decode(errors="replace"),
                   err.read().decode(errors="replace"), wall, usage.ru_maxrss / 1024)
