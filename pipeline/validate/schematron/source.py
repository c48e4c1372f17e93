"""Reading a Schematron schema — an ``.sch`` file, or the Schematron embedded in a RELAX NG
grammar (``.rng`` or ``.rnc``) — with where each of its elements was written.

Every element gets a ``p:src`` attribute, ``FILE:LINE:COLUMN`` of its start tag, which the
later steps carry along, so that a schema error, a compile error or a skipped rule is reported
in the user's file, never in a generated stylesheet.
"""

from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path
from typing import Any

from lxml import etree

from ...files import read_input
from ...findings import Finding, Location, PipelineError, Severity
from ...locations import Locator
from ..document import safe_parser
from ..relaxng_compact import RNG, is_compact, read_compact

__all__ = ["SCH", "SRC", "XSL", "copy_in_scope", "element_source", "is_relaxng", "read_located",
           "read_schema", "source_line", "src_location"]

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
#: The attribute that records where a schema element was written.
SRC = "{urn:x-tei-pipeline}src"


def read_schema(path: Path) -> etree._ElementTree:
    """A Schematron schema with ``p:src`` on every element; a RELAX NG grammar gives the
    Schematron embedded in it (its ``ns``, ``let`` and ``pattern`` elements).

    Raises:
        PipelineError: the file cannot be read or parsed (exit code 2, located).
    """
    tree = read_located(path)
    root = tree.getroot()
    if etree.QName(root).namespace == RNG:
        return _embedded_schematron(root, path)
    return tree


def read_located(path: Path) -> etree._ElementTree:
    """Any schema file (``.rnc`` read as RELAX NG XML) with ``p:src`` on every element."""
    if is_compact(path):
        compact = read_compact(path)
        for element in compact.tree.iter(etree.Element):
            element.set(SRC, str(compact.location(source_line(element))))
        return compact.tree
    data = read_input(path)
    try:
        root = etree.fromstring(data, safe_parser(), base_url=path.resolve().as_uri())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise PipelineError([Finding("sch:schema-error", Severity.ERROR,
                                     f"the schema is not well-formed XML: {exc.msg}",
                                     Location(str(path), line, column))], exit_code=2) from exc
    tree = root.getroottree()
    locator = Locator(data, tree, str(path))
    for element in root.iter(etree.Element):
        element.set(SRC, str(locator.of_element(element)))
    return tree


def is_relaxng(path: Path) -> bool:
    """Whether a schema file is a RELAX NG grammar (which may embed Schematron)."""
    if is_compact(path):
        return True
    head = read_input(path)[:4096]
    return RNG.encode() in head and b"<grammar" in head


def _embedded_schematron(grammar: etree._Element, path: Path) -> etree._ElementTree:
    """One schema of the Schematron a grammar embeds (as the TEI's generated schemas carry
    their constraints): its ns declarations (one per prefix), lets and patterns."""
    schema = etree.Element(f"{{{SCH}}}schema", queryBinding="xslt2",
                           nsmap={"sch": SCH})
    schema.set(SRC, grammar.get(SRC, str(path)))
    prefixes: set[str] = set()
    for ns in grammar.iter(f"{{{SCH}}}ns"):
        if ns.get("prefix") not in prefixes:
            prefixes.add(ns.get("prefix", ""))
            schema.append(copy_in_scope(ns))
    for let in grammar.iter(f"{{{SCH}}}let"):
        if not any(etree.QName(a).localname in {"pattern", "rule"} for a in let.iterancestors()
                   if etree.QName(a).namespace == SCH):
            schema.append(copy_in_scope(let))
    for pattern in grammar.iter(f"{{{SCH}}}pattern"):
        schema.append(copy_in_scope(pattern))
    tree = etree.ElementTree(schema)
    tree.docinfo.URL = path.resolve().as_uri()
    return tree


def copy_in_scope(element: etree._Element) -> etree._Element:
    """A copy of an element, keeping the namespaces in scope where it was (its expressions
    may use prefixes the grammar declares)."""
    namespaces: Any = element.nsmap  # the default namespace's key is None
    attributes: Any = dict(element.attrib)
    copy = etree.Element(element.tag, attributes, nsmap=namespaces)
    copy.text = element.text
    copy.extend(deepcopy(child) for child in element)  # each with its tail
    return copy


def source_line(element: etree._Element) -> int:
    """The line an element was read from (0 when unknown)."""
    return int(getattr(element, "sourceline", 0) or 0)


def src_location(value: str | None) -> Location:
    """The location a ``p:src`` value names (``FILE:LINE:COLUMN``, or just ``FILE``)."""
    if not value:
        return Location()
    match = re.fullmatch(r"(?P<file>.*):(?P<line>\d+):(?P<column>\d+)", value)
    if match is None:
        return Location(value)
    return Location(match["file"], int(match["line"]), int(match["column"]))


def element_source(element: etree._Element) -> Location:
    """Where an element of a read schema was written (its own or its nearest ancestor's)."""
    for candidate in (element, *element.iterancestors()):
        if candidate.get(SRC):
            return src_location(candidate.get(SRC))
    return Location()
