"""Just enough XPath 3.1 lexing to see what an expression calls and refers to: function calls
(and named function references), variable references and string literals — skipping over
comments and the insides of strings, so that ``'doc('`` in a message is not a call."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["Call", "calls", "replace_calls", "variables"]

NAME = r"[^\W\d][\w.\-]*"
#: A QName, an EQName (Q{uri}local) or a wildcard name test.
QNAME = rf"Q\{{[^{{}}]*\}}{NAME}|(?:{NAME}|\*):(?:{NAME}|\*)|{NAME}"
LEXEME = re.compile(rf"""
    (?P<string>"(?:[^"]|"")*"|'(?:[^']|'')*')
  | (?P<comment>\(:)
  | (?P<variable>\$\s*(?:{QNAME}))
  | (?P<name>{QNAME})
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
#: Names followed by "(" that are not function calls.
NOT_FUNCTIONS = frozenset("""attribute comment document-node element empty-sequence function if
    item map array namespace-node node processing-instruction schema-attribute schema-element
    switch text typeswitch""".split())


@dataclass(frozen=True)
class Call:
    """A function call (or named function reference ``name#arity``) in an expression."""

    name: str                #: as written: ``doc``, ``fn:doc``, ``my:f``, ``Q{…}f``
    start: int               #: where the name starts
    end: int                 #: just after the opening parenthesis (or the ``#N``)
    first_argument: str | None  #: the first argument when it is a string literal
    arguments: str = ""      #: the arguments as written (without the parentheses)


def _lexemes(expression: str) -> Iterator[re.Match[str]]:
    position = 0
    while position < len(expression):
        match = LEXEME.match(expression, position)
        assert match is not None  # (?P<other>.) matches anything
        if match.lastgroup == "comment":
            position = _after_comment(expression, match.end())
            continue
        yield match
        position = match.end()


def _after_comment(expression: str, position: int) -> int:
    """The position after an XPath comment (they nest) that opened just before ``position``."""
    depth = 1
    while depth and position < len(expression):
        if expression.startswith("(:", position):
            depth, position = depth + 1, position + 2
        elif expression.startswith(":)", position):
            depth, position = depth - 1, position + 2
        else:
            position += 1
    return position


def calls(expression: str) -> list[Call]:
    """Every function call and named function reference in an expression."""
    found = []
    for match in _lexemes(expression):
        if match.lastgroup != "name" or match.group() in NOT_FUNCTIONS:
            continue
        position = _skip_space_and_comments(expression, match.end())
        if expression.startswith("(", position) and not expression.startswith("(:", position):
            found.append(Call(match.group(), match.start(), position + 1,
                              _string_argument(expression, position + 1),
                              _arguments(expression, position + 1)))
        elif re.match(r"#\d", expression[position:position + 2]):
            found.append(Call(match.group(), match.start(), position + 2, None))
    return found


def _skip_space_and_comments(expression: str, position: int) -> int:
    while True:
        while position < len(expression) and expression[position].isspace():
            position += 1
        if not expression.startswith("(:", position):
            return position
        position = _after_comment(expression, position + 2)


def _arguments(expression: str, position: int) -> str:
    """The text of a call's arguments, from just after its "(" to the matching ")"."""
    depth, start = 1, position
    while position < len(expression):
        if expression.startswith("(:", position):
            position = _after_comment(expression, position + 2)
            continue
        character = expression[position]
        if character in "\"'":
            closing = re.compile(rf"{character}(?!{character})|{character}{character}")
            position += 1
            while (found := closing.search(expression, position)) and len(found.group()) == 2:
                position = found.end()
            position = found.end() if found else len(expression)
            continue
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0:
            return expression[start:position]
        position += 1
    return expression[start:]


def _string_argument(expression: str, position: int) -> str | None:
    """The first argument of a call, when it is a string literal."""
    literal = re.compile(r"""\s*("(?:[^"]|"")*"|'(?:[^']|'')*')\s*[,)]""").match(expression,
                                                                                position)
    if literal is None:
        return None
    quoted = literal.group(1)
    return quoted[1:-1].replace(quoted[0] * 2, quoted[0])


def variables(expression: str) -> set[str]:
    """The names of the variables an expression refers to (as written, without ``$``)."""
    return {re.sub(r"^\$\s*", "", m.group()) for m in _lexemes(expression)
            if m.lastgroup == "variable"}


def replace_calls(expression: str, replacement: Callable[[Call], str | None]) -> str:
    """The expression with some calls rewritten: ``replacement(call)`` gives the text that
    replaces the call's name and opening parenthesis (``None`` leaves it as it is)."""
    parts, position = [], 0
    for call in calls(expression):
        new = replacement(call)
        if new is not None:
            parts += [expression[position:call.start], new]
            position = call.end
    return "".join([*parts, expression[position:]])
