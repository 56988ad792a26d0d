"""YAML files → plain data plus a source map, and the loading problems.

One pass over libyaml's event stream builds the data and its position tree
together (no node tree, no second walk), and is the place where hostile input
is bounded: nesting depth, alias expansion, file size, tags.  Nothing here is
ever executed: only the YAML core tags are constructed.

Problems found here travel the same road as rule findings:
SC001 (unreadable, not UTF-8, syntax, limits, tags) and SC004 (repeated key).
Keys starting with ``x-`` are user metadata: parsed (so limits apply) but not
put into the data.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from svcchain.findings import Origin, Problem
from svcchain.source import MapPos, SeqPos, SourceMap, pack
from svcchain.suppress import find_directives

try:  # libyaml's parser when PyYAML was built with it: several times faster
    from yaml import CSafeLoader as _EventLoader

    WITH_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

    WITH_LIBYAML = False


@dataclass(frozen=True)
class Limits:
    """Bounds that keep a hostile file from hanging or exhausting the checker."""

    max_file_bytes: int = 10 * 1024 * 1024
    max_depth: int = 100
    max_alias_nodes: int = 100_000


@dataclass(slots=True)
class LoadedDocument:
    origin: Origin
    data: Any


@dataclass(slots=True)
class LoadedFile:
    path: str
    documents: list[LoadedDocument] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: True when the file was read and parsed but holds no YAML document at all.
    no_document: bool = False
    #: Inline suppression comments (``# svcchain: ignore[...]``).
    directives: list = field(default_factory=list)


# --------------------------------------------------------------------------- scalars

_CORE = "tag:yaml.org,2002:"
_MERGE = object()  # a plain ``<<`` key
_NO_KEY = object()
_SKIP = object()

_constructor = SafeConstructor()


#: Longer numbers are not read: Python refuses to convert more than 4,300
#: digits, and a sexagesimal one (``1:59:59:…``) costs quadratic time.
MAX_NUMBER_CHARS = 4300

#: What constructing a core-tagged value can raise on bad input.
_BAD_VALUE = (ConstructorError, ValueError, TypeError, KeyError, IndexError, ArithmeticError)


def _construct(tag: str, value: str) -> Any:
    if tag == _CORE + "int" and len(value) > MAX_NUMBER_CHARS:
        raise ValueError(f"longer than {MAX_NUMBER_CHARS:,} characters")
    return _constructor.yaml_constructors[tag](_constructor, ScalarNode(tag, value))


_NOUNS = {_CORE + "int": "an integer", _CORE + "float": "a number", _CORE + "timestamp": "a date"}
#: the characters of YAML 1.1 numbers: decimal, binary, octal, hex, sexagesimal, floats
_NUMBER_LIKE = re.compile(r"[-+.0-9][-+.0-9_:a-fA-FxXoO]*\Z")


class _BadScalar(Exception):
    """A plain scalar that resolves to a number or date but cannot be built as one."""


_IMPLICIT = {
    _CORE + "null": lambda v: None,
    _CORE + "bool": lambda v: SafeConstructor.bool_values[v.lower()],
    _CORE + "int": lambda v: _construct(_CORE + "int", v),
    _CORE + "float": lambda v: _construct(_CORE + "float", v),
    _CORE + "timestamp": lambda v: _construct(_CORE + "timestamp", v),
    _CORE + "merge": lambda v: _MERGE,
}
_RESOLVERS = {
    first: [(tag, rx) for tag, rx in entries if tag in _IMPLICIT]
    for first, entries in Resolver.yaml_implicit_resolvers.items()
}
_RESOLVERS = {first: entries for first, entries in _RESOLVERS.items() if entries}

_EXPLICIT_SCALAR = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "binary")}
_EXPLICIT_MAPPING = {_CORE + "map", _CORE + "set", _CORE + "omap", _CORE + "pairs"}
_EXPLICIT_SEQUENCE = {_CORE + "seq", _CORE + "omap", _CORE + "pairs"}


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


class _Stop(Exception):
    """Stops a file: the problem is recorded, documents before it are kept."""


class _Frame:
    __slots__ = ("anchor", "data", "ext_keys", "is_map", "key", "key_pos", "merges", "pos", "size")

    def __init__(self, is_map: bool, pos: int, anchor: str | None) -> None:
        self.is_map = is_map
        self.data: Any = {} if is_map else []
        self.pos: Any = MapPos(pos) if is_map else SeqPos(pos)
        self.key: Any = _NO_KEY
        self.key_pos = 0
        self.size = 1
        self.anchor = anchor
        self.merges: list | None = None
        self.ext_keys: dict | None = None


def _describe(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."


class _DocumentBuilder:
    """Turns one file's event stream into documents (data + position trees)."""

    def __init__(self, path: str, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.problems: list[Problem] = []
        self.documents: list[LoadedDocument] = []
        self.saw_document = False
        self._cache: dict[str, Any] = {}
        #: where the parser stood when it raised: the nesting depth and the last event read
        self.depth_at_error = 0
        self.last_event: Any = None

    # -- helpers ---------------------------------------------------------------
    def _problem(self, code: str, mark: Any, message: str, fix: str) -> None:
        self.problems.append(Problem(message, (self.path, mark.line + 1, mark.column + 1), fix=fix, code=code))

    def _stop(self, mark: Any, message: str, fix: str) -> None:
        """SC001 at ``mark``, and stop reading the file: ``fix`` says so at its end."""
        self._problem("SC001", mark, message, fix + "; the rest of this file is not checked")
        raise _Stop

    def _plain(self, value: str) -> Any:
        cache = self._cache
        try:
            return cache[value]
        except KeyError:
            pass
        result: Any = value
        if len(value) > MAX_NUMBER_CHARS:
            # No resolver regex on a long value: the sexagesimal one (1:59:59) takes memory for
            # each ':'.  Nothing this long is a valid number (nor, in practice, a date or a bool).
            if _NUMBER_LIKE.match(value):
                raise _BadScalar(f"reads as a number but is longer than {MAX_NUMBER_CHARS:,} characters")
            return value
        for tag, regexp in _RESOLVERS.get(value[:1], ()):
            if regexp.match(value):
                try:
                    result = _IMPLICIT[tag](value)
                except _BAD_VALUE as exc:
                    noun = _NOUNS.get(tag, _short_tag(tag))
                    raise _BadScalar(f"reads as {noun} but is not a valid one ({exc})") from None
                break
        if len(cache) > 65536:
            cache.clear()
        cache[value] = result
        return result

    def _scalar(self, ev: ScalarEvent) -> Any:
        tag = ev.tag
        if tag is None:
            if not ev.implicit[0]:
                return ev.value
            try:
                return self._plain(ev.value)
            except _BadScalar as exc:
                self._stop(
                    ev.start_mark, f"the value {_describe(ev.value)!r} {exc}", "quote it if it is text, else fix it"
                )
        if tag == "!":
            return ev.value
        if tag in _EXPLICIT_SCALAR:
            if tag == _CORE + "str":
                return ev.value
            try:
                return _construct(tag, ev.value)
            except _BAD_VALUE:
                self._stop(
                    ev.start_mark,
                    f"invalid {_short_tag(tag)} value {_describe(ev.value)!r}",
                    "remove the tag or fix the value",
                )
        self._stop(
            ev.start_mark,
            f"the tag {_short_tag(tag)!r} is not allowed: svcchain reads plain YAML with the core tags only",
            "remove the tag",
        )
        raise AssertionError  # unreachable

    # -- main loop ---------------------------------------------------------------
    def run(self, loader: Any) -> None:
        get_event = loader.get_event
        limits = self.limits
        max_depth = limits.max_depth
        max_alias = limits.max_alias_nodes
        cache = self._cache
        stack: list[_Frame] = []
        anchors: dict[str, tuple[Any, Any, int]] = {}
        expanded = 0
        root: Any = None
        ev = None
        while True:
            try:
                ev = get_event()
            except yaml.YAMLError:
                self.depth_at_error, self.last_event = len(stack), ev
                raise
            kind = type(ev)
            if kind is ScalarEvent:
                mark = ev.start_mark
                if ev.tag is None and ev.implicit[0]:  # a plain scalar: the common case
                    value = cache.get(ev.value, _NO_KEY)
                    if value is _NO_KEY:
                        value = self._scalar(ev)  # resolves, checks and caches it
                else:
                    value = self._scalar(ev)
                pos: Any = ((mark.line + 1) << 32) | (mark.column + 1)  # source.pack, inlined
                size = 1
                if ev.anchor is not None:
                    if value is _MERGE:
                        value = "<<"
                    anchors[ev.anchor] = (value, pos, 1)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = ev.start_mark
                if len(stack) >= max_depth:
                    self._stop(mark, f"nesting is deeper than {max_depth} levels", "flatten the structure")
                tag = ev.tag
                is_map = kind is MappingStartEvent
                if tag is not None and tag != "!" and tag not in (_EXPLICIT_MAPPING if is_map else _EXPLICIT_SEQUENCE):
                    self._stop(
                        mark,
                        f"the tag {_short_tag(tag)!r} is not allowed: svcchain reads plain "
                        "YAML with the core tags only",
                        "remove the tag",
                    )
                stack.append(_Frame(is_map, ((mark.line + 1) << 32) | (mark.column + 1), ev.anchor))
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if frame.merges:
                    self._apply_merges(frame)
                value, pos, size = frame.data, frame.pos, frame.size
                if frame.anchor is not None:
                    anchors[frame.anchor] = (value, pos, size)
            elif kind is AliasEvent:
                mark = ev.start_mark
                try:
                    value, pos, size = anchors[ev.anchor]
                except KeyError:
                    if any(frame.anchor == ev.anchor for frame in stack):
                        self._stop(
                            mark,
                            f"the alias *{ev.anchor} refers to the node that contains it",
                            "recursive data is not allowed: point the alias at an anchor outside "
                            "that node, or write the data out",
                        )
                    self._stop(
                        mark, f"the alias *{ev.anchor} has no anchor &{ev.anchor} before it", "define the anchor first"
                    )
                expanded += size
                if expanded > max_alias:
                    self._stop(
                        mark,
                        f"aliases expand to more than {max_alias:,} nodes in one document (an alias bomb?)",
                        "write the data out or use fewer aliases",
                    )
                if isinstance(pos, int):
                    pos = pack(mark.line + 1, mark.column + 1)
            elif kind is DocumentStartEvent:
                self.saw_document = True
                anchors = {}
                expanded = 0
                root = None
                continue
            elif kind is DocumentEndEvent:
                if root is not None and root[0] is not None:
                    index = len(self.documents)
                    origin = Origin(self.path, index, SourceMap(root[1]))
                    self.documents.append(LoadedDocument(origin, root[0]))
                root = None
                continue
            elif kind is StreamEndEvent or ev is None:
                return
            else:  # StreamStartEvent
                continue

            # attach the finished node (value, pos, size) to its parent
            if not stack:
                root = (value, pos)
                continue
            top = stack[-1]
            top.size += size
            if value is _MERGE and (not top.is_map or top.key is not _NO_KEY):
                value = "<<"  # only a plain ``<<`` key merges
            if not top.is_map:
                top.data.append(value)
                top.pos.items.append(pos)
                continue
            key = top.key
            if key is _NO_KEY:  # this node is a key
                if not isinstance(pos, int):
                    line, column = pos.pos >> 32, pos.pos & 0xFFFFFFFF
                    self.problems.append(
                        Problem(
                            "a mapping key must be a plain value, not a list or mapping",
                            (self.path, line, column),
                            fix="use a string key",
                            code="SC002",
                        )
                    )
                    top.key = _SKIP
                else:
                    top.key = value
                    top.key_pos = pos
                continue
            top.key = _NO_KEY
            if key is _SKIP:
                continue
            if key is _MERGE:
                if top.merges is None:
                    top.merges = []
                top.merges.append((value, pos, top.key_pos))
                continue
            try:
                repeated = key in top.pos.keys
            except TypeError:  # unhashable: cannot happen for scalars, but be safe
                continue
            if isinstance(key, str) and key.startswith("x-"):
                ext = top.ext_keys if top.ext_keys is not None else {}
                top.ext_keys = ext
                if key in ext:
                    self._repeated_key(key, top.key_pos, ext[key])
                else:
                    ext[key] = top.key_pos
                continue
            if repeated:
                self._repeated_key(key, top.key_pos, top.pos.keys[key])
                continue
            top.data[key] = value
            top.pos.keys[key] = top.key_pos
            top.pos.values[key] = pos

    def _repeated_key(self, key: Any, at: int, first: int) -> None:
        line, column = at >> 32, at & 0xFFFFFFFF
        first_line, first_column = first >> 32, first & 0xFFFFFFFF
        self.problems.append(
            Problem(
                f"the key {_describe(key)!r} repeats the key at line {first_line}, column {first_column}",
                (self.path, line, column),
                fix="remove one of them (the first one counts)",
                subject=f"key:{_describe(key)}",
                code="SC004",
            )
        )

    def _apply_merges(self, frame: _Frame) -> None:
        """``<<: *base`` — explicit keys win, then earlier merged mappings."""
        sources: list[tuple[dict, MapPos]] = []
        for value, pos, key_pos in frame.merges or ():
            if isinstance(value, dict):
                sources.append((value, pos))
            elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
                sources.extend(zip(value, pos.items, strict=False))
            else:
                line, column = key_pos >> 32, key_pos & 0xFFFFFFFF
                self.problems.append(
                    Problem(
                        "'<<' must merge a mapping or a list of mappings",
                        (self.path, line, column),
                        fix="point it at an anchored mapping",
                        code="SC001",
                    )
                )
        data, keys, values = frame.data, frame.pos.keys, frame.pos.values
        merged: dict = {}
        merged_keys: dict = {}
        merged_values: dict = {}
        for source, source_pos in sources:
            for key, value in source.items():
                if key in data or key in merged:
                    continue
                merged[key] = value
                merged_keys[key] = source_pos.keys.get(key, source_pos.pos)
                merged_values[key] = source_pos.values.get(key, source_pos.pos)
        if merged:
            merged.update(data)
            merged_keys.update(keys)
            merged_values.update(values)
            frame.data = merged
            frame.pos.keys = merged_keys
            frame.pos.values = merged_values


# --------------------------------------------------------------------------- files

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


#: Line breaks as YAML 1.1 (and libyaml's marks) count them: CR LF, CR, LF, NEL, LS, PS.
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_BYTE_BREAKS = re.compile(rb"\r\n|[\r\n]|\xc2\x85|\xe2\x80[\xa8\xa9]")  # the same, in UTF-8


def _line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset, counted as libyaml counts them."""
    line, line_start = 1, 0
    for line, match in enumerate(_BYTE_BREAKS.finditer(data, 0, offset), start=2):  # noqa: B007 - read after the loop
        line_start = match.end()
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return line, column


def _file_problem(path: str, message: str, fix: str, line: int = 1, column: int = 1) -> Problem:
    return Problem(message, (path, line, column), fix=fix, code="SC001")


def read_bytes(path: str, fs_path: str, limits: Limits) -> tuple[bytes | None, Problem | None]:
    """Read a file defensively: no FIFOs, no devices, nothing over the size limit."""
    try:
        info = os.stat(fs_path)
    except FileNotFoundError:
        if os.path.islink(fs_path):
            return None, _file_problem(
                path, "cannot read the file: it is a broken symbolic link", "fix or remove the link"
            )
        return None, _file_problem(
            path,
            "cannot read the file: it does not exist (any more)",
            "check the path, and do not move or delete files while they are checked",
        )
    except OSError as exc:
        return None, _file_problem(
            path, f"cannot read the file: {exc.strerror or exc}", "check the path and its permissions"
        )
    if not stat.S_ISREG(info.st_mode):
        return None, _file_problem(
            path, "cannot read the file: it is not a regular file (a FIFO, socket or device)", "remove it or rename it"
        )
    if info.st_size > limits.max_file_bytes:
        return None, _file_problem(
            path,
            f"the file is {info.st_size:,} bytes, over the limit of {limits.max_file_bytes:,}",
            "split it into smaller files or raise the limit",
        )
    try:
        with open(fs_path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        return None, _file_problem(path, f"cannot read the file: {exc.strerror or exc}", "check its permissions")
    if len(data) > limits.max_file_bytes:
        return None, _file_problem(
            path,
            f"the file is over the limit of {limits.max_file_bytes:,} bytes",
            "split it into smaller files or raise the limit",
        )
    return data, None


def decode_problem(path: str, data: bytes) -> Problem | None:
    """SC001 when the bytes are not UTF-8 (a UTF-8 byte-order mark is fine)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _file_problem(path, f"the file is encoded as {name}", "svcchain reads UTF-8: save it as UTF-8")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _line_col_of_byte(data, exc.start)
        return _file_problem(
            path,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02X})",
            "save it as UTF-8",
            line,
            column,
        )
    return None


def _deep_flow_problem(path: str, text: str, builder: _DocumentBuilder, mark: Any) -> Problem | None:
    """The node past the depth limit, in the flow text libyaml read ahead of its events.

    libyaml reads flow collections ahead while a simple key is still possible
    (at most about one line) and gives up at 1,000 levels before it hands us
    the nodes.  Counting brackets from the last event we saw finds the first
    node that is too deep; only that window is scanned, never the whole file.
    """
    limit = builder.limits.max_depth
    last = builder.last_event
    start = last.end_mark.index if last is not None else 0
    end = mark.index if mark is not None else len(text)
    depth = builder.depth_at_error
    quote: str | None = None
    previous = " "
    index = start
    found = -1
    while index < end:
        char = text[index]
        if quote is not None:
            if char == "\\" and quote == '"':
                index += 2
                continue
            if char == quote:
                if quote == "'" and text.startswith("'", index + 1):
                    index += 2
                    continue
                quote = None
        elif char == "#" and previous in " \t\r\n":
            newline = _BREAKS.search(text, index, end)
            index = end if newline is None else newline.start()
            continue
        elif char in "'\"" and previous in " \t\r\n[{,:":
            quote = char
        elif char in "[{":
            depth += 1
            if depth > limit:
                found = index
                break
        elif char in "]}":
            depth -= 1
        previous = char
        index += 1
    if found < 0:
        return None
    line = last.end_mark.line if last is not None else 0
    column = last.end_mark.column if last is not None else 0
    breaks = list(_BREAKS.finditer(text, start, found))
    if breaks:
        line += len(breaks)
        column = found - breaks[-1].end()
    else:
        column += found - start
    return Problem(
        f"nesting is deeper than {limit} levels",
        (path, line + 1, column + 1),
        fix="flatten the structure; the rest of this file is not checked",
        code="SC001",
    )


def parse(path: str, data: bytes, limits: Limits = Limits()) -> LoadedFile:
    """Parse UTF-8 bytes (already checked) into documents and problems."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    builder = _DocumentBuilder(path, limits)
    stream: Any = data if WITH_LIBYAML else data.decode("utf-8")
    loader = _EventLoader(stream)
    try:
        builder.run(loader)
    except _Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        deep = None
        if "maximum nesting depth" in str(exc.problem) and WITH_LIBYAML:
            deep = _deep_flow_problem(path, data.decode("utf-8"), builder, exc.problem_mark)
        if deep is not None:
            builder.problems.append(deep)
        else:
            mark = exc.problem_mark or exc.context_mark
            parts = [p for p in (exc.context, exc.problem) if p]
            message = "invalid YAML: " + ", ".join(parts)
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            builder.problems.append(
                Problem(
                    message,
                    (path, line, column),
                    fix="fix the syntax (the rest of this file is not checked)",
                    code="SC001",
                )
            )
    except yaml.reader.ReaderError as exc:
        if WITH_LIBYAML:
            line, column = _line_col_of_byte(data, exc.position)
        else:  # pragma: no cover - pure-Python PyYAML
            text = stream
            line = text.count("\n", 0, exc.position) + 1
            column = exc.position - text.rfind("\n", 0, exc.position)
        char = exc.character
        shown = f"U+{char:04X}" if isinstance(char, int) else repr(char)
        builder.problems.append(
            Problem(
                f"the file contains a character YAML does not allow ({shown}, {exc.reason})",
                (path, line, column),
                fix="remove it",
                code="SC001",
            )
        )
    except yaml.YAMLError as exc:
        builder.problems.append(Problem(f"invalid YAML: {exc}", (path, 1, 1), fix="fix the syntax", code="SC001"))
    except RecursionError:  # pragma: no cover - the depth limit comes first
        builder.problems.append(
            Problem("the file nests too deeply to read", (path, 1, 1), fix="flatten it", code="SC001")
        )
    finally:
        loader.dispose()
    loaded = LoadedFile(path, builder.documents, builder.problems)
    loaded.no_document = not builder.saw_document and not builder.problems
    return loaded


def load_file(path: str, fs_path: str | None = None, limits: Limits = Limits()) -> LoadedFile:
    """Read, decode and parse one file; every failure becomes a problem."""
    data, problem = read_bytes(path, fs_path or path, limits)
    if problem is None and data is not None:
        problem = decode_problem(path, data)
    if problem is not None or data is None:
        return LoadedFile(path, problems=[problem] if problem else [])
    loaded = parse(path, data, limits)
    loaded.directives = find_directives(data)
    return loaded
