"""JSON Schema validation (any draft the schema declares), located at line:column in the JSON.

Findings are jsonschema's, with its messages and paths.  For the pipeline's own rendering,
checked for every document of a build, a compiled validator (jsonschema-rs) goes first and
jsonschema, about 200 times slower on a play's rendering, runs only to explain an invalid
document.  A user's schema is checked by jsonschema alone, so that its verdicts are exactly
jsonschema's (the two can differ on formats and regular expressions).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs

from ..findings import Finding, Location, PipelineError, Severity

__all__ = ["JsonSchemaValidator", "json_positions"]


class JsonSchemaValidator:
    """Validates JSON documents against one JSON Schema."""

    def __init__(self, schema: str | Path, name: str = "", *, compiled: bool = False) -> None:
        """``compiled``: jsonschema-rs checks the schema and passes valid documents, and
        jsonschema is loaded only to explain an invalid one (see the module)."""
        self.path = Path(schema)
        self.name = name or f"json:{self.path.name}"
        try:
            self.schema = json.loads(self.path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise PipelineError([Finding("json:unreadable", Severity.ERROR,
                                         f"cannot read schema: {exc.strerror}",
                                         Location(str(self.path)))], exit_code=2) from exc
        except ValueError as exc:
            raise self._schema_error(exc) from exc
        self.fast = _compiled(self.schema, self.path) if compiled else None
        # Without the compiled validator, jsonschema checks the schema now.
        self._explainer: Any = self._jsonschema() if self.fast is None else None

    def explainer(self) -> Any:
        """jsonschema's validator of the schema, made when first needed (loading jsonschema
        costs a command a tenth of a second)."""
        if self._explainer is None:
            self._explainer = self._jsonschema()
        return self._explainer

    def _jsonschema(self) -> Any:
        """jsonschema's validator of the schema.

        Raises:
            PipelineError: the schema is not a valid JSON Schema (exit code 2).
        """
        import jsonschema
        from jsonschema.exceptions import SchemaError

        try:
            cls = jsonschema.validators.validator_for(self.schema)
            cls.check_schema(self.schema)
        except SchemaError as exc:
            raise self._schema_error(exc) from exc
        return cls(self.schema, format_checker=cls.FORMAT_CHECKER)

    def _schema_error(self, exc: Exception) -> PipelineError:
        return PipelineError([Finding("json:schema-error", Severity.ERROR,
                                      f"not a valid JSON Schema: {exc}",
                                      Location(str(self.path)))], exit_code=2)

    def iter_findings_text(self, text: str | bytes, source: str,
                           instance: Any = None) -> Iterator[Finding]:
        """Yield one finding per schema violation (or one for JSON that does not parse).
        ``instance`` is the text already parsed, if the caller has it."""
        if instance is None:
            try:
                instance = json.loads(text)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield _not_well_formed(exc, source)
                return
        if self.fast is not None and self.fast.is_valid(instance):
            return
        positions: dict[tuple[Any, ...], tuple[int, int]] | None = None
        for error in self.explainer().iter_errors(instance):
            if positions is None:  # located only when there is something to report
                positions = json_positions(text.decode("utf-8") if isinstance(text, bytes)
                                           else text)
            line, column = positions.get(tuple(error.absolute_path), (0, 0))
            yield Finding(f"json:{error.validator}", Severity.ERROR, error.message,
                          Location(source, line, column, error.json_path))


def _compiled(schema: Any, path: Path) -> Any:
    """The schema compiled by jsonschema-rs (formats checked, as jsonschema is asked to; nothing
    fetched), or ``None`` when it cannot compile it: then jsonschema alone checks."""
    try:
        return jsonschema_rs.validator_for(schema, validate_formats=True, offline=True,
                                           base_uri=path.resolve().as_uri())
    except ValueError:
        return None


def _not_well_formed(exc: ValueError, source: str) -> Finding:
    """The finding for JSON that does not parse (or is not UTF-8), where it fails."""
    if isinstance(exc, json.JSONDecodeError):
        return Finding("json:not-well-formed", Severity.ERROR, exc.msg,
                       Location(source, exc.lineno, exc.colno))
    return Finding("json:not-well-formed", Severity.ERROR, f"not UTF-8: {exc}",
                   Location(source))


def json_positions(text: str) -> dict[tuple[Any, ...], tuple[int, int]]:
    """Line and column (1-based) of every value in a JSON text, keyed by its path."""
    decoder = json.JSONDecoder()
    positions: dict[tuple[Any, ...], tuple[int, int]] = {}
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def where(index: int) -> tuple[int, int]:
        line = bisect.bisect_right(line_starts, index) - 1
        return line + 1, index - line_starts[line] + 1

    def skip(index: int) -> int:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        return index

    def value(index: int, path: tuple[Any, ...]) -> int:
        index = skip(index)
        positions[path] = where(index)
        if text[index] == "{":
            index = skip(index + 1)
            while text[index] != "}":
                key, index = decoder.raw_decode(text, index)
                index = value(skip(index) + 1, (*path, key))
                index = skip(index)
                index = skip(index + 1) if text[index] == "," else index
            return index + 1
        if text[index] == "[":
            index, position = skip(index + 1), 0
            while text[index] != "]":
                index = skip(value(index, (*path, position)))
                index = skip(index + 1) if text[index] == "," else index
                position += 1
            return index + 1
        return decoder.raw_decode(text, index)[1]

    value(0, ())
    return positions
