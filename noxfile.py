"""Sessions: the main job (pipeline), tests, lint, bench and fuzz.  ``nox --list`` shows them.

Run this file with any Python 3.11+ — ``python3 noxfile.py -s tests`` — and it installs nox
into a virtual environment of its own (``.nox/_nox``) the first time, then runs nox from there:
nothing is installed into the system Python, which Debian and Ubuntu refuse (PEP 668), and
nothing but Python is needed.  With nox already installed, ``nox -s tests`` does the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NOX = "nox>=2025.2.9"  # nox.main() runs a noxfile as a script


def _run_with_own_nox() -> None:
    """Create ``.nox/_nox`` with nox in it (once) and run this file again with its Python."""
    import importlib.util
    import venv

    environment = Path(__file__).resolve().parent / ".nox" / "_nox"
    python = environment / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    ready = python.exists() and \
        subprocess.run([python, "-c", "import nox"], capture_output=True).returncode == 0
    if not ready:
        # Without ensurepip (Debian and Ubuntu ship it apart, in python3-venv), the system's
        # pip installs into the new environment instead.
        has_ensurepip = importlib.util.find_spec("ensurepip") is not None
        venv.create(environment, with_pip=has_ensurepip, clear=True)
        install = [python, "-m", "pip"] if has_ensurepip else \
            [sys.executable, "-m", "pip", "--python", python]
        result = subprocess.run([*install, "install", "--quiet", NOX])
        if result.returncode:
            sys.exit("could not install nox into .nox/_nox: install pip (python3-pip) or "
                     "venv support (python3-venv), or nox itself, and try again")
    os.execv(python, [str(python), __file__, *sys.argv[1:]])


if __name__ == "__main__":
    try:
        import nox
    except ImportError:
        _run_with_own_nox()

import nox  # noqa: E402  (after the bootstrap above)

nox.options.sessions = ["pipeline", "tests"]
nox.options.reuse_existing_virtualenvs = True


def _install(session: nox.Session, target: str) -> None:
    """Install the project (editable) and byte-compile it: where PYTHONDONTWRITEBYTECODE is
    set, every command would otherwise compile the package's source again (as an installed
    wheel, compiled by pip, never does)."""
    session.install("-e", target)
    session.run("python", "-m", "compileall", "-q", "pipeline", silent=True)


@nox.session
def pipeline(session: nox.Session) -> None:
    """Convert the embedded sample memorandum into output/ (TEI, HTML, JSON, text)."""
    _install(session, ".")
    session.run("tei-pipeline", "build", "--out", "output", "--full-tei", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check style and types with ruff and mypy."""
    session.install("-e", ".[lint,dask]")  # dask: executors.py imports distributed
    session.run("ruff", "check", "pipeline", "tests", "noxfile.py")
    session.run("mypy")


@nox.session
def fuzz(session: nox.Session) -> None:
    """Fuzz the text converter and XML loaders for a bounded time (-- --seconds N)."""
    session.install("-e", ".[test]")
    session.run("python", "tests/fuzz.py", *session.posargs)


@nox.session
def screenshots(session: nox.Session) -> None:
    """Screenshot a published volume's home and a document page into output/screenshots
    (for the README; needs Chromium)."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "tests.screenshots", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Measure conversion, validation and rendering speed (figures printed and saved)."""
    _install(session, ".")
    session.run("python", "tests/bench.py", *session.posargs)


if __name__ == "__main__":
    nox.main()
