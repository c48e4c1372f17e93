"""The ``tei-pipeline`` command: parse arguments, run a workflow, report, return an exit code."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from . import __version__, batch, isolate, site, watch, workflow
from .executors import DaskExecutor, Executor, LocalExecutor, warm_up
from .files import DEFAULT_MAX_INPUT_MB
from .findings import Finding, Location, PipelineError, Severity, has_errors
from .lists import read_lists
from .render import FORMATS
from .report import FORMATTERS
from .resources import SAMPLE
from .validate import (
    JsonSchemaValidator,
    RelaxNGValidator,
    SchematronValidator,
    ValidatorGroup,
    compile_whole,
    default_validators,
    full_tei_validator,
    relaxng_with_schematron,
    validate_json,
)
from .validate.protocol import Validator

__all__ = ["main", "run"]

def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tei-pipeline",
        description="Convert FRUS-style plain text to TEI P5, validate TEI, and render it "
                    "as HTML, JSON and plain text.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="convert, validate and render documents")
    build.add_argument("inputs", nargs="*", type=Path,
                       help=".txt documents, .xml TEI files or folders (default: the sample)")
    build.add_argument("--out", type=Path, default=Path("output"), help="output folder")
    _common(build)
    _lists(build)
    build.add_argument("--full-tei", action="store_true",
                       help="also validate against the complete TEI P5 schema")
    build.add_argument("--source-map", action="store_true",
                       help="also write NAME.tei.map.json: each TEI element's source line:column")
    _parallel(build)

    volume = commands.add_parser("site", help="publish a volume as a static edition site")
    volume.add_argument("input", type=Path,
                      help="a folder of documents (text or TEI; subfolders are chapters), "
                           "with the volume's persons.txt and terms.txt beside them; or a "
                           "TEI file holding the volume's div[@type='document']s")
    volume.add_argument("--out", type=Path, default=Path("site"), help="the site's folder")
    volume.add_argument("--title", help="the volume's title (default: the TEI's title, or the "
                                      "folder's name)")
    _parallel(volume)
    volume.add_argument("--full-tei", action="store_true",
                      help="also validate against the complete TEI P5 schema")
    volume.add_argument("--watch", action="store_true",
                        help="publish again whenever a document or list of the volume changes, "
                             "with stylesheets compiled and workers started (until Ctrl-C)")
    _common(volume)

    convert = commands.add_parser("convert", help="convert plain text to TEI")
    convert.add_argument("inputs", nargs="+", type=Path)
    convert.add_argument("--out", type=Path, default=Path("."), help="output folder")
    convert.add_argument("--source-map", action="store_true",
                         help="also write NAME.tei.map.json: each TEI element's source line:column")
    _common(convert)
    _lists(convert)

    validate = commands.add_parser("validate", help="validate TEI (or JSON) files")
    validate.add_argument("inputs", nargs="+", type=Path)
    validate.add_argument("--schema", type=Path,
                          help="a RELAX NG schema (.rng, or .rnc in compact syntax) to use "
                               "instead of the project's; Schematron embedded in it runs too")
    validate.add_argument("--schematron", type=Path,
                          help="an ISO Schematron schema to use instead of the project's")
    validate.add_argument("--phase", default="#DEFAULT",
                          help="the Schematron phase (#ALL, #DEFAULT or a phase id)")
    validate.add_argument("--allow-external", action="store_true",
                          help="let a Schematron schema read files or URLs (doc(), "
                               "unparsed-text(), remote includes); without it, checks that "
                               "would are not run, and reported once")
    validate.add_argument("--json-schema", type=Path, help="a JSON Schema for .json inputs")
    validate.add_argument("--full-tei", action="store_true",
                          help="also validate against the complete TEI P5 schema and its "
                               "embedded Schematron constraints")
    validate.add_argument("--watch", action="store_true",
                          help="keep the schemas compiled and check each file again whenever "
                               "it changes (until Ctrl-C)")
    validate.add_argument("--skip-project", action="store_true",
                          help="do not run the project's own schema and Schematron "
                               "(e.g. for third-party TEI with --full-tei)")
    _common(validate)

    render = commands.add_parser("render", help="render TEI as HTML, JSON and text")
    render.add_argument("inputs", nargs="+", type=Path)
    render.add_argument("--out", type=Path, default=Path("."), help="output folder")
    render.add_argument("--to", default=",".join(FORMATS),
                        help=f"formats, comma-separated (from {', '.join(FORMATS)})")
    render.add_argument("--no-pages", action="store_true", help="text: no [Page N] markers")
    render.add_argument("--no-notes", action="store_true", help="text: no note numbers or notes")
    render.add_argument("--speakers", action="store_true", help="text: label speeches")
    render.add_argument("--index", action="store_true",
                        help="text: list the people, terms and cross-references at the end")
    _common(render)
    return parser.parse_args(argv)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--max-input-mb", type=float, default=DEFAULT_MAX_INPUT_MB,
                        help=f"refuse inputs larger than this (default {DEFAULT_MAX_INPUT_MB})")
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="text",
                        help="report format")


def _parallel(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help="documents built in parallel (default: the number of cores)")
    parser.add_argument("--executor", choices=("local", "dask"), default="local",
                        help="build on local processes or on a Dask cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="Dask scheduler address (default: start a local cluster)")


def _executor(args: argparse.Namespace, *, keep_workers: bool = False) -> Executor:
    """Where documents are built: --jobs local processes (kept from one build to the next
    with ``keep_workers``), or a Dask cluster.

    Raises:
        PipelineError: --jobs is below 1, or the cluster cannot be reached (exit 2).
    """
    if args.jobs is not None and args.jobs < 1:
        raise PipelineError([Finding("usage:jobs", Severity.ERROR, "--jobs must be at least 1")],
                            exit_code=2)
    if args.executor != "dask":
        return LocalExecutor(args.jobs, keep_workers=keep_workers)
    try:
        return DaskExecutor(args.scheduler, args.jobs)
    except (RuntimeError, OSError) as exc:
        raise PipelineError([Finding("usage:dask", Severity.ERROR, str(exc))],
                            exit_code=2) from exc


def _lists(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--persons", type=Path, metavar="FILE",
                        help="the volume's Persons list as text, 'Surname, Forenames, "
                             "description' a line: mentions are linked to it")
    parser.add_argument("--terms", type=Path, metavar="FILE",
                        help="the volume's Abbreviations and Terms as text, 'TERM, meaning' "
                             "a line: each use is linked to it")


def run(argv: Sequence[str] | None = None, stdout: TextIO = sys.stdout,
        stderr: TextIO = sys.stderr) -> int:
    """Run the command line and return its exit code (0 ok, 1 invalid, 2 usage or I/O)."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return 0 if exc.code in (0, None) else 2
    try:
        isolate.arguments()  # Saxon's heap sizes from the environment, checked before any work
        if args.command == "build":
            return _build(args, stdout, stderr)
        if args.command == "site":
            return _site(args, stdout, stderr)
        inputs = _expand(args.inputs)
        if args.command == "validate":
            return _validate(args, inputs, stdout, stderr)
        steps, config = _plan(args)
    except PipelineError as exc:
        documents = len(args.inputs) if hasattr(args, "inputs") else 1
        stderr.write(FORMATTERS["text"](exc.findings, documents))
        return exc.exit_code
    results = workflow.run(steps, inputs, config)
    findings = [f for result in results for f in result.findings]
    report = FORMATTERS[args.format](findings, len(results))
    (stdout if args.format != "text" else stderr).write(report)
    written = sum(len(result.written) for result in results)
    if written and config.out is not None:
        stderr.write(f"wrote {written} file(s) to {config.out}\n")
    return max((result.exit_code for result in results), default=0)


def _build(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Build documents (or the embedded sample) into the output folder, incrementally."""
    _expand(args.inputs)  # missing inputs are a usage error before any work
    sources = batch.plan_sources(args.inputs) if args.inputs else [
        workflow.Source(_relative(SAMPLE))]
    config = workflow.Config(out=args.out, strict=args.strict, full_tei=args.full_tei,
                             source_map=args.source_map, max_input_mb=args.max_input_mb,
                             lists=read_lists(args.persons, args.terms))
    executor = _executor(args)
    try:
        report = batch.build(sources, config, executor, progress=stderr)
    finally:
        executor.close()
    (stdout if args.format != "text" else stderr).write(
        FORMATTERS[args.format](report.findings, len(report.results)))
    failed = sum(r.exit_code != 0 for r in report.results)
    stderr.write(f"{report.built} built, {report.up_to_date} up to date, {failed} failed; "
                 f"outputs and index in {args.out}\n")
    return report.exit_code


def _site(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Publish a volume folder as a site; with --watch, again whenever one of its files
    changes."""
    config = workflow.Config(strict=args.strict, full_tei=args.full_tei,
                             max_input_mb=args.max_input_mb)
    if args.watch and not args.input.exists():  # else a watcher waits for a file that is not
        raise PipelineError([Finding("usage:site", Severity.ERROR, "no such file or folder",
                                     Location(str(args.input)))], exit_code=2)
    executor = _executor(args, keep_workers=args.watch)
    try:
        if not args.watch:
            return _publish(args, executor, config, stdout, stderr)
        return watch.watch_together(
            [args.input], lambda _: site.volume_files(args.input, args.out),
            lambda _: _publish_again(args, executor, config, stdout, stderr),
            when_idle=warm_up)
    finally:
        executor.close()


def _publish(args: argparse.Namespace, executor: Executor, config: workflow.Config,
             stdout: TextIO, stderr: TextIO) -> int:
    """Publish the site once and report its findings and what was rebuilt."""
    report = site.publish(args.input, args.out, executor, config, args.title)
    findings = [*report.documents.findings, *report.findings]
    (stdout if args.format != "text" else stderr).write(
        FORMATTERS[args.format](findings, len(report.documents.results)))
    stderr.write(f"{len(report.documents.results)} documents ({report.documents.built} built); "
                 f"{report.pages_rendered} pages rendered, {report.pages_kept} up to date; "
                 f"site in {args.out}\n")
    return report.exit_code


def _publish_again(args: argparse.Namespace, executor: Executor, config: workflow.Config,
                   stdout: TextIO, stderr: TextIO) -> None:
    """Publish the site after a change, saying when and how long it took; a volume that
    cannot be published as it is (a file saved half-written) is reported, and the next
    change tried."""
    start = time.perf_counter()
    stderr.write(f"[{time.strftime('%H:%M:%S')}] publishing {args.input}\n")
    try:
        _publish(args, executor, config, stdout, stderr)
    except PipelineError as exc:
        stderr.write(FORMATTERS["text"](exc.findings, 1))
    stderr.write(f"published in {time.perf_counter() - start:.2f} s\n")
    stderr.flush()


def _relative(path: Path) -> Path:
    """A path relative to the working folder when it is below it (stable in reports)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _plan(args: argparse.Namespace) -> tuple[tuple[workflow.Step, ...], workflow.Config]:
    if args.command == "convert":
        return workflow.CONVERT, workflow.Config(out=args.out, strict=args.strict,
                                                 source_map=args.source_map,
                                                 max_input_mb=args.max_input_mb,
                                                 lists=read_lists(args.persons, args.terms))
    formats = tuple(f.strip() for f in args.to.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise PipelineError([Finding("usage:format", Severity.ERROR, f"unknown format(s): "
                                     f"{', '.join(unknown)}")], exit_code=2)
    options = {"pages": not args.no_pages, "notes": not args.no_notes, "speakers": args.speakers,
               "index": args.index}
    return workflow.RENDER, workflow.Config(out=args.out, formats=formats, strict=args.strict,
                                            text_options=options, max_input_mb=args.max_input_mb)


def _validate(args: argparse.Namespace, inputs: list[Path], stdout: TextIO,
              stderr: TextIO) -> int:
    """Validate XML with the chosen (or default) validators and JSON with a JSON Schema."""
    xml_inputs = [p for p in inputs if p.suffix.lower() != ".json"]
    json_inputs = [p for p in inputs if p.suffix.lower() == ".json"]
    validators: list[Validator] = []
    if args.schema:
        validators.append(relaxng_with_schematron(args.schema, args.phase,
                                                  args.allow_external))
    if args.schematron:
        validators.append(SchematronValidator(args.schematron, args.phase,
                                              allow_external=args.allow_external))
    if not validators and not args.skip_project:
        validators.extend(default_validators(args.phase))
    if not validators and not args.full_tei:
        raise PipelineError([Finding("usage:no-schema", Severity.ERROR,
                                     "--skip-project leaves nothing to validate against: add "
                                     "--full-tei, --schema or --schematron")], exit_code=2)
    config = workflow.Config(strict=args.strict, full_tei=args.full_tei,
                             validators=tuple(validators), max_input_mb=args.max_input_mb)
    json_validator = JsonSchemaValidator(args.json_schema) if args.json_schema else None
    schema_findings = [f for validator in validators for f in validator.schema_findings]
    if args.watch:
        if schema_findings:
            stdout.write(FORMATTERS["text"](schema_findings, 0))
        grammars = [*validators, *([full_tei_validator()] if args.full_tei else [])]
        return watch.watch(args.inputs, _documents,
                           lambda path: _check(path, config, json_validator),
                           lambda path, found: _report_change(path, found, args.format, stdout),
                           when_idle=lambda: _compile_wholes(grammars, stderr))
    results = workflow.run(workflow.VALIDATE, xml_inputs, config)
    findings = schema_findings + [f for result in results for f in result.findings]
    exit_code = max((result.exit_code for result in results), default=0)
    for path in json_inputs:
        found = _json_findings(path, json_validator)
        findings.extend(found)
        exit_code = max(exit_code, int(has_errors(found)))
    stdout.write(FORMATTERS[args.format](findings, len(inputs)))
    if has_errors(findings, strict=args.strict):
        exit_code = max(exit_code, 1)
    return exit_code


def _compile_wholes(validators: Sequence[Validator], stderr: TextIO) -> None:
    """Compile the whole grammars of RELAX NG validators (see :func:`compile_whole`), saying
    so: for a large schema this takes seconds, during which changes wait."""
    grammars = [v for v in validators if isinstance(v, RelaxNGValidator | ValidatorGroup)]
    if not grammars:
        return
    stderr.write("watching; compiling the whole RELAX NG grammars once, so that findings on "
                 "invalid files come at once…\n")
    stderr.flush()
    start = time.perf_counter()
    for validator in grammars:
        compile_whole(validator)
    stderr.write(f"ready ({time.perf_counter() - start:.1f} s)\n")
    stderr.flush()


def _json_findings(path: Path, validator: JsonSchemaValidator | None) -> list[Finding]:
    """The findings of a JSON file.

    Raises:
        PipelineError: it cannot be read (exit code 2).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PipelineError([Finding("io:unreadable", Severity.ERROR, f"cannot read: {exc}",
                                     Location(str(path)))], exit_code=2) from exc
    return validate_json(text, str(path), validator)


def _check(path: Path, config: workflow.Config,
           json_validator: JsonSchemaValidator | None) -> list[Finding]:
    """The findings of one file, for --watch (a file that cannot be read is one)."""
    if path.suffix.lower() == ".json":
        try:
            return _json_findings(path, json_validator)
        except PipelineError as exc:
            return exc.findings
    return workflow.run_one(workflow.VALIDATE, path, config).findings


def _report_change(path: Path, findings: list[Finding] | None, report_format: str,
                   stdout: TextIO) -> None:
    """Show what --watch found in a file that changed (or that it is gone)."""
    stamp = time.strftime("%H:%M:%S")
    if findings is None:
        stdout.write(f"[{stamp}] {path}: gone\n")
    else:
        stdout.write(f"[{stamp}] {path}\n" + FORMATTERS[report_format](findings, 1))
    stdout.flush()


def _documents(paths: Sequence[Path]) -> list[Path]:
    """The documents below some paths (files as given, even when they are gone)."""
    return [source.path for source in batch.plan_sources(paths)]


def _expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; folders replaced by the documents below them (as a build plans them).

    Raises:
        PipelineError: an input does not exist (exit code 2).
    """
    missing = [path for path in paths if not path.exists()]
    if missing:
        raise PipelineError([Finding("io:missing", Severity.ERROR, "no such file or folder",
                                     Location(str(path))) for path in missing], exit_code=2)
    return [source.path for source in batch.plan_sources(paths)]


def main() -> None:
    """Entry point of the console script (Ctrl-C ends it with the shell's code for it, 130,
    and no traceback; what was written is whole, as every write is atomic)."""
    try:
        sys.exit(run())
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)

