"""Saxon's isolate: made by the pipeline with a bounded young generation, its heap sizes
settable from the environment, saxonche's own when asked."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pipeline.isolate import DEFAULT_ARGUMENTS, ENVIRONMENT

from .child import run_child
from .conftest import run_cli

#: A child process that runs a transformation making some hundreds of MB of garbage (two
#: million map entries, in maps of 5,000 that are dropped one after the other), and prints
#: the isolate's arguments and the transformation's output.
CHILD = """
import json
from pipeline import isolate, xslt
sheet = xslt.compile_stylesheet_text('''<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:variable name="k" select="count(/*)"/>
    <xsl:value-of select="sum(for $i in 1 to 400 return map:size(map:merge(
        for $j in 1 to 5000 return map {string($i * 10000 + $j): $j + $k})))"/>
  </xsl:template>
</xsl:stylesheet>''', "garbage", "test")
output = xslt.transform(sheet, xslt.parse_document("<a/>")).output
print(json.dumps({"arguments": isolate.made_with(), "output": output}))
"""


def _child(monkeypatch: pytest.MonkeyPatch, saxon_args: str | None) -> dict[str, Any]:
    """What the child printed, and its peak memory (MB) as 'peak'."""
    if saxon_args is None:
        monkeypatch.delenv(ENVIRONMENT, raising=False)
    else:
        monkeypatch.setenv(ENVIRONMENT, saxon_args)
    ran = run_child([sys.executable, "-c", CHILD], timeout=300)
    assert ran.returncode == 0, ran.stderr
    result: dict[str, Any] = {**json.loads(ran.stdout), "peak": ran.peak_mb}
    return result


needs_proc = pytest.mark.skipif(not Path("/proc/self/maps").exists(),
                                reason="the isolate is made where /proc/self/maps tells "
                                       "where saxonche's libraries are (Linux)")


@needs_proc
def test_saxon_runs_in_an_isolate_the_pipeline_made_with_its_arguments(
        monkeypatch: pytest.MonkeyPatch) -> None:
    default = _child(monkeypatch, None)
    assert default["arguments"] == list(DEFAULT_ARGUMENTS)
    assert default["output"] == str(400 * 5000)
    assert _child(monkeypatch, "")["arguments"] is None  # saxonche's own isolate


@needs_proc
def test_the_young_generation_the_isolate_is_made_with_bounds_the_memory_taken(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The same garbage, collected in a young generation of 16 MB and of 512 MB: the peak
    memory follows (the arguments reach GraalVM; measured: 90 MB against 175 MB)."""
    small, large = _child(monkeypatch, "-Xmn16m"), _child(monkeypatch, "-Xmn512m -Xmx2g")
    assert small["arguments"] == ["-Xmn16m"] and small["output"] == large["output"]
    assert large["peak"] - small["peak"] > 50, (small, large)


def test_saxon_arguments_other_than_heap_sizes_are_refused_before_any_work(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GraalVM ends the process on an argument it does not know: such are refused first,
    with the variable named, and nothing is written."""
    monkeypatch.setenv(ENVIRONMENT, "-Xmn64m -XX:+PrintGC")
    done = run_cli("build", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert f"{ENVIRONMENT}: error [usage:saxon-args]" in done.stderr
    assert "'-XX:+PrintGC'" in done.stderr
    assert not (tmp_path / "out").exists()
