"""Schematron compiled to XSLT 3.0: each ISO feature on a tiny schema and document."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree

from pipeline import xslt
from pipeline.cli import run
from pipeline.findings import PipelineError, Severity
from pipeline.validate import SchematronValidator, load_xml
from pipeline.validate.schematron import compile_schematron

from .conftest import FIXTURES

DOC = b"""<doc xmlns="urn:x-test">
  <item kind="a b" n="1">one</item>
  <item kind="c" n="2">two</item>
  <item kind="a" n="x">three</item>
</doc>"""

SCHEMA = """<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="{binding}"
    {extra}>
  <ns prefix="t" uri="urn:x-test"/>
  {body}
</schema>"""


def findings(tmp_path: Path, body: str, *, binding: str = "xslt2", phase: str = "#DEFAULT",
             extra: str = "", doc: bytes = DOC) -> list[tuple[str, Severity, int, str]]:
    path = tmp_path / "s.sch"
    path.write_text(SCHEMA.format(binding=binding, extra=extra, body=body), encoding="utf-8")
    validator = SchematronValidator(path, phase)
    return [(f.rule_id, f.severity, f.location.line, f.message)
            for f in validator.iter_findings(load_xml(doc, "doc.xml"))]


def test_xpath2_tokenize_every_and_let_with_a_warning_role(tmp_path: Path) -> None:
    body = """<pattern id="kinds"><rule context="t:item">
        <let name="kinds" value="tokenize(@kind, ' ')"/>
        <assert id="known-kinds" role="warning"
                test="every $k in $kinds satisfies $k = ('a', 'b')">Unknown kind in
                <value-of select="string-join($kinds, '+')"/>.</assert>
        <assert id="numeric" test="matches(@n, '^\\d+$')">n is not a number</assert>
      </rule></pattern>"""
    assert findings(tmp_path, body) == [
        ("sch:known-kinds", Severity.WARNING, 3, "Unknown kind in c."),
        ("sch:numeric", Severity.ERROR, 4, "n is not a number")]


def test_reports_fire_when_true_and_roles_give_severity(tmp_path: Path) -> None:
    body = """<pattern><rule context="t:item[@n = '2']">
        <report id="two" role="info" test="true()">found <name/></report></rule></pattern>"""
    assert findings(tmp_path, body) == [("sch:two", Severity.INFO, 3, "found item")]


def test_the_first_matching_rule_of_a_pattern_wins(tmp_path: Path) -> None:
    body = """<pattern>
        <rule context="t:item[@n = '1']"><report id="first" test="true()">1</report></rule>
        <rule context="t:item"><report id="general" test="true()">g</report></rule>
      </pattern>"""
    assert [f[0] for f in findings(tmp_path, body)] == \
        ["sch:first", "sch:general", "sch:general"]


def test_phases_select_patterns(tmp_path: Path) -> None:
    body = """<phase id="only-b"><active pattern="b"/></phase>
      <pattern id="a"><rule context="t:doc"><report id="in-a" test="true()">a</report></rule>
      </pattern>
      <pattern id="b"><rule context="t:doc"><report id="in-b" test="true()">b</report></rule>
      </pattern>"""
    assert [f[0] for f in findings(tmp_path, body)] == ["sch:in-a", "sch:in-b"]
    assert [f[0] for f in findings(tmp_path, body, phase="only-b")] == ["sch:in-b"]
    assert [f[0] for f in findings(tmp_path, body, extra='defaultPhase="only-b"')] == \
        ["sch:in-b"]


def test_diagnostics_are_added_to_the_message(tmp_path: Path) -> None:
    body = """<pattern><rule context="t:item[@n = 'x']">
        <assert id="num" test="false()" diagnostics="why">bad n</assert></rule></pattern>
      <diagnostics><diagnostic id="why">n is <value-of select="@n"/></diagnostic></diagnostics>"""
    assert findings(tmp_path, body)[0][3] == "bad n (n is x)"


def test_abstract_patterns_and_rules_are_instantiated(tmp_path: Path) -> None:
    body = """<pattern abstract="true" id="has-attr">
        <rule context="$element"><assert id="attr" test="@$attribute">missing</assert></rule>
      </pattern>
      <pattern is-a="has-attr"><param name="element" value="t:item"/>
        <param name="attribute" value="color"/></pattern>
      <pattern><rule abstract="true" id="texty"><assert id="text" test="string()">empty</assert>
        </rule><rule context="t:doc"><extends rule="texty"/></rule></pattern>"""
    assert [(f[0], f[2]) for f in findings(tmp_path, body)] == \
        [("sch:attr", 2), ("sch:attr", 3), ("sch:attr", 4)]


def test_include_brings_in_a_pattern_from_another_file(tmp_path: Path) -> None:
    (tmp_path / "part.sch").write_text(
        """<pattern xmlns="http://purl.oclc.org/dsdl/schematron"><rule context="t:doc">
        <report id="included" test="true()">here</report></rule></pattern>""")
    body = '<include href="part.sch"/>'
    assert [f[0] for f in findings(tmp_path, body)] == ["sch:included"]


@pytest.mark.parametrize("binding", ["xslt", "xslt3"])
def test_other_xslt_bindings_are_accepted(tmp_path: Path, binding: str) -> None:
    body = """<pattern><rule context="t:doc"><report id="r" test="count(*) = 3">3</report>
      </rule></pattern>"""
    assert [f[0] for f in findings(tmp_path, body, binding=binding)] == ["sch:r"]


def test_an_unknown_binding_or_phase_is_a_schema_error(tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as raised:
        findings(tmp_path, "<pattern/>", binding="python")
    assert raised.value.exit_code == 2 and "queryBinding" in str(raised.value)
    with pytest.raises(PipelineError):
        findings(tmp_path, "<pattern/>", phase="nope")


def test_a_project_style_schema_runs_on_frus_tei_without_the_network(corpus: Path) -> None:
    """The project's web services are not asked: the two rules that need them are reported
    once each (not once per document), every other rule runs and finds what it should."""
    schema = FIXTURES / "validate" / "frus-style-project.sch"
    documents = sorted((corpus / "frus1981-88v05").glob("*.tei.xml"))
    out = io.StringIO()
    assert run(["validate", "--skip-project", "--schematron", str(schema), "--format", "json",
                *map(str, documents)], out, io.StringIO()) == 1
    findings = json.loads(out.getvalue())["findings"]
    skipped = [f for f in findings if f["rule"] == "sch:needs-external"]
    assert [(f["file"], f["line"], f["column"], f["severity"]) for f in skipped] == \
        [(str(schema), 36, 5, "warning"), (str(schema), 51, 5, "warning")]
    assert "1 of 2 checks of rule 'tei:pb[@n castable as xs:integer]'" in skipped[0]["message"]
    assert "records.example.org/volumes.xml" in skipped[1]["message"]
    in_tei = [f for f in findings if f not in skipped]
    assert in_tei and all(f["file"] in map(str, documents) and f["line"] > 0 for f in in_tei)
    assert {f["rule"] for f in in_tei} == {"sch:house-rend", "sch:local-target"}
    house = [f for f in in_tei if f["rule"] == "sch:house-rend"]
    assert all('"sectiontitleital"' in f["message"] for f in house)  # italic etc. are listed


def test_abstract_pattern_parameters_fill_the_properties_of_each_instance(
        tmp_path: Path) -> None:
    body = """<pattern abstract="true" id="needs">
        <rule context="$element"><assert id="needs" test="@$attribute" properties="fix">no
        @$attribute</assert></rule></pattern>
      <pattern is-a="needs"><param name="element" value="t:item"/>
        <param name="attribute" value="color"/></pattern>
      <properties><property id="fix" role="fix">add @$attribute to <name/></property>
      </properties>"""
    path = tmp_path / "s.sch"
    path.write_text(SCHEMA.format(binding="xslt2", extra="", body=body), encoding="utf-8")
    compiled = compile_schematron(path)
    document = load_xml(DOC, "doc.xml")
    svrl = etree.fromstring(xslt.transform(compiled.executable, document.saxon).output.encode())
    properties = svrl.findall(".//{http://purl.oclc.org/dsdl/svrl}property-reference")
    assert [(p.get("role"), " ".join("".join(p.itertext()).split())) for p in properties] == \
        [("fix", "add @color to item")] * 3


def test_a_check_that_fails_on_a_document_is_reported_at_the_check_in_the_schema(
        tmp_path: Path) -> None:
    body = """<pattern><rule context="t:item">
        <assert id="fine" test="true()">fine</assert>
        <assert id="cast" test="xs:integer(@n) gt 0">positive</assert>
      </rule></pattern>"""
    path = tmp_path / "s.sch"
    path.write_text(SCHEMA.format(binding="xslt2", extra="", body=body), encoding="utf-8")
    with pytest.raises(PipelineError) as raised:
        list(SchematronValidator(path).iter_findings(load_xml(DOC, "doc.xml")))
    finding = raised.value.findings[0]
    assert (finding.location.file, finding.location.line) == (str(path), 6)
    assert "doc.xml" in finding.message and "FORG0001" in finding.message
