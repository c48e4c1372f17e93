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
from pathlib import Path

import pytest
from lxml import etree

from pipeline.encode import encode, serialize_tei
from pipeline.findings import PipelineError
from pipeline.ingest import decode_text, ingest_file, ingest_text
from pipeline.render import render
from pipeline.resources import SAMPLE
from pipeline.validate import validate_xml

from .conftest import FIXTURES

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


def test_a_ten_megabyte_line_converts_and_validates(tmp_path: Path) -> None:
    sentence = "The ambassador said that the talks in Oslo went well and would resume. "
    line = sentence * (10 * 2**20 // len(sentence))
    source = tmp_path / "long.txt"
    source.write_text(TELEGRAM.replace("Dear Mr. Secretary:", line.strip()))
    result = subprocess.run([sys.executable, "-m", "pipeline", "convert", str(source),
                             "--out", str(tmp_path)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    tei = etree.parse(str(tmp_path / "long.tei.xml"), etree.XMLParser(huge_tree=True))
    longest = max(len(p.text or "") for p in tei.iter("{*}p"))
    assert longest >= len(line.strip())


def test_a_fifty_megabyte_text_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as stream:
        stream.truncate(50 * 2**20)
    with pytest.raises(PipelineError) as raised:
        ingest_file(path)
    assert raised.value.findings[0].rule_id == "io:too-large"


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
