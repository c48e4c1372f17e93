"""render: HTML, JSON and text of the sample and the corpus agree and are complete."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from pipeline.encode import encode
from pipeline.ingest import ingest_file
from pipeline.render import render
from pipeline.resources import SAMPLE
from pipeline.validate import validate_json

from .conftest import frus_texts


@pytest.fixture(scope="module")
def outputs(sample_tei) -> dict[str, str]:
    return render(sample_tei, str(SAMPLE)).outputs


class Anchors(HTMLParser):
    """Collects ids, local links, the attributes of every element, and the images standing
    outside a figure."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.open_figures = 0
        self.loose_images = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        href = attributes.get("href") or ""
        if href.startswith("#"):
            self.links.append(href[1:])
        classes = (attributes.get("class") or "").split()
        self.open_figures += tag == "figure"
        self.loose_images += not self.open_figures and bool({"graphic", "graphic-missing"}
                                                            & set(classes))

    def handle_endtag(self, tag: str) -> None:
        self.open_figures -= tag == "figure"

    def with_class(self, name: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.elements if name in (a.get("class") or "").split()]


def parse_html(html: str) -> Anchors:
    anchors = Anchors()
    anchors.feed(html)
    return anchors


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_the_text_rendering_reproduces_the_source(outputs) -> None:
    assert normalise(outputs["txt"]) == normalise(SAMPLE.read_text(encoding="utf-8"))


def test_html_note_links_go_both_ways_and_every_local_link_resolves(outputs) -> None:
    page = parse_html(outputs["html"])
    assert len(page.ids) == len(set(page.ids)), "ids must be unique"
    assert set(page.links) <= set(page.ids)
    refs = [a for tag, a in page.elements if a.get("role") == "doc-noteref"]
    backs = [a for tag, a in page.elements if a.get("role") == "doc-backlink"]
    assert [a["href"] for a in refs] == [f"#d257fn{n}" for n in range(1, 6)]
    assert [a["href"] for a in backs] == [f"#ref-d257fn{n}" for n in range(1, 6)]


def test_html_is_a_standalone_accessible_page(outputs) -> None:
    html = outputs["html"]
    page = parse_html(html)
    tags = [tag for tag, _ in page.elements]
    assert html.startswith("<!DOCTYPE HTML>")
    assert ("html", {"lang": "en"}) in page.elements
    assert {"main", "header", "h1", "article"} <= set(tags)
    assert "<script" not in html and "@media print" in html
    assert [a["id"] for t, a in page.elements if "pb" in (a.get("class") or "").split()] == \
        [f"page-{n}" for n in range(1050, 1060)]
    speakers = {a.get("href") for t, a in page.elements if t == "a" and
                (a.get("href") or "").startswith("#person-")}
    assert speakers == {"#person-bessmertnykh", "#person-secretary", "#person-dubinin"}


def test_json_validates_and_rebuilds_the_marked_text(outputs) -> None:
    assert validate_json(outputs["json"], "sample.json") == []
    data = json.loads(outputs["json"])
    block = data["blocks"][data["speeches"][1]["blocks"][0]]
    text = block["text"]
    for anchor in reversed(block["anchors"]):
        marker = f"[Page {anchor['n']}]" if anchor["type"] == "page" else anchor["n"]
        text = text[: anchor["offset"]] + marker + text[anchor["offset"]:]
    assert text in SAMPLE.read_text(encoding="utf-8")


def agreement(outputs: dict[str, str]) -> dict[str, tuple[object, ...]]:
    """What each output shows of the document's structure: speeches, their speakers, note
    numbers, pages, variant-reading marks, table cells and figures (None where an output does
    not show it as such)."""
    data = json.loads(outputs["json"])
    page = parse_html(outputs["html"])
    html_speeches = page.with_class("sp")
    txt = outputs["txt"]
    apparatus = txt.split("\nVariant readings\n", 1)[1] if "\nVariant readings\n" in txt else ""
    return {
        "json": (len(data["speeches"]), [s["who"] for s in data["speeches"]],
                 [n["n"] for n in data["notes"]], [p["n"] for p in data["pages"]],
                 [a["mark"] for a in data["apparatus"]],
                 sum(b["type"] == "cell" for b in data["blocks"]), len(data["figures"])),
        "html": (len(html_speeches), [(a.get("data-who") or "").split() for a in html_speeches],
                 [str(a["aria-label"]).split()[-1] for a in page.with_class("noteref")],
                 [str(a["aria-label"]).split()[-1] for a in page.with_class("pb")],
                 [str(a["aria-label"]).split()[-1] for a in page.with_class("appref")],
                 sum(t in ("td", "th") for t, _ in page.elements),
                 sum(t == "figure" for t, _ in page.elements) + page.loose_images),
        "txt": (None, None, re.findall(r"^  (\d+)\. ", txt, re.M),
                re.findall(r"\[Page (\d+)\]", txt),
                re.findall(r"^  ([a-z]+)\. ", apparatus, re.M), None, None),
    }


def assert_outputs_agree(outputs: dict[str, str]) -> None:
    views = agreement(outputs)
    assert views["json"] == views["html"]
    shown = [i for i, view in enumerate(views["txt"]) if view is not None]
    assert [views["json"][i] for i in shown] == [views["txt"][i] for i in shown]


def test_the_three_outputs_agree_on_speeches_speakers_notes_and_pages(outputs) -> None:
    assert_outputs_agree(outputs)
    assert agreement(outputs)["json"][0] == 61  # type: ignore[index]


@pytest.mark.parametrize("path", frus_texts(), ids=lambda p: p.name)
def test_every_frus_document_converts_renders_and_round_trips(path: Path) -> None:
    tree = etree.fromstring(etree.tostring(encode(ingest_file(path)).tree)).getroottree()
    rendered = render(tree, str(path))
    assert normalise(rendered.outputs["txt"]) == normalise(path.read_text(encoding="utf-8"))
    assert validate_json(rendered.outputs["json"], path.name) == []
    assert_outputs_agree(rendered.outputs)
    assert rendered.findings == []


def test_text_options_turn_markers_notes_and_speakers_on_and_off(sample_tei) -> None:
    plain = render(sample_tei, "s", ["txt"], {"pages": False, "notes": False,
                                             "speakers": True}).outputs["txt"]
    assert "[Page" not in plain and "\n  1. Source" not in plain
    assert "Conversation1" not in plain
    assert "\nDeputy FM Bessmertnykh: After some informal banter" in plain


def test_unknown_elements_are_rendered_as_text_and_reported() -> None:
    tei = etree.fromstring(
        b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T'
        b'</title></titleStmt></fileDesc></teiHeader><text><body><p>Keep <madeUp>this</madeUp>'
        b' text.</p></body></text></TEI>').getroottree()
    rendered = render(tei, "t.xml")
    assert "Keep this text." in rendered.outputs["txt"]
    assert "this</span>" in rendered.outputs["html"]
    assert [f.rule_id for f in rendered.findings] == ["render:unknown-element"]
    assert "madeUp" in rendered.findings[0].message


@pytest.mark.parametrize("fragment", [
    b'<p xmlns="http://www.tei-c.org/ns/1.0">A paragraph <hi>alone</hi>.</p>',
    b'<hi xmlns="http://www.tei-c.org/ns/1.0">A phrase alone.</hi>',
    b'<notes>Text of no namespace, with <b>an element</b> in it.</notes>',
])
def test_a_fragment_whose_root_is_a_block_or_phrase_renders_in_every_format(fragment) -> None:
    """The root element stands under the document node, which has no behaviour: asking for
    its parent's must not fail the JSON rendering."""
    rendered = render(etree.fromstring(fragment).getroottree(), "f.xml")
    text = "".join(etree.fromstring(fragment).itertext())
    data = json.loads(rendered.outputs["json"])
    assert [block["text"] for block in data["blocks"]] == [text]
    assert rendered.outputs["txt"] == text + "\n"
    article = lxml.html.fromstring(rendered.outputs["html"]).find(".//article")
    assert article is not None and article.text_content() == text
    assert validate_json(rendered.outputs["json"], "f.json") == []


def test_json_keeps_the_characters_it_must_escape() -> None:
    """Quotation marks, backslashes, tabs and carriage returns come through in every string
    (block and speech texts, speaker labels, ids, notes, participants), a line break (lb) is a
    line feed in its block's text, and a speech's text joins its blocks with one: the JSON is
    written as text, escaped by the stylesheet (each of these characters beside others)."""
    document = etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
        '<title>A "title" \\ here</title></titleStmt><publicationStmt><p/></publicationStmt>'
        '<sourceDesc><p/></sourceDesc></fileDesc><profileDesc><particDesc><listPerson>'
        '<head>Side "A"</head><person xml:id="p1"><persName>Mr. "Q" \\</persName></person>'
        '</listPerson></particDesc></profileDesc></teiHeader><text><body><div>'
        '<sp who="#p1 #q&quot;\\"><speaker>MR. "Q"</speaker>'
        '<p>Said "hi" \\ and\ttab&#13;cr<note n="1">A "note"\t\\</note> end.</p>'
        '<p>Then \\\\<lb/>"two"</p></sp></div></body></text></TEI>').getroottree()
    rendered = render(document, "escapes.xml")
    data = json.loads(rendered.outputs["json"])
    first, second = 'Said "hi" \\ and\ttab\rcr end.', 'Then \\\\\n"two"'
    assert [block["text"] for block in data["blocks"]] == [first, second]
    speech = data["speeches"][0]
    assert (speech["text"], speech["who"], speech["speaker"]) == (
        first + "\n" + second, ["p1", 'q"\\'], 'MR. "Q"')
    assert data["title"] == 'A "title" \\ here'
    assert data["notes"][0]["text"] == 'A "note"\t\\'
    assert data["participants"][0]["name"] == 'Mr. "Q" \\'
    assert validate_json(rendered.outputs["json"], "escapes.json") == []
