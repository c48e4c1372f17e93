"""RELAX NG validation with lxml (XML or compact syntax); errors located at the offending
element's start tag, and errors in the schema at their place in the schema's own file.

A large grammar (the complete TEI schema) takes lxml seconds to compile, so a document is
first checked against the grammar *pruned* for it: every ``element`` pattern whose name class
matches none of the document's element names becomes ``notAllowed``.  Such a pattern can take
no part in matching the document, so the pruned grammar accepts exactly the documents the
whole grammar accepts; it compiles in milliseconds (the TEI schema keeps some 60 of its ~590
elements for a play).  Only a document the pruned grammar rejects is checked against the whole
grammar, so that its findings are the whole grammar's, word for word.  Pruning relies on the
whole grammar being known to compile: the project's own schemas are, and any other schema is
compiled whole once on each machine first (remembered in the cache).

Pruning and compiling take about 0.2 s for the TEI schema and a play (against 7–10 s to
compile it whole), and checking the play 0.02 s, as against the whole grammar.  A process that
checks many documents compiles the whole grammar once it has pruned it for a good many (and
``validate --watch`` compiles it once it has reported on every file).
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from ..files import cache_dir, file_url_path, read_input, write_atomic
from ..findings import Finding, Location, PipelineError, Severity
from ..resources import SCHEMAS
from .document import XmlDocument, safe_parser
from .relaxng_compact import RNG, is_compact, read_compact

__all__ = ["RelaxNGValidator", "prune"]

#: Element names: (namespace URI, local name).
Names = frozenset[tuple[str, str]]
#: How many pruned grammars a validator keeps compiled (one per set of element names).
PRUNED_KEPT = 32
#: After checking this many documents against pruned grammars, a process compiles the whole.
PRUNED_BEFORE_WHOLE = 32


class RelaxNGValidator:
    """Validates against one RELAX NG schema (``.rng``, or ``.rnc`` in compact syntax)."""

    def __init__(self, schema: str | Path, name: str = "") -> None:
        self.path = Path(schema)
        self.name = name or f"rng:{self.path.name}"
        self.grammar = _grammar(self.path)
        self.schema_findings: tuple[Finding, ...] = ()
        if not _known_to_compile(self.grammar.key):
            self.grammar.whole()  # a schema that does not compile is refused now

    def iter_findings(self, document: XmlDocument) -> Iterator[Finding]:
        """Yield one finding per RELAX NG error, at the element it concerns."""
        if self.grammar.for_document(document.tree).validate(document.tree):
            return
        whole = self.grammar.whole()
        if whole.validate(document.tree):
            return
        seen: set[tuple[int, str, str]] = set()
        for entry in whole.error_log:
            location = document.locator.of_path(entry.path, entry.line) if entry.path else \
                Location(document.source, entry.line, entry.column)
            rule = "rng:" + entry.type_name.removeprefix("RELAXNG_ERR_").lower().replace("_", "-")
            key = (location.line, location.path, entry.message)
            if key not in seen:
                seen.add(key)
                yield Finding(rule, Severity.ERROR, entry.message, location)


class _Grammar:
    """One schema's grammar: compiled whole when needed, and pruned for documents."""

    def __init__(self, path: Path, tree: etree._ElementTree,
                 locate: Callable[[etree._LogEntry], Location], key: str) -> None:
        self.path = path
        self.tree = tree
        self.locate = locate
        self.key = key
        self._whole: etree.RelaxNG | None = None
        self._pruned: dict[Names, etree.RelaxNG] = {}
        self._checked = 0

    def whole(self) -> etree.RelaxNG:
        """The whole grammar, compiled (once).

        Raises:
            PipelineError: it does not compile (exit code 2, located in the schema).
        """
        if self._whole is None:
            try:
                self._whole = etree.RelaxNG(self.tree)
            except etree.RelaxNGParseError as exc:
                entry = exc.error_log.last_error if exc.error_log else None
                location = self.locate(entry) if entry is not None else Location(str(self.path))
                raise PipelineError([Finding(
                    "rng:schema-error", Severity.ERROR,
                    f"schema does not compile: {entry.message if entry else exc}", location)],
                    exit_code=2) from exc
            _remember_compiles(self.key)
        return self._whole

    def for_document(self, tree: etree._ElementTree) -> etree.RelaxNG:
        """The grammar to check a document against first: the whole one once it is compiled
        (or until it is known to compile, or after a few documents), else the one pruned for
        the document's element names."""
        self._checked += 1
        if self._whole is not None or not _known_to_compile(self.key) or \
                self._checked > PRUNED_BEFORE_WHOLE:
            return self.whole()
        names = element_names(tree)
        if names not in self._pruned:
            if len(self._pruned) >= PRUNED_KEPT:
                self._pruned.pop(next(iter(self._pruned)))
            try:
                self._pruned[names] = etree.RelaxNG(prune(self.tree, names))
            except etree.RelaxNGParseError:  # pruning never should, but the whole grammar can
                return self.whole()
        return self._pruned[names]


_grammars: dict[str, _Grammar] = {}


def _grammar(path: Path) -> _Grammar:
    """A schema's grammar, read once per process (keyed by its content).

    Raises:
        PipelineError: the schema cannot be read or is not RELAX NG (exit code 2, located).
    """
    data = read_input(path)
    key = hashlib.sha256(data + path.suffix.encode()).hexdigest()
    if key not in _grammars:
        if is_compact(path):
            compact = read_compact(path)
            _grammars[key] = _Grammar(path, compact.tree,
                                      lambda entry: compact.location(entry.line), key)
        else:
            tree = _parse_schema(data, path)
            _grammars[key] = _Grammar(path, tree, lambda entry: Location(
                _file_of(entry.filename) or str(path), entry.line, entry.column), key)
        if SCHEMAS in path.resolve().parents:  # the project's own: tested to compile
            _remember_compiles(key)
    return _grammars[key]


def element_names(tree: etree._ElementTree) -> Names:
    """The names of the elements of a document."""
    return frozenset((etree.QName(e).namespace or "", etree.QName(e).localname)
                     for e in tree.iter(etree.Element))


def prune(tree: etree._ElementTree, names: Names) -> etree._ElementTree:
    """A copy of a grammar in which each ``element`` pattern whose name class matches none of
    ``names`` is ``notAllowed`` (see the module: the copy accepts the same documents with
    these names), simplified as the RELAX NG specification simplifies ``notAllowed``."""
    pruned = copy.deepcopy(tree)
    for element in list(pruned.getroot().iter(f"{{{RNG}}}element")):
        if not _may_match(element, names):
            _replace(element, "notAllowed")
    _simplify_not_allowed(pruned.getroot())
    _flatten_repetitions(pruned.getroot())
    return pruned


#: Patterns that do not match when one of their children is notAllowed (their children form
#: a group), and those that then match only the empty sequence.
FAILING = frozenset({"group", "interleave", "oneOrMore", "list", "mixed", "attribute"})
EMPTYING = frozenset({"optional", "zeroOrMore"})
#: Patterns whose children are matched in sequence, where an ``empty`` child can go.
SEQUENCES = frozenset({"group", "interleave", "oneOrMore", "zeroOrMore", "optional", "list",
                       "mixed", "element", "define"})


def _simplify_not_allowed(root: etree._Element) -> None:
    """Simplify ``notAllowed`` away where it can be (section 4.20 of the specification): a
    choice drops it, a group (or repetition, attribute, list…) holding it is notAllowed, an
    optional one is empty, and so is a reference to a definition that is notAllowed; then
    drop the ``empty`` patterns left among the children of sequences.  (lxml checks documents
    much faster against a grammar without them: it then compiles content models to automata.
    Left in a sequence, ``empty`` makes those automata reject valid documents.)"""
    counts: dict[str, int] = {}
    for define in root.iter(f"{{{RNG}}}define"):
        counts[define.get("name", "")] = counts.get(define.get("name", ""), 0) + 1
    dead: set[str] = set()
    while True:
        before = len(dead)
        _simplify_below(root, dead)
        for define in root.iter(f"{{{RNG}}}define"):
            name = define.get("name", "")
            if counts[name] == 1 and define.get("combine") is None and \
                    any(_is_not_allowed(c, dead) for c in _patterns(define)):
                dead.add(name)
        if len(dead) == before:
            break
    for empty in list(root.iter(f"{{{RNG}}}empty")):
        parent = empty.getparent()
        if parent is not None and etree.QName(parent).localname in SEQUENCES and \
                len(_patterns(parent)) > 1:
            _remove(empty)


#: Patterns that mean their only child when they have one.
WRAPPERS = frozenset({"group", "choice", "interleave"})
#: Repetitions, and what one inside another means ("(X+)+" is "X+", "(X*)+" is "X*" …).
REPEATS = frozenset({"oneOrMore", "zeroOrMore"})


def _flatten_repetitions(root: etree._Element) -> None:
    """Replace a group, choice or interleave of one pattern by that pattern, and a repetition
    of a repetition by one repetition.  Pruning leaves such nests behind (a list whose
    ``((person | list)+, relation*)+`` lost its relations), and libxml2 takes exponential
    time to compile a content model like ``(X+)+``."""
    for pattern in reversed(list(root.iter(*(f"{{{RNG}}}{k}" for k in WRAPPERS | REPEATS)))):
        children = _patterns(pattern)
        if len(children) != 1 or pattern.getparent() is None:
            continue
        kind, inner = etree.QName(pattern).localname, children[0]
        inner_kind = etree.QName(inner).localname
        if kind in WRAPPERS:
            _replace_with(pattern, inner)
        elif inner_kind in REPEATS:
            both_once = kind == inner_kind == "oneOrMore"
            inner.tag = f"{{{RNG}}}{'oneOrMore' if both_once else 'zeroOrMore'}"
            _replace_with(pattern, inner)


def _replace_with(pattern: etree._Element, inner: etree._Element) -> None:
    """Put ``inner`` (a child of ``pattern``) where ``pattern`` is."""
    inner.tail = pattern.tail
    parent = pattern.getparent()
    assert parent is not None
    parent.replace(pattern, inner)


def _simplify_below(element: etree._Element, dead: set[str]) -> None:
    """One bottom-up pass of the notAllowed rules over the patterns below ``element``."""
    for child in _patterns(element):
        _simplify_below(child, dead)
        kind = etree.QName(child).localname
        children = _patterns(child)
        if kind == "choice":
            for alternative in children:
                if _is_not_allowed(alternative, dead):
                    _remove(alternative)
            if not _patterns(child):
                _replace(child, "notAllowed")
        elif kind in FAILING and any(_is_not_allowed(c, dead) for c in children):
            _replace(child, "notAllowed")
        elif kind in EMPTYING and any(_is_not_allowed(c, dead) for c in children):
            _replace(child, "empty")


def _is_not_allowed(pattern: etree._Element, dead: set[str]) -> bool:
    kind = etree.QName(pattern).localname
    return kind == "notAllowed" or (kind == "ref" and pattern.get("name") in dead)


def _patterns(element: etree._Element) -> list[etree._Element]:
    """The RELAX NG children of an element (annotations aside)."""
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).namespace == RNG]


def _replace(element: etree._Element, kind: str) -> None:
    """Put an empty ``kind`` pattern where ``element`` is."""
    replacement = etree.Element(f"{{{RNG}}}{kind}")
    replacement.tail = element.tail
    parent = element.getparent()
    assert parent is not None
    parent.replace(element, replacement)


def _remove(element: etree._Element) -> None:
    """Remove an element, keeping the text after it."""
    parent = element.getparent()
    assert parent is not None
    previous = element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _may_match(element: etree._Element, names: Names) -> bool:
    """Whether an ``element`` pattern's name class matches one of ``names`` (anything not
    understood counts as matching: the pattern is kept)."""
    if element.get("name") is not None:
        return _qname(element, element.get("name", "")) in names
    name_class = next((c for c in element if isinstance(c.tag, str)
                       and etree.QName(c).namespace == RNG), None)
    return name_class is None or any(_matches(name_class, name) for name in names)


def _matches(name_class: etree._Element, name: tuple[str, str]) -> bool:
    """Whether a name class (name, anyName, nsName, choice) matches one name."""
    kind = etree.QName(name_class).localname
    excepted = name_class.find(f"{{{RNG}}}except")
    if excepted is not None and any(_matches(c, name) for c in excepted
                                    if isinstance(c.tag, str)):
        return False
    if kind == "name":
        return _qname(name_class, (name_class.text or "").strip()) == name
    if kind == "anyName":
        return True
    if kind == "nsName":
        return _namespace(name_class) == name[0]
    if kind == "choice":
        return any(_matches(c, name) for c in name_class
                   if isinstance(c.tag, str) and etree.QName(c).namespace == RNG)
    return True


def _qname(element: etree._Element, written: str) -> tuple[str, str]:
    """The namespace and local name of a name written in a grammar element."""
    if ":" in written:
        prefix, local = written.split(":", 1)
        return element.nsmap.get(prefix, f"undeclared:{prefix}") or "", local
    return _namespace(element), written


def _namespace(element: etree._Element) -> str:
    """The ``ns`` in force at a grammar element (its own, else its nearest ancestor's)."""
    for candidate in (element, *element.iterancestors()):
        if candidate.get("ns") is not None:
            return candidate.get("ns", "")
    return ""


def _known_to_compile(key: str) -> bool:
    """Whether a schema was compiled whole here before (see :func:`_remember_compiles`)."""
    return key in _compiling or _marker(key).exists()


def _remember_compiles(key: str) -> None:
    """Remember, in this process and in the cache, that a schema compiles, so that documents
    are checked against it pruned (a read-only cache only costs the next run time)."""
    _compiling.add(key)
    if not _marker(key).exists():
        with contextlib.suppress(OSError):
            write_atomic(_marker(key), b"")


def _marker(key: str) -> Path:
    return cache_dir() / f"relaxng-compiles-{key}-{_libxml2()}"


_compiling: set[str] = set()


def _libxml2() -> str:
    return ".".join(map(str, etree.LIBXML_VERSION))


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
    return str(file_url_path(url)) if url.startswith("file:") else url
