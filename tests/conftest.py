"""Shared fixtures: the sample, the corpus (skipped when absent), converted and built outputs."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from pipeline import xslt
from pipeline.encode import Encoded, encode, serialize_tei
from pipeline.ingest import ingest_file
from pipeline.resources import SAMPLE, XSLT
from pipeline.validate import Validator, full_tei_validator

from .child import Ran, run_child

FIXTURES = Path(__file__).parent / "fixtures"
#: The checkout the tests run from.
ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FRUS = CORPUS / "frus1981-88v05"
DRACOR = CORPUS / "shakedracor"
TEI = {"tei": "http://www.tei-c.org/ns/1.0"}


def run_cli(*args: str, timeout: float = 120) -> Ran:
    """Run ``python -m pipeline ARGS`` in a child process, measuring its peak memory; a run
    past ``timeout`` seconds fails the test as a hang."""
    try:
        return run_child([sys.executable, "-m", "pipeline", *args], timeout)
    except TimeoutError as exc:
        pytest.fail(f"hang: {exc}")


#: "A few times the input size": what a refused or hostile input may add to the memory of a
#: run, beyond what the same command takes on a small valid document ...
FEW_TIMES = 4
#: ... or this many MB, for inputs so small that a few times their size is noise.
NOISE_MB = 16


@pytest.fixture(scope="session")
def baseline_mb(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], float]:
    """The peak memory (MB) of a command run on a small valid document of its kind (text for
    convert and build, TEI for validate and render): what a large input's run is compared to."""
    peaks: dict[str, float] = {}

    def peak(command: str) -> float:
        if command not in peaks:
            source = FIXTURES / ("encode/telegram-letter-signature.txt"
                                 if command in {"convert", "build"}
                                 else "validate/valid-minimal.tei.xml")
            out = ["--out", str(tmp_path_factory.mktemp("baseline"))] \
                if command != "validate" else []
            ran = run_cli(command, str(source), *out)
            assert ran.returncode == 0, ran.stderr
            peaks[command] = ran.peak_mb
        return peaks[command]

    return peak


def growth_mb(ran: Ran, baseline: float) -> float:
    """How much more memory a run took than the baseline of its command."""
    return ran.peak_mb - baseline


def assert_within_a_few_times(ran: Ran, baseline: float, source: Path) -> None:
    """The run took no more memory than a few times its input's size (or noise) over the
    baseline of its command."""
    allowed = max(FEW_TIMES * source.stat().st_size / 2**20, NOISE_MB)
    assert growth_mb(ran, baseline) <= allowed, f"{ran.peak_mb:.0f} MB, baseline {baseline:.0f}"


def reading_positions(div: etree._Element, wanted: set[str], skip: set[str],
                      key: Callable[[etree._Element], str | None]) -> list[tuple[str, int, str]]:
    """Each element named in ``wanted``, as (name, non-space characters of reading text
    before it, ``key`` of it): exact, and indifferent to how either side lays out white
    space.  The text of elements named in ``skip`` is not counted; a ``key`` of None leaves
    the element out."""
    found: list[tuple[str, int, str]] = []
    count = -len(re.sub(r"\s", "", div.tail or ""))

    def walk(element: etree._Element) -> None:
        nonlocal count
        name = etree.QName(element).localname
        if name in wanted and (value := key(element)) is not None:
            found.append((name, count, value))
        if name not in skip:
            count += len(re.sub(r"\s", "", element.text or ""))
            for child in element:
                walk(child)
        count += len(re.sub(r"\s", "", element.tail or ""))

    walk(div)
    return found


def frus_texts() -> list[Path]:
    """The corpus's FRUS text documents (empty when the corpus is absent)."""
    return sorted(FRUS.glob("*.txt")) if FRUS.is_dir() else []


@pytest.fixture(scope="session", autouse=True)
def private_schema_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keep compiled schemas of the test run out of the user's cache."""
    cache = tmp_path_factory.mktemp("cache")
    os.environ["TEI_PIPELINE_CACHE"] = str(cache)
    return cache


@pytest.fixture(scope="session")
def sample_encoded() -> Encoded:
    return encode(ingest_file(SAMPLE))


@pytest.fixture(scope="session")
def sample_tei(sample_encoded: Encoded) -> etree._ElementTree:
    """The sample's TEI as written to disk and read back."""
    return etree.fromstring(serialize_tei(sample_encoded.tree)).getroottree()


@pytest.fixture(scope="session")
def tei_all() -> Validator:
    """The full TEI P5 schema, compiled once per test session (it takes ~15 s)."""
    return full_tei_validator()


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not FRUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


def evaluate_in_model(folder: Path, select: str) -> Any:
    """The JSON value of an XPath expression evaluated by a stylesheet that imports
    xslt/common/model.xsl (its static maps and functions), on an empty document."""
    probe = folder / "probe.xsl"
    probe.write_text(f"""<xsl:stylesheet version="3.0"
        xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:p="urn:x-tei-pipeline"
        xmlns:map="http://www.w3.org/2005/xpath-functions/map">
      <xsl:import href="{(XSLT / 'common' / 'model.xsl').as_uri()}"/>
      <xsl:output method="json"/>
      <xsl:template match="/"><xsl:sequence select="{select}"/></xsl:template>
    </xsl:stylesheet>""", encoding="utf-8")
    return json.loads(xslt.transform(probe, xslt.parse_document("<x/>")).output)
