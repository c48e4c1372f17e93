"""RELAX NG compact syntax: read as the RELAX NG XML it stands for, errors in the .rnc file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree

from pipeline.cli import run
from pipeline.findings import PipelineError
from pipeline.validate import RelaxNGValidator, load_xml, relaxng_with_schematron
from pipeline.validate.relaxng_compact import RNG, read_compact

from .conftest import DRACOR, FIXTURES, ROOT

TEI_ALL_RNC = FIXTURES / "validate" / "tei_all.rnc"
TEI_ALL_RNG = ROOT / "schemas" / "tei" / "tei_all.rng"


def _findings(schema: Path, document: Path) -> list[tuple[str, int, int, str]]:
    out = io.StringIO()
    run(["validate", str(document), "--skip-project", "--schema", str(schema),
         "--format", "json"], out, io.StringIO())
    return [(f["rule"], f["line"], f["column"], f["message"])
            for f in json.loads(out.getvalue())["findings"]]


@pytest.fixture(scope="module")
def plays(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A valid play, the same play with an invalid attribute, and one that breaks a rule of
    the Schematron embedded in the TEI schema."""
    if not DRACOR.is_dir():
        pytest.skip("../shared/corpus is not present")
    folder = tmp_path_factory.mktemp("plays")
    text = (DRACOR / "macbeth.xml").read_text(encoding="utf-8")
    bad_attribute = text.replace('<div type="act" n="1">', '<div type="act" n="1" bogus="x">', 1)
    dated = '<p><date when="1606" from="1605">then</date></p>'
    bad_rule = text.replace('<div type="act" n="1">', f'<div type="act" n="1">{dated}', 1)
    assert bad_attribute != text and bad_rule != text
    paths = {}
    for name, content in (("valid", text), ("bad-attribute", bad_attribute),
                          ("bad-rule", bad_rule)):
        paths[name] = folder / f"{name}.xml"
        paths[name].write_text(content, encoding="utf-8")
    return paths


@pytest.mark.parametrize("case", ["valid", "bad-attribute", "bad-rule"])
def test_tei_all_rnc_gives_the_same_findings_as_tei_all_rng(plays: dict[str, Path],
                                                            case: str) -> None:
    from_rng = _findings(TEI_ALL_RNG, plays[case])
    assert _findings(TEI_ALL_RNC, plays[case]) == from_rng
    when_rule = "sch:tei_all-att.datable.w3c-att-datable-w3c-when-constraint-rule-1"
    expected_rules = {"valid": set(), "bad-attribute": {"rng:invalidattr"},
                      "bad-rule": {when_rule}}
    assert {rule for rule, *_ in from_rng} >= expected_rules[case]
    assert all(line > 0 for _, line, _, _ in from_rng)


USER_RNC = r'''# A project schema as trang writes it from an ODD.
default namespace = "urn:x-letters"
namespace a = "http://relaxng.org/ns/compatibility/annotations/1.0"
namespace sch = "http://purl.oclc.org/dsdl/schematron"

start = letter
letter =
  ## a letter
  element letter {
    [ a:defaultValue = "draft" ] attribute status { "draft" | "sent" }?,
    attribute date { xsd:token { pattern = "\d{4}-\d{2}-\d{2}" } },
    (para | \list)+
  }
  >> sch:pattern [
       id = "letter-signed"
       "\x{a}" ~
       "   "
       sch:rule [
         context = "*:letter[@status = 'sent']"
         sch:assert [
           id = "signed"
           test = "*:para[last()][starts-with(., 'Yours')]"
           "A sent letter ends with its" ~ " close."
         ]
       ]
     ]
para = element para { text }
\list = element list { element item { text }+ }
'''


def test_a_user_rnc_schema_validates_with_its_embedded_schematron(tmp_path: Path) -> None:
    schema = tmp_path / "letters.rnc"
    schema.write_text(USER_RNC)
    good = tmp_path / "good.xml"
    good.write_text('<letter xmlns="urn:x-letters" status="sent" date="1986-07-31">'
                    '<para>Hi</para><para>Yours, A.</para></letter>')
    bad = tmp_path / "bad.xml"
    bad.write_text('<letter xmlns="urn:x-letters" status="sent" date="31 July">\n'
                   '<para>Hi</para></letter>')
    assert run(["validate", str(good), "--schema", str(schema)], io.StringIO(),
               io.StringIO()) == 0
    out = io.StringIO()
    assert run(["validate", str(bad), "--schema", str(schema)], out, io.StringIO()) == 1
    report = out.getvalue()
    assert f"{bad}:1:1: error [rng:invalidattr] Invalid attribute date" in report, report
    assert f"{bad}:1:1: error [sch:signed] A sent letter ends with its close." in report


def test_annotations_documentation_and_escapes_become_rng_xml(tmp_path: Path) -> None:
    schema = tmp_path / "letters.rnc"
    schema.write_text(USER_RNC)
    root = read_compact(schema).tree.getroot()
    ns = {"rng": RNG, "a": "http://relaxng.org/ns/compatibility/annotations/1.0",
          "sch": "http://purl.oclc.org/dsdl/schematron"}
    assert root.xpath("string(//rng:define[@name='letter']/rng:element/a:documentation)",
                      namespaces=ns) == "a letter"
    assert root.xpath("string(//rng:attribute[@name='status']/@a:defaultValue)",
                      namespaces=ns) == "draft"
    pattern = root.xpath("//sch:pattern", namespaces=ns)[0]
    assert pattern.text == "\n   " and pattern.getparent().get("name") == "letter"
    assert root.xpath("string(//sch:assert)", namespaces=ns) == \
        "A sent letter ends with its close."
    assert root.xpath("//rng:define[@name='list']/rng:element/@name", namespaces=ns) == ["list"]


def test_includes_are_read_and_overridden(tmp_path: Path) -> None:
    (tmp_path / "base.rnc").write_text('default namespace = "urn:x"\n'
                                       'start = doc\ndoc = element doc { item* }\n'
                                       'item = element item { empty }\n')
    schema = tmp_path / "main.rnc"
    schema.write_text('default namespace = "urn:x"\ninclude "base.rnc" {\n'
                      '  item = element item { text }\n}\n')
    validator = RelaxNGValidator(schema)
    good = load_xml(b'<doc xmlns="urn:x"><item>text allowed</item></doc>', "d.xml")
    assert list(validator.iter_findings(good)) == []
    bad = load_xml(b'<doc xmlns="urn:x"><other/></doc>', "d.xml")
    assert list(validator.iter_findings(bad))


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ('start = element doc {\n  attribute n { text }\n  text }\n', 3, 3, "expected '}'"),
    ('start = element doc { a, b | c }\na = empty b = empty c = empty\n', 1, 28,
     "needs parentheses"),
    ('start = element doc { t:x }\n', 1, 23, "undeclared datatypes prefix 't'"),
    ('start = element doc { "unterminated }\n', 1, 23, "unexpected character"),
])
def test_syntax_errors_are_located_in_the_rnc_file(tmp_path: Path, text: str, line: int,
                                                   column: int, message: str) -> None:
    schema = tmp_path / "broken.rnc"
    schema.write_text(text)
    with pytest.raises(PipelineError) as raised:
        RelaxNGValidator(schema)
    finding = raised.value.findings[0]
    assert raised.value.exit_code == 2
    assert (finding.location.file, finding.location.line, finding.location.column) == \
        (str(schema), line, column), finding
    assert message in finding.message


def test_a_grammar_error_in_an_included_rnc_points_into_that_file(tmp_path: Path) -> None:
    (tmp_path / "part.rnc").write_text('# the part\nitem = element item {\n'
                                       '   attribute n { xsd:integer }?,\n   missing\n}\n')
    schema = tmp_path / "main.rnc"
    schema.write_text('default namespace = "urn:x"\ninclude "part.rnc"\n'
                      'start = element doc { item* }\n')
    err = io.StringIO()
    assert run(["validate", str(FIXTURES / "validate" / "valid-minimal.tei.xml"),
                "--skip-project", "--schema", str(schema)], io.StringIO(), err) == 2
    assert f"{tmp_path / 'part.rnc'}:4:4: error [rng:schema-error]" in err.getvalue()
    assert "missing" in err.getvalue()


def test_the_tei_rnc_reads_as_the_grammar_trang_wrote() -> None:
    """Every define of tei_all.rng is in the grammar read from tei_all.rnc."""
    rng = etree.parse(str(TEI_ALL_RNG))
    from_rnc = read_compact(TEI_ALL_RNC).tree
    names = {d.get("name") for d in rng.iter(f"{{{RNG}}}define")}
    assert names == {d.get("name") for d in from_rnc.iter(f"{{{RNG}}}define")}
    assert len(list(from_rnc.iter("{http://purl.oclc.org/dsdl/schematron}pattern"))) == \
        len(list(rng.iter("{http://purl.oclc.org/dsdl/schematron}pattern")))


def test_relaxng_with_schematron_takes_rnc(tmp_path: Path) -> None:
    schema = tmp_path / "letters.rnc"
    schema.write_text(USER_RNC)
    validator = relaxng_with_schematron(schema)
    bad = load_xml(b'<letter xmlns="urn:x-letters" status="sent" date="1986-07-31">'
                   b'<para>Hi</para></letter>', "bad.xml")
    assert [f.rule_id for f in validator.iter_findings(bad)] == ["sch:signed"]
