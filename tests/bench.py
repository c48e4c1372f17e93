"""Benchmark (run by ``nox -s bench``): per-document timings of the sample, warm, as medians.

Prints a table and writes the figures as JSON to ``bench.json`` (or the path given).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from pipeline.encode import encode, serialize_tei
from pipeline.ingest import ingest_file
from pipeline.render import render
from pipeline.resources import SAMPLE
from pipeline.validate import validate_xml

RUNS = 30


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm: stylesheets and schemas compiled, caches filled
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def full_pipeline() -> None:
    data = serialize_tei(encode(ingest_file(SAMPLE)).tree)
    validate_xml(data, "sample.tei.xml")
    render(etree.fromstring(data).getroottree(), "sample")


def main(out: Path) -> None:
    tei = serialize_tei(encode(ingest_file(SAMPLE)).tree)
    tree = etree.fromstring(tei).getroottree()
    figures = {
        "sample bytes": len(SAMPLE.read_bytes()),
        "text → TEI (ms)": median_ms(lambda: serialize_tei(encode(ingest_file(SAMPLE)).tree)),
        "validate RNG + Schematron (ms)": median_ms(lambda: validate_xml(tei, "s")),
        "render HTML + JSON + text (ms)": median_ms(lambda: render(tree, "s")),
        "full pipeline per memo (ms)": median_ms(full_pipeline),
        "floor: lxml parse + serialize TEI (ms)": median_ms(
            lambda: etree.tostring(etree.fromstring(tei))),
    }
    width = max(map(len, figures))
    for name, value in figures.items():
        print(f"{name:<{width}}  {value:>10.1f}" if isinstance(value, float)
              else f"{name:<{width}}  {value:>10}")
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"saved to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench.json"))
