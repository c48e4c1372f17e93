"""metadata: source notes and datelines as structured facts."""

from __future__ import annotations

from pipeline.metadata import Dateline, parse_dateline, parse_source_note


def test_a_source_note_gives_archive_classification_responsibility_and_place() -> None:
    facts = parse_source_note(
        "Source: Some Library, Some Papers, Box 4, 1986 File. Secret; Sensitive. Drafted by "
        "Ames; cleared by Bell, Cole, and Dunn; approved by Eve. The meeting took place in "
        "the Secretary’s office.")
    assert facts is not None
    assert (facts.repository, facts.collection, facts.file) == \
        ("Some Library", "Some Papers", "Box 4, 1986 File")
    assert facts.classification == "Secret; Sensitive"
    assert facts.responsibility == [("drafted", ["Ames"]), ("cleared", ["Bell", "Cole", "Dunn"]),
                                    ("approved", ["Eve"])]
    assert facts.place == "the Secretary’s office"


def test_a_note_that_is_not_a_source_note_gives_nothing() -> None:
    assert parse_source_note("See Document 12.") is None


def test_datelines_give_place_and_machine_readable_dates() -> None:
    assert parse_dateline("Washington, July 28, 1986, 10:30 a.m.–12:05 p.m.") == Dateline(
        "Washington", "July 28, 1986, 10:30 a.m.–12:05 p.m.", start="1986-07-28T10:30:00",
        end="1986-07-28T12:05:00")
    assert parse_dateline("Moscow, July 12, 1986, 1857Z").when == "1986-07-12T18:57:00Z"
    assert parse_dateline("Washington, July 10, 1986").when == "1986-07-10"
    assert parse_dateline("Washington, July 26, 1986, 11 a.m.–1 p.m.").start == \
        "1986-07-26T11:00:00"
    ranged = parse_dateline("Geneva, March 3, 1979, 3:15–4:40 p.m.")
    assert (ranged.start, ranged.end) == ("1979-03-03T15:15:00", "1979-03-03T16:40:00")
    assert parse_dateline("Bonn, May 1, 1980, 11–1 p.m.").start == "1980-05-01T11:00:00"
    assert parse_dateline("Rome, May 1, 1980, 9 a.m.").when == "1980-05-01T09:00:00"
