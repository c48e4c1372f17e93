"""Workflow: each command is one ordered tuple of named steps run on one document at a time.

A step receives the document's :class:`Job` and the run's :class:`Config` and returns the job,
or an ``int`` meaning "stop here with this exit code" (0 success, 1 invalid document, 2 usage
or I/O problem).  Writing is the last step and happens only when no step stopped the
document, so a failing document leaves nothing half-written.  (A step may also record an exit
code and let the document go on: TEI from elsewhere is rendered even with validation errors,
which are reported.)  This keeps each step small and testable on its own, the way nox runs
its sessions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from .encode import encode, serialize_tei
from .files import DEFAULT_MAX_INPUT_MB, document_name, write_atomic
from .findings import Finding, Location, PipelineError, Severity, has_errors
from .ingest import Pos, ingest_file
from .lists import Lists
from .locations import element_path
from .render import FORMATS, render
from .validate import (
    Validator,
    XmlDocument,
    default_validators,
    full_tei_validator,
    load_xml,
    project_rules,
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
    "Source",
    "build_document",
    "protect",
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
    max_input_mb: float = DEFAULT_MAX_INPUT_MB
    lists: Lists = field(default_factory=Lists)


@dataclass(frozen=True)
class Source:
    """An input document, the folder under the output folder its outputs go to (the input's
    folder relative to the folder given on the command line, so trees are mirrored), and the
    name of its outputs (by default the file name without .txt, .xml or .tei.xml)."""

    path: Path
    subdir: str = ""
    name: str = ""

    @property
    def output_name(self) -> str:
        return self.name or document_name(self.path)


@dataclass
class Job:
    """One document on its way through the steps."""

    source: Path
    name: str
    subdir: str = ""
    converted: bool = False
    exit_code: int = 0
    document: XmlDocument | None = None
    origins: dict[str, Pos] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    json_data: Any = None  # the JSON rendering as data


@dataclass
class Result:
    """What happened to one document: its findings, the files written (relative to the
    output folder), the exit code, and what the index says of it (title, date, speakers)."""

    source: Path
    findings: list[Finding]
    written: list[str]
    exit_code: int
    summary: dict[str, object] = field(default_factory=dict)


Step = Callable[[Job, Config], "Job | int"]


def load_input(job: Job, config: Config) -> Job | int:
    """Read the input: plain text is ingested and encoded as TEI; XML is parsed as TEI."""
    if job.source.suffix.lower() == ".txt":
        encoded = encode(ingest_file(job.source, config.max_input_mb), config.lists)
        job.findings.extend(encoded.findings)
        job.origins = encoded.origins
        job.converted = True
        if config.source_map:
            source_map = encoded.source_map(str(job.source))
            job.files[f"{job.name}.tei.map.json"] = \
                (json.dumps(source_map, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        tei_name = f"{job.name}.tei.xml"
        data = job.files[tei_name] = serialize_tei(encoded.tree)
        del encoded  # the TEI as written is parsed again (locations point into the file)
        job.document = load_xml(data, str((config.out or job.source.parent) / tei_name))
    else:
        job.document = read_xml(job.source, config.max_input_mb)
    return job


def validate_tei(job: Job, config: Config) -> Job | int:
    """Validate the TEI (as written, so locations point into the file), plus full TEI P5
    conformance when asked.

    Unless the run names its validators, converted TEI must pass the project's
    customization and rules, and an error stops it (nothing is written); TEI from elsewhere
    is checked with the project's generic rules and still rendered, its errors reported.
    """
    assert job.document is not None
    validators = list(config.validators if config.validators is not None
                      else default_validators() if job.converted else (project_rules(),))
    if config.full_tei:
        validators.append(full_tei_validator())
    for validator in validators:
        job.findings.extend(_with_origin(f, job) for f in validator.iter_findings(job.document))
    if not has_errors(job.findings, strict=config.strict):
        return job
    if job.converted:
        return 1
    job.exit_code = 1
    return job


def _with_origin(finding: Finding, job: Job) -> Finding:
    """A finding on converted TEI, pointing also at the source text it came from: the
    nearest element (itself or an ancestor) whose origin the encoder recorded."""
    if not job.origins or job.document is None or not finding.location.path:
        return finding
    element = job.document.locator.resolve(finding.location.path)
    while element is not None:
        pos = job.origins.get(element_path(element))
        if pos is not None:
            return replace(finding, origin=Location(str(job.source), pos.line, pos.column))
        element = element.getparent()
    return finding


def render_outputs(job: Job, config: Config) -> Job | int:
    """Render the TEI in each requested format."""
    assert job.document is not None
    def keep(name: str, data: bytes) -> None:
        job.files[f"{job.name}.{FORMATS[name][1]}"] = data

    rendered = render(job.document.tree, str(job.source), config.formats, config.text_options,
                      node=job.document.saxon, on_output=keep)
    job.findings.extend(rendered.findings)
    job.json_data = rendered.json_data
    return job


def validate_outputs(job: Job, config: Config) -> Job | int:
    """Check the JSON rendering against its schema (a failure here is the pipeline's bug)."""
    name = f"{job.name}.json"
    found = validate_json(job.files[name], name, instance=job.json_data) \
        if name in job.files else []
    job.findings.extend(found)
    return 1 if has_errors(found) else job


def write_outputs(job: Job, config: Config) -> Job | int:
    """Write every output atomically; refuse to overwrite any input file."""
    if config.out is None:
        return job
    targets = {config.out / job.subdir / name: data for name, data in job.files.items()}
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


def run(steps: Sequence[Step], sources: Sequence[Path | Source], config: Config) -> list[Result]:
    """Run the steps on every source; a failing document does not stop the others."""
    planned = [s if isinstance(s, Source) else Source(s) for s in sources]
    config = protect(config, planned)
    return [run_one(steps, source, config) for source in planned]


def protect(config: Config, sources: Sequence[Source]) -> Config:
    """The config with every input file marked as never to be written over."""
    return replace(config, protected=config.protected | {s.path.resolve() for s in sources})


def build_document(source: Source, config: Config) -> Result:
    """Convert (if text), validate, render and write one document: the unit of work that
    batch builds run in parallel (it is importable, so process pools and Dask can ship it)."""
    return run_one(BUILD, source, config)


def run_one(steps: Sequence[Step], source: Path | Source, config: Config) -> Result:
    """Run the steps on one document and say what happened."""
    if isinstance(source, Path):
        source = Source(source)
    job = Job(source.path, source.output_name, source.subdir)
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
    written = [str(PurePosixPath(job.subdir, name)) for name in job.files] \
        if exit_code == 0 and config.out is not None and write_outputs in steps else []
    exit_code = max(exit_code, job.exit_code)
    return Result(source.path, job.findings, written, exit_code, _summary(job))


def _summary(job: Job) -> dict[str, object]:
    """Title, date and speakers of a rendered document, from its JSON rendering."""
    data = job.json_data
    if data is None:
        return {}
    date = data["metadata"]["date"] or {}
    speakers = list(dict.fromkeys(s["speaker"] for s in data["speeches"]))
    return {"title": data["title"], "date": date.get("when") or date.get("from") or
            date.get("text"), "speakers": speakers}
