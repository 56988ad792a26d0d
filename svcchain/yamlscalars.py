"""What a YAML scalar means: the core tags, and nothing else.

A plain scalar is resolved as YAML 1.1 does (null, bool, int, float,
timestamp, the ``<<`` merge key); an explicitly tagged one is built only for
the core scalar tags.  Nothing is ever executed, and a value that would cost
quadratic time or cannot be built (``_BadScalar``) is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Any

from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

CORE = "tag:yaml.org,2002:"
#: a plain ``<<`` key (turned back into the text "<<" wherever it does not merge)
MERGE = object()

_constructor = SafeConstructor()

#: Longer numbers are not read: Python refuses to convert more than 4,300
#: digits, and a sexagesimal one (``1:59:59:…``) costs quadratic time.
MAX_NUMBER_CHARS = 4300

#: What constructing a core-tagged value can raise on bad input.
BAD_VALUE = (ConstructorError, ValueError, TypeError, KeyError, IndexError, ArithmeticError)


def construct(tag: str, value: str) -> Any:
    """The value of ``value`` under the core scalar tag ``tag`` (raises one of ``BAD_VALUE``)."""
    if tag == CORE + "int" and len(value) > MAX_NUMBER_CHARS:
        raise ValueError(f"longer than {MAX_NUMBER_CHARS:,} characters")
    return _constructor.yaml_constructors[tag](_constructor, ScalarNode(tag, value))


_NOUNS = {CORE + "int": "an integer", CORE + "float": "a number", CORE + "timestamp": "a date"}
#: the characters of YAML 1.1 numbers: decimal, binary, octal, hex, sexagesimal, floats
_NUMBER_LIKE = re.compile(r"[-+.0-9][-+.0-9_:a-fA-FxXoO]*\Z")


class BadScalar(Exception):
    """A plain scalar that resolves to a number or date but cannot be built as one."""


_IMPLICIT: dict[str, Callable[[str], Any]] = {
    CORE + "null": lambda v: None,
    CORE + "bool": lambda v: SafeConstructor.bool_values[v.lower()],
    CORE + "int": lambda v: construct(CORE + "int", v),
    CORE + "float": lambda v: construct(CORE + "float", v),
    CORE + "timestamp": lambda v: construct(CORE + "timestamp", v),
    CORE + "merge": lambda v: MERGE,
}
#: PyYAML's implicit resolvers (by first character) for the tags above only
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: [(tag, rx) for tag, rx in entries if tag in _IMPLICIT]
    for first, entries in Resolver.yaml_implicit_resolvers.items()
}
_RESOLVERS = {first: entries for first, entries in _RESOLVERS.items() if entries}

EXPLICIT_SCALAR = {CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
EXPLICIT_MAPPING = {CORE + "map", CORE + "set", CORE + "omap", CORE + "pairs"}
EXPLICIT_SEQUENCE = {CORE + "seq", CORE + "omap", CORE + "pairs"}


def short_tag(tag: str) -> str:
    """``!!int`` for a core tag, the tag itself for any other."""
    return "!!" + tag[len(CORE) :] if tag.startswith(CORE) else tag


def describe(value: Any) -> str:
    """A value as a message quotes it: text as it is, anything else as its repr, cut at 60 characters."""
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


def resolve_plain(value: str) -> Any:
    """The value of a plain (untagged, unquoted) scalar; ``BadScalar`` when it cannot be built."""
    if len(value) > MAX_NUMBER_CHARS:
        # No resolver regex on a long value: the sexagesimal one (1:59:59) takes memory for
        # each ':'.  Nothing this long is a valid number (nor, in practice, a date or a bool).
        if _NUMBER_LIKE.match(value):  # kept as written: free text takes it, an id or a number does not
            return UnbuiltScalar(value, f"a number longer than {MAX_NUMBER_CHARS:,} characters")
        return value
    for tag, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            try:
                return _IMPLICIT[tag](value)
            except BAD_VALUE as exc:
                if tag == CORE + "timestamp":
                    # a typo in a date is a value to report where it stands, not a broken file
                    return UnbuiltScalar(value, "a date that does not exist")
                noun = _NOUNS.get(tag, short_tag(tag))
                raise BadScalar(f"reads as {noun} but is not a valid one ({exc})") from None
    return value


class UnbuiltScalar:
    """A plain scalar YAML 1.1 reads as a date or number that cannot be built.

    A day that does not exist (``2026-02-30``) or a number too long to read.
    It is kept as this value - neither a string nor a date nor a number - so
    the schema reports it where it stands (SC002: a date field wants a real
    day, an id a quoted string), free text keeps it as written, and the rest
    of the file is still checked.
    """

    __slots__ = ("text", "what")

    def __init__(self, text: str, what: str) -> None:
        self.text = text
        self.what = what  # "a date that does not exist", for messages

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UnbuiltScalar) and other.text == self.text

    def __hash__(self) -> int:
        return hash((UnbuiltScalar, self.text))

    def __repr__(self) -> str:
        return describe(self.text)


def same_yaml_key(key: Hashable, keys: dict[Hashable, int]) -> bool:
    """Is ``key`` the same YAML key as the one ``keys`` holds under Python equality (same tag and value)?"""
    return any(type(other) is type(key) and other == key for other in keys if other == key)
