"""Validate: RELAX NG, ISO Schematron and JSON Schema, all reporting located findings.

Every validator has the same shape (:class:`Validator`): it is built once from its schema and
then yields :class:`~pipeline.findings.Finding` objects for each document.
"""

from __future__ import annotations

from .document import XmlDocument, load_xml
from .json_schema import JsonSchemaValidator
from .protocol import Validator
from .relaxng import RelaxNGValidator
from .schematron import SchematronValidator
from .suite import (
    ValidatorGroup,
    compile_whole,
    default_validators,
    full_tei_validator,
    project_rules,
    project_schema,
    relaxng_with_schematron,
    render_json_validator,
    validate_json,
    validate_xml,
)

__all__ = [
    "JsonSchemaValidator",
    "RelaxNGValidator",
    "SchematronValidator",
    "Validator",
    "ValidatorGroup",
    "XmlDocument",
    "compile_whole",
    "default_validators",
    "full_tei_validator",
    "load_xml",
    "project_rules",
    "project_schema",
    "relaxng_with_schematron",
    "render_json_validator",
    "validate_json",
    "validate_xml",
]
