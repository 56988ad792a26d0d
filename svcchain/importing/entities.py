"""What the reader hands the mapping: Backstage entities with their place, and notes for the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from svcchain.importing.refs import Ref
from svcchain.source import SourceMap


@dataclass(frozen=True)
class Note:
    """One line of the import's summary, at a place in a catalog file."""

    file: str
    line: int
    column: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.text}"


@dataclass(frozen=True, eq=False)
class Entity:
    """One catalog entity: its kind (built-in kinds as Backstage spells them), namespace, name and data."""

    kind: str
    namespace: str
    name: str
    data: dict[Any, Any]
    file: str
    source: SourceMap | None = field(default=None, repr=False)

    @property
    def ref(self) -> Ref:
        return Ref(self.kind, self.namespace, self.name)

    @property
    def spec(self) -> dict[Any, Any]:
        spec = self.data.get("spec")
        return spec if isinstance(spec, dict) else {}

    @property
    def metadata(self) -> dict[Any, Any]:
        metadata = self.data.get("metadata")
        return metadata if isinstance(metadata, dict) else {}

    def note(self, text: str, *path: Any) -> Note:
        """A note at the node ``path`` of this entity (its mapping when the path is empty or missing)."""
        if self.source is None:
            return Note(self.file, 1, 1, text)
        span = self.source.locate(path)
        return Note(self.file, span.line, span.column, text)
