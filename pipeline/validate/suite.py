"""The validators the pipeline runs by default, and running a set of them on one document."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from ..findings import Finding, PipelineError
from ..resources import schema_path
from .document import load_xml
from .json_schema import JsonSchemaValidator
from .protocol import Validator
from .relaxng import RelaxNGValidator
from .schematron import SchematronValidator

__all__ = ["default_validators", "full_tei_validator", "validate_json", "validate_xml"]


@cache
def default_validators(phase: str = "#DEFAULT") -> tuple[Validator, ...]:
    """The project's TEI customization (RELAX NG) and its Schematron rules (in ``phase``)."""
    return (RelaxNGValidator(schema_path("tei-pipeline.rng"), "rng:tei-pipeline"),
            SchematronValidator(schema_path("tei-pipeline.sch"), phase, "sch:tei-pipeline"))


@cache
def full_tei_validator() -> Validator:
    """The complete TEI P5 schema (slow to compile: built once per process)."""
    return RelaxNGValidator(schema_path("tei/tei_all.rng"), "rng:tei_all")


@cache
def render_json_validator() -> JsonSchemaValidator:
    """The JSON Schema of the JSON rendering."""
    return JsonSchemaValidator(schema_path("render-json.schema.json"))


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


def validate_json(text: str, source: str,
                  validator: JsonSchemaValidator | None = None) -> list[Finding]:
    """Every finding of a JSON Schema (by default the JSON rendering's) on one JSON text."""
    return list((validator or render_json_validator()).iter_findings_text(text, source))
