"""Render: TEI → HTML, JSON and plain text through the XSLT 3.0 stylesheets in ``xslt/``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from lxml import etree

from . import xslt
from .findings import Finding, Location, Severity
from .resources import stylesheet_path

__all__ = ["FORMATS", "P_NS", "Rendered", "json_layout", "render", "render_assembled",
           "render_page"]

#: The namespace of the XML the pipeline assembles for its own pages (a build's index, a
#: site's volume), as the stylesheets read it.
P_NS = "urn:x-tei-pipeline"

#: Output format → (stylesheet, file extension).
FORMATS: dict[str, tuple[str, str]] = {
    "html": ("render-html.xsl", "html"),
    "json": ("render-json.xsl", "json"),
    "txt": ("render-text.xsl", "txt"),
}


@dataclass
class Rendered:
    """The rendered outputs by format, and warnings the stylesheets raised."""

    outputs: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    #: The JSON rendering as data (parsed anyway to lay it out), for checks and summaries.
    json_data: Any = None


def json_layout(data: Any) -> bytes:
    """JSON laid out as ``json.dumps(data, ensure_ascii=False, indent=2)`` writes it, with a
    final newline — by orjson, byte for byte the same and some 25 times faster (integers
    beyond 64 bits, which orjson refuses, go through json)."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    except TypeError:
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render_assembled(stylesheet: str, root: etree._Element, source: str,
                     parameters: Mapping[str, str | bool] | None = None) -> bytes:
    """A page the pipeline assembled the data of (``root``, in :data:`P_NS`), rendered by
    one of its stylesheets (``render-index.xsl``, ``render-site.xsl``); ``source`` names the
    page in errors.

    Raises:
        PipelineError: the stylesheet failed.
    """
    return render_page(stylesheet, xslt.parse_document(etree.tostring(root), source), source,
                       parameters)


def render_page(stylesheet: str, document: Any, source: str,
                parameters: Mapping[str, str | bool] | None = None) -> bytes:
    """One page: a parsed document (a Saxon node) through one of the stylesheets, ending
    with a newline as every output does.

    Raises:
        PipelineError: the stylesheet failed.
    """
    data, _ = xslt.transform_to_bytes(stylesheet_path(stylesheet), document, parameters,
                                      source=source)
    return _with_final_newline(data)


def _with_final_newline(data: bytes) -> bytes:
    return data if data.endswith(b"\n") else data + b"\n"


def render(tree: etree._ElementTree, source: str, formats: Iterable[str] = FORMATS,
           text_options: Mapping[str, bool] | None = None, node: Any = None,
           on_output: Callable[[str, bytes], None] | None = None) -> Rendered:
    """Render a TEI document in each of ``formats`` ('html', 'json', 'txt').

    ``text_options`` sets the text rendering's switches: ``pages``, ``notes``, ``speakers``,
    ``index``.
    ``node`` is the document already parsed into Saxon, if the caller has it.
    ``on_output(format, data)``, if given, receives each output (UTF-8) as soon as it is
    made, instead of ``outputs`` keeping them all as text (a large document's outputs are not
    all held in memory at once, nor twice).

    Raises:
        PipelineError: a stylesheet failed on this document.
    """
    document = node if node is not None else xslt.parse_tree(tree, source)
    result = Rendered()
    unknown: set[str] = set()
    for name in formats:
        stylesheet, _ = FORMATS[name]
        parameters = {f"p.text.{key}": value for key, value in (text_options or {}).items()} \
            if name == "txt" else {}
        data, messages = xslt.transform_to_bytes(stylesheet_path(stylesheet), document,
                                                 parameters, source=source)
        if name == "json":
            result.json_data = orjson.loads(data)
            data = json_layout(result.json_data)
        else:
            data = _with_final_newline(data)
        if on_output is not None:
            on_output(name, data)
        else:
            result.outputs[name] = data.decode("utf-8")
        del data
        for message in messages:
            if message.startswith("p:unknown-elements "):
                unknown.update(message.split()[1:])
    if unknown:
        result.findings.append(Finding(
            "render:unknown-element", Severity.WARNING,
            f"rendered as plain text (no behaviour defined): {', '.join(sorted(unknown))}",
            Location(source)))
    return result
