"""Lists: a volume's Persons and Abbreviations and Terms pages, copied as plain text.

One entry a line, as the pages print them::

    Petrov, Ivan A., Deputy Foreign Minister
    Smith, John F., Jr., Special Assistant to the President
    CSCE, Conference on Security and Cooperation in Europe

Each entry gets an ``xml:id`` derived from the entry itself (``p-petrov-ivan-a``,
``t-csce``), so that the same person or term has the same id in every document converted
with the same list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .files import read_input
from .findings import Finding, Location, PipelineError, Severity
from .ids import slug, unique_id
from .vocabulary import NAME_SUFFIXES, NICKNAMES, TITLE_WORDS

__all__ = ["Lists", "PersonEntry", "TermEntry", "read_lists", "read_persons", "read_terms"]

#: A bullet or dash a web page may leave before an entry.
BULLET = re.compile(r"^[\s•·*–—-]*")


@dataclass(frozen=True)
class PersonEntry:
    """A line of a Persons list: surname, forenames (a suffix such as Jr. included) and what
    the list says of the person."""

    id: str
    surname: str
    forenames: str
    description: str
    location: Location

    @property
    def entry(self) -> str:
        """The name as the list prints it ('Petrov, Ivan A.')."""
        return f"{self.surname}, {self.forenames}" if self.forenames else self.surname

    def given_names(self) -> set[str]:
        """The names the text may put before the surname: the first forename, its familiar
        forms ('Nick' for 'Nicholas'), and all the forenames as printed."""
        names = [n for n in self.forenames.split() if n.rstrip(".") not in NAME_SUFFIXES]
        if not names:
            return set()
        first = names[0].rstrip(",")
        found = {" ".join(names).rstrip(",")} if len(first) > 2 else set()
        if len(first.rstrip(".")) > 1:
            found |= {first, *NICKNAMES.get(first, ())}
        return found

    def full_names(self) -> set[str]:
        """The names the text may give in full: each of :meth:`given_names` + surname."""
        return {f"{given} {self.surname}" for given in self.given_names()}


@dataclass(frozen=True)
class TermEntry:
    """A line of an Abbreviations and Terms list: the term and what it stands for."""

    id: str
    term: str
    expansion: str
    location: Location


@dataclass(frozen=True)
class Lists:
    """The persons and terms a run links the text to (either may be empty)."""

    persons: tuple[PersonEntry, ...] = ()
    terms: tuple[TermEntry, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.persons or self.terms)


def read_lists(persons: Path | None, terms: Path | None) -> Lists:
    """Read the lists given on the command line.

    Raises:
        PipelineError: a file cannot be read or an entry is malformed (exit 2, located).
    """
    return Lists(read_persons(persons) if persons else (), read_terms(terms) if terms else ())


def read_persons(path: Path) -> tuple[PersonEntry, ...]:
    """The entries of a Persons list."""
    taken: set[str] = set()
    entries = []
    for location, fields in _entries(path, "Surname, Forenames, description"):
        surname, rest = fields[0], fields[1:]
        forenames = ""
        if rest and not _is_description(rest[0]):
            forenames = _without_titles(rest.pop(0))
            if rest and rest[0].rstrip(".") in NAME_SUFFIXES:
                forenames += f", {rest.pop(0)}"
        person_id = unique_id(f"p-{slug(f'{surname} {forenames}')}", taken)
        entries.append(PersonEntry(person_id, surname, forenames, ", ".join(rest), location))
    return tuple(entries)


def read_terms(path: Path) -> tuple[TermEntry, ...]:
    """The entries of an Abbreviations and Terms list."""
    taken: set[str] = set()
    return tuple(TermEntry(unique_id(f"t-{slug(fields[0])}", taken), fields[0],
                           ", ".join(fields[1:]), location)
                 for location, fields in _entries(path, "TERM, what it stands for"))


def _entries(path: Path, form: str) -> list[tuple[Location, list[str]]]:
    """The non-blank lines of a list, split at their commas, each with where it begins.

    Raises:
        PipelineError: the file is not UTF-8, or a line has no comma (exit 2).
    """
    data = read_input(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise PipelineError([Finding("lists:encoding", Severity.ERROR,
                                     "the list is not UTF-8 text",
                                     Location(str(path), row, column))], exit_code=2) from exc
    found, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        column = len(line) - len(BULLET.sub("", line, count=1)) + 1
        fields = [f.strip() for f in line[column - 1:].strip().split(",")]
        if not fields[0]:
            continue
        where = Location(str(path), number, column)
        if len(fields) < 2 or not all(fields):
            problems.append(Finding("lists:entry", Severity.ERROR,
                                    f"expected an entry '{form}', found {line.strip()!r}",
                                    where))
        else:
            found.append((where, fields))
    if problems:
        raise PipelineError(problems, exit_code=2)
    return found


def _is_description(field: str) -> bool:
    """Whether the field after a surname describes rather than names ('President', 'USAF')."""
    words = field.split()
    return not words[0][:1].isupper() or all(w.rstrip(".") in TITLE_WORDS for w in words) \
        or (len(words[0]) > 2 and words[0].isupper())


def _without_titles(forenames: str) -> str:
    """Forenames without a rank the list prints before them ('Colonel Robert E.')."""
    words = forenames.split()
    while len(words) > 1 and words[0].rstrip(".") in TITLE_WORDS:
        words.pop(0)
    return " ".join(words)
