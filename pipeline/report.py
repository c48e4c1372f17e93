"""Report formats for findings: human text, JSON (schemas/report.schema.json) and JUnit XML."""

from __future__ import annotations

import json
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from .findings import Finding, Severity, sort_findings

__all__ = ["FORMATTERS", "format_json", "format_junit", "format_text", "summary"]


def summary(findings: Sequence[Finding], documents: int) -> str:
    """One line counting documents and findings by severity."""
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    plural = "" if documents == 1 else "s"
    return (f"{documents} document{plural}: {counts[Severity.ERROR]} error(s), "
            f"{counts[Severity.WARNING]} warning(s), {counts[Severity.INFO]} info")


def format_text(findings: Sequence[Finding], documents: int) -> str:
    """``FILE:LINE:COL: SEVERITY [RULE] message`` lines sorted by file and line, then a summary."""
    lines = [str(f) + (f" (see {f.see})" if f.see else "") for f in sort_findings(findings)]
    return "\n".join([*lines, summary(findings, documents)]) + "\n"


def format_json(findings: Sequence[Finding], documents: int) -> str:
    """A JSON report: the findings in order, and counts."""
    ordered = sort_findings(findings)
    return json.dumps({
        "documents": documents,
        "errors": sum(f.severity is Severity.ERROR for f in ordered),
        "warnings": sum(f.severity is Severity.WARNING for f in ordered),
        "findings": [f.to_dict() for f in ordered],
    }, ensure_ascii=False, indent=2) + "\n"


def format_junit(findings: Sequence[Finding], documents: int) -> str:
    """A JUnit XML report: one test case per file, failing with its errors."""
    by_file: dict[str, list[Finding]] = {}
    for finding in sort_findings(findings):
        by_file.setdefault(finding.location.file, []).append(finding)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    suite = ET.Element("testsuite", name="tei-pipeline validate", tests=str(max(documents, 1)),
                       failures=str(len({f.location.file for f in errors})))
    for file, items in by_file.items():
        case = ET.SubElement(suite, "testcase", classname="tei-pipeline", name=file)
        failing = [f for f in items if f.severity is Severity.ERROR]
        if failing:
            failure = ET.SubElement(case, "failure", message=f"{len(failing)} error(s)")
            failure.text = "\n".join(str(f) for f in failing)
        others = [f for f in items if f.severity is not Severity.ERROR]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(str(f) for f in others)
    return ET.tostring(suite, encoding="unicode") + "\n"


FORMATTERS = {"text": format_text, "json": format_json, "junit": format_junit}
