"""The converter against the Office of the Historian's own TEI for the same documents.

Our text, paragraph boundaries, notes (numbers and positions), pages (numbers and positions),
participants and dateline must agree with the published encoding.  Positions are compared as
the number of non-space characters of reading text before the anchor, which is exact and
indifferent to how either side lays out white space.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline.encode import encode, serialize_tei
from pipeline.ingest import ingest_file
from pipeline.validate import default_validators, validate_xml

from .conftest import FRUS, TEI, frus_texts, reading_positions

SKIP_TEXT = {"note", "speaker", "fw"}


def published(path: Path) -> etree._Element:
    return etree.parse(str(path.with_suffix(".tei.xml"))).getroot()


def ours(path: Path) -> etree._Element:
    tree = encode(ingest_file(path)).tree
    return tree.find(".//tei:div[@type='document']", TEI)


def anchors(div: etree._Element) -> dict[str, list[tuple[str, int]]]:
    """Notes and page breaks (not those inside notes) with the non-space characters of
    reading text before them."""
    found: dict[str, list[tuple[str, int]]] = {"note": [], "pb": []}
    for name, count, n in reading_positions(
            div, set(found), SKIP_TEXT, lambda e: None if etree.QName(e).localname == "pb"
            and e.xpath("ancestor::tei:note", namespaces=TEI) else e.get("n", "")):
        found[name].append((n, count))
    return found


def flat(element: etree._Element) -> str:
    """Reading text without notes, a line break counting as a space, white space folded."""
    parts = element.xpath(".//text()[not(ancestor::tei:note)] | .//tei:lb", namespaces=TEI)
    text = "".join(" " if isinstance(p, etree._Element) else str(p) for p in parts)
    return " ".join(text.split())


def paragraphs(div: etree._Element) -> list[tuple[str, str]]:
    """Paragraphs (and signatures) in order, with their element name."""
    return [(etree.QName(p).localname, flat(p))
            for p in div.xpath(".//tei:p[not(ancestor::tei:note)] | .//tei:signed",
                               namespaces=TEI)]


def participants(div: etree._Element) -> list[tuple[str, list[str]]]:
    return [(flat(side.find("tei:head", TEI)), [flat(i) for i in side.findall("tei:item", TEI)])
            for side in div.xpath(".//tei:list[@type='participants']//tei:list", namespaces=TEI)]


def dateline(div: etree._Element) -> tuple[str, str, tuple[str, ...]] | None:
    line = div.find("tei:opener/tei:dateline", TEI)
    if line is None:
        return None
    date = line.find("tei:date", TEI)
    times = tuple(re.sub(r"[+-]\d\d:\d\d$|Z$", "", date.get(a, "")).replace("+00:00", "")
                  for a in ("when", "from", "to")) if date is not None else ()
    return flat(line), flat(line.find("tei:placeName", TEI)), times


#: What must agree, each as a function of a document div.
ASPECTS = {
    "paragraph boundaries and text": paragraphs,
    "note numbers and positions": lambda div: anchors(div)["note"],
    "page numbers and positions": lambda div: anchors(div)["pb"],
    "participants by side": participants,
    "dateline": dateline,
}


@pytest.mark.skipif(not FRUS.is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize("aspect", sorted(ASPECTS))
@pytest.mark.parametrize("path", frus_texts(), ids=lambda p: p.stem)
def test_our_encoding_agrees_with_the_published_tei(path: Path, aspect: str) -> None:
    view = ASPECTS[aspect]
    assert view(ours(path)) == view(published(path))


@pytest.mark.skipif(not FRUS.is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", frus_texts(), ids=lambda p: p.stem)
def test_every_corpus_document_converts_valid_with_an_empty_report(path: Path, tei_all) -> None:
    encoded = encode(ingest_file(path))
    assert encoded.findings == []
    data = serialize_tei(encoded.tree)
    assert validate_xml(data, path.name, [*default_validators(), tei_all]) == []
