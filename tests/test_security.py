"""Hostile XML and schemas: nothing outside the input is read or fetched, bombs are refused.

Every case runs through the command line in a child process with a time bound (a hang
fails the test); a local listener proves that no network access is attempted, and a
secret file's content must appear in no output.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import FIXTURES, NOISE_MB, assert_within_a_few_times, growth_mb, run_cli

VALID = (FIXTURES / "validate" / "valid-minimal.tei.xml").read_text(encoding="utf-8")
SECRET = "TOP-SECRET-CONTENT-4711"


class Listener:
    """A TCP listener on loopback that counts the connections it receives."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.socket.settimeout(0.2)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.socket.getsockname()[1]}/x"

    def _accept(self) -> None:
        while self.running:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


def with_doctype(subset: str, body_text: str) -> str:
    """The valid fixture with an internal DTD subset and some text in its first paragraph."""
    document = VALID.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                             f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI [{subset}]>\n')
    return document.replace("The Chair opened the meeting.", f"The Chair opened {body_text}.")


def outputs_text(folder: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("declaration", [
    '<!ENTITY x SYSTEM "file://{secret}">',
    '<!ENTITY x SYSTEM "{url}">',
    '<!ENTITY % p SYSTEM "{url}"> %p;',
])
def test_external_entities_are_never_read_nor_fetched(tmp_path: Path, secret: Path,
                                                      listener: Listener,
                                                      declaration: str) -> None:
    subset = declaration.format(secret=secret, url=listener.url)
    body = "&x;" if "%" not in declaration else "the talks"
    source = tmp_path / "xxe.xml"
    source.write_text(with_doctype(subset, body))
    out = tmp_path / "out"
    result = run_cli("build", str(source), "--out", str(out), "--format", "json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    assert findings[0]["rule"] == "xml:not-well-formed" and findings[0]["line"] > 0
    assert SECRET not in result.stdout + result.stderr + outputs_text(tmp_path / "out")
    assert listener.connections == 0


def test_a_remote_dtd_is_not_fetched(tmp_path: Path, listener: Listener) -> None:
    source = tmp_path / "dtd.xml"
    source.write_text(VALID.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                    f'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM '
                                    f'"{listener.url}">\n'))
    result = run_cli("build", str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert listener.connections == 0


def test_a_local_dtd_is_not_read_and_the_document_still_builds(tmp_path: Path,
                                                               secret: Path) -> None:
    source = tmp_path / "dtd.xml"
    source.write_text(VALID.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                    f'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM '
                                    f'"{secret}">\n'))
    out = tmp_path / "out"
    assert run_cli("build", str(source), "--out", str(out)).returncode == 0
    assert SECRET not in outputs_text(out)


@pytest.mark.parametrize(("name", "subset", "body"), [
    ("billion laughs",
     '<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
     '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
     '<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">'
     '<!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;"><!ENTITY j "&i;&i;&i;&i;&i;&i;&i;&i;&i;&i;">',
     "&j;"),
    ("quadratic blowup", f'<!ENTITY q "{"x" * 50_000}">', "&q;" * 20_000),
])
def test_entity_expansion_bombs_are_refused(tmp_path: Path, name: str, subset: str, body: str,
                                            baseline_mb: Callable[[str], float]) -> None:
    source = tmp_path / "bomb.xml"
    source.write_text(with_doctype(subset, body))
    result = run_cli("validate", str(source), "--format", "json", timeout=30)
    assert result.returncode == 1, name
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["rule"] == "xml:not-well-formed" and finding["line"] > 0
    assert_within_a_few_times(result, baseline_mb("validate"), source)


def test_internal_entities_still_expand(tmp_path: Path) -> None:
    source = tmp_path / "entity.xml"
    source.write_text(with_doctype('<!ENTITY org "the Department">', "&org;"))
    out = tmp_path / "out"
    assert run_cli("build", str(source), "--out", str(out)).returncode == 0
    assert "The Chair opened the Department." in (out / "entity.txt").read_text()


def test_nesting_ten_thousand_levels_deep_is_refused(tmp_path: Path,
                                                     baseline_mb: Callable[[str], float]) -> None:
    source = tmp_path / "deep.xml"
    source.write_text("<a>" * 10_000 + "</a>" * 10_000)
    result = run_cli("validate", str(source), "--format", "json", timeout=30)
    assert result.returncode == 1
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["rule"] == "xml:not-well-formed"
    assert "2048" in finding["message"] and finding["column"] > 2048 * 3
    assert_within_a_few_times(result, baseline_mb("validate"), source)


@pytest.mark.parametrize(("name", "element"), [
    ("2,000 levels deep", "<hi>" * 2000 + "deep" + "</hi>" * 2000),
    ("300 attributes", "<hi " + " ".join(f'n{i}="v"' for i in range(300)) + ">wide</hi>"),
    ("a 1,200-character name", f"<x{'y' * 1200}>long</x{'y' * 1200}>"),
])
def test_unusual_but_well_formed_xml_builds(tmp_path: Path, name: str, element: str) -> None:
    """What libxml2 accepts, the XSLT processor's own parser must accept too: each of these
    once ended in a traceback from Saxon's parser limits (100 levels, 200 attributes, names
    of 1,000 characters)."""
    source = tmp_path / "odd.xml"
    source.write_text(VALID.replace("<p>The Chair opened", f"<p>{element}The Chair opened"))
    out = tmp_path / "out"
    result = run_cli("build", str(source), "--out", str(out))
    assert result.returncode == 0, name + result.stderr
    assert "Traceback" not in result.stderr
    assert "The Chair opened the meeting." in (out / "odd.txt").read_text()


def test_xinclude_is_not_processed(tmp_path: Path, secret: Path) -> None:
    source = tmp_path / "xi.xml"
    source.write_text(VALID.replace(
        "<p>The Chair opened the meeting.",
        f'<p>The Chair opened the meeting.<xi:include xmlns:xi="http://www.w3.org/2001/XInclude"'
        f' href="{secret}" parse="text"/>'))
    out = tmp_path / "out"
    run_cli("build", str(source), "--out", str(out))
    assert SECRET not in outputs_text(out)
    assert (out / "xi.html").is_file()


def test_processing_instructions_are_ignored(tmp_path: Path) -> None:
    source = tmp_path / "pi.xml"
    source.write_text(VALID.replace("<p>The Chair", "<p><?php system('ls'); ?>The Chair"))
    out = tmp_path / "out"
    assert run_cli("build", str(source), "--out", str(out)).returncode == 0
    assert "php" not in (out / "pi.html").read_text()


def test_an_input_over_the_size_limit_is_refused_before_reading(
        tmp_path: Path, baseline_mb: Callable[[str], float]) -> None:
    source = tmp_path / "big.xml"
    with source.open("wb") as stream:
        stream.truncate(101 * 2**20)  # a sparse 101 MB file: nothing to read quickly
    result = run_cli("validate", str(source), "--format", "json", timeout=30)
    assert result.returncode == 1
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["rule"], finding["line"], finding["column"]) == ("io:too-large", 1, 1)
    assert growth_mb(result, baseline_mb("validate")) <= NOISE_MB


@pytest.mark.parametrize("test", [
    "doc('file://{secret}')", "unparsed-text('{url}')", "exists(collection('file:///'))",
    "environment-variable('HOME')", "string(doc('{url}'))", "function-lookup(xs:QName("
    "'fn:unparsed-text'), 1)('file://{secret}')",
])
def test_a_schematron_check_that_would_read_outside_is_not_run(
        tmp_path: Path, secret: Path, listener: Listener, test: str) -> None:
    schema = tmp_path / "reader.sch"
    schema.write_text(f"""<schema xmlns="http://purl.oclc.org/dsdl/schematron"
        queryBinding="xslt2"><pattern>
        <rule context="/*">
        <report id="leak" test="true()"><value-of select="{test.format(secret=secret,
        url=listener.url)}"/></report>
        <report id="root" role="info" test="true()">still checked</report></rule>
        </pattern></schema>""")
    result = run_cli("validate", str(FIXTURES / "validate" / "valid-minimal.tei.xml"),
                     "--schematron", str(schema))
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{schema}:3:9: warning [sch:needs-external] 1 of 2 checks of rule '/*' not run" \
        in result.stdout and "--allow-external" in result.stdout
    assert "[sch:root] still checked" in result.stdout
    assert "sch:leak" not in result.stdout
    assert SECRET not in result.stdout + result.stderr
    assert listener.connections == 0


def test_a_schematron_include_over_the_network_is_not_read(tmp_path: Path,
                                                           listener: Listener) -> None:
    schema = tmp_path / "remote.sch"
    schema.write_text(f'<schema xmlns="http://purl.oclc.org/dsdl/schematron">\n'
                      f'<include href="{listener.url}"/><pattern><rule context="/*"><report '
                      f'id="local" test="true()">local rule</report></rule></pattern></schema>')
    result = run_cli("validate", str(FIXTURES / "validate" / "valid-minimal.tei.xml"),
                     "--schematron", str(schema))
    assert result.returncode == 1, result.stderr
    assert f"{schema}:2:1: warning [sch:needs-external] not read: {listener.url} is not a " \
        "local file" in result.stdout
    assert "[sch:local] local rule" in result.stdout
    assert listener.connections == 0


def test_reading_outside_works_when_explicitly_allowed(tmp_path: Path, secret: Path) -> None:
    schema = tmp_path / "reader.sch"
    schema.write_text(f"""<schema xmlns="http://purl.oclc.org/dsdl/schematron"
        queryBinding="xslt2"><pattern><rule context="/*">
        <report id="read" role="info" test="true()"><value-of
        select="unparsed-text('file://{secret}')"/></report></rule></pattern></schema>""")
    result = run_cli("validate", str(FIXTURES / "validate" / "valid-minimal.tei.xml"),
                  "--schematron", str(schema), "--allow-external")
    assert result.returncode == 0 and SECRET in result.stdout


@pytest.mark.parametrize("name", ["..\\..\\escape.txt", "..hidden.txt", "odd name?*$(x).txt",
                                  "-rf.txt"])
def test_file_names_cannot_lead_outputs_out_of_the_output_folder(tmp_path: Path,
                                                                 name: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    source = folder / name
    source.write_text((FIXTURES / "encode" / "telegram-letter-signature.txt").read_text())
    out = tmp_path / "out"
    result = run_cli("build", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p != source]
    assert written and all(out in p.parents for p in written)
    outputs = [p for p in written if ".tei-pipeline" not in p.parts]
    assert all(p.name[0] not in ".-" for p in outputs)


#: TEI a stranger could write to put script on a published page, by every way the renderer
#: turns TEI into HTML: links, images, attributes copied or made into classes, CSS from
#: renditions and @style, MathML, elements of other namespaces, XML examples.
HOSTILE_TEI = """<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:h="http://www.w3.org/1999/xhtml"
     xmlns:m="http://www.w3.org/1998/Math/MathML">
  <teiHeader><fileDesc><titleStmt><title>Hostile &lt;script&gt;alert(0)&lt;/script&gt;</title>
  </titleStmt></fileDesc><encodingDesc><tagsDecl>
    <rendition xml:id="r1">color: red; background: url(javascript:alert(1))</rendition>
    <rendition xml:id="r2">}</rendition>
    <rendition xml:id="r3">color: red</rendition>
    <rendition xml:id="r4">font-weight: bold; } body { background: url(https://x.example/t.png)</rendition>
    <rendition xml:id="r5">@import url(https://x.example/a.css); color: blue</rendition>
    <rendition xml:id="r6">color: \\65 xpression(alert(2))</rendition>
  </tagsDecl></encodingDesc></teiHeader>
  <text onload="alert(3)"><body>
    <p onclick="alert(4)" rendition="#r1 #r2 #r3 #r4 #r5 #r6"
       style="x: y; color: blue; behavior: url(a.htc); -moz-binding: url(b.xml)">Styled.</p>
    <p rend='x" onmouseover="alert(5)'>Rend.</p>
    <list type='x" onfocus="alert(6)'><item>Item.</item></list>
    <p style="color: red&lt;/style&gt;&lt;script&gt;alert(7)&lt;/script&gt;">Closing style.</p>
    <p><ref target="javascript:alert(8)">js</ref> <ref target=" JavaScript:alert(9)">js2</ref>
       <ref target="data:text/html;base64,PHNjcmlwdD4=">data</ref>
       <ref target="vbscript:msgbox(10)">vb</ref> <ptr target="javascript:alert(11)"/></p>
    <figure><graphic url="javascript:alert(12)"/><figDesc>x" onerror="alert(13)</figDesc></figure>
    <figure><graphic url="data:image/svg+xml,&lt;svg onload='alert(14)'/&gt;"/></figure>
    <figure><graphic url="//evil.example/x.png"/></figure>
    <p><formula><m:math><m:mi href="javascript:alert(15)" onclick="alert(16)"
       style="background: url(x)">x</m:mi><m:maction actiontype="statusline"
       xlink:href="javascript:alert(17)" xmlns:xlink="http://www.w3.org/1999/xlink">
       <m:mi>y</m:mi></m:maction><m:annotation-xml encoding="application/xhtml+xml">
       <h:script>alert(18)</h:script></m:annotation-xml></m:math></formula></p>
    <p><h:script>alert(19)</h:script><h:img src="x" onerror="alert(20)"/>
       <h:a href="javascript:alert(21)">a</h:a><h:iframe src="https://x.example"/></p>
    <egXML xmlns="http://www.tei-c.org/ns/Examples"><script>alert(22)</script></egXML>
  </body></text>
</TEI>"""


class Page(HTMLParser):
    """What a browser could run on a page: script elements, event handlers, script URLs,
    and CSS that loads or runs anything."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.unsafe: list[str] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        if tag in ("script", "iframe", "object", "embed", "base", "link", "meta") \
                and not (tag == "meta" and dict(attrs).keys() <= {"charset", "name", "content"}):
            self.unsafe.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or name == "style":
                self.unsafe.append(f"{tag}@{name}")
            if name in ("href", "src", "xlink:href", "action", "formaction", "srcset") and \
                    not _web_or_relative(value):
                self.unsafe.append(f"{tag}@{name}={value}")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def _web_or_relative(address: str) -> bool:
    """An http(s) address, a fragment, or a path relative to the page (no scheme, no host)."""
    return address.startswith(("#", "https://", "http://")) or (
        not address.startswith(("/", "\\")) and not re.match(r"^[^/?#]*:", address))


def test_no_document_can_put_script_on_its_page(tmp_path: Path) -> None:
    source = tmp_path / "hostile.xml"
    source.write_text(HOSTILE_TEI, encoding="utf-8")
    ran = run_cli("render", str(source), "--out", str(tmp_path / "out"))
    assert ran.returncode in (0, 1), ran.stderr
    html = (tmp_path / "out" / "hostile.html").read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    assert page.unsafe == []
    css = "".join(page.css).lower()
    for loads_or_runs in ("url(", "expression", "@import", "behavior", "binding", "\\",
                          "javascript", "</"):
        assert loads_or_runs not in css, loads_or_runs
    assert "color: red" in css and "font-weight: bold" in css  # what is safe is kept
    assert 'data-element="h:script">alert(19)</span>' in html  # its text, shown as text
    for data in (tmp_path / "out").glob("hostile.json"):
        assert "javascript:" not in data.read_text().lower()
