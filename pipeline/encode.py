"""Encode: the ingested document model → TEI P5 (header metadata, speeches, notes, pages)."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .enrich import (
    Mentions,
    adopt_list_ids,
    link_mentions,
    mentioned_persons,
    terms_list,
    unmentioned,
)
from .findings import Finding, Location, Severity
from .ids import TEI_NS, XML_ID, XML_LANG
from .ingest import (
    Block,
    BulletList,
    Chars,
    Document,
    Footnote,
    Inline,
    LineBreak,
    ListItem,
    Mark,
    PageMarker,
    Pos,
    Text,
)
from .lists import Lists, PersonEntry
from .locations import element_paths
from .metadata import parse_dateline, parse_source_note
from .participants import (
    Participant,
    ambiguous_forms,
    find_aliases,
    participants_list,
    participants_of,
)
from .speakers import Attribution, attribute_paragraphs

__all__ = ["TEI_NS", "Encoded", "encode", "serialize_tei"]

GENERATOR = "tei-pipeline"


def tei(tag: str, *children: etree._Element | str | None, **attributes: str) -> etree._Element:
    """Build a TEI element; string children become text, None children are skipped."""
    element = etree.Element(f"{{{TEI_NS}}}{tag}", nsmap={None: TEI_NS})  # type: ignore[dict-item]
    for key, value in attributes.items():
        element.set(XML_ID if key == "xml_id" else key.rstrip("_"), value)
    for child in children:
        if isinstance(child, str):
            _append_text(element, child)
        elif child is not None:
            element.append(child)
    return element


@dataclass
class Encoded:
    """The TEI document, what the converter was unsure of, and where each element made from
    the text began in the source (keyed by the element's path, see ``element_paths``)."""

    tree: etree._ElementTree
    findings: list[Finding] = field(default_factory=list)
    origins: dict[str, Pos] = field(default_factory=dict)

    def source_map(self, source: str) -> dict[str, object]:
        """The origins as JSON-ready data: ``{"source": …, "elements": [{path, line, column}]}``."""
        return {"source": source, "elements": [
            {"path": path, "line": pos.line, "column": pos.column}
            for path, pos in sorted(self.origins.items(), key=lambda i: (i[1].line, i[1].column))
        ]}


def encode(doc: Document, lists: Lists | None = None) -> Encoded:
    """Encode an ingested document as TEI P5, linking the people, terms and documents it
    mentions (to the participants and to ``lists``, the volume's persons and terms)."""
    lists = lists or Lists()
    doc_id = f"d{doc.number}" if doc.number else _id_from_path(doc.source)
    people_list = participants_list(doc.parts)
    people = participants_of(people_list) if people_list is not None else []
    blocks = [part for part in doc.parts if isinstance(part, Block)
              and part.kind in {"paragraph", "heading"}]
    paragraphs = [block for block in blocks if block.kind == "paragraph"]
    find_aliases(people, (p.text.plain() for p in paragraphs))
    adopted = adopt_list_ids(people, lists.persons)
    said = attribute_paragraphs((b.text.plain() if b.kind == "paragraph" else None
                                 for b in blocks), people)
    attributions = dict(zip((id(b) for b in blocks), said, strict=True))
    build = _Builder(doc_id, doc.footnotes)
    body = _document_div(doc, doc_id, build, people_list, people, attributions)
    findings = [*doc.findings, *_ambiguous_names(doc, people),
                *_unsure_attributions(doc, paragraphs, attributions)]
    root = tei("TEI", _header(doc, people, body, adopted), tei("text", tei("body", body)))
    root.set(XML_LANG, "en")
    mentions = link_mentions(root, people, lists, adopted, doc_id, lambda element: _origin(
        element, build, doc.source))
    _list_mentioned(root, mentions, set(adopted))
    findings += [*mentions.findings, *unmentioned(mentions, lists, set(adopted))]
    positions = {p.id: p.pos for p in people}
    for person in root.iter(f"{{{TEI_NS}}}person"):
        if person.get(XML_ID, "") in positions:  # a participant (not one the text mentions)
            build.came_from(person, positions[person.get(XML_ID, "")])
    paths = element_paths(root)
    return Encoded(etree.ElementTree(root), findings,
                   {paths[element]: pos for element, pos in build.origins.items()})


def _origin(element: etree._Element, build: _Builder, source: str) -> Location:
    """Where in the source an element (or the nearest element around it) began."""
    for candidate in (element, *element.iterancestors()):
        if candidate in build.origins:
            pos = build.origins[candidate]
            return Location(source, pos.line, pos.column)
    return Location(source)


def _list_mentioned(root: etree._Element, mentions: Mentions, participants: set[str]) -> None:
    """Add to the header's source description the persons and terms the text mentions."""
    source_desc = root.find(f"{{{TEI_NS}}}teiHeader/{{{TEI_NS}}}fileDesc/{{{TEI_NS}}}sourceDesc")
    assert source_desc is not None
    for listing in (mentioned_persons(mentions, participants), terms_list(mentions)):
        if listing is not None:
            source_desc.append(listing)


def _id_from_path(source: str) -> str:
    stem = Path(source).name.split(".")[0]
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")
    return slug if slug[:1].isalpha() else f"doc-{slug}"


# --- header ------------------------------------------------------------------------------

def _header(doc: Document, people: list[Participant], body: etree._Element,
            entries: dict[str, PersonEntry]) -> etree._Element:
    heading = doc.heading.plain().strip()
    title = re.sub(r"^\d+\.\s+", "", heading)
    pages = [pb.get("n", "") for pb in body.iter(f"{{{TEI_NS}}}pb")]
    telegram = _telegram_line(doc)
    bibl = tei("bibl", tei("title", heading),
               tei("idno", doc.number, type="document") if doc.number else None,
               tei("idno", telegram.group("number"), type="telegram") if telegram else None,
               tei("title", telegram.group("subject"), type="subject") if telegram else None,
               _page_range(pages))
    source_desc = tei("sourceDesc", bibl)
    facts = parse_source_note(doc.footnotes[0].text.plain()) if doc.footnotes else None
    setting = None
    if facts is not None and facts.classification:
        bibl.append(tei("note", facts.classification, type="classification"))
    if telegram and telegram.group("ref"):
        bibl.append(tei("note", telegram.group("ref"), type="reference"))
    if facts is not None:
        for role, names in facts.responsibility:
            bibl.append(tei("respStmt", tei("resp", f"{role} by"),
                            *(tei("persName", name) for name in names)))
        source_desc.append(tei("msDesc", tei(
            "msIdentifier", tei("repository", facts.repository),
            tei("collection", facts.collection) if facts.collection else None,
            tei("idno", facts.file) if facts.file else None)))
        if facts.place:
            setting = tei("settingDesc", tei("setting", tei("placeName", facts.place)))
    file_desc = tei("fileDesc", tei("titleStmt", tei("title", title)), tei("publicationStmt", tei(
        "p", f"Encoded in TEI P5 by {GENERATOR} from the plain text of the published document.")),
        source_desc)
    profile = tei("profileDesc", _creation(doc), _correspondence(title),
                  tei("particDesc", _list_person(people, entries)) if people else None,
                  setting)
    return tei("teiHeader", file_desc, profile if len(profile) else None)


#: The first paragraph of a telegram: "219318. Subject: … . Ref: … ."
TELEGRAM_LINE = re.compile(r"^(?P<number>\d+)\.\s+Subject:\s+(?P<subject>.+?)\."
                           r"(?:\s+Ref:\s+(?P<ref>.+?)\.?)?$")
#: "… From <sender> to <addressee>" in a heading; FRUS prints a sender's name in parentheses,
#: so a split right after ")" is preferred ("From the Assistant to the President (X) to Y").
CORRESPONDENCE = (re.compile(r"\bFrom (?P<sender>.+?\)) to (?P<addressee>.+)$"),
                  re.compile(r"\bFrom (?P<sender>.+?) to (?P<addressee>.+)$"))


def _telegram_line(doc: Document) -> re.Match[str] | None:
    """The telegram number, subject and reference line, when the document is a telegram."""
    if "telegram" not in doc.heading.plain().lower():
        return None
    first = next((p for p in doc.parts if isinstance(p, Block) and p.kind == "paragraph"), None)
    return TELEGRAM_LINE.match(first.text.plain().strip()) if first is not None else None


def _correspondence(title: str) -> etree._Element | None:
    """Sender and addressee named in a heading ('Memorandum From A (X) to B')."""
    match = CORRESPONDENCE[0].search(title) or CORRESPONDENCE[1].search(title)
    if match is None:
        return None
    return tei("correspDesc",
               tei("correspAction", tei("name", match.group("sender")), type="sent"),
               tei("correspAction", tei("name", match.group("addressee")), type="received"))


def _page_range(pages: list[str]) -> etree._Element | None:
    """The pages the document spans; the first page is the one before the first marker."""
    numbers = [int(n) for n in pages if n.isdigit()]
    if not numbers:
        return None
    return tei("biblScope", unit="page", from_=str(max(numbers[0] - 1, 1)), to=str(numbers[-1]))


def _creation(doc: Document) -> etree._Element | None:
    if doc.dateline is None:
        return None
    dateline = parse_dateline(doc.dateline.plain())
    return tei("creation", _date(dateline.date_text, dateline.when, dateline.start, dateline.end),
               tei("placeName", dateline.place) if dateline.place else None)


def _date(text: str, when: str, start: str, end: str) -> etree._Element:
    attributes = {"when": when} if when else {"from_": start, "to": end} if start else {}
    return tei("date", text, **attributes)


def _list_person(people: list[Participant], entries: dict[str, PersonEntry]) -> etree._Element:
    """The participants by side; one who is an entry of the volume's persons list has the
    list's name and description too."""
    sides: dict[str | None, list[Participant]] = {}
    for person in people:
        sides.setdefault(person.side, []).append(person)
    groups = []
    for side, members in sides.items():
        persons = [_person(p, entries.get(p.id)) for p in members]
        groups.append(tei("listPerson", tei("head", side), *persons, type="side") if side
                      else tei("listPerson", *persons))
    return groups[0] if len(groups) == 1 and None in sides else \
        tei("listPerson", *groups, type="participants")


def _person(person: Participant, entry: PersonEntry | None = None) -> etree._Element:
    name = tei("persName")
    if person.title:
        name.append(tei("roleName", person.title))
    if person.name:
        forenames, surname = person.name.split()[:-1], person.name.split()[-1]
        if person.title:
            _append_text(name, " ")
        if forenames:
            name.append(tei("forename", " ".join(forenames)))
            _append_text(name, " ")
        name.append(tei("surname", surname))
    occupation = person.function or (entry.description if entry is not None else "")
    return tei("person", name, tei("occupation", occupation) if occupation else None,
               *(tei("note", note) for note in person.notes),
               tei("note", entry.entry, type="list") if entry is not None else None,
               xml_id=person.id)


# --- body --------------------------------------------------------------------------------

class _Builder:
    """Per-document encoding state: each footnote's ``note`` is built once, for the mark that
    anchors it, and every element made from the text records where in the source it began."""

    def __init__(self, doc_id: str, footnotes: list[Footnote]) -> None:
        self.doc_id = doc_id
        self.footnotes = {note.n: note for note in footnotes}
        self.placed: set[int] = set()
        self.origins: dict[etree._Element, Pos] = {}

    def came_from(self, element: etree._Element, pos: Pos) -> etree._Element:
        """Record the source position of an element; returns the element."""
        self.origins[element] = pos
        return element

    def note(self, mark: Mark | int) -> etree._Element:
        """The note for a mark (or, unanchored, for a footnote number)."""
        n = mark.n if isinstance(mark, Mark) else mark
        footnote = self.footnotes[n]
        self.placed.add(n)
        attributes = {"n": str(n), "xml_id": f"{self.doc_id}fn{n}"}
        if footnote.text.plain().startswith("Source:"):
            attributes["type"] = "source"
        element = tei("note", **attributes)
        _append_inline(element, footnote.text.content, self)
        return self.came_from(element, mark.pos if isinstance(mark, Mark) else footnote.text.pos)

    def page_break(self, marker: PageMarker) -> etree._Element:
        return self.came_from(tei("pb", n=marker.n) if marker.n else tei("pb"), marker.pos)

    def unplaced(self) -> list[etree._Element]:
        return [self.note(n) for n in sorted(self.footnotes) if n not in self.placed]


def _document_div(doc: Document, doc_id: str, build: _Builder, people_list: BulletList | None,
                  people: list[Participant],
                  attributions: dict[int, Attribution]) -> etree._Element:
    div = tei("div", type="document", n=doc.number or doc_id, xml_id=doc_id)
    div.append(_inline("head", doc.heading, build))
    # The opener holds the dateline and a letter's salutation; the closer its complimentary
    # close and signature (page breaks between them stay inside).
    opener = closer = None
    if doc.dateline is not None:
        opener = build.came_from(tei("opener", _dateline(doc.dateline, build)), doc.dateline.pos)
        div.append(opener)
    salute_at = next((i for i, p in enumerate(doc.parts)
                      if isinstance(p, Block) and p.kind == "salute"), -1)
    by_entry = iter(people)
    for index, part in enumerate(doc.parts):
        if isinstance(part, BulletList):
            div.append(_list(part, build, by_entry if part is people_list else None))
        elif part.kind == "page":
            breaks = [build.page_break(piece) for piece in part.text.content
                      if isinstance(piece, PageMarker)]
            holder = closer if closer is not None else \
                opener if opener is not None and index < salute_at else div
            holder.extend(breaks)
        elif part.kind == "salute":
            if opener is None:
                opener = build.came_from(tei("opener"), part.pos)
                div.append(opener)
            opener.append(_inline("salute", part.text, build))
        elif part.kind == "close":
            closer = build.came_from(tei("closer", _inline("salute", part.text, build)),
                                     part.pos)
            div.append(closer)
        elif part.kind == "signature" and closer is not None:
            closer.append(_inline("signed", part.text, build))
        elif part.kind == "quote":
            div.append(build.came_from(tei("quote", *(
                _inline("p", item, build) for item in _split_text(part.text, QUOTE_ITEM))),
                part.pos))
        elif part.kind == "signature":
            div.append(build.came_from(tei("closer", _inline("signed", part.text, build)),
                                       part.pos))
        elif part.kind == "heading":
            div.append(_inline("p", part.text, build, rend="subheading"))
        else:
            div.append(_paragraph(part, build, attributions[id(part)]))
    div.extend(build.unplaced())
    return div


def _dateline(text: Text, build: _Builder) -> etree._Element:
    dateline = parse_dateline(text.plain())
    element = build.came_from(tei("dateline"), text.pos)
    if not dateline.place or dateline.date_text == text.plain().strip():
        _append_inline(element, text.content, build)
        return element
    printed = text.plain()
    place_at = printed.index(dateline.place)
    date_at = printed.index(dateline.date_text)
    element.append(tei("placeName", dateline.place))
    _append_text(element, printed[place_at + len(dateline.place):date_at])
    element.append(_date(dateline.date_text, dateline.when, dateline.start, dateline.end))
    return element


#: Where a block quotation of dash-led items ("—A …; —B …") starts its next item.
QUOTE_ITEM = re.compile(r"(?<=;)\s+(?=—)")
#: A paragraph numbered in the body ("1. Secret—Entire text.").
NUMBERED = re.compile(r"^(\d{1,3})\.\s")


def _split_text(text: Text, boundary: re.Pattern[str]) -> list[Text]:
    """Split a text where ``boundary`` matches inside its characters; the matched white
    space goes between the parts."""
    parts: list[Text] = [Text([], text.pos)]
    for piece in text.content:
        if not isinstance(piece, Chars):
            parts[-1].content.append(piece)
            continue
        at = 0
        for match in boundary.finditer(piece.text):
            parts[-1].content.append(Chars(piece.text[at:match.start()], piece.pos.shifted(at)))
            parts.append(Text([], piece.pos.shifted(match.end())))
            at = match.end()
        parts[-1].content.append(Chars(piece.text[at:], piece.pos.shifted(at)))
    return parts


def _paragraph(block: Block, build: _Builder, attribution: Attribution) -> etree._Element:
    plain = block.text.plain()
    numbered = NUMBERED.match(plain) if not TELEGRAM_LINE.match(plain) else None
    paragraph = _inline("p", block.text, build, **({"n": numbered.group(1)} if numbered else {}))
    if attribution.person is None:
        return paragraph
    person = attribution.person
    return build.came_from(tei("sp", tei("speaker", person.main), paragraph,
                               who=f"#{person.id}", cert=attribution.cert), block.pos)


def _list(part: BulletList, build: _Builder,
          people: Iterable[Participant] | None) -> etree._Element:
    label = re.sub(r"[^a-z]+", "-", part.label.plain().lower()).strip("-") if part.label else ""
    kind = "participants" if people is not None else label if label[:1].isalpha() else "bulleted"
    element = build.came_from(tei("list", type=kind), part.pos)
    if part.label is not None:
        element.append(_inline("head", part.label, build))
    element.extend(_items(part.items, build, iter(people) if people is not None else None))
    return element


def _items(items: list[ListItem], build: _Builder,
           people: Iterable[Participant] | None) -> Iterable[etree._Element]:
    for item in items:
        if item.children:
            label = _inline("head", item.text, build)
            yield build.came_from(tei("item", tei("list", label, *_items(item.children, build,
                                                                          people))),
                                  item.text.pos)
        elif people is not None:
            yield _participant_item(item, next(iter(people)), build)
        else:
            yield _inline("item", item.text, build)


def _participant_item(item: ListItem, person: Participant, build: _Builder) -> etree._Element:
    """The printed entry, with the person's title and name as a ``persName`` pointing at the
    header's ``person``."""
    pieces = item.text.content
    if len(pieces) != 1 or not isinstance(pieces[0], Chars) or \
            not pieces[0].text.startswith(person.main):
        element = _inline("item", item.text, build)
        element.set("corresp", f"#{person.id}")
        return element
    rest = pieces[0].text[len(person.main):]
    name = person.name or person.main  # a role with no name ('The Secretary') is the name
    title = person.main[:len(person.main) - len(name)]
    return build.came_from(tei("item", title or None, tei("persName", name, ref=f"#{person.id}"),
                               rest or None), item.text.pos)


def _inline(tag: str, text: Text, build: _Builder, **attributes: str) -> etree._Element:
    element = build.came_from(tei(tag, **attributes), text.pos)
    _append_inline(element, text.content, build)
    return element


def _append_inline(element: etree._Element, content: list[Inline], build: _Builder) -> None:
    for piece in content:
        if isinstance(piece, Chars):
            _append_text(element, piece.text)
        elif isinstance(piece, Mark):
            element.append(build.note(piece))
        elif isinstance(piece, PageMarker):
            element.append(build.page_break(piece))
        elif isinstance(piece, LineBreak):
            element.append(tei("lb"))


def _append_text(element: etree._Element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _unsure_attributions(doc: Document, paragraphs: list[Block],
                         attributions: dict[int, Attribution]) -> list[Finding]:
    """A finding for each paragraph whose speaker is a guess or could not be found."""
    findings = []
    for paragraph in paragraphs:
        attribution = attributions[id(paragraph)]
        if attribution.cert != "low":
            continue
        where = Location(doc.source, paragraph.pos.line, paragraph.pos.column)
        if attribution.person is None:
            findings.append(Finding("encode:unattributed", Severity.WARNING,
                                    "no speaker found for this paragraph; encoded as narrative",
                                    where))
        else:
            findings.append(Finding("encode:uncertain-speaker", Severity.WARNING,
                                    f"speaker guessed as '{attribution.person.main}' "
                                    f"({attribution.reason}); check this paragraph", where))
    return findings


def _ambiguous_names(doc: Document, people: list[Participant]) -> list[Finding]:
    """A finding for each name that fits several participants (it attributes no speech)."""
    return [Finding("encode:ambiguous-name", Severity.WARNING,
                    f"'{form}' may be any of {', '.join(repr(p.entry) for p in owners)}; "
                    "paragraphs naming only that are not attributed by it",
                    Location(doc.source, owners[-1].pos.line, owners[-1].pos.column))
            for form, owners in ambiguous_forms(people).items()]


# --- serialization -------------------------------------------------------------------------

#: Elements whose content is elements only, so whitespace between children means nothing;
#: only these are indented, which keeps mixed content (p, head, note, item …) byte-exact.
ELEMENT_ONLY = frozenset(f"{{{TEI_NS}}}{name}" for name in """
    TEI teiHeader fileDesc titleStmt publicationStmt sourceDesc bibl respStmt msDesc
    msIdentifier profileDesc creation particDesc listPerson person settingDesc setting text body
    div list sp opener quote closer correspDesc correspAction""".split())


def serialize_tei(tree: etree._ElementTree) -> bytes:
    """Serialize TEI as UTF-8, indenting element-only containers and nothing else."""
    root = copy.deepcopy(tree.getroot())
    _indent(root, 0)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def _indent(element: etree._Element, level: int) -> None:
    if element.tag not in ELEMENT_ONLY or not len(element):
        return
    if (element.text or "").strip() or any((child.tail or "").strip() for child in element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        child.tail = pad
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level
