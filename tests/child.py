"""Running a command in a child process and measuring it: shared by the tests and the bench
(``tests/bench.py`` runs as a script, without pytest, so this module does not import it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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


#: Started in place of the command: a small Python that forks the command, waits for it and
#: writes its peak memory last on stderr.  (A child counts in its peak the memory of the
#: process it was forked or spawned from, until it execs: started from a small process, a
#: command's peak is its own, however large the process measuring it is.)
TRAMPOLINE = """import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
sys.stderr.write(f"\\n{sys.argv[1]} {usage.ru_maxrss}\\n")
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)  # killed by signal N: 128 + N, as shells say
"""
PEAK = "@peak"


def run_child(args: list[str], timeout: float | None = None) -> Ran:
    """Run a command and measure it: exit code, output, wall time and its own peak resident
    memory.  Output goes to temporary files, so a talkative child never blocks on a full pipe.

    Raises:
        TimeoutError: it ran for more than ``timeout`` seconds (it is killed).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-S", "-c", TRAMPOLINE, PEAK, *args],
                                   stdout=out, stderr=err, start_new_session=True)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise TimeoutError(f"{' '.join(args)} ran for more than {timeout} s") from None
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stderr, _, peak = err.read().decode(errors="replace").rpartition(f"\n{PEAK} ")
        returncode = process.returncode if process.returncode <= 128 else 128 - process.returncode
        return Ran(returncode, out.read().decode(errors="replace"), stderr.removesuffix("\n")
                   if peak else stderr, wall, int(peak or 0) / 1024)
