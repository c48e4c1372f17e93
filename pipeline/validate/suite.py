"""The validators the pipeline runs by default, and running a set of them on one document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ..files import read_input
from ..findings import Finding, PipelineError
from ..resources import schema_path
from .document import XmlDocument, load_xml
from .json_schema import JsonSchemaValidator
from .protocol import Validator
from .relaxng import RelaxNGValidator
from .schematron import SchematronValidator

__all__ = [
    "ValidatorGroup",
    "compile_whole",
    "default_validators",
    "full_tei_validator",
    "project_rules",
    "project_schema",
    "relaxng_with_schematron",
    "validate_json",
    "validate_xml",
]


@cache
def project_schema() -> Validator:
    """The project's TEI customization (RELAX NG): what the converter writes."""
    return RelaxNGValidator(schema_path("tei-pipeline.rng"), "rng:tei-pipeline")


@cache
def project_rules(phase: str = "#DEFAULT") -> Validator:
    """The project's Schematron rules, which hold for any TEI (in ``phase``)."""
    return SchematronValidator(schema_path("tei-pipeline.sch"), phase, "sch:tei-pipeline")


def default_validators(phase: str = "#DEFAULT") -> tuple[Validator, ...]:
    """The project's TEI customization and its Schematron rules."""
    return (project_schema(), project_rules(phase))


class ValidatorGroup:
    """Several validators run as one (a RELAX NG schema and its embedded Schematron)."""

    def __init__(self, name: str, validators: Iterable[Validator]) -> None:
        self.name = name
        self.validators = tuple(validators)
        self.schema_findings = tuple(f for v in self.validators for f in v.schema_findings)

    def iter_findings(self, document: XmlDocument) -> Iterator[Finding]:
        for validator in self.validators:
            yield from validator.iter_findings(document)


def compile_whole(validator: Validator) -> None:
    """Compile the whole grammar of a RELAX NG validator (or of those in a group) now, so that
    the next documents are checked against it rather than against pruned grammars."""
    if isinstance(validator, ValidatorGroup):
        for member in validator.validators:
            compile_whole(member)
    elif isinstance(validator, RelaxNGValidator):
        validator.grammar.whole()


def relaxng_with_schematron(schema: Path, phase: str = "#DEFAULT",
                            allow_external: bool = False) -> Validator:
    """A RELAX NG schema (``.rng`` or ``.rnc``), plus the Schematron embedded in it when it
    has any."""
    grammar = RelaxNGValidator(schema)
    if b"purl.oclc.org/dsdl/schematron" not in read_input(schema):
        return grammar
    return ValidatorGroup(grammar.name, (grammar, SchematronValidator(
        schema, phase, name=f"sch:{schema.name}", allow_external=allow_external)))


@cache
def full_tei_validator() -> Validator:
    """Full TEI P5 conformance: the complete schema and the Schematron constraints embedded
    in it, which jing does not check (slow to compile: built once per process)."""
    return relaxng_with_schematron(schema_path("tei/tei_all.rng"))


@cache
def render_json_validator() -> JsonSchemaValidator:
    """The JSON Schema of the JSON rendering."""
    return JsonSchemaValidator(schema_path("render-json.schema.json"), compiled=True)


def validate_xml(data: bytes, source: str,
                 validators: Iterable[Validator] | None = None) -> list[Finding]:
    """Every finding of the validators on one XML document; a document that is not
    well-formed gives its syntax errors instead."""
    try:
        document = load_xml(data, source)
    except PipelineError as exc:
        return exc.findings
    chosen = default_validators() if validators is None else validators
    return [finding for validator in chosen for finding in validator.iter_findings(document)]


def validate_json(text: str | bytes, source: str, validator: JsonSchemaValidator | None = None,
                  *, instance: Any = None) -> list[Finding]:
    """Every finding of a JSON Schema (by default the JSON rendering's) on one JSON text
    (``instance``: the text already parsed)."""
    return list((validator or render_json_validator()).iter_findings_text(text, source,
                                                                          instance))
