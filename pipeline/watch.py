"""Watch: check files again each time they change, with the schemas kept compiled; or publish
a site again each time one of its files changes.

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

__all__ = ["watch", "watch_together"]

#: What tells a file's versions apart: modification time (ns) and size.
Signature = tuple[int, int]

#: Every how many looks at the files the folders are listed again (new documents).
RELIST = 10


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
    def check_each(changed: list[tuple[Path, Signature | None]]) -> None:
        for path, signature in changed:
            report(path, None if signature is None else check(path))

    return _watch(paths, expand, check_each, when_idle, interval, rounds)


def watch_together(paths: Sequence[Path], expand: Callable[[Sequence[Path]], list[Path]],
                   rebuild: Callable[[list[Path]], object], *,
                   when_idle: Callable[[], object] = lambda: None,
                   interval: float = 0.1, rounds: int | None = None) -> int:
    """Like :func:`watch`, for files that make one whole (a site): ``rebuild`` is called with
    every file at first, then with the files that changed or went, once for each look at
    the files that finds any."""
    def rebuild_changed(changed: list[tuple[Path, Signature | None]]) -> None:
        if changed:
            rebuild([path for path, _ in changed])

    return _watch(paths, expand, rebuild_changed, when_idle, interval, rounds)


def _watch(paths: Sequence[Path], expand: Callable[[Sequence[Path]], list[Path]],
           act: Callable[[list[tuple[Path, Signature | None]]], None],
           when_idle: Callable[[], object], interval: float, rounds: int | None) -> int:
    """Look at the files every ``interval`` seconds and ``act`` on those whose signature
    changed since the last look (all of them at first; ``None``: gone, or no longer listed in
    its folder), until interrupted.  The folders are listed again every ``RELIST`` looks
    only: listing a folder of documents as a build plans them costs far more than looking at
    each file (26 ms against 1 ms for 300 documents), so a new document is found within a
    second, a change or removal within ``interval``."""
    seen: dict[Path, Signature | None] = {}
    listed: list[Path] = []
    done = 0
    try:
        while rounds is None or done < rounds:
            changed = []
            if done % RELIST == 0:
                listed = expand(paths)
            for path in listed:
                signature = _signature(path)
                if path not in seen or seen[path] != signature:
                    seen[path] = signature
                    changed.append((path, signature))
            for path in sorted(seen.keys() - set(listed)):  # gone from a folder
                if seen[path] is not None:
                    seen[path] = None
                    changed.append((path, None))
            act(changed)
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
