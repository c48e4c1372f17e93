"""Locations: map a node of a parsed XML document back to the line and column of its start tag."""

from __future__ import annotations

import re
import weakref
import xml.parsers.expat
from collections.abc import Iterator
from functools import partial

from lxml import etree

from .findings import Location

__all__ = ["Locator", "element_path", "element_paths"]

#: One step of an XPath location path as Saxon's path() or lxml's error log writes it.
STEP = re.compile(r"/(?P<attr>@)?(?:Q\{(?P<uri>[^}]*)\})?(?P<name>[^/\[{]+?)(?:\[(?P<i>\d+)\])?"
                  r"(?=/|$)")


class Locator:
    """Line and column (1-based) of the elements of one document, found with expat because
    libxml2 reports lines only.  The text is read only as far as the elements asked about
    (most findings are near the start: a file is rarely read to its end)."""

    #: How much of the text expat reads at a time.
    CHUNK = 1 << 14

    def __init__(self, data: bytes, tree: etree._ElementTree, source: str) -> None:
        self.source = source
        self.tree = tree
        self._data = data
        self._read = 0
        self._starts: list[tuple[int, int, str]] = []  # line, column, name as written
        self._failed = False
        self._order: dict[etree._Element, int] = {}  # position in document order, so far
        self._walk: Iterator[etree._Element] | None = tree.getroot().iter(etree.Element)
        self._parser = xml.parsers.expat.ParserCreate()
        # The handler reaches the locator through a weak reference: a cycle through it would
        # keep the document's tree alive until the garbage collector next runs.
        self._parser.StartElementHandler = partial(Locator._start, weakref.proxy(self))

    def _start(self, name: str, _: object) -> None:
        self._starts.append(
            (self._parser.CurrentLineNumber, self._parser.CurrentColumnNumber + 1, name))

    def _index(self, element: etree._Element) -> int | None:
        """An element's position in document order (the tree is walked only as far as the
        elements asked about, once)."""
        index = self._order.get(element)
        while index is None and self._walk is not None:
            index = self._step(element)
        return index

    def _step(self, wanted: etree._Element | None) -> int | None:
        """Walk on by one element; its position if it is the one ``wanted``."""
        assert self._walk is not None
        candidate = next(self._walk, None)
        if candidate is None:
            self._walk = None
            return None
        self._order[candidate] = len(self._order)
        return self._order[candidate] if candidate is wanted else None

    @property
    def positions(self) -> dict[etree._Element, tuple[int, int]]:
        """The line and column of every element (the whole text read); empty when expat and
        lxml do not see the same elements."""
        while self._walk is not None:
            self._step(None)
        self._read_until(len(self._order))
        if self._failed or len(self._starts) != len(self._order):
            return {}
        return {element: self._starts[i][:2] for element, i in self._order.items()}

    def of_element(self, element: etree._Element | None, path: str = "") -> Location:
        """The location of an element's start tag."""
        if element is None:
            return Location(self.source, path=path)
        line, column = self._position(element) or (getattr(element, "sourceline", 0) or 0, 0)
        return Location(self.source, line, column, path)

    def _position(self, element: etree._Element) -> tuple[int, int] | None:
        """Where expat saw the element start, if it saw the same element there (same name as
        the n-th start tag in both parsers)."""
        index = self._index(element)
        if index is None:
            return None
        self._read_until(index + 1)
        if self._failed or index >= len(self._starts):
            return None
        line, column, name = self._starts[index]
        if name.rpartition(":")[2] != etree.QName(element).localname:
            self._failed = True  # the parsers disagree: no column is trusted from here on
            return None
        return line, column

    def _read_until(self, count: int) -> None:
        """Let expat read on until it has seen ``count`` start tags or the end of the text."""
        while not self._failed and len(self._starts) < count and self._read < len(self._data):
            chunk = self._data[self._read:self._read + self.CHUNK]
            self._read += len(chunk)
            try:
                self._parser.Parse(chunk, self._read >= len(self._data))
            except xml.parsers.expat.ExpatError:
                self._failed = True

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
