"""Documents written for the purpose: each converts to its expected structure and report.

A fixture is ``fixtures/encode/NAME.txt`` with ``NAME.expected.json`` beside it saying what
it shows and what the TEI must contain; its plain text must also round-trip.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from pipeline.encode import encode, serialize_tei
from pipeline.ingest import ingest_file
from pipeline.render import render
from pipeline.validate import default_validators, validate_xml

from .conftest import FIXTURES, TEI

CASES = sorted((FIXTURES / "encode").glob("*.txt"))


def summary(element: etree._Element) -> list[Any]:
    """One line of the expected 'structure' for a child of the document div."""
    name = etree.QName(element).localname
    if name == "opener":
        line: list[Any] = []
        date = element.find(".//tei:date", TEI)
        if date is not None:
            span = date.get("when") or f"{date.get('from')}/{date.get('to')}"
            line = ["dateline", element.findtext(".//tei:placeName", namespaces=TEI), span]
        salute = element.find("tei:salute", TEI)
        return line + (["salute", salute.text] if salute is not None else [])
    if name == "list":
        return ["list", element.get("type")]
    if name == "sp":
        return ["sp", element.get("who", "").lstrip("#"), element.get("cert")]
    if name == "p":
        return ["p", *([f"n={element.get('n')}"] if element.get("n") else []),
                *([element.get("rend")] if element.get("rend") else [])]
    if name == "quote":
        return ["quote", len(element.findall("tei:p", TEI))]
    if name == "pb":
        return ["pb", element.get("n")]
    if name == "closer" and element.find("tei:salute", TEI) is not None:
        return ["closer", element.findtext("tei:salute", namespaces=TEI),
                element.findtext("tei:signed", namespaces=TEI)]
    if name == "closer":
        return ["signed", "".join(element.itertext()).strip()]
    return [name]


def reading_before(anchor: etree._Element, chars: int) -> str:
    """The reading text of the anchor's block before it (notes left out), last ``chars``."""
    block = anchor.getparent()
    text = []
    for node in block.xpath("text() | *", namespaces=TEI):
        if node is anchor:
            break
        if isinstance(node, str):
            text.append(str(node))
        else:
            if etree.QName(node).localname != "note":
                text.append("".join(node.itertext()))
            text.append(node.tail or "")
    return "".join(text)[-chars:]


def view(path: Path, expected: dict[str, Any]) -> dict[str, Any]:
    encoded = encode(ingest_file(path))
    tree = encoded.tree
    div = tree.find(".//tei:div[@type='document']", TEI)
    notes = div.xpath(".//tei:note", namespaces=TEI)
    pages = div.xpath(".//tei:pb", namespaces=TEI)
    return {
        "structure": [summary(child) for child in div],
        "sides": {side.findtext("tei:head", namespaces=TEI):
                  [p.get("{http://www.w3.org/XML/1998/namespace}id")
                   for p in side.findall("tei:person", TEI)]
                  for side in tree.xpath("//tei:listPerson[tei:head]", namespaces=TEI)},
        "notes": [[n.get("n"), reading_before(n, len(e[1]))]
                  for n, e in zip(notes, expected["notes"], strict=False)],
        "pages": [[pb.get("n"), reading_before(pb, len(e[1])) if e[1] else "",
                   (pb.tail or "")[:len(e[2])]]
                  for pb, e in zip(pages, expected["pages"], strict=False)],
        "header": {path: tree.xpath(path, namespaces=TEI) for path in expected["header"]},
        "report": [[f.rule_id, f.location.line, f.location.column] for f in encoded.findings],
    }


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_a_written_document_converts_to_its_expected_structure(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    actual = view(path, expected)
    for key, value in actual.items():
        assert value == expected[key], key
    assert len(actual["notes"]) == len(expected["notes"])
    assert len(actual["pages"]) == len(expected["pages"])


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_a_written_document_round_trips_its_text(path: Path) -> None:
    tree = encode(ingest_file(path)).tree
    text = render(tree, str(path), ["txt"]).outputs["txt"]
    assert re.sub(r"\s+", " ", text).strip() == \
        re.sub(r"\s+", " ", path.read_text(encoding="utf-8")).strip()


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_a_written_document_is_valid_tei_unless_it_shows_an_error(path: Path, tei_all) -> None:
    data = serialize_tei(encode(ingest_file(path)).tree)
    findings = validate_xml(data, path.name, [*default_validators(), tei_all])
    report = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["report"]
    expected = {"sch:page-order"} if ["ingest:page-order"] in [r[:1] for r in report] else set()
    assert {f.rule_id for f in findings} == expected
