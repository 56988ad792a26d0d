"""Reading a Backstage catalog: files and folders, multi-document YAML, ``Location`` entities followed.

Files are read as chain files are (``loader``): a regular file within the
size limit, UTF-8, with bounded nesting, aliases and tags; every failure is
a note, never an exception.  A ``Location``'s targets are read relative to
the file that declares it (globs allowed, as Backstage's file reader allows
them); each file is read once, so a loop of Locations ends.  A target that
leads out of the repository around the paths given (the folder holding
``.git``, else the path's own folder) is not read unless ``follow`` is set:
a catalog in a pull request must not make the import read other files of
the machine.  URL targets are not fetched.
"""

from __future__ import annotations

import glob
import os
import posixpath
import re
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from svcchain.discover import discover, repository_root
from svcchain.findings import Problem
from svcchain.importing.emit import is_generated
from svcchain.importing.entities import Entity, Note
from svcchain.importing.refs import DEFAULT_NAMESPACE, canonical_kind
from svcchain.loader import WITH_LIBYAML, Limits, parse
from svcchain.reading import decode_problem, read_bytes
from svcchain.source import Path

_GLOB = re.compile(r"[*?[]")


@dataclass
class Catalog:
    entities: list[Entity] = field(default_factory=list)
    #: entities read per kind, Locations included
    read: Counter[str] = field(default_factory=Counter)
    #: the files read, as displayed
    files: list[str] = field(default_factory=list)
    #: documents that hold no entity, and why
    skipped: list[Note] = field(default_factory=list)
    #: what could not be read: files, documents, Location targets
    problems: list[Note] = field(default_factory=list)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _inside(root: str, real: str) -> bool:
    try:
        return os.path.commonpath([root, real]) == root
    except ValueError:  # different drives on Windows
        return False


class _Reader:
    def __init__(self, paths: Sequence[str], follow: bool, limits: Limits) -> None:
        self.out = Catalog()
        self.follow = follow
        self.limits = limits
        self.roots = [repository_root(p if os.path.isdir(p) else os.path.dirname(os.path.abspath(p))) for p in paths]
        self.seen: set[str] = set()
        self.queue: deque[tuple[str, str]] = deque()

    def run(self, paths: Sequence[str]) -> Catalog:
        found = discover(list(paths), follow=self.follow)  # UsageError for a path that does not exist
        for problem in found.problems():
            file, line, column = problem.where if isinstance(problem.where, tuple) else (str(problem.where), 1, 1)
            self.out.problems.append(Note(file, line, column, problem.message))
        for ref in found.files:
            real = os.path.realpath(ref.fs_path)
            if real not in self.seen:
                self.seen.add(real)
                self.queue.append((ref.display, ref.fs_path))
        while self.queue:
            self.read_file(*self.queue.popleft())
        return self.out

    def read_file(self, display: str, fs_path: str) -> None:
        data, problem = read_bytes(display, fs_path, self.limits.max_file_bytes)
        if problem is None and data is not None:
            problem = decode_problem(display, data)
        if problem is not None or data is None:
            self.out.problems.append(
                _note(display, problem) if problem else Note(display, 1, 1, "cannot read the file")
            )
            return
        if is_generated(data):
            self.out.skipped.append(Note(display, 1, 1, "written by an earlier svcchain import: not read"))
            return
        self.out.files.append(display)
        loaded = parse(display, data, self.limits)
        self.out.problems.extend(_note(display, found) for found in loaded.problems)
        if loaded.no_document:
            self.out.skipped.append(Note(display, 1, 1, "the file holds no YAML document"))
        if b"x-" in data:
            self._extension_keys(display, data)
        for document in loaded.documents:
            self.document(display, fs_path, document.data, document.origin.source)

    def _extension_keys(self, display: str, data: bytes) -> None:
        """A note for the first mapping key that starts with ``x-``: svcchain's loader keeps such keys out of its data."""
        keys = _x_keys(data)
        if keys:
            line, column, key = keys[0]
            more = f" (and {len(keys) - 1} more in this file)" if len(keys) > 1 else ""
            text = f"key '{key}' is not imported{more}: svcchain reads keys starting with 'x-' as its own metadata"
            self.out.problems.append(Note(display, line, column, text))

    def document(self, display: str, fs_path: str, data: Any, source: Any) -> None:
        span = source.locate(())

        def skip(text: str, *path: Any) -> None:
            at = source.locate(path) if path else span
            self.out.skipped.append(Note(display, at.line, at.column, text))

        if not isinstance(data, dict):
            return skip("the document is not a mapping, so no Backstage entity")
        kind, metadata = _text(data.get("kind")), data.get("metadata")
        if kind is None:
            return skip("the document has no 'kind', so it is no Backstage entity")
        if not isinstance(metadata, dict) or _text(metadata.get("name")) is None:
            return skip(f"the {kind} has no metadata.name", "metadata")
        namespace = metadata.get("namespace", DEFAULT_NAMESPACE)
        if _text(namespace) is None:
            return skip(f"the {kind} has a metadata.namespace that is not text", "metadata", "namespace")
        kind = canonical_kind(kind)
        self.out.read[kind] += 1
        if kind == "Location":
            self.location(display, fs_path, data, source)
            return None
        self.out.entities.append(Entity(kind, namespace, metadata["name"], data, display, source))
        return None

    def _allowed(self, path: str) -> bool:
        real = os.path.realpath(path)
        return self.follow or any(_inside(root, real) for root in self.roots)

    def location(self, display: str, fs_path: str, data: dict[Any, Any], source: Any) -> None:
        spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
        assert isinstance(spec, dict)
        kind, optional = spec.get("type"), spec.get("presence") == "optional"
        targets: list[tuple[Any, Path]] = []
        if "target" in spec:
            targets.append((spec["target"], ("spec", "target")))
        if isinstance(spec.get("targets"), list):
            targets.extend((value, ("spec", "targets", i)) for i, value in enumerate(spec["targets"]))
        for value, path in targets:
            at = source.locate(path)

            def problem(text: str, line: int = at.line, column: int = at.column) -> None:
                self.out.problems.append(Note(display, line, column, text))

            if _text(value) is None:
                problem("a Location target that is not text is not read")
            elif (kind is not None and kind != "file") or "://" in value:
                problem(f"Location target '{value}' is not read: the import reads files, not URLs")
            else:
                self.target(display, fs_path, value, optional, problem)

    def target(self, display: str, fs_path: str, value: str, optional: bool, problem: Any) -> None:
        folder, shown_folder = os.path.dirname(fs_path), posixpath.dirname(display)
        if _GLOB.search(value):
            pattern = os.path.join(folder, value)
            first = _GLOB.search(pattern)
            start = os.path.dirname(pattern[: first.start() if first else len(pattern)])
            if not self._allowed(start):  # never walk a folder out of the repository
                problem(f"Location target '{value}' is not read: it leads out of the repository being imported")
                return
            matches = sorted(m for m in glob.glob(pattern, recursive=True) if os.path.isfile(m))
            if not matches and not optional:
                problem(f"Location target '{value}' matches no file")
            found = [(m, os.path.relpath(m, folder).replace(os.sep, "/")) for m in matches]
        else:
            found = [(os.path.join(folder, value), value)]
        for candidate, relative in found:
            shown = posixpath.normpath(posixpath.join(shown_folder, relative))
            real = os.path.realpath(candidate)
            if not self._allowed(real):
                problem(
                    f"Location target '{value}' is not read: it leads out of the repository being imported "
                    "(run with --follow if reading it is intended)"
                )
                continue
            if not os.path.lexists(candidate):
                if not optional:
                    problem(f"Location target '{value}' does not exist ({shown})")
                continue
            if os.path.isdir(candidate):
                problem(f"Location target '{value}' is a folder; a Location names files")
                continue
            if real not in self.seen:
                self.seen.add(real)
                self.queue.append((shown, candidate))


def _note(display: str, problem: Problem) -> Note:
    file, line, column = problem.where if isinstance(problem.where, tuple) else (display, 1, 1)
    return Note(file, line, column, problem.message)


def _x_keys(data: bytes) -> list[tuple[int, int, str]]:
    """Mapping keys that start with ``x-``, with their 1-based line and column, up to a syntax error.

    Only libyaml's events are read: no aliases expand, nothing is built.
    """
    loader = yaml.CSafeLoader(data) if WITH_LIBYAML else yaml.SafeLoader(data.decode("utf-8-sig"))
    found: list[tuple[int, int, str]] = []
    stack: list[list[bool]] = []  # per open collection: [is a mapping, the next node is a key]
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return found
            in_mapping = bool(stack) and stack[-1][0]
            at_key = in_mapping and stack[-1][1]
            if in_mapping and isinstance(event, yaml.CollectionStartEvent | yaml.ScalarEvent | yaml.AliasEvent):
                stack[-1][1] = not stack[-1][1]
            mark = event.start_mark
            if isinstance(event, yaml.ScalarEvent) and at_key and event.value.startswith("x-") and mark is not None:
                found.append((mark.line + 1, mark.column + 1, event.value))
            if isinstance(event, yaml.MappingStartEvent):
                stack.append([True, True])
            elif isinstance(event, yaml.SequenceStartEvent):
                stack.append([False, False])
            elif isinstance(event, yaml.CollectionEndEvent) and stack:
                stack.pop()
    except yaml.YAMLError:  # the loader reported it
        return found
    finally:
        loader.dispose()


def read_catalog(paths: Sequence[str], follow: bool = False, limits: Limits = Limits()) -> Catalog:
    """Every entity in the files and folders at ``paths`` and the files their Locations name.

    Raises ``discover.UsageError`` when a path does not exist.
    """
    return _Reader(paths, follow, limits).run(paths)
