"""Source positions kept beside the data, keyed by model path.

The loader builds plain Python data (dicts, lists, scalars) and, next to it, a
position tree of the same shape.  A model path such as
``("services", 0, "links", 2, "owner")`` finds the node a finding is about
without gluing marks onto the data itself.

Positions are packed into one int (``line << 32 | column``, both 1-based) to
keep a large repository's tree small.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

Path = tuple[str | int, ...]

_SHIFT = 32
_MASK = (1 << _SHIFT) - 1


def pack(line: int, column: int) -> int:
    """Pack a 1-based line and column into one int."""
    return (line << _SHIFT) | column


def unpack(pos: int) -> tuple[int, int]:
    return pos >> _SHIFT, pos & _MASK


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A 1-based line and column in a file."""

    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


class MapPos:
    """Positions of a mapping: its own, each key's, and each value's subtree."""

    __slots__ = ("keys", "pos", "values")

    def __init__(self, pos: int) -> None:
        self.pos = pos
        #: key → the key's position (keys are YAML scalars: text, numbers, dates, ...)
        self.keys: dict[Hashable, int] = {}
        #: key → the positions of its value
        self.values: dict[Hashable, PosNode] = {}


class SeqPos:
    """Positions of a sequence: its own and each item's subtree."""

    __slots__ = ("items", "pos")

    def __init__(self, pos: int) -> None:
        self.pos = pos
        self.items: list[PosNode] = []


PosNode = int | MapPos | SeqPos


def _pos_of(node: PosNode) -> int:
    return node if isinstance(node, int) else node.pos


class SourceMap:
    """Where each node of one YAML document sits in its file."""

    __slots__ = ("root", "written")

    def __init__(self, root: PosNode, written: dict[int, str] | None = None) -> None:
        self.root = root
        #: position → the text of a scalar that YAML read as a number, boolean or date
        self.written = written or {}

    def _walk(self, path: Path) -> tuple[PosNode, PosNode | None, object]:
        """Follow ``path`` as far as it exists; return (deepest node, its parent, last key)."""
        node: PosNode = self.root
        parent: PosNode | None = None
        last: object = None
        for step in path:
            if isinstance(node, MapPos):
                child = node.values.get(step)
            elif isinstance(node, SeqPos) and isinstance(step, int) and 0 <= step < len(node.items):
                child = node.items[step]
            else:
                child = None
            if child is None:
                # The path runs past the data (e.g. a missing field): stay at the
                # deepest node that exists, which is the mapping that lacks it.
                return node, None, None
            parent, last, node = node, step, child
        return node, parent, last

    def locate(self, path: Path) -> Span:
        """The node at ``path`` (or the deepest existing ancestor)."""
        node, _, _ = self._walk(path)
        return Span(*unpack(_pos_of(node)))

    def locate_key(self, path: Path) -> Span:
        """The key of the mapping entry at ``path`` (falls back to ``locate``)."""
        node, parent, last = self._walk(path)
        if isinstance(parent, MapPos) and last in parent.keys:
            return Span(*unpack(parent.keys[last]))
        return Span(*unpack(_pos_of(node)))

    def written_at(self, path: Path) -> str | None:
        """The text of the scalar at ``path`` as written in the file, when YAML read it as no string."""
        node, _, _ = self._walk(path)
        return self.written.get(node) if isinstance(node, int) else None
