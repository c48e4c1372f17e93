"""Every TEI document of the corpus renders completely, and its three outputs agree."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline.render import render
from pipeline.validate import validate_json

from .conftest import DRACOR, FRUS
from .test_render import assert_outputs_agree

CORPUS_TEI = (sorted(DRACOR.glob("*.xml")) if DRACOR.is_dir() else []) + \
    (sorted(FRUS.glob("*.tei.xml")) if FRUS.is_dir() else [])

#: Elements whose content is not reading text (metadata, labels, layout, notes).
NOT_READING = {"teiHeader", "standOff", "note", "speaker", "fw", "cb", "milestone", "anchor",
               "figDesc", "del", "desc"}


def reading_text(tree: etree._ElementTree) -> str:
    """Every character of reading text in the document, white space removed."""
    texts = []
    for text in tree.xpath("//text()"):  # document order
        holder = text.getparent().getparent() if text.is_tail else text.getparent()
        ancestry = {etree.QName(a).localname for a in [holder, *holder.iterancestors()]}
        if not ancestry & NOT_READING:
            texts.append(str(text))
    return re.sub(r"\s", "", "".join(texts))


@pytest.mark.skipif(not CORPUS_TEI, reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", CORPUS_TEI, ids=lambda p: p.name)
def test_corpus_tei_renders_completely_and_its_outputs_agree(path: Path) -> None:
    tree = etree.parse(str(path))
    rendered = render(tree, str(path))
    assert validate_json(rendered.outputs["json"], path.name) == []
    assert_outputs_agree(rendered.outputs)
    data = json.loads(rendered.outputs["json"])
    blocks = re.sub(r"\s", "", "".join(b["text"] for b in data["blocks"]))
    assert blocks == reading_text(tree), "text lost or added between TEI and JSON"
    assert [f for f in rendered.findings if f.severity.value == "error"] == []


#: The SHA-256 of each rendering of three plays, as the stylesheets write them (the plays are
#: CC BY-NC: their hashes are kept here, not their renderings).  A change of the stylesheets that
#: should not change what they write must leave these as they are; an intended change updates
#: them, and its commit says what changed (issue 12: @rend/@rendition looks in HTML and JSON,
#: labels as their own blocks, no nested paragraphs for stage directions in stage directions;
#: issue 13: the style rules of mentions and the index in HTML, "entities" in JSON).
UNCHANGED = json.loads((Path(__file__).parent / "fixtures" / "render"
                        / "dracor-output-sha256.json").read_text())


@pytest.mark.parametrize("play", sorted(UNCHANGED))
def test_the_renderings_of_a_play_are_byte_for_byte_unchanged(play: str) -> None:
    if not DRACOR.is_dir():
        pytest.skip("../shared/corpus is not present")
    path = DRACOR / play
    got: dict[str, str] = {}
    render(etree.parse(str(path)), str(path),
           on_output=lambda name, data: got.__setitem__(name, hashlib.sha256(data).hexdigest()))
    assert got == UNCHANGED[play]
