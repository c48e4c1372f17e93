"""Check: what makes a Schematron schema wrong, reported where it is written (exit code 2),
before anything is compiled — an implementation that accepted these would silently check
less than the schema says."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from lxml import etree

from ...findings import Finding, PipelineError, Severity
from .source import SCH, element_source

__all__ = ["QUERY_BINDINGS", "active_patterns", "check_schema"]

#: Query language bindings that are run (all as XPath 3.1 in XSLT 3.0).
QUERY_BINDINGS = frozenset({"xslt", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31"})


def check_schema(schema: etree._Element, phase: str) -> None:
    """Check a schema whose includes are resolved, in the phase asked for.

    Raises:
        PipelineError: one finding per problem, each at the element it concerns.
    """
    problems = list(_problems(schema, phase))
    if problems:
        raise PipelineError([Finding("sch:schema-error", Severity.ERROR, message,
                                     element_source(element))
                             for element, message in problems], exit_code=2)


def active_patterns(schema: etree._Element, phase: str) -> set[str] | None:
    """The ids of the patterns a phase runs (``None``: every pattern, for ``#ALL``)."""
    wanted = schema.get("defaultPhase", "#ALL") if phase == "#DEFAULT" else phase
    if wanted == "#ALL":
        return None
    return {active.get("pattern", "") for active in
            schema.findall(f"{{{SCH}}}phase[@id='{wanted}']/{{{SCH}}}active")
            if active.get("pattern")}


def _sch(element: etree._Element, *names: str) -> list[etree._Element]:
    """Descendants of an element in the Schematron namespace with one of these names."""
    return list(element.iter(*[f"{{{SCH}}}{name}" for name in names]))


def _problems(schema: etree._Element, phase: str) -> Iterator[tuple[etree._Element, str]]:
    if schema.tag != f"{{{SCH}}}schema":
        yield schema, f"not an ISO Schematron schema: the root element is {schema.tag}"
        return
    binding = (schema.get("queryBinding") or "xslt").lower()
    if binding not in QUERY_BINDINGS:
        yield schema, f"unsupported queryBinding {binding!r} (supported: " \
                      f"{', '.join(sorted(QUERY_BINDINGS))})"
    yield from _phase_problems(schema, phase)
    yield from _pattern_problems(schema)
    yield from _rule_problems(schema)
    yield from _reference_problems(schema)
    yield from _let_problems(schema)


def _phase_problems(schema: etree._Element,
                    phase: str) -> Iterator[tuple[etree._Element, str]]:
    phases = {p.get("id"): p for p in schema.findall(f"{{{SCH}}}phase")}
    wanted = schema.get("defaultPhase", "#ALL") if phase == "#DEFAULT" else phase
    if wanted != "#ALL" and wanted not in phases:
        yield schema, f"no phase with id {wanted!r}"
    pattern_ids = {p.get("id") for p in _sch(schema, "pattern") if p.get("id")}
    for active in _sch(schema, "active"):
        if active.get("pattern") not in pattern_ids:
            yield active, f"the phase activates pattern {active.get('pattern')!r}, " \
                          "which no pattern has as its id"


def _pattern_problems(schema: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    patterns = _sch(schema, "pattern")
    abstract = {p.get("id"): p for p in patterns if p.get("abstract") == "true"}
    for pattern in patterns:
        if pattern.get("abstract") == "true" and not pattern.get("id"):
            yield pattern, "an abstract pattern needs an id"
        if pattern.get("is-a") is not None:
            if pattern.get("is-a") not in abstract:
                yield pattern, f"is-a names {pattern.get('is-a')!r}, which is not the id " \
                               "of an abstract pattern"
            elif pattern.findall(f"{{{SCH}}}rule"):
                yield pattern, "a pattern with is-a takes parameters, not rules"
    counts = Counter(p.get("id") for p in patterns if p.get("id"))
    for pattern in patterns:
        if counts[pattern.get("id")] > 1:
            yield pattern, f"the pattern id {pattern.get('id')!r} is used more than once"


def _rule_problems(schema: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    rules = _sch(schema, "rule")
    by_id = {r.get("id"): r for r in rules if r.get("id")}
    for rule in rules:
        abstract = rule.get("abstract") == "true"
        if abstract and not rule.get("id"):
            yield rule, "an abstract rule needs an id"
        if abstract and rule.get("context") is not None:
            yield rule, "an abstract rule has no context"
        if not abstract and rule.get("context") is None:
            yield rule, "a rule needs a context"
    for extends in _sch(schema, "extends"):
        name = extends.get("rule")
        if name is None:
            yield extends, "extends needs a rule (or an href)"
        elif name not in by_id:
            yield extends, f"extends names {name!r}, which is not the id of a rule"
        elif by_id[name].get("abstract") != "true":
            yield extends, f"extends names rule {name!r}, which is not abstract"
    for check in _sch(schema, "assert", "report"):
        if check.get("test") is None:
            yield check, f"{etree.QName(check).localname} needs a test"


def _reference_problems(schema: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    for kind in ("diagnostic", "property"):
        known = {d.get("id") for d in _sch(schema, kind)}
        for check in _sch(schema, "assert", "report"):
            for name in (check.get(f"{kind}s") or "").split():
                if name not in known:
                    yield check, f"{kind} {name!r} is not defined"


def _let_problems(schema: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    scopes = [schema, *_sch(schema, "phase", "pattern", "rule")]
    for scope in scopes:
        lets = scope.findall(f"{{{SCH}}}let")
        seen: set[str] = set()
        for let in lets:
            name = let.get("name")
            if not name:
                yield let, "let needs a name"
            elif name in seen:
                yield let, f"the variable {name!r} is declared twice here"
            seen.add(name or "")
            has_content = len(let) or (let.text or "").strip()
            if let.get("value") is not None and has_content:
                yield let, f"let {name!r} has both a value attribute and content"
            if let.get("value") is None and not has_content:
                yield let, f"let {name!r} has no value"
