"""Packed positions and packed results answer exactly as what they were packed from.

Every node of every document of the scenarios, the examples and the YAML
test suite cases: ``locate``, ``locate_key`` and ``written_at`` of a
``PackedSourceMap`` equal the ``SourceMap``'s, for paths that exist and paths
that run past the data; the tree it rebuilds is the same tree.  A file's
result packed and unpacked holds the same problems, directives and data
(dates, unbuilt scalars and pruned values included).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from svcchain.filecheck import check_bytes, pack, unpack
from svcchain.loader import Limits, parse
from svcchain.packedpositions import PackedSourceMap, packed_positions
from svcchain.source import MapPos, SeqPos, SourceMap

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [
    ROOT / "tests" / "scenarios",
    ROOT / "examples",
    ROOT / "tests" / "hostile" / "data",
    ROOT / "chains",
]
FILES = sorted(path for folder in FOLDERS for path in folder.rglob("*") if path.suffix in (".yaml", ".yml"))


def _paths(node, path=()):
    yield path
    if isinstance(node, MapPos):
        for key, child in node.values.items():
            yield from _paths(child, (*path, key))
        yield (*path, "no-such-key")
    elif isinstance(node, SeqPos):
        for index, child in enumerate(node.items):
            yield from _paths(child, (*path, index))
        yield (*path, len(node.items))
        yield (*path, "text")
    else:
        yield (*path, 0)


def _same_tree(a, b) -> bool:
    if isinstance(a, int) or isinstance(b, int):
        return a == b and type(a) is type(b)
    if isinstance(a, SeqPos):
        return (
            isinstance(b, SeqPos)
            and a.pos == b.pos
            and len(a.items) == len(b.items)
            and all(_same_tree(x, y) for x, y in zip(a.items, b.items, strict=True))
        )
    return (
        isinstance(b, MapPos)
        and a.pos == b.pos
        and list(a.keys.items()) == list(b.keys.items())
        and list(a.values) == list(b.values)
        and all(_same_tree(a.values[k], b.values[k]) for k in a.values)
    )


def test_the_corpus_is_there():
    assert len(FILES) > 150


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_packed_positions_answer_as_the_tree_does(path):
    loaded = parse(str(path), path.read_bytes(), Limits())
    for document in loaded.documents:
        source: SourceMap = document.origin.source
        packed = PackedSourceMap(packed_positions(source))
        for node_path in _paths(source.root):
            assert packed.locate(node_path) == source.locate(node_path), node_path
            assert packed.locate_key(node_path) == source.locate_key(node_path), node_path
            assert packed.written_at(node_path) == source.written_at(node_path), node_path
        assert packed.written == source.written
        assert _same_tree(packed.root, source.root)


def test_keys_without_a_plain_form_are_found_too():
    text = b"svcchain: 1\n2026-01-02: a date key\n1.5: a number key\n? !!binary aGk=\n: bytes\ntrue: yes\n"
    source = parse("keys.yaml", text, Limits()).documents[0].origin.source
    packed = PackedSourceMap(packed_positions(source))
    for key in (datetime.date(2026, 1, 2), 1.5, b"hi", True, 1, "svcchain", "missing"):
        assert packed.locate_key((key,)) == source.locate_key((key,)), key
        assert packed.locate((key,)) == source.locate((key,)), key


@pytest.mark.parametrize("path", [p for p in FILES if "scenarios" in p.parts or "examples" in p.parts][:400])
def test_a_result_packed_and_unpacked_is_the_same(path):
    data = path.read_bytes()
    made = check_bytes(str(path), data, True, Limits(), datetime.date(2026, 6, 1))
    again = unpack(pack(made))
    fresh = check_bytes(str(path), data, True, Limits(), datetime.date(2026, 6, 1))  # pack left ``made`` as it was
    assert again.problems == fresh.problems == made.problems
    assert again.directives == fresh.directives
    assert [data for _, data in again.documents] == [data for _, data in fresh.documents]
    assert [data for _, data in made.documents] == [data for _, data in fresh.documents]
    for (packed, _), (origin, _) in zip(again.documents, fresh.documents, strict=True):
        assert (packed.file, packed.index) == (origin.file, origin.index)
        assert _same_tree(packed.source.root, origin.source.root)


def test_dates_unbuilt_values_and_pruned_values_survive_packing():
    text = (
        b"svcchain: 1\n"
        b"people:\n"
        b"  - {id: ann, name: Ann, active_until: 2026-02-30}\n"
        b"  - {id: bob, name: Bob, active_until: 2027-01-01}\n"
        b"  - {id: 5, name: Cy}\n"
        b"services:\n"
        b"  - id: s\n    owner: ann\n    reviewed_on: 2030-01-01\n    links: [{id: l, owner: bob, result: r,"
        b" measures: [{name: m, measured_on: 2026-01-01T10:00:00+02:00}]}]\n"
    )
    made = check_bytes("x.yaml", text, False, Limits(), datetime.date(2026, 6, 1))
    again = unpack(pack(made))
    assert [data for _, data in again.documents] == [data for _, data in made.documents]
    assert again.problems == made.problems
