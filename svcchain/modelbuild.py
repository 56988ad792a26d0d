"""Building the checked model: validated documents, in file order, into one ``ChainModel``.

Built from the validated (pruned) plain data: every value here has the type
the format gives it, or is ``PRUNED`` (already SC002) or missing.  Repeated ids
(SC003) are found here: the first occurrence is the one modelled.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Iterator
from typing import Any

from svcchain.chainmodel import (
    Asset,
    ChainModel,
    Entity,
    Link,
    Measure,
    Need,
    NeedRequirement,
    Person,
    Ref,
    Requirement,
    Service,
    Team,
)
from svcchain.findings import Anchor, Origin, Problem
from svcchain.pruned import PRUNED
from svcchain.source import Path


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


def _date(value: Any) -> datetime.date | None:
    return value if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime) else None


def _handle(value: Any) -> str | None:
    """A ``github:`` handle without its ``@``."""
    return value.lstrip("@") if isinstance(value, str) and value.lstrip("@") else None


def _id(value: str) -> str:
    """An id, shared: the same id written in many places (owners, handoffs, link ids in many
    services) is one string in the model, not one per mention."""
    return sys.intern(value) if type(value) is str else value


def _ref(value: Any, origin: Origin, holder: Path, key: str) -> Ref | None:
    return Ref(_id(value), origin, holder, key) if isinstance(value, str) and value != "" else None


#: The references of an absent or empty list: one shared empty list (the model is never changed after it is built).
_NO_REFS: list[Ref] = []


def _refs(values: Any, origin: Origin, holder: Path, key: str) -> list[Ref]:
    if not isinstance(values, list) or not values:
        return _NO_REFS
    return [
        Ref(_id(value), origin, holder, key, index)
        for index, value in enumerate(values)
        if isinstance(value, str) and value != ""
    ]


#: No field given with a wrong value: one shared empty set (each new one costs 216 bytes, for every entity).
_NOTHING_INVALID: frozenset[str] = frozenset()


def _invalid(item: dict[str, Any]) -> frozenset[str]:
    if PRUNED not in item.values():  # the common case, answered in C (the marker equals only itself)
        return _NOTHING_INVALID
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
        **context: str,
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
                subject=f"{noun}:{ident}",
                code="SC003",
                **context,
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
        self._add_assets(origin, data)
        self._add_services(origin, data)

    def _new_ids(
        self,
        origin: Origin,
        data: dict[str, Any],
        section: str,
        noun: str,
        namespace: tuple[tuple[dict[str, Any], str], ...],
        context: str | None = None,
    ) -> Iterator[tuple[str, Path, dict[str, Any]]]:
        """The items of ``section`` whose id is new in its ``namespace`` ((entities, noun) pairs, the
        section's own first); each repeat is SC003, naming the first declaration."""
        for index, item in _items(data.get(section)):
            ident = _text(item.get("id"))
            if ident is None:
                continue
            path = (section, index)
            found = next(((entities[ident], kind) for entities, kind in namespace if ident in entities), None)
            if found is None:
                yield ident, path, item
                continue
            extra = {context: ident} if context else {}
            self._duplicate(noun, ident, origin, path, found[0], first_noun=found[1], **extra)

    def _add_people(self, origin: Origin, data: dict[str, Any]) -> None:
        model = self.model
        namespace = ((model.people, "person"), (model.teams, "team"))
        for ident, path, item in self._new_ids(origin, data, "people", "person", namespace):
            model.people[ident] = Person(
                ident,
                _text(item.get("name")),
                origin,
                path,
                role=_text(item.get("role")),
                email=_text(item.get("email")),
                manager=_ref(item.get("manager"), origin, path, "manager"),
                active_until=_date(item.get("active_until")),
                invalid=_invalid(item),
                github=_handle(item.get("github")),
            )

    def _add_teams(self, origin: Origin, data: dict[str, Any]) -> None:
        model = self.model
        namespace = ((model.teams, "team"), (model.people, "person"))
        for ident, path, item in self._new_ids(origin, data, "teams", "team", namespace):
            model.teams[ident] = Team(
                ident,
                _text(item.get("name")),
                _refs(item.get("members"), origin, path, "members"),
                _ref(item.get("facilitator"), origin, path, "facilitator"),
                origin,
                path,
                _invalid(item),
                github=_handle(item.get("github")),
            )

    def _add_assets(self, origin: Origin, data: dict[str, Any]) -> None:
        assets = self.model.assets
        for ident, path, item in self._new_ids(origin, data, "assets", "asset", ((assets, "asset"),), "asset"):
            assets[ident] = Asset(
                ident,
                _text(item.get("name")),
                _text(item.get("kind")),
                _ref(item.get("owner"), origin, path, "owner"),
                _text(item.get("supplier")),
                origin,
                path,
                _invalid(item),
            )

    def _add_services(self, origin: Origin, data: dict[str, Any]) -> None:
        services = self.model.services
        namespace = ((services, "service"),)
        for ident, path, item in self._new_ids(origin, data, "services", "service", namespace, "service"):
            services[ident] = self._service(ident, item, origin, path)

    def _service(self, ident: str, item: dict[str, Any], origin: Origin, path: Path) -> Service:
        self._seq += 1
        customer = item.get("customer")
        service = Service(
            ident,
            _text(item.get("name")),
            _ref(item.get("owner"), origin, path, "owner"),
            {},
            {},
            _refs(item.get("depends_on"), origin, path, "depends_on"),
            origin,
            path,
            self._seq,
            _invalid(item),
            description=_text(item.get("description")),
            customer_name=_text(customer.get("name")) if isinstance(customer, dict) else None,
            reviewed_on=_date(item.get("reviewed_on")),
        )
        if isinstance(customer, dict) and customer.get("needs") is PRUNED:
            service.invalid = service.invalid | {"customer"}
        if isinstance(customer, dict):
            needs_path = (*path, "customer", "needs")
            for index, need in _items(customer.get("needs")):
                need_id = _text(need.get("id"))
                if need_id is None:
                    continue
                need_id = _id(need_id)
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
                if need.get("requirements") is PRUNED:  # of the wrong type (SC002): not known
                    service.invalid = service.invalid | {"requirements"}
                self._requirements(service, service.needs[need_id], need, origin)
        for index, link in _items(item.get("links")):
            link_id = _text(link.get("id"))
            if link_id is None:
                continue
            link_id = _id(link_id)
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
            service.links[link_id] = self._link(ident, link_id, link, origin, link_path)
        return service

    def _requirements(self, service: Service, need: Need, item: dict[str, Any], origin: Origin) -> None:
        for index, requirement in _items(item.get("requirements")):
            ident = _text(requirement.get("id"))
            if ident is None:
                continue
            path = (*need.path, "requirements", index)
            if ident in service.requirements:
                self._duplicate(
                    "requirement",
                    ident,
                    origin,
                    path,
                    service.requirements[ident],
                    scope=f" of service '{service.id}'",
                    service=service.id,
                    requirement=ident,
                )
                continue
            kind = requirement.get("kind")
            declared = NeedRequirement(
                ident,
                service.id,
                need.id,
                _text(requirement.get("text")),
                kind if kind in ("explicit", "implicit") else "explicit",
                _text(requirement.get("source")),
                origin,
                path,
            )
            service.requirements[ident] = declared
            need.requirements.append(declared)

    def _link(self, service: str, ident: str, link: dict[str, Any], origin: Origin, path: Path) -> Link:
        measures = link.get("measures")

        return Link(
            ident,
            service,
            _text(link.get("name")),
            _ref(link.get("owner"), origin, path, "owner"),
            _text(link.get("result")),
            len(measures) if isinstance(measures, list) else 0,
            _refs(link.get("after"), origin, path, "after"),
            _refs(link.get("delivers"), origin, path, "delivers"),
            origin,
            path,
            self._seq,
            _invalid(link),
            deputy=_ref(link.get("deputy"), origin, path, "deputy"),
            after_any=_refs(link.get("after_any"), origin, path, "after_any"),
            meets=_refs(link.get("meets"), origin, path, "meets"),
            assets=_refs(link.get("assets"), origin, path, "assets"),
            reviewed_on=_date(link.get("reviewed_on")),
            description=_text(link.get("description")),
            paths=_refs(link.get("paths"), origin, path, "paths"),
            measure_list=tuple(
                Measure(
                    name,
                    _text(measure.get("target")),
                    _text(measure.get("actual")),
                    _date(measure.get("measured_on")),
                    path,
                    index,
                )
                for index, measure in _items(measures)
                if (name := _text(measure.get("name"))) is not None
            ),
            requirements=tuple(
                Requirement(text, kind if kind in ("explicit", "implicit") else "explicit")
                for _, requirement in _items(link.get("requirements"))
                if (text := _text(requirement.get("text"))) is not None
                for kind in (requirement.get("kind") or "explicit",)
            ),
        )
