"""Participants: split each entry of a participants list into title, name and function, and
collect every form under which the text refers to that person."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from .ids import slug, unique_id
from .ingest import BulletList, ListItem, Pos
from .vocabulary import TITLE_WORDS

__all__ = [
    "Participant",
    "ambiguous_forms",
    "find_aliases",
    "participants_list",
    "participants_of",
]

PARTICIPANT_LABEL = re.compile(r"participants?", re.IGNORECASE)
ENTRY = re.compile(r"^(?P<main>[^,(]*?)\s*(?:,\s*(?P<function>[^()]*?))?\s*"
                   r"(?P<notes>(?:\([^)]*\)\s*)*)$")


@dataclass
class Participant:
    """One person of a participants list."""

    id: str
    entry: str
    pos: Pos
    side: str | None
    title: str
    name: str
    function: str = ""
    notes: list[str] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)

    @property
    def main(self) -> str:
        """Title and name as printed, without function or parenthetical notes."""
        return f"{self.title} {self.name}".strip()

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.name else ""

    def forms(self) -> set[str]:
        """Every string that refers to this person in running text."""
        forms = {self.main} | self.aliases
        if self.name:
            forms |= {self.name, self.surname, f"{self.title.split()[-1]} {self.surname}"
                      if self.title else self.surname}
        else:
            role = _without_article(self.title)
            forms |= {f"the {role}", f"The {role}"}
        return {f for f in forms if f}


def participants_list(parts: Iterable[object]) -> BulletList | None:
    """The document's participants list: the first bulleted list labelled 'participants' or
    with no label, when its entries look like people (not a SUBJECT list)."""
    for part in parts:
        if isinstance(part, BulletList):
            label = part.label.plain() if part.label else ""
            if not label or PARTICIPANT_LABEL.search(label):
                return part
    return None


def participants_of(people: BulletList) -> list[Participant]:
    """Participants of a list: entries with nested entries are sides, the rest are people."""
    found: list[Participant] = []
    taken: set[str] = set()
    for item in people.items:
        if item.children:
            side = item.text.plain().strip()
            found.extend(_person(child, side, taken) for child in _leaves(item.children))
        else:
            found.append(_person(item, None, taken))
    return found


def _leaves(items: list[ListItem]) -> Iterable[ListItem]:
    for item in items:
        if item.children:
            yield from _leaves(item.children)
        else:
            yield item


def _person(item: ListItem, side: str | None, taken: set[str]) -> Participant:
    entry = item.text.plain().strip()
    match = ENTRY.match(entry)
    main, function, notes = (match.group("main"), match.group("function") or "",
                             match.group("notes")) if match else (entry, "", "")
    title, name = split_title_and_name(main)
    base = name.split()[-1] if name else _without_article(title)
    person_id = unique_id(slug(base, "person"), taken)
    return Participant(person_id, entry, item.text.pos, side, title, name, function.strip(),
                       re.findall(r"\(([^)]*)\)", notes))


def split_title_and_name(main: str) -> tuple[str, str]:
    """Split 'Deputy FM Petrov' into ('Deputy FM', 'Petrov'); a role with no
    name ('The Secretary') gives (role, '')."""
    tokens = main.split()
    cut = len(tokens)
    while cut > 0 and _is_name_token(tokens[cut - 1]):
        cut -= 1
    return " ".join(tokens[:cut]), " ".join(tokens[cut:])


def _is_name_token(token: str) -> bool:
    bare = token.rstrip(".,")
    if not bare or bare in TITLE_WORDS or not bare[0].isupper():
        return False
    is_initial = len(bare) == 1
    is_abbreviation = len(bare) > 1 and bare.replace("/", "").replace("-", "").isupper()
    return is_initial or not is_abbreviation


def find_aliases(people: list[Participant], texts: Iterable[str]) -> None:
    """Learn the name of a role-only participant from the text: with 'The Secretary' in the
    list, 'Secretary Smith replied' in the text makes 'Smith' and 'Secretary Smith' aliases."""
    known = {form for person in people for form in person.forms()}
    corpus = "\n".join(texts)
    for person in people:
        if person.name or not person.title:
            continue
        head = person.title.split()[-1]
        pattern = re.compile(rf"(?<![\w-])(?P<before>\w+\s+)?{re.escape(head)}\s+"
                             r"(?P<name>[A-Z][\w’'-]+)")
        names = Counter(
            m.group("name") for m in pattern.finditer(corpus)
            if m.group("name") not in TITLE_WORDS and m.group("name") not in known
            and not (m.group("before") and m.group("before").strip() in TITLE_WORDS))
        if names:
            name = names.most_common(1)[0][0]
            person.aliases |= {name, f"{head} {name}"}


def ambiguous_forms(people: list[Participant]) -> dict[str, list[Participant]]:
    """Forms that refer to more than one participant (two people named Smith), with them."""
    owners: dict[str, list[Participant]] = {}
    for person in people:
        for form in person.forms():
            owners.setdefault(form, []).append(person)
    return {form: owners[form] for form in sorted(owners) if len(owners[form]) > 1}


def _without_article(title: str) -> str:
    words = title.split()
    return " ".join(words[1:] if words and words[0].lower() in {"the", "a", "an"} else words)
