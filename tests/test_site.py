"""Site: a volume published as a static edition — document pages with their place in the
volume, the home page, people and terms with the documents that mention them, volume.json."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree, html

from pipeline.cli import run
from pipeline.lists import read_persons
from pipeline.resources import SAMPLE, SCHEMAS
from pipeline.validate import JsonSchemaValidator, validate_json

from .conftest import FIXTURES, FRUS, TEI, frus_texts

TEI_NS = TEI["tei"]
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CITING = """300. Memorandum From the Secretary to the President1

Washington, May 2, 1986

See Document 257 and footnote 2, Document 257; and Document 999.

  1. Source: Department of State. Secret. Drafted by Shevardnadze’s counterpart.
"""


def make_volume(folder: Path) -> Path:
    """A volume folder: the sample and the fixtures of an earlier chapter, a document citing
    the sample, and the volume's lists."""
    (folder / "1-earlier").mkdir(parents=True)
    for name in ("memcon-narrative-events", "memcon-three-sides-continuations"):
        shutil.copy(FIXTURES / "encode" / f"{name}.txt", folder / "1-earlier" / f"{name}.txt")
    (folder / "2-later").mkdir()
    shutil.copy(SAMPLE, folder / "2-later" / "d257.txt")
    (folder / "2-later" / "d300.txt").write_text(CITING, encoding="utf-8")
    (folder / "persons.txt").write_text(
        "Shevardnadze, Eduard A., Soviet Foreign Minister\n", encoding="utf-8")
    (folder / "terms.txt").write_text("UNGA, United Nations General Assembly\n",
                                      encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    volume = make_volume(tmp_path_factory.mktemp("volume"))
    out = tmp_path_factory.mktemp("site")
    err = io.StringIO()
    assert run(["site", str(volume), "--out", str(out), "--title", "A Volume", "--jobs", "1"],
               stderr=err) == 0, err.getvalue()
    return out


def page(path: Path) -> html.HtmlElement:
    return html.fromstring(path.read_bytes())


def test_the_volume_is_described_in_volume_json(site: Path) -> None:
    data = json.loads((site / "volume.json").read_text(encoding="utf-8"))
    validator = JsonSchemaValidator(SCHEMAS / "volume.schema.json")
    assert validate_json((site / "volume.json").read_bytes(), "volume.json", validator) == []
    assert [c["title"] for c in data["chapters"]] == ["1-earlier", "2-later"]
    assert [d["number"] for d in data["documents"]] == ["7", "41", "257", "300"]
    assert [d["kind"] for d in data["documents"]] == [
        "Memorandum of Conversation", "Memorandum of Conversation", "Memorandum of Conversation",
        "Memorandum"]
    assert {(r["from"], r["to"], r["target"]) for r in data["references"]} == {
        ("2-later-d300", "2-later-d257", "#d257"), ("2-later-d300", "2-later-d257", "#d257fn2")}
    [person] = [p for p in data["persons"] if p["id"] == "p-shevardnadze-eduard-a"]
    assert {m["document"] for m in person["mentions"]} == {"2-later-d257", "2-later-d300"}
    assert [t["id"] for t in data["terms"]] == ["t-unga"]


def test_a_document_page_has_its_place_in_the_volume(site: Path) -> None:
    doc = page(site / "documents" / "2-later-d257.html")
    crumbs = doc.xpath("//nav[@class='breadcrumb']//li")
    assert [li.text_content() for li in crumbs] == ["A Volume", "2-later", "Document 257"]
    assert crumbs[0].find("a").get("href") == "../index.html"
    assert crumbs[2].get("aria-current") == "page"
    previous, following = doc.xpath("//nav[@class='neighbours']/a")
    assert (previous.get("rel"), previous.get("href")) == ("prev", "1-earlier-memcon-three-"
                                                           "sides-continuations.html")
    assert (following.get("rel"), following.get("href")) == ("next", "2-later-d300.html")


def test_a_cross_reference_leads_to_the_page_and_note_it_cites(site: Path) -> None:
    doc = page(site / "documents" / "2-later-d300.html")
    links = {a.text_content(): a.get("href") for a in doc.xpath("//p//a[not(@class)]")}
    assert links["Document 257"] == "2-later-d257.html"
    assert links["footnote 2, Document 257"] == "2-later-d257.html#d257fn2"
    assert "Document 999" not in links  # not in the volume: shown, not linked
    cited = page(site / "documents" / "2-later-d257.html")
    assert cited.get_element_by_id("d257fn2") is not None


def test_the_people_and_terms_pages_list_the_documents_that_mention_them(site: Path) -> None:
    people = page(site / "persons.html")
    entry = people.get_element_by_id("p-shevardnadze-eduard-a")
    listed = entry.getnext().xpath(".//li/a[1]/@href")
    assert listed == ["documents/2-later-d257.html", "documents/2-later-d300.html"]
    assert "Soviet Foreign Minister" in entry.getnext().text_content()
    terms = page(site / "terms.html")
    assert terms.get_element_by_id("t-unga").getnext().xpath(".//li/a[1]/@href") == \
        ["documents/2-later-d257.html"]
    doc = page(site / "documents" / "2-later-d257.html")
    assert doc.xpath("//dt[@id='entity-p-shevardnadze-eduard-a']/a/@href") == \
        ["../persons.html#p-shevardnadze-eduard-a"]


def test_the_home_page_lists_every_document_by_chapter(site: Path) -> None:
    home = page(site / "index.html")
    chapters = home.xpath("//section[@class='chapter']")
    assert [c.findtext("h2") for c in chapters] == ["1-earlier", "2-later"]
    items = home.xpath("//ol[@class='contents']/li")
    assert [li.find("a").get("href") for li in items] == [
        "documents/1-earlier-memcon-narrative-events.html",
        "documents/1-earlier-memcon-three-sides-continuations.html",
        "documents/2-later-d257.html", "documents/2-later-d300.html"]
    assert items[2].get("data-persons").split() == sorted(items[2].get("data-persons").split())
    assert "p-shevardnadze-eduard-a" in items[2].get("data-persons")
    assert home.xpath("//form[@class='filters']/@hidden") == [""]  # shown by its script only


def test_a_second_run_renders_only_what_changed(site: Path, tmp_path: Path) -> None:
    volume = make_volume(tmp_path / "volume")
    out = tmp_path / "site"
    first, second, third = io.StringIO(), io.StringIO(), io.StringIO()
    assert run(["site", str(volume), "--out", str(out), "--jobs", "1"], stderr=first) == 0
    assert "4 pages rendered, 0 up to date" in first.getvalue()
    assert run(["site", str(volume), "--out", str(out), "--jobs", "1"], stderr=second) == 0
    assert "(0 built); 0 pages rendered, 4 up to date" in second.getvalue()
    citing = volume / "2-later" / "d300.txt"
    citing.write_text(CITING.replace("and Document 999", "and nothing else"), encoding="utf-8")
    assert run(["site", str(volume), "--out", str(out), "--jobs", "1"], stderr=third) == 0
    assert "(1 built); 1 pages rendered, 3 up to date" in third.getvalue()
    # A document leaves the volume: its page and outputs go (but for one changed by hand
    # since it was written), its neighbour changes.
    citing.unlink()
    edited = out / "documents" / "2-later-d300.txt"
    edited.write_text("notes of my own\n", encoding="utf-8")
    fourth = io.StringIO()
    assert run(["site", str(volume), "--out", str(out), "--jobs", "1"], stderr=fourth) == 0
    assert "3 documents (0 built); 1 pages rendered, 2 up to date" in fourth.getvalue()
    assert sorted(p.name for p in (out / "documents").glob("2-later-d300*")) == [edited.name]
    assert edited.read_text(encoding="utf-8") == "notes of my own\n"
    assert "d300" not in (out / "index.html").read_text(encoding="utf-8")
    manifest = (out / "documents" / ".tei-pipeline" / "manifest.json").read_text(encoding="utf-8")
    assert "d300" not in manifest and "d257" in manifest
    assert (out / "documents" / "2-later-d257.json").is_file()


def test_a_folder_is_required(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run(["site", str(SAMPLE), "--out", str(tmp_path / "site")], stderr=err) == 2
    assert "a volume is a folder" in err.getvalue()


def corpus_volume(folder: Path, texts: list[Path]) -> Path:
    """A volume folder of the corpus's FRUS texts with the lists written for them."""
    folder.mkdir()
    for path in texts:
        shutil.copy(path, folder / path.name)
    for name in ("persons.txt", "terms.txt"):
        shutil.copy(FIXTURES / "enrich" / "frus1981-88v05" / name, folder / name)
    return folder


def test_the_corpus_publishes_alike_from_text_and_from_one_volume_tei(tmp_path: Path) -> None:
    texts = frus_texts()
    if not texts:
        pytest.skip("the shared corpus is not here")
    volume = corpus_volume(tmp_path / "volume", texts)
    assert run(["site", str(volume), "--out", str(tmp_path / "site")], stderr=io.StringIO()) == 0
    doc = page(tmp_path / "site" / "documents" / "d259.html")
    assert doc.xpath("//a[text()='Document 256']/@href") == ["d256.html"]
    # The same documents as one volume TEI (the site's own volume.tei.xml): the same pages.
    assert run(["site", str(tmp_path / "site" / "volume.tei.xml"), "--out",
                str(tmp_path / "again")], stderr=io.StringIO()) == 0
    for built in (tmp_path / "site").glob("**/*.html"):
        if "pagefind" not in built.parts:
            again = tmp_path / "again" / built.relative_to(tmp_path / "site")
            assert again.read_bytes() == built.read_bytes(), built.name


def test_every_link_of_the_site_leads_to_a_page_and_place_in_it(site: Path) -> None:
    """No broken link: each relative link names a file of the site, and its fragment an id
    there (the people and terms pages link to each paragraph's first mention)."""
    pages = {path: page(path) for path in site.rglob("*.html")}
    checked = 0
    for path, tree in pages.items():
        for href in tree.xpath("//a/@href"):
            if href.startswith(("http:", "https:")):
                continue
            file, _, fragment = href.partition("#")
            target = (path.parent / file).resolve() if file else path
            assert target in pages or target.is_file(), f"{path.name}: {href}"
            if fragment and target in pages:
                assert pages[target].xpath("//*[@id=$id]", id=fragment), f"{path.name}: {href}"
            checked += 1
    people = pages[site / "persons.html"]
    assert people.xpath("//a[contains(@href, '#mention-p-shevardnadze-eduard-a-')]")
    assert checked > 50


# --- a volume as one TEI file ------------------------------------------------------------------

VOLUME_TEI = FIXTURES / "site" / "volume.tei.xml"


@pytest.fixture(scope="module")
def volume_tei_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("volume-site")
    err = io.StringIO()
    assert run(["site", str(VOLUME_TEI), "--out", str(out), "--jobs", "1"], stderr=err) == 0, \
        err.getvalue()
    return out


def test_a_volume_tei_is_split_into_its_documents(volume_tei_site: Path) -> None:
    data = json.loads((volume_tei_site / "volume.json").read_text(encoding="utf-8"))
    assert data["title"] == "Foreign Relations, Volume XCIX, Northern Europe"
    assert [(c["title"], c["documents"]) for c in data["chapters"]] == [
        ("Oslo, 1975", ["d1", "d2"]), ("Copenhagen, 1976", ["d3"])]  # the volume's order
    assert [(d["number"], d["kind"], d["date"]) for d in data["documents"]] == [
        ("1", "Memorandum of Conversation", "1975-10-09"), ("2", "Telegram", "1975-10-10"),
        ("3", "Letter", "1976-02-01")]
    people = {p["id"]: (p["name"], p["description"], [m["document"] for m in p["mentions"]])
              for p in data["persons"]}
    assert people == {"p_DA_1": ("Dahl, Anders", "Norwegian Foreign Minister",
                                 ["d1", "d3"]),
                      "p_LE_1": ("Lind, Erik", "Swedish Prime Minister", ["d3"])}
    assert [(t["id"], t["description"]) for t in data["terms"]] == \
        [("t_NATO_1", "North Atlantic Treaty Organization")]
    assert {(r["from"], r["to"], r["target"]) for r in data["references"]} == {
        ("d2", "d1", "#d1"), ("d2", "d1", "#d1fn2")}


def test_a_page_of_a_volume_tei_has_its_chapter_and_links(volume_tei_site: Path) -> None:
    doc = page(volume_tei_site / "documents" / "d2.html")
    assert [li.text_content() for li in doc.xpath("//nav[@class='breadcrumb']//li")] == [
        "Foreign Relations, Volume XCIX, Northern Europe", "Oslo, 1975", "Document 2"]
    links = {a.text_content(): a.get("href") for a in doc.xpath("//article//a")}
    assert links["Document 1"] == "d1.html"
    assert links["footnote 2, Document 1"] == "d1.html#d1fn2"
    first = page(volume_tei_site / "documents" / "d1.html")
    mention = first.xpath("//a[contains(@class, 'mention')]")[0]
    assert mention.get("data-about") == "Dahl, Anders: Norwegian Foreign Minister"


def test_a_tei_file_without_documents_is_refused(tmp_path: Path) -> None:
    tei = tmp_path / "one.xml"
    tei.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>x</p>'
                   "</body></text></TEI>", encoding="utf-8")
    err = io.StringIO()
    assert run(["site", str(tei), "--out", str(tmp_path / "site")], stderr=err) == 2
    assert f"{tei}:1:1" in err.getvalue() and "div[@type='document']" in err.getvalue()
    assert not (tmp_path / "site" / "index.html").exists()


def published_volume(path: Path) -> Path:
    """The corpus's five published documents wrapped as one volume, the way the Office of
    the Historian's volume files hold them, with persons and terms in the back matter (from
    the lists written for the enrichment tests, under the published ids)."""
    lists = FIXTURES / "enrich" / "frus1981-88v05"
    ids = json.loads((lists / "ids.json").read_text(encoding="utf-8"))
    lines = {line.split(",")[0]: line for line in
             (lists / "persons.txt").read_text(encoding="utf-8").splitlines() if line}
    root = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>Volume V'
        "</title></titleStmt><publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p>"
        '</sourceDesc></fileDesc></teiHeader><text><body><div type="compilation"><head>July '
        "1986</head></div></body><back><div><list/></div><div><list/></div></back></text></TEI>")
    compilation = root.find(".//tei:div[@type='compilation']", TEI)
    for tei in sorted(FRUS.glob("*.tei.xml")):
        compilation.append(etree.parse(str(tei)).getroot())
    people, terms = root.findall(".//tei:back/tei:div/tei:list", TEI)
    for person_id, surname in ids.items():
        item = etree.SubElement(people, f"{{{TEI_NS}}}item")
        name = etree.SubElement(item, f"{{{TEI_NS}}}persName", {XML_ID: person_id})
        name.text, name.tail = lines[surname].split(", ", 1)[0], ", described"
    for line in (lists / "terms.txt").read_text(encoding="utf-8").splitlines():
        term, expansion = line.split(", ", 1)
        item = etree.SubElement(terms, f"{{{TEI_NS}}}item")
        element = etree.SubElement(item, f"{{{TEI_NS}}}term", {XML_ID: f"t_{term}_1"})
        element.text, element.tail = term, f", {expansion}"
    path.write_bytes(etree.tostring(root, encoding="UTF-8", xml_declaration=True))
    return path


def test_the_published_volume_and_our_conversion_publish_alike(tmp_path: Path) -> None:
    """The corpus as one published volume TEI, and as text with the volume's lists: the same
    documents in the same order, the same cross-references, and the same people mentioned in
    each document (the published ids mapped to the lists' entries)."""
    texts = frus_texts()
    if not texts:
        pytest.skip("the shared corpus is not here")
    volume = published_volume(tmp_path / "volume.tei.xml")
    assert run(["site", str(volume), "--out", str(tmp_path / "from-tei")],
               stderr=io.StringIO()) == 0
    folder = corpus_volume(tmp_path / "texts", texts)
    assert run(["site", str(folder), "--out", str(tmp_path / "from-text")],
               stderr=io.StringIO()) == 0
    published, ours = (json.loads((tmp_path / site / "volume.json").read_text(encoding="utf-8"))
                       for site in ("from-tei", "from-text"))
    assert [(d["name"], d["number"], d["date"][:10]) for d in published["documents"]] == \
        [(d["name"], d["number"], d["date"][:10]) for d in ours["documents"]]
    assert {(r["from"], r["to"]) for r in published["references"]} == \
        {(r["from"], r["to"]) for r in ours["references"]}
    surname = {p.id: p.surname for p in read_persons(folder / "persons.txt")}
    ids = json.loads((FIXTURES / "enrich" / "frus1981-88v05" / "ids.json").read_text())
    for theirs, mine in zip(published["documents"], ours["documents"], strict=True):
        assert {ids[p] for p in theirs["persons"]} <= \
            {surname.get(p, p) for p in mine["persons"]}, theirs["name"]


def test_a_site_publishes_the_same_on_a_dask_cluster(site: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    volume = make_volume(tmp_path / "volume")
    out = tmp_path / "site"
    err = io.StringIO()
    assert run(["site", str(volume), "--out", str(out), "--title", "A Volume", "--executor",
                "dask", "--jobs", "2"], stderr=err) == 0, err.getvalue()
    for path in site.rglob("*.html"):
        if "pagefind" not in path.parts:
            assert (out / path.relative_to(site)).read_bytes() == path.read_bytes(), path.name


def test_a_site_inside_its_volume_is_not_read_as_documents(tmp_path: Path) -> None:
    volume = make_volume(tmp_path / "volume")
    out = volume / "site"
    for _ in range(2):
        err = io.StringIO()
        assert run(["site", str(volume), "--out", str(out), "--jobs", "1"], stderr=err) == 0
        assert err.getvalue().splitlines()[-1].startswith("4 documents"), err.getvalue()


def test_the_volume_as_one_tei_file_publishes_the_same_pages(site: Path, tmp_path: Path) -> None:
    """A site writes its volume as one TEI file (a teiCorpus of the documents as built, its
    chapters as nested corpora); published, that file gives the same pages."""
    corpus = site / "volume.tei.xml"
    root = etree.parse(str(corpus)).getroot()
    assert root.tag == f"{{{TEI_NS}}}teiCorpus"
    chapters = root.findall("tei:teiCorpus", TEI)
    assert [c.findtext(".//tei:title", namespaces=TEI) for c in chapters] == \
        ["1-earlier", "2-later"]
    cited = chapters[1].find("tei:TEI[@n='2-later-d257']", TEI)
    assert cited.find(".//tei:div[@type='document']", TEI).get(
        "{http://www.w3.org/XML/1998/namespace}id") == "_2-later-d257.d257"
    again = tmp_path / "again"
    err = io.StringIO()
    assert run(["site", str(corpus), "--out", str(again), "--jobs", "1"], stderr=err) == 0, \
        err.getvalue()
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert pages == sorted(p.relative_to(again) for p in again.rglob("*.html")
                           if "pagefind" not in p.parts)
    for page_path in pages:
        assert (again / page_path).read_bytes() == (site / page_path).read_bytes(), page_path
    assert json.loads((again / "volume.json").read_text(encoding="utf-8")) == \
        json.loads((site / "volume.json").read_text(encoding="utf-8"))


def test_publishing_a_volume_file_in_its_own_site_leaves_it_as_it_was(site: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "site"
    shutil.copytree(site, out)
    corpus = out / "volume.tei.xml"
    corpus.write_bytes(corpus.read_bytes() + b"<!-- an editor's note -->\n")
    before = corpus.read_bytes()
    assert run(["site", str(corpus), "--out", str(out), "--jobs", "1"],
               stderr=io.StringIO()) == 0
    assert corpus.read_bytes() == before
