"""Chains → Backstage catalog entities (``svcchain export backstage DIR``): the reverse of the import.

- a person → a User (``name`` → ``spec.profile.displayName``, ``email``, the teams they are in → ``memberOf``);
- a team → a Group (``name`` → ``displayName``; members are the users' ``memberOf``, and members
  that are no person of the chains are listed in ``spec.members``);
- a service → a System (``owner`` → ``spec.owner`` as ``group:`` or ``user:``); an import's holding
  service (``no-system--OWNER``) → no System: its links name none;
- a link → the Component, API or Resource its ``x-backstage`` says (else a Component), in its service's
  System, owned by its owner;
- ``after`` → the relation an import reads back as that handoff: an API builds on the component that
  ``providesApis`` it, a component ``consumesApis`` an API and ``dependsOn`` components and resources;
  ``depends_on`` → ``dependsOn: system:...`` on the service's first component or resource;
- the ``x-backstage-domains`` an import kept → Domains.

What an entity keeps under ``x-backstage`` is written back as it is, and the
mapped fields are added to it, so ``import backstage`` → ``export backstage``
→ ``import backstage`` gives the same chain files.  An entity without
``x-backstage`` (written by hand) gets the fields Backstage requires
(``spec.type``, ``spec.lifecycle``, ``spec.children``).  People and teams of
the owner directory are not exported (they are the directory's); references
to them are written with their kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from svcchain.chainmodel import ChainModel, Link, Service

API_VERSION = "backstage.io/v1alpha1"
HOLDING = "no-system--"
LINK_KINDS = ("Component", "API", "Resource")


@dataclass
class Kept:
    """What the chain files keep under ``x-backstage``, by entity (read by ``svcchain.exporting.kept``)."""

    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    teams: dict[str, dict[str, Any]] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: dict[str, dict[str, Any]] = field(default_factory=dict)  # service/link → x-backstage
    domains: list[dict[str, Any]] = field(default_factory=list)  # the entries of x-backstage-domains


@dataclass
class Catalog:
    """The entities by file (``/``-separated, inside the output folder), and what could not be written."""

    files: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def merge(kept: dict[str, Any], made: dict[str, Any]) -> dict[str, Any]:
    """``kept`` (its keys in its order) with ``made`` added: mappings merged, lists joined without repeats,
    a value ``made`` gives over a kept one."""
    out = dict(kept)
    for key, value in made.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = old + [item for item in value if item not in old]
        else:
            out[key] = value
    return out


class _Refs:
    """The kind, namespace and name each person, team, service and link has in the catalog."""

    def __init__(self, model: ChainModel, kept: Kept) -> None:
        self.model, self.kept = model, kept

    @staticmethod
    def _of(kept: dict[str, Any], ident: str, kind: str) -> tuple[str, str, str]:
        metadata = _dict(kept.get("metadata"))
        namespace, name, written = metadata.get("namespace"), metadata.get("name"), kept.get("kind")
        return (
            written if isinstance(written, str) else kind,
            namespace if isinstance(namespace, str) and namespace else "default",
            name if isinstance(name, str) else ident,
        )

    def person(self, ident: str) -> tuple[str, str, str]:
        return self._of(self.kept.people.get(ident, {}), ident, "User")

    def team(self, ident: str) -> tuple[str, str, str]:
        return self._of(self.kept.teams.get(ident, {}), ident, "Group")

    def service(self, ident: str) -> tuple[str, str, str]:
        return self._of(self.kept.services.get(ident, {}), ident, "System")

    def link(self, key: str, ident: str) -> tuple[str, str, str]:
        kind, namespace, name = self._of(self.kept.links.get(key, {}), ident, "Component")
        return (kind if kind in LINK_KINDS else "Component"), namespace, name

    def owner(self, ident: str, holder: str) -> str:
        """``group:team-a`` / ``user:ns/jdoe`` as an entity in namespace ``holder`` names it; an id nobody
        declared as it is."""
        model = self.model
        if ident in model.people:
            return text(*self.person(ident), holder)
        if ident in model.teams:
            return text(*self.team(ident), holder)
        kind = model.known_kind(ident)
        if kind is not None:  # the owner directory's: not exported, named with its kind
            return f"{'user' if kind == 'person' else 'group'}:{ident}"
        return ident


def text(kind: str, namespace: str, name: str, holder: str = "default") -> str:
    """A reference as an entity in namespace ``holder`` writes it: ``kind:name`` in its own namespace,
    else ``kind:namespace/name`` (a reference without a namespace means the holder's)."""
    where = f"{namespace}/" if namespace.lower() != holder.lower() else ""
    return f"{kind.lower()}:{where}{name}"


def _ns(entity: dict[str, Any]) -> str:
    namespace = entity["metadata"].get("namespace")
    return namespace if isinstance(namespace, str) and namespace else "default"


def _entity(kind: str, namespace: str, name: str) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name}
    if namespace.lower() != "default":
        metadata["namespace"] = namespace
    return {"apiVersion": API_VERSION, "kind": kind, "metadata": metadata, "spec": {}}


def _finish(kept: dict[str, Any], made: dict[str, Any], required: dict[str, Any]) -> dict[str, Any]:
    """The entity: what was kept, with what the chains say; ``required`` spec fields only without ``kept``."""
    if not kept:
        made["spec"] = {**required, **made["spec"]}
    if not made["spec"]:
        del made["spec"]
    entity = _front(merge(kept, made), ("apiVersion", "kind", "metadata", "spec"), kept)
    if isinstance(entity.get("metadata"), dict):
        entity["metadata"] = _front(entity["metadata"], ("name", "namespace", "title"), _dict(kept.get("metadata")))
    return entity


def _front(data: dict[str, Any], keys: tuple[str, ...], kept: dict[str, Any]) -> dict[str, Any]:
    """``data`` with ``keys`` first, in Backstage's order, where that keeps the order of the ``kept`` keys
    (a re-import then keeps them as they are: the round trip stays byte for byte)."""
    order = list(kept)
    among = [key for key in order if key in keys]
    if among != [key for key in keys if key in among] or order[: len(among)] != among:
        return data
    return {**{key: data[key] for key in keys if key in data}, **data}


def export(model: ChainModel, kept: Kept) -> Catalog:
    refs = _Refs(model, kept)
    out = Catalog()
    _org(model, kept, refs, out)
    made = {
        link.key: _link(link, kept, refs, None if _holding(service, kept) else refs.service(service.id))
        for service in model.services.values()
        for link in service.links.values()
    }
    for service in model.services.values():
        _handoffs(service, made, refs, out)
    for service in model.services.values():
        entities = _system(service, kept, refs, out, made)
        if entities:
            out.files[f"systems/{service.id}.yaml"] = entities
    domains = [_domain(entry, refs) for entry in kept.domains if isinstance(entry.get("id"), str)]
    if domains:
        out.files["domains.yaml"] = sorted(domains, key=lambda entity: str(entity["metadata"].get("name")))
        out.counts["Domain"] += len(domains)
    return out


def _org(model: ChainModel, kept: Kept, refs: _Refs, out: Catalog) -> None:
    member_of: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    groups = []
    for team in sorted(model.teams.values(), key=lambda item: item.id):
        made = _entity(*refs.team(team.id))
        if team.name:
            made["spec"]["profile"] = {"displayName": team.name}
        others = []
        for member in dict.fromkeys(ref.value for ref in team.members):
            if member in model.people:
                member_of[member].append(refs.team(team.id))
            else:
                others.append(refs.owner(member, _ns(made)) if model.known_kind(member) else f"user:{member}")
        if others:
            made["spec"]["members"] = others
        groups.append(_finish(kept.teams.get(team.id, {}), made, {"type": "team", "children": []}))
    users = []
    for person in sorted(model.people.values(), key=lambda item: item.id):
        made = _entity(*refs.person(person.id))
        profile = {key: value for key, value in (("displayName", person.name), ("email", person.email)) if value}
        if profile:
            made["spec"]["profile"] = profile
        if member_of[person.id]:
            made["spec"]["memberOf"] = sorted(text(*group, _ns(made)) for group in member_of[person.id])
        users.append(_finish(kept.people.get(person.id, {}), made, {"memberOf": []}))
    if groups or users:
        out.files["org.yaml"] = groups + users
        out.counts["Group"] += len(groups)
        out.counts["User"] += len(users)


def _holding(service: Service, kept: Kept) -> bool:
    """An import's service for the links that name no system: it is no System."""
    return service.id.startswith(HOLDING) and service.id not in kept.services


def _system(
    service: Service, kept: Kept, refs: _Refs, out: Catalog, made_links: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    entities: list[dict[str, Any]] = []
    if not _holding(service, kept):
        made = _entity(*refs.service(service.id))
        if service.name:
            made["metadata"]["title"] = service.name
        if service.description:
            made["metadata"]["description"] = service.description
        if service.owner is not None:
            made["spec"]["owner"] = refs.owner(service.owner.value, _ns(made))
        entities.append(_finish(kept.services.get(service.id, {}), made, {}))
        out.counts["System"] += 1
    for link in sorted(service.links.values(), key=lambda link: link.id):
        entity = made_links[link.key]
        entities.append(_finish(kept.links.get(link.key, {}), entity, _required(entity)))
        out.counts[entity["kind"]] += 1
    return entities


def _required(made: dict[str, Any]) -> dict[str, Any]:
    if made["kind"] == "Resource":
        return {"type": "resource"}
    return {"type": "service", "lifecycle": "production"}


def _link(link: Link, kept: Kept, refs: _Refs, system: tuple[str, str, str] | None) -> dict[str, Any]:
    made = _entity(*refs.link(link.key, link.id))
    if link.name:
        made["metadata"]["title"] = link.name
    if link.description:
        made["metadata"]["description"] = link.description
    if link.owner is not None:
        made["spec"]["owner"] = refs.owner(link.owner.value, _ns(made))
    if system is not None:
        made["spec"]["system"] = text(*system, _ns(made))
    return made


def _add(entity: dict[str, Any], name: str, value: str) -> None:
    listed = entity["spec"].setdefault(name, [])
    if value not in listed:
        listed.append(value)


def _handoffs(service: Service, made: dict[str, dict[str, Any]], refs: _Refs, out: Catalog) -> None:
    """Each ``after`` entry as the relation an import turns back into it; ``depends_on`` on the first
    component or resource."""
    model = refs.model
    links = sorted(service.links.values(), key=lambda link: link.id)
    for link in links:
        entity = made[link.key]
        for _, ref in link.handoff_refs():
            target_service, _, target_id = ref.value.rpartition("/")
            holder = model.services.get(target_service or service.id)
            target = holder.links.get(target_id) if holder is not None else None
            if target is None:
                out.notes.append(f"{link.key}: after '{ref.value}' names no link; not exported")
                continue
            kind, namespace, name = refs.link(target.key, target.id)
            other = text(kind, namespace, name, _ns(entity))
            if entity["kind"] == "API":  # an API builds on the component that provides it
                if kind == "Component":
                    provider = made[target.key]
                    _add(provider, "providesApis", text(*refs.link(link.key, link.id), _ns(provider)))
                else:
                    out.notes.append(f"{link.key}: after '{ref.value}' (an API after a {kind}) has no relation")
            elif kind == "API" and entity["kind"] == "Component":
                _add(entity, "consumesApis", other)
            else:
                _add(entity, "dependsOn", other)
    if service.depends_on:
        holders = [made[link.key] for link in links if made[link.key]["kind"] in ("Component", "Resource")]
        if not holders:
            out.notes.append(f"{service.id}: depends_on has no component or resource to hold it; not exported")
            return
        for ref in service.depends_on:
            if ref.value in model.services:
                _add(holders[0], "dependsOn", text(*refs.service(ref.value), _ns(holders[0])))


def _domain(entry: dict[str, Any], refs: _Refs) -> dict[str, Any]:
    kept = _dict(entry.get("x-backstage"))
    made = _entity(*_Refs._of(kept, entry["id"], "Domain"))
    if isinstance(entry.get("name"), str):
        made["metadata"]["title"] = entry["name"]
    if isinstance(entry.get("description"), str):
        made["metadata"]["description"] = entry["description"]
    if isinstance(entry.get("owner"), str):
        made["spec"]["owner"] = refs.owner(entry["owner"], _ns(made))
    return _finish(kept, made, {})


def location(targets: Iterable[str]) -> dict[str, Any]:
    """The catalog's entry point: a Location naming every file of the export."""
    return {
        "apiVersion": API_VERSION,
        "kind": "Location",
        "metadata": {"name": "svcchain-export", "description": "The catalog svcchain exported from its chains"},
        "spec": {"targets": [f"./{target}" for target in targets]},
    }
