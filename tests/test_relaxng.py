"""RELAX NG: documents are checked against the grammar pruned for them, with the whole
grammar's verdicts and, for invalid documents, its findings word for word."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from pipeline.cli import run
from pipeline.findings import PipelineError
from pipeline.resources import schema_path
from pipeline.validate import RelaxNGValidator, load_xml
from pipeline.validate.relaxng import _grammar, element_names, prune

from .conftest import DRACOR, FIXTURES, FRUS

TEI = "http://www.tei-c.org/ns/1.0"
RNG = "http://relaxng.org/ns/structure/1.0"


def _variants(path: Path) -> list[tuple[str, etree._ElementTree]]:
    """A document and broken copies of it: an empty list of a kind that needs items, a name
    where a speech cannot hold one, a title statement without a title."""
    found = [(path.name, etree.parse(str(path)))]
    for label, where, change in [
        ("empty listBibl", f".//{{{TEI}}}body",
         lambda e: e.insert(0, etree.Element(f"{{{TEI}}}listBibl"))),
        ("persName in sp", f".//{{{TEI}}}sp",
         lambda e: e.append(etree.Element(f"{{{TEI}}}persName"))),
        ("no title", f".//{{{TEI}}}titleStmt", lambda e: [e.remove(c) for c in list(e)]),
    ]:
        tree = etree.parse(str(path))
        target = tree.find(where)
        if target is not None:
            change(target)
            found.append((f"{path.name}, {label}", tree))
    return found


def _documents() -> list[Path]:
    plays = sorted(DRACOR.glob("*.xml"))[:8] if DRACOR.is_dir() else []
    frus = sorted(FRUS.glob("*.tei.xml")) if FRUS.is_dir() else []
    return plays + frus + sorted((FIXTURES / "validate").glob("valid-*.xml"))


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name)
def test_the_pruned_tei_grammar_gives_the_whole_grammars_verdicts(path: Path, tei_all) -> None:
    grammar = _grammar(schema_path("tei/tei_all.rng"))
    whole = grammar.whole()
    for label, tree in _variants(path):
        pruned = etree.RelaxNG(prune(grammar.tree, element_names(tree)))
        assert pruned.validate(tree) == whole.validate(tree), label


def test_pruning_keeps_only_the_elements_a_document_can_use() -> None:
    grammar = _grammar(schema_path("tei/tei_all.rng"))
    tree = etree.parse(str(FIXTURES / "validate" / "valid-minimal.tei.xml"))
    before = etree.tostring(grammar.tree)
    pruned = prune(grammar.tree, element_names(tree))
    kept = {e.get("name") for e in pruned.iter(f"{{{RNG}}}element")}
    assert {"TEI", "teiHeader", "sp", "speaker", "p"} <= kept
    assert "listBibl" not in kept and len(kept) < 60
    assert etree.tostring(grammar.tree) == before  # the whole grammar is left as it was


def test_an_invalid_document_gets_the_whole_grammars_findings(tmp_path: Path, tei_all) -> None:
    """The findings of an invalid document are those of the whole grammar."""
    broken = tmp_path / "broken.xml"
    tree = etree.parse(str(FIXTURES / "validate" / "valid-minimal.tei.xml"))
    for title_stmt in tree.iter(f"{{{TEI}}}titleStmt"):
        for child in list(title_stmt):
            title_stmt.remove(child)
    tree.write(str(broken))
    document = load_xml(broken.read_bytes(), str(broken))
    validator = RelaxNGValidator(schema_path("tei/tei_all.rng"))
    whole = validator.grammar.whole()
    assert not whole.validate(document.tree)
    expected = {entry.message for entry in whole.error_log}
    found = list(validator.iter_findings(document))
    assert found and {f.message for f in found} == expected
    assert {(f.rule_id, f.location.line) for f in found} == {("rng:noelem", 4)}  # titleStmt


BROKEN_INSIDE = """<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:x">
  <start><element name="doc"><zeroOrMore><choice><ref name="item"/><ref name="other"/>
  </choice></zeroOrMore></element></start>
  <define name="item"><element name="item"><text/></element></define>
  <define name="other"><element name="other"><ref name="nowhere"/></element></define>
</grammar>"""


def test_a_schema_is_compiled_whole_before_it_is_pruned(tmp_path: Path) -> None:
    """A grammar error inside an element no document uses is still an error: a schema
    is pruned only once it is known to compile."""
    schema = tmp_path / "broken-inside.rng"
    schema.write_text(BROKEN_INSIDE)
    with pytest.raises(PipelineError) as raised:
        RelaxNGValidator(schema)
    finding = raised.value.findings[0]
    assert raised.value.exit_code == 2
    assert (finding.location.file, finding.location.line) == (str(schema), 5)
    document = tmp_path / "doc.xml"
    document.write_text('<doc xmlns="urn:x"><item>fine</item></doc>')
    err = io.StringIO()
    assert run(["validate", str(document), "--skip-project", "--schema", str(schema)],
               io.StringIO(), err) == 2
    assert "nowhere" in err.getvalue() and f"{schema}:" in err.getvalue()


def test_a_schema_that_compiled_once_is_pruned_in_later_runs(tmp_path: Path,
                                                             private_schema_cache: Path) -> None:
    schema = tmp_path / "fine.rng"
    schema.write_text(BROKEN_INSIDE.replace('<ref name="nowhere"/>', "<empty/>"))
    document = tmp_path / "doc.xml"
    document.write_text('<doc xmlns="urn:x"><item>fine</item></doc>')
    markers = set(private_schema_cache.glob("relaxng-compiles-*"))
    assert run(["validate", str(document), "--skip-project", "--schema", str(schema)],
               io.StringIO(), io.StringIO()) == 0
    assert len(set(private_schema_cache.glob("relaxng-compiles-*")) - markers) == 1


def test_a_grammar_pruned_to_nested_repetitions_compiles(tmp_path: Path) -> None:
    """A list of persons pruned of its relations is ``((person | listPerson)+)+``; libxml2
    took exponential time on such a nest (it hung for ever), so the pruned grammar flattens
    it.  Compiled in a child process, so that a regression fails instead of hanging."""
    grammar = _grammar(schema_path("tei/tei_all.rng"))
    names = frozenset((TEI, name) for name in """TEI teiHeader fileDesc titleStmt title
        publicationStmt sourceDesc p profileDesc particDesc listPerson person persName text
        body""".split())
    pruned = prune(grammar.tree, names)
    path = tmp_path / "pruned.rng"
    path.write_bytes(etree.tostring(pruned))
    compile_it = f"from lxml import etree; etree.RelaxNG(etree.parse({str(path)!r}))"
    done = subprocess.run([sys.executable, "-c", compile_it], timeout=60, check=False)
    assert done.returncode == 0
    nests = pruned.xpath("//rng:oneOrMore[count(rng:*) = 1]/rng:oneOrMore | "
                         "//rng:group[count(rng:*) = 1]", namespaces={"rng": RNG})
    assert not nests
