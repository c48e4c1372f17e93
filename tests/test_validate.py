"""validate: the sample is valid everywhere; broken files give located findings in every format."""

from __future__ import annotations

import gc
import io
import json
import weakref
import xml.parsers.expat
from pathlib import Path

import pytest
from lxml import etree

from pipeline.cli import run
from pipeline.encode import serialize_tei
from pipeline.findings import Severity
from pipeline.locations import Locator
from pipeline.resources import schema_path
from pipeline.validate import (
    JsonSchemaValidator,
    SchematronValidator,
    default_validators,
    load_xml,
    validate_json,
    validate_xml,
)

from .conftest import DRACOR, FIXTURES

BROKEN = FIXTURES / "validate"


def test_the_sample_tei_is_valid_for_the_project_schema_and_schematron(sample_encoded) -> None:
    assert validate_xml(serialize_tei(sample_encoded.tree), "sample.tei.xml") == []


def test_the_sample_tei_is_valid_full_tei_p5(sample_encoded, tei_all) -> None:
    document = load_xml(serialize_tei(sample_encoded.tree), "sample.tei.xml")
    assert list(tei_all.iter_findings(document)) == []


def test_the_project_customization_is_a_subset_of_tei(tei_all) -> None:
    """A file valid for us is valid TEI: every fixture our schema accepts, tei_all accepts."""
    for path in sorted(BROKEN.glob("*.xml")):
        data = path.read_bytes()
        try:
            document = load_xml(data, str(path))
        except Exception:
            continue
        ours = [f for f in default_validators()[0].iter_findings(document)]
        if not ours:
            assert list(tei_all.iter_findings(document)) == [], path.name


EXPECTED = {
    "dangling-who.tei.xml": ("sch:who-resolves", 39, 9),
    "duplicate-id.tei.xml": ("sch:unique-id", 20, 11),
    "notes-out-of-order.tei.xml": ("sch:note-sequence", 36, 43),
    "pages-out-of-order.tei.xml": ("sch:page-order", 41, 36),
    "missing-title.tei.xml": ("rng:noelem", 5, 7),
    "not-well-formed.tei.xml": ("xml:not-well-formed", 41, 61),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_broken_file_gives_its_finding_at_its_line_and_column(name: str) -> None:
    rule, line, column = EXPECTED[name]
    path = BROKEN / name
    findings = validate_xml(path.read_bytes(), str(path))
    assert (rule, line, column) in {(f.rule_id, f.location.line, f.location.column)
                                    for f in findings}
    assert any(f.severity is Severity.ERROR for f in findings)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_report_format_carries_the_finding_and_exits_1(name: str) -> None:
    rule, line, column = EXPECTED[name]
    path = str(BROKEN / name)
    reports = {}
    for fmt in ("text", "json", "junit"):
        out = io.StringIO()
        assert run(["validate", path, "--format", fmt], out, io.StringIO()) == 1
        reports[fmt] = out.getvalue()
    assert f"{path}:{line}:{column}: error [{rule}]" in reports["text"]
    found = json.loads(reports["json"])["findings"]
    assert {"file": path, "line": line, "column": column, "rule": rule} in \
        [{k: f[k] for k in ("file", "line", "column", "rule")} for f in found]
    junit = etree.fromstring(reports["junit"].encode())
    assert f"{path}:{line}:{column}: error [{rule}]" in junit.findtext("testcase/failure")


def test_a_valid_file_exits_0_with_an_empty_report() -> None:
    out = io.StringIO()
    assert run(["validate", str(BROKEN / "valid-minimal.tei.xml")], out, io.StringIO()) == 0
    assert out.getvalue() == "1 document: 0 error(s), 0 warning(s), 0 info\n"


def test_a_well_formedness_error_does_not_stop_the_other_files() -> None:
    out = io.StringIO()
    code = run(["validate", str(BROKEN / "not-well-formed.tei.xml"),
                str(BROKEN / "dangling-who.tei.xml"), "--format", "json"], out, io.StringIO())
    rules = {f["rule"] for f in json.loads(out.getvalue())["findings"]}
    assert code == 1 and {"xml:not-well-formed", "sch:who-resolves"} <= rules


def test_missing_files_and_broken_schemas_exit_2(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run(["validate", str(tmp_path / "absent.xml")], io.StringIO(), err) == 2
    assert "absent.xml" in err.getvalue()
    bad_schema = tmp_path / "bad.sch"
    bad_schema.write_text("<schema xmlns='http://purl.oclc.org/dsdl/schematron'><pattern>"
                          "<rule context='*['><assert test='1'>x</assert></rule></pattern>"
                          "</schema>")
    err = io.StringIO()
    assert run(["validate", str(BROKEN / "valid-minimal.tei.xml"), "--schematron",
                str(bad_schema)], io.StringIO(), err) == 2
    assert "bad.sch" in err.getvalue()


def test_json_output_is_checked_against_its_schema_with_locations() -> None:
    text = json.dumps({"id": "x", "title": 5}, indent=2)
    findings = validate_json(text, "x.json")
    title = next(f for f in findings if f.rule_id == "json:type")
    assert (title.location.line, title.location.column, title.location.path) == \
        (3, 12, "$.title")
    assert any(f.rule_id == "json:required" for f in findings)


RULES_DOC = """<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
    <publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>
    <profileDesc><particDesc><listPerson>
      <person xml:id="a"><persName>A</persName></person>
      <person xml:id="silent"><persName>S</persName></person>
    </listPerson></particDesc></profileDesc></teiHeader>
  <text><body>
    <sp who="#a"><p>No speaker label.</p></sp>
    <p>See <name ref="#nowhere">there</name> and <date when="2001" from="2000">then</date>.</p>
  </body></text>
</TEI>"""


@pytest.mark.parametrize(("rule", "severity", "line", "column"), [
    ("sch:sp-speaker", Severity.WARNING, 9, 5),
    ("sch:pointer-resolves", Severity.ERROR, 10, 12),
    ("sch:person-referenced", Severity.WARNING, 6, 7),
    ("sch:language-declared", Severity.INFO, 1, 1),
])
def test_each_bundled_rule_fires_where_it_should(rule: str, severity: Severity, line: int,
                                                 column: int) -> None:
    findings = validate_xml(RULES_DOC.encode(), "rules.xml", default_validators()[1:])
    assert (rule, severity, line, column) in \
        {(f.rule_id, f.severity, f.location.line, f.location.column) for f in findings}


def test_full_tei_runs_the_schematron_embedded_in_the_tei_schema(tei_all) -> None:
    document = load_xml(RULES_DOC.encode(), "rules.xml")
    findings = [f for f in tei_all.iter_findings(document) if f.rule_id.startswith("sch:")]
    assert [(f.severity, f.location.line, f.location.column) for f in findings] == \
        [(Severity.WARNING, 10, 50)]
    assert "@when" in findings[0].message


def test_the_json_report_follows_its_schema() -> None:
    out = io.StringIO()
    run(["validate", str(BROKEN / "dangling-who.tei.xml"), "--format", "json"], out,
        io.StringIO())
    report = JsonSchemaValidator(schema_path("report.schema.json"))
    assert list(report.iter_findings_text(out.getvalue(), "report.json")) == []


def test_a_user_schematron_in_xslt2_warns_without_failing_unless_strict(tmp_path: Path) -> None:
    schema = tmp_path / "user.sch"
    schema.write_text("""<schema xmlns="http://purl.oclc.org/dsdl/schematron"
        queryBinding="xslt2"><ns prefix="tei" uri="http://www.tei-c.org/ns/1.0"/>
      <pattern><rule context="tei:sp">
        <let name="ids" value="tokenize(normalize-space(@who), ' ')"/>
        <assert id="who-is-local" role="warning" see="https://example.org/rules#who"
                test="every $i in $ids satisfies starts-with($i, '#x')">who: <value-of
                select="$ids"/></assert>
      </rule></pattern></schema>""")
    document = str(BROKEN / "valid-minimal.tei.xml")
    out = io.StringIO()
    assert run(["validate", document, "--schematron", str(schema)], out, io.StringIO()) == 0
    assert f"{document}:34:9: warning [sch:who-is-local] who: #chair " \
           "(see https://example.org/rules#who)" in out.getvalue()
    assert run(["validate", document, "--schematron", str(schema), "--strict"],
               io.StringIO(), io.StringIO()) == 1


def test_compiled_schematron_is_cached_on_disk_by_prepared_content(
        tmp_path: Path, private_schema_cache: Path) -> None:
    (tmp_path / "part.sch").write_text(
        '<pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="*">'
        '<report id="one" test="false()">1</report></rule></pattern>')
    schema = tmp_path / "main.sch"
    schema.write_text('<schema xmlns="http://purl.oclc.org/dsdl/schematron">'
                      '<include href="part.sch"/></schema>')
    before = set(private_schema_cache.glob("schematron-*.xsl"))
    SchematronValidator(schema)
    first = set(private_schema_cache.glob("schematron-*.xsl")) - before
    assert len(first) == 1
    (tmp_path / "part.sch").write_text(
        '<pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="*">'
        '<report id="two" test="false()">2</report></rule></pattern>')
    SchematronValidator(schema)
    assert len(set(private_schema_cache.glob("schematron-*.xsl")) - before) == 2


@pytest.mark.skipif(not DRACOR.is_dir(), reason="../shared/corpus is not present")
def test_every_dracor_play_is_checked_against_full_tei_with_located_findings(tei_all) -> None:
    plays = sorted(DRACOR.glob("*.xml"))
    assert len(plays) == 37
    for play in plays:
        findings = validate_xml(play.read_bytes(), str(play), [tei_all])
        assert all(f.location.line > 0 for f in findings), play.name
        assert not [f for f in findings if f.severity is Severity.ERROR], \
            [str(f) for f in findings[:3]]


USER_RNG = """<grammar xmlns="http://relaxng.org/ns/structure/1.0"
    xmlns:sch="http://purl.oclc.org/dsdl/schematron" ns="urn:x-letters">
  <start><element name="letter"><attribute name="date"><text/></attribute><text/>
    <sch:pattern><sch:rule context="*[@date]">
      <sch:assert id="iso-date" test="matches(@date, '^\\d{4}-\\d\\d-\\d\\d$')">not ISO
      </sch:assert></sch:rule></sch:pattern>
  </element></start>
</grammar>"""


def test_a_user_relaxng_schema_runs_with_its_embedded_schematron(tmp_path: Path) -> None:
    schema = tmp_path / "letters.rng"
    schema.write_text(USER_RNG)
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_text('<letter xmlns="urn:x-letters" date="1986-07-31">Hi</letter>')
    bad.write_text('<letter xmlns="urn:x-letters" date="July 31">Hi</letter>')
    assert run(["validate", str(good), "--schema", str(schema)], io.StringIO(),
               io.StringIO()) == 0
    out = io.StringIO()
    assert run(["validate", str(bad), "--schema", str(schema)], out, io.StringIO()) == 1
    assert f"{bad}:1:1: error [sch:iso-date] not ISO" in out.getvalue()


def test_a_relaxng_schema_that_does_not_compile_exits_2(tmp_path: Path) -> None:
    schema = tmp_path / "broken.rng"
    schema.write_text('<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start>'
                      '<ref name="missing"/></start></grammar>')
    err = io.StringIO()
    assert run(["validate", str(BROKEN / "valid-minimal.tei.xml"), "--schema", str(schema)],
               io.StringIO(), err) == 2
    assert "broken.rng" in err.getvalue() and "rng:schema-error" in err.getvalue()


def test_json_files_are_validated_against_a_named_json_schema(tmp_path: Path) -> None:
    schema = tmp_path / "s.json"
    schema.write_text('{"$schema": "https://json-schema.org/draft/2020-12/schema",'
                      ' "type": "object", "required": ["title"]}')
    data = tmp_path / "d.json"
    data.write_text('{\n  "name": "x"\n}\n')
    out = io.StringIO()
    assert run(["validate", str(data), "--json-schema", str(schema)], out, io.StringIO()) == 1
    assert f"{data}:1:1: error [json:required] 'title' is a required property" in out.getvalue()


def test_a_link_to_another_document_is_not_an_error() -> None:
    """A volume published one document a file links across files: ``ref``/``ptr`` targets
    not in this document are allowed; any other pointer must resolve."""
    document = RULES_DOC.replace("<p>See", '<p><ref target="#d12">Document 12</ref> See')
    rules = {f.rule_id for f in validate_xml(document.encode(), "rules.xml",
                                             default_validators()[1:])}
    assert "sch:pointer-resolves" in rules  # the name pointing nowhere still is
    elsewhere = document.replace('<name ref="#nowhere">there</name>', "there")
    rules = {f.rule_id for f in validate_xml(elsewhere.encode(), "rules.xml",
                                             default_validators()[1:])}
    assert "sch:pointer-resolves" not in rules


def test_element_locations_are_start_tags_wherever_the_element_stands() -> None:
    """Line and column of start tags across a text longer than what the locator reads at a
    time, with several tags on a line, tags broken over lines and a namespace prefix: the
    same as expat gives reading the whole text; a text that expat cannot read gives lines."""
    rows = "".join(f'<t:row n="{i}"><t:c>a</t:c><t:c\n   k="v">b</t:c></t:row>\n'
                   for i in range(3000))
    data = f'<?xml version="1.0"?>\n<t:table xmlns:t="urn:t">\n{rows}</t:table>\n'.encode()
    assert len(data) > 4 * Locator.CHUNK
    tree = etree.ElementTree(etree.fromstring(data))
    starts: list[tuple[int, int]] = []
    parser = xml.parsers.expat.ParserCreate()
    parser.StartElementHandler = lambda *_: starts.append(
        (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))
    parser.Parse(data, True)
    elements = list(tree.getroot().iter(etree.Element))
    for index in (0, 1, 2, 3, 4000, len(elements) - 1, 5):  # out of order on purpose
        location = Locator(data, tree, "t.xml").of_element(elements[index])
        assert (location.line, location.column) == starts[index]
    locator = Locator(data, tree, "t.xml")
    assert [(locator.of_element(e).line, locator.of_element(e).column)
            for e in elements[::997]] == starts[::997]
    assert locator.positions == dict(zip(elements, starts, strict=True))
    unreadable = Locator(b"<t:table", tree, "t.xml").of_element(elements[3])
    assert (unreadable.line, unreadable.column) == (elements[3].sourceline, 0)


def test_a_locator_is_freed_with_its_document_without_waiting_for_the_collector() -> None:
    """No reference cycle through the locator (expat's handler): a build frees each
    document's tree as soon as it is done with it, which keeps its memory flat."""
    data = b"<a>" + b"<b/>" * 5000 + b"</a>"
    tree = etree.ElementTree(etree.fromstring(data))
    collecting = gc.isenabled()
    gc.disable()
    try:
        locator = Locator(data, tree, "a.xml")
        assert locator.of_element(tree.getroot()[4000]).column == 3 + 4 * 4000 + 1
        freed = weakref.ref(locator)
        del locator
        assert freed() is None
    finally:
        if collecting:
            gc.enable()
