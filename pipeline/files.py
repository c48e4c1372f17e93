"""Files: atomic writes, output names, and the guard that never lets an input be overwritten."""

from __future__ import annotations

import os
import re
import tempfile
import urllib.parse
from pathlib import Path

from .findings import Finding, Location, PipelineError, Severity

__all__ = [
    "DEFAULT_MAX_INPUT_MB",
    "cache_dir",
    "document_name",
    "file_url_path",
    "read_input",
    "remove_stale_temporaries",
    "write_atomic",
    "write_if_changed",
]

#: The name write_atomic gives its temporary files: ".NAME.RANDOM.tmp".
TEMPORARY = re.compile(r"^\.(?P<name>.+)\.[\w]{6,12}\.tmp$")

#: Inputs larger than this are refused before they are read (a FRUS document or a play is
#: well under 1 MB); ``--max-input-mb`` raises it.
DEFAULT_MAX_INPUT_MB = 16


def file_url_path(url: str) -> Path:
    """The file a ``file:`` URL names."""
    from urllib.request import url2pathname  # (imported when needed: it costs ~10 ms)

    return Path(url2pathname(urllib.parse.urlparse(url).path))


def document_name(path: Path) -> str:
    """The name of a document's outputs: the file name without '.txt', '.xml' or '.tei.xml',
    reduced to characters safe in any file system."""
    name = path.name
    for suffix in (".tei.xml", ".xml", ".txt"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    safe = re.sub(r"[^\w.-]+", "_", name).strip("._-")
    return safe or "document"


def read_input(path: Path, max_mb: float = DEFAULT_MAX_INPUT_MB) -> bytes:
    """An input file's bytes, refusing files over ``max_mb`` megabytes before reading them.

    Raises:
        PipelineError: the file cannot be read (exit 2) or is too large (exit 1).
    """
    try:
        size = path.stat().st_size
        if size > max_mb * 2**20:
            raise PipelineError([Finding(
                "io:too-large", Severity.ERROR,
                f"{size / 2**20:.1f} MB is over the {max_mb:g} MB limit for one input "
                "(raise it with --max-input-mb)", Location(str(path), 1, 1))])
        return path.read_bytes()
    except OSError as exc:
        raise PipelineError([Finding("io:unreadable", Severity.ERROR,
                                     f"cannot read file: {exc.strerror}",
                                     Location(str(path)))], exit_code=2) from exc


def cache_dir() -> Path:
    """Where compiled schemas are kept between runs: ``$TEI_PIPELINE_CACHE``, else
    ``$XDG_CACHE_HOME/tei-pipeline``, else ``~/.cache/tei-pipeline``."""
    configured = os.environ.get("TEI_PIPELINE_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-pipeline"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files an interrupted run of ``write_atomic`` left in a folder
    tree (only files named as it names them); returns what was removed."""
    removed = []
    if folder.is_dir():
        for path in folder.rglob(".*.tmp"):
            if path.is_file() and TEMPORARY.match(path.name):
                path.unlink(missing_ok=True)
                removed.append(path)
    return removed


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see either the old file or the complete new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, data: bytes) -> None:
    """Write ``data`` atomically unless the file already holds exactly that (its time stamp
    then stays, for servers and rsync)."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_atomic(path, data)
