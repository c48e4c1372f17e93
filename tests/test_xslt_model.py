"""The behaviour map of xslt/common/model.xsl is the one place that decides rendering."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline import xslt
from pipeline.findings import PipelineError
from pipeline.resources import XSLT

from .conftest import evaluate_in_model

XSL = {"xsl": "http://www.w3.org/1999/XSL/Transform"}
OUTPUTS = {"html": ["html/text.xsl", "html/notes.xsl", "html/mentions.xsl", "html/structures.xsl"],
           "text": ["text/blocks.xsl"], "json": ["json/blocks.xsl"]}


def behaviours() -> set[str]:
    model = etree.parse(str(XSLT / "common" / "model.xsl"))
    select = model.xpath("//xsl:variable[@name='p:families']/@select", namespaces=XSL)[0]
    return set(re.findall(r"'([\w-]+)':\s*tokenize", select)) | {"unknown", "inline"}


def handled(files: list[str]) -> set[str]:
    """The behaviours the template rules of some stylesheets match: by their elements' names
    (``_match="{$p:match?note}"``, worked out from the map when the stylesheet compiles), by
    predicate (``match="*[p:behaviour(.) = 'unknown']"``), by a test in a rule for any
    element (``<xsl:when test="p:behaviour(.) = 'omit'"/>`` in ``match="*"``), or, for
    elements of no behaviour, by a low-priority ``*`` rule."""
    names: set[str] = set()
    tested = r"(?:p:behaviour\(\.\)|\$behaviour) (?:=|ne) \(?([^)\]\"]*)"
    for name in files:
        stylesheet = etree.parse(str(XSLT / name))
        for match in stylesheet.xpath("//xsl:template/@match", namespaces=XSL):
            for group in re.findall(tested, match):
                names |= set(re.findall(r"'([\w-]+)'", group))
        for rule in stylesheet.xpath("//xsl:template[@match = '*']", namespaces=XSL):
            for test in rule.xpath(".//@test", namespaces=XSL):
                for group in re.findall(tested, test):
                    names |= set(re.findall(r"'([\w-]+)'", group))
        for match in stylesheet.xpath("//xsl:template/@_match", namespaces=XSL):
            names |= set(re.findall(r"\$p:(?:match|branches)\?([\w-]+)", match))
            for group in re.findall(r"\(([^)]*)\) ! \$p:(?:match|branches)\(\.\)", match):
                names |= set(re.findall(r"'([\w-]+)'", group))
        if stylesheet.xpath("//xsl:template[@match = '*'][@priority = '-1']", namespaces=XSL):
            names.add("unknown")
    return names


#: Behaviours the JSON output does not need a template for: its blocks are chosen by
#: behaviour in mode p:blocks, and their text is read by p:pieces, where only the
#: behaviours that change the text (notes, pages, breaks, omissions, choices) need rules.
JSON_STRUCTURAL = {"block", "container", "corpus", "figure", "heading", "inline", "item", "line",
                   "link", "list", "quote", "row", "section", "speech", "stage", "table",
                   "unknown"}


@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_every_behaviour_has_a_template_in_every_output(output: str) -> None:
    exempt = JSON_STRUCTURAL if output == "json" else set()
    missing = behaviours() - handled(OUTPUTS[output]) - exempt
    assert not missing, f"{output} has no template for {sorted(missing)}"


def test_no_output_stylesheet_matches_tei_elements_by_name() -> None:
    """Outputs name behaviours, never elements: their patterns come from the map."""
    for files in OUTPUTS.values():
        for name in files:
            stylesheet = etree.parse(str(XSLT / name))
            matches = stylesheet.xpath("//xsl:template/@match", namespaces=XSL)
            named = [m for m in matches if re.match(r"^(tei:)?[a-zA-Z]+(\[|$)", m)
                     and not m.startswith(("text", "node"))]
            assert named == [], f"{name} matches TEI elements by name: {named}"
            for shadow in stylesheet.xpath("//xsl:template/@_match", namespaces=XSL):
                assert _names_outside_the_map(shadow) == [], f"{name}: {shadow}"


def _names_outside_the_map(shadow: str) -> list[str]:
    """Element names a shadow pattern writes itself, beside what it takes from the map
    ($p:match?X, $p:branches?X, … ! $p:match(.)), the strings it joins with and the union it
    nests them in ($p:union)."""
    rest = re.sub(r"\$p:(?:match|branches)(?:\?[\w-]+|\(\.\))|\$p:union", "", shadow)
    rest = re.sub(r"'[^']*'", "", rest)
    return [word for word in re.findall(r"[A-Za-z][\w-]*", rest) if word != "string-join"]


def test_behaviour_patterns_are_worked_out_from_the_map_when_compiling(tmp_path: Path) -> None:
    """Each behaviour's pattern names the elements the map gives it; a long union is nested
    in halves of at most eight branches (Saxon compiles one long union in quadratic time)."""
    patterns = evaluate_in_model(tmp_path, "$p:match")
    assert patterns["note"] == "note" and patterns["speech"] == "sp"
    assert patterns["quote"] == "quote[p | lg | l | ab]"
    assert patterns["xml-example"] == "Q{http://www.tei-c.org/ns/Examples}egXML | egXML"
    inline = _without_grouping(patterns["inline"])
    assert inline.startswith("abbr | activity | actor | ")
    assert " | hi | " in inline and " | quote[not(p | lg | l | ab)] | " in inline
    assert patterns["inline"].startswith("((") and _widest_union(patterns["inline"]) <= 8


def _without_grouping(pattern: str) -> str:
    """A pattern without the parentheses that only group its union (not a function's)."""
    kept, opened = [], []
    for at, char in enumerate(pattern):
        if char == "(":
            opened.append(at == 0 or not (pattern[at - 1].isalnum() or pattern[at - 1] in "_-"))
            if opened[-1]:
                continue
        elif char == ")" and opened.pop():
            continue
        kept.append(char)
    return "".join(kept)


def _widest_union(pattern: str) -> int:
    """The most branches any one level of a pattern's union has."""
    counts, widest = [1], 1
    for char in pattern:
        if char in "([":
            counts.append(1)
        elif char in ")]":
            widest = max(widest, counts.pop())
        elif char == "|":
            counts[-1] += 1
    return max(widest, *counts)


def test_layout_line_breaks_fold_to_one_space_as_the_rule_says(tmp_path: Path) -> None:
    """p:flow (folded without a regular expression, for speed) does what its rule says: each
    run of white space holding a line break is one space, other white space is kept."""
    texts = ["", "a", "a\nb", "\n", " \n\t \n ", "a \n  b", "\n  a", "a\t\n", "a  b\n\n\nc",
             "  a  \n  b  \n  c  ", "a\r\n b", "\u00a0\na\u00a0\n\u00a0",
             *_spaced_texts(random.Random(7), longest=12)]
    literals = _xpath_strings(texts)
    folded = evaluate_in_model(tmp_path, f"array {{ ({literals}) ! p:flow(.) }}")
    assert folded == [re.sub(r"[ \t\r]*\n[ \t\r\n]*", " ", t) for t in texts]


def _spaced_texts(generator: random.Random, longest: int) -> list[str]:
    """300 random texts of letters and white space (XML's, and a no-break space that is not)."""
    return ["".join(generator.choice("ab \t\n\r\u00a0")
                    for _ in range(generator.randint(1, longest))) for _ in range(300)]


def _xpath_strings(texts: list[str]) -> str:
    """The texts as XPath string expressions, separated by commas (built from code points, so
    that tabs, carriage returns and line breaks reach the stylesheet as they are)."""
    return ", ".join(f"codepoints-to-string(({', '.join(str(ord(c)) for c in t) or '()'}))"
                     for t in texts)


def test_trimming_removes_the_white_space_at_the_ends_as_the_rule_says(tmp_path: Path) -> None:
    """p:trim (which looks at a text's ends before walking it, for speed), p:trim-start and
    p:trim-end remove XML's white space at the ends, and only there."""
    texts = ["", " ", "a", "a ", " a", "a  ", "\t\na \r", "a b ", "ab\n", "\u00a0a\u00a0 ",
             *_spaced_texts(random.Random(11), longest=9)]
    literals = _xpath_strings(texts)
    trimmed = evaluate_in_model(
        tmp_path, f"array {{ ({literals}) ! [p:trim(.), p:trim-start(.), p:trim-end(.)] }}")
    space = " \t\n\r"
    assert trimmed == [[t.strip(space), t.lstrip(space), t.rstrip(space)] for t in texts]


@pytest.mark.parametrize(("body", "said"), [
    ('<xsl:message>working</xsl:message><xsl:sequence select="1 div 0"/>',
     "Integer division by zero"),
    ('<xsl:message>working</xsl:message><xsl:message terminate="yes">cannot go on</xsl:message>',
     "working; cannot go on"),
])
def test_a_failing_stylesheet_is_reported_by_what_failed(tmp_path: Path, body: str,
                                                         said: str) -> None:
    """A dynamic error is Saxon's to tell, whatever the stylesheet said before it; a stylesheet
    that stops itself is told by its messages."""
    stylesheet = tmp_path / "fails.xsl"
    stylesheet.write_text('<xsl:stylesheet version="3.0" '
                          'xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                          f'<xsl:template match="/">{body}</xsl:template></xsl:stylesheet>')
    with pytest.raises(PipelineError) as raised:
        xslt.transform(stylesheet, xslt.parse_document("<x/>"), source="doc.xml")
    [finding] = raised.value.findings
    assert finding.rule_id == "xslt:run" and said in finding.message
