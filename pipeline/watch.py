"""Watch: check files again each time they change, with the schemas kept compiled.

The way editors use ``tsc --watch`` or ``pytest-watch``: every file is checked once, then
again whenever its modification time or size changes (folders are looked into again each
time, so new documents are picked up).  A file saved half-written is checked as it is — its
syntax errors are reported like any finding — and again when the save completes; a file that
disappears is said to be gone, and checked again when it is back.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .findings import Finding

__all__ = ["watch"]

#: What tells a file's versions apart: modification time (ns) and size.
Signature = tuple[int, int]


def watch(paths: Sequence[Path], expand: Callable[[Sequence[Path]], list[Path]],
          check: Callable[[Path], list[Finding]],
          report: Callable[[Path, list[Finding] | None], None], *,
          when_idle: Callable[[], object] = lambda: None,
          interval: float = 0.1, rounds: int | None = None) -> int:
    """Check the files under ``paths`` now and whenever one changes, until interrupted.

    Args:
        paths: files and folders, as given on the command line.
        expand: the documents below them (called again every round).
        check: the findings of one file.
        report: shows a file's findings (``None``: the file is gone).
        when_idle: work to do once every file was checked the first time (compiling what
            makes the next checks faster).
        interval: seconds between two looks at the files.
        rounds: stop after this many looks (for tests); ``None``: until Ctrl-C.

    Returns:
        The exit code: 0 (watching ends when the user interrupts it).
    """
    seen: dict[Path, Signature | None] = {}
    done = 0
    try:
        while rounds is None or done < rounds:
            for path in expand(paths):
                signature = _signature(path)
                if path in seen and seen[path] == signature:
                    continue
                seen[path] = signature
                report(path, None if signature is None else check(path))
            if done == 0:
                when_idle()
            done += 1
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
    return 0


def _signature(path: Path) -> Signature | None:
    """A file's modification time and size, or ``None`` when it cannot be read."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
