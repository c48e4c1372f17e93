"""Where the project's stylesheets, schemas and embedded sample live."""

from __future__ import annotations

from pathlib import Path

__all__ = ["PROJECT_ROOT", "SAMPLE", "SCHEMAS", "XSLT", "schema_path", "stylesheet_path"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
XSLT = PROJECT_ROOT / "xslt"
SCHEMAS = PROJECT_ROOT / "schemas"
SAMPLE = Path(__file__).resolve().parent / "samples" / "frus-memorandum-of-conversation.txt"


def stylesheet_path(name: str) -> Path:
    """The path of a stylesheet in ``xslt/``; raises ``FileNotFoundError`` if it is missing."""
    return _existing(XSLT / name)


def schema_path(name: str) -> Path:
    """The path of a schema in ``schemas/``; raises ``FileNotFoundError`` if it is missing."""
    return _existing(SCHEMAS / name)


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: not found (install the project with 'pip install -e .' from its checkout)"
        )
    return path
