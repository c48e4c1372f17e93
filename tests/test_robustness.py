"""Awkward and hostile text, interrupted builds: each converts or fails cleanly, nothing lost."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from pipeline import xslt
from pipeline.encode import encode, serialize_tei
from pipeline.findings import PipelineError
from pipeline.ingest import decode_text, ingest_file, ingest_text
from pipeline.render import render
from pipeline.resources import SAMPLE
from pipeline.validate import validate_xml

from .conftest import FIXTURES, NOISE_MB, growth_mb, run_cli

TELEGRAM = (FIXTURES / "encode" / "telegram-letter-signature.txt").read_text(encoding="utf-8")


def convert(text: str) -> bytes:
    return serialize_tei(encode(ingest_text(text, "t.txt")).tree)


def text_of(text: str) -> str:
    tree = etree.fromstring(convert(text)).getroottree()
    return render(tree, "t", ["txt"]).outputs["txt"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_utf16_and_a_utf8_bom_convert_like_plain_utf8(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(TELEGRAM.encode(encoding))
    assert serialize_tei(encode(ingest_file(path)).tree).replace(b"t.txt", b"") == \
        convert(TELEGRAM).replace(b"t.txt", b"")


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr_line_ends_are_normalised_and_nothing_else(newline: str) -> None:
    data = TELEGRAM.replace("\n", newline).encode()
    assert decode_text(data, "t.txt") == TELEGRAM


def test_tabs_and_non_breaking_spaces_in_the_text_are_kept() -> None:
    text = TELEGRAM.replace("The talks in", "The\ttalks\u00a0in")
    assert "The\ttalks\u00a0in Ber[Page 240]gen" in text_of(text)


def test_a_document_of_heading_and_footnotes_only_converts() -> None:
    tree = etree.fromstring(convert("9. Note1\n\n  1. Source: An Archive. Secret.\n"))
    assert tree.findtext(".//{*}head") == "9. Note"
    assert validate_xml(etree.tostring(tree), "t.xml") == []


@pytest.mark.parametrize(("marker", "message"), [("[Page ]", "has no page number"),
                                                 ("[Page 12a]", "unusual page number")])
def test_malformed_page_markers_are_reported_where_they_stand(marker: str, message: str) -> None:
    text = TELEGRAM.replace("[Page 240]", marker)
    doc = ingest_text(text, "t.txt")
    found = [f for f in doc.findings if f.rule_id == "ingest:page-number"]
    assert [(f.location.line, f.location.column) for f in found] == [(16, 17)]
    assert message in found[0].message
    assert marker in text_of(text) or marker == "[Page ]"


#: What converting, validating and rendering may add to a run's memory per MB of input.
#: Measured: about 20 (convert) and 23 (build) for a 10 MB line.  Most of it is the XSLT
#: processor's heap (its tree of the document and the garbage of three renderings); see the
#: README's "Memory" section.
BUILD_MB_PER_INPUT_MB = 40


@pytest.mark.parametrize("command", ["convert", "build"])
def test_a_ten_megabyte_line_converts_in_memory_linear_in_its_size(
        tmp_path: Path, command: str, baseline_mb: Callable[[str], float]) -> None:
    sentence = "The ambassador said that the talks in Oslo went well and would resume. "
    line = sentence * (10 * 2**20 // len(sentence))
    source = tmp_path / "long.txt"
    source.write_text(TELEGRAM.replace("Dear Mr. Secretary:", line.strip()))
    result = run_cli(command, str(source), "--out", str(tmp_path / "out"), timeout=120)
    assert result.returncode == 0, result.stderr
    tei = etree.parse(str(tmp_path / "out" / "long.tei.xml"), etree.XMLParser(huge_tree=True))
    longest = max(len(p.text or "") for p in tei.iter("{*}p"))
    assert longest >= len(line.strip())
    size_mb = source.stat().st_size / 2**20
    assert growth_mb(result, baseline_mb(command)) <= BUILD_MB_PER_INPUT_MB * size_mb


def test_the_converted_ten_megabyte_paragraph_can_be_validated_and_rendered_again(
        tmp_path: Path) -> None:
    """TEI the converter wrote is read back by every command (a text node over libxml2's
    default 10 MB limit is allowed; the input size limit bounds what is read)."""
    sentence = "The talks went well. "
    source = tmp_path / "long.txt"
    source.write_text(TELEGRAM.replace("Dear Mr. Secretary:", sentence * (11 * 10**6 //
                                                                          len(sentence))))
    assert run_cli("convert", str(source), "--out", str(tmp_path)).returncode == 0
    tei = str(tmp_path / "long.tei.xml")
    assert run_cli("validate", tei).returncode == 0
    rendered = run_cli("render", tei, "--out", str(tmp_path / "again"))
    assert rendered.returncode == 0, rendered.stderr
    assert (tmp_path / "again" / "long.txt").stat().st_size > 11 * 10**6


def test_a_fifty_megabyte_text_is_refused_before_it_is_read(
        tmp_path: Path, baseline_mb: Callable[[str], float]) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as stream:
        stream.truncate(50 * 2**20)
    with pytest.raises(PipelineError) as raised:
        ingest_file(path)
    assert raised.value.findings[0].rule_id == "io:too-large"
    result = run_cli("build", str(path), "--out", str(tmp_path / "out"), timeout=30)
    assert result.returncode == 1 and "io:too-large" in result.stderr
    assert growth_mb(result, baseline_mb("build")) <= NOISE_MB
    assert not (tmp_path / "out" / "big.html").exists()


def test_an_interrupted_build_leaves_complete_outputs_and_the_next_run_repairs(
        tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(40):
        shutil.copy(SAMPLE, inputs / f"memo{i:02}.txt")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline", "build", str(inputs), "--out", str(out),
               "--jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(out.glob("memo*.html"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    finished = list(out.glob("memo*.html"))
    assert 3 <= len(finished) < 40, "the build was not interrupted mid-way"
    for path in out.iterdir():
        if path.is_file() and not path.name.startswith("."):
            assert_complete(path)
    subprocess.run(command, check=True, capture_output=True, timeout=600)
    assert len(list(out.glob("memo*.html"))) == 40
    assert not list(out.rglob("*.tmp"))
    for path in out.iterdir():
        if path.is_file():
            assert_complete(path)


def assert_complete(path: Path) -> None:
    """An output is whole: its format parses, and it ends where such a file ends."""
    data = path.read_bytes()
    if path.name.endswith(".json"):
        json.loads(data)
    elif path.name.endswith(".tei.xml"):
        etree.fromstring(data)
    elif path.suffix == ".html":
        assert data.rstrip().endswith(b"</html>"), path.name
    else:
        assert data.endswith(b"\n") and len(data) > 1000, path.name
    assert not re.search(rb"\x00", data)


def test_a_document_the_xslt_processor_refuses_is_a_located_finding() -> None:
    """Saxon parses what lxml accepted, so this should not happen; if it does, the report
    names the file, line and column instead of a traceback."""
    with pytest.raises(PipelineError) as raised:
        xslt.parse_document("<a>\n  <b>\n</a>", "odd.xml")
    finding = raised.value.findings[0]
    assert finding.rule_id == "xml:unreadable-by-saxon"
    assert (finding.location.file, finding.location.line) == ("odd.xml", 3)
    assert finding.location.column > 0
