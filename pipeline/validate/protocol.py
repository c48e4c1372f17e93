"""The one interface every validator implements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from ..findings import Finding
from .document import XmlDocument

__all__ = ["Validator"]


class Validator(Protocol):
    """Checks XML documents against one schema."""

    name: str
    #: Findings about the schema itself (e.g. checks that will not run), reported once per
    #: run rather than for each document.
    schema_findings: tuple[Finding, ...]

    def iter_findings(self, document: XmlDocument) -> Iterator[Finding]:
        """Yield every problem found in the document (nothing when it is valid)."""
        ...
