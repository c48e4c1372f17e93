"""Enrich: link what the text mentions — people, terms and cross-references — to entries.

Runs on the encoded TEI.  Every mention of a person (a participant, or an entry of the
volume's Persons list) becomes ``persName/@ref`` pointing at a ``person`` of the header;
every listed abbreviation a ``gloss/@target`` pointing at its entry in a ``list
type="terms"`` of the header; every "Document 12", "footnote 3, Document 12" or citation
of another FRUS volume a ``ref/@target`` (``#d12``, ``#d12fn3``, ``frus1969-76v14#d5``).
Only characters are wrapped: the reading text stays as it was.  A name may run across a
page break (``pb`` is wrapped with it); nothing else is crossed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

from .findings import Finding, Location, Severity
from .ids import TEI_NS, XML_ID
from .lists import Lists, PersonEntry, TermEntry
from .participants import Participant
from .vocabulary import COMMON_WORDS, INSTITUTION_WORDS, TITLE_WORDS

__all__ = [
    "Mentions",
    "adopt_list_ids",
    "link_mentions",
    "mentioned_persons",
    "terms_list",
    "unmentioned",
]

#: Elements whose text is already a name, a date, a pointer, or is not reading text.
SKIP = frozenset(f"{{{TEI_NS}}}{name}" for name in
                 "persName gloss ref term speaker date placeName name pb lb".split())
#: Elements a mention may run across (a page break in the middle of a name).
TRANSPARENT = frozenset({f"{{{TEI_NS}}}pb"})

#: What a name may end with in the text and still be the name ("Petrov’s").
NAME_END = r"(?![\w])"
NAME_START = r"(?<![\w’'])"
#: A term: a whole token, perhaps with a plural or verbal ending ("NRRCs", "MIRVing"; a
#: possessive stays outside, as for names);
#: not a piece of a longer token or of a dotted abbreviation ("US" in "USSR" or "U.S.").
TERM = r"(?<![\w./’']){term}(?:s|ing|ed)?(?![\w]|\.\w)"

#: A citation of another volume: "Foreign Relations, 1981–1988, vol. IV, Soviet Union, …,
#: Documents 134, 135" (the part, the title and "Appendix A" as the volumes print them).
VOLUME = re.compile(
    r"Foreign Relations(?: of the United States)?,\s+(?P<first>\d{4})(?:\s*[–-]\s*"
    r"(?P<last>\d{2,4}))?,\s+vol\.\s+(?P<vol>[IVXLC]+|\d+)(?:,\s+Part\s+(?P<part>\d+|[IVX]+))?"
    r"(?:,\s+[^;()]{1,200}?)??,\s+(?:(?P<docs>Documents?)\s+(?P<n>\d+)|Appendix\s+[A-Z]\b)")
#: "ibid., Document 221": the volume cited last.
IBID = re.compile(r"\b[Ii]bid\.,\s+(?P<docs>Documents?)\s+(?P<n>\d+)")
#: "footnote 3, Document 12" (or "footnote 3 to Document 12").
FOOTNOTE = re.compile(r"\bfootnote\s+(?P<fn>\d+)(?:,|\s+to|\s+in)\s+Document\s+(?P<n>\d+)\b")
#: "Document 12", "Documents 12, 13, and 14", "Documents 104–106".
DOCUMENTS = re.compile(r"\b(?P<docs>Documents?)\s+(?P<n>\d+)\b")
#: "footnote 3" alone: a note of this document.
OWN_NOTE = re.compile(r"\bfootnote\s+(?P<fn>\d+)\b(?!,?\s+(?:to|in)?\s*Document)")
#: A word every citation above has (a cheap test before the patterns are tried).
REFERENCE_WORDS = ("Document", "footnote", "Foreign Relations")
#: What continues a list of document numbers (", 13", ", and 14", "–106").
MORE_NUMBERS = re.compile(r"(?:,\s+(?:and\s+)?|\s+and\s+|\s*[–-]\s*)(?P<n>\d+)\b(?!\.\d)")
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass
class Person:
    """Someone the text may mention, with the forms that name them."""

    id: str
    label: str
    full_forms: set[str]
    surnames: set[str]
    entry: PersonEntry | None = None


@dataclass
class Mentions:
    """What linking found: the people and terms mentioned (by id), the names that could be
    several people, and the findings to report."""

    persons: dict[str, Person] = field(default_factory=dict)
    terms: dict[str, TermEntry] = field(default_factory=dict)
    ambiguous: dict[str, list[Person]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class _Match:
    """A stretch of text to wrap in an element, and the person or term it mentions."""

    start: int
    end: int
    tag: str
    attributes: dict[str, str]
    entity: Person | TermEntry | None = None


# --- participants and the persons list -----------------------------------------------------

def adopt_list_ids(people: list[Participant], entries: tuple[PersonEntry, ...]) -> \
        dict[str, PersonEntry]:
    """Give each participant who is one entry of the persons list that entry's id (so a person
    has one id in every document); returns the entries so matched, by id."""
    adopted = {}
    for person in people:
        surnames = {person.surname} | {a for a in person.aliases if " " not in a}
        forenames = person.name.split()[:-1]
        found = [e for e in entries if e.surname in surnames - {""}
                 and (not forenames or _same_forename(forenames[0], e))]
        if len(found) == 1:
            person.id = found[0].id
            adopted[person.id] = found[0]
    return adopted


def _same_forename(name: str, entry: PersonEntry) -> bool:
    """Whether a forename as printed ('D.', 'Mike') fits an entry's forenames."""
    given = entry.forenames.split()
    if not given:
        return True
    if len(name.rstrip(".")) == 1:
        return given[0][:1] == name[:1]
    return name in entry.given_names()


def _candidates(people: list[Participant], lists: Lists,
                adopted: dict[str, PersonEntry]) -> list[Person]:
    """Everyone the text may mention: the participants, then the list's other entries."""
    found = []
    for person in people:
        entry = adopted.get(person.id)
        names = {a for a in person.aliases if " " not in a and a[:1].isupper()}
        if person.name:
            names.add(person.surname)
        full = {person.name} if len(person.name.split()) > 1 else set()
        if entry is not None:
            full |= entry.full_names()
        label = entry.entry if entry is not None else person.main
        if names or full:
            found.append(Person(person.id, label, full, names, entry))
    for entry in lists.persons:
        if entry.id not in adopted:
            found.append(Person(entry.id, entry.entry, entry.full_names(), {entry.surname},
                                entry))
    return found


# --- linking ------------------------------------------------------------------------------

def link_mentions(root: etree._Element, people: list[Participant], lists: Lists,
                  adopted: dict[str, PersonEntry], doc_id: str,
                  locate: Callable[[etree._Element], Location]) -> Mentions:
    """Wrap the mentions in the text of ``root`` (a TEI document); returns what was linked.

    ``locate`` gives the source location of an element, for the findings."""
    persons = _candidates(people, lists, adopted)
    text = root.find(f"{{{TEI_NS}}}text")
    assert text is not None
    lower_words = set(re.findall(r"\b[a-z][\w’']*", "".join(str(t) for t in text.itertext())))
    linker = _Linker(persons, lists.terms, doc_id, lower_words,
                     {n.get(XML_ID, "") for n in text.iter(f"{{{TEI_NS}}}note")})
    mentions = Mentions()
    for container in _containers(text):
        for pieces in _segments(container):
            string = "".join(_get(p) for p in pieces)
            if not string:  # most runs: an element's empty text or tail
                continue
            for match in reversed(linker.matches(string, container, mentions, locate)):
                _wrap(container, pieces, match)
    return mentions


def _containers(text: etree._Element) -> list[etree._Element]:
    """The elements whose own text may hold mentions, in document order."""
    return [e for e in text.iter(etree.Element) if e.tag not in SKIP
            and not any(a.tag in SKIP for a in e.iterancestors())]


class _Linker:
    """Finds the mentions in one string of text."""

    def __init__(self, persons: list[Person], terms: tuple[TermEntry, ...], doc_id: str,
                 lower_words: set[str], notes: set[str]) -> None:
        self.owners: dict[str, list[Person]] = {}
        for person in persons:
            for form in person.full_forms | person.surnames:
                if person not in self.owners.setdefault(form, []):
                    self.owners[form].append(person)
        self.bare = {form for p in persons for form in p.surnames}
        forms = sorted(self.owners, key=len, reverse=True)
        self.names = re.compile(NAME_START + "(?:" + "|".join(map(re.escape, forms)) + ")"
                                + NAME_END) if forms else None
        self.terms = {t.term: t for t in reversed(terms)}
        alternatives = "|".join(map(re.escape, sorted(self.terms, key=len, reverse=True)))
        self.term_pattern = re.compile(TERM.format(term=f"(?P<term>{alternatives})")) \
            if self.terms else None
        self.doc_id = doc_id
        self.lower_words = lower_words
        self.notes = notes
        self.volume = ""  # the other volume cited last, for "ibid."

    def matches(self, string: str, container: etree._Element, mentions: Mentions,
                locate: Callable[[etree._Element], Location]) -> list[_Match]:
        """The mentions in ``string``, in order, none overlapping another."""
        taken: list[_Match] = []
        for match in [*self._references(string), *self._names(string, container, mentions,
                                                               locate), *self._terms(string)]:
            if not any(match.start < m.end and m.start < match.end for m in taken):
                taken.append(match)
        for match in taken:
            if isinstance(match.entity, Person):
                mentions.persons[match.entity.id] = match.entity
            elif isinstance(match.entity, TermEntry):
                mentions.terms[match.entity.id] = match.entity
        return sorted(taken, key=lambda m: m.start)

    def _names(self, string: str, container: etree._Element, mentions: Mentions,
               locate: Callable[[etree._Element], Location]) -> Iterator[_Match]:
        if self.names is None:
            return
        for found in self.names.finditer(string):
            form = found.group()
            owners = self.owners[form]
            if form in self.bare and not self._is_a_name(string, found.start(), found.end()):
                continue
            if len({p.id for p in owners}) > 1:
                self._ambiguous(form, owners, container, mentions, locate)
                continue
            yield _Match(found.start(), found.end(), "persName", {"ref": f"#{owners[0].id}"},
                         owners[0])

    def _is_a_name(self, string: str, start: int, end: int) -> bool:
        """Whether a surname standing alone is the person: not a word of an institution's
        name ('the Petrov Library'), and, when it is also a common word, after a title."""
        following = string[end:].split(maxsplit=1)
        if following and following[0].strip(".,;:") in INSTITUTION_WORDS:
            return False
        form = string[start:end]
        if form not in COMMON_WORDS and form.lower() not in self.lower_words:
            return True
        before = string[:start].split()
        title = before[-1].rstrip(".") if before else ""
        return title[:1].isupper() and (title in TITLE_WORDS or title.isupper())

    def _ambiguous(self, form: str, owners: list[Person], container: etree._Element,
                   mentions: Mentions, locate: Callable[[etree._Element], Location]) -> None:
        if form in mentions.ambiguous:
            return
        mentions.ambiguous[form] = owners
        mentions.findings.append(Finding(
            "enrich:ambiguous-name", Severity.WARNING,
            f"'{form}' may be any of {', '.join(repr(p.label) for p in owners)}; "
            "not linked (write the forename to link it)", locate(container)))

    def _terms(self, string: str) -> Iterator[_Match]:
        if self.term_pattern is None:
            return
        for found in self.term_pattern.finditer(string):
            entry = self.terms[found.group("term")]
            yield _Match(found.start(), found.end(), "gloss", {"target": f"#{entry.id}"}, entry)

    def _references(self, string: str) -> Iterator[_Match]:
        """Cross-references, in the order they win where they overlap (see :meth:`matches`):
        other volumes, notes of other documents, documents of this volume, notes of this
        document."""
        if not any(word in string for word in REFERENCE_WORDS):
            return  # most text cites nothing: no pattern is tried on it
        for match in sorted([*VOLUME.finditer(string), *IBID.finditer(string)],
                            key=lambda m: m.start()):
            self.volume = self._volume(match)
            if match.group("docs") is None:  # an appendix: the volume itself
                yield _Match(match.start(), match.end(), "ref", {"target": self.volume})
            else:
                yield from self._document_list(string, match, f"{self.volume}#d")
        for match in FOOTNOTE.finditer(string):
            yield _Match(match.start(), match.end(), "ref", {
                "target": f"#d{match.group('n')}fn{match.group('fn')}"})
        for match in DOCUMENTS.finditer(string):
            yield from self._document_list(string, match, "#d")
        for match in OWN_NOTE.finditer(string):
            note = f"{self.doc_id}fn{match.group('fn')}"
            if note in self.notes:
                yield _Match(match.start(), match.end(), "ref", {"target": f"#{note}"})

    def _volume(self, match: re.Match[str]) -> str:
        """The Office of the Historian's id of the volume a citation names
        ('frus1969-76v14', 'frus1952-54v02p1'); "ibid." is the volume cited before it."""
        if "first" not in match.re.groupindex:
            return self.volume
        first, last = match.group("first"), match.group("last")
        years = f"{first}-{last[-2:]}" if last else first
        number = match.group("vol")
        volume = int(number) if number.isdigit() else _roman(number)
        part = match.group("part")
        part_number = "" if not part else part if part.isdigit() else str(_roman(part))
        return f"frus{years}v{volume:02d}" + (f"p{part_number}" if part_number else "")

    def _document_list(self, string: str, match: re.Match[str], prefix: str) -> list[_Match]:
        """A ref for the first document number (with the words before it) and one for each
        number that continues the list.  A plural followed by one long number is a range
        whose dash the copy lost ('Documents 104106' for 104–106)."""
        numbers = [(match.start(), match.end("n"), match.group("n"))]
        at = match.end()
        while more := MORE_NUMBERS.match(string, at):
            numbers.append((more.start("n"), more.end("n"), more.group("n")))
            at = more.end()
        if match.group("docs") == "Documents" and len(numbers) == 1:
            numbers = _split_lost_dash(*numbers[0])
        return [_Match(start, end, "ref", {"target": f"{prefix}{n}"})
                for start, end, n in numbers]


def _split_lost_dash(start: int, end: int, digits: str) -> list[tuple[int, int, str]]:
    """'104106' as 104 and 106 (halves of one length, the second a little larger)."""
    half = len(digits) // 2
    first, second = digits[:half], digits[half:]
    if len(digits) % 2 == 0 and half >= 2 and first[0] != "0" and \
            0 < int(second) - int(first) <= 50:
        return [(start, end - half, first), (end - half, end, second)]
    return [(start, end, digits)]


def _roman(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v
               for i, v in enumerate(values))


# --- wrapping characters in elements --------------------------------------------------------

#: Where a piece of text lives: an element's text ("text") or the tail of a child ("tail").
_Piece = tuple[etree._Element, str]


def _segments(container: etree._Element) -> list[list[_Piece]]:
    """The runs of a container's own text that a mention may span: its text and the tails of
    its children, broken at every child but a page break."""
    runs: list[list[_Piece]] = [[(container, "text")]]
    for child in container:
        if child.tag not in TRANSPARENT:
            runs.append([])
        runs[-1].append((child, "tail"))
    return runs


def _get(piece: _Piece) -> str:
    node, where = piece
    return (node.text if where == "text" else node.tail) or ""


def _set(piece: _Piece, value: str) -> None:
    node, where = piece
    if where == "text":
        node.text = value or None
    else:
        node.tail = value or None


def _wrap(container: etree._Element, pieces: list[_Piece], match: _Match) -> None:
    """Put the characters ``match.start:match.end`` of a run into a new element (with the page
    breaks between them).  Later parts of the run may change; earlier ones do not."""
    at, first, last = 0, -1, -1
    starts = []
    for index, piece in enumerate(pieces):
        starts.append(at)
        length = len(_get(piece))
        if first < 0 and match.start < at + length:
            first = index
        if first >= 0 and match.end <= at + length:
            last = index
            break
        at += length
    head, tail = _get(pieces[first]), _get(pieces[last])
    a, b = match.start - starts[first], match.end - starts[last]
    element = etree.Element(f"{{{TEI_NS}}}{match.tag}", match.attributes)
    holder = pieces[first][0]
    index = 0 if pieces[first][1] == "text" else container.index(holder) + 1
    if first == last:
        element.text, element.tail = head[a:b], head[b:] or None
    else:
        element.text = head[a:] or None
        end_node = pieces[last][0]
        moved = list(container)[index:container.index(end_node) + 1]
        end_node.tail, element.tail = tail[:b] or None, tail[b:] or None
        for node in moved:
            element.append(node)
    _set(pieces[first], head[:a])
    container.insert(index, element)


# --- the header's lists ---------------------------------------------------------------------

def mentioned_persons(mentions: Mentions, participant_ids: set[str]) -> etree._Element | None:
    """A ``listPerson type="mentioned"`` of the list's entries the text mentions (not the
    participants, whom the header lists already)."""
    people = [p for p in mentions.persons.values()
              if p.id not in participant_ids and p.entry is not None]
    if not people:
        return None
    listing = _tei("listPerson", type="mentioned")
    for person in sorted(people, key=lambda p: p.label):
        assert person.entry is not None
        element = _tei("person", **{XML_ID: person.id})
        name = etree.SubElement(element, f"{{{TEI_NS}}}persName")
        surname = etree.SubElement(name, f"{{{TEI_NS}}}surname")
        surname.text = person.entry.surname
        if person.entry.forenames:
            surname.tail = ", "
            etree.SubElement(name, f"{{{TEI_NS}}}forename").text = person.entry.forenames
        if person.entry.description:
            etree.SubElement(element, f"{{{TEI_NS}}}occupation").text = \
                person.entry.description
        listing.append(element)
    return listing


def terms_list(mentions: Mentions) -> etree._Element | None:
    """A ``list type="terms"``: each term the text uses, with what it stands for."""
    if not mentions.terms:
        return None
    listing = _tei("list", type="terms")
    for entry in sorted(mentions.terms.values(), key=lambda t: t.term):
        item = etree.SubElement(listing, f"{{{TEI_NS}}}item", {XML_ID: entry.id})
        term = etree.SubElement(item, f"{{{TEI_NS}}}term")
        term.text, term.tail = entry.term, ", "
        etree.SubElement(item, f"{{{TEI_NS}}}gloss").text = entry.expansion
    return listing


def unmentioned(mentions: Mentions, lists: Lists, participant_ids: set[str]) -> list[Finding]:
    """One finding for each list with entries this document never mentions, naming them."""
    findings = []
    for kind, entries, used in (
            ("persons", [(e.entry, e.location) for e in lists.persons
                         if e.id not in mentions.persons and e.id not in participant_ids],
             lists.persons),
            ("terms", [(e.term, e.location) for e in lists.terms
                       if e.id not in mentions.terms], lists.terms)):
        if entries:
            findings.append(Finding(
                "enrich:unmentioned", Severity.INFO,
                f"{len(entries)} of the {len(used)} entries of the {kind} list are not "
                f"mentioned: {'; '.join(name for name, _ in entries)}",
                Location(entries[0][1].file)))
    return findings


def _tei(tag: str, **attributes: str) -> etree._Element:
    return etree.Element(f"{{{TEI_NS}}}{tag}", attributes)
