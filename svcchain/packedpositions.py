"""A document's source positions, packed: a few bytes a node until a finding points into the document.

``packed_positions`` turns a ``SourceMap``'s tree into plain tuples and lists
(``marshal`` them, compress them); ``PackedSourceMap`` answers ``locate``,
``locate_key`` and ``written_at`` from them as ``SourceMap`` does from its
tree.  Also here: the tags of the scalars ``marshal`` has no form for (dates,
unbuilt scalars, the pruned marker), which ``filecheck`` uses for the data.
"""

from __future__ import annotations

import datetime
import marshal
import zlib
from typing import Any

from svcchain.pruned import PRUNED
from svcchain.source import MapPos, Path, PosNode, SeqPos, SourceMap, Span
from svcchain.source import unpack as unpack_position
from svcchain.yamlscalars import UnbuiltScalar

_MARSHAL = 4
#: What marshal holds as it is.
PLAIN = (str, int, float, bool, bytes, type(None))


class Unpackable(Exception):
    """A value ``pack`` has no plain form for: the file is checked without the cache."""


_EPOCH = datetime.datetime(1970, 1, 1)


def tag_of(value: Any) -> tuple[Any, ...] | None:
    """A tagged tuple for a scalar marshal cannot hold (data never holds tuples, so a tuple is a tag)."""
    kind = type(value)
    if kind is datetime.date:
        return ("d", value.toordinal())
    if kind is datetime.datetime:
        offset = value.utcoffset()
        naive = value.replace(tzinfo=None)
        return (
            "t",
            (naive - _EPOCH) // datetime.timedelta(microseconds=1),
            None if offset is None else offset // datetime.timedelta(microseconds=1),
        )
    if kind is UnbuiltScalar:
        return ("u", value.text, value.what)
    if value is PRUNED:
        return ("p",)
    return None


def from_tag(tag: tuple[Any, ...]) -> Any:
    kind = tag[0]
    if kind == "d":
        return datetime.date.fromordinal(tag[1])
    if kind == "t":
        moment = _EPOCH + datetime.timedelta(microseconds=tag[1])
        if tag[2] is None:
            return moment
        return moment.replace(tzinfo=datetime.timezone(datetime.timedelta(microseconds=tag[2])))
    if kind == "u":
        return UnbuiltScalar(tag[1], tag[2])
    if kind == "p":
        return PRUNED
    raise ValueError(f"unknown tag {kind!r}")


def _key(key: Any) -> Any:
    if type(key) in PLAIN:
        return key
    tag = tag_of(key)
    if tag is None:
        raise Unpackable(f"a key of type {type(key).__name__}")
    return tag


def _unkey(key: Any) -> Any:
    return from_tag(key) if type(key) is tuple else key


#: Deeper position trees are not packed (the file is checked without the cache): unpacking recurses.
MAX_PACKED_DEPTH = 400


def _plain_positions(root: PosNode, plain_keys: bool = True) -> Any:
    """A position tree as lists and tuples: a mapping ``(pos, keys, key positions, values)``, a list ``[pos, *items]``.

    ``plain_keys``: the keys as they are (marshal refuses the tree if one is a date or another
    value without a plain form; then it is made again with ``plain_keys=False``, each key tagged).
    """

    def plain(node: PosNode, depth: int) -> Any:
        if depth > MAX_PACKED_DEPTH:
            raise Unpackable("positions nested too deeply")
        depth += 1
        if type(node) is SeqPos:
            return [node.pos, *[item if type(item) is int else plain(item, depth) for item in node.items]]
        assert isinstance(node, MapPos)
        keys, values = node.keys, node.values
        if len(keys) != len(values):
            raise Unpackable("a mapping whose keys and values differ")
        return (
            node.pos,
            tuple(keys) if plain_keys else tuple(map(_key, keys)),
            tuple(keys.values()),
            tuple([value if type(value) is int else plain(value, depth) for value in values.values()]),
        )

    return root if type(root) is int else plain(root, 0)


def packed_positions(source: SourceMap) -> bytes:
    """The positions of a document, marshalled and compressed (a fifth of the bytes, for a few ms a megabyte)."""
    try:
        return zlib.compress(marshal.dumps((_plain_positions(source.root), source.written, False), _MARSHAL), 1)
    except ValueError:  # a key marshal cannot hold: tag each key
        pass
    try:
        plain = _plain_positions(source.root, plain_keys=False)
        return zlib.compress(marshal.dumps((plain, source.written, True), _MARSHAL), 1)
    except ValueError as exc:
        raise Unpackable(str(exc)) from None


def _tree(node: Any) -> PosNode:
    if type(node) is int:
        return node
    if type(node) is list:
        seq = SeqPos(node[0])
        seq.items = [_tree(item) for item in node[1:]]
        return seq
    pos, keys, key_positions, values = node
    mapping = MapPos(pos)
    real = [_unkey(key) for key in keys]
    mapping.keys = dict(zip(real, key_positions, strict=True))
    mapping.values = dict(zip(real, map(_tree, values), strict=True))
    return mapping


def _at(node: Any) -> int:
    return node if type(node) is int else node[0]


class PackedSourceMap(SourceMap):
    """A ``SourceMap`` kept as compressed bytes until a finding points into its document.

    Then the plain form (``_plain_positions``: tuples and lists) is decoded
    once and walked as ``SourceMap`` walks its tree, with the same answers; the
    tree of ``MapPos`` and ``SeqPos`` is built only if ``root`` is asked for.
    """

    __slots__ = ("_blob", "_plain", "_tagged", "_tree_root", "_written")

    def __init__(self, blob: bytes) -> None:  # SourceMap.__init__ is not called: nothing is built yet
        self._blob: bytes | None = blob
        self._plain: Any = 0
        self._tagged = False
        self._tree_root: PosNode | None = None
        self._written: dict[int, str] = {}

    def _decoded(self) -> Any:
        if self._blob is not None:
            self._plain, self._written, self._tagged = marshal.loads(zlib.decompress(self._blob))
            self._blob = None
        return self._plain

    def _walk_plain(self, path: Path) -> tuple[Any, Any, object]:
        """``SourceMap._walk`` on the plain form: (deepest node, its parent, last key)."""
        node = self._decoded()
        parent: Any = None
        last: object = None
        for step in path:
            kind = type(node)
            if kind is tuple:
                try:
                    index = node[1].index(_key(step) if self._tagged else step)
                except (ValueError, Unpackable):
                    return node, None, None
                child = node[3][index]
            elif kind is list and isinstance(step, int) and 0 <= step < len(node) - 1:
                child = node[step + 1]
            else:
                return node, None, None
            parent, last, node = node, step, child
        return node, parent, last

    def locate(self, path: Path) -> Span:
        if self._tree_root is not None:
            return super().locate(path)
        node, _, _ = self._walk_plain(path)
        return Span(*unpack_position(_at(node)))

    def locate_key(self, path: Path) -> Span:
        if self._tree_root is not None:
            return super().locate_key(path)
        node, parent, last = self._walk_plain(path)
        if type(parent) is tuple:
            keys = parent[1]
            wanted = _key(last) if self._tagged else last
            if wanted in keys:
                return Span(*unpack_position(parent[2][keys.index(wanted)]))
        return Span(*unpack_position(_at(node)))

    def written_at(self, path: Path) -> str | None:
        if self._tree_root is not None:
            return super().written_at(path)
        node, _, _ = self._walk_plain(path)
        return self._written.get(node) if type(node) is int else None

    @property
    def root(self) -> PosNode:
        if self._tree_root is None:
            self._tree_root = _tree(self._decoded())
        return self._tree_root

    @root.setter
    def root(self, value: PosNode) -> None:
        self._decoded()
        self._tree_root = value

    @property
    def written(self) -> dict[int, str]:
        self._decoded()
        return self._written

    @written.setter
    def written(self, value: dict[int, str]) -> None:
        self._decoded()
        self._written = value
