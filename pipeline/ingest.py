"""Ingest: FRUS-style plain text → a document model that keeps every character and its line:column.

The text is what a reader copies from a published FRUS web page: a numbered heading with
footnote marks, an optional dateline, bulleted lists (participants by side, or a SUBJECT
list), paragraphs separated by blank lines with ``[Page N]`` markers inline or on a line of
their own, and the footnotes numbered at the end.  Nothing is interpreted beyond that shape
here; deciding who speaks and what the source note means is the encoder's job.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .files import DEFAULT_MAX_INPUT_MB, read_input
from .findings import Finding, Location, PipelineError, Severity
from .vocabulary import COMPLIMENTARY_CLOSES, SALUTATION_WORDS

__all__ = [
    "Block",
    "BulletList",
    "Chars",
    "Document",
    "Footnote",
    "LineBreak",
    "ListItem",
    "Mark",
    "PageMarker",
    "Pos",
    "Text",
    "ingest_file",
    "ingest_text",
    "is_heading_like",
]


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column in the source text."""

    line: int
    column: int

    def shifted(self, columns: int) -> Pos:
        """The position ``columns`` characters further along the same line."""
        return Pos(self.line, self.column + columns)


@dataclass(frozen=True)
class Chars:
    """A run of source characters on one line."""

    text: str
    pos: Pos


@dataclass(frozen=True)
class Mark:
    """A footnote mark (the number glued to the preceding word) as it stood in the text."""

    n: int
    pos: Pos


@dataclass(frozen=True)
class PageMarker:
    """A ``[Page N]`` marker; ``n`` is the page number as printed."""

    n: str
    pos: Pos


@dataclass(frozen=True)
class LineBreak:
    """A line break inside one block (e.g. a two-line centred title)."""

    pos: Pos


Inline = Chars | Mark | PageMarker | LineBreak


@dataclass
class Text:
    """A sequence of inline pieces: characters, marks, page markers and line breaks."""

    content: list[Inline]
    pos: Pos

    def plain(self) -> str:
        """The characters only, without marks or page markers."""
        return "".join(p.text if isinstance(p, Chars) else "\n" if isinstance(p, LineBreak) else ""
                       for p in self.content)


@dataclass
class Block:
    """A block of text, by its shape: ``'paragraph'``; ``'heading'`` (a short line without
    sentence punctuation); ``'quote'`` (indented); ``'salute'`` (a letter's salutation, first in
    the body); ``'close'`` (its complimentary close, before the signature); ``'signature'`` (a
    short name closing the document); or ``'page'`` (a page marker on a line of its own,
    ``text`` holding just it)."""

    kind: str
    text: Text

    @property
    def pos(self) -> Pos:
        return self.text.pos


@dataclass
class ListItem:
    """One bulleted entry and the entries nested under it."""

    text: Text
    children: list[ListItem] = field(default_factory=list)


@dataclass
class BulletList:
    """A bulleted list, with the label line printed right above it (``SUBJECT``), if any."""

    label: Text | None
    items: list[ListItem]
    pos: Pos


@dataclass
class Footnote:
    """A numbered footnote from the end of the document."""

    n: int
    text: Text


@dataclass
class Document:
    """The ingested document: heading, optional dateline, body parts in order, footnotes."""

    source: str
    number: str | None
    heading: Text
    dateline: Text | None
    parts: list[Block | BulletList]
    footnotes: list[Footnote]
    findings: list[Finding] = field(default_factory=list)

    def texts(self) -> Iterator[Text]:
        """Every text of the document's body (not the footnotes) in reading order."""
        yield self.heading
        if self.dateline is not None:
            yield self.dateline
        for part in self.parts:
            if isinstance(part, Block):
                yield part.text
            else:
                if part.label is not None:
                    yield part.label
                yield from _item_texts(part.items)


def _item_texts(items: list[ListItem]) -> Iterator[Text]:
    for item in items:
        yield item.text
        yield from _item_texts(item.children)


# --- reading the file -------------------------------------------------------------------

def ingest_file(path: str | Path, max_mb: float = DEFAULT_MAX_INPUT_MB) -> Document:
    """Read and ingest a text file (refusing one over ``max_mb`` megabytes).

    Raises:
        PipelineError: the file cannot be read or is not such a document (with line/column).
    """
    name = str(path)
    return ingest_text(decode_text(read_input(Path(path), max_mb), name), name)


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 (or UTF-16 with a BOM), drop a BOM and normalise line ends to ``\\n``.

    Raises:
        PipelineError: the bytes are binary or not valid in their encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, data = "utf-16", data
    else:
        encoding = "utf-8-sig"
    if b"\x00" in data and encoding != "utf-16":
        line, col = _line_col_of_byte(data, data.index(b"\x00"))
        raise PipelineError([_error("ingest:binary", "binary data (NUL byte): not a text file",
                                    source, line, col)])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_byte(data, exc.start)
        raise PipelineError([_error("ingest:encoding", f"invalid {encoding.upper()} byte "
                                    f"0x{data[exc.start]:02x}", source, line, col)]) from exc
    text = text.lstrip("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    start = before.rfind(b"\n") + 1
    return line, len(before[start:].decode("utf-8", errors="replace")) + 1


def _error(rule: str, message: str, source: str, line: int = 0, column: int = 0) -> Finding:
    return Finding(rule, Severity.ERROR, message, Location(source, line, column))


# --- the shape of the text ---------------------------------------------------------------

BULLET = re.compile(r"^(?P<indent>[ \t]*)[•·▪‣◦*-][ \t]+(?P<text>.*)$")
PAGE_LINE = re.compile(r"^[ \t]*\[Page[^\]\n]*\][ \t]*$")
PAGE_MARKER = re.compile(r"\[Page(?P<space>[ \t]*)(?P<n>[^\]\n]*?)[ \t]*\]")
PAGE_NUMBER = re.compile(r"\d+|[ivxlcdm]+|[IVXLCDM]+")
FOOTNOTE = re.compile(r"^(?P<indent>[ \t]+)(?P<n>\d{1,4})\.[ \t]+(?P<text>\S.*)$")
HEADING_NUMBER = re.compile(r"^(?P<n>\d+)\.\s")
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
         r"|December)")
DATELINE = re.compile(rf"^[A-Z][^,\n]{{0,60}}(?:,\s+[A-Z][^,\n]{{0,30}}){{0,2}},\s+"
                      rf"(?:{MONTH}\s+\d{{1,2}},\s+)?\d{{4}}\b"
                      rf"|^{MONTH}\s+\d{{1,2}},\s+\d{{4}}\b")
#: What may follow the date of a dateline: a time or time range ("10:30 a.m.–12:05 p.m.",
#: "1857Z", "noon"), a parenthetical ("(undated)"), punctuation; never running prose.
DATELINE_REST = re.compile(r"^[\s,.;:()\[\]–-]*(?:(?:\d{1,4}(?::\d\d)?|[ap]\.\s?m\.|Z|noon|"
                           r"midnight|undated|approximately|about|[A-Z]{2,4}T?)[\s,.;:()\[\]–-]*)*$")
#: A dateline is a line: place, date, perhaps a time.
DATELINE_MAX = 100
#: A footnote mark is digits glued to a letter, closing punctuation or a closing quote/bracket.
#: What is left in the text after marks are taken that still looks like one: digits right
#: after a word's last letter or its closing punctuation, then a space or the end.  Found
#: from the digits (rare), then checked backwards (:func:`_stray_mark_start`): a pattern
#: starting at the word was tried at every letter of the text, the slowest step of ingest.
STRAY_DIGITS = re.compile(r"(?<!\d)(?P<n>\d{1,3})(?=\s|$)")
#: What may stand between the word and the digits of a mark, nearest the digits first.
MARK_CLOSERS = ("”’\"')]", ".,;:!?")
#: Characters XML 1.0 does not allow (a NUL is reported earlier, as binary data).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: A label line printed above a bulleted list ("SUBJECT", "PARTICIPANTS:").
LIST_LABEL = re.compile(r"^[A-Z][A-Z .’'/&-]{2,60}:?$")
#: How many lost marks in a row the search for the next mark tolerates.
MARK_SKIP = 2
#: A word, as counted by shape tests (counted lazily: a paragraph may be megabytes long).
WORD = re.compile(r"\S+")
#: A footnote mark as the text may hold one: digits glued to a letter or closing punctuation.
#: (The lookahead for a digit comes first: tried at every character, the lookbehind alone
#: made this three times slower.)
MARK_CANDIDATE = re.compile(r"(?=\d)(?<=[^\W\d_]|[.,;:!?”’\"')\]])(?P<n>\d{1,4})(?![^\W_])")


def ingest_text(text: str, source: str = "<text>") -> Document:
    """Ingest already-decoded text (line ends ``\\n``).

    Raises:
        PipelineError: the text is empty or has no heading line.
    """
    lines = text.split("\n")
    _refuse_unrepresentable(lines, source)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise PipelineError([_error("ingest:empty", "empty document: no heading line", source,
                                    1, 1)])
    heading_line = lines[first]
    if BULLET.match(heading_line) or PAGE_LINE.match(heading_line) or FOOTNOTE.match(heading_line):
        raise PipelineError([_error("ingest:no-heading", "no heading line: the document must "
                                    "start with its title (e.g. '12. Memorandum of Conversation')",
                                    source, first + 1, 1)])
    findings: list[Finding] = []
    notes_start, footnotes = _footnotes(lines, first + 1, source, findings)
    heading = _text([(first, heading_line)], source, findings)
    number = HEADING_NUMBER.match(heading_line.strip())
    parts = list(_parts(lines, first + 1, notes_start, source, findings))
    dateline = None
    first_part = parts[0] if parts else None
    if isinstance(first_part, Block) and first_part.kind == "paragraph" and \
            not any(isinstance(p, LineBreak) for p in first_part.text.content) and \
            is_dateline(first_part.text.plain()):
        dateline = first_part.text
        parts.pop(0)
    doc = Document(source, number.group("n") if number else None, heading, dateline, parts,
                   footnotes, findings)
    _anchor_marks(doc)
    _classify_blocks(parts)  # after the marks are split off: "views.2" ends a sentence
    _check_page_order(doc)
    return doc


def is_dateline(text: str) -> bool:
    """A dateline: a short line of place and date, perhaps a time — not a paragraph that
    opens with a date ('On May 4 and 5, 1962, the Secretary …')."""
    text = text.strip()
    match = DATELINE.match(text)
    if match is None or len(text) > DATELINE_MAX:
        return False
    rest = text[match.end():]
    return bool(DATELINE_REST.match(rest)) or bool(re.fullmatch(
        rf"[\s,]*(?:{MONTH}\s+\d{{1,2}},\s+\d{{4}})?[\s,]*", rest))


def _check_page_order(doc: Document) -> None:
    """Report numeric page markers that do not increase."""
    previous: PageMarker | None = None
    for text in doc.texts():
        for marker in (p for p in text.content if isinstance(p, PageMarker) and p.n.isdigit()):
            if previous is not None and int(marker.n) <= int(previous.n):
                doc.findings.append(Finding(
                    "ingest:page-order", Severity.WARNING,
                    f"page {marker.n} follows page {previous.n} (line {previous.pos.line})",
                    Location(doc.source, marker.pos.line, marker.pos.column)))
            previous = marker


def _refuse_unrepresentable(lines: list[str], source: str) -> None:
    """Refuse characters that XML 1.0 cannot hold (control characters other than tab and
    line ends): keeping the text unchanged is impossible, so nothing is guessed."""
    for index, line in enumerate(lines):
        if (match := NOT_IN_XML.search(line)) is not None:
            raise PipelineError([_error(
                "ingest:control-character",
                f"character U+{ord(match.group()):04X} cannot be kept in XML; remove it",
                source, index + 1, match.start() + 1)])


def _footnotes(lines: list[str], start: int, source: str,
               findings: list[Finding]) -> tuple[int, list[Footnote]]:
    """Find the footnotes section: the last run of indented lines numbered 1, 2, 3… to the end.

    Returns the index of its first line (``len(lines)`` when there are none) and the notes.
    """
    for first in reversed(range(start, len(lines))):
        match = FOOTNOTE.match(lines[first])
        if not match or int(match.group("n")) != 1:
            continue
        notes = _numbered_run(lines, first)
        if notes is not None:
            return first, [Footnote(n, _text(chunk, source, findings, strip_number=True))
                           for n, chunk in notes]
    return len(lines), []


def _numbered_run(lines: list[str], first: int) -> list[tuple[int, list[tuple[int, str]]]] | None:
    """The numbered notes from ``first`` to the end, or None if the numbering breaks."""
    notes: list[tuple[int, list[tuple[int, str]]]] = []
    for index in range(first, len(lines)):
        line = lines[index]
        match = FOOTNOTE.match(line)
        if match and int(match.group("n")) == len(notes) + 1:
            notes.append((len(notes) + 1, [(index, line)]))
        elif line.strip() and line[:1] in " \t":
            notes[-1][1].append((index, line))  # an indented continuation of the current note
        elif line.strip():
            return None
    return notes


def _parts(lines: list[str], start: int, end: int, source: str,
           findings: list[Finding]) -> Iterator[Block | BulletList]:
    """Blocks and bulleted lists between the heading and the footnotes, in order."""
    index = start
    while index < end:
        line = lines[index]
        if not line.strip():
            index += 1
        elif PAGE_LINE.match(line):
            yield Block("page", _text([(index, line)], source, findings))
            index += 1
        elif BULLET.match(line):
            index, items = _bullets(lines, index, end, source, findings)
            yield BulletList(None, items, items[0].text.pos)
        else:
            chunk = []
            while index < end and lines[index].strip() and not BULLET.match(lines[index]) \
                    and not PAGE_LINE.match(lines[index]):
                chunk.append((index, lines[index]))
                index += 1
            if len(chunk) == 1 and _list_follows(lines, index, end, chunk[0][1]):
                while not lines[index].strip():
                    index += 1
                index, items = _bullets(lines, index, end, source, findings)
                label = _text(chunk, source, findings)
                yield BulletList(label, items, label.pos)
            else:
                kind = "quote" if _indent(chunk[0][1]) >= 4 else "paragraph"
                yield Block(kind, _text(chunk, source, findings))


def _list_follows(lines: list[str], index: int, end: int, line: str) -> bool:
    """Whether a one-line block labels the bulleted list after it: directly above it, or
    above it with blank lines between when the line looks like a label (all capitals)."""
    if index < end and BULLET.match(lines[index]):
        return True
    while index < end and not lines[index].strip():
        index += 1
    return index < end and bool(BULLET.match(lines[index])) and \
        bool(LIST_LABEL.match(line.strip()))


def _classify_blocks(parts: list[Block | BulletList]) -> None:
    """Tell sub-headings, a letter's salutation and complimentary close, and a closing
    signature from paragraphs by their shape."""
    blocks = [p for p in parts if isinstance(p, Block) and p.kind == "paragraph"]
    for block in blocks:
        if is_heading_like(block.text.plain()):
            block.kind = "heading"
    texts = [p for p in parts if not (isinstance(p, Block) and p.kind == "page")]
    if texts and isinstance(texts[0], Block) and texts[0].kind == "paragraph" and \
            _is_salutation(texts[0].text.plain()):
        texts[0].kind = "salute"
    last = texts[-1] if texts else None
    if isinstance(last, Block) and last.kind == "heading" and _is_signature(last.text.plain()):
        last.kind = "signature"
        last = texts[-2] if len(texts) > 1 else None
    if isinstance(last, Block) and last.kind in ("paragraph", "heading") and \
            _is_complimentary_close(last.text.plain()):
        last.kind = "close"


def _is_salutation(text: str) -> bool:
    """A letter's salutation: one short line opening with 'Dear', 'Sir' …, ending ':' or ','."""
    text = text.strip()
    return "\n" not in text and len(text) <= 80 and text.endswith((":", ",")) and \
        text.startswith(SALUTATION_WORDS)


def _is_complimentary_close(text: str) -> bool:
    """A letter's complimentary close: 'Sincerely,', 'Respectfully yours,' …"""
    return text.strip().rstrip(",.").strip().lower() in COMPLIMENTARY_CLOSES


def is_heading_like(text: str) -> bool:
    """A short line without sentence punctuation: a sub-heading, a title, a signature."""
    words = sum(1 for _ in itertools.islice(WORD.finditer(text), 13))
    return 0 < words <= 12 and not re.search(r"[.!?:;,”\"’)\]]\s*$", text)


def _is_signature(text: str) -> bool:
    """A closing name: one line of at most four capitalised words."""
    words = text.split()
    return "\n" not in text and len(words) <= 4 and all(w[:1].isupper() for w in words)


def _bullets(lines: list[str], index: int, end: int, source: str,
             findings: list[Finding]) -> tuple[int, list[ListItem]]:
    """Read bulleted lines (blank lines between them allowed) into a tree by indentation."""
    roots: list[ListItem] = []
    stack: list[tuple[int, ListItem]] = []
    while index < end:
        line = lines[index]
        match = BULLET.match(line)
        if not line.strip():
            index += 1
            continue
        if not match:
            break
        indent = _indent(line)
        item = ListItem(_text([(index, line)], source, findings, strip_bullet=True))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(item)
        stack.append((indent, item))
        index += 1
    return index, roots


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _text(chunk: list[tuple[int, str]], source: str, findings: list[Finding], *,
          strip_bullet: bool = False, strip_number: bool = False) -> Text:
    """Turn source lines into a Text: layout indentation dropped, page markers split out."""
    content: list[Inline] = []
    start: Pos | None = None
    for position, (index, line) in enumerate(chunk):
        offset = len(line) - len(line.lstrip())
        if position == 0 and strip_bullet:
            match = BULLET.match(line)
            assert match is not None
            offset = match.start("text")
        elif position == 0 and strip_number:
            match = FOOTNOTE.match(line)
            assert match is not None
            offset = match.start("text")
        pos = Pos(index + 1, offset + 1)
        if start is None:
            start = pos
        else:
            content.append(LineBreak(pos))
        content.extend(_split_page_markers(line[offset:].rstrip(), pos, source, findings))
    assert start is not None
    return Text(content, start)


def _split_page_markers(line: str, pos: Pos, source: str,
                        findings: list[Finding]) -> Iterator[Inline]:
    at = 0
    for match in PAGE_MARKER.finditer(line):
        if match.start() > at:
            yield Chars(line[at:match.start()], pos.shifted(at))
        where = pos.shifted(match.start())
        number = match.group("n")
        problem = "has no page number" if not number else \
            "has an unusual page number" if not PAGE_NUMBER.fullmatch(number) else ""
        if problem:
            findings.append(Finding("ingest:page-number", Severity.WARNING,
                                    f"page marker {match.group(0)!r} {problem}",
                                    Location(source, where.line, where.column)))
        yield PageMarker(number, where)
        at = match.end()
    if at < len(line):
        yield Chars(line[at:], pos.shifted(at))


# --- footnote marks ----------------------------------------------------------------------

def _anchor_marks(doc: Document) -> None:
    """Split footnote marks out of the body text.

    Marks run 1, 2, 3… through the document and each belongs to one footnote, so a candidate
    (digits glued to a word or punctuation) is taken only when a footnote with that number
    exists and it is the next number expected, or at most ``MARK_SKIP`` further on (a mark lost
    in copying must not hide the ones after it); other numbers stay text.
    """
    numbers = {note.n for note in doc.footnotes}
    expected = 1
    for text in doc.texts():
        pieces: list[Inline] = []
        for piece in text.content:
            if isinstance(piece, Chars):
                split, expected = _split_marks(piece, expected, numbers)
                pieces.extend(split)
            else:
                pieces.append(piece)
        text.content = pieces
    found = {p.n for text in doc.texts() for p in text.content if isinstance(p, Mark)}
    _report_strays(doc)
    for n in sorted(numbers - found):
        note = next(note for note in doc.footnotes if note.n == n)
        doc.findings.append(Finding(
            "ingest:note-without-mark", Severity.WARNING,
            f"footnote {n} has no mark in the text; it is placed at the end",
            Location(doc.source, note.text.pos.line, note.text.pos.column)))


def _report_strays(doc: Document) -> None:
    """Report numbers glued to a word like a mark (``word7``, ``word.”7``) with no footnote."""
    for text in doc.texts():
        for piece in text.content:
            if not isinstance(piece, Chars):
                continue
            for match in STRAY_DIGITS.finditer(piece.text):
                start = _stray_mark_start(piece.text, match.start())
                if start is None:
                    continue
                where = piece.pos.shifted(match.start("n"))
                doc.findings.append(Finding(
                    "ingest:mark-without-note", Severity.WARNING,
                    f"'{piece.text[start:match.end()].strip()}' looks like footnote mark "
                    f"{match.group('n')}, but there is no such footnote",
                    Location(doc.source, where.line, where.column)))


def _stray_mark_start(text: str, digits: int) -> int | None:
    """Where the word of a mark-like number starts: digits at ``digits`` right after two or
    more letters, perhaps with closing punctuation then a closing quote or bracket between
    (``word7``, ``word.”7``); None when they follow no such word."""
    end = digits
    for closers in MARK_CLOSERS:
        if end > 0 and text[end - 1] in closers:
            end -= 1
    start = end
    while start > 0 and _is_letter(text[start - 1]):
        start -= 1
    return start if end - start >= 2 else None


def _is_letter(char: str) -> bool:
    """A letter as regular expressions' ``[^\\W\\d_]`` has it: a word character that is no
    digit and no underscore."""
    return char.isalnum() and not char.isdecimal()


def _split_marks(piece: Chars, expected: int, numbers: set[int]) -> tuple[list[Inline], int]:
    out: list[Inline] = []
    at = 0
    for match in MARK_CANDIDATE.finditer(piece.text):
        n = int(match.group("n"))
        if n not in numbers or not expected <= n <= expected + MARK_SKIP:
            continue
        if match.start() > at:
            out.append(Chars(piece.text[at:match.start()], piece.pos.shifted(at)))
        out.append(Mark(n, piece.pos.shifted(match.start())))
        at = match.end()
        expected = n + 1
    if at < len(piece.text):
        out.append(Chars(piece.text[at:], piece.pos.shifted(at)))
    return out, expected
