"""Benchmark (``nox -s bench``): conversion, validation and rendering speed and memory.

Prints a table and writes the figures as JSON (``bench.json``, or the path given).  Each
validation figure comes from a child process, so its peak memory is that work's alone.
Nothing here is asserted: tests never time anything.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import orjson
from child import run_child  # tests/ is on the path: bench runs as a script
from lxml import etree

from pipeline import isolate, workflow
from pipeline.encode import encode, serialize_tei
from pipeline.ingest import ingest_file
from pipeline.render import render
from pipeline.resources import SAMPLE, schema_path
from pipeline.validate import default_validators, full_tei_validator, load_xml, validate_xml

RUNS = 30
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "shakedracor"
FRUS = CORPUS.parent / "frus1981-88v05"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TEI_NS = "http://www.tei-c.org/ns/1.0"


def median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm: stylesheets and schemas compiled, caches filled
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def per_document() -> dict[str, float]:
    """The sample memorandum: each step warm, the whole per-document pipeline warm (what
    ``build`` does for a document, writing aside), and a whole cold ``build`` command."""
    tei = serialize_tei(encode(ingest_file(SAMPLE)).tree)
    tree = etree.fromstring(tei).getroottree()
    config = workflow.Config()  # no output folder: nothing written

    figures = {
        "memo: text → TEI (ms)": median_ms(lambda: serialize_tei(encode(ingest_file(SAMPLE))
                                                                 .tree)),
        "memo: validate RNG + Schematron (ms)": median_ms(lambda: validate_xml(tei, "s")),
        "memo: render HTML + JSON + text (ms)": median_ms(lambda: render(tree, "s")),
        "memo: full pipeline, warm (ms)": median_ms(
            lambda: workflow.run_one(workflow.BUILD, SAMPLE, config)),
        "memo: floor, lxml parse + serialize (ms)": median_ms(
            lambda: etree.tostring(etree.fromstring(tei))),
    }
    with tempfile.TemporaryDirectory() as out:
        walls = [in_child([sys.executable, "-m", "pipeline", "build", str(SAMPLE), "--out",
                           str(Path(out) / str(run))])[1] for run in range(5)]
    figures["memo: cold build command (s)"] = statistics.median(walls)
    return figures


def synthetic_tei(target_bytes: int) -> bytes:
    """A valid project TEI of at least ``target_bytes``: the sample's speeches repeated, with
    a page break every ten speeches (no notes, so numbering stays valid)."""
    root = etree.fromstring(serialize_tei(encode(ingest_file(SAMPLE)).tree))
    div = root.find(f".//{{{TEI_NS}}}div")
    speeches = [sp for sp in div if sp.tag == f"{{{TEI_NS}}}sp"]
    for element in list(div):
        if element.tag in {f"{{{TEI_NS}}}sp", f"{{{TEI_NS}}}pb", f"{{{TEI_NS}}}p"}:
            div.remove(element)
    for sp in speeches:
        for marker in list(sp.iter(f"{{{TEI_NS}}}note", f"{{{TEI_NS}}}pb")):
            _drop_keeping_tail(marker)
    page, count = 1, 0
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    while len(data) < target_bytes:
        for _ in range(10):
            for sp in speeches:
                if count % 10 == 0:
                    etree.SubElement(div, f"{{{TEI_NS}}}pb", n=str(page))
                    page += 1
                div.append(_copy(sp))
                count += 1
        data = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data


def _drop_keeping_tail(element: etree._Element) -> None:
    """Remove an element but not the text after it."""
    parent, previous = element.getparent(), element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (element.tail or "")
    else:
        parent.text = (parent.text or "") + (element.tail or "")
    parent.remove(element)


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def validation_child(path: str, which: str) -> None:
    """Run in a child process: compile the schemas, validate once, print the timings."""
    data = Path(path).read_bytes()
    start = time.perf_counter()
    validators = (default_validators() if which == "project" else (full_tei_validator(),))
    compiled = time.perf_counter()
    document = load_xml(data, path)
    findings = [f for v in validators for f in v.iter_findings(document)]
    done = time.perf_counter()
    print(json.dumps({"compile s": compiled - start, "validate s": done - compiled,
                      "errors": sum(f.severity.value == "error" for f in findings)}))


def in_child(args: list[str]) -> tuple[dict[str, float], float, float]:
    """Run a command; its JSON output, wall time (s) and peak memory (MB)."""
    ran = run_child(args)
    if ran.returncode != 0 and args[0] != "jing" and "build" not in args:  # invalid plays
        raise RuntimeError(ran.stderr or "failed")
    parsed = json.loads(ran.stdout) if ran.stdout.strip().startswith("{") else {}
    return parsed, ran.wall, ran.peak_mb


def validation(work: Path) -> dict[str, float | str]:
    figures: dict[str, float | str] = {}
    inputs = {"synthetic TEI": (work / "synthetic.tei.xml", ["project", "full"])}
    work.joinpath("synthetic.tei.xml").write_bytes(synthetic_tei(8 * 1024 * 1024))
    if CORPUS.is_dir():
        largest = max(CORPUS.glob("*.xml"), key=lambda p: p.stat().st_size)
        inputs[f"largest DraCor play ({largest.name})"] = (largest, ["full"])
    for label, (path, schemas) in inputs.items():
        megabytes = path.stat().st_size / 1e6
        figures[f"{label}: size (MB)"] = round(megabytes, 2)
        for which in schemas:
            name = "project RNG + Schematron" if which == "project" else \
                "full TEI RNG + embedded Schematron"
            result, _, peak = in_child([sys.executable, __file__, "--validate", str(path),
                                        which])
            figures[f"{label}: {name}, compile (s)"] = result["compile s"]
            figures[f"{label}: {name}, validate (s)"] = result["validate s"]
            figures[f"{label}: {name}, peak memory (MB)"] = peak
        jing = shutil.which("jing")
        rng = schema_path("tei/tei_all.rng")
        if jing:
            _, wall, peak = in_child([jing, str(rng), str(path)])
            figures[f"{label}: jing tei_all RNG, whole run (s)"] = wall
            figures[f"{label}: jing tei_all RNG, peak memory (MB)"] = peak
        else:
            figures[f"{label}: jing"] = "not installed"
    return figures


def large_inputs(work: Path) -> dict[str, float | str]:
    """Whole builds (convert, validate, render, write) of large inputs, each in a child
    process: wall time, peak memory, and memory growth per MB of input over a small build."""
    telegram = Path(__file__).parent / "fixtures" / "encode" / "telegram-letter-signature.txt"
    sentence = "The ambassador said that the talks in Oslo went well and would resume. "
    line = (sentence * (10 * 2**20 // len(sentence))).strip()
    inputs = {"10 MB line of text": work / "line.txt", "synthetic TEI": work / "synthetic.tei.xml"}
    inputs["10 MB line of text"].write_text(telegram.read_text(encoding="utf-8")
                                            .replace("Dear Mr. Secretary:", line))
    if not inputs["synthetic TEI"].exists():
        inputs["synthetic TEI"].write_bytes(synthetic_tei(8 * 1024 * 1024))
    tool = [sys.executable, "-m", "pipeline", "build", "--jobs", "1"]
    _, _, baseline = in_child([*tool, str(telegram), "--out", str(work / "small")])
    figures: dict[str, float | str] = {"build of a small text: peak memory (MB)": baseline}
    for label, path in inputs.items():
        megabytes = path.stat().st_size / 2**20
        _, wall, peak = in_child([*tool, str(path), "--out", str(work / path.stem)])
        figures[f"build of {label} ({megabytes:.1f} MB): wall (s)"] = wall
        figures[f"build of {label}: peak memory (MB)"] = peak
        figures[f"build of {label}: growth per MB of input (MB)"] = (peak - baseline) / megabytes
    return figures


def corpus(work: Path) -> dict[str, float | str]:
    """The DraCor plays validated and rendered by the command line: the floor (lxml parse and
    serialize of the same files), 1 and 2 jobs, 2 jobs with Saxon's heap left to saxonche
    (GraalVM's defaults, not the pipeline's bounded young generation), a rebuild with nothing
    changed, and where the time of a build goes (each stage on every play, in this
    process)."""
    if not CORPUS.is_dir():
        return {"corpus": "../shared/corpus not present"}
    plays = sorted(CORPUS.glob("*.xml"))
    megabytes = sum(p.stat().st_size for p in plays) / 1e6
    tool = [sys.executable, "-m", "pipeline", "build", str(CORPUS)]
    figures: dict[str, float | str] = {"corpus: plays": float(len(plays)),
                                       "corpus: size (MB)": megabytes}
    floor = corpus_floor(plays)
    figures["corpus: floor, lxml parse + serialize, 1 core (s)"] = floor
    walls = {}
    for jobs in (1, 2):
        _, wall, peak = in_child([*tool, "--out", str(work / f"jobs{jobs}"), "--jobs", str(jobs)])
        walls[jobs] = wall
        figures[f"corpus: build, {jobs} job(s) (s)"] = wall
        figures[f"corpus: build, {jobs} job(s) (× the floor)"] = wall / floor
        figures[f"corpus: build, {jobs} job(s), peak memory of a process (MB)"] = peak
    figures["corpus: speed-up, 2 jobs over 1"] = walls[1] / walls[2]
    _, wall, peak = in_child(["env", f"{isolate.ENVIRONMENT}=", *tool, "--out",
                              str(work / "saxonche-heap"), "--jobs", "2"])
    figures["corpus: build, 2 jobs, Saxon's heap as saxonche makes it (s)"] = wall
    figures["corpus: build, 2 jobs, Saxon's heap as saxonche makes it, peak memory of a "
            "process (MB)"] = peak
    _, wall, _ = in_child([*tool, "--out", str(work / "jobs2"), "--jobs", "2"])
    figures["corpus: rebuild with nothing changed (s)"] = wall
    figures["corpus: rebuild / full build (%)"] = 100 * wall / walls[2]
    figures.update(stages(plays))
    return figures


def corpus_floor(plays: list[Path]) -> float:
    """lxml parsing and serializing every play, on one core: the best of three."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        for play in plays:
            etree.tostring(etree.parse(str(play)))
        times.append(time.perf_counter() - start)
    return min(times)


def stages(plays: list[Path]) -> dict[str, float | str]:
    """Where a build's time goes: each stage of the build of every play, summed (seconds, one
    process, warm: what ``--jobs 1`` spends besides starting)."""
    from pipeline import xslt
    from pipeline.render import FORMATS, json_layout
    from pipeline.resources import stylesheet_path
    from pipeline.validate import project_rules, validate_json

    rules = project_rules()
    split = dict.fromkeys(["parse (lxml)", "parse (Saxon)", "validate (Schematron)",
                           *(f"render {name}" for name in FORMATS),
                           "check outputs (JSON parse, layout, JSON Schema)"], 0.0)

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        split[name] += time.perf_counter() - start

    for play in plays:
        data = play.read_bytes()
        with stage("parse (lxml)"):
            document = load_xml(data, str(play))
        with stage("parse (Saxon)"):
            node = document.saxon
        with stage("validate (Schematron)"):
            list(rules.iter_findings(document))
        for name, (stylesheet, _) in FORMATS.items():
            with stage(f"render {name}"):
                output, _ = xslt.transform_to_bytes(stylesheet_path(stylesheet), node, {})
            if name == "json":
                with stage("check outputs (JSON parse, layout, JSON Schema)"):
                    parsed = orjson.loads(output)
                    json_layout(parsed)
                    validate_json(output, "x.json", instance=parsed)
    return {f"corpus: stage, {stage} (s)": seconds for stage, seconds in split.items()}


def cold_validation(work: Path) -> dict[str, float | str]:
    """``validate --full-tei`` of one play in a new process (what an editor runs after each
    edit) beside jing's RELAX NG check of it, and ``validate --watch`` checking it again after
    a change."""
    if not CORPUS.is_dir():
        return {"cold validation": "../shared/corpus not present"}
    play = CORPUS / "macbeth.xml"
    command = [sys.executable, "-m", "pipeline", "validate", "--full-tei", "--skip-project",
               str(play)]
    in_child(command)  # the schema caches are filled once (as any first run on a machine)
    ours = statistics.median(in_child(command)[1] for _ in range(5))
    figures: dict[str, float | str] = {"validate --full-tei, one play, cold (s)": ours}
    jing = shutil.which("jing")
    if jing:
        theirs = statistics.median(in_child([jing, str(schema_path("tei/tei_all.rng")),
                                             str(play)])[1] for _ in range(5))
        figures["jing tei_all RNG, the same play, cold (s)"] = theirs
        figures["validate --full-tei / jing (×)"] = ours / theirs
    else:
        figures["jing"] = "not installed (Debian package jing)"
    figures["validate --watch: check again after a change (s)"] = watch_latency(work, play)
    return figures


def watch_latency(work: Path, play: Path) -> float:
    """The median time from saving a watched play to its new report (after warm-up)."""
    import subprocess

    watched = work / "watched.xml"
    text = play.read_text(encoding="utf-8")
    watched.write_text(text, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-u", "-m", "pipeline", "validate", "--watch",
                                "--full-tei", "--skip-project", str(watched)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stderr is not None
        _until(process.stdout, "1 document")
        _until(process.stderr, "ready")
        return _latency(process.stdout, "1 document", 5, lambda n: watched.write_text(
            text.replace("</TEI>", f"<!-- {n} --></TEI>"), encoding="utf-8"))
    finally:
        process.terminate()
        process.wait()


def _until(stream: IO[str], prefix: str) -> None:
    """Read a watcher's output up to a line that starts with ``prefix``."""
    while not (line := stream.readline()).startswith(prefix):
        if not line:
            raise RuntimeError(f"the watcher stopped before saying {prefix!r}")


def _latency(stream: IO[str], prefix: str, saves: int, save: Callable[[int], object]) -> float:
    """The median time from each of ``saves`` saves to the watcher's line that starts with
    ``prefix`` (its work on that save done)."""
    latencies = []
    for n in range(saves):
        start = time.perf_counter()
        save(n)
        _until(stream, prefix)
        latencies.append(time.perf_counter() - start)
    return statistics.median(latencies)


def site_volume(work: Path, documents: int = 300) -> dict[str, float | str]:
    """``site`` on a synthetic volume TEI of ``documents`` documents (the corpus's published
    FRUS documents again and again, renumbered, their cross-references kept among the
    copies): the floor (lxml parse + serialize of the volume), the build at 2 jobs, and a
    rebuild after one document changed."""
    if not FRUS.is_dir():
        return {"site": "../shared/corpus not present"}
    volume = work / "volume.tei.xml"
    volume.write_bytes(synthetic_volume(sorted(FRUS.glob("*.tei.xml")), documents))
    megabytes = volume.stat().st_size / 1e6
    times = []
    for _ in range(3):
        start = time.perf_counter()
        etree.tostring(etree.parse(str(volume)))
        times.append(time.perf_counter() - start)
    floor = min(times)
    command = [sys.executable, "-m", "pipeline", "site", str(volume), "--out",
               str(work / "site"), "--jobs", "2"]
    _, wall, peak = in_child(command)
    figures: dict[str, float | str] = {
        "site: documents": float(documents), "site: volume TEI (MB)": megabytes,
        "site: floor, lxml parse + serialize (s)": floor,
        "site: build, 2 jobs (s)": wall, "site: build, 2 jobs (× the floor)": wall / floor,
        "site: build, peak memory of a process (MB)": peak}
    data = volume.read_bytes()
    volume.write_bytes(data.replace(b"notetaker", b"note-taker", 1))
    _, again, _ = in_child(command)
    figures["site: rebuild after one document changed (s)"] = again
    figures["site: rebuild / full build (%)"] = 100 * again / wall
    watched = site_watch_latency(command, volume, data)
    figures["site --watch: published again after one document changed (s)"] = watched
    figures["site --watch: that / full build (%)"] = 100 * watched / wall
    return figures


def site_watch_latency(command: list[str], volume: Path, data: bytes) -> float:
    """The median time from saving a change to one document of a watched volume to the end
    of its publishing (after the first)."""
    import subprocess

    process = subprocess.Popen([*command, "--watch"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        _until(process.stderr, "published in")
        return _latency(process.stderr, "published in", 3, lambda n: volume.write_bytes(
            data.replace(b"notetaker", f"notetaker {n}".encode(), 1)))
    finally:
        process.terminate()
        process.wait()


def synthetic_volume(published: list[Path], documents: int) -> bytes:
    """A volume TEI of ``documents`` documents: copies of the published ones in chapters of
    twenty, each copy renumbered (ids, notes and the references among copies)."""
    tei = f"{{{TEI_NS}}}"
    root = etree.fromstring(
        f'<TEI xmlns="{TEI_NS}" xml:lang="en"><teiHeader><fileDesc><titleStmt><title>A '
        "synthetic volume</title></titleStmt><publicationStmt><p>Bench.</p></publicationStmt>"
        "<sourceDesc><p>The corpus, again and again.</p></sourceDesc></fileDesc></teiHeader>"
        "<text><body/></text></TEI>")
    body = root.find(f"{tei}text/{tei}body")
    assert body is not None
    originals = [etree.parse(str(path)).getroot() for path in published]
    numbers = [int(div.get("n", "0")) for div in originals]
    chapter = None
    for index in range(documents):
        if index % 20 == 0:
            chapter = etree.SubElement(body, f"{tei}div", type="chapter")
            etree.SubElement(chapter, f"{tei}head").text = f"Chapter {index // 20 + 1}"
        div = _copy(originals[index % len(originals)])
        block = index - index % len(originals)  # the copies made from one round
        _renumber(div, {f"d{old}": f"d{block + i + 1}" for i, old in enumerate(numbers)},
                  f"-c{index}")
        div.set("n", str(index + 1))
        assert chapter is not None
        chapter.append(div)
    _describe_what_is_mentioned(root)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def _renumber(div: etree._Element, documents: dict[str, str], suffix: str) -> None:
    """Give a copy its own ids: documents (and their notes) by ``documents``, other ids with
    a suffix; references among documents follow."""
    def document_id(match: re.Match[str]) -> str:
        return documents.get(match.group(1), match.group(1)) + (match.group(2) or "")

    for element in div.iter(etree.Element):
        if element.get(XML_ID):
            own = re.sub(r"^(d\d+)(fn\d+)?$", document_id, element.get(XML_ID, ""))
            element.set(XML_ID, own if own != element.get(XML_ID) else own + suffix)
        if element.get("target", "").startswith("#"):
            element.set("target", re.sub(r"^#(d\d+)(fn\d+)?$", lambda m: "#" + document_id(m),
                                         element.get("target", "")))


def _describe_what_is_mentioned(root: etree._Element) -> None:
    """Back matter listing every person and term the documents point at (as a volume does)."""
    tei = f"{{{TEI_NS}}}"
    back = etree.SubElement(root.find(f"{tei}text"), f"{tei}back")
    people = etree.SubElement(etree.SubElement(back, f"{tei}div"), f"{tei}list")
    terms = etree.SubElement(etree.SubElement(back, f"{tei}div"), f"{tei}list")
    seen: set[str] = set()
    for element in root.iter(f"{tei}persName", f"{tei}gloss"):
        pointer = (element.get("corresp") or element.get("target") or "")[1:]
        if pointer and pointer not in seen:
            seen.add(pointer)
            is_person = element.tag == f"{tei}persName"
            item = etree.SubElement(people if is_person else terms, f"{tei}item")
            named = etree.SubElement(item, f"{tei}persName" if is_person else f"{tei}term",
                                     {XML_ID: pointer})
            named.text, named.tail = "".join(element.itertext()), ", as the volume says"


def many_anchors() -> dict[str, float]:
    """Rendering a document of N paragraphs, each with a note and a variant entry that carry
    no number (the stylesheets number them), for N and 2N: the time should double, not grow
    four times."""

    def rendering(count: int) -> float:
        tree = etree.fromstring(_tei_text(
            f"<p>Paragraph {i}<note>A note.</note><app><lem>this</lem>"
            f"<rdg wit='#B'>that</rdg></app> reads on.</p>" for i in range(count))).getroottree()
        return median_ms(lambda: render(tree, "anchors.xml"), runs=3) / 1000

    return _doubling("unnumbered notes and variant entries", "render all three", rendering, 2000)


def many_numbered_notes() -> dict[str, float]:
    """The project's rules on a document of N paragraphs, each with a numbered note and a
    numbered page break, for N and 2N: the time should double (each note's place among the
    notes is looked up, not counted again)."""
    from pipeline.validate import project_rules

    rules = project_rules()

    def validating(count: int) -> float:
        document = load_xml(_tei_text(
            f'<p>Paragraph {i}<note n="{i}">A note.</note><pb n="{i}"/></p>'
            for i in range(1, count + 1)).encode(), "notes.xml")
        return median_ms(lambda: list(rules.iter_findings(document)), runs=3) / 1000

    return _doubling("numbered notes and page breaks", "project rules", validating, 4000)


def _tei_text(paragraphs: Iterable[str]) -> str:
    """A TEI document (no header) whose body is these paragraphs."""
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>{"".join(paragraphs)}'
            f'</body></text></TEI>')


def _doubling(things: str, action: str, seconds: Callable[[int], float],
              count: int) -> dict[str, float]:
    """An action's time on ``count`` things and on twice as many, and their ratio (2 is
    linear)."""
    small, large = seconds(count), seconds(2 * count)
    return {f"{count:,} {things}: {action} (s)": small,
            f"{2 * count:,} of them: {action} (s)": large,
            f"{2 * count:,} / {count:,} (× time; 2 is linear)": large / small}


def main(out: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        figures: dict[str, float | str] = {**per_document(), **corpus(Path(work)),
                                           **cold_validation(Path(work)),
                                           **validation(Path(work)), **large_inputs(Path(work)),
                                           **many_anchors(), **many_numbered_notes(),
                                           **site_volume(Path(work))}
    width = max(map(len, figures))
    for name, value in figures.items():
        shown = f"{value:>10.2f}" if isinstance(value, float) else f"{value!s:>10}"
        print(f"{name:<{width}}  {shown}")
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved to {out}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--validate"]:
        validation_child(sys.argv[2], sys.argv[3])
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench.json"))
