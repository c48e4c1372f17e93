"""tei-pipeline: FRUS-style plain text → TEI P5 → validated → HTML, JSON and text.

The stages, in order: :func:`ingest_file` (text → document model), :func:`encode`
(model → TEI), :func:`validate_xml` (RELAX NG, Schematron), :func:`render` (XSLT 3.0),
and :func:`build` for whole folders.  The command line is ``tei-pipeline`` (:mod:`.cli`).
"""

from .batch import build, plan_sources
from .encode import encode, serialize_tei
from .findings import Finding, Location, PipelineError, Severity
from .ingest import ingest_file, ingest_text
from .render import render
from .validate import validate_json, validate_xml

__version__ = "0.2.0"

__all__ = [
    "Finding",
    "Location",
    "PipelineError",
    "Severity",
    "__version__",
    "build",
    "encode",
    "ingest_file",
    "ingest_text",
    "plan_sources",
    "render",
    "serialize_tei",
    "validate_json",
    "validate_xml",
]
