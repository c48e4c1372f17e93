"""Include: bring into the schema what it points at in other files.

- ``sch:include`` is replaced by the element it points at (the document element, or the
  element whose id is the fragment);
- ``sch:extends/@href`` by the content of the rule it points at;
- ``xsl:include`` and ``xsl:import`` of stylesheets (a schema's helper functions often live
  there) by the stylesheet's declarations — an import's only where the schema does not
  declare the same name, as import precedence would have it.

Files are read from the local file system only.  Without ``allow_external`` anything else
is not read, and reported (``sch:needs-external``) at the element that points at it; with it,
``sch:include`` is fetched and a stylesheet is left for the XSLT processor to fetch.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass, field

from lxml import etree

from ...files import file_url_path
from ...findings import Finding, PipelineError, Severity
from ..document import load_xml
from .source import SCH, SRC, XSL, copy_in_scope, element_source, read_located

__all__ = ["Included", "resolve_includes"]

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
#: How deep includes may nest (a cycle is reported before this).
MAX_DEPTH = 32


@dataclass
class Included:
    """The schema with its includes resolved, and what could not be read."""

    tree: etree._ElementTree
    notices: list[Finding] = field(default_factory=list)
    #: Stylesheets left unread: calls to functions they might define cannot be run.
    unread_stylesheets: list[str] = field(default_factory=list)


def resolve_includes(tree: etree._ElementTree, allow_external: bool) -> Included:
    """Resolve every include of a schema read with :func:`~.source.read_schema`.

    Raises:
        PipelineError: an include points at a file that cannot be read, at an id that is not
            there, or at itself (exit code 2, at the include).
    """
    result = Included(tree)
    _Resolver(result, allow_external).resolve(tree.getroot(), (tree.docinfo.URL or "",))
    return result


class _Resolver:
    def __init__(self, result: Included, allow_external: bool) -> None:
        self.result = result
        self.allow_external = allow_external

    def resolve(self, root: etree._Element, stack: tuple[str, ...]) -> None:
        """Resolve the includes below ``root`` (read from the last file of ``stack``)."""
        if len(stack) > MAX_DEPTH:
            raise _error(root, "includes nest too deeply")
        for element in list(root.iter(f"{{{SCH}}}include", f"{{{SCH}}}extends",
                                      f"{{{XSL}}}include", f"{{{XSL}}}import")):
            if element.getparent() is None or \
                    (etree.QName(element).localname == "extends" and not element.get("href")):
                continue
            if etree.QName(element).namespace == XSL:
                self.stylesheet(element, stack)
            else:
                self.schematron(element, stack)

    def schematron(self, element: etree._Element, stack: tuple[str, ...]) -> None:
        """Replace an include (or an external extends) by what it points at."""
        href = element.get("href", "")
        uri = _absolute(href, element)
        if uri in stack:
            raise _error(element, f"{href} includes itself")
        target = self.read(element, uri)
        if target is None:
            _remove(element)
            return
        fragment = urllib.parse.urldefrag(href).fragment
        if fragment:
            found = [e for e in target.iter(etree.Element)
                     if fragment in {e.get("id"), e.get("{http://www.w3.org/XML/1998/namespace}id")}]
            if not found:
                raise _error(element, f"{href}: no element with id {fragment!r}")
            target = found[0]
        self.resolve(target, (*stack, uri))
        if etree.QName(element).localname == "extends" and \
                etree.QName(target).localname == "rule":
            _replace(element, [c for c in target if isinstance(c.tag, str)], uri)
        else:
            _replace(element, [target], uri)

    def stylesheet(self, element: etree._Element, stack: tuple[str, ...]) -> None:
        """Replace an xsl:include or xsl:import by the stylesheet's declarations."""
        href = element.get("href", "")
        uri = _absolute(href, element)
        if uri in stack:
            raise _error(element, f"{href} includes itself")
        if not uri.startswith("file:") and self.allow_external:
            element.set("href", uri)  # the XSLT processor fetches it
            return
        target = self.read(element, uri)
        if target is None:
            self.result.unread_stylesheets.append(href)
            _remove(element)
            return
        self.resolve(target, (*stack, uri))
        declarations = [child for child in target if isinstance(child.tag, str)]
        parent = element.getparent()
        if etree.QName(element).localname == "import" and parent is not None:
            declared = {_declared_name(c) for c in parent} - {None}
            declarations = [d for d in declarations if _declared_name(d) not in declared]
        _replace(element, declarations, uri)

    def read(self, element: etree._Element, uri: str) -> etree._Element | None:
        """The document element at ``uri``; ``None`` (and a notice) when it may not be read."""
        if uri.startswith("file:"):
            path = file_url_path(uri)
            try:
                return read_located(path).getroot()
            except PipelineError as exc:
                raise _error(element, f"cannot include {element.get('href')}: "
                             f"{exc.findings[0].message}") from exc
        if not self.allow_external:
            self.result.notices.append(Finding(
                "sch:needs-external", Severity.WARNING,
                f"not read: {element.get('href')} is not a local file (allow it with "
                "--allow-external); what it holds is not checked", element_source(element)))
            return None
        return self.fetch(element, uri)

    @staticmethod
    def fetch(element: etree._Element, uri: str) -> etree._Element:
        """A schema fragment over the network (only with ``allow_external``)."""
        from urllib.request import urlopen  # (only with allow_external: it costs ~10 ms)

        try:
            with urlopen(uri, timeout=30) as response:
                data = response.read(16 * 2**20)
        except OSError as exc:
            raise _error(element, f"cannot fetch {uri}: {exc}") from exc
        root = load_xml(data, uri).tree.getroot()
        for child in root.iter(etree.Element):
            child.set(SRC, uri)
        return root


def _absolute(href: str, element: etree._Element) -> str:
    """An href resolved against the base URI of the element that holds it."""
    base = element.base or ""
    return urllib.parse.urljoin(base, urllib.parse.urldefrag(href).url)


def _declared_name(element: etree._Element) -> tuple[str, str] | None:
    """The kind and name of an XSLT declaration (function, named template, variable, key…)."""
    if not isinstance(element.tag, str) or etree.QName(element).namespace != XSL or \
            not element.get("name"):
        return None
    return etree.QName(element).localname, element.get("name", "")


def _replace(element: etree._Element, content: list[etree._Element], uri: str) -> None:
    """Put copies of ``content`` where ``element`` is, each with the namespaces in scope where
    it was and remembering the file it came from (``xml:base``), and drop ``element``."""
    parent = element.getparent()
    assert parent is not None
    position = parent.index(element)
    tail = element.tail
    parent.remove(element)
    for offset, item in enumerate(content):
        copy = copy_in_scope(item)
        copy.set(XML_BASE, uri)
        parent.insert(position + offset, copy)
    _append_tail(parent, position + len(content) - 1, tail)


def _append_tail(parent: etree._Element, index: int, tail: str | None) -> None:
    if not tail:
        return
    if index >= 0:
        parent[index].tail = (parent[index].tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    assert parent is not None
    position = parent.index(element)
    tail = element.tail
    parent.remove(element)
    _append_tail(parent, position - 1, tail)


def _error(element: etree._Element, message: str) -> PipelineError:
    return PipelineError([Finding("sch:schema-error", Severity.ERROR, message,
                                  element_source(element))], exit_code=2)
