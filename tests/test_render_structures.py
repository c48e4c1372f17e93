"""Every element of TEI P5 renders, and each structure beyond running text renders as expected.

A fixture is ``fixtures/render/structures/NAME.xml`` with its expected renderings beside it:
``NAME.html`` (the page's main element: the text, apparatus and notes), ``NAME.json`` and
``NAME.txt``.  After an intended change, ``UPDATE_RENDER_FIXTURES=1 pytest`` rewrites them;
read the diff before committing it.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline import xslt
from pipeline.render import render
from pipeline.resources import DATA_ROOT, stylesheet_path
from pipeline.validate import validate_json

from .conftest import FIXTURES, FRUS, evaluate_in_model
from .test_render import assert_outputs_agree, parse_html

STRUCTURES = FIXTURES / "render" / "structures"
CASES = sorted(STRUCTURES.glob("*.xml"))
RNG = {"r": "http://relaxng.org/ns/structure/1.0"}
TEI_NS = "http://www.tei-c.org/ns/1.0"

#: Behaviours whose content is not reading text: the header and other metadata, notes (their
#: text is in the notes), labels and markers, what was struck out, images, generated parts,
#: and structures whose text stands only in their children (a choice's alternatives, a
#: variant's readings, a table's rows and cells).
NOT_READING = {"omit", "note", "speaker", "page", "break", "gap", "deletion", "graphic",
               "generated", "choice", "apparatus", "table", "row"}


def tei_elements() -> dict[str, str]:
    """Every element the vendored full TEI schema defines, by name, with its namespace."""
    grammar = etree.parse(str(DATA_ROOT / "schemas" / "tei" / "tei_all.rng"))
    elements = {}
    for element in grammar.xpath("//r:element[@name]", namespaces=RNG):
        namespace = next((a.get("ns") for a in element.iterancestors(f"{{{RNG['r']}}}*")
                          if a.get("ns") is not None), element.get("ns") or "")
        elements[element.get("name")] = element.get("ns") or namespace
    return elements


@pytest.fixture(scope="module")
def behaviours(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The behaviour map of xslt/common/model.xsl, as the stylesheets compile it."""
    return dict(evaluate_in_model(tmp_path_factory.mktemp("probe"), "$p:behaviours"))


def test_the_schema_defines_the_elements_of_tei_p5() -> None:
    elements = tei_elements()
    assert len(elements) > 550
    assert {"TEI", "p", "msDesc", "app", "egXML", "table", "teiCorpus"} <= set(elements)


def test_every_element_of_tei_p5_has_a_behaviour(behaviours: dict[str, str]) -> None:
    missing = sorted(set(tei_elements()) - set(behaviours))
    assert missing == [], f"no behaviour in xslt/common/model.xsl for {missing}"


def test_every_element_of_tei_p5_renders_its_text_in_every_output(
        behaviours: dict[str, str]) -> None:
    """One document holding each element of TEI P5 once, with a word of its own: each word of
    reading text is in all three outputs, and nothing is reported as unknown."""
    elements = tei_elements()
    body = "".join(f'<div><{name} xmlns="{ns}">w{name}w</{name}></div>'
                   for name, ns in sorted(elements.items()))
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Every element</title>'
        f'</titleStmt></fileDesc></teiHeader><text><body>{body}</body></text></TEI>')
    rendered = render(tei.getroottree(), "every-element.xml")
    assert rendered.findings == []
    data = json.loads(rendered.outputs["json"])
    blocks = "\n".join(block["text"] for block in data["blocks"])
    for name in elements:
        if behaviours[name] in NOT_READING:
            continue
        word = f"w{name}w"
        assert word in rendered.outputs["html"], f"{name} ({behaviours[name]}) not in the HTML"
        assert word in rendered.outputs["txt"], f"{name} ({behaviours[name]}) not in the text"
        assert word in blocks, f"{name} ({behaviours[name]}) not in the JSON blocks"
    for name in ("teiHeader", "fw", "del", "figDesc"):
        assert f"w{name}w" not in rendered.outputs["txt"]


def test_what_is_omitted_stays_out_of_every_output_wherever_it_stands(
        behaviours: dict[str, str]) -> None:
    """Each element whose behaviour is 'omit' (the header's, metadata), standing among blocks,
    inside a paragraph, inside a verse line and inside a note: its word is in no output's
    text, while the words around it are."""
    elements = tei_elements()
    omitted = sorted(name for name in elements if behaviours[name] == "omit")
    assert len(omitted) > 200

    def element(name: str) -> str:
        return f'<{name} xmlns="{elements[name]}">w{name}w</{name}>'

    body = "".join(f'<div>{element(name)}<p>keep {element(name)} it</p><l>v {element(name)}</l>'
                   f'<p>n<note>nb {element(name)} nb</note></p></div>' for name in omitted)
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Omitted</title>'
        f'</titleStmt></fileDesc></teiHeader><text><body>{body}</body></text></TEI>')
    rendered = render(tei.getroottree(), "omitted.xml")
    data = json.loads(rendered.outputs["json"])
    texts = {"html": main_of(rendered.outputs["html"]), "txt": rendered.outputs["txt"],
             "json": json.dumps([data["blocks"], data["notes"], data["speeches"]])}
    for output, text in texts.items():
        leaked = [name for name in omitted if f"w{name}w" in text]
        assert leaked == [], f"{output} renders omitted elements: {leaked}"
        assert text.count("keep") == len(omitted) and text.count("nb") == 2 * len(omitted)
    assert rendered.outputs["txt"].count("keep  it") == len(omitted)


def test_elements_of_other_namespaces_are_their_text_reported_once_and_unmarked() -> None:
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}" xmlns:x="urn:example"><teiHeader><fileDesc><titleStmt>'
        '<title>T</title></titleStmt></fileDesc></teiHeader><text><body><p>Keep <x:term>this'
        '</x:term> and <x:term>that</x:term>.</p></body></text></TEI>').getroottree()
    rendered = render(tei, "other.xml")
    assert [f.message for f in rendered.findings] == [
        "rendered as plain text (no behaviour defined): x:term"]
    assert "Keep this and that." in rendered.outputs["txt"]
    assert '<span data-element="x:term">this</span>' in rendered.outputs["html"]
    assert "unknown" not in rendered.outputs["html"] and "outline" not in rendered.outputs["html"]


def main_of(html: str) -> str:
    """The page's main element: the text, the apparatus and the notes."""
    found = re.search(r"<main id=\"text\">.*</main>", html, re.S)
    assert found, "no main element"
    return found.group(0) + "\n"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_a_structure_renders_as_expected_in_each_output(path: Path) -> None:
    rendered = render(etree.parse(str(path)), path.name)
    assert rendered.findings == []
    assert validate_json(rendered.outputs["json"], path.name) == []
    assert_outputs_agree(rendered.outputs)
    actual = {"html": main_of(rendered.outputs["html"]), "json": rendered.outputs["json"],
              "txt": rendered.outputs["txt"]}
    for extension, text in actual.items():
        expected = path.with_suffix(f".{extension}")
        if os.environ.get("UPDATE_RENDER_FIXTURES"):
            expected.write_text(text, encoding="utf-8")
        assert text == expected.read_text(encoding="utf-8"), f"{expected.name} differs"


def rendered_fixture(name: str) -> dict[str, str]:
    path = STRUCTURES / f"{name}.xml"
    return render(etree.parse(str(path)), path.name).outputs


def test_tables_have_header_cells_and_spans() -> None:
    page = parse_html(rendered_fixture("table")["html"])
    headers = [(a.get("scope")) for t, a in page.elements if t == "th"]
    assert headers == ["col", "col", "col", "row", "row"]
    assert [a.get("rowspan") for t, a in page.elements if a.get("rowspan")] == ["2"]
    assert [a.get("colspan") for t, a in page.elements if a.get("colspan")] == ["2"]
    assert [t for t, _ in page.elements if t in ("caption", "thead", "tbody")] == \
        ["caption", "thead", "tbody"]


def test_images_use_only_web_or_relative_addresses_and_describe_themselves() -> None:
    outputs = rendered_fixture("figure")
    page = parse_html(outputs["html"])
    images = [(a["src"], a["alt"]) for t, a in page.elements if t == "img"]
    assert images == [("images/cat.png", "A cat asleep on a mat"),
                      ("https://example.org/dog.jpg", "A dog")]
    for refused in ("javascript:", "data:", "file:", "/home/me"):
        assert refused not in outputs["html"] and refused not in outputs["json"]
    data = json.loads(outputs["json"])
    assert [i["url"] for f in data["figures"] for i in f["images"]] == \
        ["images/cat.png", "https://example.org/dog.jpg", None, None, None, None]


def test_a_choice_shows_the_corrected_reading_and_keeps_the_other_reachable() -> None:
    outputs = rendered_fixture("choice")
    assert "He wrote the book; Doctor Smith said so." in outputs["txt"]
    data = json.loads(outputs["json"])
    assert [(m["alternatives"][0]["kind"], m["alternatives"][0]["text"])
            for m in data["blocks"][0]["marks"]] == \
        [("sic", "teh"), ("abbreviation", "Dr."), ("original", "sayde")]
    assert '<span class="alternative"> (sic: teh)</span>' in outputs["html"]


def test_variant_readings_link_both_ways_and_list_their_witnesses() -> None:
    outputs = rendered_fixture("apparatus")
    page = parse_html(outputs["html"])
    assert set(page.links) <= set(page.ids)
    assert {"app-a", "ref-app-a", "fox", "ref-fox"} <= set(page.ids)
    assert "  b. fox] foxe (B); hound (C D)" in outputs["txt"]
    data = json.loads(outputs["json"])
    assert data["apparatus"][1]["readings"][1] == {"text": "hound", "witnesses": ["C", "D"]}


def test_notes_and_variant_readings_without_numbers_are_numbered_in_document_order() -> None:
    """A note without @n is numbered by its place among the text's notes (a note inside
    another one too; the header's aside), a variant entry's mark likewise, so that every
    note and entry has an id of its own.  (Counted in one pass: counting again from each
    took time quadratic in their number, minutes for a few thousand.)"""
    paragraphs = "".join(
        f"<p>p{i}<note>a{i}</note><note n='{i}x'>b</note><note>o{i}<note>in{i}</note></note>"
        f"<app><lem>l<app><lem>m</lem><rdg>n</rdg></app></lem><rdg>r</rdg></app>.</p>"
        for i in range(30))
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T<note>h</note>'
        f'</title></titleStmt></fileDesc></teiHeader><text><body>{paragraphs}</body>'
        f'<back><div><note>last</note></div></back></text></TEI>')
    rendered = render(tei.getroottree(), "numbered.xml")
    data = json.loads(rendered.outputs["json"])
    text = tei.find(f"{{{TEI_NS}}}text")
    assert text is not None
    notes = list(text.iter(f"{{{TEI_NS}}}note"))
    assert [note["n"] for note in data["notes"]] == [
        note.get("n") or str(place) for place, note in enumerate(notes, 1)]
    apps = list(text.iter(f"{{{TEI_NS}}}app"))
    assert [entry["mark"] for entry in data["apparatus"]] == [
        _letters(place) for place in range(1, len(apps) + 1)]
    assert [entry["mark"] for entry in data["apparatus"]][25:28] == ["z", "aa", "ab"]
    ids = [i for i in parse_html(rendered.outputs["html"]).ids if i.startswith(("note-", "app-"))]
    assert len(ids) == len(notes) + len(apps) == len(set(ids)), "an id is given twice"


def test_cells_know_their_table_by_its_order_in_the_document() -> None:
    """Each cell's table is the number of tables that start before it (one inside a cell
    comes after the table holding it), counted in one pass over the document."""
    tables = "".join(f"<p>p{i}</p><table><row><cell>t{i}</cell><cell><table><row>"
                     f"<cell>in{i}</cell></row></table></cell></row></table>" for i in range(40))
    tei = etree.fromstring(f'<TEI xmlns="{TEI_NS}"><text><body>{tables}</body></text></TEI>')
    data = json.loads(render(tei.getroottree(), "tables.xml").outputs["json"])
    cells = {block["text"]: block["cell"]["table"] for block in data["blocks"]
             if block["type"] == "cell"}
    assert [cells[f"t{i}"] for i in range(40)] == list(range(0, 80, 2))
    assert [cells[f"in{i}"] for i in range(40)] == list(range(1, 80, 2))


def test_a_person_listed_twice_is_anchored_once_and_every_mention_counts_in_a_site() -> None:
    """In the text's list of participants, a person's first mention is the anchor speaker
    labels link to; in a site, each mention in the text (not in a note) is 'mention-ID-N',
    the Nth of that person's.  (Both found in one pass or by key: looking back from each
    mention took time quadratic in the mentions.)"""
    people = "".join(f"<person xml:id='p{j}'><persName>P{j}</persName></person>"
                     for j in range(3))
    listed = "".join(f"<item><persName ref='#p{j % 3}'>P{j % 3}</persName></item>"
                     for j in range(9))
    said = "".join(f"<p><persName ref='#p{j % 2}'>P</persName> said<note>of <persName "
                   f"ref='#p0'>P0</persName></note>.</p>" for j in range(6))
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        f'</fileDesc><profileDesc><particDesc><listPerson>{people}</listPerson></particDesc>'
        f'</profileDesc></teiHeader><text><body><list type="participants">{listed}</list>{said}'
        f'</body></text></TEI>')
    node = xslt.parse_tree(tei.getroottree())
    site = json.dumps({"volume": "V", "home": "../index.html", "label": "T",
                       "index": {"person": "../persons.html"}})
    page = xslt.transform(stylesheet_path("render-html.xsl"), node, {"p.site": site}).output
    text = page[page.index("<article"):]
    assert re.findall(r'id="(person-p\d)"', text) == ["person-p0", "person-p1", "person-p2"]
    assert re.findall(r'id="(mention-p\d-\d+)"', text) == [
        *(f"mention-p{j % 3}-{1 + j // 3}" for j in range(9)),  # the list's
        *(f"mention-p{j % 2}-{4 + j // 2}" for j in range(6))]  # the text's, not the notes'


def test_people_in_other_lists_are_mentions_and_the_participants_anchor_once() -> None:
    """When the text has no list of participants, the page lists them from the header, and
    a person named in another list of the text (a subject line) is a mention, not a second
    anchor of the same id."""
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        f'</fileDesc><profileDesc><particDesc><listPerson><person xml:id="p1"><persName>'
        f'Smith</persName></person></listPerson></particDesc></profileDesc></teiHeader>'
        f'<text><body><list type="subject"><item><persName ref="#p1">Smith</persName> Proposal'
        f'</item></list><sp who="#p1"><p>Yes.</p></sp></body></text></TEI>')
    page = parse_html(render(tei.getroottree(), "subject.xml").outputs["html"])
    assert page.ids.count("person-p1") == 1 and len(page.ids) == len(set(page.ids))
    assert "entity-p1" in page.links


def test_a_table_of_the_header_is_not_counted_among_the_text_s() -> None:
    """The header is not rendered: its tables do not shift the number of the text's."""
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        f'<sourceDesc><p><table><row><cell>h</cell></row></table></p></sourceDesc>'
        f'</fileDesc></teiHeader><text><body><table><row><cell>a</cell></row></table>'
        f'<table><row><cell>b</cell></row></table></body></text></TEI>')
    data = json.loads(render(tei.getroottree(), "header.xml").outputs["json"])
    assert [(b["text"], b["cell"]["table"]) for b in data["blocks"]] == [("a", 0), ("b", 1)]


def _letters(n: int) -> str:
    """a … z, aa, ab … as the apparatus marks run."""
    return (_letters((n - 1) // 26) if n > 26 else "") + chr(97 + (n - 1) % 26)


def test_an_entry_inside_another_keeps_its_readings_to_itself() -> None:
    """An apparatus entry inside another one's lemma or reading is an entry of its own: its
    readings are not the outer entry's, in any output."""
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><text><body><p>A <app><lem>great <app><lem>red</lem>'
        f'<rdg wit="#B">read</rdg></app> fox</lem><rdg wit="#C">hound</rdg><rdg wit="#D">dog '
        f'<app><lem>barks</lem><rdg wit="#E">growls</rdg></app></rdg></app> ran.</p></body>'
        f'</text></TEI>')
    outputs = render(tei.getroottree(), "nested.xml").outputs
    entries = json.loads(outputs["json"])["apparatus"]
    assert [(e["lemma"], [(r["text"], r["witnesses"]) for r in e["readings"]])
            for e in entries] == [("great red fox", [("hound", ["C"]), ("dog barks", ["D"])]),
                                  ("red", [("read", ["B"])]), ("barks", [("growls", ["E"])])]
    assert "  a. great red fox] hound (C); dog barks (D)\n  b. red] read (B)\n" \
        "  c. barks] growls (E)" in outputs["txt"]
    listed = etree.HTML(outputs["html"]).xpath("//section[@class='apparatus']//li")
    assert [[" ".join("".join(r.itertext()).split()) for r in li.xpath(".//span[@class='rdg']")]
            for li in listed] == [["hound", "dog barksc"], ["read"], ["growls"]]


@pytest.mark.parametrize("xml, reading, other", [
    (f'<TEI xmlns="{TEI_NS}"><text><body><p>A line.</p><choice><orig>colour</orig>'
     f'<reg>color</reg></choice></body></text></TEI>', "color", "colour"),
    (f'<choice xmlns="{TEI_NS}"><sic>teh</sic><corr>the</corr></choice>', "the", "teh"),
    (f'<app xmlns="{TEI_NS}"><lem wit="#A">the fox</lem><rdg wit="#B">a hound</rdg></app>',
     "the fox", "a hound"),
], ids=["choice-among-blocks", "choice-as-root", "entry-as-root"])
def test_a_choice_or_entry_standing_as_a_block_reads_as_itself(xml: str, reading: str,
                                                               other: str) -> None:
    """A choice or an apparatus entry standing as a block of its own (among paragraphs, or
    as the root of a fragment) reads as it does inside a paragraph: the alternative shown or
    the lemma, not everything it holds, in every output."""
    outputs = render(etree.fromstring(xml).getroottree(), "alone.xml").outputs
    data = json.loads(outputs["json"])
    assert data["blocks"][-1]["text"] == reading
    text_blocks = outputs["txt"].split("Variant readings")[0].split("\n\n")
    assert reading in [block.strip() for block in text_blocks]
    assert other not in outputs["txt"].split("Variant readings")[0]
    main = etree.HTML(outputs["html"]).xpath("//article")[0]
    assert reading in "".join(main.itertext())
    for entry in data["apparatus"]:  # the entry stands in its own block
        assert entry["position"] == {"block": len(data["blocks"]) - 1, "offset": 0}


def test_a_lemma_shown_again_in_the_apparatus_repeats_no_id() -> None:
    """The apparatus shows each lemma again, with what it holds (a note's mark, an entry
    inside it): the page keeps every id once, and every link on it leads somewhere."""
    tei = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        f'</fileDesc></teiHeader><text><body><p>A <app><lem>word<note>a note</note> <app>'
        f'<lem>in</lem><rdg>x</rdg></app></lem><rdg wit="#B">other<note>its note</note></rdg>'
        f'</app> end.</p></body></text></TEI>')
    page = parse_html(render(tei.getroottree(), "lemma.xml").outputs["html"])
    assert len(page.ids) == len(set(page.ids)), "an id is given twice"
    assert set(page.links) <= set(page.ids)
    assert {"ref-note-1", "ref-note-2", "ref-app-a", "ref-app-b"} <= set(page.ids)


def test_a_transcription_shows_what_was_added_and_struck_out() -> None:
    outputs = rendered_fixture("transcription")
    assert "I typed it quickly and  well." in outputs["txt"]  # the spaces around 'badly'
    assert '<del class="del">wrote</del><ins class="add">typed</ins>' in outputs["html"]
    block = json.loads(outputs["json"])["blocks"][0]
    assert [(a["type"], a["text"]) for a in block["anchors"]] == \
        [("deletion", "wrote"), ("deletion", "badly")]
    assert [block["text"][m["start"]:m["end"]] for m in block["marks"]] == ["typed", "quickly"]


def test_mathml_passes_through_as_mathml_without_links_or_scripts() -> None:
    outputs = rendered_fixture("mathml")
    html = outputs["html"]
    assert "Einstein: E=mc2." in outputs["txt"]  # the annotation is not the formula's text
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert '<mi mathvariant="italic">m</mi><msup><mi>c</mi><mn>2</mn></msup>' in html
    assert "alert" not in html and "annotation" not in html


def test_xml_examples_are_escaped_and_highlighted_and_code_keeps_its_lines() -> None:
    outputs = rendered_fixture("egxml")
    assert '<span class="xml-attribute">rend</span>=<span class="xml-value">"italic"</span>' \
        in outputs["html"]
    assert '&lt;p&gt;An &lt;hi rend="italic"&gt;example&lt;/hi&gt; &amp;amp; more' not in \
        outputs["html"]  # highlighted, not one escaped string
    assert '<p>An <hi rend="italic">example</hi> &amp; more<!-- a comment --></p>\n<lb/>' \
        in outputs["txt"]  # the markup as written, entities and all
    assert 'def greet(name):\n    return "Hello, " + name' in outputs["txt"]


def test_records_are_labelled_fields() -> None:
    outputs = rendered_fixture("records")
    assert "Identifier:\n  Place: Oxford\n  Repository: Bodleian Library" in outputs["txt"]
    assert "  Origin: Written in England in the 12th century." in outputs["txt"]
    assert "  • Name: Ada Lovelace\n    Born: 10 December 1815" in outputs["txt"]
    fields = [(b["label"], b["text"]) for b in json.loads(outputs["json"])["blocks"]
              if b["type"] == "field"]
    assert ("Number", "MS. Digby 23") in fields and ("Coordinates", "48.8566 2.3522") in fields
    assert "<dt>Repository</dt><dd><span class=\"repository\">Bodleian Library</span></dd>" \
        in outputs["html"]


def test_a_corpus_renders_its_documents_in_order() -> None:
    outputs = rendered_fixture("corpus")
    html = outputs["html"]
    assert html.index("The first letter") < html.index("the first.") < \
        html.index("The second letter") < html.index("the second.")
    assert "<h1>A corpus of two letters</h1>" in html


def test_a_generated_table_of_contents_lists_the_sections() -> None:
    html = rendered_fixture("toc")["html"]
    assert '<nav class="toc" aria-label="Contents"><ol><li><a href="#ch1">Chapter One</a></li>' \
        '<li>Chapter Two</li></ol></nav>' in html


def test_rend_words_render_as_html_elements_or_classes() -> None:
    outputs = rendered_fixture("appearance")
    html = outputs["html"]
    for shown in ('<h2 class="rend-center">A <i class="hi">centred</i> title</h2>',
                  '<i class="hi">it</i>', '<b class="hi">bold</b>',
                  '<b class="hi"><i>both</i></b>', '<span class="hi rend-smallcaps">Small Caps',
                  'x<sup class="hi">2</sup>', 'H<sub class="hi">2</sub>O',
                  '<u class="hi">under</u>', '<s class="hi">struck</s>',
                  '<i class="hi">a project\'s italic</i>',
                  '<span class="hi rend-my-own-style">a project\'s own</span>',
                  '<p class="p rend-right">Right-aligned prose.</p>',
                  '<p class="dateline rend-right">'):
        assert shown in html, shown
    assert "Red prose, spaced and sneaky." in outputs["txt"]


def test_renditions_and_style_become_sanitised_css_scoped_to_the_document() -> None:
    outputs = rendered_fixture("appearance")
    style = re.search(r"<style>(.*)</style>", outputs["html"], re.S)
    assert style
    rules = re.findall(r"\.css-\d+ \{ [^}]* \}", style.group(1))
    assert rules == [".css-1 { color: red }",
                     ".css-2 { letter-spacing: .1em; font-variant: small-caps }",
                     ".css-3 { font-weight: bold }", ".css-4 { text-align: center }"]
    assert not re.search(r"url\(|expression|behavior|position", " ".join(rules))
    assert 'style=' not in outputs["html"]
    marks = [m for b in json.loads(outputs["json"])["blocks"] for m in b.get("marks", [])]
    assert {"type": "style", "element": "hi", "looks": [], "css": "font-weight: bold",
            "start": 22, "end": 28} in marks


@pytest.mark.skipif(not FRUS.is_dir(), reason="../shared/corpus is not present")
def test_frus_documents_render_their_italics_centred_and_right_aligned_text() -> None:
    """Each FRUS hi/p with an italic @rend is italic in the HTML, each centred paragraph and
    each right-aligned dateline (rendition="#right", a rendition the document does not
    carry) is aligned so."""
    checked = 0
    for path in sorted(FRUS.glob("*.tei.xml")):
        tree = etree.parse(str(path))  # a document's div, cut from its volume
        rends = [(e.get("rend") or "") + " " + (e.get("rendition") or "")
                 for e in tree.getroot().iter()]
        html = render(tree, path.name, ["html"]).outputs["html"]
        page = parse_html(html)
        italic = sum("ital" in r for r in rends)
        assert italic == len([t for t, a in page.elements if t == "i"]) + \
            len(page.with_class("rend-italic")), path.name
        assert sum("center" in r for r in rends) == len(page.with_class("rend-center"))
        assert sum("right" in r for r in rends) == len(page.with_class("rend-right"))
        checked += italic
    assert checked > 0


def test_the_readme_lists_the_rend_vocabulary_as_the_stylesheets_read_it(
        tmp_path: Path) -> None:
    """Each word of the README's '@rend words' table is read as the look of its row."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("| look | `@rend` words |", 1)[1].split("\n\n", 1)[0]
    expected = {}
    for row in table.strip().splitlines()[1:]:
        looks_cell, words_cell = row.strip("|").split("|", 1)
        looks = re.split(r"\s*/\s*|,\s*", looks_cell.strip())
        groups = re.split(r"\s/\s|;\s", words_cell) if len(looks) > 1 else [words_cell]
        assert len(groups) == len(looks), row
        for look, group in zip(looks, groups, strict=True):
            expected.update((word, look) for word in re.findall(r"`([^`]+)`", group))
    words = ", ".join(f"'{word}'" for word in sorted(expected))
    read = evaluate_in_model(tmp_path, f"map:merge(({words}) ! map {{.: p:look(lower-case(.))}})")
    assert len(expected) > 60
    assert {word: read[word] for word in expected} == expected
