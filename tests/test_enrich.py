"""Enrichment: people, terms and cross-references the text mentions, linked — measured
against the Office of the Historian's hand encoding of the same documents."""

from __future__ import annotations

import collections
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree, html

from pipeline.cli import run
from pipeline.encode import encode, serialize_tei
from pipeline.findings import PipelineError
from pipeline.ingest import ingest_file
from pipeline.lists import Lists, read_persons, read_terms
from pipeline.render import render
from pipeline.resources import SAMPLE
from pipeline.validate import (
    default_validators,
    full_tei_validator,
    validate_json,
    validate_xml,
)

from .conftest import FIXTURES, TEI, frus_texts, reading_positions

LISTS = FIXTURES / "enrich" / "frus1981-88v05"
KINDS = ("persName", "gloss", "ref")


def volume_lists() -> Lists:
    return Lists(read_persons(LISTS / "persons.txt"), read_terms(LISTS / "terms.txt"))


def convert(text: str, tmp_path: Path, lists: Lists | None = None,
            name: str = "d7.txt") -> etree._Element:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return encode(ingest_file(path), lists).tree.getroot()


def mentions(root: etree._Element) -> list[tuple[str, str, str]]:
    """(element, pointer, text) of every mention in the text, in order."""
    return [(etree.QName(e).localname, e.get("ref") or e.get("target", ""),
             "".join(e.itertext()))
            for e in root.xpath("tei:text//*[self::tei:persName or self::tei:gloss or "
                                "self::tei:ref]", namespaces=TEI)]


# --- measured against the published encoding ---------------------------------------------

def marked(div: etree._Element, key: Callable[[etree._Element], str]) -> \
        collections.Counter[tuple[str, int, str]]:
    """The mentions of a document, each as (element, non-space characters of text before it,
    what it points at as ``key`` names it); our speech labels are not printed text."""
    return collections.Counter(reading_positions(div, set(KINDS), {"speaker", "fw"}, key))


def test_mentions_agree_with_the_published_encoding() -> None:
    """At least 95 % of the published person and term mentions found and linked to the right
    entry, at least 90 % of ours correct; at least 95 % of the cross-reference targets."""
    texts = frus_texts()
    if not texts:
        pytest.skip("the shared corpus is not here")
    lists = volume_lists()
    published_ids = json.loads((LISTS / "ids.json").read_text(encoding="utf-8"))
    surname = {p.id: p.surname for p in lists.persons}
    term = {t.id: t.term for t in lists.terms}

    def theirs(element: etree._Element) -> str:
        pointer = (element.get("corresp") or element.get("target") or "#")
        if etree.QName(element).localname == "persName":
            return published_ids.get(pointer[1:], pointer)
        if etree.QName(element).localname == "gloss":
            return re.sub(r"^#t_(.+)_\d+$", r"\1", pointer)
        return pointer

    def ours(element: etree._Element) -> str:
        pointer = element.get("ref") or element.get("target") or "#"
        return {"persName": surname, "gloss": term}.get(
            etree.QName(element).localname, {}).get(pointer[1:], pointer)

    totals: collections.Counter[tuple[str, str]] = collections.Counter()
    for path in texts:
        published = etree.parse(str(path.with_suffix(".tei.xml"))).getroot()
        div = encode(ingest_file(path), lists).tree.find(".//tei:div[@type='document']", TEI)
        assert div is not None
        expected, found = marked(published, theirs), marked(div, ours)
        for kind in KINDS:
            want = collections.Counter({k: n for k, n in expected.items() if k[0] == kind})
            got = collections.Counter({k: n for k, n in found.items() if k[0] == kind})
            totals[kind, "published"] += want.total()
            totals[kind, "ours"] += got.total()
            totals[kind, "right"] += (want & got).total()
    for kind in KINDS:
        recall = totals[kind, "right"] / totals[kind, "published"]
        precision = totals[kind, "right"] / totals[kind, "ours"]
        assert recall >= 0.95, (kind, recall)
        assert precision >= (0.9 if kind != "ref" else 0.0), (kind, precision)
    assert totals["persName", "published"] > 300 and totals["gloss", "published"] > 100


def test_the_reading_text_is_unchanged_and_valid_with_the_lists() -> None:
    texts = frus_texts()
    if not texts:
        pytest.skip("the shared corpus is not here")
    validators = [*default_validators(), full_tei_validator()]
    for path in texts:
        plain = encode(ingest_file(path)).tree.getroot()
        linked = encode(ingest_file(path), volume_lists()).tree
        text = linked.find("tei:text", TEI)
        assert "".join(text.itertext()) == "".join(plain.find("tei:text", TEI).itertext())
        findings = validate_xml(serialize_tei(linked), path.name, validators)
        assert not [f for f in findings if f.severity.value == "error"], findings


# --- the sample, without lists: its participants --------------------------------------------

def test_the_sample_links_every_mention_of_its_participants() -> None:
    root = encode(ingest_file(SAMPLE)).tree.getroot()
    body = root.find("tei:text", TEI)
    linked = collections.Counter((ref, text) for kind, ref, text in mentions(root)
                                 if kind == "persName")
    paragraphs = "".join(t for p in body.xpath(".//tei:p | .//tei:note", namespaces=TEI)
                         for t in p.xpath("text()"))
    for name, ref in [("Bessmertnykh", "#bessmertnykh"), ("Shultz", "#secretary"),
                      ("Ridgway", "#ridgway"), ("Dubinin", "#dubinin"),
                      ("Simons", "#simons"), ("Nitze", "#nitze"), ("Whitehead", "#whitehead"),
                      ("Solomon", "#solomon"), ("Sokolov", "#sokolov"),
                      ("Churkin", "#churkin"), ("Zarechnak", "#zarechnak")]:
        assert linked[(ref, name)] >= 1, name
        assert not re.search(rf"\b{name}\b", paragraphs), f"{name} left unlinked"
    people = {p.get("{http://www.w3.org/XML/1998/namespace}id")
              for p in root.iter(f"{{{TEI['tei']}}}person")}
    assert {ref[1:] for ref, _ in linked} <= people


# --- people ---------------------------------------------------------------------------------

PERSONS = """Platt, Nicholas, Executive Secretary of the Department of State
Armacost, Michael H., Under Secretary of State for Political Affairs
Shevardnadze, Eduard A., Soviet Foreign Minister
Gorbachev, Mikhail S., General Secretary
Reagan, Ronald W., President
Barry, Robert L., Deputy Assistant Secretary
Barry, John, Ambassador
Young, Andrew, Ambassador to the United Nations
"""


@pytest.fixture
def people(tmp_path: Path) -> Lists:
    path = tmp_path / "persons.txt"
    path.write_text(PERSONS, encoding="utf-8")
    return Lists(read_persons(path))


@pytest.mark.parametrize(("text", "expected"), [
    ("Nick Platt called.", [("#p-platt-nicholas", "Nick Platt")]),
    ("Then Mike Armacost left.", [("#p-armacost-michael-h", "Mike Armacost")]),
    ("Foreign Minister Shevardnadze spoke.", [("#p-shevardnadze-eduard-a", "Shevardnadze")]),
    ("Gorbachev’s letter came.", [("#p-gorbachev-mikhail-s", "Gorbachev")]),
    ("The Shultz-Shevardnadze meeting.", [("#p-shevardnadze-eduard-a", "Shevardnadze")]),
    ("See the Reagan Library files.", []),
    ("Young people came. Ambassador Young spoke.", [("#p-young-andrew", "Young")]),
    ("Robert Barry met John Barry.", [("#p-barry-robert-l", "Robert Barry"),
                                      ("#p-barry-john", "John Barry")]),
])
def test_a_person_is_linked_in_the_forms_people_write(text: str, expected: list[tuple[str, str]],
                                                      people: Lists, tmp_path: Path) -> None:
    root = convert(f"7. Memorandum\n\n{text}\n", tmp_path, people)
    assert [(ref, name) for kind, ref, name in mentions(root) if kind == "persName"] == expected


def test_a_name_split_by_a_page_break_is_one_mention(people: Lists, tmp_path: Path) -> None:
    root = convert("7. Memorandum\n\nWe met Shevard[Page 12]nadze today.\n", tmp_path, people)
    name = root.find(".//tei:p/tei:persName", TEI)
    assert name is not None and "".join(name.itertext()) == "Shevardnadze"
    assert name.find("tei:pb", TEI).get("n") == "12"


def test_a_surname_of_two_entries_is_reported_not_guessed(people: Lists, tmp_path: Path) -> None:
    path = tmp_path / "d7.txt"
    path.write_text("7. Memorandum\n\nThen Barry said no.\n", encoding="utf-8")
    encoded = encode(ingest_file(path), people)
    assert not [m for m in mentions(encoded.tree.getroot()) if m[0] == "persName"]
    [finding] = [f for f in encoded.findings if f.rule_id == "enrich:ambiguous-name"]
    assert "'Barry, Robert L.'" in finding.message and "'Barry, John'" in finding.message
    assert (finding.location.file, finding.location.line) == (str(path), 3)


def test_the_header_lists_the_people_and_terms_mentioned(people: Lists, tmp_path: Path) -> None:
    terms = tmp_path / "terms.txt"
    terms.write_text("NST, Nuclear and Space Talks\nUS, United States\n", encoding="utf-8")
    lists = Lists(people.persons, read_terms(terms))
    path = tmp_path / "d7.txt"
    path.write_text("7. Memorandum\n\nShevardnadze raised the NST.\n", encoding="utf-8")
    encoded = encode(ingest_file(path), lists)
    root = encoded.tree.getroot()
    person = root.find(".//tei:sourceDesc/tei:listPerson[@type='mentioned']/tei:person", TEI)
    assert person.get("{http://www.w3.org/XML/1998/namespace}id") == "p-shevardnadze-eduard-a"
    assert "".join(person.find("tei:persName", TEI).itertext()) == "Shevardnadze, Eduard A."
    assert person.findtext("tei:occupation", namespaces=TEI) == "Soviet Foreign Minister"
    item = root.find(".//tei:sourceDesc/tei:list[@type='terms']/tei:item", TEI)
    assert "".join(item.itertext()) == "NST, Nuclear and Space Talks"
    unmentioned = {f.message for f in encoded.findings if f.rule_id == "enrich:unmentioned"}
    assert any("7 of the 8 entries of the persons list" in m and "Platt, Nicholas" in m
               for m in unmentioned)
    assert any("US" in m for m in unmentioned)


def test_a_participant_in_the_list_has_the_lists_id(people: Lists, tmp_path: Path) -> None:
    text = ("7. Memorandum of Conversation\n\n  • PARTICIPANTS\n\n    • Ambassador Platt\n"
            "    • Foreign Minister Shevardnadze\n\nPlatt said yes. Shevardnadze said no.\n")
    root = convert(text, tmp_path, people)
    assert [sp.get("who") for sp in root.iter(f"{{{TEI['tei']}}}sp")] == \
        ["#p-platt-nicholas"]
    item = root.find(".//tei:list[@type='participants']//tei:item[tei:persName]", TEI)
    assert item.text == "Ambassador " and item[0].text == "Platt"  # the title stays outside
    assert root.find(".//tei:listPerson[@type='mentioned']", TEI) is None


# --- terms ----------------------------------------------------------------------------------

def test_terms_are_whole_tokens(tmp_path: Path) -> None:
    terms = tmp_path / "terms.txt"
    terms.write_text("US, United States\nNRRC, Nuclear Risk Reduction Center\n"
                     "MIRV, multiple independently targetable reentry vehicle\n",
                     encoding="utf-8")
    root = convert("7. Memorandum\n\nThe US, the USSR and the U.S. want NRRCs, not MIRVing; "
                   "the US’s view.\n", tmp_path, Lists(terms=read_terms(terms)))
    assert [(ref, text) for _, ref, text in mentions(root)] == [
        ("#t-us", "US"), ("#t-nrrc", "NRRCs"), ("#t-mirv", "MIRVing"), ("#t-us", "US")]


# --- cross-references -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("See Document 257.", [("#d257", "Document 257")]),
    ("See Documents 255, 256, 257, and 258.",
     [("#d255", "Documents 255"), ("#d256", "256"), ("#d257", "257"), ("#d258", "258")]),
    ("See Documents 104–106.", [("#d104", "Documents 104"), ("#d106", "106")]),
    ("See Documents 104106.", [("#d104", "Documents 104"), ("#d106", "106")]),
    ("See footnote 5, Document 257.", [("#d257fn5", "footnote 5, Document 257")]),
    ("See Foreign Relations, 1981–1988, vol. IV, Soviet Union, January 1983–March 1985, "
     "Documents 134, 135.",
     [("frus1981-88v04#d134", "Foreign Relations, 1981–1988, vol. IV, Soviet Union, January "
       "1983–March 1985, Documents 134"), ("frus1981-88v04#d135", "135")]),
    ("See Foreign Relations, 1952–1954, vol. II, Part 1, National Security Affairs, "
     "Document 12; ibid., Document 221.",
     [("frus1952-54v02p1#d12", "Foreign Relations, 1952–1954, vol. II, Part 1, National "
       "Security Affairs, Document 12"), ("frus1952-54v02p1#d221", "ibid., Document 221")]),
    ("See Foreign Relations, 1981–1988, vol. XI, START I, Appendix A.",
     [("frus1981-88v11", "Foreign Relations, 1981–1988, vol. XI, START I, Appendix A")]),
])
def test_cross_references_become_links(text: str, expected: list[tuple[str, str]],
                                       tmp_path: Path) -> None:
    root = convert(f"7. Memorandum\n\n{text}\n", tmp_path)
    assert [(ref, name) for kind, ref, name in mentions(root) if kind == "ref"] == expected


def test_a_footnote_of_the_same_document_is_linked(tmp_path: Path) -> None:
    root = convert("7. Memorandum\n\nAs said.1 See footnote 1 above.\n\n  1. Said.\n", tmp_path)
    assert [(ref, name) for kind, ref, name in mentions(root) if kind == "ref"] == \
        [("#d7fn1", "footnote 1")]


# --- the lists as inputs -----------------------------------------------------------------------

def test_a_malformed_list_entry_is_located(tmp_path: Path) -> None:
    persons = tmp_path / "persons.txt"
    persons.write_text("Platt, Nicholas, Executive Secretary\n\n  • Kampelman\n",
                       encoding="utf-8")
    with pytest.raises(PipelineError) as raised:
        read_persons(persons)
    [finding] = raised.value.findings
    assert (finding.location.line, finding.location.column) == (3, 5)
    assert raised.value.exit_code == 2
    err = io.StringIO()
    text = tmp_path / "d7.txt"
    text.write_text("7. Memorandum\n\nPlatt said.\n", encoding="utf-8")
    assert run(["convert", str(text), "--out", str(tmp_path / "out"), "--persons",
                str(persons)], stderr=err) == 2
    assert f"{persons}:3:5" in err.getvalue()
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_ids_come_from_the_entry_and_are_stable(tmp_path: Path) -> None:
    persons = tmp_path / "persons.txt"
    persons.write_text("Mikol’chak, Valentin V., official\nMatlock, Jack F., Jr., adviser\n"
                       "Linhard, Colonel Robert E., USAF, Director\nReagan, President\n",
                       encoding="utf-8")
    entries = read_persons(persons)
    assert [(e.id, e.entry, e.description) for e in entries] == [
        ("p-mikolchak-valentin-v", "Mikol’chak, Valentin V.", "official"),
        ("p-matlock-jack-f-jr", "Matlock, Jack F., Jr.", "adviser"),
        ("p-linhard-robert-e", "Linhard, Robert E.", "USAF, Director"),
        ("p-reagan", "Reagan", "President")]
    assert read_persons(persons) == entries


def test_build_links_with_the_lists(tmp_path: Path) -> None:
    texts = frus_texts()
    if not texts:
        pytest.skip("the shared corpus is not here")
    out = tmp_path / "out"
    assert run(["build", str(texts[0]), "--out", str(out), "--persons",
                str(LISTS / "persons.txt"), "--terms", str(LISTS / "terms.txt")],
               stderr=io.StringIO()) == 0
    tei = (out / f"{texts[0].stem}.tei.xml").read_text(encoding="utf-8")
    assert 'persName ref="#p-' in tei and 'gloss target="#t-' in tei


# --- the outputs ------------------------------------------------------------------------------

def test_the_outputs_show_the_mentions(tmp_path: Path) -> None:
    """HTML: each mention links to its entry in the page's index, which says what it is, and
    carries that for hover and focus; JSON: each mention a mark over the name, with the id
    of its entity; text (with the index switched on): the people, terms and references."""
    path = tmp_path / "d7.txt"
    path.write_text("7. Memorandum\n\nShevardnadze raised the NST with Platt.1\n\n"
                    "  1. See Document 5 and footnote 1 above.\n", encoding="utf-8")
    people = tmp_path / "persons.txt"
    people.write_text(PERSONS, encoding="utf-8")
    terms = tmp_path / "terms.txt"
    terms.write_text("NST, Nuclear and Space Talks\n", encoding="utf-8")
    tree = encode(ingest_file(path), Lists(read_persons(people), read_terms(terms))).tree
    outputs = render(tree, str(path), text_options={"index": True}).outputs

    page = html.fromstring(outputs["html"])
    links = page.xpath("//a[contains(@class, 'mention')]")
    assert [(a.text_content(), a.get("href")) for a in links] == [
        ("Shevardnadze", "#entity-p-shevardnadze-eduard-a"), ("NST", "#entity-t-nst"),
        ("Platt", "#entity-p-platt-nicholas")]
    for link in links:
        about = page.get_element_by_id(link.get("aria-describedby"))
        assert about.text_content() in link.get("data-about")
        assert page.get_element_by_id(link.get("href")[1:]).tag == "dt"
    assert links[1].get("data-about") == "NST: Nuclear and Space Talks"
    assert [(a.text_content(), a.get("href")) for a in page.xpath("//li//a[not(@class)]")] == \
        [("footnote 1", "#d7fn1")]  # the other document is not on this page: shown, no link

    data = json.loads(outputs["json"])
    block = next(b for b in data["blocks"] if b["text"].startswith("Shevardnadze"))
    assert [(block["text"][m["start"]:m["end"]], m["id"]) for m in block["marks"]] == [
        ("Shevardnadze", "p-shevardnadze-eduard-a"), ("NST", "t-nst"),
        ("Platt", "p-platt-nicholas")]
    note = data["notes"][0]
    assert [(note["text"][m["start"]:m["end"]], m["target"], m["here"])
            for m in note["marks"]] == [("Document 5", "#d5", False),
                                        ("footnote 1", "#d7fn1", True)]
    assert {e["id"]: e["description"] for e in data["entities"]}["t-nst"] == \
        "Nuclear and Space Talks"
    assert validate_json(outputs["json"], "d7.json") == []

    text = outputs["txt"]
    assert "People\n  Platt, Nicholas: Executive Secretary of the Department of State" in text
    assert "Terms\n  NST: Nuclear and Space Talks" in text
    assert "Cross-references\n  Document 5: #d5\n  footnote 1: #d7fn1" in text
    plain = render(tree, str(path), ["txt"]).outputs["txt"]
    assert plain == path.read_text(encoding="utf-8")  # off by default: the text is its source


def test_a_participant_in_the_list_has_its_name_and_description(people: Lists,
                                                                 tmp_path: Path) -> None:
    text = ("7. Memorandum of Conversation\n\n  • PARTICIPANTS\n\n    • Ambassador Platt\n\n"
            "Platt said yes.\n")
    root = convert(text, tmp_path, people)
    person = root.find(".//tei:particDesc//tei:person", TEI)
    assert person.findtext("tei:occupation", namespaces=TEI) == \
        "Executive Secretary of the Department of State"
    assert person.findtext("tei:note[@type='list']", namespaces=TEI) == "Platt, Nicholas"
