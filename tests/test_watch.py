"""--watch: files are checked again when they change, schemas kept compiled; a site is
published again when its volume changes."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from lxml import etree

from pipeline import workflow, xslt
from pipeline.validate import compile_whole, default_validators, full_tei_validator
from pipeline.watch import RELIST, watch, watch_together

from .conftest import FIXTURES
from .test_site import CITING, make_volume

CITING_AGAIN = CITING.replace("Document 999", "nothing else")

VALID = (FIXTURES / "validate" / "valid-minimal.tei.xml").read_text(encoding="utf-8")


class Watcher:
    """``tei-pipeline COMMAND --watch`` running in a child process, its output read as it
    comes."""

    def __init__(self, command: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "pipeline", command, "--watch", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)  # a process group of its own, its workers with it
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.readers = [threading.Thread(target=self._read, args=(name, stream), daemon=True)
                        for name, stream in (("out", self.process.stdout),
                                             ("err", self.process.stderr))]
        for reader in self.readers:
            reader.start()

    def _read(self, name: str, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.lines.put((name, line))

    def until(self, stream: str, last: Callable[[str], bool],
              timeout: float = 60) -> list[str]:
        """The lines of ``stream`` ('out' or 'err') up to the first that ``last`` accepts."""
        start = time.perf_counter()
        lines = []
        while time.perf_counter() - start < timeout:
            try:
                name, line = self.lines.get(timeout=0.1)
            except queue.Empty:
                assert self.process.poll() is None, "the watcher stopped"
                continue
            if name == stream:
                lines.append(line.rstrip("\n"))
                if last(line.rstrip("\n")):
                    return lines
        raise TimeoutError(lines)

    def next_report(self) -> list[str]:
        """The lines of validate's next report (up to its summary line)."""
        return self.until("out", lambda line: "document:" in line or line.endswith(": gone"))

    def wait_until_ready(self) -> None:
        """Until the watcher has compiled its grammars (it says so on stderr)."""
        self.until("err", lambda line: line.startswith("ready"), timeout=120)

    def next_publishing(self) -> list[str]:
        """The lines of site's next publishing (up to the line saying it is done)."""
        return self.until("err", lambda line: line.startswith("published in"))

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C as a terminal sends it, to every process of the command: the exit code
        and all the watcher wrote on stderr since the last line read."""
        os.killpg(self.process.pid, signal.SIGINT)
        code = self.process.wait(timeout=60)
        for reader in self.readers:
            reader.join(timeout=10)
        rest = []
        while not self.lines.empty():
            name, line = self.lines.get()
            if name == "err":
                rest.append(line)
        return code, "".join(rest)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Watcher]]:
    document = tmp_path / "doc.xml"
    document.write_text(VALID, encoding="utf-8")
    watcher = Watcher("validate", str(document), "--full-tei")
    yield document, watcher
    watcher.stop()


def _save(path: Path, text: str) -> None:
    """Write a file so that its size or modification time differs from the last save."""
    path.write_text(text, encoding="utf-8")


def test_a_changed_file_is_checked_again_and_a_half_written_save_survives(
        watched: tuple[Path, Watcher]) -> None:
    document, watcher = watched
    report = watcher.next_report()
    assert report[-1] == "1 document: 0 error(s), 0 warning(s), 0 info"
    watcher.wait_until_ready()

    _save(document, VALID[: len(VALID) // 2])  # the editor's save, caught half-way
    report = watcher.next_report()
    assert any("[xml:not-well-formed]" in line for line in report)

    _save(document, VALID.replace("<text>", '<text bogus="1">', 1))
    report = watcher.next_report()
    assert any("[rng:invalidattr] Invalid attribute bogus" in line for line in report)

    _save(document, VALID)
    report = watcher.next_report()
    assert report[-1] == "1 document: 0 error(s), 0 warning(s), 0 info"


def test_once_the_watcher_is_ready_a_change_is_checked_without_compiling_a_schema(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What lets --watch answer at once (how soon is measured by ``nox -s bench``): after
    the whole grammars are compiled, as the watcher does when it is first idle, checking a
    changed file compiles no RELAX NG grammar and no stylesheet, whatever it holds."""
    validators = default_validators()
    for validator in (*validators, full_tei_validator()):
        compile_whole(validator)
    config = workflow.Config(full_tei=True, validators=validators)
    document = tmp_path / "doc.xml"
    _save(document, VALID)
    workflow.run_one(workflow.VALIDATE, document, config)  # the first check, before idle

    compiled = []
    relaxng = etree.RelaxNG
    monkeypatch.setattr(etree, "RelaxNG", lambda *a, **k: compiled.append(a) or relaxng(*a, **k))
    stylesheets = len(xslt._compiled)
    versions = [VALID[: len(VALID) // 2], VALID.replace("<text>", '<text bogus="1">', 1),
                VALID.replace("<p>The Chair", "<p><hi>The</hi> Chair", 1),  # not the project's
                VALID.replace('xml:id="d7fn2"', 'xml:id="d7fn1"'), VALID]
    rules = []
    for version in versions:
        _save(document, version)
        rules.append({f.rule_id for f in workflow.run_one(workflow.VALIDATE, document,
                                                       config).findings})
    assert "xml:not-well-formed" in rules[0] and "rng:invalidattr" in rules[1]
    assert "rng:elemwrong" in rules[2] and rules[3] and not rules[4]
    assert compiled == [] and len(xslt._compiled) == stylesheets


def test_a_file_that_goes_away_is_said_gone_and_checked_when_it_is_back(
        watched: tuple[Path, Watcher]) -> None:
    document, watcher = watched
    watcher.next_report()
    watcher.wait_until_ready()
    document.unlink()
    report = watcher.next_report()
    assert report[-1].endswith(f"{document}: gone")
    _save(document, VALID)
    report = watcher.next_report()
    assert report[-1] == "1 document: 0 error(s), 0 warning(s), 0 info"


def test_a_document_removed_from_a_watched_folder_is_said_gone(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_text(VALID, encoding="utf-8")
    (tmp_path / "b.xml").write_text(VALID, encoding="utf-8")
    watcher = Watcher("validate", str(tmp_path))
    try:
        watcher.next_report()
        watcher.next_report()
        (tmp_path / "b.xml").unlink()
        report = watcher.next_report()
        assert report[-1].endswith(f"{tmp_path / 'b.xml'}: gone")
    finally:
        watcher.stop()


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


def test_the_loop_of_a_whole_rebuilds_once_a_look_with_what_changed_or_went(
        tmp_path: Path) -> None:
    """watch_together (site --watch): every file at first, then each look that finds a
    change rebuilds once with the files that changed, and those gone from their folder."""
    for name in ("a.xml", "b.xml", "c.xml"):
        (tmp_path / name).write_text(f"<{name[0]}/>")
    rebuilt: list[list[str]] = []
    edits = iter([lambda: (tmp_path / "a.xml").write_text("<a>1</a>"),
                  lambda: ((tmp_path / "b.xml").write_text("<b>1</b>"),
                           (tmp_path / "c.xml").unlink())])

    def rebuild(changed: list[Path]) -> None:
        rebuilt.append(sorted(path.name for path in changed))
        edit = next(edits, None)
        if edit is not None:
            edit()

    assert watch_together([tmp_path], lambda paths: sorted(paths[0].glob("*.xml")), rebuild,
                          interval=0.01, rounds=6) == 0
    assert rebuilt == [["a.xml", "b.xml", "c.xml"], ["a.xml"], ["b.xml", "c.xml"]]


def test_folders_are_listed_again_every_few_looks_and_a_new_document_is_found(
        tmp_path: Path) -> None:
    """Listing a folder as a build plans it costs far more than looking at its files, so the
    watcher lists it every RELIST looks: a document added is found at the next listing."""
    (tmp_path / "a.xml").write_text("<a/>")
    rebuilt: list[list[str]] = []
    listings = []

    def expand(paths: Sequence[Path]) -> list[Path]:
        listings.append(len(rebuilt))
        return sorted(paths[0].glob("*.xml"))

    def rebuild(changed: list[Path]) -> None:
        rebuilt.append(sorted(path.name for path in changed))
        (tmp_path / "b.xml").write_text("<b/>")

    assert watch_together([tmp_path], expand, rebuild, interval=0.001,
                          rounds=RELIST + 1) == 0
    assert rebuilt == [["a.xml"], ["b.xml"]]
    assert listings == [0, 1]  # at the first look and at the RELIST-th, not at every one


def test_a_site_is_published_again_at_each_change_and_a_half_written_save_survives(
        tmp_path: Path) -> None:
    """site --watch: a change publishes again what it touches (the bench measures how fast);
    a document saved half-written is reported, located, and published once whole; a document
    removed leaves the site."""
    volume = make_volume(tmp_path / "volume")
    extra = volume / "2-later" / "extra.xml"
    extra.write_text(VALID, encoding="utf-8")
    out = tmp_path / "site"
    watcher = Watcher("site", str(volume), "--out", str(out), "--jobs", "2")
    try:
        lines = watcher.next_publishing()
        assert "5 documents (5 built); 5 pages rendered, 0 up to date" in "\n".join(lines)
        page = out / "documents" / "2-later-extra.html"
        assert page.is_file()

        _save(extra, VALID[: len(VALID) // 2])
        lines = watcher.next_publishing()
        assert any(line.startswith(f"{extra}:") and "[xml:not-well-formed]" in line
                   for line in lines), lines

        _save(extra, VALID.replace("</body>", "<p>Added later.</p></body>", 1))
        lines = watcher.next_publishing()
        assert "5 documents (1 built)" in "\n".join(lines)  # only what changed
        assert "Added later." in page.read_text(encoding="utf-8")

        (volume / "2-later" / "d300.txt").unlink()
        lines = watcher.next_publishing()
        assert "4 documents (0 built)" in "\n".join(lines)
        assert not list((out / "documents").glob("2-later-d300*"))
    finally:
        watcher.stop()


def test_ctrl_c_ends_a_site_watcher_quietly(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to every process of the command, as a terminal sends it) ends
    ``site --watch`` with exit 0 and no traceback from it or its kept workers."""
    volume = make_volume(tmp_path / "volume")
    watcher = Watcher("site", str(volume), "--out", str(tmp_path / "site"), "--jobs", "2")
    try:
        watcher.next_publishing()
        (volume / "2-later" / "d300.txt").write_text(CITING_AGAIN, encoding="utf-8")
        watcher.next_publishing()
        code, err = watcher.interrupt()
    finally:
        watcher.stop()
    assert code == 0
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
