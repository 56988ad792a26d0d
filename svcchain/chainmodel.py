"""The checked model: every document merged into one organisation.

Built from the validated (pruned) plain data by ``modelbuild.ModelBuilder``.
Entities remember the document and model path they came from, so a rule can
anchor a finding on any node.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from svcchain.findings import Anchor, Origin
from svcchain.roster import DirectoryPerson, DirectoryTeam
from svcchain.source import Path


class Ref:
    """A reference to an id, and where it is written (there are many: kept small).

    The path is built only when a finding points at it: from the path of the
    entity holding the reference (shared by all its references), the field,
    and for an entry of a list its index.
    """

    __slots__ = ("field", "holder", "index", "origin", "value")

    def __init__(self, value: str, origin: Origin, holder: Path, field: str, index: int | None = None) -> None:
        self.value = value
        self.origin = origin
        self.holder = holder  # the path of the entity that holds it
        self.field = field  # the key it is written under (for a list's entry, the list's key)
        self.index = index  # its index in that list, or None

    @property
    def path(self) -> Path:
        if self.index is None:
            return (*self.holder, self.field)
        return (*self.holder, self.field, self.index)

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)

    def __repr__(self) -> str:
        return f"Ref({self.value!r} at {self.origin.file}:{'/'.join(map(str, self.path))})"


@dataclass(slots=True, eq=False)
class Person:
    id: str
    name: str | None
    origin: Origin
    path: Path
    role: str | None = None
    email: str | None = None
    manager: Ref | None = None
    active_until: datetime.date | None = None  # the last day the person is available
    invalid: frozenset[str] = frozenset()
    github: str | None = None  # the login CODEOWNERS names them by (an extension), without '@'

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)


@dataclass(slots=True, eq=False)
class Team:
    id: str
    name: str | None
    members: list[Ref]
    facilitator: Ref | None
    origin: Origin
    path: Path
    invalid: frozenset[str] = frozenset()
    github: str | None = None  # org/team, as CODEOWNERS names it (an extension), without '@'

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)

    @property
    def distinct_members(self) -> set[str]:
        return {member.value for member in self.members}


@dataclass(slots=True)
class Measure:
    """How a link's result is measured (SC402 counts ``Link.measures``; SC404 compares target and actual)."""

    name: str
    target: str | None = None
    actual: str | None = None
    measured_on: datetime.date | None = None
    link_path: Path = ()  # the path of its link (shared: no tuple of its own per measure)
    index: int = 0

    @property
    def path(self) -> Path:
        """The measure's mapping, in the link's document."""
        return (*self.link_path, "measures", self.index)


@dataclass(slots=True)
class Requirement:
    text: str
    kind: str = "explicit"  # or "implicit" (law, norms)


@dataclass(slots=True, eq=False)
class NeedRequirement:
    """A requirement of a customer need; links name it in ``meets``."""

    id: str
    service: str
    need: str
    text: str | None
    kind: str  # "explicit" (what the customer asks) or "implicit" (what the customer takes for granted)
    source: str | None
    origin: Origin
    path: Path

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)


@dataclass(slots=True, eq=False)
class Need:
    id: str
    text: str | None
    origin: Origin
    path: Path
    requirements: list[NeedRequirement] = field(default_factory=list)

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)


@dataclass(slots=True, eq=False)
class Link:
    id: str
    service: str
    name: str | None
    owner: Ref | None
    result: str | None
    measures: int
    after: list[Ref]
    delivers: list[Ref]
    origin: Origin
    path: Path
    seq: int  # position in file order across the whole repository
    invalid: frozenset[str] = frozenset()  # fields given with a wrong value (already SC002)
    deputy: Ref | None = None
    after_any: list[Ref] = field(default_factory=list)  # alternatives: one of these inputs is enough
    meets: list[Ref] = field(default_factory=list)
    assets: list[Ref] = field(default_factory=list)
    reviewed_on: datetime.date | None = None
    # for the views: what the link states beyond its references
    description: str | None = None
    measure_list: tuple[Measure, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    #: repository globs the owner is responsible for (an extension; CODEOWNERS, SC601)
    paths: list[Ref] = field(default_factory=list)

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)

    @property
    def key(self) -> str:
        """The id that names this link across services: ``service/link``."""
        return f"{self.service}/{self.id}"

    def handoff_refs(self) -> Iterator[tuple[str, Ref]]:
        """The links it builds on: ``after`` entries, then ``after_any`` ones, each with its key."""
        for ref in self.after:
            yield "after", ref
        for ref in self.after_any:
            yield "after_any", ref


@dataclass(slots=True, eq=False)
class Service:
    id: str
    name: str | None
    owner: Ref | None
    needs: dict[str, Need]
    links: dict[str, Link]
    depends_on: list[Ref]
    origin: Origin
    path: Path
    seq: int
    invalid: frozenset[str] = frozenset()
    description: str | None = None
    customer_name: str | None = None
    reviewed_on: datetime.date | None = None
    #: the requirements of all its needs, by id (unique within the service)
    requirements: dict[str, NeedRequirement] = field(default_factory=dict)

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)


@dataclass(slots=True, eq=False)
class Asset:
    """A system, contract or place the links depend on: know what you have."""

    id: str
    name: str | None
    kind: str | None
    owner: Ref | None
    supplier: str | None
    origin: Origin
    path: Path
    invalid: frozenset[str] = frozenset()

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)


@dataclass(slots=True, eq=False)
class ChainModel:
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)
    assets: dict[str, Asset] = field(default_factory=dict)
    #: people and teams of the owner directory (``directory = [...]``) that no chain file declares:
    #: known (owners, members, deputies may name them) but not modelled (no rule checks them)
    directory_people: dict[str, DirectoryPerson] = field(default_factory=dict)
    directory_teams: dict[str, DirectoryTeam] = field(default_factory=dict)

    def owner_kind(self, owner_id: str) -> str | None:
        if owner_id in self.people:
            return "person"
        if owner_id in self.teams:
            return "team"
        return None

    def known_kind(self, owner_id: str) -> str | None:
        """``person`` or ``team`` for an id declared in a chain file or in the owner directory, else None."""
        kind = self.owner_kind(owner_id)
        if kind is None and (self.directory_people or self.directory_teams):
            if owner_id in self.directory_people:
                return "person"
            if owner_id in self.directory_teams:
                return "team"
        return kind

    def is_person(self, owner_id: str) -> bool:
        """A declared person, in a chain file or in the owner directory."""
        return owner_id in self.people or owner_id in self.directory_people

    def links(self) -> Iterable[Link]:
        for service in self.services.values():
            yield from service.links.values()

    @property
    def link_count(self) -> int:
        return sum(len(service.links) for service in self.services.values())

    def person_refs(self) -> Iterable[tuple[Ref, str]]:
        """Every reference that names a person or may name one, with its role, in file order per kind.

        Roles: ``owner`` (of a link or service), ``member``, ``facilitator``, ``deputy``, ``manager``,
        ``asset owner``.
        """
        for service in self.services.values():
            if service.owner is not None:
                yield service.owner, "owner"
            for link in service.links.values():
                if link.owner is not None:
                    yield link.owner, "owner"
                if link.deputy is not None:
                    yield link.deputy, "deputy"
        for team in self.teams.values():
            for member in team.members:
                yield member, "member"
            if team.facilitator is not None:
                yield team.facilitator, "facilitator"
        for person in self.people.values():
            if person.manager is not None:
                yield person.manager, "manager"
        for asset in self.assets.values():
            if asset.owner is not None:
                yield asset.owner, "asset owner"


#: Every entity of the model: each knows the document and model path it was declared at.
Entity = Person | Team | Need | Link | Service | Asset | NeedRequirement
