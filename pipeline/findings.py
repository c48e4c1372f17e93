"""Findings: problems as data (rule id, severity, message, location), shared by every stage."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Finding", "Location", "PipelineError", "Severity", "has_errors", "sort_findings"]


class Severity(enum.Enum):
    """How bad a finding is; ``ERROR`` makes a document invalid."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @classmethod
    def from_role(cls, role: str | None) -> Severity:
        """Map a Schematron ``@role`` to a severity; unknown roles are errors."""
        value = (role or "").strip().lower()
        if value in {"warn", "warning", "nonfatal"}:  # TEI marks its soft rules "nonfatal"
            return cls.WARNING
        if value in {"info", "information", "note", "hint"}:
            return cls.INFO
        return cls.ERROR


@dataclass(frozen=True, order=True)
class Location:
    """Where a finding points: a file, line and column (1-based, 0 if unknown), a path inside."""

    file: str = ""
    line: int = 0
    column: int = 0
    path: str = ""

    def __str__(self) -> str:
        parts = [self.file or "<input>"]
        if self.line:
            parts.append(str(self.line))
            parts.append(str(self.column or 1))
        return ":".join(parts)


@dataclass(frozen=True)
class Finding:
    """One problem found by a stage or validator.

    ``origin`` is where the concerned element came from in the plain-text source, for
    findings on TEI the pipeline converted; ``lang`` the language of the message, when the
    schema says (Schematron's ``xml:lang``).
    """

    rule_id: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    see: str = ""
    origin: Location | None = None
    lang: str = ""

    def __str__(self) -> str:
        rule = f" [{self.rule_id}]" if self.rule_id else ""
        origin = f" (from {self.origin})" if self.origin else ""
        return f"{self.location}: {self.severity.value}{rule} {self.message}{origin}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view of the finding (the shape of ``schemas/report.schema.json``)."""
        data: dict[str, object] = {
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity.value,
            "rule": self.rule_id,
            "message": self.message,
        }
        if self.location.path:
            data["path"] = self.location.path
        if self.see:
            data["see"] = self.see
        if self.origin:
            data["origin"] = {"file": self.origin.file, "line": self.origin.line,
                              "column": self.origin.column}
        if self.lang:
            data["lang"] = self.lang
        return data


class PipelineError(Exception):
    """The pipeline cannot go on with a document; carries the findings that explain why.

    ``exit_code`` is 1 for a document that is invalid and 2 for a usage or I/O problem.
    """

    def __init__(self, findings: Iterable[Finding], exit_code: int = 1) -> None:
        self.findings = list(findings)
        self.exit_code = exit_code
        super().__init__("; ".join(str(f) for f in self.findings))


def has_errors(findings: Iterable[Finding], *, strict: bool = False) -> bool:
    """True when any finding is an error (or, with ``strict``, a warning)."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(f.severity in failing for f in findings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings ordered by file, line, column, then rule id."""
    return sorted(findings, key=lambda f: (f.location, f.rule_id, f.message))
