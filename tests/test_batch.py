"""batch: whole folders, mirrored, indexed, incremental; the same bytes however they are built."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.batch import build, build_key, plan_sources
from pipeline.cli import run
from pipeline.executors import LocalExecutor
from pipeline.findings import PipelineError
from pipeline.resources import SAMPLE
from pipeline.workflow import Config, Source

from .conftest import FIXTURES


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """An input tree: the sample at the top, two written documents and a TEI file below."""
    root = tmp_path / "in"
    (root / "memos").mkdir(parents=True)
    (root / "tei").mkdir()
    shutil.copy(SAMPLE, root / "sample.txt")
    for name in ("telegram-letter-signature.txt", "memcon-three-sides-continuations.txt"):
        shutil.copy(FIXTURES / "encode" / name, root / "memos" / name)
    shutil.copy(FIXTURES / "validate" / "valid-minimal.tei.xml", root / "tei" / "minimal.xml")
    return root


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".tei-pipeline" not in p.parts}


def test_the_output_tree_mirrors_the_input_tree_with_an_index(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build(plan_sources([tree]), Config(out=out), LocalExecutor(1))
    assert report.exit_code == 0 and report.built == 4
    names = set(outputs(out))
    assert {"sample.html", "memos/telegram-letter-signature.tei.xml",
            "memos/memcon-three-sides-continuations.json", "tei/minimal.txt",
            "index.html", "index.json"} <= names
    index = json.loads((out / "index.json").read_text())["documents"]
    memcon = next(d for d in index if d["source"].endswith("memcon-three-sides-continuations.txt"))
    assert memcon["title"] == "Memorandum of Conversation"
    assert memcon["date"] == "1979-03-03T15:15:00"
    assert memcon["speakers"] == ["Foreign Minister Dahl", "The Secretary",
                                  "State Secretary Lindqvist", "Ambassador Halvorsen"]
    assert memcon["status"] == "valid"
    assert memcon["outputs"]["html"] == "memos/memcon-three-sides-continuations.html"
    page = (out / "index.html").read_text()
    assert 'href="memos/memcon-three-sides-continuations.html"' in page


def test_a_rebuild_with_nothing_changed_does_no_work(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    sources = plan_sources([tree])
    build(sources, Config(out=out), LocalExecutor(1))
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    again = build(sources, Config(out=out), LocalExecutor(1))
    assert (again.built, again.up_to_date) == (0, 4)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


def test_changing_one_input_rebuilds_only_its_outputs_and_the_index(tree: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(plan_sources([tree]), Config(out=out), LocalExecutor(1))
    before = outputs(out)
    edited = tree / "memos" / "telegram-letter-signature.txt"
    edited.write_text(edited.read_text().replace("went well", "went very well"))
    report = build(plan_sources([tree]), Config(out=out), LocalExecutor(1))
    assert (report.built, report.up_to_date) == (1, 3)
    changed = {name for name, data in outputs(out).items() if before.get(name) != data}
    assert changed == {"memos/telegram-letter-signature.html",
                       "memos/telegram-letter-signature.json",
                       "memos/telegram-letter-signature.tei.xml",
                       "memos/telegram-letter-signature.txt"}


def test_a_deleted_or_damaged_output_is_rebuilt(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(plan_sources([tree]), Config(out=out), LocalExecutor(1))
    good = outputs(out)
    (out / "sample.html").unlink()
    (out / "tei" / "minimal.json").write_text("{")
    report = build(plan_sources([tree]), Config(out=out), LocalExecutor(1))
    assert report.built == 2
    assert outputs(out) == good


def test_parallel_builds_give_the_same_bytes_as_one_job(tree: Path, tmp_path: Path) -> None:
    build(plan_sources([tree]), Config(out=tmp_path / "one"), LocalExecutor(1))
    build(plan_sources([tree]), Config(out=tmp_path / "two"), LocalExecutor(2))
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def worker_pid(_: int) -> int:
    """The process a task ran in (taking long enough that every worker gets some)."""
    time.sleep(0.05)
    return os.getpid()


def test_kept_workers_serve_the_next_map_until_closed() -> None:
    """A watcher's executor keeps its worker processes (started, stylesheets compiled) from
    one map to the next; an ordinary one ends them with each map."""
    kept = LocalExecutor(2, keep_workers=True)
    try:
        first = set(kept.map(worker_pid, range(8)))
        again = set(kept.map(worker_pid, range(8)))
        assert os.getpid() not in first and again <= first
    finally:
        kept.close()
    ordinary = LocalExecutor(2)
    assert set(ordinary.map(worker_pid, range(8))).isdisjoint(
        ordinary.map(worker_pid, range(8)))


def stop_on_the_second(source: Source) -> str:
    """Stop the worker process on d1 (as the system stops one that runs out of memory)."""
    if source.path.name == "d1.txt":
        os._exit(1)
    time.sleep(0.05)
    return source.path.name


def test_a_worker_that_stops_is_an_error_and_kept_workers_start_again() -> None:
    """A worker killed mid-build (out of memory) is a usage-level error naming a document
    left unfinished, not a traceback; a watcher's executor starts new workers after it."""
    sources = [Source(Path(f"d{n}.txt")) for n in range(6)]
    kept = LocalExecutor(2, keep_workers=True)
    try:
        finished = []
        with pytest.raises(PipelineError) as raised:
            finished.extend(kept.map(stop_on_the_second, sources))
        [finding] = raised.value.findings
        assert (finding.rule_id, raised.value.exit_code) == ("run:worker-stopped", 2)
        assert finding.location.file in {f"d{n}.txt" for n in range(6)} - set(finished)
        again = [source for source in sources if source.path.name != "d1.txt"]
        assert sorted(kept.map(stop_on_the_second, again)) == [s.path.name for s in again]
    finally:
        kept.close()


def test_ctrl_c_ends_a_build_with_130_no_traceback_and_nothing_half_written(
        tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to every process of the command, as a terminal sends it) in the middle
    of a parallel build: exit 130, "interrupted", no traceback, and every output there whole."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(150):
        shutil.copy(SAMPLE, folder / f"memo-{n}.txt")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", str(folder),
                                "--out", str(out), "--jobs", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    while process.poll() is None and len(list(out.glob("*.json"))) < 4:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.rstrip().endswith("interrupted") and "Traceback" not in err, err
    written = list(out.glob("*.json"))
    assert 0 < len(written) < 150
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))
    assert not list(out.rglob(".*.tmp"))  # write_atomic's temporaries


def test_inputs_whose_outputs_would_collide_get_names_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLE, tmp_path / "in" / "d1.txt")
    shutil.copy(FIXTURES / "validate" / "valid-minimal.tei.xml", tmp_path / "in" / "d1.tei.xml")
    out = tmp_path / "out"
    report = build(plan_sources([tmp_path / "in"]), Config(out=out), LocalExecutor(1))
    assert report.exit_code == 0
    assert {"d1.html", "d1-txt.html", "d1-txt.tei.xml"} <= set(outputs(out))


def test_a_damaged_manifest_means_a_full_rebuild_not_a_failure(tree: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(plan_sources([tree]), Config(out=out), LocalExecutor(1))
    (out / ".tei-pipeline" / "manifest.json").write_text("not json")
    assert build(plan_sources([tree]), Config(out=out), LocalExecutor(1)).built == 4


def test_the_same_build_runs_on_a_dask_cluster_of_two_workers(tree: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    build(plan_sources([tree]), Config(out=tmp_path / "local"), LocalExecutor(1))
    err = io.StringIO()
    code = run(["build", str(tree), "--out", str(tmp_path / "dask"), "--executor", "dask",
                "--jobs", "2"], io.StringIO(), err)
    assert code == 0, err.getvalue()
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_and_nowhere_else(tree: Path, tmp_path: Path) -> None:
    terminal, pipe = Terminal(), io.StringIO()
    build(plan_sources([tree]), Config(out=tmp_path / "a"), LocalExecutor(1), progress=terminal)
    build(plan_sources([tree]), Config(out=tmp_path / "b"), LocalExecutor(1), progress=pipe)
    assert "4/4" in terminal.getvalue() and "building" in terminal.getvalue()
    assert pipe.getvalue() == ""


def test_an_input_is_hashed_in_chunks_and_one_that_cannot_be_read_is_never_up_to_date(
        tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (3 * 2**20 + 5))  # spans several chunks
    key = build_key(big, "f")
    assert key == build_key(big, "f") != build_key(big, "g")
    big.write_bytes(b"x" * (3 * 2**20 + 4) + b"y")  # one byte differs, in the last chunk
    assert build_key(big, "f") != key
    assert build_key(tmp_path / "gone.txt", "f") is None


def test_a_link_to_nothing_in_an_input_folder_is_reported_not_passed_over(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(FIXTURES / "encode" / "telegram-letter-signature.txt", inputs / "ok.txt")
    (inputs / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    config = Config(out=tmp_path / "out")
    report = build(plan_sources([inputs]), config, LocalExecutor(1))
    outcome = {r.source.name: (r.exit_code, [f.rule_id for f in r.findings])
               for r in report.results}
    assert outcome["ok.txt"][0] == 0
    assert outcome["gone.txt"][0] == 2 and outcome["gone.txt"][1][0].startswith("io:")
    assert (tmp_path / "out" / "ok.html").is_file()
