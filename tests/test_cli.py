"""cli: the build, convert, validate and render commands, their files and exit codes."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.cli import run
from pipeline.resources import SAMPLE

from .conftest import FIXTURES, ROOT

STEM = SAMPLE.name.removesuffix(".txt")


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(args), out, err)
    return code, out.getvalue(), err.getvalue()


def test_build_with_no_input_builds_the_sample_into_output(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("build")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "output").iterdir() if p.is_file()) == sorted(
        [*(f"{STEM}.{ext}" for ext in ("html", "json", "tei.xml", "txt")),
         "index.html", "index.json"])
    assert "0 error(s)" in err


def test_the_committed_output_matches_what_the_code_builds(tmp_path: Path) -> None:
    code, _, err = cli("build", "--out", str(tmp_path))
    assert code == 0, err
    for built in (p for p in tmp_path.iterdir() if p.is_file()):
        committed = ROOT / "output" / built.name
        assert committed.read_bytes() == built.read_bytes(), \
            f"output/{built.name} is stale: run 'nox -s pipeline' and commit it"


def test_builds_are_byte_identical_across_runs(tmp_path: Path) -> None:
    for run_dir in ("a", "b"):
        assert cli("build", "--out", str(tmp_path / run_dir))[0] == 0
    for path in (p for p in (tmp_path / "a").iterdir() if p.is_file()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_tei_input_is_validated_and_rendered_without_a_tei_copy(tmp_path: Path) -> None:
    code, _, err = cli("build", str(FIXTURES / "validate" / "valid-minimal.tei.xml"),
                       "--out", str(tmp_path))
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == \
        ["index.html", "index.json", "valid-minimal.html", "valid-minimal.json",
         "valid-minimal.txt"]


def test_converted_text_whose_tei_is_invalid_exits_1_and_writes_nothing_for_it(
        tmp_path: Path) -> None:
    source = FIXTURES / "encode" / "memorandum-subject-report.txt"
    code, _, err = cli("build", str(source), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "error [sch:page-order]" in err
    assert not list((tmp_path / "out").glob("memorandum-subject-report*"))
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert [(d["status"], d["outputs"]) for d in index["documents"]] == [("invalid", {})]


def test_tei_from_elsewhere_is_rendered_with_its_errors_reported(tmp_path: Path) -> None:
    code, _, err = cli("build", str(FIXTURES / "validate" / "dangling-who.tei.xml"),
                       "--out", str(tmp_path))
    assert code == 1
    assert "dangling-who.tei.xml:39:9: error [sch:who-resolves]" in err
    index = json.loads((tmp_path / "index.json").read_text())["documents"]
    assert index[0]["status"] == "invalid" and index[0]["errors"] == 1
    assert sorted(index[0]["outputs"]) == ["html", "json", "txt"]


def test_one_bad_document_does_not_stop_the_others(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _, err = cli("build", str(empty), str(SAMPLE), "--out", str(tmp_path / "out"))
    assert code == 1
    assert f"{empty}:1:1: error [ingest:empty]" in err
    assert (tmp_path / "out" / f"{STEM}.html").is_file(), err
    assert not list((tmp_path / "out").glob("empty.*"))


def test_an_input_is_never_overwritten_even_when_out_is_its_folder(tmp_path: Path) -> None:
    source = tmp_path / "memo.txt"
    shutil.copy(SAMPLE, source)
    before = source.read_bytes()
    code, _, err = cli("build", str(source), "--out", str(tmp_path))
    assert code == 2 and "refusing to write" in err
    assert source.read_bytes() == before
    assert not list(tmp_path.glob("memo.*[!t]"))  # no memo.html, memo.json, memo.tei.xml


def test_convert_writes_only_the_tei(tmp_path: Path) -> None:
    code, _, err = cli("convert", str(SAMPLE), "--out", str(tmp_path))
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == [f"{STEM}.tei.xml"]


def test_render_writes_the_chosen_formats(tmp_path: Path) -> None:
    code, _, err = cli("render", str(FIXTURES / "validate" / "valid-minimal.tei.xml"),
                       "--out", str(tmp_path), "--to", "json")
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == ["valid-minimal.json"]
    assert cli("render", str(SAMPLE), "--to", "pdf")[0] == 2


def test_usage_errors_exit_2() -> None:
    assert cli("frobnicate")[0] == 2
    assert cli("build", "/no/such/file.txt")[0] == 2


def test_outputs_are_readable_by_others(tmp_path: Path) -> None:
    assert cli("convert", str(SAMPLE), "--out", str(tmp_path))[0] == 0
    mode = (tmp_path / f"{STEM}.tei.xml").stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask


REPORTING = FIXTURES / "encode" / "memorandum-subject-report.txt"


def test_convert_strict_fails_on_conversion_warnings_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, report, _ = cli("convert", str(REPORTING), "--out", str(out), "--strict",
                          "--format", "json")
    assert code == 1 and not out.exists()
    found = {(f["rule"], f["line"], f["column"]) for f in json.loads(report)["findings"]}
    assert {("ingest:mark-without-note", 13, 19), ("ingest:page-order", 23, 1)} <= found


def test_convert_without_strict_writes_tei_and_reports_warnings(tmp_path: Path) -> None:
    fixture = FIXTURES / "encode" / "telegram-letter-signature.txt"
    code, _, err = cli("convert", str(fixture), "--out", str(tmp_path), "--source-map")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "telegram-letter-signature.tei.map.json", "telegram-letter-signature.tei.xml"]
    source_map = json.loads((tmp_path / "telegram-letter-signature.tei.map.json").read_text())
    assert source_map["source"] == str(fixture)
    assert {"path", "line", "column"} <= set(source_map["elements"][0])


def test_validation_findings_on_converted_tei_point_back_into_the_text(tmp_path: Path) -> None:
    code, report, _ = cli("build", str(REPORTING), "--out", str(tmp_path), "--format", "json")
    assert code == 1
    page_order = next(f for f in json.loads(report)["findings"]
                      if f["rule"] == "sch:page-order")
    assert page_order["origin"] == {"file": str(REPORTING), "line": 23, "column": 1}
