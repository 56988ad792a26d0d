"""libyaml's event stream → documents: plain data and its position tree, in one pass.

No node tree is built and nothing is walked twice: each event is turned into
data (dicts, lists, scalars) and, beside it, positions of the same shape
(``source.MapPos``, ``SeqPos``, packed ints).  This is where hostile input is
bounded: nesting depth, alias expansion and tags.  Keys starting with ``x-``
are user metadata: parsed (so limits apply) but not put into the data.

This loop is the hot path of a check: it dispatches on ``type(event) is ...``
and keeps what it needs in locals.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, Literal, NoReturn, Protocol

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from svcchain.findings import Origin, Problem
from svcchain.source import MapPos, PosNode, SeqPos, SourceMap, pack
from svcchain.yamlscalars import (
    BAD_VALUE,
    CORE,
    EXPLICIT_MAPPING,
    EXPLICIT_SCALAR,
    EXPLICIT_SEQUENCE,
    MAX_NUMBER_CHARS,
    MERGE,
    BadScalar,
    construct,
    describe,
    resolve_plain,
    same_yaml_key,
    short_tag,
)


@dataclass(slots=True)
class LoadedDocument:
    origin: Origin
    #: the document as YAML read it: any JSON-like value (plus dates and bytes)
    data: Any


class Mark(Protocol):
    """Where an event sits (libyaml's and pure-Python PyYAML's marks alike): 0-based."""

    index: int
    line: int
    column: int


class EventSource(Protocol):
    """A PyYAML loader, as far as the builder reads it."""

    def get_event(self) -> Event | None: ...


_NO_KEY = object()  # a mapping waiting for its next key
_SKIP = object()  # a key that was reported (a list or mapping): its value is dropped


class Stop(Exception):
    """Stops a file: the problem is recorded, documents before it are kept."""


class _MapFrame:
    """A mapping being read: its data, positions and the key waiting for its value."""

    __slots__ = ("anchor", "data", "ext_keys", "is_map", "key", "key_pos", "merges", "pos", "size")

    def __init__(self, pos: int, anchor: str | None) -> None:
        self.is_map: Literal[True] = True
        self.data: dict[Any, Any] = {}
        self.pos = MapPos(pos)
        self.key: Any = _NO_KEY  # a key read (any YAML scalar), _NO_KEY or _SKIP
        self.key_pos = 0
        self.size = 1
        self.anchor = anchor
        #: the ``<<`` entries: (merged value, its positions, the key's position)
        self.merges: list[tuple[Any, PosNode, int]] | None = None
        #: positions of the ``x-`` keys (kept out of the data, but repeats are reported)
        self.ext_keys: dict[str, int] | None = None


class _SeqFrame:
    """A sequence being read."""

    __slots__ = ("anchor", "data", "is_map", "pos", "size")

    def __init__(self, pos: int, anchor: str | None) -> None:
        self.is_map: Literal[False] = False
        self.data: list[Any] = []
        self.pos = SeqPos(pos)
        self.size = 1
        self.anchor = anchor


class DocumentBuilder:
    """Turns one file's event stream into documents (data + position trees)."""

    def __init__(self, path: str, max_depth: int, max_alias_nodes: int) -> None:
        self.path = path
        self.max_depth = max_depth
        self.max_alias_nodes = max_alias_nodes
        self.problems: list[Problem] = []
        self.documents: list[LoadedDocument] = []
        self.saw_document = False
        self._cache: dict[str, Any] = {}
        #: where the parser stood when it raised: the nesting depth and the end of the last event read
        self.depth_at_error = 0
        self.last_mark: Mark | None = None

    # -- helpers ---------------------------------------------------------------
    def _problem(self, code: str, mark: Mark | None, message: str, fix: str) -> None:
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        self.problems.append(Problem(message, (self.path, line, column), fix=fix, code=code))

    def _stop(self, mark: Mark | None, message: str, fix: str) -> NoReturn:
        """SC001 at ``mark``, and stop reading the file: ``fix`` says so at its end."""
        self._problem("SC001", mark, message, fix + "; the rest of this file is not checked")
        raise Stop

    def _plain(self, value: str) -> Any:
        cache = self._cache
        try:
            return cache[value]
        except KeyError:
            pass
        result = resolve_plain(value)
        if len(value) <= MAX_NUMBER_CHARS:  # a longer value is not kept
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
            except BadScalar as exc:
                self._stop(
                    ev.start_mark, f"the value {describe(ev.value)!r} {exc}", "quote it if it is text, else fix it"
                )
        if tag == "!":
            return ev.value
        if tag in EXPLICIT_SCALAR:
            if tag == CORE + "str":
                return ev.value
            try:
                return construct(tag, ev.value)
            except BAD_VALUE:
                self._stop(
                    ev.start_mark,
                    f"invalid {short_tag(tag)} value {describe(ev.value)!r}",
                    "remove the tag or fix the value",
                )
        self._stop(
            ev.start_mark,
            f"the tag {short_tag(tag)!r} is not allowed: svcchain reads plain YAML with the core tags only",
            "remove the tag",
        )

    # -- main loop ---------------------------------------------------------------
    def run(self, loader: EventSource) -> None:
        get_event = loader.get_event
        max_depth = self.max_depth
        max_alias = self.max_alias_nodes
        cache = self._cache
        stack: list[_MapFrame | _SeqFrame] = []
        anchors: dict[str, tuple[Any, PosNode, int]] = {}
        written: dict[int, str] = {}  # position → the text of a scalar that is not a string
        expanded = 0
        root: tuple[Any, PosNode] | None = None
        # Any: the loop tells events apart by ``kind is ...`` (faster than isinstance), which mypy does not follow
        ev: Any = None
        value: Any  # the finished node: its data, positions and number of nodes
        pos: PosNode
        size: int
        while True:
            try:
                ev = get_event()
            except yaml.YAMLError:
                self.depth_at_error, self.last_mark = len(stack), (ev.end_mark if ev is not None else None)
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
                pos = at = ((mark.line + 1) << 32) | (mark.column + 1)  # source.pack, inlined
                size = 1
                if value is not None and type(value) is not str:  # free text keeps it as written
                    written[at] = ev.value
                if ev.anchor is not None:
                    if value is MERGE:
                        value = "<<"
                    anchors[ev.anchor] = (value, pos, 1)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = ev.start_mark
                if len(stack) >= max_depth:
                    self._stop(mark, f"nesting is deeper than {max_depth} levels", "flatten the structure")
                tag = ev.tag
                is_map = kind is MappingStartEvent
                if tag is not None and tag != "!" and tag not in (EXPLICIT_MAPPING if is_map else EXPLICIT_SEQUENCE):
                    self._stop(
                        mark,
                        f"the tag {short_tag(tag)!r} is not allowed: svcchain reads plain YAML with the core tags only",
                        "remove the tag",
                    )
                start = ((mark.line + 1) << 32) | (mark.column + 1)
                stack.append(_MapFrame(start, ev.anchor) if is_map else _SeqFrame(start, ev.anchor))
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if frame.is_map and frame.merges:
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
                if isinstance(pos, int):  # a scalar: at the alias (keeping its written text)
                    text, pos = written.get(pos), pack(mark.line + 1, mark.column + 1)
                    if text is not None:
                        written[pos] = text
            elif kind is DocumentStartEvent:
                self.saw_document = True
                anchors = {}
                written = {}
                expanded = 0
                root = None
                continue
            elif kind is DocumentEndEvent:
                if root is not None and root[0] is not None:
                    index = len(self.documents)
                    origin = Origin(self.path, index, SourceMap(root[1], written))
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
            if value is MERGE and (not top.is_map or top.key is not _NO_KEY):
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
            if key is MERGE:
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
                if type(key) is not str and not same_yaml_key(key, top.pos.keys):
                    # YAML compares keys by tag and value: 1, 1.0 and true are three keys, though Python's
                    # dict holds only one of them; not a repeat (a key that is not a string is SC002 anyway)
                    continue
                self._repeated_key(key, top.key_pos, top.pos.keys[key])
                continue
            top.data[key] = value
            top.pos.keys[key] = top.key_pos
            top.pos.values[key] = pos

    def _repeated_key(self, key: Hashable, at: int, first: int) -> None:
        line, column = at >> 32, at & 0xFFFFFFFF
        first_line, first_column = first >> 32, first & 0xFFFFFFFF
        self.problems.append(
            Problem(
                f"the key {describe(key)!r} repeats the key at line {first_line}, column {first_column}",
                (self.path, line, column),
                fix="remove one of them (the first one counts)",
                subject=f"key:{describe(key)}",
                code="SC004",
            )
        )

    def _apply_merges(self, frame: _MapFrame) -> None:
        """``<<: *base`` — explicit keys win, then earlier merged mappings."""
        sources: list[tuple[dict[Any, Any], MapPos]] = []
        for value, pos, key_pos in frame.merges or ():
            # a mapping's positions are always a MapPos, a list's a SeqPos
            if isinstance(value, dict) and isinstance(pos, MapPos):
                sources.append((value, pos))
            elif isinstance(value, list) and isinstance(pos, SeqPos) and all(isinstance(item, dict) for item in value):
                sources.extend(
                    (item, item_pos)
                    for item, item_pos in zip(value, pos.items, strict=False)
                    if isinstance(item_pos, MapPos)
                )
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
        merged: dict[Any, Any] = {}
        merged_keys: dict[Hashable, int] = {}
        merged_values: dict[Hashable, PosNode] = {}
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
