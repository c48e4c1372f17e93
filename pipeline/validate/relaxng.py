"""RELAX NG validation with lxml (XML or compact syntax); errors located at the offending
element's start tag, and errors in the schema at their place in the schema's own file."""

from __future__ import annotations

import hashlib
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..files import read_input
from ..findings import Finding, Location, PipelineError, Severity
from .document import XmlDocument, safe_parser
from .relaxng_compact import is_compact, read_compact

__all__ = ["RelaxNGValidator"]

_compiled: dict[str, etree.RelaxNG] = {}


class RelaxNGValidator:
    """Validates against one RELAX NG schema (``.rng``, or ``.rnc`` in compact syntax),
    compiled once per process."""

    def __init__(self, schema: str | Path, name: str = "") -> None:
        self.path = Path(schema)
        self.name = name or f"rng:{self.path.name}"
        self.schema = _compile(self.path)
        self.schema_findings: tuple[Finding, ...] = ()

    def iter_findings(self, document: XmlDocument) -> Iterator[Finding]:
        """Yield one finding per RELAX NG error, at the element it concerns."""
        if self.schema.validate(document.tree):
            return
        seen: set[tuple[int, str, str]] = set()
        for entry in self.schema.error_log:
            location = document.locator.of_path(entry.path, entry.line) if entry.path else \
                Location(document.source, entry.line, entry.column)
            rule = "rng:" + entry.type_name.removeprefix("RELAXNG_ERR_").lower().replace("_", "-")
            key = (location.line, location.path, entry.message)
            if key not in seen:
                seen.add(key)
                yield Finding(rule, Severity.ERROR, entry.message, location)


def _compile(path: Path) -> etree.RelaxNG:
    """Compile a schema once per process, keyed by its content hash.

    Raises:
        PipelineError: the schema cannot be read or does not compile (exit code 2, at the
            file, line and column in the schema where lxml found the problem).
    """
    data = read_input(path)
    key = hashlib.sha256(data + path.suffix.encode()).hexdigest()
    if key not in _compiled:
        if is_compact(path):
            compact = read_compact(path)
            tree, locate = compact.tree, compact.location
        else:
            tree, locate = _parse_schema(data, path), None
        try:
            _compiled[key] = etree.RelaxNG(tree)
        except etree.RelaxNGParseError as exc:
            entry = exc.error_log.last_error if exc.error_log else None
            location = Location(str(path)) if entry is None else \
                locate(entry.line) if locate else \
                Location(_file_of(entry.filename) or str(path), entry.line, entry.column)
            raise PipelineError([Finding(
                "rng:schema-error", Severity.ERROR,
                f"schema does not compile: {entry.message if entry else exc}", location)],
                exit_code=2) from exc
    return _compiled[key]


def _parse_schema(data: bytes, path: Path) -> etree._ElementTree:
    try:
        return etree.fromstring(data, safe_parser(), base_url=str(path.resolve())).getroottree()
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise PipelineError([Finding("rng:schema-error", Severity.ERROR,
                                     f"schema is not well-formed XML: {exc.msg}",
                                     Location(str(path), line, column))], exit_code=2) from exc


def _file_of(url: str | None) -> str:
    """A file name from the URL libxml2 reports (a file: URL or a plain path)."""
    if not url:
        return ""
    return urllib.request.url2pathname(urllib.parse.urlparse(url).path) \
        if url.startswith("file:") else url
