"""Batch: build whole folders and corpora — mirrored, incremental, indexed.

A document is rebuilt only when its *build key* changes: the hash of its bytes and of
everything that shapes its outputs (the pipeline's code, stylesheets and schemas, and the
run's options).  The manifest in ``OUT/.tei-pipeline/manifest.json`` remembers each
document's key, the hashes of its outputs (a deleted or damaged output is rebuilt) and its
findings (a no-change rebuild still reports, and fails on, an invalid document).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

from lxml import etree

from .executors import Executor
from .files import remove_stale_temporaries, write_if_changed
from .findings import Finding, Location, Severity
from .render import P_NS, render_assembled
from .resources import CODE, SCHEMAS, XSLT
from .workflow import Config, Result, Source, build_document, protect

__all__ = ["BatchReport", "build", "plan_sources", "prune"]

MANIFEST = Path(".tei-pipeline") / "manifest.json"
INPUT_SUFFIXES = (".txt", ".xml")


def plan_sources(inputs: Sequence[Path]) -> list[Source]:
    """The documents to build: files as given, and the .txt/.xml files below each folder with
    their folder relative to it (so the output tree mirrors the input tree).  A link to
    nothing is planned too, so that the build reports it rather than passing over it."""
    sources: list[Source] = []
    for path in inputs:
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if _is_input(p, path)):
                relative = found.parent.relative_to(path)
                sources.append(Source(found, "" if relative == Path() else relative.as_posix()))
        else:
            sources.append(Source(path))
    return _distinct_names(sources)


def _is_input(path: Path, folder: Path) -> bool:
    """A .txt or .xml file (or a link to nothing by such a name) not in a hidden folder."""
    return (path.is_file() or (path.is_symlink() and not path.exists())) \
        and path.suffix.lower() in INPUT_SUFFIXES \
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)


def _distinct_names(sources: list[Source]) -> list[Source]:
    """Give sources whose outputs would collide (d1.txt and d1.tei.xml in one folder) names
    of their own: the first keeps the plain name, the others add their file suffixes."""
    taken: set[tuple[str, str]] = set()
    named = []
    for source in sources:
        name = source.output_name
        if (source.subdir, name) in taken:
            name = source.path.name.replace(".", "-")
        taken.add((source.subdir, name))
        named.append(Source(source.path, source.subdir, name))
    return named


@dataclass
class BatchReport:
    """What a batch build did."""

    results: list[Result] = field(default_factory=list)
    built: int = 0
    up_to_date: int = 0

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.results for f in result.findings]

    @property
    def exit_code(self) -> int:
        return max((r.exit_code for r in self.results), default=0)


def build(sources: Sequence[Source], config: Config, executor: Executor,
          progress: TextIO | None = None, *, index: bool = True) -> BatchReport:
    """Build every source whose outputs are missing or out of date, then (unless ``index`` is
    false: a site writes its own) the index.

    Args:
        sources: the documents (see :func:`plan_sources`).
        config: the run's options; ``config.out`` is the output folder.
        executor: where documents are built (local processes, or a Dask cluster).
        progress: a terminal to draw a progress bar on (none when not a TTY).
    """
    config = protect(config, sources)
    out = config.out
    assert out is not None
    remove_stale_temporaries(out)  # left by a run that was killed mid-write
    manifest = _load_manifest(out)
    fingerprint = pipeline_fingerprint(config)
    keys = {source: build_key(source.path, fingerprint) for source in sources}
    report = BatchReport()
    stale = []
    for source in sources:
        entry = manifest.get(_name(source))
        if entry and keys[source] is not None and entry["key"] == keys[source] and \
                _outputs_intact(out, entry):
            report.results.append(_result_from(entry, source))
            report.up_to_date += 1
        else:
            stale.append(source)
    # The largest first, so that no worker is left with a large document at the end.
    stale.sort(key=_size, reverse=True)
    for result in _with_progress(executor.map(build_document, stale, config), len(stale),
                                 progress):
        report.results.append(result)
        report.built += 1
    by_path = {source.path: source for source in sources}
    for result in report.results:
        source = by_path[result.source]
        manifest[_name(source)] = _entry(result, keys[source], out)
    report.results.sort(key=lambda r: str(r.source))
    _write_json(out / MANIFEST, {"documents": dict(sorted(manifest.items()))})
    if index:
        _write_index(out, [(by_path[r.source], r) for r in report.results])
    return report


def prune(out: Path, sources: Sequence[Source]) -> list[str]:
    """Forget the documents that the manifest in ``out`` records and ``sources`` no longer
    hold (they left the volume): remove each of their outputs that is as it was written and
    that no remaining document wrote too (a file changed since is kept), and their entries.
    Returns the names of the outputs removed."""
    manifest = _load_manifest(out)
    keep = {_name(source) for source in sources}
    gone = sorted(set(manifest) - keep)
    if not gone:
        return []
    current = {name for key in keep & set(manifest) for name in manifest[key].get("outputs", {})}
    removed = []
    for key in gone:
        for name, digest in manifest.pop(key).get("outputs", {}).items():
            if name not in current and _is_as_written(out / name, digest):
                (out / name).unlink()
                removed.append(name)
    _write_json(out / MANIFEST, {"documents": dict(sorted(manifest.items()))})
    return removed


def pipeline_fingerprint(config: Config) -> str:
    """A hash of everything besides the input that shapes a document's outputs."""
    digest = hashlib.sha256()
    for root, pattern in ((CODE, "*.py"), (XSLT, "*.xsl"), (SCHEMAS, "*.*")):
        for path in sorted(root.rglob(pattern)):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}".encode())
            digest.update(path.read_bytes())
    options = {"formats": config.formats, "strict": config.strict, "full_tei": config.full_tei,
               "text": config.text_options, "source_map": config.source_map,
               "max_input_mb": config.max_input_mb, "lists": repr(config.lists)}
    digest.update(json.dumps(options, sort_keys=True).encode())
    return digest.hexdigest()


def build_key(path: Path, fingerprint: str) -> str | None:
    """The build key of one input: its bytes (read in chunks: an input too large to build
    is not held in memory to be hashed) and the pipeline fingerprint.  An unreadable input
    has none, so it is never up to date: building it reports why it cannot be read."""
    digest = hashlib.sha256(fingerprint.encode())
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def _size(source: Source) -> int:
    """A source's size in bytes (0 when it cannot be read: building it says why)."""
    try:
        return source.path.stat().st_size
    except OSError:
        return 0


def _name(source: Source) -> str:
    """The manifest key of a source: its absolute path, however it was named."""
    return str(source.path.resolve())


def _load_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        return dict(data["documents"])
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no manifest, or a damaged one: everything is rebuilt


def _outputs_intact(out: Path, entry: dict[str, Any]) -> bool:
    return all(_is_as_written(out / name, digest)
               for name, digest in entry.get("outputs", {}).items())


def _is_as_written(path: Path, digest: str) -> bool:
    """Whether a file is there with the SHA-256 ``digest`` it was written with."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except OSError:
        return False


def _entry(result: Result, key: str | None, out: Path) -> dict[str, Any]:
    return {
        "key": key,
        "exit_code": result.exit_code,
        "outputs": {name: hashlib.sha256((out / name).read_bytes()).hexdigest()
                    for name in result.written},
        "summary": result.summary,
        "findings": [f.to_dict() for f in result.findings],
    }


def _result_from(entry: dict[str, Any], source: Source) -> Result:
    """The result of an up-to-date document, as the manifest recorded it."""
    findings = [Finding(f["rule"], Severity(f["severity"]), f["message"],
                        Location(f["file"], f["line"], f["column"], f.get("path", "")),
                        f.get("see", ""),
                        Location(**f["origin"]) if f.get("origin") else None,
                        f.get("lang", ""))
                for f in entry.get("findings", [])]
    return Result(source.path, findings, list(entry.get("outputs", {})), entry["exit_code"],
                  entry.get("summary", {}))


def _with_progress(results: Iterable[Result], total: int,
                   stream: TextIO | None) -> Iterable[Result]:
    """Results as they come, with a progress bar when ``stream`` is a terminal."""
    if stream is None or not stream.isatty() or total == 0:
        yield from results
        return
    from tqdm import tqdm

    with tqdm(total=total, file=stream, unit="doc", desc="building") as bar:
        for result in results:
            bar.update(1)
            yield result


def _write_json(path: Path, data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_if_changed(path, text.encode("utf-8"))


def _write_index(out: Path, entries: list[tuple[Source, Result]]) -> None:
    """index.json and index.html: every document with title, date, speakers and status."""
    documents = [_index_entry(source, result) for source, result in entries]
    _write_json(out / "index.json", {"documents": documents})
    write_if_changed(out / "index.html", _index_html(documents, out))


def _index_entry(source: Source, result: Result) -> dict[str, Any]:
    errors = sum(f.severity is Severity.ERROR for f in result.findings)
    warnings = sum(f.severity is Severity.WARNING for f in result.findings)
    status = "valid" if result.exit_code == 0 else "invalid" if result.exit_code == 1 \
        else "failed"
    outputs = {Path(name).suffix.lstrip(".") if not name.endswith(".tei.xml") else "tei": name
               for name in result.written if not name.endswith(".map.json")}
    return {"source": source.path.as_posix(), **asdict(_Summary.of(result.summary)),
            "status": status, "errors": errors, "warnings": warnings, "outputs": outputs}


@dataclass
class _Summary:
    title: str | None
    date: str | None
    speakers: list[str]

    @classmethod
    def of(cls, summary: dict[str, Any]) -> _Summary:
        return cls(summary.get("title"), summary.get("date"), list(summary.get("speakers", [])))


def _index_html(documents: list[dict[str, Any]], out: Path) -> bytes:
    """The index page, rendered by ``render-index.xsl`` from the documents as XML."""
    root = etree.Element(f"{{{P_NS}}}index", nsmap={"p": P_NS})
    for doc in documents:
        element = etree.SubElement(root, f"{{{P_NS}}}document", {
            "source": doc["source"], "title": doc["title"] or "", "date": doc["date"] or "",
            "status": doc["status"], "errors": str(doc["errors"]),
            "warnings": str(doc["warnings"])})
        for speaker in doc["speakers"]:
            etree.SubElement(element, f"{{{P_NS}}}speaker").text = speaker
        for kind, path in sorted(doc["outputs"].items()):
            etree.SubElement(element, f"{{{P_NS}}}output", kind=kind, path=path)
    return render_assembled("render-index.xsl", root, str(out / "index.html"))
