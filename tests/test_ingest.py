"""ingest: plain text → positioned document model."""

from __future__ import annotations

import pytest

from pipeline.findings import PipelineError
from pipeline.ingest import (
    Block,
    BulletList,
    Chars,
    Mark,
    PageMarker,
    Pos,
    decode_text,
    ingest_file,
    ingest_text,
)
from pipeline.resources import SAMPLE

DOC = """\
12. Memorandum of Conversation1


Washington, July 11, 1986

  • U.S. Side

    • The Chair
  • Other Side

    • Ambassador Guest

The Chair said the talks began in 1982, on July 25. This was July 11.2

[Page 40]

Guest replied that he agreed with the Chair in 1968.3 Then he went to Bessa[Page 41]rabia.

  1. Source: An Archive, A Collection. Secret. Drafted by Someone.
  2. A note citing Documents 104–106, with “1. a numbered sentence 2. and another.”
  3. Last note.
"""


def marks(text: str) -> list[tuple[int, Pos]]:
    doc = ingest_text(text, "t.txt")
    return [(p.n, p.pos) for t in doc.texts() for p in t.content if isinstance(p, Mark)]


def test_heading_number_and_dateline_are_read() -> None:
    doc = ingest_text(DOC, "t.txt")
    assert doc.number == "12"
    assert doc.heading.plain() == "12. Memorandum of Conversation"
    assert doc.dateline is not None and doc.dateline.plain() == "Washington, July 11, 1986"


def test_marks_are_found_after_words_numbers_and_punctuation_but_years_stay_text() -> None:
    assert marks(DOC) == [(1, Pos(1, 31)), (2, Pos(13, 70)), (3, Pos(17, 53))]
    doc = ingest_text(DOC, "t.txt")
    paragraph = next(p for p in doc.parts if isinstance(p, Block)).text.plain()
    assert "in 1982, on July 25. This was July 11." in paragraph


def test_footnote_text_with_numbered_sentences_is_one_footnote() -> None:
    doc = ingest_text(DOC, "t.txt")
    assert [n.n for n in doc.footnotes] == [1, 2, 3]
    assert doc.footnotes[1].text.plain().endswith("2. and another.”")


def test_page_markers_inline_mid_word_and_on_their_own_line() -> None:
    doc = ingest_text(DOC, "t.txt")
    page_block = [p for p in doc.parts if isinstance(p, Block) and p.kind == "page"]
    assert [p.text.content[0] for p in page_block] == [PageMarker("40", Pos(15, 1))]
    last = [p for p in doc.parts if isinstance(p, Block)][-1].text
    pieces = [p for p in last.content if not isinstance(p, Mark)]
    assert pieces[-3:] == [Chars(" Then he went to Bessa", Pos(17, 54)),
                           PageMarker("41", Pos(17, 76)), Chars("rabia.", Pos(17, 85))]


def test_participants_list_is_a_tree_of_sides() -> None:
    doc = ingest_text(DOC, "t.txt")
    people = next(p for p in doc.parts if isinstance(p, BulletList))
    assert [(i.text.plain(), [c.text.plain() for c in i.children]) for i in people.items] == \
        [("U.S. Side", ["The Chair"]), ("Other Side", ["Ambassador Guest"])]


def test_a_lost_mark_is_reported_and_does_not_hide_the_next_one() -> None:
    doc = ingest_text(DOC.replace("July 11.2", "July 11."), "t.txt")
    assert [(f.rule_id, f.location.line) for f in doc.findings] == \
        [("ingest:note-without-mark", 20)]
    assert [n for n, _ in marks(DOC.replace("July 11.2", "July 11."))] == [1, 3]


def test_numbered_body_paragraphs_are_not_footnotes() -> None:
    text = "5. Telegram1\n\n1. Secret—Entire text.\n\n2. Ambassador should act.2\n\n" \
           "  1. Source: Archive. Secret.\n  2. Note two.\n"
    doc = ingest_text(text, "t.txt")
    assert [n.n for n in doc.footnotes] == [1, 2]
    assert [b.text.plain() for b in doc.parts if isinstance(b, Block)] == \
        ["1. Secret—Entire text.", "2. Ambassador should act."]


@pytest.mark.parametrize(("data", "rule", "line", "column"), [
    (b"", "ingest:empty", 1, 1),
    (b"\n  \n\t\n", "ingest:empty", 1, 1),
    (b"ab\x00cd", "ingest:binary", 1, 3),
    (b"ok\nbad \xff byte", "ingest:encoding", 2, 5),
    (b"  \xe2\x80\xa2 a bullet first\n", "ingest:no-heading", 1, 1),
])
def test_input_that_is_not_a_document_fails_with_file_line_and_column(
        tmp_path, data: bytes, rule: str, line: int, column: int) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(PipelineError) as raised:
        ingest_file(path)
    finding = raised.value.findings[0]
    assert (finding.rule_id, finding.location.file, finding.location.line,
            finding.location.column) == (rule, str(path), line, column)


def test_bom_and_crlf_are_normalised_and_nothing_else_changes() -> None:
    assert decode_text("\ufeff1. T\r\nx\ry\n".encode(), "t") == "1. T\nx\ny\n"


def test_the_sample_has_five_marks_and_ten_page_markers() -> None:
    doc = ingest_file(SAMPLE)
    found = [p for t in doc.texts() for p in t.content]
    assert [m.n for m in found if isinstance(m, Mark)] == [1, 2, 3, 4, 5]
    assert [p.n for p in found if isinstance(p, PageMarker)] == [str(n) for n in range(1050, 1060)]
    assert doc.findings == []


def test_a_control_character_xml_cannot_hold_fails_at_its_line_and_column() -> None:
    with pytest.raises(PipelineError) as raised:
        ingest_text("1. Memo\n\nThe talks\x08 went well.\n", "t.txt")
    finding = raised.value.findings[0]
    assert (finding.rule_id, finding.location.line, finding.location.column) == \
        ("ingest:control-character", 3, 10)


def test_numbers_glued_to_words_without_a_footnote_are_reported_as_stray_marks() -> None:
    text = DOC.replace("This was July 11.2", "This was July 11.2 Word7 and word.”8 and "
                       "a.b9 x7 under_4 ab1234 Mé42\tEnd.)5 Two.”)6")
    found = [(f.location.column, f.message.split("'")[1]) for f in ingest_text(text, "t.txt")
             .findings if f.rule_id == "ingest:mark-without-note"]
    line = text.splitlines()[12]
    assert found == [(line.index(word) + len(word) - len(n) + 1, word) for word, n in
                     (("Word7", "7"), ("word.”8", "8"), ("Mé42", "42"), ("End.)5", "5"))]
