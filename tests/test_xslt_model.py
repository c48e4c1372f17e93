"""The behaviour map of xslt/common/model.xsl is the one place that decides rendering."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from pipeline.resources import XSLT

XSL = {"xsl": "http://www.w3.org/1999/XSL/Transform"}
OUTPUTS = {"html": ["html/text.xsl", "html/notes.xsl"], "text": ["text/blocks.xsl"],
           "json": ["json/blocks.xsl"]}


def behaviours() -> set[str]:
    model = etree.parse(str(XSLT / "common" / "model.xsl"))
    select = model.xpath("//xsl:variable[@name='p:behaviours']/@select", namespaces=XSL)[0]
    return set(re.findall(r":\s*'([\w-]+)'", select)) | {"unknown", "inline"}


def handled(files: list[str]) -> set[str]:
    names: set[str] = set()
    for name in files:
        for match in etree.parse(str(XSLT / name)).xpath("//xsl:template/@match", namespaces=XSL):
            for group in re.findall(r"p:behaviour\(\.\) = \(?([^)\]]*)", match):
                names |= set(re.findall(r"'([\w-]+)'", group))
    return names


#: Behaviours the JSON output does not need a template for: its blocks are chosen by
#: behaviour in p:is-leaf-block, and their text is read by p:pieces, where only the
#: behaviours that change the text (notes, pages, breaks, omissions, choices) need rules.
JSON_STRUCTURAL = {"block", "container", "heading", "inline", "item", "line", "link", "list",
                   "quote", "section", "speech", "stage", "unknown"}


@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_every_behaviour_has_a_template_in_every_output(output: str) -> None:
    exempt = JSON_STRUCTURAL if output == "json" else set()
    missing = behaviours() - handled(OUTPUTS[output]) - exempt
    assert not missing, f"{output} has no template for {sorted(missing)}"


def test_no_output_stylesheet_matches_tei_elements_by_name() -> None:
    for files in OUTPUTS.values():
        for name in files:
            matches = etree.parse(str(XSLT / name)).xpath("//xsl:template/@match",
                                                          namespaces=XSL)
            named = [m for m in matches if re.match(r"^(tei:)?[a-zA-Z]+(\[|$)", m)
                     and not m.startswith(("text", "node"))]
            assert named == [], f"{name} matches TEI elements by name: {named}"
