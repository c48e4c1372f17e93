"""Shared fixtures: the sample, the corpus (skipped when absent), converted and built outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from pipeline.encode import Encoded, encode, serialize_tei
from pipeline.ingest import ingest_file
from pipeline.resources import SAMPLE
from pipeline.validate import Validator, full_tei_validator

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
FRUS = CORPUS / "frus1981-88v05"
DRACOR = CORPUS / "shakedracor"
TEI = {"tei": "http://www.tei-c.org/ns/1.0"}


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
