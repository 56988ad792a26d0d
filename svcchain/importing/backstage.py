"""Backstage catalog entities → svcchain people, teams and services (pure: entities in, documents out).

The mapping (docs/import.md has the table):

- User → person (``spec.profile.displayName`` or ``metadata.title`` → name, ``spec.profile.email``);
- Group → team (members: ``spec.members`` and the users whose ``spec.memberOf`` names it);
- System → service (``spec.owner``);
- Component, API, Resource → a link of the service of its ``spec.system``; without a system, a link of
  the holding service ``no-system--OWNER`` of its owner (``no-system--no-owner`` without one);
- ``dependsOn``, ``consumesApis`` → the entity builds on the target (``after``); ``dependencyOf``,
  ``providesApis``, ``subcomponentOf`` → the target builds on the entity (an API is the result of the
  component that provides it, a component the result of its subcomponents);
- Domain → kept under ``x-backstage-domains`` with its owner resolved (and reported when unknown).

What no svcchain field holds stays under ``x-backstage`` (``preserve.py``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from svcchain.importing.entities import Entity, Note
from svcchain.importing.preserve import Path, leftover
from svcchain.importing.refs import Ref, RefError, assign_ids, base_id, parse_ref

PARTIES = ("User", "Group")
LINK_KINDS = ("Component", "API", "Resource")
MAPPED = (*PARTIES, "System", *LINK_KINDS, "Domain")

#: Per kind: the reference fields that become handoffs (field, default kind, True when the entity builds on the
#: target, False when the target builds on the entity).
HANDOFFS: dict[str, tuple[tuple[str, str | None, bool], ...]] = {
    "Component": (
        ("dependsOn", None, True),
        ("consumesApis", "API", True),
        ("dependencyOf", None, False),
        ("providesApis", "API", False),
        ("subcomponentOf", "Component", False),
    ),
    "Resource": (("dependsOn", None, True), ("dependencyOf", None, False)),
    "API": (),
}
#: Reference fields that are only checked (reported when they do not resolve) and kept as they are.
CHECKED: dict[str, tuple[tuple[str, str], ...]] = {
    "Group": (("parent", "Group"), ("children", "Group")),
    "System": (("domain", "Domain"),),
    "Domain": (("subdomainOf", "Domain"),),
}

Key = tuple[str, str, str]
SERVICE_KEYS = ("id", "name", "description", "owner", "depends_on", "links", "x-backstage")


@dataclass
class Imported:
    """The chain documents' content and what the summary says about the mapping."""

    people: list[dict[str, Any]] = field(default_factory=list)
    teams: list[dict[str, Any]] = field(default_factory=list)
    services: list[dict[str, Any]] = field(default_factory=list)
    domains: list[dict[str, Any]] = field(default_factory=list)
    #: ids of the services made for links that name no system
    holding: list[str] = field(default_factory=list)
    #: entities of kinds svcchain has nothing for, per kind
    unsupported: Counter[str] = field(default_factory=Counter)
    skipped: list[Note] = field(default_factory=list)
    unresolved: list[Note] = field(default_factory=list)
    #: entities whose data was too large to keep under x-backstage
    cut: list[Note] = field(default_factory=list)

    @property
    def links(self) -> int:
        return sum(len(service.get("links", ())) for service in self.services)


def _values(value: Any) -> list[Any]:
    """A reference field's entries: Backstage takes one reference or a list of them."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class _Mapping:
    def __init__(self, entities: Sequence[Entity]) -> None:
        self.out = Imported()
        self.index: dict[Key, Entity] = {}
        self.entities: list[Entity] = []
        for entity in entities:
            first = self.index.get(entity.ref.key)
            if first is not None:
                at = first.note("", "metadata", "name")
                text = f"{entity.ref} is declared again (first at {at.file}:{at.line}); the first is imported"
                self.out.skipped.append(entity.note(text, "metadata", "name"))
                continue
            self.index[entity.ref.key] = entity
            if entity.kind in MAPPED:
                self.entities.append(entity)
            else:
                self.out.unsupported[entity.kind] += 1
        self.consumed: dict[Key, set[Path]] = defaultdict(set)
        self.party = self._ids(PARTIES)
        self.system = self._ids(("System",))
        self.domain = self._ids(("Domain",))
        self.taken = {value.lower() for value in self.party.values()}
        self.owners: dict[Key, str | None] = {}

    def _ids(self, kinds: Sequence[str]) -> dict[Hashable, str]:
        chosen = [e for e in self.entities if e.kind in kinds]
        return assign_ids((e.ref.key, str(e.ref), e.kind, base_id(e.namespace, e.name)) for e in chosen)

    def of(self, kind: str) -> list[Entity]:
        return [entity for entity in self.entities if entity.kind == kind]

    def use(self, entity: Entity, *path: Any) -> None:
        """Mark a field as carried by a svcchain field: it is not kept under x-backstage."""
        self.consumed[entity.ref.key].add(path)

    # -- references -------------------------------------------------------------------------------------------

    def resolve(self, entity: Entity, name: str, default_kind: str | None) -> list[tuple[Ref | None, Entity | None]]:
        """The entries of ``spec.NAME``: each parsed and looked up; those that fail are reported."""
        out: list[tuple[Ref | None, Entity | None]] = []
        raw = entity.spec.get(name)
        entries = _values(raw)
        for index, value in enumerate(entries):
            path = ("spec", name, index) if isinstance(raw, list) else ("spec", name)
            shown = value if isinstance(value, str) else repr(value)
            try:
                ref = parse_ref(value, default_kind, entity.namespace)
            except RefError as exc:
                self.out.unresolved.append(entity.note(f"spec.{name} '{shown}' of {entity.ref} {exc}", *path))
                out.append((None, None))
                continue
            target = self.index.get(ref.key)
            if target is None:
                self.out.unresolved.append(
                    entity.note(f"spec.{name} '{shown}' of {entity.ref}: no {ref} in the catalog", *path)
                )
            out.append((ref, target))
        return out

    def party_id(self, entity: Entity, name: str, default_kind: str, accepted: Sequence[str] = PARTIES) -> list[str]:
        """The person or team ids ``spec.NAME`` names.

        A reference that resolves to none of the ``accepted`` kinds is reported;
        one that resolves to nothing is written under an id of its own (never
        one a declared person or team has), so the check reports it too.
        """
        ids: list[str] = []
        complete = True
        for ref, target in self.resolve(entity, name, default_kind):
            if ref is None:
                complete = False
            elif target is not None and target.kind in accepted:
                ids.append(self.party[target.ref.key])
            elif target is not None:
                complete = False
                wanted = " or ".join(kind.lower() for kind in accepted)
                note = f"spec.{name} of {entity.ref} names {target.ref}, which is no {wanted}; it is not written"
                self.out.unresolved.append(entity.note(note, "spec", name))
            else:
                complete = False
                wanted_id = base_id(ref.namespace, ref.name)
                ids.append(f"{ref.kind.lower()}--{wanted_id}" if wanted_id.lower() in self.taken else wanted_id)
        if complete and ids:
            self.use(entity, "spec", name)
        return ids

    def check(self, entity: Entity) -> None:
        for name, kind in CHECKED.get(entity.kind, ()):
            self.resolve(entity, name, kind)

    # -- the documents ----------------------------------------------------------------------------------------

    def common(self, entity: Entity, out: dict[str, Any], name_paths: Sequence[Path], description: bool) -> None:
        """``name`` from the first of ``name_paths`` that holds text; ``description``; the id's source."""
        if out["id"] == entity.name:
            self.use(entity, "metadata", "name")
        for path in name_paths:
            node: Any = entity.data
            for step in path:
                node = node.get(step) if isinstance(node, dict) else None
            if _text(node):
                out["name"] = node
                self.use(entity, *path)
                break
        if description and _text(entity.metadata.get("description")):
            out["description"] = entity.metadata["description"]
            self.use(entity, "metadata", "description")

    def keep(self, entity: Entity, out: dict[str, Any]) -> dict[str, Any]:
        """``out`` with the rest of the entity under ``x-backstage``."""
        rest, why = leftover(entity, self.consumed[entity.ref.key])
        if why is not None:
            self.out.cut.append(entity.note(f"the data of {entity.ref} is {why}; only its kind and name are kept"))
        out["x-backstage"] = rest
        return out

    def people_and_teams(self) -> None:
        members: dict[Hashable, set[str]] = defaultdict(set)
        for user in self.of("User"):
            uid = self.party[user.ref.key]
            groups = self.resolve(user, "memberOf", "Group")
            for _, group in groups:
                if group is not None and group.kind == "Group":
                    members[group.ref.key].add(uid)
                elif group is not None:
                    note = f"spec.memberOf of {user.ref} names {group.ref}, which is no group"
                    self.out.unresolved.append(user.note(note, "spec", "memberOf"))
            if groups and all(group is not None and group.kind == "Group" for _, group in groups):
                self.use(user, "spec", "memberOf")
            person: dict[str, Any] = {"id": uid}
            self.common(user, person, [("spec", "profile", "displayName"), ("metadata", "title")], False)
            profile = user.spec.get("profile")
            email = _text(profile.get("email")) if isinstance(profile, dict) else None
            if email is not None:
                person["email"] = email
                self.use(user, "spec", "profile", "email")
            self.out.people.append(self.keep(user, person))
        for group in self.of("Group"):
            self.check(group)
            team: dict[str, Any] = {"id": self.party[group.ref.key]}
            self.common(group, team, [("spec", "profile", "displayName"), ("metadata", "title")], False)
            listed = self.party_id(group, "members", "User", ("User",))
            everyone = sorted(set(listed) | members[group.ref.key])
            if everyone:
                team["members"] = everyone
            self.out.teams.append(self.keep(group, team))
        self.out.people.sort(key=lambda item: item["id"])
        self.out.teams.sort(key=lambda item: item["id"])

    def owner(self, entity: Entity) -> str | None:
        """The id ``spec.owner`` names (resolved once per entity: its notes are made once)."""
        key = entity.ref.key
        if key not in self.owners:
            found = self.party_id(entity, "owner", "Group")
            self.owners[key] = found[0] if found else None
        return self.owners[key]

    def chains(self) -> None:
        services: dict[Hashable, dict[str, Any]] = {}
        for system in self.of("System"):
            self.check(system)
            service: dict[str, Any] = {"id": self.system[system.ref.key]}
            self.common(system, service, [("metadata", "title")], True)
            owner = self.owner(system)
            if owner is not None:
                service["owner"] = owner
            services[system.ref.key] = service
        parts = [entity for entity in self.entities if entity.kind in LINK_KINDS]
        home: dict[Key, Hashable] = {}  # link entity → the key of its service
        for entity in parts:
            found = self.resolve(entity, "system", "System")
            in_system = found[0][1] if len(found) == 1 else None
            if in_system is not None and in_system.kind == "System":
                home[entity.ref.key] = in_system.ref.key
                self.use(entity, "spec", "system")
                continue
            if in_system is not None:
                note = f"spec.system of {entity.ref} names {in_system.ref}, not a system"
                self.out.unresolved.append(entity.note(note, "spec", "system"))
            home[entity.ref.key] = ("no-system", self.owner(entity) or "")
        self._holding(services, home)
        links = self._links(parts, services, home)
        self._handoffs(services, home, links)
        for entity in parts:
            self.keep(entity, links[entity.ref.key])
        for system in self.of("System"):
            self.keep(system, services[system.ref.key])
        for key, service in services.items():
            if service.get("depends_on"):
                service["depends_on"] = sorted(set(service["depends_on"]))
            if "links" in service:
                service["links"] = sorted((links[k] for k in service["links"]), key=lambda link: link["id"])
            for link in service.get("links", ()):
                if link.get("after"):
                    link["after"] = sorted(set(link["after"]))
            services[key] = {k: service[k] for k in SERVICE_KEYS if k in service}
        self.out.services = sorted(services.values(), key=lambda item: item["id"])

    def _holding(self, services: dict[Hashable, dict[str, Any]], home: dict[Key, Hashable]) -> None:
        """A service for each owner of links that name no system."""
        owners = sorted({key[1] for key in home.values() if isinstance(key, tuple) and key[0] == "no-system"})
        wanted = [(("no-system", owner), "1" + owner, "", f"no-system--{owner or 'no-owner'}") for owner in owners]
        taken = [(key, "0", "", value) for key, value in self.system.items()]  # systems keep their ids
        ids = assign_ids([*taken, *wanted])
        for key, _, _, _ in wanted:
            owner = key[1]
            whose = f"owned by '{owner}'" if owner else "with no owner"
            service: dict[str, Any] = {"id": ids[key], "name": f"No system ({owner or 'no owner'})"}
            service["description"] = (
                f"The components, APIs and resources {whose} that name no system in the Backstage catalog."
            )
            if owner:
                service["owner"] = owner
            services[key] = service
            self.out.holding.append(ids[key])

    def _links(
        self, parts: list[Entity], services: dict[Hashable, dict[str, Any]], home: dict[Key, Hashable]
    ) -> dict[Key, dict[str, Any]]:
        by_service: dict[Hashable, list[Entity]] = defaultdict(list)
        for entity in parts:
            by_service[home[entity.ref.key]].append(entity)
        links: dict[Key, dict[str, Any]] = {}
        for service_key, members in by_service.items():
            ids = assign_ids((e.ref.key, str(e.ref), e.kind, base_id(e.namespace, e.name)) for e in members)
            for entity in members:
                link: dict[str, Any] = {"id": ids[entity.ref.key]}
                self.common(entity, link, [("metadata", "title")], True)
                owner = self.owner(entity)
                if owner is not None:
                    link["owner"] = owner
                links[entity.ref.key] = link
                services[service_key].setdefault("links", []).append(entity.ref.key)
        return links

    def _handoffs(
        self, services: dict[Hashable, dict[str, Any]], home: dict[Key, Hashable], links: dict[Key, dict[str, Any]]
    ) -> None:
        """``after`` entries from the relations; a relation to a system is a service dependency."""

        def service_of(key: Key) -> Hashable:
            return home.get(key, key)  # a link's service, or the system itself

        for entity in self.entities:
            for name, default_kind, builds_on in HANDOFFS.get(entity.kind, ()):
                found = self.resolve(entity, name, default_kind)
                mapped = 0
                for _, target in found:
                    if target is None:
                        continue
                    if target.kind not in (*LINK_KINDS, "System"):
                        note = f"spec.{name} of {entity.ref} names {target.ref}: neither a component, API, resource nor system"
                        self.out.unresolved.append(entity.note(note, "spec", name))
                        continue
                    mapped += 1
                    one, other = (entity.ref.key, target.ref.key) if builds_on else (target.ref.key, entity.ref.key)
                    into, out_of = service_of(one), service_of(other)
                    if target.kind == "System":  # a dependency between services, not between links
                        if into != out_of:
                            services[into].setdefault("depends_on", []).append(services[out_of]["id"])
                        continue
                    source = links[other]["id"] if into == out_of else f"{services[out_of]['id']}/{links[other]['id']}"
                    links[one].setdefault("after", []).append(source)
                if found and mapped == len(found):
                    self.use(entity, "spec", name)

    def domains(self) -> None:
        for domain in self.of("Domain"):
            self.check(domain)
            out: dict[str, Any] = {"id": self.domain[domain.ref.key]}
            self.common(domain, out, [("metadata", "title")], True)
            owner = self.owner(domain)
            if owner is not None:
                out["owner"] = owner
            self.out.domains.append(self.keep(domain, out))
        self.out.domains.sort(key=lambda item: item["id"])


def import_entities(entities: Sequence[Entity]) -> Imported:
    """Map catalog entities (in the order they were read) to svcchain documents' content and a summary.

    The output never depends on the order of the entities except where
    two declare the same entity (the first is imported): people, teams,
    services, links, members and handoffs are sorted by id.
    """
    mapping = _Mapping(entities)
    mapping.people_and_teams()
    mapping.chains()
    mapping.domains()
    return mapping.out
