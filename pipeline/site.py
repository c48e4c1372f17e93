"""Site: publish a volume as a static edition — a page per document, the volume's home,
its people and terms with every document that mentions them, ``volume.json`` (the volume as
data) and ``volume.tei.xml`` (the volume as one TEI file, which publishes the same pages).

A volume is a folder of documents (text or TEI; a subfolder is a chapter), with the
volume's ``persons.txt`` and ``terms.txt`` beside them when it has them; or one TEI file
holding the volume, split into its documents first (``pipeline/volume.py``).  Documents are
built as ``build`` builds them (in parallel, incrementally) into ``SITE/documents/``; then
the volume is assembled from their JSON renderings and TEI, and every page is rendered by
the stylesheets: document pages by ``render-html.xsl`` with their place in the site
(breadcrumb, previous/next, where cross-references lead), the home and index pages by
``render-site.xsl`` from the volume assembled as XML.  A document page is rendered again only
when its TEI or its place in the site changed.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import orjson
from lxml import etree

from . import xslt
from .batch import BatchReport, build, pipeline_fingerprint, plan_sources, prune
from .executors import Executor
from .files import write_atomic, write_if_changed
from .findings import Finding, Location, PipelineError, Severity
from .ids import TEI_NS, XML_ID
from .lists import Lists, read_lists
from .render import P_NS, json_layout, render_assembled, render_page
from .resources import SCHEMAS
from .validate import JsonSchemaValidator, validate_json
from .validate.document import XmlDocument, read_xml
from .volume import qualify, split_volume
from .workflow import Config, Source

__all__ = ["LIST_FILES", "SiteReport", "publish", "volume_files"]

#: Files of a volume folder that are its lists, not documents.
LIST_FILES = {"persons": "persons.txt", "terms": "terms.txt"}
DOCUMENTS = "documents"
#: Where Pagefind's index and search box go.
SEARCH = "pagefind"
#: Where a volume TEI's documents are written, one TEI each, to be built.
SPLIT = Path(".tei-pipeline") / "volume"
PAGES = Path(".tei-pipeline") / "pages.json"
#: The key, in PAGES, of the site's own pages (the others are document pages, by path).
SITE_KEY = "site pages"
#: The site's own pages, by the name the site stylesheet knows them by.
SITE_PAGES = {"home": "index.html", "persons": "persons.html", "terms": "terms.html"}
#: Where a document's kind ends in its title ("Telegram From …", "Memorandum of
#: Conversation", "Letter From … to …").
KIND_END = re.compile(r"\s+(?:From|to|Between|by|for|on|Prepared)\s|,|\s*$")


@dataclass
class SiteReport:
    """What publishing did: the documents' build, and the pages written."""

    documents: BatchReport
    pages_rendered: int = 0
    pages_kept: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return max(self.documents.exit_code, 2 if any(
            f.severity is Severity.ERROR for f in self.findings) else 0)


@dataclass
class _Document:
    """A built document as the site sees it."""

    source: Source
    chapter: str
    data: dict[str, Any]
    tei: Path
    xml: XmlDocument

    @property
    def root(self) -> etree._Element:
        return self.xml.tree.getroot()

    @cached_property
    def ids(self) -> set[str]:
        return {e.get(XML_ID, "") for e in self.root.iter() if e.get(XML_ID)}

    @cached_property
    def links(self) -> list[tuple[str, str]]:
        """Every link of the document's blocks and notes: (target, text)."""
        return [(mark["target"], part["text"][mark["start"]:mark["end"]])
                for part in [*self.data["blocks"], *self.data["notes"]]
                for mark in part.get("marks", []) if mark["type"] == "link"]

    @property
    def kind(self) -> str:
        """What the document is, from its title: 'Memorandum of Conversation', 'Telegram' …"""
        bare = re.sub(r"^\d+\.\s+", "", self.data["title"])
        match = KIND_END.search(bare)
        return bare[:match.start()] if match else bare

    @property
    def href(self) -> str:
        return f"{self.source.output_name}.html"

    @property
    def number(self) -> str:
        return str(self.data["metadata"].get("document") or "")

    @property
    def label(self) -> str:
        return f"Document {self.number}" if self.number else self.data["title"]


def publish(folder: Path, out: Path, executor: Executor, config: Config | None = None,
            title: str | None = None) -> SiteReport:
    """Publish the volume in ``folder`` (or the volume TEI file ``folder``) as a site in
    ``out``.

    Raises:
        PipelineError: the folder is not one, or a list cannot be read (exit 2).
    """
    base = config or Config()
    if folder.is_file() and folder.suffix.lower() == ".xml":
        volume_title, split = split_volume(folder, out / SPLIT, base.max_input_mb)
        title = title or volume_title
        lists = Lists()
        flat = [Source(d.path, "", d.name) for d in split]
        chapters = {d.path: d.chapter for d in split}
    elif folder.is_dir():
        lists = read_lists(*(folder / name if (folder / name).is_file() else None
                             for name in LIST_FILES.values()))
        sources = _folder_sources(folder, out)
        chapters = {s.path: s.subdir for s in sources}
        flat = [Source(s.path, "", s.output_name if not s.subdir else
                       f"{s.subdir.replace('/', '-')}-{s.output_name}") for s in sources]
    else:
        raise PipelineError([Finding("usage:site", Severity.ERROR,
                                     "a volume is a folder of documents (text or TEI) or a "
                                     "TEI file holding them", Location(str(folder)))],
                            exit_code=2)
    documents_config = Config(out=out / DOCUMENTS, formats=("json", "txt"), strict=base.strict,
                              full_tei=base.full_tei, max_input_mb=base.max_input_mb,
                              lists=lists)
    report = SiteReport(build(flat, documents_config, executor, index=False))
    prune(out / DOCUMENTS, flat)  # a document that left the volume is not published
    built = [_document(s, chapters[s.path], out, r.written)
             for s, r in zip(flat, _results_by_source(flat, report.documents), strict=True)
             if r.exit_code != 2 and f"{s.output_name}.json" in r.written]
    ordered = _in_order(built, by_number=folder.is_dir())
    volume = _volume(title or folder.resolve().name, ordered)
    volume_json = json_layout(volume)
    write_if_changed(out / "volume.json", volume_json)
    if (out / "volume.tei.xml").resolve() != folder.resolve():  # never over the input
        write_if_changed(out / "volume.tei.xml", _volume_tei(volume, ordered))
    report.findings += validate_json(volume_json, str(out / "volume.json"),
                                     JsonSchemaValidator(SCHEMAS / "volume.schema.json",
                                                         compiled=True),
                                     instance=volume)
    done = _load_pages(out)
    code = pipeline_fingerprint(Config())
    keys, report.pages_rendered = _render_document_pages(volume, ordered, out, executor, done,
                                                         code)
    report.pages_kept = len(keys) - report.pages_rendered
    search = _index_for_search(out, changed=report.pages_rendered > 0)
    report.findings += search
    keys[SITE_KEY] = _render_site_pages(volume, out, done.get(SITE_KEY), code,
                                        searchable=not search and (out / SEARCH).is_dir())
    write_if_changed(out / PAGES, json.dumps(keys, indent=2, sort_keys=True).encode())
    return report


def volume_files(volume: Path, out: Path) -> list[Path]:
    """The files a site is published from (a change to any is published again): the volume's
    TEI file, or the documents and lists of its folder."""
    if not volume.is_dir():
        return [volume]
    return [*(s.path for s in _folder_sources(volume, out)),
            *(volume / name for name in LIST_FILES.values() if (volume / name).is_file())]


def _folder_sources(folder: Path, out: Path) -> list[Source]:
    """The documents of a volume folder: neither its lists nor a site written inside it."""
    inside = out.resolve()
    return [s for s in plan_sources([folder]) if not _is_list(s.path, folder)
            and inside not in s.path.resolve().parents]


def _is_list(path: Path, folder: Path) -> bool:
    return path.parent == folder and path.name in LIST_FILES.values()


def _results_by_source(sources: Sequence[Source], report: BatchReport) -> list[Any]:
    by_path = {r.source: r for r in report.results}
    return [by_path[s.path] for s in sources]


def _document(source: Source, chapter: str, out: Path, written: list[str]) -> _Document:
    """A built document: its JSON rendering and where its TEI is, with the ids in it."""
    folder = out / DOCUMENTS
    data = orjson.loads((folder / f"{source.output_name}.json").read_bytes())
    tei = folder / f"{source.output_name}.tei.xml"
    if f"{source.output_name}.tei.xml" not in written:
        tei = source.path
    return _Document(source, chapter, data, tei, read_xml(tei))


def _in_order(documents: list[_Document], *, by_number: bool) -> list[_Document]:
    """Chapter by chapter, in the order they come (a volume's, or their folders' names),
    and in each the documents as they come or (a folder's files) by document number."""
    chapters = {doc.chapter: rank for rank, doc in reversed(list(enumerate(documents)))}

    def place(index: int) -> tuple[int, int, str, int]:
        doc = documents[index]
        number = int(doc.number) if by_number and doc.number.isdigit() else 10**9
        return (chapters[doc.chapter], number, doc.source.output_name if by_number else "",
                index)
    return [documents[i] for i in sorted(range(len(documents)), key=place)]


def _volume(title: str, documents: list[_Document]) -> dict[str, Any]:
    """The volume as data: documents in order (by chapter), the people and terms they
    mention with every document (and paragraph) that does, and the cross-references."""
    chapters: dict[str, list[str]] = {}
    entities: dict[str, dict[str, Any]] = {}
    references = []
    where = {i: doc for doc in documents for i in doc.ids}
    for doc in documents:
        chapters.setdefault(doc.chapter, []).append(doc.source.output_name)
        naming = _paragraphs_naming(doc.data)
        for entity in doc.data["entities"]:
            entry = entities.setdefault(entity["id"], {**entity, "mentions": []})
            paragraphs = naming.get(entity["id"], [])
            entry["mentions"].append({
                "document": doc.source.output_name,
                "paragraphs": [n for n, _ in paragraphs],
                "anchors": [f"mention-{entity['id']}-{k}" for _, k in paragraphs]})
        for target, text in doc.links:
            found = where.get(target[1:]) if target.startswith("#") else None
            if found is not None and found is not doc:
                references.append({"from": doc.source.output_name, "text": text,
                                   "to": found.source.output_name, "target": target})
    return {
        "title": title,
        "chapters": [{"id": f"chapter-{i + 1}", "title": name or None, "documents": names}
                     for i, (name, names) in enumerate(chapters.items())],
        "documents": [{
            "name": d.source.output_name, "href": f"{DOCUMENTS}/{d.href}",
            "id": d.data["id"], "number": d.number or None, "title": d.data["title"],
            "kind": d.kind, "date": _date(d.data),
            "persons": sorted({e["id"] for e in d.data["entities"] if e["kind"] == "person"}),
        } for d in documents],
        "persons": [e for e in entities.values() if e["kind"] == "person"],
        "terms": [e for e in entities.values() if e["kind"] != "person"],
        "references": references,
    }


def _date(data: dict[str, Any]) -> str | None:
    date = data["metadata"]["date"] or {}
    value = date.get("when") or date.get("from")
    return str(value) if value else None


def _paragraphs_naming(data: dict[str, Any]) -> dict[str, list[tuple[int, int]]]:
    """For each entity the text mentions, the blocks (1, 2 … as in the document's JSON) whose
    text names it, each with the number of its first mention there among all the mentions of
    that entity in the text (the page's anchor 'mention-ID-N')."""
    found: dict[str, list[tuple[int, int]]] = {}
    seen: dict[str, int] = {}
    for i, block in enumerate(data["blocks"]):
        for mark in block.get("marks", []):
            if mark["type"] != "mention":
                continue
            entity = mark["id"]
            seen[entity] = seen.get(entity, 0) + 1
            places = found.setdefault(entity, [])
            if not places or places[-1][0] != i + 1:
                places.append((i + 1, seen[entity]))
    return found


def _volume_tei(volume: dict[str, Any], documents: list[_Document]) -> bytes:
    """The whole volume as one TEI file: a ``teiCorpus`` of its documents as they were built
    (each ``TEI`` named by its page, ``@n``), chapters as nested ``teiCorpus``.  Ids are
    unique in a file, so each document's are qualified by its name (see
    :func:`pipeline.volume.qualify`).  ``site`` reads it back into the same pages."""
    by_name = {d.source.output_name: d for d in documents}
    root = _corpus(volume["title"], "The documents of the volume, as tei-pipeline built them.")
    for chapter in volume["chapters"]:
        holder = root
        if chapter["title"]:
            holder = _corpus(chapter["title"], "A chapter of the volume.")
            root.append(holder)
        for name in chapter["documents"]:
            document = copy.deepcopy(by_name[name].root)
            qualify(document, name)
            document.set("n", name)
            holder.append(document)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _corpus(title: str, about: str) -> etree._Element:
    """A ``teiCorpus`` with a header of that title."""
    tei = f"{{{TEI_NS}}}"
    corpus = etree.Element(f"{tei}teiCorpus", nsmap={None: TEI_NS})  # type: ignore[dict-item]
    file_desc = etree.SubElement(etree.SubElement(corpus, f"{tei}teiHeader"), f"{tei}fileDesc")
    etree.SubElement(etree.SubElement(file_desc, f"{tei}titleStmt"), f"{tei}title").text = title
    etree.SubElement(etree.SubElement(file_desc, f"{tei}publicationStmt"), f"{tei}p").text = \
        "Published by tei-pipeline site."
    etree.SubElement(etree.SubElement(file_desc, f"{tei}sourceDesc"), f"{tei}p").text = about
    return corpus


# --- pages --------------------------------------------------------------------------------

def _render_site_pages(volume: dict[str, Any], out: Path, done: str | None, code: str, *,
                       searchable: bool) -> str:
    """The home, persons and terms pages, from the volume as XML, unless the volume, the
    search and the pipeline (``code``) are as when they were rendered with key ``done``;
    returns their key."""
    root = _volume_xml(volume)
    key = hashlib.sha256(etree.tostring(root) + code.encode() + bytes([searchable])).hexdigest()
    if done == key and all((out / name).is_file() for name in SITE_PAGES.values()):
        return key
    for page, name in SITE_PAGES.items():
        write_if_changed(out / name, render_assembled("render-site.xsl", root, str(out / name),
                                                      {"p.page": page, "p.search": searchable}))
    return key


def _index_for_search(out: Path, *, changed: bool) -> list[Finding]:
    """Index the document pages with Pagefind (``pip install 'tei-pipeline[search]'``) when
    it is installed and a page changed; the site works without it.  Returns a warning when
    Pagefind failed."""
    if importlib.util.find_spec("pagefind") is None or \
            (not changed and (out / SEARCH).is_dir()):
        return []
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out),
                           "--output-subdir", SEARCH, "--glob", f"{DOCUMENTS}/**/*.html"],
                          capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return []
    return [Finding("site:search", Severity.WARNING,
                    f"Pagefind could not index the site: {done.stderr.strip()[-300:]}",
                    Location(str(out)))]


def _volume_xml(volume: dict[str, Any]) -> etree._Element:
    """The volume as the site stylesheet reads it (the same facts as volume.json)."""
    root = etree.Element(f"{{{P_NS}}}volume", nsmap={"p": P_NS}, title=volume["title"])
    documents = {d["name"]: d for d in volume["documents"]}
    for chapter in volume["chapters"]:
        element = etree.SubElement(root, f"{{{P_NS}}}chapter", id=chapter["id"])
        if chapter["title"]:
            element.set("title", chapter["title"])
        for name in chapter["documents"]:
            doc = documents[name]
            etree.SubElement(element, f"{{{P_NS}}}document", {
                "name": name, "href": doc["href"], "number": doc["number"] or "",
                "title": doc["title"], "kind": doc["kind"], "date": doc["date"] or "",
                "persons": " ".join(doc["persons"])})
    for kind in ("persons", "terms"):
        for entity in volume[kind]:
            element = etree.SubElement(root, f"{{{P_NS}}}entity", id=entity["id"],
                                       kind=entity["kind"], name=entity["name"],
                                       description=entity["description"])
            for mention in entity["mentions"]:
                place = etree.SubElement(element, f"{{{P_NS}}}mention",
                                         document=mention["document"])
                for paragraph, anchor in zip(mention["paragraphs"], mention["anchors"],
                                             strict=True):
                    etree.SubElement(place, f"{{{P_NS}}}paragraph", n=str(paragraph),
                                     anchor=anchor)
    return root


@dataclass(frozen=True)
class _PageTask:
    """What one document page needs: its TEI, its place in the site, where it goes."""

    tei: str
    context: str
    target: str


def _render_document_pages(volume: dict[str, Any], documents: list[_Document], out: Path,
                           executor: Executor, done: dict[str, str],
                           code: str) -> tuple[dict[str, str], int]:
    """Render each document's page whose TEI, place in the site or pipeline (``code``)
    changed since it was rendered with its key in ``done`` (or that is missing), and remove
    the pages of documents no longer in the volume; returns each page's key, and how many
    were rendered."""
    links = {i: f"{d.href}" if i == d.data["id"] else f"{d.href}#{i}"
             for d in documents for i in d.ids}
    tasks, keys = [], {}
    for index, doc in enumerate(documents):
        context = _context(volume, documents, index, links)
        page = f"{DOCUMENTS}/{doc.href}"
        key = hashlib.sha256((code + context).encode() + doc.xml.data).hexdigest()
        keys[page] = key
        if done.get(page) != key or not (out / page).is_file():
            tasks.append(_PageTask(str(doc.tei), context, str(out / page)))
    for _ in executor.map(render_document_page, tasks):
        pass
    for page in set(done) - set(keys) - {SITE_KEY}:
        (out / page).unlink(missing_ok=True)  # its document left the volume
    return keys, len(tasks)


def _context(volume: dict[str, Any], documents: list[_Document], index: int,
             links: dict[str, str]) -> str:
    """A document page's place in the site, as the HTML stylesheet's ``p.site`` reads it:
    only what this page uses (so that a change elsewhere does not render it again)."""
    doc = documents[index]
    chapter = next(c for c in volume["chapters"] if doc.source.output_name in c["documents"])
    neighbours = {}
    if index > 0:
        neighbours["previous"] = _neighbour(documents[index - 1])
    if index + 1 < len(documents):
        neighbours["next"] = _neighbour(documents[index + 1])
    used = {target[1:] for target, _ in doc.links if target.startswith("#")}
    return json.dumps({
        "volume": volume["title"], "home": "../index.html",
        "chapter": chapter["title"] or "", "chapterId": chapter["id"],
        "label": doc.label, "kind": doc.kind, **neighbours,
        "index": {"person": "../persons.html", "term": "../terms.html"},
        "links": {i: links[i] for i in sorted(used) if i in links and i not in doc.ids},
    }, ensure_ascii=False, sort_keys=True)


def _neighbour(doc: _Document) -> dict[str, str]:
    return {"href": doc.href, "title": f"{doc.label}: {doc.data['title']}"
            if doc.number else doc.data["title"]}


def render_document_page(task: _PageTask) -> None:
    """Render one document page (importable, so that workers can run it)."""
    document = xslt.parse_document(Path(task.tei).read_bytes(), task.tei)
    write_atomic(Path(task.target), render_page("render-html.xsl", document, task.tei,
                                                {"p.site": task.context}))


def _load_pages(out: Path) -> dict[str, str]:
    try:
        return dict(json.loads((out / PAGES).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return {}
