"""Workflow: each command is one ordered tuple of named steps run on one document at a time.

A step receives the document's :class:`Job` and the run's :class:`Config` and returns the job,
or an ``int`` meaning "stop here with this exit code" (0 success, 1 invalid document, 2 usage
or I/O problem).  Writing is the last step and happens only when every step before it
succeeded, so a failing document leaves nothing half-written.  This keeps each step small and
testable on its own, the way nox runs its sessions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .encode import encode, serialize_tei
from .files import document_name, write_atomic
from .findings import Finding, Location, PipelineError, Severity, has_errors
from .ingest import Pos, ingest_file
from .render import FORMATS, render
from .validate import (
    Validator,
    XmlDocument,
    default_validators,
    full_tei_validator,
    load_xml,
    validate_json,
)
from .validate.document import read_xml

__all__ = [
    "BUILD",
    "CONVERT",
    "RENDER",
    "VALIDATE",
    "Config",
    "Job",
    "Result",
    "run",
]


@dataclass
class Config:
    """What a run does, shared by every document of the run."""

    out: Path | None = None
    formats: tuple[str, ...] = tuple(FORMATS)
    strict: bool = False
    full_tei: bool = False
    validators: tuple[Validator, ...] | None = None
    text_options: dict[str, bool] = field(default_factory=dict)
    protected: frozenset[Path] = frozenset()
    source_map: bool = False


@dataclass
class Job:
    """One document on its way through the steps."""

    source: Path
    name: str
    document: XmlDocument | None = None
    origins: dict[str, Pos] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Result:
    """What happened to one document: its findings, the files written, the exit code."""

    source: Path
    findings: list[Finding]
    written: list[Path]
    exit_code: int


Step = Callable[[Job, Config], "Job | int"]


def load_input(job: Job, config: Config) -> Job | int:
    """Read the input: plain text is ingested and encoded as TEI; XML is parsed as TEI."""
    if job.source.suffix.lower() == ".txt":
        encoded = encode(ingest_file(job.source))
        job.findings.extend(encoded.findings)
        tei_name = f"{job.name}.tei.xml"
        data = job.files[tei_name] = serialize_tei(encoded.tree)
        job.document = load_xml(data, str((config.out or job.source.parent) / tei_name))
        job.origins = encoded.origins
        if config.source_map:
            source_map = encoded.source_map(str(job.source))
            job.files[f"{job.name}.tei.map.json"] = \
                (json.dumps(source_map, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    else:
        job.document = read_xml(job.source)
    return job


def validate_tei(job: Job, config: Config) -> Job | int:
    """Validate the TEI (as written, so locations point into the file) with the run's
    validators, plus full TEI P5 conformance when asked."""
    assert job.document is not None
    validators = list(config.validators if config.validators is not None
                      else default_validators())
    if config.full_tei:
        validators.append(full_tei_validator())
    for validator in validators:
        job.findings.extend(_with_origin(f, job) for f in validator.iter_findings(job.document))
    return 1 if has_errors(job.findings, strict=config.strict) else job


def _with_origin(finding: Finding, job: Job) -> Finding:
    """A finding on converted TEI, pointing also at the source text it came from: the
    nearest element (itself or an ancestor) whose origin the encoder recorded."""
    if not job.origins or job.document is None or not finding.location.path:
        return finding
    element = job.document.locator.resolve(finding.location.path)
    tree = job.document.tree
    while element is not None:
        pos = job.origins.get(tree.getpath(element))
        if pos is not None:
            return replace(finding, origin=Location(str(job.source), pos.line, pos.column))
        element = element.getparent()
    return finding


def render_outputs(job: Job, config: Config) -> Job | int:
    """Render the TEI in each requested format."""
    assert job.document is not None
    rendered = render(job.document.tree, str(job.source), config.formats, config.text_options)
    job.findings.extend(rendered.findings)
    for name, text in rendered.outputs.items():
        job.files[f"{job.name}.{FORMATS[name][1]}"] = text.encode("utf-8")
    return job


def validate_outputs(job: Job, config: Config) -> Job | int:
    """Check the JSON rendering against its schema (a failure here is the pipeline's bug)."""
    name = f"{job.name}.json"
    if name in job.files:
        job.findings.extend(validate_json(job.files[name].decode("utf-8"), name))
    return 1 if has_errors(job.findings) else job


def write_outputs(job: Job, config: Config) -> Job | int:
    """Write every output atomically; refuse to overwrite any input file."""
    if config.out is None:
        return job
    targets = {config.out / name: data for name, data in job.files.items()}
    clashes = [path for path in targets if path.resolve() in config.protected]
    if clashes:
        raise PipelineError([Finding(
            "io:would-overwrite-input", Severity.ERROR,
            f"refusing to write {path}: it is an input file (choose another --out)",
            Location(str(job.source))) for path in clashes], exit_code=2)
    for path, data in targets.items():
        write_atomic(path, data)
    return job


def tei_only(job: Job, config: Config) -> Job | int:
    """Keep only the TEI (and its source map) among the files to write (the convert command)."""
    job.files = {name: data for name, data in job.files.items()
                 if name.endswith((".tei.xml", ".tei.map.json"))}
    return job


def check_strict(job: Job, config: Config) -> Job | int:
    """With --strict, warnings (e.g. from conversion) fail the document."""
    return 1 if has_errors(job.findings, strict=config.strict) else job


BUILD: tuple[Step, ...] = (load_input, check_strict, validate_tei, render_outputs,
                           validate_outputs, write_outputs)
CONVERT: tuple[Step, ...] = (load_input, check_strict, validate_tei, tei_only, write_outputs)
RENDER: tuple[Step, ...] = (load_input, render_outputs, validate_outputs, write_outputs)
VALIDATE: tuple[Step, ...] = (load_input, validate_tei)


def run(steps: Sequence[Step], sources: Sequence[Path], config: Config) -> list[Result]:
    """Run the steps on every source; a failing document does not stop the others."""
    protected = frozenset(path.resolve() for path in sources) | config.protected
    config = replace(config, protected=protected)
    return [run_one(steps, source, config) for source in sources]


def run_one(steps: Sequence[Step], source: Path, config: Config) -> Result:
    """Run the steps on one document and say what happened."""
    job = Job(source, document_name(source))
    exit_code = 0
    try:
        for step in steps:
            outcome = step(job, config)
            if isinstance(outcome, int):
                exit_code = outcome
                break
    except PipelineError as exc:
        job.findings.extend(exc.findings)
        exit_code = exc.exit_code
    written = [config.out / name for name in job.files] \
        if exit_code == 0 and config.out is not None and write_outputs in steps else []
    return Result(source, job.findings, written, exit_code)
