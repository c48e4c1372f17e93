"""ISO Schematron without Java: compiled to XSLT 3.0 by xslt/schematron/ and run on saxonche.

The schema goes through three small stylesheets (include → expand → compile), like SchXslt;
the generated stylesheet writes SVRL, whose failed asserts and successful reports become
findings located at the line and column of the node they concern.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from .. import xslt
from ..files import cache_dir, read_input, write_atomic
from ..findings import Finding, Location, PipelineError, Severity
from ..resources import stylesheet_path
from .document import XmlDocument

__all__ = ["SchematronValidator", "compile_schematron", "is_relaxng"]

SVRL = "http://purl.oclc.org/dsdl/svrl"
RNG = b"http://relaxng.org/ns/structure/1.0"
STEPS = ("schematron/include.xsl", "schematron/expand.xsl", "schematron/compile.xsl")
#: Run first on a RELAX NG grammar: its embedded Schematron becomes the schema.
EXTRACT = "schematron/extract.xsl"


#: XPath functions that read or fetch beyond the document being validated.
OUTSIDE_READS = re.compile(
    r"(?<![\w.-])(?:[\w-]+:)?(?:doc|document|doc-available|unparsed-text(?:-lines|-available)?"
    r"|collection|uri-collection|json-doc|transform|load-xquery-module|environment-variable"
    r"|available-environment-variables)\s*\(")
XSL = "http://www.w3.org/1999/XSL/Transform"


class SchematronValidator:
    """Validates against one ISO Schematron schema, in a given phase.

    A schema may not read anything but the document (``doc()``, ``unparsed-text()``, …,
    included stylesheets, non-local includes) unless ``allow_external`` is set.
    """

    def __init__(self, schema: str | Path, phase: str = "#DEFAULT", name: str = "",
                 allow_external: bool = False) -> None:
        self.path = Path(schema)
        self.phase = phase
        self.name = name or f"sch:{self.path.name}"
        self.allow_external = allow_external
        self._compiled = (os.getpid(), compile_schematron(self.path, phase, allow_external))

    @property
    def executable(self) -> Any:
        """The compiled stylesheet, compiled again in a forked worker process (Saxon objects
        belong to the process that made them; the disk cache makes this cheap)."""
        if self._compiled[0] != os.getpid():
            self._compiled = (os.getpid(), compile_schematron(self.path, self.phase,
                                                              self.allow_external))
        return self._compiled[1]

    def iter_findings(self, document: XmlDocument) -> Iterator[Finding]:
        """Yield one finding per failed assert and successful report."""
        report = xslt.transform(self.executable, document.saxon, source=document.source).output
        svrl = etree.fromstring(report.encode("utf-8"))
        for result in svrl.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
            yield _finding(result, document)


def _finding(result: etree._Element, document: XmlDocument) -> Finding:
    pattern = result.getprevious()
    while pattern is not None and pattern.tag != f"{{{SVRL}}}active-pattern":
        pattern = pattern.getprevious()
    rule = result.get("id") or (pattern.get("id") if pattern is not None else None) or \
        ("assert" if result.tag.endswith("failed-assert") else "report")
    text = result.find(f"{{{SVRL}}}text")
    message = _flat_text(text)
    diagnostics = [_flat_text(d) for d in result.iter(f"{{{SVRL}}}diagnostic-reference")]
    if diagnostics:
        message = f"{message} ({'; '.join(diagnostics)})"
    return Finding(f"sch:{rule}", Severity.from_role(result.get("role")), message,
                   document.locator.of_path(result.get("location", "")), result.get("see", ""))


def _flat_text(element: etree._Element | None) -> str:
    """An element's text with runs of whitespace folded to one space."""
    if element is None:
        return ""
    return " ".join("".join(str(t) for t in element.itertext()).split())


def is_relaxng(data: bytes) -> bool:
    """Whether schema bytes are a RELAX NG grammar (which may embed Schematron)."""
    return RNG in data[:4096] and b"<grammar" in data[:4096]


def compile_schematron(path: Path, phase: str = "#DEFAULT", allow_external: bool = False) -> Any:
    """The compiled validating stylesheet of a schema in a phase.

    The schema is prepared (embedded Schematron extracted from RELAX NG, includes resolved,
    abstract patterns expanded) and then compiled to XSLT; that compiled XSLT is cached in
    the process and on disk, keyed by the prepared schema, the phase and the compiler's own
    stylesheets, so an edit to any of them (an included file too) is never served stale.

    Raises:
        PipelineError: the schema cannot be read, is not Schematron, or does not compile.
    """
    data = read_input(path)
    prepare = (EXTRACT, *STEPS[:-1]) if is_relaxng(data) else STEPS[:-1]
    prepared = _run_steps(path, data.decode("utf-8", errors="replace"), prepare, phase,
                          allow_external)
    compiler = stylesheet_path(STEPS[-1]).read_bytes()
    key = hashlib.sha256(b"\0".join([prepared.encode(), phase.encode(), compiler])).hexdigest()
    cached = cache_dir() / f"schematron-{key}.xsl"
    try:
        text = cached.read_text(encoding="utf-8")
    except OSError:
        text = _run_steps(path, prepared, STEPS[-1:], phase, allow_external)
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            write_atomic(cached, text.encode("utf-8"))
    if not allow_external:
        _refuse_outside_reads(text, path)
    return xslt.compile_stylesheet_text(text, f"schematron:{key}", str(path))


def _refuse_outside_reads(stylesheet: str, path: Path) -> None:
    """Refuse a compiled schema whose expressions could read files, URLs or the environment.

    Raises:
        PipelineError: naming each offending expression (exit code 2).
    """
    root = etree.fromstring(stylesheet.encode("utf-8"))
    offending = [f"{etree.QName(e).localname} href={e.get('href')!r}"
                 for e in root.iter(f"{{{XSL}}}include", f"{{{XSL}}}import",
                                    f"{{{XSL}}}import-schema")]
    offending += [str(value) for element in root.iter() for value in element.attrib.values()
                  if OUTSIDE_READS.search(str(value))]
    if offending:
        raise PipelineError([Finding(
            "sch:reads-outside", Severity.ERROR,
            f"the schema would read outside the document ({expression}); "
            "allow it with --allow-external", Location(str(path))) for expression in offending],
            exit_code=2)


def _run_steps(path: Path, text: str, steps: tuple[str, ...], phase: str,
               allow_external: bool) -> str:
    """Run the compiler's stylesheets in order on a schema's text."""
    try:
        for step in steps:
            node = xslt.parse_document(text, str(path))
            parameters: dict[str, str | bool] = \
                {"p.schematron.phase": phase} if step.endswith("compile.xsl") else \
                {"p.schematron.allow-external": allow_external} if step.endswith("include.xsl") \
                else {}
            text = xslt.transform(stylesheet_path(step), node, parameters, source=str(path)).output
    except PipelineError as exc:
        raise PipelineError([Finding("sch:schema-error", Severity.ERROR,
                                     f"Schematron schema does not compile: {f.message}",
                                     Location(str(path))) for f in exc.findings],
                            exit_code=2) from exc
    except Exception as exc:  # saxonche raises plain exceptions for unparsable text
        raise PipelineError([Finding("sch:schema-error", Severity.ERROR,
                                     f"Schematron schema is not well-formed XML: {exc}",
                                     Location(str(path)))], exit_code=2) from exc
    return text
