"""Loading XML safely for validation: no entities, no DTDs, no network; errors as findings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from lxml import etree

from .. import xslt
from ..files import DEFAULT_MAX_INPUT_MB, read_input
from ..findings import Finding, Location, PipelineError, Severity
from ..locations import Locator

__all__ = ["XmlDocument", "load_xml", "read_xml", "safe_parser"]


def safe_parser(recover: bool = False) -> etree.XMLParser:
    """A parser that never reads or fetches anything beyond the bytes it is given: no
    external DTD or entity, no network; internal entities are expanded within libxml2's
    limits (an expansion bomb is refused quickly, whatever its size).

    libxml2's "huge" mode is on: a text node may be over 10 MB (a long paragraph written on
    one line) and nesting may go 2,048 levels deep, no further.  How much is read at all is
    bounded by the input size limit, checked before reading (:func:`read_xml`).

    (``collect_ids=False`` would make libxml2 load a document's external DTD subset, so
    duplicate ids are handled in :func:`load_xml` instead.)
    """
    return etree.XMLParser(resolve_entities="internal",  # type: ignore[arg-type]  # stubs lag lxml 5
                           no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=True, remove_blank_text=False, recover=recover)


@dataclass
class XmlDocument:
    """A parsed XML document with its bytes, its name for reports, and a locator."""

    source: str
    data: bytes
    tree: etree._ElementTree

    @cached_property
    def locator(self) -> Locator:
        return Locator(self.data, self.tree, self.source)

    @cached_property
    def saxon(self) -> Any:
        """The document as a Saxon node, parsed once for every validator and renderer."""
        return xslt.parse_tree(self.tree, self.source)


def load_xml(data: bytes, source: str) -> XmlDocument:
    """Parse XML bytes.

    Raises:
        PipelineError: the document is not well-formed (one finding per syntax error).
    """
    parser = safe_parser()
    try:
        root = _parse(data, parser)
    except etree.XMLSyntaxError as exc:
        findings = [Finding("xml:not-well-formed", Severity.ERROR, _explained(e.message),
                            Location(source, e.line, e.column))
                    for e in parser.error_log if e.level_name in {"ERROR", "FATAL"}]
        if not findings:
            line, column = exc.position
            findings = [Finding("xml:not-well-formed", Severity.ERROR, str(exc.msg),
                                Location(source, line, column))]
        raise PipelineError(findings) from exc
    if root is None:
        raise PipelineError([Finding("xml:empty", Severity.ERROR, "no XML content",
                                     Location(source, 1, 1))])
    return XmlDocument(source, data, root.getroottree())


def _parse(data: bytes, parser: etree.XMLParser) -> etree._Element | None:
    """Parse strictly; a document whose only errors are repeated xml:ids (which libxml2
    checks while parsing) is parsed again leniently, so the validators can report them."""
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        errors = [e for e in parser.error_log if e.level_name in {"ERROR", "FATAL"}]
        if errors and all(e.type_name == "DTD_ID_REDEFINED" for e in errors):
            return etree.fromstring(data, safe_parser(recover=True))
        raise


def _explained(message: str) -> str:
    """libxml2's message, with why when the cause is one of our safety limits."""
    if ("not defined" in message and message.startswith("Entity")) or \
            "network entity" in message:
        return f"{message} (external entities and DTDs are never read)"
    if "amplification" in message or "entity reference loop" in message.lower():
        return f"{message} (entity expansion refused)"
    if "Excessive depth" in message or "huge" in message.lower():
        return f"{message} (limits for untrusted input)"
    return message


def read_xml(path: str | Path, max_mb: float = DEFAULT_MAX_INPUT_MB) -> XmlDocument:
    """Read and parse an XML file (refusing one over ``max_mb`` megabytes); unreadable
    files raise PipelineError like bad XML."""
    return load_xml(read_input(Path(path), max_mb), str(path))
