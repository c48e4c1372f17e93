"""encode: the sample memorandum as TEI — header, speeches, notes and pages where they stood."""

from __future__ import annotations

import re

from lxml import etree

from pipeline.encode import Encoded, encode, serialize_tei
from pipeline.ingest import ingest_text
from pipeline.locations import Locator, element_path
from pipeline.resources import SAMPLE

from .conftest import TEI


def xp(tree: etree._ElementTree, path: str) -> list:  # type: ignore[type-arg]
    return tree.xpath(path, namespaces=TEI)  # type: ignore[return-value]


def reading_text(element: etree._Element) -> str:
    """Characters of an element without its notes (the source text with the marks removed)."""
    return "".join(t for t in element.xpath(".//text()[not(ancestor::tei:note)]", namespaces=TEI))


def test_the_sample_body_has_61_paragraphs_5_notes_and_pages_1050_to_1059(sample_tei) -> None:
    assert len(xp(sample_tei, "//tei:body//tei:p")) == 61
    assert xp(sample_tei, "//tei:body//tei:note/@n") == ["1", "2", "3", "4", "5"]
    assert xp(sample_tei, "//tei:body//tei:pb/@n") == [str(n) for n in range(1050, 1060)]


def test_every_speech_points_at_a_listed_person(sample_tei) -> None:
    ids = set(xp(sample_tei, "//tei:particDesc//tei:person/@xml:id"))
    who = xp(sample_tei, "//tei:sp/@who")
    assert who and all(w.startswith("#") and w[1:] in ids for w in who)
    assert all(sp.find("tei:speaker", TEI) is not None for sp in xp(sample_tei, "//tei:sp"))


def test_participants_are_listed_by_side_with_title_and_name(sample_tei) -> None:
    sides = xp(sample_tei, "//tei:particDesc/tei:listPerson/tei:listPerson")
    assert [s.findtext("tei:head", namespaces=TEI) for s in sides] == ["U.S. Side", "Soviet Side"]
    assert [len(s.findall("tei:person", TEI)) for s in sides] == [7, 4]
    interpreter = xp(sample_tei, "//tei:person[tei:occupation = 'Interpreter']")[0]
    assert interpreter.findtext("tei:persName/tei:surname", namespaces=TEI) == "Zarechnak"
    assert interpreter.findtext("tei:persName/tei:forename", namespaces=TEI) == "D."


def test_the_source_note_becomes_header_metadata_and_stays_in_the_head(sample_tei) -> None:
    note = xp(sample_tei, "//tei:div[@type='document']/tei:head/tei:note")[0]
    assert note.get("n") == "1" and note.get("type") == "source"
    assert xp(sample_tei, "string(//tei:msIdentifier/tei:repository)") == "Reagan Library"
    assert xp(sample_tei, "string(//tei:sourceDesc/tei:bibl/tei:note[@type='classification'])") \
        == "Secret; Sensitive"
    assert xp(sample_tei, "//tei:respStmt[tei:resp='cleared by']/tei:persName/text()") == \
        ["Davies", "Pascoe"]
    assert xp(sample_tei, "string(//tei:settingDesc//tei:placeName)") == "Shultz’s office"
    assert xp(sample_tei, "string(//tei:titleStmt/tei:title)") == "Memorandum of Conversation"


def test_every_note_stands_exactly_where_its_mark_was(sample_tei) -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    for note in xp(sample_tei, "//tei:body//tei:note"):
        before = reading_text(note.getparent())[: _offset_in_parent(note)]
        # the source has the words before the note immediately followed by the mark
        assert before[-20:] + note.get("n") in source, note.get("n")


def test_every_page_break_stands_exactly_where_its_marker_was(sample_tei) -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    for pb in xp(sample_tei, "//tei:body//tei:pb"):
        parent = pb.getparent()
        if etree.QName(parent).localname == "p":
            before = reading_text(parent)[: _offset_in_parent(pb)]
            after = (pb.tail or "")[:20]
            assert f"{before[-20:]}[Page {pb.get('n')}]{after}" in source
        else:  # between paragraphs: a line of its own
            assert f"\n\n[Page {pb.get('n')}]\n\n" in source


def test_paragraph_text_equals_the_source_character_for_character(sample_tei) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    unmarked = {re.sub(r"\[Page \d+\]|(?<=[a-z.”])[1-5](?=$| )", "", line) for line in lines}
    paragraphs = xp(sample_tei, "//tei:body//tei:p")
    assert all(reading_text(p) in unmarked for p in paragraphs)


def test_serialized_tei_indents_structure_but_not_mixed_content(sample_encoded: Encoded) -> None:
    data = serialize_tei(sample_encoded.tree).decode("utf-8")
    assert "\n        <sp who=" in data
    assert "<p>After some informal banter" in data
    assert re.search(r"<p>\s", data) is None


def test_a_document_without_participants_has_plain_paragraphs() -> None:
    doc = ingest_text("3. Memorandum1\n\nWe met at noon.\n\n  1. Source: Archive. Secret.\n",
                      "m.txt")
    tree = encode(doc).tree
    assert xp(tree, "//tei:sp") == []
    assert xp(tree, "//tei:body//tei:p/text()") == ["We met at noon."]
    assert xp(tree, "//tei:particDesc") == []


def _offset_in_parent(child: etree._Element) -> int:
    """Characters of the parent's reading text before the child."""
    parent = child.getparent()
    count = len(parent.text or "")
    for sibling in parent:
        if sibling is child:
            return count
        if etree.QName(sibling).localname != "note":
            count += len(reading_text(sibling))
        count += len(sibling.tail or "")
    raise AssertionError("child not found")


def test_every_element_made_from_the_text_knows_its_source_line_and_column(
        sample_encoded: Encoded) -> None:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    tree = sample_encoded.tree
    checked = 0
    for path, pos in sample_encoded.origins.items():
        element = Locator(b"", tree, "").resolve(path)
        assert element is not None, path
        name = etree.QName(element).localname
        source = lines[pos.line - 1][pos.column - 1:]
        if name in {"p", "head", "item"} and element.find("tei:list", TEI) is None:
            assert source.startswith(reading_text(element)[:20]), path
        elif name == "note":
            assert source.startswith(element.get("n")), path
        elif name == "pb":
            assert source.startswith(f"[Page {element.get('n')}]"), path
        checked += 1
    body = tree.xpath("//tei:body//tei:p | //tei:body//tei:note | //tei:body//tei:pb | "
                      "//tei:sp | //tei:particDesc//tei:person", namespaces=TEI)
    assert {element_path(e) for e in body} <= set(sample_encoded.origins)
    assert checked == len(sample_encoded.origins)


#: Who speaks in each of the sample's 61 paragraphs, read by hand from the memorandum
#: (b: Bessmertnykh, s: the Secretary, d: Dubinin).
SAMPLE_SPEAKERS = ("bsbssssssb" "ssssssbbsb" "bbbsbsbbsb" "bsbsbsbsbb" "sbsbsbsbsb"
                   "bdsdsdsbsb" "s")
IDS = {"b": "#bessmertnykh", "s": "#secretary", "d": "#dubinin"}


def test_every_sample_paragraph_is_attributed_to_the_right_participant(sample_tei) -> None:
    speeches = [p.getparent() for p in xp(sample_tei, "//tei:body//tei:p")]
    assert [sp.get("who") for sp in speeches] == [IDS[c] for c in SAMPLE_SPEAKERS]
    # "Going down the list …" continues the Secretary; "The Secretary was not quite clear …"
    # names him first without a reporting verb: both are medium, every other one is high.
    assert [i for i, sp in enumerate(speeches, 1) if sp.get("cert") != "high"] == [13, 14]


def test_the_sample_converts_with_an_empty_report(sample_encoded: Encoded) -> None:
    assert sample_encoded.findings == []
