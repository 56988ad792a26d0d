"""What the chain files keep under ``x-backstage``: read back for ``svcchain export backstage``.

svcchain's loader keeps ``x-`` keys out of the model, so the export reads them
from the files a second time.  Only files the loader read without a problem
are read again (so the size, nesting, alias and tag limits held, and no key
repeats), with PyYAML's safe loader, which builds each aliased value once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from svcchain.chainmodel import ChainModel
from svcchain.discover import FileRef
from svcchain.exporting.backstage import Kept
from svcchain.loader import Limits, load_file

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def _documents(ref: FileRef, limits: Limits) -> list[Any] | None:
    loaded = load_file(ref.display, ref.fs_path, limits)
    if loaded.problems:
        return None
    try:
        with open(ref.fs_path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
        return [document for document in yaml.load_all(data, Loader=_Loader) if document is not None]
    except (OSError, yaml.YAMLError, RecursionError):
        return None


def _at(documents: dict[str, list[Any]], file: str, index: int, path: tuple[Any, ...]) -> dict[str, Any]:
    node: Any = documents.get(file) or []
    node = node[index] if index < len(node) else None
    for step in path:
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return {}
    kept = node.get("x-backstage") if isinstance(node, dict) else None
    return kept if isinstance(kept, dict) else {}


def read_kept(model: ChainModel, files: Sequence[FileRef], limits: Limits = Limits()) -> tuple[Kept, list[str]]:
    """Every entity's ``x-backstage``, and the files that could not be read again (by display path)."""
    documents: dict[str, list[Any]] = {}
    unread: list[str] = []
    for ref in files:
        found = _documents(ref, limits)
        if found is None:
            unread.append(ref.display)
        else:
            documents[ref.display] = found
    kept = Kept()
    for person in model.people.values():
        kept.people[person.id] = _at(documents, person.origin.file, person.origin.index, person.path)
    for team in model.teams.values():
        kept.teams[team.id] = _at(documents, team.origin.file, team.origin.index, team.path)
    for service in model.services.values():
        kept.services[service.id] = _at(documents, service.origin.file, service.origin.index, service.path)
        for link in service.links.values():
            kept.links[link.key] = _at(documents, link.origin.file, link.origin.index, link.path)
    for file_documents in documents.values():
        for document in file_documents:
            entries = document.get("x-backstage-domains") if isinstance(document, dict) else None
            if isinstance(entries, list):
                kept.domains.extend(entry for entry in entries if isinstance(entry, dict))
    for table in (kept.people, kept.teams, kept.services, kept.links):
        for key in [key for key, value in table.items() if not value]:
            del table[key]
    return kept, unread
