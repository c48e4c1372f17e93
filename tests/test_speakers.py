"""speakers: whose words each paragraph reports, and how sure that is."""

from __future__ import annotations

from pipeline.ingest import Pos
from pipeline.participants import Participant
from pipeline.speakers import attribute_paragraphs


def person(pid: str, title: str, name: str, aliases: set[str] | None = None) -> Participant:
    return Participant(pid, f"{title} {name}".strip(), Pos(1, 1), None, title, name,
                       aliases=aliases or set())


PEOPLE = [person("secretary", "The Secretary", "", {"Adams", "Secretary Adams"}),
          person("smirnov", "Deputy FM", "Smirnov"),
          person("orlov", "Ambassador", "Orlov")]


def who(*paragraphs: str | None) -> list[tuple[str | None, str]]:
    return [(a.person.id if a.person else None, a.cert)
            for a in attribute_paragraphs(paragraphs, PEOPLE)]


def test_a_name_with_a_reporting_verb_anywhere_in_the_first_sentence_speaks() -> None:
    assert who("After some informal banter, Smirnov thanked the Secretary.",
               "As the Secretary began to discuss the issues, Smirnov indicated that he agreed.",
               "Secretary Adams replied that they had indeed.",
               "The Secretary interjected that it was late.",
               "Orlov then asked if anyone wished to add anything.") == [
        ("smirnov", "high"), ("smirnov", "high"), ("secretary", "high"), ("secretary", "high"),
        ("orlov", "high")]


def test_a_paragraph_without_a_name_continues_the_previous_speaker() -> None:
    assert who("Smirnov said it was so.",
               "He continued that more was needed.",
               "Going down the list of topics, testing was discussed in Geneva.") == [
        ("smirnov", "high"), ("smirnov", "medium"), ("smirnov", "medium")]


def test_a_paragraph_that_reports_no_one_is_narrative() -> None:
    assert who("Smirnov said it was so.", "The meeting ended at 11:40 a.m.",
               "Orlov and Smirnov agreed.") == [("smirnov", "high"), (None, "high"),
                                                (None, "high")]


def test_a_sub_heading_breaks_the_conversation() -> None:
    """After a heading nobody continues: a paragraph naming no one is unattributed (low)."""
    assert who("Smirnov said it was so.", None, "Going on, trade was discussed.") == [
        ("smirnov", "high"), (None, "high"), (None, "low")]


def test_a_speaker_named_only_later_is_a_low_certainty_guess() -> None:
    assert who("Turning to trade, the issue was raised. Orlov said it mattered.") == \
        [("orlov", "low")]


def test_a_paragraph_naming_a_participant_first_is_theirs() -> None:
    assert who("The Secretary was not quite clear about the proposal.") == \
        [("secretary", "medium")]
