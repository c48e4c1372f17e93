"""Where the pipeline's stylesheets, schemas and embedded sample are.

In the repository they are the top-level ``xslt/`` and ``schemas/`` folders; an installed
package (wheel, sdist, pipx) carries them as ``pipeline/share/xslt`` and
``pipeline/share/schemas`` (``pyproject.toml`` maps one onto the other).
"""

from __future__ import annotations

from pathlib import Path

from .findings import Finding, Location, PipelineError, Severity

__all__ = ["CODE", "DATA_ROOT", "SAMPLE", "SCHEMAS", "XSLT", "schema_path", "stylesheet_path"]

#: The package's own code.
CODE = Path(__file__).resolve().parent
_INSTALLED = CODE / "share"
#: The folder holding ``xslt/`` and ``schemas/``: the installed package's, else the checkout's.
DATA_ROOT = _INSTALLED if (_INSTALLED / "xslt").is_dir() else CODE.parent
XSLT = DATA_ROOT / "xslt"
SCHEMAS = DATA_ROOT / "schemas"
SAMPLE = CODE / "samples" / "frus-memorandum-of-conversation.txt"


def stylesheet_path(name: str) -> Path:
    """The path of a stylesheet in ``xslt/``.

    Raises:
        PipelineError: it is missing (exit code 2).
    """
    return _existing(XSLT / name)


def schema_path(name: str) -> Path:
    """The path of a schema in ``schemas/``.

    Raises:
        PipelineError: it is missing (exit code 2).
    """
    return _existing(SCHEMAS / name)


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise PipelineError([Finding(
            "io:missing-resource", Severity.ERROR,
            "a file of the tei-pipeline installation is missing; reinstall the package "
            "(pip install --force-reinstall tei-pipeline, or pip install . from a checkout)",
            Location(str(path)))], exit_code=2)
    return path
