"""validate --watch: files are checked again when they change, schemas kept compiled."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.watch import watch

from .conftest import FIXTURES

VALID = (FIXTURES / "validate" / "valid-minimal.tei.xml").read_text(encoding="utf-8")


class Watcher:
    """``tei-pipeline validate --watch`` running in a child process, its output read as it
    comes."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "pipeline", "validate", "--watch", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        for name, stream in (("out", self.process.stdout), ("err", self.process.stderr)):
            threading.Thread(target=self._read, args=(name, stream), daemon=True).start()

    def _read(self, name: str, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put((name, line))

    def next_report(self, timeout: float = 60) -> tuple[list[str], float]:
        """The lines of the next report (up to its summary line) and how long it took."""
        start = time.perf_counter()
        lines = []
        while time.perf_counter() - start < timeout:
            try:
                stream, line = self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.process.poll() is None, "the watcher stopped"
                continue
            if stream == "out":
                lines.append(line.rstrip("\n"))
                if "document:" in line or line.rstrip().endswith(": gone"):
                    return lines, time.perf_counter() - start
        raise TimeoutError(lines)

    def wait_until_ready(self, timeout: float = 120) -> None:
        """Until the watcher has compiled its grammars (it says so on stderr)."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            try:
                stream, line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            if stream == "err" and line.startswith("ready"):
                return
        raise TimeoutError("not ready")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Watcher]]:
    document = tmp_path / "doc.xml"
    document.write_text(VALID, encoding="utf-8")
    watcher = Watcher(str(document), "--full-tei")
    yield document, watcher
    watcher.stop()


def _save(path: Path, text: str) -> None:
    """Write a file so that its size or modification time differs from the last save."""
    path.write_text(text, encoding="utf-8")


def test_a_changed_file_is_checked_again_at_once_and_a_half_written_save_survives(
        watched: tuple[Path, Watcher]) -> None:
    document, watcher = watched
    report, _ = watcher.next_report()
    assert report[-1] == "1 document: 0 error(s), 0 warning(s), 0 info"
    watcher.wait_until_ready()

    _save(document, VALID[: len(VALID) // 2])  # the editor's save, caught half-way
    report, waited = watcher.next_report()
    assert any("[xml:not-well-formed]" in line for line in report)
    assert waited < 1, waited

    _save(document, VALID.replace("<text>", '<text bogus="1">', 1))
    report, waited = watcher.next_report()
    assert any("[rng:invalidattr] Invalid attribute bogus" in line for line in report)
    assert waited < 1, waited

    _save(document, VALID)
    report, waited = watcher.next_report()
    assert report[-1] == "1 document: 0 error(s), 0 warning(s), 0 info"
    assert waited < 1, waited


def test_a_file_that_goes_away_is_said_gone_and_checked_when_it_is_back(
        watched: tuple[Path, Watcher]) -> None:
    document, watcher = watched
    watcher.next_report()
    watcher.wait_until_ready()
    document.unlink()
    report, _ = watcher.next_report()
    assert report[-1].endswith(f"{document}: gone")
    _save(document, VALID)
    report, _ = watcher.next_report()
    assert report[-1] == "1 document: 0 error(s), 0 warning(s), 0 info"


def test_the_watch_loop_reports_each_version_once(tmp_path: Path) -> None:
    """The loop itself: a file is reported when first seen and after each change only."""
    path = tmp_path / "a.xml"
    path.write_text("<a/>")
    reported: list[tuple[str, object]] = []
    versions = iter(["<a>1</a>", "<a>22</a>"])

    def check(found: Path) -> list:
        reported.append((found.name, found.read_text()))
        return []

    def report(found: Path, findings: object) -> None:
        next_version = next(versions, None)
        if next_version is not None:
            found.write_text(next_version)

    assert watch([path], lambda paths: list(paths), check, report, interval=0.01,
                 rounds=6) == 0
    assert reported == [("a.xml", "<a/>"), ("a.xml", "<a>1</a>"), ("a.xml", "<a>22</a>")]
