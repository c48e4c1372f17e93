"""RELAX NG compact syntax (``.rnc``) read into RELAX NG XML, as the OASIS specification maps one
onto the other — annotations (Schematron embedded by an ODD among them), ``>>`` follow
annotations, ``##`` documentation, ``~`` concatenation and ``\\x{…}`` escapes included.

Every RELAX NG element made carries, as its ``sourceline``, the line of the ``.rnc`` text it
came from, so errors that lxml reports while compiling the grammar point into the user's file
(:attr:`CompactSchema.columns` gives the column of the first construct on each line).
``include`` and ``external`` of other ``.rnc`` files are read too (local files only) and
inlined as the specification's simplification does; ``.rng`` files are referenced.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..files import read_input
from ..findings import Finding, Location, PipelineError, Severity

__all__ = ["CompactSchema", "is_compact", "read_compact"]

RNG = "http://relaxng.org/ns/structure/1.0"
ANNOTATIONS = "http://relaxng.org/ns/compatibility/annotations/1.0"
XSD_DATATYPES = "http://www.w3.org/2001/XMLSchema-datatypes"
XML = "http://www.w3.org/XML/1998/namespace"

#: RELAX NG elements that cannot have annotation elements as children.
TEXT_ONLY = frozenset({"value", "param", "name"})

KEYWORDS = frozenset("""attribute default datatypes div element empty external grammar include
    inherit list mixed namespace notAllowed parent start string text token""".split())

TOKEN = re.compile(r"""
    (?P<space>[ \t\r\n]+)
  | (?P<doc>\#\#[^\n]*)
  | (?P<comment>\#[^\n]*)
  | (?P<literal>\"\"\"(?:.|\n)*?\"\"\"|'''(?:.|\n)*?'''|"[^"\n]*"|'[^'\n]*')
  | (?P<nsname>[^\W\d][\w.\-]*:\*)
  | (?P<cname>[^\W\d][\w.\-]*:[^\W\d][\w.\-]*)
  | (?P<name>\\?[^\W\d][\w.\-]*)
  | (?P<op>\|=|&=|>>|[{}()\[\]=,&|?*+\-~])
""", re.VERBOSE)
ESCAPE = re.compile(r"\\x+\{([0-9A-Fa-f]+)\}")


def is_compact(path: Path) -> bool:
    """Whether a schema file is in compact syntax (by its name)."""
    return path.suffix.lower() == ".rnc"


#: lxml keeps an element's line in 16 bits: past this, a line is not recorded.
MAX_LINE = 65535


@dataclass
class CompactSchema:
    """A compact schema as RELAX NG XML, and where each of its elements came from.

    Elements carry a *schema line* as their ``sourceline``: the files read are numbered one
    after the other (the first file's lines, then the next file's, …), so that the line lxml
    reports for a grammar error names both the file and the line (:meth:`location`).
    """

    tree: etree._ElementTree
    #: (first schema line, file) of each file read, in order.
    files: list[tuple[int, str]] = field(default_factory=list)
    #: The column of the first construct on each schema line.
    columns: dict[int, int] = field(default_factory=dict)
    lines: int = 0

    def add_file(self, file: str, line_count: int) -> int:
        """Number the lines of one more file; returns the schema line before its first."""
        offset = self.lines
        self.files.append((offset + 1, file))
        self.lines += line_count
        return offset

    def location(self, schema_line: int) -> Location:
        """The file, line and column a schema line stands for."""
        starts = [start for start, _ in self.files]
        index = bisect.bisect_right(starts, schema_line) - 1
        if schema_line <= 0 or index < 0:
            return Location(self.files[0][1] if self.files else "")
        start, file = self.files[index]
        return Location(file, schema_line - start + 1, self.columns.get(schema_line, 0))


def read_compact(path: Path) -> CompactSchema:
    """Read a ``.rnc`` file (and the ``.rnc`` files it includes) as RELAX NG XML.

    Raises:
        PipelineError: the file cannot be read, or is not valid compact syntax (with its file,
            line and column; exit code 2).
    """
    schema = CompactSchema(etree.ElementTree())
    root = _Parser(path.resolve(), schema, stack=(), inherit="").parse_top()
    tree = etree.ElementTree(root)
    tree.docinfo.URL = path.resolve().as_uri()
    schema.tree = tree
    return schema


@dataclass
class _Token:
    kind: str  # name, cname, nsname, literal, op, eof
    value: str
    line: int
    column: int
    quoted: bool = False  # a \name: an identifier even if it is a keyword
    docs: list[str] = field(default_factory=list)  # ## lines just before it

    def is_keyword(self, word: str) -> bool:
        return self.kind == "name" and not self.quoted and self.value == word

    @property
    def is_identifier(self) -> bool:
        return self.kind == "name" and (self.quoted or self.value not in KEYWORDS)


@dataclass
class _Annotations:
    attributes: dict[str, str] = field(default_factory=dict)
    elements: list[etree._Element] = field(default_factory=list)

    def apply(self, element: etree._Element) -> etree._Element:
        """Put the annotations on an element: attributes, and elements as first children
        (elements that hold only text, such as ``value``, take the attributes only: see
        :meth:`items`)."""
        for name, value in self.attributes.items():
            element.set(name, value)
        if etree.QName(element).localname not in TEXT_ONLY:
            for position, child in enumerate(self.elements):
                element.insert(position, child)
        return element

    def items(self, element: etree._Element) -> list[etree._Element]:
        """The annotated element, followed by its annotation elements when it can hold none
        (a ``value`` or ``data`` takes them as following siblings, as the mapping says)."""
        self.apply(element)
        return [element, *self.elements] if etree.QName(element).localname in TEXT_ONLY \
            else [element]


class _Parser:
    """Recursive descent over one ``.rnc`` file, building RELAX NG elements."""

    def __init__(self, path: Path, schema: CompactSchema, stack: tuple[Path, ...],
                 inherit: str) -> None:
        self.path = path
        self.file = str(path)
        self.schema = schema
        self.stack = (*stack, path)
        self.text = _read_text(path)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.offset = schema.add_file(self.file, len(self.line_starts))
        self.tokens = list(self._tokenize())
        self.index = 0
        self.namespaces: dict[str, str] = {"xml": XML}
        self.default_namespace = inherit
        self.inherit = inherit
        self.datatypes: dict[str, str] = {"xsd": XSD_DATATYPES}

    # -- errors and positions -------------------------------------------------------------

    def error(self, message: str, token: _Token | None = None) -> PipelineError:
        token = token or self.peek()
        return PipelineError([Finding("rnc:syntax", Severity.ERROR, message,
                                      Location(self.file, token.line, token.column))],
                             exit_code=2)

    def _position(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, index) - 1
        return line + 1, index - self.line_starts[line] + 1

    def made(self, tag: str, token: _Token, **attributes: str) -> etree._Element:
        """A RELAX NG element made at ``token`` (its line becomes the element's sourceline)."""
        element = etree.Element(f"{{{RNG}}}{tag}", attributes)
        self._mark(element, token)
        return element

    def _mark(self, element: etree._Element, token: _Token) -> None:
        line = self.offset + token.line
        if line > MAX_LINE:
            return
        setattr(element, "sourceline", line)  # noqa: B010  (lxml-stubs type it wrongly)
        if token.column < self.schema.columns.get(line, token.column + 1):
            self.schema.columns[line] = token.column

    # -- tokens ---------------------------------------------------------------------------

    def _tokenize(self) -> Iterator[_Token]:
        docs: list[str] = []
        position = 0
        while position < len(self.text):
            match = TOKEN.match(self.text, position)
            if match is None:
                line, column = self._position(position)
                raise PipelineError([Finding(
                    "rnc:syntax", Severity.ERROR,
                    f"unexpected character {self.text[position]!r}",
                    Location(self.file, line, column))], exit_code=2)
            kind = match.lastgroup or ""
            value = match.group()
            position = match.end()
            if kind in {"space", "comment"}:
                continue
            line, column = self._position(match.start())
            if kind == "doc":
                docs.append(_documentation_text(value))
                continue
            if kind == "literal":
                quote = 3 if value[:3] in {'"""', "'''"} else 1
                value = _unescape(value[quote:-quote])
            quoted = kind == "name" and value.startswith("\\")
            if quoted:
                value = value[1:]
            yield _Token(kind, _unescape(value) if kind != "literal" else value, line, column,
                         quoted, docs)
            docs = []
        line, column = self._position(len(self.text))
        yield _Token("eof", "", line, column, docs=docs)

    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def take(self) -> _Token:
        token = self.peek()
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def at(self, value: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == "op" and token.value == value

    def expect(self, value: str) -> _Token:
        if not self.at(value):
            raise self.error(f"expected {value!r}, found {self._describe(self.peek())}")
        return self.take()

    def expect_keyword(self, word: str) -> _Token:
        if not self.peek().is_keyword(word):
            raise self.error(f"expected {word!r}, found {self._describe(self.peek())}")
        return self.take()

    @staticmethod
    def _describe(token: _Token) -> str:
        return "the end of the file" if token.kind == "eof" else repr(token.value)

    def literal(self) -> str:
        """A literal, with ``~`` concatenations."""
        if self.peek().kind != "literal":
            raise self.error(f"expected a quoted string, found {self._describe(self.peek())}")
        parts = [self.take().value]
        while self.at("~"):
            self.take()
            if self.peek().kind != "literal":
                raise self.error("expected a quoted string after '~'")
            parts.append(self.take().value)
        return "".join(parts)

    # -- top level and declarations ---------------------------------------------------------

    def parse_top(self) -> etree._Element:
        self.declarations()
        if self.peek().kind == "eof" or self._starts_grammar_content():
            grammar = self.made("grammar", self.peek())
            self.grammar_content(grammar, closing=None)
            root = grammar
        else:
            root = self.single(self.pattern())
        if self.peek().kind != "eof":
            raise self.error(f"unexpected {self._describe(self.peek())}")
        if self.default_namespace:
            root.set("ns", self.default_namespace)
        return root

    def declarations(self) -> None:
        while True:
            token = self.peek()
            if token.is_keyword("namespace"):
                self.take()
                prefix = self._identifier_or_keyword()
                self.expect("=")
                self.namespaces[prefix] = self._namespace_uri()
            elif token.is_keyword("default") and self.peek(1).is_keyword("namespace"):
                self.take()
                self.take()
                prefix = "" if self.at("=") else self._identifier_or_keyword()
                self.expect("=")
                uri = self._namespace_uri()
                self.default_namespace = uri
                if prefix:
                    self.namespaces[prefix] = uri
            elif token.is_keyword("datatypes"):
                self.take()
                prefix = self._identifier_or_keyword()
                self.expect("=")
                self.datatypes[prefix] = self.literal()
            else:
                return

    def _namespace_uri(self) -> str:
        if self.peek().is_keyword("inherit"):
            self.take()
            return self.inherit
        return self.literal()

    def _identifier_or_keyword(self) -> str:
        if self.peek().kind != "name":
            raise self.error(f"expected a name, found {self._describe(self.peek())}")
        return self.take().value

    def _starts_grammar_content(self) -> bool:
        """Whether what follows (after any annotations) is a grammar's content, not a pattern."""
        saved = self.index
        try:
            self.annotations()
            token = self.peek()
            if token.is_keyword("start") or token.is_keyword("div") or \
                    token.is_keyword("include"):
                return True
            if token.is_identifier and self.peek(1).kind == "op" and \
                    self.peek(1).value in {"=", "|=", "&="}:
                return True
            return (token.is_identifier or token.kind == "cname") and self.at("[", 1)
        finally:
            self.index = saved

    # -- grammars ----------------------------------------------------------------------------

    def grammar_content(self, parent: etree._Element, closing: str | None,
                        include_content: bool = False) -> None:
        """Components until ``closing`` (``}``) or the end of the file, appended to ``parent``."""
        while not (self.at(closing) if closing else self.peek().kind == "eof"):
            token = self.peek()
            if not include_content and (token.is_identifier or token.kind == "cname") and \
                    self.at("[", 1):
                parent.append(self.annotation_element(grammar_level=True))
                continue
            annotations = self.annotations()
            token = self.peek()
            if token.is_keyword("start"):
                self.take()
                element = self.made("start", token, **self._combine())
                parent.append(annotations.apply(element))
                element.extend(self.content(self.pattern()))
            elif token.is_keyword("div"):
                self.take()
                div = annotations.apply(self.made("div", token))
                parent.append(div)
                self.expect("{")
                self.grammar_content(div, "}", include_content)
                self.expect("}")
            elif token.is_keyword("include") and not include_content:
                self.take()
                parent.append(annotations.apply(self.include(token)))
            elif token.is_identifier:
                self.take()
                element = self.made("define", token, name=token.value, **self._combine())
                parent.append(annotations.apply(element))
                element.extend(self.content(self.pattern()))
            else:
                raise self.error(f"expected a definition, found {self._describe(token)}")

    def _combine(self) -> dict[str, str]:
        token = self.take()
        if token.kind == "op" and token.value == "=":
            return {}
        if token.kind == "op" and token.value in {"|=", "&="}:
            return {"combine": "choice" if token.value == "|=" else "interleave"}
        raise self.error(f"expected '=', '|=' or '&=', found {self._describe(token)}", token)

    def include(self, token: _Token) -> etree._Element:
        """An include: a ``.rnc`` grammar inlined (minus what the include overrides), as the
        specification's simplification does; any other file referenced."""
        href = self.literal()
        inherit = self._inherit()
        overrides = self.made("div", token)
        if self.at("{"):
            self.take()
            self.grammar_content(overrides, "}", include_content=True)
            self.expect("}")
        target = self._resolve(href, token)
        if not is_compact(target):
            element = self.made("include", token, href=target.as_uri())
            element.extend(list(overrides))
            return element
        included = self._read_other(target, inherit, token)
        if etree.QName(included).localname != "grammar":
            raise self.error(f"{href} is included, so it must be a grammar", token)
        _remove_overridden(included, overrides)
        div = self.made("div", token)
        inner = self.made("div", token)
        inner.extend(list(included))
        if included.get("ns") is not None:
            inner.set("ns", included.get("ns", ""))
        div.append(inner)
        div.extend(list(overrides))
        return div

    def _inherit(self) -> str:
        if not self.peek().is_keyword("inherit"):
            return self.default_namespace
        self.take()
        self.expect("=")
        prefix = self._identifier_or_keyword()
        if prefix not in self.namespaces:
            raise self.error(f"undeclared namespace prefix {prefix!r}")
        return self.namespaces[prefix]

    def _resolve(self, href: str, token: _Token) -> Path:
        if re.match(r"^[A-Za-z][\w+.-]*:", href) and not href.startswith("file:"):
            raise self.error(f"{href} is not a local file; schemas are read from local files "
                             "only", token)
        target = (self.path.parent / href.removeprefix("file://")).resolve()
        if target in self.stack:
            raise self.error(f"{href} includes itself", token)
        return target

    def _read_other(self, target: Path, inherit: str, token: _Token) -> etree._Element:
        try:
            parser = _Parser(target, self.schema, self.stack, inherit)
        except PipelineError as exc:
            if any(f.rule_id == "io:unreadable" for f in exc.findings):
                raise self.error(f"cannot read {target}", token) from exc
            raise
        return parser.parse_top()

    # -- patterns --------------------------------------------------------------------------

    def content(self, items: list[etree._Element]) -> list[etree._Element]:
        """The children of an element whose children form a group anyway (``element``,
        ``define``, ``oneOrMore``, …): a group is spliced in, as trang writes it.  (libxml2
        misvalidates an element whose only content is one ``group``: the TEI's own schema
        then rejects valid documents.)"""
        if items and etree.QName(items[0]).localname == "group" and not items[0].attrib:
            return [*items[0], *items[1:]]
        return items

    def single(self, items: list[etree._Element]) -> etree._Element:
        """One pattern element (follow annotations need a parent to follow in)."""
        if len(items) == 1:
            return items[0]
        group = self.made("group", self.peek())
        group.extend(items)
        return group

    def pattern(self) -> list[etree._Element]:
        """A pattern: particles joined by one of ``,`` ``&`` ``|`` (mixing needs parentheses);
        returned as its element followed by any follow annotations."""
        first = self.particle()
        operator = self.peek()
        if not (operator.kind == "op" and operator.value in {",", "&", "|"}):
            return first
        combined = self.made({",": "group", "&": "interleave", "|": "choice"}[operator.value],
                             operator)
        combined.extend(first)
        while self.at(operator.value):
            self.take()
            combined.extend(self.particle())
        following = self.peek()
        if following.kind == "op" and following.value in {",", "&", "|"}:
            raise self.error("mixing ',', '&' and '|' needs parentheses", following)
        return [combined]

    def particle(self) -> list[etree._Element]:
        annotations = self.annotations()
        items = self.primary(annotations)
        items += self.follow_annotations()
        token = self.peek()
        if token.kind == "op" and token.value in {"?", "*", "+"}:
            self.take()
            repeated = self.made({"?": "optional", "*": "zeroOrMore", "+": "oneOrMore"}
                                 [token.value], token)
            repeated.extend(self.content(items))
            return [repeated, *self.follow_annotations()]
        return items

    def primary(self, annotations: _Annotations) -> list[etree._Element]:
        token = self.peek()
        if token.kind == "op" and token.value == "(":
            self.take()
            items = self.pattern()
            self.expect(")")
            if annotations.attributes or annotations.elements:
                annotations.apply(items[0])
            return items
        if token.kind == "name" and not token.quoted and token.value in KEYWORDS:
            return annotations.items(self.keyword_pattern(token))
        if token.is_identifier:
            self.take()
            return [annotations.apply(self.made("ref", token, name=token.value))]
        if token.kind == "cname":
            return annotations.items(self.datatype(token))
        if token.kind == "literal":
            value = self.literal()
            element = self.made("value", token)
            element.text = value
            return annotations.items(element)
        raise self.error(f"expected a pattern, found {self._describe(token)}")

    def keyword_pattern(self, token: _Token) -> etree._Element:
        word = token.value
        if word in {"element", "attribute"}:
            self.take()
            element = self.made(word, token)
            self.name_class_into(element, attribute=word == "attribute")
            self.expect("{")
            items = self.pattern()
            element.extend(items if word == "attribute" else self.content(items))
            self.expect("}")
            return element
        if word in {"list", "mixed"}:
            self.take()
            element = self.made(word, token)
            self.expect("{")
            element.extend(self.content(self.pattern()))
            self.expect("}")
            return element
        if word in {"empty", "text", "notAllowed"}:
            self.take()
            return self.made(word, token)
        if word == "parent":
            self.take()
            name = self.take()
            if not name.is_identifier:
                raise self.error("expected the name of a definition after 'parent'", name)
            return self.made("parentRef", token, name=name.value)
        if word == "grammar":
            self.take()
            grammar = self.made("grammar", token)
            self.expect("{")
            self.grammar_content(grammar, "}")
            self.expect("}")
            return grammar
        if word == "external":
            self.take()
            href = self.literal()
            inherit = self._inherit()
            target = self._resolve(href, token)
            if not is_compact(target):
                return self.made("externalRef", token, href=target.as_uri())
            return self._read_other(target, inherit, token)
        if word in {"string", "token"}:
            return self.datatype(token)
        raise self.error(f"{word!r} cannot start a pattern", token)

    def datatype(self, token: _Token) -> etree._Element:
        """``string``, ``token`` or ``prefix:name``: a value when a literal follows, else data
        with optional parameters and an except pattern."""
        self.take()
        library, name = "", token.value
        if token.kind == "cname":
            prefix, name = token.value.split(":", 1)
            if prefix not in self.datatypes:
                raise self.error(f"undeclared datatypes prefix {prefix!r}", token)
            library = self.datatypes[prefix]
        attributes = {"type": name, **({"datatypeLibrary": library} if library else
                                       {"datatypeLibrary": ""})}
        if self.peek().kind == "literal":
            element = self.made("value", token, **attributes)
            element.text = self.literal()
            return element
        element = self.made("data", token, **attributes)
        if self.at("{"):
            self.take()
            while not self.at("}"):
                self.annotations()
                name_token = self.peek()
                param = self.made("param", name_token, name=self._identifier_or_keyword())
                self.expect("=")
                param.text = self.literal()
                element.append(param)
            self.expect("}")
        if self.at("-"):
            minus = self.take()
            excepted = self.made("except", minus)
            annotations = self.annotations()
            excepted.extend(self.primary(annotations))
            element.append(excepted)
        return element

    # -- name classes ----------------------------------------------------------------------

    def name_class_into(self, element: etree._Element, attribute: bool) -> None:
        """The name class of an element or attribute: a plain name as attributes, anything
        else as the first child."""
        token = self.peek()
        simple = token.kind in {"name", "cname"} and not self.at("|", 1) and \
            not self.at("-", 1)
        if simple:
            self.take()
            namespace, local = self.resolve_name(token, attribute)
            element.set("name", local)
            if namespace or not attribute:
                element.set("ns", namespace)
            return
        element.append(self.name_class(attribute))

    def name_class(self, attribute: bool) -> etree._Element:
        first = self.name_class_primary(attribute)
        if not self.at("|"):
            return first
        choice = self.made("choice", self.peek())
        choice.append(first)
        while self.at("|"):
            self.take()
            choice.append(self.name_class_primary(attribute))
        return choice

    def name_class_primary(self, attribute: bool) -> etree._Element:
        annotations = self.annotations()
        token = self.take()
        if token.kind == "op" and token.value == "(":
            element = self.name_class(attribute)
            self.expect(")")
        elif token.kind == "op" and token.value == "*":
            element = self.made("anyName", token)
            self._name_except(element, attribute)
        elif token.kind == "nsname":
            prefix = token.value[:-2]
            element = self.made("nsName", token, ns=self._namespace_of(prefix, token))
            self._name_except(element, attribute)
        elif token.kind in {"name", "cname"}:
            namespace, local = self.resolve_name(token, attribute)
            element = self.made("name", token, ns=namespace)
            element.text = local
        else:
            raise self.error(f"expected a name, found {self._describe(token)}", token)
        return annotations.apply(element)

    def _name_except(self, element: etree._Element, attribute: bool) -> None:
        if self.at("-"):
            minus = self.take()
            excepted = self.made("except", minus)
            excepted.append(self.name_class_primary(attribute))
            element.append(excepted)

    def resolve_name(self, token: _Token, attribute: bool) -> tuple[str, str]:
        """The namespace and local name of a name in a name class."""
        if token.kind == "cname":
            prefix, local = token.value.split(":", 1)
            return self._namespace_of(prefix, token), local
        return ("" if attribute else self.default_namespace), token.value

    def _namespace_of(self, prefix: str, token: _Token) -> str:
        if prefix not in self.namespaces:
            raise self.error(f"undeclared namespace prefix {prefix!r}", token)
        return self.namespaces[prefix]

    # -- annotations ---------------------------------------------------------------------------

    def annotations(self) -> _Annotations:
        """``##`` documentation and a ``[ … ]`` annotation before a component or pattern."""
        token = self.peek()
        result = _Annotations()
        for text in token.docs:
            documentation = etree.Element(f"{{{ANNOTATIONS}}}documentation")
            documentation.text = text
            self._mark(documentation, token)
            result.elements.append(documentation)
        token.docs = []
        if not self.at("["):
            return result
        self.take()
        while self.peek().kind in {"name", "cname"} and self.at("=", 1):
            name_token = self.take()
            self.take()
            if name_token.kind != "cname":
                raise self.error("an annotation attribute needs a namespace prefix",
                                 name_token)
            result.attributes[self._foreign_name(name_token)] = self.literal()
        while not self.at("]"):
            result.elements.append(self.annotation_element(grammar_level=False))
        self.expect("]")
        return result

    def follow_annotations(self) -> list[etree._Element]:
        elements = []
        while self.at(">>"):
            self.take()
            elements.append(self.annotation_element(grammar_level=False))
        return elements

    def annotation_element(self, grammar_level: bool) -> etree._Element:
        """``name [ attributes content ]``: a foreign element, with nested elements and text."""
        token = self.take()
        if token.kind not in {"name", "cname"} or (grammar_level and not token.is_identifier
                                                    and token.kind != "cname"):
            raise self.error(f"expected an annotation element, found {self._describe(token)}",
                             token)
        element = etree.Element(self._foreign_name(token))
        self._mark(element, token)
        self.expect("[")
        while self.peek().kind in {"name", "cname"} and self.at("=", 1):
            name_token = self.take()
            self.take()
            element.set(self._foreign_name(name_token), self.literal())
        last: etree._Element | None = None
        while not self.at("]"):
            if self.peek().kind == "literal":
                text = self.literal()
                if last is None:
                    element.text = (element.text or "") + text
                else:
                    last.tail = (last.tail or "") + text
            elif self.peek().kind in {"name", "cname"}:
                last = self.annotation_element(grammar_level=False)
                element.append(last)
            else:
                raise self.error(f"unexpected {self._describe(self.peek())} in an annotation")
        self.expect("]")
        return element

    def _foreign_name(self, token: _Token) -> str:
        if token.kind == "cname":
            namespace, local = self.resolve_name(token, attribute=True)
            return f"{{{namespace}}}{local}" if namespace else local
        return token.value


def _read_text(path: Path) -> str:
    data = read_input(path)
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise PipelineError([Finding("rnc:syntax", Severity.ERROR, f"not UTF-8: {exc.reason}",
                                     Location(str(path), 1, 1))], exit_code=2) from exc


def _unescape(text: str) -> str:
    """Replace ``\\x{hex}`` escapes by the characters they stand for."""
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "\\x" in text else text


def _documentation_text(line: str) -> str:
    """The text of a ``##`` line: without the hashes and one following space."""
    text = line.lstrip("#")
    return text[1:] if text.startswith(" ") else text


def _remove_overridden(grammar: etree._Element, overrides: etree._Element) -> None:
    """Drop from an included grammar the start and the definitions the include redefines."""
    def components(root: etree._Element) -> Iterator[etree._Element]:
        for child in root:
            if not isinstance(child.tag, str) or etree.QName(child).namespace != RNG:
                continue
            name = etree.QName(child).localname
            if name == "div":
                yield from components(child)
            elif name in {"start", "define"}:
                yield child

    redefined = {(etree.QName(c).localname, c.get("name")) for c in components(overrides)}
    for component in list(components(grammar)):
        if (etree.QName(component).localname, component.get("name")) in redefined:
            parent = component.getparent()
            assert parent is not None
            parent.remove(component)
