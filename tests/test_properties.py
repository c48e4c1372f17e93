"""Property-based tests: generated FRUS-shaped documents round-trip and validate; mutated
ones convert or fail cleanly (a PipelineError with a location), never anything else."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.encode import encode, serialize_tei
from pipeline.findings import PipelineError
from pipeline.ingest import ingest_text
from pipeline.render import render
from pipeline.validate import validate_xml
from pipeline.vocabulary import SPEECH_VERBS, TITLE_WORDS

NAME = st.from_regex(r"[A-Z][a-z]{3,9}", fullmatch=True).filter(
    lambda w: w not in TITLE_WORDS and w.lower() not in SPEECH_VERBS)
WORD = st.from_regex(r"[a-z]{2,9}", fullmatch=True)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def frus_documents(draw: st.DrawFn) -> str:
    """A memorandum of conversation: heading with mark 1, optional dateline, participants by
    side, paragraphs with marks and page markers (inline, mid-word, or on their own line),
    and the footnotes."""
    number = draw(st.integers(1, 999))
    lines = [f"{number}. Memorandum of Conversation1", "", ""]
    if draw(st.booleans()):
        lines += [f"Washington, July {draw(st.integers(1, 28))}, {draw(st.integers(1950, 1999))}",
                  ""]
    names = draw(st.lists(NAME, min_size=2, max_size=6, unique=True))
    half = len(names) // 2
    for side, members in (("First Side", names[:half]), ("Second Side", names[half:])):
        lines += [f"  • {side}", ""] + [f"    • Ambassador {name}" for name in members]
    lines.append("")
    page, note = draw(st.integers(2, 900)), 2
    for _ in range(draw(st.integers(1, 8))):
        words = draw(st.lists(WORD, min_size=3, max_size=25))
        if draw(st.booleans()):  # a page break inside a word
            at = draw(st.integers(0, len(words) - 1))
            word = words[at]
            cut = draw(st.integers(1, max(1, len(word) - 1)))
            words[at] = f"{word[:cut]}[Page {page}]{word[cut:]}"
            page += 1
        sentence = f"{draw(st.sampled_from(names))} said that {' '.join(words)}."
        if draw(st.booleans()):
            sentence += str(note)
            note += 1
        lines += [sentence, ""]
        if draw(st.booleans()):
            lines += [f"[Page {page}]", ""]
            page += 1
    notes = [f"  1. Source: An Archive, Some Papers. Secret. Drafted by {names[0]}."]
    notes += [f"  {n}. {' '.join(draw(st.lists(WORD, min_size=1, max_size=12)))}."
              for n in range(2, note)]
    return "\n".join(lines + notes) + "\n"


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@SETTINGS
@given(frus_documents())
def test_a_generated_document_round_trips_and_its_tei_is_valid(text: str) -> None:
    encoded = encode(ingest_text(text, "generated.txt"))
    data = serialize_tei(encoded.tree)
    assert validate_xml(data, "generated.tei.xml") == []
    rendered = render(etree.fromstring(data).getroottree(), "generated", ["txt"])
    assert folded(rendered.outputs["txt"]) == folded(text)
    footnotes = len(re.findall(r"^  \d+\. ", text, re.M))
    assert len(encoded.tree.findall(".//{*}body//{*}note")) == footnotes


MUTATIONS = st.sampled_from(["delete", "insert", "duplicate-line", "swap-lines", "truncate"])


@SETTINGS
@given(frus_documents(), MUTATIONS, st.integers(0, 10**6), st.text(min_size=1, max_size=5))
def test_a_mutated_document_converts_or_fails_cleanly(text: str, mutation: str, where: int,
                                                      noise: str) -> None:
    mutated = mutate(text, mutation, where, noise)
    try:
        encoded = encode(ingest_text(mutated, "mutated.txt"))
    except PipelineError as exc:
        assert all(f.location.file == "mutated.txt" and f.location.line > 0
                   for f in exc.findings)
        return
    render(encoded.tree, "mutated")


def mutate(text: str, mutation: str, where: int, noise: str) -> str:
    at = where % (len(text) + 1)
    lines = text.split("\n")
    line = where % len(lines)
    if mutation == "delete":
        return text[:at] + text[at + len(noise):]
    if mutation == "insert":
        return text[:at] + noise + text[at:]
    if mutation == "duplicate-line":
        return "\n".join(lines[:line + 1] + lines[line:])
    if mutation == "swap-lines":
        other = (line * 7 + 3) % len(lines)
        lines[line], lines[other] = lines[other], lines[line]
        return "\n".join(lines)
    return text[:at]
