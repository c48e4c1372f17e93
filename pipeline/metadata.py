"""Metadata: structured facts from a FRUS source note and dateline, for the TEI header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ingest import MONTH
from .vocabulary import CLASSIFICATION_WORDS

__all__ = ["Dateline", "SourceFacts", "parse_dateline", "parse_source_note"]

SENTENCE = re.compile(r"(?<=\.)\s+(?=[A-Z(])")
RESPONSIBILITY = re.compile(r"^(?P<role>[Dd]rafted|[Cc]leared|[Aa]pproved|[Ss]ent|[Tt]yped)"
                            r"(?: in draft)? by (?P<names>.+?)\.?$")
PLACE = re.compile(r"^The (?:\w+ ){0,2}(?:meeting|conversation|luncheon|lunch|dinner|"
                   r"discussion|talks?|session|call) (?:took place|was held) (?:in|at) "
                   r"(?P<place>.+?)\.?$")
MONTHS = ("January February March April May June July August September October November "
          "December").split()


@dataclass
class SourceFacts:
    """What a source note ('Source: Archive, Collection, File. Secret. Drafted by …') says."""

    citation: str = ""
    repository: str = ""
    collection: str = ""
    file: str = ""
    classification: str = ""
    responsibility: list[tuple[str, list[str]]] = field(default_factory=list)
    place: str = ""


def parse_source_note(text: str) -> SourceFacts | None:
    """Parse a note starting with 'Source:'; None when the note is not a source note."""
    body = text.strip()
    if not body.startswith("Source:"):
        return None
    body = body[len("Source:"):].strip()
    facts = SourceFacts()
    sentences = SENTENCE.split(body)
    classified = next((i for i, s in enumerate(sentences) if s.startswith(CLASSIFICATION_WORDS)),
                      None)
    citation_end = classified if classified is not None else 1
    facts.citation = " ".join(sentences[:citation_end]).rstrip(".")
    parts = [p.strip() for p in facts.citation.split(",")]
    facts.repository = parts[0]
    facts.collection = parts[1] if len(parts) > 1 else ""
    facts.file = ", ".join(parts[2:])
    for index, sentence in enumerate(sentences[citation_end:], start=citation_end):
        if index == classified:
            facts.classification = sentence.rstrip(".")
            continue
        for clause in sentence.rstrip(".").split(";"):
            if (match := RESPONSIBILITY.match(clause.strip())) is not None:
                names = re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group("names"))
                facts.responsibility.append((match.group("role").lower(), [n for n in names if n]))
        if (match := PLACE.match(sentence)) is not None:
            facts.place = match.group("place")
    return facts


@dataclass(frozen=True)
class Dateline:
    """A parsed dateline: the place as printed and machine-readable date/time attributes."""

    place: str
    date_text: str
    when: str = ""
    start: str = ""
    end: str = ""


DATE = re.compile(rf"(?P<month>{MONTH})\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})")
CLOCK = r"\d{1,2}(?::\d\d)?"
MERIDIEM = r"[ap]\.\s?m\."
#: One time ("10:30 a.m.", "1857Z") or a range ("11 a.m.–1 p.m.", "3:15–4:40 p.m.").
TIME = re.compile(rf"(?P<z>\d{{4}})Z\b|(?P<start>{CLOCK})\s*(?P<start_m>{MERIDIEM})?"
                  rf"(?:\s*[–-]\s*(?P<end>{CLOCK})\s*(?P<end_m>{MERIDIEM}))?", re.IGNORECASE)


def parse_dateline(text: str) -> Dateline:
    """Parse 'Washington, July 28, 1986, 10:30 a.m.–12:05 p.m.' into place, date and times."""
    date = DATE.search(text)
    if date is None:
        return Dateline("", text.strip())
    place = text[:date.start()].strip().rstrip(",").strip()
    day = (f"{date.group('year')}-{MONTHS.index(date.group('month')) + 1:02d}-"
           f"{int(date.group('day')):02d}")
    date_text = text[date.start():].strip()
    match = next((m for m in TIME.finditer(text, date.end())
                  if m.group("z") or m.group("start_m") or m.group("end_m")), None)
    if match is None:
        return Dateline(place, date_text, when=day)
    if match.group("z"):
        zulu = match.group("z")
        return Dateline(place, date_text, when=f"{day}T{zulu[:2]}:{zulu[2:]}:00Z")
    if not match.group("end"):
        return Dateline(place, date_text,
                        when=f"{day}T{_clock(match.group('start'), match.group('start_m'))}")
    end_m = match.group("end_m")
    start = _clock(match.group("start"), match.group("start_m") or end_m)
    end = _clock(match.group("end"), end_m)
    if start > end and not match.group("start_m"):  # "11–1 p.m.": the start is a.m.
        start = _clock(match.group("start"), "a.m.")
    return Dateline(place, date_text, start=f"{day}T{start}", end=f"{day}T{end}")


def _clock(clock: str, meridiem: str) -> str:
    """'3:15' and 'p.m.' → '15:15:00'."""
    hours, _, minutes = clock.partition(":")
    hour = int(hours) % 12 + (12 if meridiem.lower().startswith("p") else 0)
    return f"{hour:02d}:{int(minutes or 0):02d}:00"
