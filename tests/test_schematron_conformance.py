"""The Schematron conformance suite: every file in ``fixtures/schematron/`` is one testcase.

A testcase holds a schema (``<schema-file>``, written out as ``schema.sch``), any other files
it needs (``<file name="…">``), a document (``<document>``) and what must come of it::

    <testcase xmlns="urn:x-tei-pipeline:testcase" expect="valid|invalid|schema-error"
              [phase="…"] [allow-external="true"]>
      <label>what it shows</label>
      <schema-file>…</schema-file> <file name="lib.xsl">…</file> <document>…</document>
      <finding rule="sch:x" severity="error" line="3" [contains="…"] [lang="de"]/>  (all of them)
      <notice rule="sch:needs-external" line="5" [contains="…"]/>        (all of them)
      <schema-error line="4" [column="7"] [contains="…"]/>                (one of them)
    </testcase>

Each file is written exactly as the testcase has it, from its first element on: lines of
findings count from the document's root element (line 1), lines of notices and schema errors
from the schema's root element; columns are the testcase's own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline.findings import PipelineError
from pipeline.validate import SchematronValidator, load_xml, schematron
from pipeline.validate.schematron import prepare_schematron

CASES = Path(__file__).parent / "fixtures" / "schematron"
T = "urn:x-tei-pipeline:testcase"


def _child(case: etree._Element, name: str) -> etree._Element | None:
    return case.find(f"{{{T}}}{name}")


def _held(text: str, holder: str) -> list[tuple[str, str]]:
    """(name, content) of each holder element of a testcase's text: the content as written,
    from its first element to its last."""
    pattern = rf'<{holder}(?: name="([^"]*)")?>\s*(.*?)\s*</{holder}>'
    return re.findall(pattern, text, re.DOTALL)


def _matches(actual: dict[str, object], expected: etree._Element) -> bool:
    for attribute, value in expected.attrib.items():
        if attribute == "contains":
            if value not in str(actual["message"]):
                return False
        elif str(actual.get(attribute)) != value:
            return False
    return True


def _write_schema(text: str, folder: Path) -> Path:
    """Write a testcase's schema (``schema.sch``) and the other files it needs into a folder."""
    schema = folder / "schema.sch"
    [(_, schema_text)] = _held(text, "schema-file")
    schema.write_text(schema_text, encoding="utf-8")
    for name, content in _held(text, "file"):
        (folder / name).write_text(content, encoding="utf-8")
    return schema


@pytest.mark.parametrize("case_file", sorted(CASES.glob("*.xml")), ids=lambda p: p.stem)
def test_schematron_conformance(case_file: Path, tmp_path: Path) -> None:
    text = case_file.read_text(encoding="utf-8")
    case = etree.fromstring(text.encode("utf-8"))
    schema = _write_schema(text, tmp_path)
    [(_, document_text)] = _held(text, "document")
    expect = case.get("expect")
    try:
        validator = SchematronValidator(schema, case.get("phase", "#DEFAULT"),
                                        allow_external=case.get("allow-external") == "true")
    except PipelineError as exc:
        assert expect == "schema-error", f"{case_file.name}: {exc}"
        assert exc.exit_code == 2
        wanted = _child(case, "schema-error")
        if wanted is not None:
            errors = [{"line": f.location.line, "column": f.location.column,
                       "message": f.message, "file": f.location.file} for f in exc.findings]
            assert any(_matches(e, wanted) for e in errors), errors
            assert all(e["file"] == str(schema) for e in errors), errors
        return
    assert expect != "schema-error", f"{case_file.name}: the schema was accepted"
    document = load_xml(document_text.encode("utf-8"), "document.xml")
    findings = list(validator.iter_findings(document))
    errors = [f for f in findings if f.severity.value == "error"]
    assert bool(errors) == (expect == "invalid"), [str(f) for f in findings]
    _expect_all(case, "finding", [
        {"rule": f.rule_id, "severity": f.severity.value, "line": f.location.line,
         "message": f.message, "lang": f.lang} for f in findings])
    _expect_all(case, "notice", [
        {"rule": f.rule_id, "severity": f.severity.value, "line": f.location.line,
         "message": f.message, "file": f.location.file} for f in validator.schema_findings])


def _expect_all(case: etree._Element, kind: str, actual: list[dict[str, object]]) -> None:
    """When a testcase lists findings (or notices), exactly those come, in document order."""
    wanted = list(case.iterfind(f"{{{T}}}{kind}"))
    if not wanted and kind == "finding":
        return
    ordered = sorted(actual, key=lambda a: (int(str(a["line"])), str(a["rule"])))
    assert len(ordered) == len(wanted), ordered
    for got, expected in zip(ordered, wanted, strict=True):
        assert _matches(got, expected), (got, dict(expected.attrib))


def _prepared(schema: Path, case: etree._Element) -> bytes:
    prepared, _ = prepare_schematron(schema, case.get("phase", "#DEFAULT"),
                                     case.get("allow-external") == "true")
    return etree.tostring(etree.fromstring(prepared.encode("utf-8")), method="c14n2")


@pytest.mark.parametrize("case_file", sorted(CASES.glob("*.xml")), ids=lambda p: p.stem)
def test_a_schema_with_nothing_abstract_is_prepared_as_the_expand_step_would_have_it(
        case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The expand step runs only on a schema with abstract patterns or rules (a process that
    needs none does not compile it): without, what is compiled is the same as when it runs."""
    text = case_file.read_text(encoding="utf-8")
    case = etree.fromstring(text.encode("utf-8"))
    if case.get("expect") == "schema-error":
        pytest.skip("a schema that is wrong: test_schematron_conformance checks its error")
    schema = _write_schema(text, tmp_path)
    ran: list[str] = []
    run_step = schematron._run_step
    monkeypatch.setattr(schematron, "_run_step", lambda *a: ran.append(a[0]) or run_step(*a))
    as_prepared = _prepared(schema, case)
    abstract = "abstract" in schema.read_text(encoding="utf-8")
    assert ran == ([schematron.EXPAND] if abstract else [])
    monkeypatch.setattr(schematron, "_has_abstractions", lambda schema: True)
    assert _prepared(schema, case) == as_prepared
