"""participants: entries split into title, name and function; every form a person goes by."""

from __future__ import annotations

import pytest

from pipeline.ingest import ingest_text
from pipeline.participants import (
    find_aliases,
    participants_list,
    participants_of,
    split_title_and_name,
)


@pytest.mark.parametrize(("entry", "title", "name"), [
    ("Deputy FM Smirnov", "Deputy FM", "Smirnov"),
    ("The Secretary", "The Secretary", ""),
    ("S/P Director Lake", "S/P Director", "Lake"),
    ("D. Ivanov", "", "D. Ivanov"),
    ("ASD Richard Roe", "ASD", "Richard Roe"),
    ("SOV Dep Dir Brown", "SOV Dep Dir", "Brown"),
    ("Dep FonMin Petrov", "Dep FonMin", "Petrov"),
    ("Minister-Counselor Orlov", "Minister-Counselor", "Orlov"),
    ("Second Secretary Vitaly Kuzmin", "Second Secretary", "Vitaly Kuzmin"),
])
def test_titles_are_split_from_names(entry: str, title: str, name: str) -> None:
    assert split_title_and_name(entry) == (title, name)


LIST = """1. Memorandum of Conversation

  • Our Side

    • The Secretary
    • D. Ivanov, Interpreter
    • Bruce Brown (SOV) (notetaker)
  • Their Side

    • Deputy FM Smirnov
    • First Secretary Orlov

Secretary Adams replied that he agreed. Deputy Secretary Grey was silent.
"""


def test_entries_keep_side_function_and_parenthetical_notes() -> None:
    doc = ingest_text(LIST, "t.txt")
    people = participants_of(participants_list(doc.parts))
    assert [(p.id, p.side, p.function, p.notes) for p in people] == [
        ("secretary", "Our Side", "", []),
        ("ivanov", "Our Side", "Interpreter", []),
        ("brown", "Our Side", "", ["SOV", "notetaker"]),
        ("smirnov", "Their Side", "", []),
        ("orlov", "Their Side", "", []),
    ]


def test_a_role_only_participant_learns_its_name_from_the_text() -> None:
    doc = ingest_text(LIST, "t.txt")
    people = participants_of(participants_list(doc.parts))
    find_aliases(people, [LIST.splitlines()[-1]])
    secretary = people[0]
    assert {"Adams", "Secretary Adams", "The Secretary", "the Secretary"} <= secretary.forms()
    assert "Grey" not in secretary.forms()  # "Deputy Secretary Grey" is someone else


def test_a_subject_list_is_not_a_participants_list() -> None:
    doc = ingest_text("1. Memo\n\nSUBJECT\n  • Next Steps\n\nText.\n", "t.txt")
    assert participants_list(doc.parts) is None


def test_a_plain_list_under_a_participants_line_is_one_group() -> None:
    text = ("3. Memorandum of Conversation\n\nPARTICIPANTS\n\n  • The President\n"
            "  • Ambassador Orlov\n\nThe President said he was glad.\n")
    doc = ingest_text(text, "t.txt")
    people_list = participants_list(doc.parts)
    assert people_list is not None and people_list.label is not None
    assert people_list.label.plain() == "PARTICIPANTS"
    assert [(p.id, p.side, p.title, p.name) for p in participants_of(people_list)] == [
        ("president", None, "The President", ""), ("orlov", None, "Ambassador", "Orlov")]
