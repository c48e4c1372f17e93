"""Speakers: decide whose words each paragraph of a memorandum of conversation reports."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .participants import Participant, ambiguous_forms
from .vocabulary import NARRATIVE_EVENTS, NARRATIVE_SUBJECTS, PRONOUNS, SPEECH_VERBS

__all__ = ["Attribution", "attribute_paragraphs"]

ADVERBS = r"(?:then|also|again|further|finally|first|later|immediately|briefly|quickly|" \
          r"simply|strongly|firmly|politely|once more)"
SENTENCE_END = re.compile(r"(?<!\bU\.S)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)"
                          r"(?<=[.!?])[”’\"]?\s+(?=[“\"A-Z\[])")


@dataclass(frozen=True)
class Attribution:
    """Who speaks in a paragraph and how sure the converter is.

    ``person`` is None for a narrative paragraph.  ``cert`` follows TEI's ``@cert`` values:
    ``high`` (named with a reporting verb in the first sentence), ``medium`` (named at the
    start, or continuing the previous speaker), ``low`` (a guess, or no speaker found: the
    report lists these).
    """

    person: Participant | None
    cert: str
    reason: str


NARRATIVE = Attribution(None, "high", "narrative")
UNATTRIBUTED = Attribution(None, "low", "no speaker found")


def attribute_paragraphs(paragraphs: Iterable[str | None],
                         people: list[Participant]) -> list[Attribution]:
    """Attribute each paragraph (given as its plain text) to a participant or to no one.

    A ``None`` stands for a break in the conversation (a sub-heading): it is narrative, and
    the paragraph after it does not continue the speaker before it.
    """
    matcher = _Matcher(people)
    previous: Participant | None = None
    result: list[Attribution] = []
    for text in paragraphs:
        attribution = NARRATIVE if text is None else matcher.attribute(text, previous)
        result.append(attribution)
        previous = attribution.person
    return result


class _Matcher:
    def __init__(self, people: list[Participant]) -> None:
        ambiguous = ambiguous_forms(people)
        self.by_form = {form: person for person in people for form in person.forms()
                        if form not in ambiguous}
        forms = sorted(self.by_form, key=len, reverse=True)
        names = "|".join(re.escape(f) for f in forms) or r"(?!)"
        verbs = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
        self.name = re.compile(rf"(?<![\w’'-])(?P<form>{names})(?![\w-])")
        self.speech = re.compile(rf"(?<![\w’'-])(?P<form>{names})(?:,)?\s+(?:{ADVERBS}\s+)?"
                                 rf"(?:{verbs})\b")
        self.joint = re.compile(rf"^(?:{names})\s+and\s+(?:{names})\b")
        self.pronoun = re.compile(rf"^(?:{'|'.join(PRONOUNS)})\s+(?:{ADVERBS}\s+)?(?:{verbs})\b")
        self.narrative = re.compile(rf"^[\[(]?(?:NOTE:|Note:|(?:The|A|An)\s+(?:\w+\s+)?"
                                    rf"(?:{'|'.join(NARRATIVE_SUBJECTS)})\b)")
        events = "|".join(re.escape(e).replace(r"\ ", rf"\s+(?:{ADVERBS}\s+)?")
                          for e in NARRATIVE_EVENTS)
        self.event = re.compile(rf"\b(?:{events})\b|\b\d{{1,2}}(?::\d\d)?\s*[ap]\.\s?m\.")
        self.any_verb = re.compile(rf"\b(?:{verbs})\b")

    def attribute(self, text: str, previous: Participant | None) -> Attribution:
        text = text.strip()
        if not self.by_form:
            return NARRATIVE
        first = SENTENCE_END.split(text, maxsplit=1)[0]
        if (hit := self.speech.search(first)) and not self.joint.match(text):
            return Attribution(self.by_form[hit.group("form")], "high", "named with a verb")
        if self.narrative.match(text) or self.joint.match(text):
            return NARRATIVE
        if (start := self.name.match(text)) is not None:
            return Attribution(self.by_form[start.group("form")], "medium", "named first")
        if self._reports_an_event(first, text):
            return NARRATIVE
        if previous is not None and self.pronoun.match(text):
            return Attribution(previous, "medium", "pronoun continues the previous speaker")
        if previous is not None:
            return Attribution(previous, "medium", "continues the previous speaker")
        if (hit := self.speech.search(text)) is not None:
            return Attribution(self.by_form[hit.group("form")], "low", "named later on")
        return UNATTRIBUTED

    def _reports_an_event(self, first: str, text: str) -> bool:
        """A paragraph that reports an event (a meal, a move, the end) and nobody's words: it
        names no one, its first sentence has an event and no reporting verb, and it is short."""
        return self.event.search(first) is not None and self.any_verb.search(first) is None \
            and self.name.search(text) is None and not self.pronoun.match(text) \
            and len(text.split()) <= 40

