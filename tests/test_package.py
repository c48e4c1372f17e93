"""The package as users install it: a wheel in a fresh virtual environment, run from a folder
outside the checkout — stylesheets, schemas and the sample must all come with it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import __version__

from .conftest import FIXTURES, ROOT

#: What a wheel is built from: the project's files, as a clean clone has them.
SOURCES = ("pyproject.toml", "README.md", "pipeline", "xslt", "schemas")


def _sh(*args: str | Path, cwd: Path | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                            timeout=600)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``tei-pipeline`` command of a fresh virtual environment with only the wheel (and
    its dependencies) installed."""
    work = tmp_path_factory.mktemp("package")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    _sh(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir",
        work / "dist", source)
    [wheel] = (work / "dist").glob("tei_pipeline-*.whl")
    venv = work / "venv"
    # --without-pip, then this environment's pip installs into it: no ensurepip needed (Debian
    # ships it separately), and nothing of the checkout is on the new environment's path.
    _sh(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    _sh(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel)
    return venv / "bin" / "tei-pipeline"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A working folder outside the checkout."""
    assert ROOT not in tmp_path.parents
    return tmp_path


def test_the_installed_command_says_its_version(installed: Path, elsewhere: Path) -> None:
    result = _sh(installed, "--version", cwd=elsewhere)
    assert result.stdout.strip() == f"tei-pipeline {__version__}"


def test_the_wheel_builds_the_embedded_sample_with_full_tei(installed: Path,
                                                            elsewhere: Path) -> None:
    result = _sh(installed, "build", "--out", "site", "--full-tei", cwd=elsewhere)
    assert "1 built" in result.stderr
    site = elsewhere / "site"
    name = "frus-memorandum-of-conversation"
    assert {p.name for p in site.iterdir()} >= \
        {f"{name}.{x}" for x in ("tei.xml", "html", "json", "txt")} | {"index.html"}
    index = json.loads((site / "index.json").read_text())
    assert index["documents"][0]["status"] == "valid"
    committed = ROOT / "output" / f"{name}.html"
    assert (site / f"{name}.html").read_bytes() == committed.read_bytes()


def test_the_wheel_validates_with_a_users_schematron_and_rnc(installed: Path,
                                                             elsewhere: Path) -> None:
    shutil.copy(FIXTURES / "validate" / "tei_all.rnc", elsewhere)
    shutil.copy(FIXTURES / "validate" / "frus-style-project.sch", elsewhere)
    shutil.copy(FIXTURES / "validate" / "valid-minimal.tei.xml", elsewhere / "doc.xml")
    result = _sh(installed, "validate", "doc.xml", "--skip-project", "--schema", "tei_all.rnc",
                 "--schematron", "frus-style-project.sch", "--format", "json",
                 cwd=elsewhere, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule"] for f in findings if f["severity"] == "error"] == []
    assert {f["rule"] for f in findings} == {"sch:needs-external"}
    broken = (elsewhere / "doc.xml").read_text().replace("<text>", '<text bogus="1">', 1)
    (elsewhere / "broken.xml").write_text(broken)
    result = _sh(installed, "validate", "broken.xml", "--skip-project", "--schema",
                 "tei_all.rnc", cwd=elsewhere, check=False)
    assert result.returncode == 1 and "broken.xml:" in result.stdout
    assert "[rng:invalidattr] Invalid attribute bogus" in result.stdout


def test_the_wheel_renders_tei(installed: Path, elsewhere: Path) -> None:
    shutil.copy(FIXTURES / "validate" / "valid-minimal.tei.xml", elsewhere / "doc.xml")
    _sh(installed, "render", "doc.xml", "--out", "out", cwd=elsewhere)
    assert {p.name for p in (elsewhere / "out").iterdir()} == {"doc.html", "doc.json",
                                                               "doc.txt"}


def test_a_missing_resource_is_a_finding_with_exit_2(installed: Path, elsewhere: Path) -> None:
    lib = installed.parent.parent / "lib"
    [stylesheet] = lib.glob("python*/site-packages/pipeline/share/xslt/render-html.xsl")
    saved = stylesheet.read_bytes()
    stylesheet.unlink()
    try:
        shutil.copy(FIXTURES / "validate" / "valid-minimal.tei.xml", elsewhere / "doc.xml")
        result = _sh(installed, "render", "doc.xml", "--out", "out", cwd=elsewhere,
                     check=False)
    finally:
        stylesheet.write_bytes(saved)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{stylesheet}: error [io:missing-resource]" in result.stderr
    assert "reinstall" in result.stderr
