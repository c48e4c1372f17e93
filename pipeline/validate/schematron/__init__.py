"""ISO Schematron without Java: compiled to XSLT 3.0 and run on saxonche.

A schema goes through small steps, one module or stylesheet each, as in SchXslt:
read, with where each element was written (:mod:`.source`; the Schematron embedded in a
RELAX NG grammar, ``.rng`` or ``.rnc``, too) → include (:mod:`.include`) → check
(:mod:`.checks`) → expand abstract patterns and rules (``xslt/schematron/expand.xsl``) →
confine what reads outside the document (:mod:`.sandbox`) → compile to XSLT
(``xslt/schematron/compile.xsl``).  The generated stylesheet writes SVRL, whose failed asserts
and successful reports become findings located at the line and column of the node they
concern; an error in the schema is reported at the line and column where the user wrote it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from lxml import etree

from ... import xslt
from ...files import cache_dir, file_url_path, write_atomic
from ...findings import Finding, Location, PipelineError, Severity
from ...locations import Locator
from ...resources import stylesheet_path
from ..document import XmlDocument
from ..relaxng_compact import read_compact
from .checks import active_patterns, check_schema
from .include import resolve_includes
from .sandbox import confine
from .source import SCH, SRC, is_relaxng, read_schema, src_location

__all__ = ["CompiledSchema", "SchematronValidator", "compile_schematron", "is_relaxng",
           "prepare_schematron"]

SVRL = "http://purl.oclc.org/dsdl/svrl"
EXPAND = "schematron/expand.xsl"
COMPILE = "schematron/compile.xsl"
SAXON_LINE = re.compile(r"on line (\d+)(?: column (\d+))?")


class SchematronValidator:
    """Validates against one ISO Schematron schema, in a given phase.

    Unless ``allow_external`` is set, the schema may not read anything but the document:
    checks that would (``doc()``, ``unparsed-text()``, …, stylesheets or includes that are not
    local files) are not run, and :attr:`schema_findings` says which, once.
    """

    def __init__(self, schema: str | Path, phase: str = "#DEFAULT", name: str = "",
                 allow_external: bool = False) -> None:
        self.path = Path(schema)
        self.phase = phase
        self.name = name or f"sch:{self.path.name}"
        self.allow_external = allow_external
        self._compiled = (os.getpid(), compile_schematron(self.path, phase, allow_external))
        self.schema_findings = self._compiled[1].notices

    @property
    def compiled(self) -> CompiledSchema:
        """The compiled schema, compiled again in a forked worker process (Saxon objects
        belong to the process that made them; the disk cache makes this cheap)."""
        if self._compiled[0] != os.getpid():
            self._compiled = (os.getpid(), compile_schematron(self.path, self.phase,
                                                              self.allow_external))
        return self._compiled[1]

    def iter_findings(self, document: XmlDocument) -> Iterator[Finding]:
        """Yield one finding per failed assert and successful report.

        Raises:
            PipelineError: a check failed with a dynamic error on this document (located at
                the check in the schema).
        """
        compiled = self.compiled
        try:
            report = xslt.transform(compiled.executable, document.saxon,
                                    source=document.source).output
        except PipelineError as exc:
            raise PipelineError([replace(
                f, location=compiled.source_of(f.message) or f.location,
                message=f"a check failed on {document.source}: {f.message}")
                for f in exc.findings]) from exc
        svrl = etree.fromstring(report.encode("utf-8"))
        for result in svrl.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
            yield _finding(result, document)


@dataclass
class CompiledSchema:
    """A schema compiled to a validating stylesheet: the executable, the stylesheet's text
    (its ``p:src`` attributes locate errors in the schema) and the schema's notices."""

    executable: Any
    stylesheet: str
    notices: tuple[Finding, ...] = ()

    @cached_property
    def _sources(self) -> list[tuple[tuple[int, int], str, str]]:
        """(line, column) of the start tag of every element of the stylesheet that has (or
        inherits) a ``p:src``, its name and that ``p:src``, in document order."""
        data = self.stylesheet.encode("utf-8")
        tree = etree.fromstring(data).getroottree()
        positions = Locator(data, tree, "").positions
        found = []
        for element in tree.getroot().iter(etree.Element):
            source = next((e.get(SRC) for e in (element, *element.iterancestors())
                           if e.get(SRC)), None)
            if source and element in positions:
                found.append((positions[element], etree.QName(element).localname, source))
        return found

    def source_of(self, saxon_message: str) -> Location | None:
        """Where in the schema the stylesheet position that a Saxon message names was written:
        the last element that starts before ``line N column M`` — the last of the kind the
        message names (``at xsl:variable``, ``in xsl:if/@test``), since Saxon may place an
        error a little after the element it concerns."""
        match = SAXON_LINE.search(saxon_message)
        if match is None:
            return None
        position = (int(match.group(1)), int(match.group(2) or 10**9))
        before = [(name, source) for start, name, source in self._sources if start <= position]
        named = re.search(r"(?:at|in) xsl:([\w-]+)", saxon_message)
        same_kind = [source for name, source in before if named and name == named.group(1)]
        if same_kind:
            return src_location(same_kind[-1])
        return src_location(before[-1][1]) if before else None


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
                   document.locator.of_path(result.get("location", "")), result.get("see", ""),
                   lang=result.get("{http://www.w3.org/XML/1998/namespace}lang", ""))


def _flat_text(element: etree._Element | None) -> str:
    """An element's text with runs of whitespace folded to one space."""
    if element is None:
        return ""
    return " ".join("".join(str(t) for t in element.itertext()).split())


def prepare_schematron(path: Path, phase: str = "#DEFAULT",
                       allow_external: bool = False) -> tuple[str, list[Finding]]:
    """A schema made ready to compile (read, included, checked, expanded, confined), as
    text, and its notices (what was not read or will not run).

    Raises:
        PipelineError: the schema cannot be read or is wrong (exit code 2, located).
    """
    included = resolve_includes(read_schema(path), allow_external)
    schema = included.tree.getroot()
    check_schema(schema, phase)
    text = etree.tostring(schema, encoding="unicode")
    expanded = _run_step(EXPAND, text, path) if _has_abstractions(schema) else text
    root = etree.fromstring(expanded.encode("utf-8"), base_url=path.resolve().as_uri())
    notices = confine(root, active_patterns(root, phase), allow_external,
                      included.unread_stylesheets, _xml_form)
    return etree.tostring(root, encoding="unicode"), [*included.notices, *notices]


def _has_abstractions(schema: etree._Element) -> bool:
    """Whether a schema has what the expand step instantiates (abstract patterns and rules,
    and what uses them); without any, the step would only copy it (and a process need not
    compile it)."""
    return bool(schema.xpath("//sch:pattern[@abstract = 'true' or @is-a]"
                             " | //sch:rule[@abstract = 'true'] | //sch:extends[@rule]",
                             namespaces={"sch": SCH}))


def compile_schematron(path: Path, phase: str = "#DEFAULT",
                       allow_external: bool = False) -> CompiledSchema:
    """The compiled validating stylesheet of a schema in a phase.

    The prepared schema is compiled to XSLT; that XSLT is cached in the process and on disk,
    keyed by the prepared schema, the phase and the compiler, so an edit to any of them (an
    included file too) is never served stale.

    Raises:
        PipelineError: the schema cannot be read, is wrong, or does not compile (exit code 2,
            at the file, line and column of the offending element in the schema).
    """
    prepared, notices = prepare_schematron(path, phase, allow_external)
    compiler = stylesheet_path(COMPILE).read_bytes()
    key = hashlib.sha256(b"\0".join([prepared.encode(), phase.encode(), compiler,
                                     str(allow_external).encode()])).hexdigest()
    cached = cache_dir() / f"schematron-{key}.xsl"
    try:
        text = cached.read_text(encoding="utf-8")
    except OSError:
        text = _run_step(COMPILE, prepared, path, {"p.schematron.phase": phase})
        with contextlib.suppress(OSError):  # a read-only cache only costs time
            write_atomic(cached, text.encode("utf-8"))
    compiled = CompiledSchema(None, text, tuple(notices))
    try:
        compiled.executable = xslt.compile_stylesheet_text(text, f"schematron:{key}", str(path))
    except PipelineError:
        raise _located_compile_error(path, prepared, phase) from None
    return compiled


def _located_compile_error(path: Path, prepared: str, phase: str) -> PipelineError:
    """The error of a schema that does not compile, at the rule or expression that is wrong.

    The schema is compiled again in the form where each expression stands in its own
    instruction (every node walked rather than the candidates of all of a pattern's rules
    selected at once), so that each error is reported once, at its own element.
    """
    text = _run_step(COMPILE, prepared, path, {"p.schematron.phase": phase,
                                               "p.schematron.select-candidates": False})
    compiled = CompiledSchema(None, text)
    key = hashlib.sha256(text.encode()).hexdigest()
    try:
        xslt.compile_stylesheet_text(text, f"schematron-errors:{key}", str(path))
    except PipelineError as exc:
        return PipelineError([Finding(
            "sch:schema-error", Severity.ERROR,
            f"the schema does not compile: {_saxon_explanation(f.message)}",
            compiled.source_of(f.message) or Location(str(path))) for f in exc.findings],
            exit_code=2)
    return PipelineError([Finding("sch:schema-error", Severity.ERROR,
                                  "the schema does not compile", Location(str(path)))],
                         exit_code=2)


def _saxon_explanation(message: str) -> str:
    """Saxon's account of a compile error without the generated stylesheet's name and lines:
    the expression (when it names one), the error code and what is wrong."""
    text = message.split("does not compile:", 1)[-1]
    expression = re.search(r"Error in \{(.*?)\} at char", text, re.DOTALL)
    lines = [line.strip() for line in text.strip().splitlines()[1:] if line.strip()]
    explanation = " ".join(lines) or SAXON_LINE.sub("", text).strip()
    return f"in {expression.group(1)!r}: {explanation}" if expression else explanation


def _run_step(step: str, text: str, path: Path,
              parameters: dict[str, str | bool] | None = None) -> str:
    """Run one of the compiler's stylesheets on a schema's text."""
    try:
        node = xslt.parse_document(text, str(path))
        return xslt.transform(stylesheet_path(step), node, parameters, source=str(path)).output
    except PipelineError as exc:
        raise PipelineError([Finding("sch:schema-error", Severity.ERROR,
                                     f"the schema cannot be compiled: {f.message}",
                                     Location(str(path))) for f in exc.findings],
                            exit_code=2) from exc


def _xml_form(uri: str) -> str:
    """The URI of a schema file as XML: a ``.rnc`` file is written as RELAX NG XML into the
    cache (``document('')`` in its Schematron reads that)."""
    if not uri.lower().endswith(".rnc"):
        return uri
    path = file_url_path(uri)
    data = etree.tostring(read_compact(path).tree, xml_declaration=True, encoding="UTF-8")
    target = cache_dir() / f"rnc-{hashlib.sha256(data).hexdigest()}.rng"
    if not target.exists():
        write_atomic(target, data)
    return target.as_uri()
