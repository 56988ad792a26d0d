"""The checked model: every document merged into one organisation.

Built from the validated (pruned) plain data.  Entities remember the document
and model path they came from, so a rule can anchor a finding on any node.
Repeated ids (SC003) are found here: the first occurrence is the one modelled.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from svcchain.findings import Anchor, Origin, Problem
from svcchain.pruned import PRUNED
from svcchain.source import Path


class Ref(NamedTuple):
    """A reference to an id, and where it is written (a tuple: there are many)."""

    value: str
    origin: Origin
    path: Path

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)


@dataclass(slots=True, eq=False)
class Person:
    id: str
    name: str | None
    origin: Origin
    path: Path
    role: str | None = None
    email: str | None = None

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

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)

    @property
    def distinct_members(self) -> set[str]:
        return {member.value for member in self.members}


@dataclass(slots=True, frozen=True)
class Measure:
    """How a link's result is measured (for the views; SC402 counts ``Link.measures``)."""

    name: str
    target: str | None = None


@dataclass(slots=True, frozen=True)
class Requirement:
    text: str
    kind: str = "explicit"  # or "implicit" (law, norms)


@dataclass(slots=True, eq=False)
class Need:
    id: str
    text: str | None
    origin: Origin
    path: Path

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
    # for the views: what the link states beyond its references
    description: str | None = None
    measure_list: tuple[Measure, ...] = ()
    assets: tuple[str, ...] = ()
    requirements: tuple[Requirement, ...] = ()

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)

    @property
    def key(self) -> str:
        """The id that names this link across services: ``service/link``."""
        return f"{self.service}/{self.id}"


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

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.origin, self.path)


@dataclass(slots=True, eq=False)
class ChainModel:
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    services: dict[str, Service] = field(default_factory=dict)

    def owner_kind(self, owner_id: str) -> str | None:
        if owner_id in self.people:
            return "person"
        if owner_id in self.teams:
            return "team"
        return None

    def links(self) -> Iterable[Link]:
        for service in self.services.values():
            yield from service.links.values()

    @property
    def link_count(self) -> int:
        return sum(len(service.links) for service in self.services.values())


#: Every entity of the model: each knows the document and model path it was declared at.
Entity = Person | Team | Need | Link | Service


# --------------------------------------------------------------------------- building


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _ref(value: Any, origin: Origin, path: Path) -> Ref | None:
    return Ref(value, origin, path) if isinstance(value, str) and value != "" else None


def _refs(values: Any, origin: Origin, path: Path) -> list[Ref]:
    if not isinstance(values, list):
        return []
    return [
        Ref(value, origin, (*path, index))
        for index, value in enumerate(values)
        if isinstance(value, str) and value != ""
    ]


def _invalid(item: dict[str, Any]) -> frozenset[str]:
    return frozenset(key for key, value in item.items() if value is PRUNED)


def _items(values: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(values, list):
        for index, item in enumerate(values):
            if item is not PRUNED and isinstance(item, dict):
                yield index, item


class ModelBuilder:
    """Merges validated documents, in file order, into one ``ChainModel``."""

    def __init__(self) -> None:
        self.model = ChainModel()
        self.problems: list[Problem] = []
        self._seq = 0

    def _where(self, origin: Origin, path: Path) -> str:
        span = origin.source.locate(path)
        return f"{origin.file}:{span.line}:{span.column}"

    def _duplicate(
        self,
        noun: str,
        ident: str,
        origin: Origin,
        path: Path,
        first: Entity,
        scope: str = "",
        first_noun: str | None = None,
        service: str | None = None,
        link: str | None = None,
    ) -> None:
        where = self._where(first.origin, (*first.path, "id"))
        if first_noun and first_noun != noun:
            message = f"{noun} '{ident}' has the same id as the {first_noun} declared at {where}"
            fix = "people and teams share one namespace: rename one of them"
        else:
            message = f"{noun} '{ident}'{scope} is declared again (first at {where})"
            fix = "remove the repeat or give it its own id"
        self.problems.append(
            Problem(
                message,
                Anchor(origin, (*path, "id")),
                fix=fix,
                service=service,
                link=link,
                subject=f"{noun}:{ident}",
                code="SC003",
            )
        )

    def add(self, origin: Origin, data: dict[str, Any]) -> None:
        # people and teams share one namespace: take the sections in file order,
        # so the first declaration of an id is the one modelled
        for section in [key for key in data if key in ("people", "teams")]:
            if section == "people":
                self._add_people(origin, data)
            else:
                self._add_teams(origin, data)
        self._add_services(origin, data)

    def _add_people(self, origin: Origin, data: dict[str, Any]) -> None:
        model = self.model
        for index, item in _items(data.get("people")):
            ident = _text(item.get("id"))
            if ident is None:
                continue
            path = ("people", index)
            first = model.people.get(ident) or model.teams.get(ident)
            if first is not None:
                self._duplicate(
                    "person", ident, origin, path, first, first_noun="team" if ident in model.teams else "person"
                )
                continue
            model.people[ident] = Person(
                ident,
                _text(item.get("name")),
                origin,
                path,
                role=_text(item.get("role")),
                email=_text(item.get("email")),
            )

    def _add_teams(self, origin: Origin, data: dict[str, Any]) -> None:
        model = self.model
        for index, item in _items(data.get("teams")):
            ident = _text(item.get("id"))
            if ident is None:
                continue
            path = ("teams", index)
            first = model.teams.get(ident) or model.people.get(ident)
            if first is not None:
                self._duplicate(
                    "team", ident, origin, path, first, first_noun="person" if ident in model.people else "team"
                )
                continue
            model.teams[ident] = Team(
                ident,
                _text(item.get("name")),
                _refs(item.get("members"), origin, (*path, "members")),
                _ref(item.get("facilitator"), origin, (*path, "facilitator")),
                origin,
                path,
                _invalid(item),
            )

    def _add_services(self, origin: Origin, data: dict[str, Any]) -> None:
        model = self.model
        for index, item in _items(data.get("services")):
            ident = _text(item.get("id"))
            if ident is None:
                continue
            path = ("services", index)
            if ident in model.services:
                self._duplicate("service", ident, origin, path, model.services[ident], service=ident)
                continue
            model.services[ident] = self._service(ident, item, origin, path)

    def _service(self, ident: str, item: dict[str, Any], origin: Origin, path: Path) -> Service:
        self._seq += 1
        service = Service(
            ident,
            _text(item.get("name")),
            _ref(item.get("owner"), origin, (*path, "owner")),
            {},
            {},
            _refs(item.get("depends_on"), origin, (*path, "depends_on")),
            origin,
            path,
            self._seq,
            _invalid(item),
            description=_text(item.get("description")),
            customer_name=_text(item.get("customer", {}).get("name"))
            if isinstance(item.get("customer"), dict)
            else None,
        )
        customer = item.get("customer")
        if isinstance(customer, dict) and customer.get("needs") is PRUNED:
            service.invalid = service.invalid | {"customer"}
        if isinstance(customer, dict):
            needs_path = (*path, "customer", "needs")
            for index, need in _items(customer.get("needs")):
                need_id = _text(need.get("id"))
                if need_id is None:
                    continue
                need_path = (*needs_path, index)
                if need_id in service.needs:
                    self._duplicate(
                        "need",
                        need_id,
                        origin,
                        need_path,
                        service.needs[need_id],
                        scope=f" of service '{ident}'",
                        service=ident,
                    )
                    continue
                service.needs[need_id] = Need(need_id, _text(need.get("text")), origin, need_path)
        for index, link in _items(item.get("links")):
            link_id = _text(link.get("id"))
            if link_id is None:
                continue
            link_path = (*path, "links", index)
            if link_id in service.links:
                self._duplicate(
                    "link",
                    link_id,
                    origin,
                    link_path,
                    service.links[link_id],
                    scope=f" of service '{ident}'",
                    service=ident,
                    link=link_id,
                )
                continue
            self._seq += 1
            measures = link.get("measures")
            measure_count = len(measures) if isinstance(measures, list) else 0
            service.links[link_id] = Link(
                link_id,
                ident,
                _text(link.get("name")),
                _ref(link.get("owner"), origin, (*link_path, "owner")),
                _text(link.get("result")),
                measure_count,
                _refs(link.get("after"), origin, (*link_path, "after")),
                _refs(link.get("delivers"), origin, (*link_path, "delivers")),
                origin,
                link_path,
                self._seq,
                _invalid(link),
                description=_text(link.get("description")),
                measure_list=tuple(
                    Measure(name, _text(measure.get("target")))
                    for _, measure in _items(measures)
                    if (name := _text(measure.get("name"))) is not None
                ),
                assets=tuple(asset for asset in link.get("assets") or () if _text(asset) is not None)
                if isinstance(link.get("assets"), list)
                else (),
                requirements=tuple(
                    Requirement(text, kind if kind in ("explicit", "implicit") else "explicit")
                    for _, requirement in _items(link.get("requirements"))
                    if (text := _text(requirement.get("text"))) is not None
                    for kind in (requirement.get("kind") or "explicit",)
                ),
            )
        return service
