"""Confine: what in a schema reads beyond the document it checks, and what depends on it.

A schema may reach files, URLs or the environment (``doc()``, ``unparsed-text()``,
``collection()``, ``environment-variable()``, ``xsl:result-document``…) directly or through
its variables, functions, named templates, keys and accumulators.  Without
``allow_external`` every check that would is taken out before compiling — a rule whose context
needs it, or the asserts and reports of a rule that need it — and each such rule is reported
once (``sch:needs-external``, a warning at the rule), while every other check still runs;
``doc-available()`` is false for anything.  In every case ``document('')`` means the schema
file that holds the expression, as in the XSLT implementations schemas are written for.

After this step nothing in the schema may read outside unless allowed; that is checked again
on what remains, so an expression this analysis missed is refused rather than run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from lxml import etree

from ...findings import Finding, PipelineError, Severity
from . import xpath
from .source import SCH, SRC, XSL, element_source

__all__ = ["confine"]

FN = "http://www.w3.org/2005/xpath-functions"
PIPELINE = "urn:x-tei-pipeline"
#: Functions that read files, URLs or the environment.
OUTSIDE_FUNCTIONS = frozenset("""doc document doc-available unparsed-text unparsed-text-lines
    unparsed-text-available collection uri-collection json-doc transform load-xquery-module
    environment-variable available-environment-variables function-lookup""".split())
#: XSLT instructions that read or write beyond the document.
OUTSIDE_INSTRUCTIONS = frozenset({"source-document", "result-document", "evaluate",
                                  "import-schema", "merge-source", "include", "import"})
#: Prefixes bound for every expression of a generated stylesheet (see compile.xsl).
PREDECLARED = {"xs": "http://www.w3.org/2001/XMLSchema", "fn": FN,
               "math": "http://www.w3.org/2005/xpath-functions/math",
               "map": "http://www.w3.org/2005/xpath-functions/map",
               "array": "http://www.w3.org/2005/xpath-functions/array"}
#: Schematron attributes that hold XPath.
SCH_EXPRESSIONS = {"rule": ("context", "subject"), "assert": ("test", "subject"),
                   "report": ("test", "subject"), "let": ("value",), "value-of": ("select",),
                   "name": ("path",)}
XSL_DECLARATIONS = frozenset({"function", "template", "variable", "param", "key",
                              "accumulator"})
BOUND = re.compile(r"\$\s*([^\W\d][\w.\-]*(?::[^\W\d][\w.\-]*)?)\s*(?:in\b|:=)")


@dataclass
class _Needs:
    """What a piece of a schema reads directly, and what it refers to."""

    reads: list[str] = field(default_factory=list)
    variables: set[str] = field(default_factory=set)
    functions: set[tuple[str, str]] = field(default_factory=set)
    templates: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    accumulators: set[str] = field(default_factory=set)
    applies_templates: bool = False
    bound: set[str] = field(default_factory=set)  # variables declared inside it


class _Reader:
    """Reads what the expressions of a schema's elements read and refer to."""

    def __init__(self, schema: etree._Element) -> None:
        self.namespaces = {**PREDECLARED, **{ns.get("prefix", ""): ns.get("uri", "")
                                             for ns in schema.findall(f"{{{SCH}}}ns")}}

    def resolve(self, name: str, element: etree._Element, function: bool) -> tuple[str, str]:
        """The namespace and local name of a (function) name written in ``element``."""
        if name.startswith("Q{"):
            uri, local = name[2:].split("}", 1)
            return uri, local
        if ":" not in name:
            return (FN if function else ""), name
        prefix, local = name.split(":", 1)
        scope = {**self.namespaces, **{k: v for k, v in element.nsmap.items() if k}} \
            if etree.QName(element).namespace != SCH else self.namespaces
        return scope.get(prefix, f"undeclared:{prefix}"), local

    # -- what a piece of the schema needs ---------------------------------------------------

    def needs(self, elements: Iterable[etree._Element]) -> _Needs:
        """What the expressions of these elements (and, for XSLT, their descendants) read and
        refer to."""
        found = _Needs()
        for element in elements:
            for item in self.expression_holders(element):
                self.add_expressions(item, found)
        return found

    def expression_holders(self, element: etree._Element) -> Iterator[etree._Element]:
        yield element
        if etree.QName(element).namespace != SCH or etree.QName(element).localname == "let":
            yield from element.iterdescendants(etree.Element)
        else:
            yield from element.iterdescendants(f"{{{SCH}}}value-of", f"{{{SCH}}}name")

    def add_expressions(self, element: etree._Element, found: _Needs) -> None:
        qname = etree.QName(element)
        if qname.namespace == XSL:
            if qname.localname in OUTSIDE_INSTRUCTIONS:
                found.reads.append(f"xsl:{qname.localname}")
            if qname.localname == "call-template":
                found.templates.add(element.get("name", ""))
            if qname.localname == "apply-templates":
                found.applies_templates = True
            if qname.localname in {"variable", "param"}:
                found.bound.add(element.get("name", ""))
        names = SCH_EXPRESSIONS.get(qname.localname, ()) if qname.namespace == SCH else \
            [str(a) for a in element.attrib
             if a != SRC and not str(a).startswith("{http://www.w3.org/XML")]
        for attribute in names:
            expression = element.get(attribute)
            if expression:
                self.add_expression(expression, element, found)

    def add_expression(self, expression: str, element: etree._Element, found: _Needs) -> None:
        found.variables |= xpath.variables(expression)
        found.bound |= set(BOUND.findall(expression))
        for call in xpath.calls(expression):
            uri, local = self.resolve(call.name, element, function=True)
            if uri == FN and local in OUTSIDE_FUNCTIONS:
                if (local == "document" and call.first_argument == "") or \
                        local == "doc-available":
                    continue  # the schema itself; a question that is answered "no"
                arguments = " ".join(call.arguments.split())
                if len(arguments) > 80:
                    arguments = arguments[:79] + "…"
                found.reads.append(f"{local}({arguments})")
            elif uri == FN and local == "key" and call.first_argument:
                found.keys.add(call.first_argument)
            elif uri == FN and local in {"accumulator-before", "accumulator-after"} and \
                    call.first_argument:
                found.accumulators.add(call.first_argument)
            elif uri != FN and not uri.startswith("http://www.w3.org/"):
                found.functions.add((uri, local))


class _Confinement:
    """The analysis of one schema (after include, check and expand)."""

    def __init__(self, schema: etree._Element, unread_stylesheets: list[str]) -> None:
        self.schema = schema
        self.reader = _Reader(schema)
        self.needs = self.reader.needs
        self.unread = unread_stylesheets
        self.globals: dict[str, list[etree._Element]] = {}
        for element in self.global_declarations():
            self.globals.setdefault(self.declared_as(element), []).append(element)
        self.tainted: dict[etree._Element, str] = {}
        self.taint_globals()

    # -- what is declared -------------------------------------------------------------------

    def global_declarations(self) -> Iterator[etree._Element]:
        """Schema, phase and pattern lets, and the schema's top-level XSLT declarations."""
        yield from self.schema.findall(f"{{{SCH}}}let")
        yield from self.schema.findall(f"{{{SCH}}}phase/{{{SCH}}}let")
        yield from self.schema.findall(f"{{{SCH}}}pattern/{{{SCH}}}let")
        for child in self.schema:
            if isinstance(child.tag, str) and etree.QName(child).namespace == XSL and \
                    etree.QName(child).localname in XSL_DECLARATIONS:
                yield child

    def declared_as(self, element: etree._Element) -> str:
        """The key a global declaration is referred to by: ``$name``, ``f:{uri}local``,
        ``t:name``, ``k:name``, ``a:name``, or ``match`` for template rules."""
        kind = etree.QName(element).localname
        name = element.get("name", "")
        if kind in {"let", "variable", "param"}:
            return f"${name}"
        if kind == "function":
            return _function_key(*self.reader.resolve(name, element, function=True))
        if kind == "template":
            return f"t:{name}" if name else "match"
        return f"{kind[0]}:{name}"

    # -- taint --------------------------------------------------------------------------------

    def reason(self, needs: _Needs, shadowed: AbstractSet[str] = frozenset()) -> str | None:
        """Why something with these needs cannot run (``None``: it can)."""
        if needs.reads:
            return needs.reads[0]
        local = needs.bound | shadowed
        for variable in sorted(needs.variables - local):
            why = self.global_reason(f"${variable}")
            if why:
                return f"{why} through ${variable}"
        for uri, local_name in sorted(needs.functions):
            key = _function_key(uri, local_name)
            why = self.global_reason(key)
            if why:
                return f"{why} through {local_name}()"
            if key not in self.globals and self.unread:
                return f"a function from {self.unread[0]}, which was not read"
        references = [f"t:{t}" for t in needs.templates] + [f"k:{k}" for k in needs.keys] + \
            [f"a:{a}" for a in needs.accumulators] + (["match"] if needs.applies_templates
                                                        else [])
        for reference in sorted(references):
            why = self.global_reason(reference)
            if why:
                return f"{why} through {reference[2:] or 'a template'}"
        return None

    def global_reason(self, key: str) -> str | None:
        for element in self.globals.get(key, []):
            if element in self.tainted:
                return self.tainted[element]
        return None

    def taint_globals(self) -> None:
        """Mark every global declaration that reads outside, directly or through another."""
        needs = {element: self.needs([element]) for group in self.globals.values()
                 for element in group}
        changed = True
        while changed:
            changed = False
            for element, need in needs.items():
                if element not in self.tainted:
                    why = self.reason(need)
                    if why:
                        self.tainted[element] = why
                        changed = True


def _function_key(uri: str, local: str) -> str:
    return f"f:{{{uri}}}{local}"


def confine(schema: etree._Element, active: set[str] | None, allow_external: bool,
            unread_stylesheets: list[str],
            xml_form: Callable[[str], str] = lambda uri: uri) -> list[Finding]:
    """Confine a schema in place (see the module's docstring).

    Args:
        schema: the expanded schema.
        active: the ids of the patterns the phase runs (``None``: all); only their rules are
            reported.
        allow_external: leave everything in, reading what it reads.
        unread_stylesheets: stylesheets that were not read (their functions cannot be run).
        xml_form: the URI of a schema file as XML (``document('')`` of a ``.rnc`` file is
            the RELAX NG XML it stands for).

    Returns:
        One ``sch:needs-external`` warning per rule that was not (wholly) run.

    Raises:
        PipelineError: something would still read outside (exit code 2).
    """
    notices: list[Finding] = []
    if not allow_external:
        confinement = _Confinement(schema, unread_stylesheets)
        for element in confinement.tainted:
            _remove(element)
        for pattern in schema.findall(f"{{{SCH}}}pattern"):
            for rule in pattern.findall(f"{{{SCH}}}rule"):
                notice = _confine_rule(confinement, rule)
                if notice and (active is None or pattern.get("id") in active):
                    notices.append(notice)
    _rewrite_expressions(schema, allow_external, xml_form)
    if not allow_external:
        _refuse_what_remains(schema)
    return notices


def _confine_rule(confinement: _Confinement, rule: etree._Element) -> Finding | None:
    """Take out what a rule cannot run; the notice that says so."""
    context = rule.get("context", "")
    context_needs = _Needs()
    confinement.reader.add_expressions(rule, context_needs)
    why = confinement.reason(context_needs)
    checks = rule.findall(f"{{{SCH}}}assert") + rule.findall(f"{{{SCH}}}report")
    if why:
        _remove(rule)
        return _notice(rule, f"rule {context!r} not run: it reads {why}")
    blocked: set[str] = set()
    shadowing: set[str] = set()
    for let in rule.findall(f"{{{SCH}}}let"):
        let_needs = confinement.needs([let])
        local_why = _local_reason(let_needs, blocked) or confinement.reason(let_needs, shadowing)
        name = let.get("name", "")
        if local_why:
            blocked.add(name)
            _remove(let)
        shadowing.add(name)
    skipped, reasons = 0, []
    for check in checks:
        check_needs = confinement.needs([check, *_messages_of(check)])
        check_why = _local_reason(check_needs, blocked) or \
            confinement.reason(check_needs, shadowing)
        if check_why:
            skipped += 1
            reasons.append(check_why)
            _remove(check)
    if not skipped:
        return None
    if skipped == len(checks):
        return _notice(rule, f"rule {context!r} not run: it reads {reasons[0]}")
    return _notice(rule, f"{skipped} of {len(checks)} checks of rule {context!r} not run: "
                         f"they read {reasons[0]}")


def _local_reason(needs: _Needs, blocked: set[str]) -> str | None:
    """Why a check cannot run because of a rule variable that was taken out."""
    return next((f"what ${v} reads" for v in sorted(needs.variables & blocked)), None)


def _messages_of(check: etree._Element) -> list[etree._Element]:
    """The diagnostics and properties an assert or report names (their value-of too run)."""
    ids = set((check.get("diagnostics", "") + " " + check.get("properties", "")).split())
    if not ids:
        return []
    root = check.getroottree().getroot()
    return [d for d in root.iter(f"{{{SCH}}}diagnostic", f"{{{SCH}}}property")
            if d.get("id") in ids]


def _notice(rule: etree._Element, message: str) -> Finding:
    return Finding("sch:needs-external", Severity.WARNING,
                   f"{message} (allow it with --allow-external)", element_source(rule))


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _rewrite_expressions(schema: etree._Element, allow_external: bool,
                         xml_form: Callable[[str], str]) -> None:
    """``document('')`` → the file that holds it; without ``allow_external``,
    ``doc-available()`` → false."""
    for element in schema.iter(etree.Element):
        for attribute, value in element.attrib.items():
            if attribute == SRC or ("document" not in value and "doc-available" not in value):
                continue
            base = element.base or ""

            def replacement(call: xpath.Call, base: str = base) -> str | None:
                local = call.name.split(":")[-1].split("}")[-1]
                if local == "document" and call.first_argument == "":
                    return f"Q{{{PIPELINE}}}schema-document('{xml_form(base)}', "
                if local == "doc-available" and not allow_external:
                    return f"Q{{{PIPELINE}}}doc-available("
                return None

            element.set(attribute, xpath.replace_calls(str(value), replacement))


def _refuse_what_remains(schema: etree._Element) -> None:
    """Refuse a confined schema in which something still reads outside.

    Raises:
        PipelineError: naming where (exit code 2).
    """
    reader = _Reader(schema)
    offending = []
    for element in schema.iter(etree.Element):
        found = _Needs()
        reader.add_expressions(element, found)
        offending += [(element, read) for read in found.reads]
    if offending:
        raise PipelineError([Finding(
            "sch:reads-outside", Severity.ERROR,
            f"the schema would read outside the document ({read}); allow it with "
            "--allow-external", element_source(element)) for element, read in offending],
            exit_code=2)
