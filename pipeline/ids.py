"""Ids: ``xml:id`` values made from text (people, terms), unique where they are used; the TEI
namespace and the names of ``xml:id`` and ``xml:lang``, for every module that builds or reads
TEI."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["TEI_NS", "XML_ID", "XML_LANG", "slug", "unique_id"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def slug(text: str, fallback: str = "id") -> str:
    """Lower-case ASCII letters and digits of a text, joined by hyphens ('Mikol’chak' →
    'mikolchak'); an id must begin with a letter, so one that would not gets ``fallback-``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    found = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return found if found[:1].isalpha() else f"{fallback}-{found}".rstrip("-")


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … when taken; the id returned is then taken."""
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate
