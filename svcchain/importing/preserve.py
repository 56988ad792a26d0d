"""``x-backstage``: what an import keeps of an entity that no svcchain field holds.

The entity keeps its own shape (``apiVersion``, ``kind``, ``metadata``,
``spec``, ...) with the fields the import mapped taken out, so nothing it
does not map is lost and nothing is invented.  What a hostile file could
blow up when written out without YAML aliases (a long text repeated by
aliases, nesting near the loader's limit) is bounded: such an entity keeps
only its kind and name and says why.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from svcchain.importing.entities import Entity

#: The most an entity's kept data may hold, written out: nodes, characters of text, nesting levels.
MAX_NODES = 100_000
MAX_CHARS = 2_000_000
MAX_DEPTH = 60

Path = tuple[Any, ...]
_GONE = object()


def leftover(entity: Entity, consumed: Collection[Path]) -> tuple[dict[Any, Any], str | None]:
    """The entity's data without the ``consumed`` paths (emptied mappings dropped), and why it was cut, if it was."""
    kept = _without(entity.data, (), consumed)
    out: dict[Any, Any] = kept if isinstance(kept, dict) else {}
    why = too_large(out)
    if why is None:
        return out, None
    metadata = {"name": entity.name, "namespace": entity.namespace}
    return {"kind": entity.kind, "metadata": metadata, "omitted": f"the rest of the entity is {why}"}, why


def _without(value: Any, path: Path, consumed: Collection[Path]) -> Any:
    if path in consumed:
        return _GONE
    if isinstance(value, dict) and any(len(c) > len(path) and c[: len(path)] == path for c in consumed):
        kept = {}
        for key, item in value.items():
            rest = _without(item, (*path, key), consumed)
            if rest is not _GONE:
                kept[key] = rest
        return kept if kept or not path else _GONE
    return value


def too_large(value: Any) -> str | None:
    """Why ``value`` is too large to write out (counting what aliases repeat), or None."""
    nodes = chars = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return f"over {MAX_NODES:,} values written out"
        if depth > MAX_DEPTH:
            return f"nested deeper than {MAX_DEPTH} levels"
        if isinstance(item, dict):
            for key, child in item.items():
                chars += len(key) if isinstance(key, str | bytes) else 0
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str | bytes):
            chars += len(item)
        if chars > MAX_CHARS:
            return f"over {MAX_CHARS:,} characters written out"
    return None
