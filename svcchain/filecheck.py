"""One chain file, read, parsed and validated: the unit the cache stores and the workers return.

``check_bytes`` is what the engine used to do per file (``loader.load_file``,
the "no document" problem, ``validate.validate_document`` per document),
with every problem resolved to its file, line and column at once.  What is
left for the engine is to build the model from ``FileResult.documents``.

``pack`` turns a result into bytes (``marshal`` of plain values only: no
object is ever built from them but ints, floats, text, bytes, lists, dicts
and tuples) and ``unpack`` turns them back.  The positions of each document
are packed once more on their own and stay packed (``PackedSourceMap``)
until a finding points into the document: a large repository keeps a few
bytes per node instead of a tree of objects.
"""

from __future__ import annotations

import datetime
import marshal
from dataclasses import dataclass, replace
from typing import Any

from svcchain.findings import Anchor, Origin, Problem
from svcchain.loader import Limits, LoadedFile, parse
from svcchain.packedpositions import PLAIN, PackedSourceMap, Unpackable, from_tag, packed_positions, tag_of
from svcchain.reading import decode_problem
from svcchain.suppress import Directive, find_directives
from svcchain.validate import has_marker, validate_document

#: The shape of ``pack``'s output; a change here makes every cache entry a miss.
PACK_VERSION = 1
_MARSHAL = 4


@dataclass(slots=True)
class FileResult:
    """A file's loading problems (resolved), its suppression comments and its validated documents."""

    file: str
    problems: list[Problem]
    directives: list[Directive]
    documents: list[tuple[Origin, dict[str, Any]]]


def no_document(file: str) -> Problem:
    return Problem(
        "the file holds no YAML document",
        (file, 1, 1),
        fix="add 'svcchain: 1' and its people, teams or services, or remove the file",
        code="SC002",
    )


def _resolved(problem: Problem) -> Problem:
    where = problem.where
    if not isinstance(where, Anchor):
        return problem
    source = where.origin.source
    span = source.locate_key(where.path) if where.key else source.locate(where.path)
    return replace(problem, where=(where.origin.file, span.line, span.column))


def result_of(loaded: LoadedFile, walked: bool, today: datetime.date) -> FileResult:
    """Validate what the loader read (the engine's steps, in its order)."""
    problems = list(loaded.problems)
    if loaded.no_document:
        problems.append(no_document(loaded.path))
    stray = walked and not has_marker(loaded.documents)  # maybe not a chain file at all
    documents = []
    for document in loaded.documents:
        schema_problems, data = validate_document(document, stray, today)
        problems.extend(schema_problems)
        if data is not None:
            documents.append((document.origin, data))
        document.data = None
    return FileResult(loaded.path, [_resolved(p) for p in problems], loaded.directives, documents)


def check_bytes(display: str, data: bytes, walked: bool, limits: Limits, today: datetime.date) -> FileResult:
    """``loader.load_file`` on bytes already read, then ``result_of``."""
    problem = decode_problem(display, data)
    if problem is not None:
        return result_of(LoadedFile(display, problems=[problem]), walked, today)
    loaded = parse(display, data, limits)
    loaded.directives = find_directives(data)
    return result_of(loaded, walked, today)


#: A value to put back: the list or mapping that holds it, its key, the value.
Patch = tuple[Any, Any, Any]


def _plain_data(data: dict[Any, Any]) -> tuple[list[tuple[tuple[Any, ...], tuple[Any, ...]]], list[Patch]]:
    """Where ``data`` holds a value marshal cannot hold: (path, tag) of each, and what to replace.

    Nothing is changed here: the caller replaces the values (``_swap``) once the whole result packs.
    """
    tags: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
    found: list[Patch] = []
    seen: set[int] = set()
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:  # an alias: the same object, patched once (marshal keeps it shared)
            continue
        seen.add(id(node))
        for key, value in node.items() if isinstance(node, dict) else enumerate(node):
            if type(key) not in (str, int):  # only ever text (validation prunes other keys)
                raise Unpackable(f"a key of type {type(key).__name__}")
            if type(value) in (dict, list):
                stack.append((value, (*path, key)))
            elif type(value) not in PLAIN:
                tag = tag_of(value)
                if tag is None:
                    raise Unpackable(f"a value of type {type(value).__name__}")
                tags.append(((*path, key), tag))
                found.append((node, key, value))
    return tags, found


def _swap(patches: list[Patch], restore: bool = False) -> None:
    for node, key, value in patches:
        node[key] = value if restore else None


def _patched(data: Any, patches: list[Any]) -> Any:
    for path, tag in patches:
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = from_tag(tag)
    return data


# --------------------------------------------------------------------------- pack and unpack


def pack(result: FileResult) -> bytes:
    """The plain form of a result; raises ``Unpackable`` (and leaves the result as it was) when it has none."""
    problems = []
    for p in result.problems:
        file, line, column = p.where  # type: ignore[misc] # resolved by result_of
        problems.append(
            (p.message, file, line, column, p.fix, p.service, p.link, p.subject, p.code, p.asset, p.requirement)
        )
    directives = [d.plain() for d in result.directives]
    documents: list[tuple[int, dict[str, Any], list[Any], bytes]] = [
        (origin.index, data, [], packed_positions(origin.source)) for origin, data in result.documents
    ]
    try:
        return marshal.dumps((PACK_VERSION, result.file, problems, directives, documents), _MARSHAL)
    except ValueError:  # a date, a pruned value, ...: tag them (below), or too deep for marshal
        pass
    swapped: list[Patch] = []
    for _, data, tags, _ in documents:
        found_tags, found = _plain_data(data)
        tags += found_tags
        swapped += found
    _swap(swapped)
    try:
        return marshal.dumps((PACK_VERSION, result.file, problems, directives, documents), _MARSHAL)
    except ValueError as exc:
        raise Unpackable(str(exc)) from None
    finally:
        _swap(swapped, restore=True)


_OPTIONAL_TEXT = (str, type(None))


def _problem(item: Any) -> Problem:
    message, file, line, column, fix, service, link, subject, code, asset, requirement = item
    if not (
        type(message) is type(file) is type(fix) is type(subject) is type(code) is str
        and type(line) is type(column) is int
        and all(type(value) in _OPTIONAL_TEXT for value in (service, link, asset, requirement))
    ):
        raise ValueError("a problem of the wrong shape")
    return Problem(message, (file, line, column), fix, service, link, subject, code, asset, requirement)


def _document(file: str, item: Any) -> tuple[Origin, dict[str, Any]]:
    index, data, tags, positions = item
    if not (type(index) is int and type(data) is dict and type(tags) is list and type(positions) is bytes):
        raise ValueError("a document of the wrong shape")
    return Origin(file, index, PackedSourceMap(positions)), _patched(data, tags)


def unpack(blob: bytes) -> FileResult:
    """A result from ``pack``'s bytes; anything else raises an exception (``ValueError`` and the like).

    The shape is checked as far as the engine relies on it (problems, directives,
    documents); the data itself is what ``pack`` wrote when the bytes come from
    a worker or from a cache entry whose checksum held (see ``cache``).
    """
    version, file, problems, directives, documents = marshal.loads(blob)
    if version != PACK_VERSION or type(file) is not str:
        raise ValueError("not a packed file result of this version")
    return FileResult(
        file,
        [_problem(item) for item in problems],
        [Directive.from_plain(item) for item in directives],
        [_document(file, item) for item in documents],
    )
