"""Volume: a TEI file holding a whole volume, split into one TEI document per
``div[@type='document']`` so that each is published as its own page — or, for a volume held
as whole TEI documents (a ``teiCorpus``, as ``tei-pipeline site`` writes it), each as it is.

Each document gets the volume's header, with its own title (its head) and date (its
dateline), and the people and terms it mentions: a volume keeps them once, in its header (as
the pipeline writes them: ``listPerson type="mentioned"``, ``list type="terms"``) or in its
front or back matter as the Office of the Historian does (``item/persName[@xml:id]`` with the
description after the name, ``item/term[@xml:id]``); a document's copy holds those its text
points at, as ``person`` and terms ``item`` entries.  Chapters are the documents' enclosing
``div[@type='chapter' or @type='compilation']``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from lxml import etree

from .files import write_if_changed
from .findings import Finding, Location, PipelineError, Severity
from .ids import TEI_NS, XML_ID, XML_LANG
from .validate.document import read_xml

__all__ = ["SplitDocument", "qualify", "split_volume", "unqualify"]

T = f"{{{TEI_NS}}}"
NS = {"tei": TEI_NS}
CHAPTER_TYPES = ("chapter", "compilation")
#: Attributes by which a phrase points at what it mentions.
POINTERS = ("ref", "corresp", "target")
#: A local pointer: a token of an attribute value that begins with '#'.
LOCAL_POINTER = re.compile(r"(?<!\S)#(?=\S)")
#: The attributes qualifying and unqualifying rewrite: ids, and values that may point.
REWRITTEN = etree.XPath("descendant-or-self::*/@xml:id"
                        " | descendant-or-self::*/@*[contains(., '#')]")


@dataclass(frozen=True)
class SplitDocument:
    """One document of a volume: the TEI written for it, and its chapter's title."""

    path: Path
    name: str
    chapter: str


def split_volume(path: Path, folder: Path, max_mb: float) -> tuple[str, list[SplitDocument]]:
    """Split the volume TEI at ``path`` into documents written to ``folder``; returns the
    volume's title and the documents in order.

    Raises:
        PipelineError: the file is not XML, or holds no ``div[@type='document']`` (located).
    """
    tree = read_xml(path, max_mb).tree
    root = tree.getroot()
    title = _text(root.find(f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title")) or path.stem
    if _elements(root, "//tei:TEI[ancestor::tei:teiCorpus or ancestor::tei:TEI]"):
        return title, _split_corpus(root, folder)
    documents = _elements(root, "//tei:div[@type='document']")
    if not documents:
        raise PipelineError([Finding(
            "usage:site", Severity.ERROR, "a volume's TEI holds its documents as "
            "div[@type='document'] (this file has none)", Location(str(path), 1, 1))],
            exit_code=2)
    entities = _entities(root)
    split = []
    taken: set[str] = set()
    for index, div in enumerate(documents, start=1):
        name = _name(div, index, taken)
        target = _write(_document(root, div, entities), folder, name)
        chapter = _elements(div, "ancestor::tei:div[@type='chapter' or @type='compilation'][1]"
                            "/tei:head[1]")
        split.append(SplitDocument(target, name, _text(chapter[0]) if chapter else ""))
    return title, split


def _split_corpus(root: etree._Element, folder: Path) -> list[SplitDocument]:
    """The documents of a volume held as whole TEI documents (a ``teiCorpus``, chapters as
    nested ``teiCorpus`` with their titles; what ``tei-pipeline site`` writes as
    ``volume.tei.xml``): each written as it is."""
    split = []
    taken: set[str] = set()
    leaves = _elements(root, "//tei:TEI[not(.//tei:TEI)]")
    for index, document in enumerate(leaves, start=1):
        inner = document.find(f".//{T}div[@type='document']")
        name = _name(document, index, taken, inner)
        standalone = copy.deepcopy(document)
        if "n" in standalone.attrib:  # the page's name in the volume, not the document's
            del standalone.attrib["n"]
            unqualify(standalone, name)
        target = _write(standalone, folder, name)
        chapter = [c for c in document.iterancestors(f"{T}teiCorpus", f"{T}TEI")
                   if c is not root]
        split.append(SplitDocument(target, name, _text(chapter[0].find(
            f"{T}teiHeader/{T}fileDesc/{T}titleStmt/{T}title")) if chapter else ""))
    return split


def _write(document: etree._Element, folder: Path, name: str) -> Path:
    """Write one document of the volume as ``NAME.tei.xml`` (unless it is there as it is)."""
    target = folder / f"{name}.tei.xml"
    write_if_changed(target, etree.tostring(document, encoding="UTF-8", xml_declaration=True)
                     + b"\n")
    return target


def qualify(document: etree._Element, name: str) -> None:
    """Make a document's ids unique in a volume: ``x`` becomes ``_NAME.x`` (an id must begin
    with a letter or ``_``), and each local pointer (an attribute's ``#x`` token)
    ``#_NAME.x``.  :func:`unqualify` undoes it exactly."""
    prefix = _prefix(name)
    _rewrite(document, lambda value: prefix + value,
             lambda value: LOCAL_POINTER.sub(f"#{prefix}", value))


def unqualify(document: etree._Element, name: str) -> None:
    """Undo :func:`qualify`: ``_NAME.x`` ids and ``#_NAME.x`` pointers back to ``x``, ``#x``."""
    prefix = _prefix(name)
    qualified = re.compile(rf"(?<!\S)#{re.escape(prefix)}(?=\S)")
    _rewrite(document, lambda value: value[len(prefix):] if value.startswith(prefix) else value,
             lambda value: qualified.sub("#", value))


def _prefix(name: str) -> str:
    return f"_{name}."


def _rewrite(document: etree._Element, ids: Callable[[str], str],
             pointers: Callable[[str], str]) -> None:
    """Rewrite each xml:id with ``ids`` and each other attribute holding a '#' with
    ``pointers`` (the attributes found by XPath, not by visiting every one in Python)."""
    attributes = cast("list[etree._ElementUnicodeResult]", REWRITTEN(document))
    for value in attributes:
        key, element = str(value.attrname), value.getparent()
        assert element is not None  # an attribute's element
        element.set(key, ids(str(value)) if key == XML_ID else pointers(str(value)))


def _name(element: etree._Element, index: int, taken: set[str],
          inner: etree._Element | None = None) -> str:
    """A file name for a document: the name a volume gives it (``@n`` of a whole TEI
    document in a corpus), else its id, else its number, else its place in the volume."""
    named = element.get("n") if element.tag == f"{T}TEI" else None
    div = inner if inner is not None else element
    base = re.sub(r"[^\w.-]+", "_", named or element.get(XML_ID) or div.get(XML_ID) or (
        f"d{div.get('n')}" if div.get("n") else f"document-{index}"))
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def _elements(node: etree._Element, path: str) -> list[etree._Element]:
    """The elements an XPath expression (with the ``tei`` prefix) selects."""
    found = node.xpath(path, namespaces=NS)
    return [e for e in found if isinstance(e, etree._Element)] \
        if isinstance(found, list) else []


def _text(element: etree._Element | None) -> str:
    """An element's text without its notes, white space folded."""
    if element is None:
        return ""
    bare = copy.deepcopy(element)
    for note in bare.iter(f"{T}note"):
        parent = note.getparent()
        if parent is not None:
            parent.remove(note)
    return " ".join("".join(str(t) for t in bare.itertext()).split())


# --- what the volume describes --------------------------------------------------------------

def _entities(root: etree._Element) -> dict[str, etree._Element]:
    """The people and terms a volume describes, by id, as a document's header holds them: the
    header's own ``person`` and terms ``item`` entries, and the front and back matter's lists
    of names and terms (``item`` with ``persName``/``term`` carrying the id)."""
    found: dict[str, etree._Element] = {}
    header = root.find(f"{T}teiHeader")
    if header is not None:
        for entry in _elements(header, ".//tei:listPerson[@type='mentioned']/tei:person"
                                       "[@xml:id] | .//tei:list[@type='terms']/tei:item[@xml:id]"):
            found[entry.get(XML_ID, "")] = entry
    for named in _elements(root, "//tei:text/tei:front//tei:item/*[@xml:id] | "
                                 "//tei:text/tei:back//tei:item/*[@xml:id]"):
        entity_id = named.get(XML_ID, "")
        rest = _text(named.getparent())[len(_text(named)):].lstrip(" ,:;—–-").strip()
        if named.tag == f"{T}persName":
            found[entity_id] = _person(entity_id, _text(named), rest)
        elif named.tag in (f"{T}term", f"{T}abbr"):
            found[entity_id] = _term(entity_id, _text(named), rest)
    return found


def _person(person_id: str, name: str, description: str) -> etree._Element:
    person = etree.Element(f"{T}person", {XML_ID: person_id})
    etree.SubElement(person, f"{T}persName").text = name
    if description:
        etree.SubElement(person, f"{T}occupation").text = description
    return person


def _term(term_id: str, term: str, expansion: str) -> etree._Element:
    item = etree.Element(f"{T}item", {XML_ID: term_id})
    element = etree.SubElement(item, f"{T}term")
    element.text = term
    if expansion:
        element.tail = ", "
        etree.SubElement(item, f"{T}gloss").text = expansion
    return item


# --- one document -------------------------------------------------------------------------------

def _document(volume: etree._Element, div: etree._Element,
              entities: dict[str, etree._Element]) -> etree._Element:
    """A standalone TEI document for one div of the volume."""
    root = etree.Element(f"{T}TEI", nsmap={None: TEI_NS})  # type: ignore[dict-item]
    if volume.get(XML_LANG):
        root.set(XML_LANG, volume.get(XML_LANG, ""))
    root.append(_header(volume, div, entities))
    text = etree.SubElement(root, f"{T}text")
    body = etree.SubElement(text, f"{T}body")
    body.append(copy.deepcopy(div))
    return root


def _header(volume: etree._Element, div: etree._Element,
            entities: dict[str, etree._Element]) -> etree._Element:
    """The volume's header for one document: its title, its date, what it mentions."""
    source = volume.find(f"{T}teiHeader")
    header = copy.deepcopy(source) if source is not None else etree.Element(f"{T}teiHeader")
    file_desc = _child(header, "fileDesc", 0)
    title_stmt = _child(file_desc, "titleStmt", 0)
    for old in title_stmt.findall(f"{T}title"):
        title_stmt.remove(old)
    heading = _text(div.find(f"{T}head"))
    title = etree.Element(f"{T}title")
    title.text = re.sub(r"^\d+\.\s+", "", heading) or "Document"
    title_stmt.insert(0, title)
    if file_desc.find(f"{T}publicationStmt") is None:
        etree.SubElement(file_desc, f"{T}publicationStmt").append(_p("Split from a volume."))
    source_desc = _child(file_desc, "sourceDesc", len(file_desc))
    for listed in _elements(source_desc, "tei:listPerson[@type='mentioned'] | "
                                    "tei:list[@type='terms']"):
        source_desc.remove(listed)
    for old in source_desc.findall(f"{T}bibl"):
        source_desc.remove(old)
    bibl = etree.Element(f"{T}bibl")  # the document as the volume prints it
    etree.SubElement(bibl, f"{T}title").text = heading or title.text
    if div.get("n"):
        etree.SubElement(bibl, f"{T}idno", type="document").text = div.get("n")
    source_desc.insert(0, bibl)
    for placeholder in source_desc.findall(f"{T}p"):
        source_desc.remove(placeholder)
    people, terms = _mentioned(div, entities)
    if people:
        listing = etree.SubElement(source_desc, f"{T}listPerson", type="mentioned")
        listing.extend(copy.deepcopy(p) for p in people)
    if terms:
        listing = etree.SubElement(source_desc, f"{T}list", type="terms")
        listing.extend(copy.deepcopy(t) for t in terms)
    _date(header, div)
    return header


def _mentioned(div: etree._Element, entities: dict[str, etree._Element]) -> \
        tuple[list[etree._Element], list[etree._Element]]:
    """The entries of the volume the document points at, people and terms, in order."""
    ids = dict.fromkeys(pointer[1:] for element in div.iter(etree.Element)
                        for attribute in POINTERS
                        for pointer in (element.get(attribute) or "").split()
                        if pointer.startswith("#"))
    used = [entities[i] for i in ids if i in entities]
    return ([e for e in used if e.tag == f"{T}person"], [e for e in used if e.tag != f"{T}person"])


def _date(header: etree._Element, div: etree._Element) -> None:
    """The document's date (and place), from its dateline, as the header's creation."""
    date = div.find(f".//{T}dateline//{T}date")
    if date is None:
        return
    profile = _child(header, "profileDesc", len(header))
    for old in profile.findall(f"{T}creation"):
        profile.remove(old)
    creation = etree.Element(f"{T}creation")
    creation.append(copy.deepcopy(date))
    creation[-1].tail = None
    place = div.find(f".//{T}dateline//{T}placeName")
    if place is not None:
        creation.append(copy.deepcopy(place))
        creation[-1].tail = None
    profile.insert(0, creation)


def _child(parent: etree._Element, name: str, at: int) -> etree._Element:
    """``parent``'s child of that name, made (at position ``at``) when it has none."""
    found = parent.find(f"{T}{name}")
    if found is None:
        found = etree.Element(f"{T}{name}")
        parent.insert(at, found)
    return found


def _p(text: str) -> etree._Element:
    p = etree.Element(f"{T}p")
    p.text = text
    return p
