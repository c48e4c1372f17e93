"""RELAX NG validation with lxml; errors located at the offending element's start tag."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..files import read_input
from ..findings import Finding, Location, PipelineError, Severity
from .document import XmlDocument, safe_parser

__all__ = ["RelaxNGValidator"]

_compiled: dict[str, etree.RelaxNG] = {}


class RelaxNGValidator:
    """Validates against one RELAX NG schema (XML syntax), compiled once per process."""

    def __init__(self, schema: str | Path, name: str = "") -> None:
        self.path = Path(schema)
        self.name = name or f"rng:{self.path.name}"
        self.schema = _compile(self.path)

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
    """Compile a schema once per process, keyed by its content hash."""
    data = read_input(path)
    key = hashlib.sha256(data).hexdigest()
    if key not in _compiled:
        try:
            tree = etree.fromstring(data, safe_parser(), base_url=str(path.resolve())).getroottree()
            _compiled[key] = etree.RelaxNG(tree)
        except (etree.XMLSyntaxError, etree.RelaxNGParseError) as exc:
            entry = exc.error_log.last_error if exc.error_log else None  # type: ignore[union-attr]
            raise PipelineError([Finding(
                "rng:schema-error", Severity.ERROR, f"schema does not compile: {exc}",
                Location(str(path), entry.line if entry else 0,
                         entry.column if entry else 0))], exit_code=2) from exc
    return _compiled[key]
