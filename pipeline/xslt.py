"""XSLT 3.0 on saxonche: one processor per process, each stylesheet compiled once."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor

from . import isolate
from .findings import Finding, Location, PipelineError, Severity

__all__ = [
    "Transformed",
    "compile_stylesheet",
    "compile_stylesheet_text",
    "parse_document",
    "parse_tree",
    "processor",
    "transform",
    "transform_to_bytes",
]

#: Limits of Saxon's XML parser that are lifted: 100 levels of nesting, 200 attributes, names
#: of 1,000 characters.  Every document Saxon parses was read by lxml first, within its own
#: limits and the input size limit, so these would only turn well-formed documents away.
SAXON_PARSER_LIMITS = ("jdk.xml.maxElementDepth", "jdk.xml.elementAttributeLimit",
                       "jdk.xml.maxXMLNameLimit")
PARSER_PROPERTY = "http://saxon.sf.net/feature/parserProperty?uri="

_lock = threading.Lock()
_processor: Any = None
_owner_pid = 0
_compiled: dict[tuple[str, int, int], Any] = {}  # (path or content key, mtime, size)


def processor() -> Any:
    """The process-wide Saxon processor (created on first use, in the isolate of
    :mod:`isolate`, and again after a fork: a child must not use its parent's, nor anything
    compiled by it; it shares the isolate its parent had)."""
    global _processor, _owner_pid
    with _lock:
        if _processor is None or _owner_pid != os.getpid():
            isolate.create()
            _processor = PySaxonProcessor(license=False)
            for limit in SAXON_PARSER_LIMITS:
                _processor.set_configuration_property(f"{PARSER_PROPERTY}{limit}", "0")
            _compiled.clear()
            _owner_pid = os.getpid()
        return _processor


def compile_stylesheet(path: Path) -> Any:
    """The compiled executable of a stylesheet file, cached by path and modification time.

    Raises:
        PipelineError: the stylesheet does not compile (with its file, line and column).
    """
    proc = processor()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _compiled:
        xslt = proc.new_xslt30_processor()
        try:
            with _native_stderr():
                _compiled[key] = xslt.compile_stylesheet(stylesheet_file=str(path))
        except PySaxonApiError as exc:
            raise PipelineError([Finding("xslt:compile", Severity.ERROR,
                                         f"stylesheet does not compile: {exc}",
                                         Location(str(path)))], exit_code=2) from exc
    return _compiled[key]


def compile_stylesheet_text(text: str, key: str, origin: str) -> Any:
    """Compile a generated stylesheet held in memory, cached under ``key``.

    Raises:
        PipelineError: it does not compile; ``origin`` names what it was generated from.
    """
    cache_key = (key, 0, 0)
    if cache_key not in _compiled:
        xslt = processor().new_xslt30_processor()
        try:
            with _native_stderr():
                _compiled[cache_key] = xslt.compile_stylesheet(stylesheet_text=text)
        except PySaxonApiError as exc:
            raise PipelineError([Finding("xslt:compile", Severity.ERROR,
                                         f"generated stylesheet does not compile: {exc}",
                                         Location(origin))], exit_code=2) from exc
    return _compiled[cache_key]


def parse_tree(tree: etree._ElementTree, source: str = "") -> Any:
    """An lxml tree as a Saxon document node.  Only the root element is serialized, without
    a DOCTYPE, so nothing the safe parser declined to read can come back through Saxon."""
    return parse_document(etree.tostring(tree.getroot(), encoding="unicode"), source)


def parse_document(xml: bytes | str, base_uri: str = "") -> Any:
    """Parse XML text into a Saxon document node (with line numbers).

    Raises:
        PipelineError: Saxon's parser refused the document (with line and column).
    """
    builder = processor().new_document_builder()
    builder.set_line_numbering(True)
    if base_uri:
        builder.set_base_uri(Path(base_uri).resolve().as_uri())
    text = xml.decode("utf-8") if isinstance(xml, bytes) else xml
    try:
        with _native_stderr() as details:
            return builder.parse_xml(xml_text=text)
    except PySaxonApiError as exc:
        where = re.search(r"line (\d+) column (\d+)", details[0] if details else "")
        line, column = (int(where[1]), int(where[2])) if where else (0, 0)
        raise PipelineError([Finding("xml:unreadable-by-saxon", Severity.ERROR,
                                     f"the XSLT processor cannot read this document: "
                                     f"{str(exc).strip()}", Location(base_uri, line, column))]
                            ) from exc


@dataclass(frozen=True)
class Transformed:
    """The result of a transformation and the messages the stylesheet emitted."""

    output: str
    messages: list[str]


def transform(stylesheet: Path | Any, document: Any,
              parameters: Mapping[str, str | bool] | None = None, *,
              source: str = "") -> Transformed:
    """Run a stylesheet (a file, or an executable from ``compile_stylesheet*``) on a parsed
    document; parameters are strings or booleans.

    Raises:
        PipelineError: the transformation failed (dynamic error), naming the document.
    """
    executable = _prepared(stylesheet, parameters)
    output = _run(executable, stylesheet, source,
                  lambda: executable.transform_to_string(xdm_node=document))
    return Transformed(output or "", _messages(executable))


def transform_to_bytes(stylesheet: Path | Any, document: Any,
                       parameters: Mapping[str, str | bool] | None = None, *,
                       source: str = "") -> tuple[bytes, list[str]]:
    """Like :func:`transform`, the result serialized as the stylesheet's ``xsl:output`` says
    (its encoding, as bytes) and its messages.  Saxon writes it to a file: a large result is
    never built up as one string inside Saxon and again in Python.

    Raises:
        PipelineError: the transformation failed (dynamic error), naming the document.
    """
    executable = _prepared(stylesheet, parameters)
    with tempfile.TemporaryDirectory(prefix="tei-pipeline-") as folder:
        path = Path(folder, "result")
        _run(executable, stylesheet, source,
             lambda: executable.transform_to_file(xdm_node=document, output_file=str(path)))
        output = path.read_bytes() if path.exists() else b""
    return output, _messages(executable)


def _prepared(stylesheet: Path | Any, parameters: Mapping[str, str | bool] | None) -> Any:
    """A fresh executable of the stylesheet with its parameters set and messages kept."""
    compiled = compile_stylesheet(stylesheet) if isinstance(stylesheet, Path) else stylesheet
    executable = compiled.clone()
    proc = processor()
    for parameter, value in (parameters or {}).items():
        xdm = proc.make_boolean_value(value) if isinstance(value, bool) else \
            proc.make_string_value(value)
        executable.set_parameter(parameter, xdm)
    executable.set_save_xsl_message(True)
    return executable


def _run(executable: Any, stylesheet: Path | Any, source: str, action: Callable[[], Any]) -> Any:
    """Run a transformation; a dynamic error becomes a finding naming the document."""
    try:
        with _native_stderr() as details:
            return action()
    except PySaxonApiError as exc:
        name = stylesheet.name if isinstance(stylesheet, Path) else "stylesheet"
        # A stylesheet that stops itself says why in its messages; any other error is Saxon's
        # to tell (code, stylesheet line), whatever the stylesheet said before it.
        messages = _messages(executable) if "terminated by xsl:message" in str(exc) else []
        said = "; ".join(messages) or str(exc).strip()
        detail = " ".join(details[0].split()[:40]) if details and not messages else ""
        raise PipelineError([Finding("xslt:run", Severity.ERROR,
                                     f"{name} failed: {said}" + (f" ({detail})" if detail else ""),
                                     Location(source))]) from exc


@contextmanager
def _native_stderr() -> Iterator[list[str]]:
    """Capture what Saxon writes to file descriptor 2 (error codes and stylesheet lines that
    its exceptions leave out) instead of letting it reach the user's terminal unformatted.

    The captured text is appended to the yielded list when the block ends.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    captured: list[str] = []
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield captured
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            captured.append(sink.read().decode("utf-8", errors="replace"))


def _messages(executable: Any) -> list[str]:
    """The texts of the xsl:message instructions of the last run."""
    messages = executable.get_xsl_messages()
    return [str(m.string_value) for m in messages] if messages is not None else []
