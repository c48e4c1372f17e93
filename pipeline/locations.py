"""Locations: map a node of a parsed XML document back to the line and column of its start tag."""

from __future__ import annotations

import re
import xml.parsers.expat

from lxml import etree

from .findings import Location

__all__ = ["Locator", "element_path", "element_paths"]

#: One step of an XPath location path as Saxon's path() or lxml's error log writes it.
STEP = re.compile(r"/(?P<attr>@)?(?:Q\{(?P<uri>[^}]*)\})?(?P<name>[^/\[{]+?)(?:\[(?P<i>\d+)\])?"
                  r"(?=/|$)")


class Locator:
    """Line and column (1-based) of every element of one document, found with expat because
    libxml2 reports lines only."""

    def __init__(self, data: bytes, tree: etree._ElementTree, source: str) -> None:
        self.source = source
        self.tree = tree
        positions: list[tuple[int, int]] = []
        parser = xml.parsers.expat.ParserCreate()
        parser.StartElementHandler = lambda *_: positions.append(
            (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1))
        try:
            parser.Parse(data, True)
        except xml.parsers.expat.ExpatError:
            positions = []
        elements = list(tree.getroot().iter(etree.Element))
        self.positions = dict(zip(elements, positions, strict=False)) \
            if len(positions) == len(elements) else {}

    def of_element(self, element: etree._Element | None, path: str = "") -> Location:
        """The location of an element's start tag."""
        if element is None:
            return Location(self.source, path=path)
        line, column = self.positions.get(element, (getattr(element, "sourceline", 0) or 0, 0))
        return Location(self.source, line, column, path)

    def of_path(self, path: str, line: int = 0) -> Location:
        """The location of the element a location path selects (an attribute or text node
        maps to its element); ``line`` is the fallback when the path does not resolve."""
        element = self.resolve(path)
        if element is None:
            return Location(self.source, line, 0, path)
        return self.of_element(element, path)

    def resolve(self, path: str) -> etree._Element | None:
        """The element a path such as ``/Q{ns}TEI[1]/Q{ns}text[1]/@n`` or ``/*/*[2]`` selects."""
        if not path.startswith("/"):
            return None
        node: etree._Element | None = None
        for step in STEP.finditer(path):
            if step.group("attr") or step.group("name").endswith(")"):
                break  # an attribute, text() or comment(): report its element
            candidates = [self.tree.getroot()] if node is None else list(node)
            matches = [c for c in candidates if isinstance(c.tag, str)
                       and _step_matches(c, step.group("name"), step.group("uri"))]
            index = int(step.group("i") or 1) - 1
            if index >= len(matches):
                return None
            node = matches[index]
        return node


def element_paths(root: etree._Element) -> dict[etree._Element, str]:
    """The location path (``/*[1]/*[2]…``) of every element, in one walk of the tree."""
    paths = {root: "/*[1]"}
    for parent in root.iter(etree.Element):
        position = 0
        for child in parent:
            if isinstance(child.tag, str):
                position += 1
                paths[child] = f"{paths[parent]}/*[{position}]"
    return paths


def element_path(element: etree._Element) -> str:
    """The location path of one element, in the form of :func:`element_paths`."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        position = 1 + sum(1 for s in node.itersiblings(preceding=True) if isinstance(s.tag, str))
        steps.append(f"*[{position}]")
        node = node.getparent()
    return "/" + "/".join(reversed(steps))


def _step_matches(element: etree._Element, name: str, uri: str | None) -> bool:
    if name == "*":
        return True
    qname = etree.QName(element)
    local = name.split(":")[-1]
    return qname.localname == local and (uri is None or (qname.namespace or "") == uri)
