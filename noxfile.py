"""Sessions: the main job (pipeline), tests, lint and bench.  ``nox --list`` shows them."""

from __future__ import annotations

import nox

nox.options.sessions = ["pipeline", "tests"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def pipeline(session: nox.Session) -> None:
    """Convert the embedded sample memorandum into output/ (TEI, HTML, JSON, text)."""
    session.install("-e", ".")
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
def bench(session: nox.Session) -> None:
    """Measure conversion, validation and rendering speed (figures printed and saved)."""
    session.install("-e", ".")
    session.run("python", "tests/bench.py", *session.posargs)
