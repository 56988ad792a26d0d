"""The owner directory's entries: people and teams known to the organisation but not modelled in chain files.

Read from the files ``directory = [...]`` names (``svcchain.directory``);
the check takes them as declared owners (no SC102) without holding them to
the rules of chain files.  Plain data, so every layer may hold it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class DirectoryPerson:
    id: str
    file: str
    line: int
    name: str | None = None
    email: str | None = None
    manager: str | None = None
    active_until: datetime.date | None = None
    github: str | None = None  # a login, without '@'


@dataclass(frozen=True, slots=True)
class DirectoryTeam:
    id: str
    file: str
    line: int
    name: str | None = None
    members: tuple[str, ...] = ()
    github: str | None = None  # org/slug, without '@'


@dataclass
class Directory:
    """Every directory file's people and teams, by id (the first entry of an id wins, across files)."""

    people: dict[str, DirectoryPerson] = field(default_factory=dict)
    teams: dict[str, DirectoryTeam] = field(default_factory=dict)
    files: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.people) + len(self.teams)
