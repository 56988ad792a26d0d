"""Property-based tests: generated chain repositories and structure-aware mutations.

1. **The oracle.** Hypothesis builds a valid chain repository (people with
   managers and last days, teams, assets with owners, services, customer
   needs with requirements, links with owners, deputies, handoffs
   (``after``, ``after_any``), deliveries, requirements met, assets used,
   reviews and measures with targets and actuals, spread over several files
   and documents) that has no finding at all on its *today*, then injects
   defects (an owner removed, an ``after`` to nowhere, a need nobody
   delivers, a person who has left, a missed target, ...).  A small oracle
   written here from docs/format.md - not from svcchain's rules - predicts
   every finding with its file, line and column (the test writes the YAML
   itself, so it knows where every node is).  The check, run on the same
   *today* and settings (``leaving-warning-days``, ``review-every``), must
   report exactly those.

2. **Mutations.** Valid files are mutated as text (lines deleted, duplicated
   or truncated, random bytes, unicode, huge numbers, deep nesting, anchors
   and aliases, tags, BOMs, tabs) and as data (keys deleted, values replaced
   by values of any type).  The check must never raise, must finish within a
   deadline, must give sane positions and exit 0 or 1, and must still check
   the good file next to the mutated one.  A few examples go through the
   command line (typer's CliRunner) too.

CI profile: ``derandomize=True`` (the same examples every run), no example
database, no per-example deadline of hypothesis (ours is SIGALRM-based, 10 s,
plus a 2 s measured bound); the whole module runs in well under a minute.
"""

from __future__ import annotations

import datetime
import itertools
import json
import operator
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from svcchain.discover import discover
from svcchain.engine import check
from svcchain.settings import Settings

from .support import (
    CAMPAIGN,
    assert_good_checked,
    assert_sane,
    check_folder,
    deadline,
    write_good,
)

CI = settings(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Counted for SECURITY.md's figures (printed by conftest at the end of the run).
GENERATED = CAMPAIGN

#: The days a generated repository is checked on (one in a leap year, one on New Year's Eve).
TODAYS = [datetime.date(2026, 6, 1), datetime.date(2028, 2, 15), datetime.date(2025, 12, 31)]

# --------------------------------------------------------------------------- the test's own model


class Blank(str):
    """A value that counts as missing (docs/format.md: null and "" count as missing), written as is."""


Pos = tuple[str, int, int]  # file, line, column


@dataclass(eq=False)
class Person:
    id: str
    manager: str | None = None
    active_until: datetime.date | None = None
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)
    manager_pos: Pos = ("", 0, 0)


@dataclass(eq=False)
class Team:
    id: str
    members: list[str] | None
    facilitator: str | None
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)
    member_pos: list = field(default_factory=list)
    facilitator_pos: Pos = ("", 0, 0)


@dataclass(eq=False)
class Asset:
    id: str
    owner: str | None
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)
    owner_pos: Pos = ("", 0, 0)


@dataclass(eq=False)
class Requirement:
    id: str
    kind: str | None = None  # None: not written (explicit)
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)


@dataclass(eq=False)
class Need:
    id: str
    requirements: list[Requirement] = field(default_factory=list)
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)


@dataclass(eq=False)
class Reading:
    """A target or an actual: the text as written, and what it says when it reads (``number`` None: it does not)."""

    text: str
    op: str | None = None  # a target's operator
    number: Decimal | None = None
    unit: str = ""


@dataclass(eq=False)
class Measure:
    target: Reading | None = None
    actual: Reading | None = None
    plain: bool = False  # the actual written unquoted (a YAML number: free text keeps it as written)
    actual_pos: Pos = ("", 0, 0)


DEFAULT_TARGET = Reading(">= 99%", ">=", Decimal(99), "%")


@dataclass(eq=False)
class Link:
    id: str
    owner: str | None
    result: str | None = "Done as agreed"
    measures: int = 1
    after: list = field(default_factory=list)
    delivers: list = field(default_factory=list)
    deputy: str | None = None
    after_any: list = field(default_factory=list)
    meets: list = field(default_factory=list)
    assets: list = field(default_factory=list)
    reviewed_on: datetime.date | None = None
    values: list[Measure] = field(default_factory=list)  # target and actual of the first measures
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)
    owner_pos: Pos = ("", 0, 0)
    deputy_pos: Pos = ("", 0, 0)
    after_pos: list = field(default_factory=list)
    after_any_pos: list = field(default_factory=list)
    delivers_pos: list = field(default_factory=list)
    meets_pos: list = field(default_factory=list)
    assets_pos: list = field(default_factory=list)
    reviewed_pos: Pos = ("", 0, 0)

    def measure(self, index: int) -> Measure:
        while len(self.values) <= index:
            self.values.append(Measure(DEFAULT_TARGET))
        return self.values[index]


@dataclass(eq=False)
class Service:
    id: str
    owner: str | None
    needs: list[Need] | None  # None: no customer at all
    links: list[Link]
    depends_on: list = field(default_factory=list)
    reviewed_on: datetime.date | None = None
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)
    owner_pos: Pos = ("", 0, 0)
    depends_pos: list = field(default_factory=list)
    reviewed_pos: Pos = ("", 0, 0)


@dataclass(eq=False)
class Doc:
    people: list = field(default_factory=list)
    teams: list = field(default_factory=list)
    services: list = field(default_factory=list)
    assets: list = field(default_factory=list)


@dataclass(eq=False)
class Repo:
    files: list[list[Doc]]  # files in name order; each a list of documents
    today: datetime.date = TODAYS[0]
    leaving_warning_days: int = 30
    review_every: int = 365

    def people(self) -> list[Person]:
        return [p for docs in self.files for d in docs for p in d.people]

    def teams(self) -> list[Team]:
        return [t for docs in self.files for d in docs for t in d.teams]

    def services(self) -> list[Service]:
        return [s for docs in self.files for d in docs for s in d.services]

    def assets(self) -> list[Asset]:
        return [a for docs in self.files for d in docs for a in d.assets]

    def file_name(self, index: int) -> str:
        return f"chain-{index:02d}.yaml"

    def settings(self) -> Settings:
        return Settings(
            today=self.today, leaving_warning_days=self.leaving_warning_days, review_every=self.review_every
        )


def _missing(value: Any) -> bool:
    return value is None or isinstance(value, Blank) or value == ""


# --------------------------------------------------------------------------- writing YAML, knowing where


def emit(repo: Repo, folder: Path) -> dict[str, bytes]:
    """Write the repository in block style; record the position of every node the oracle needs."""
    texts = {}
    for index, docs in enumerate(repo.files):
        name = str(folder / repo.file_name(index))
        lines: list[str] = []

        def add(text: str, lines: list[str] = lines) -> int:
            lines.append(text)
            return len(lines)

        def value(v: Any) -> str:
            return str(v) if isinstance(v, Blank) else v

        def entries(key: str, refs: list, indent: str, name: str = name) -> list[Pos]:
            """A block list under ``key``; the position of each entry."""
            if not refs:
                return []
            add(f"{indent}{key}:")
            return [(name, add(f"{indent}  - {ref}"), len(indent) + 5) for ref in refs]

        for number, doc in enumerate(docs):
            if number:
                add("---")
            add("svcchain: 1")
            if doc.people:
                add("people:")
                for person in doc.people:
                    line = add(f"  - id: {person.id}")
                    person.pos, person.id_pos = (name, line, 5), (name, line, 9)
                    if person.manager is not None:
                        person.manager_pos = (name, add(f"    manager: {person.manager}"), 14)
                    if person.active_until is not None:
                        add(f"    active_until: {person.active_until.isoformat()}")
            if doc.teams:
                add("teams:")
                for team in doc.teams:
                    line = add(f"  - id: {team.id}")
                    team.pos, team.id_pos = (name, line, 5), (name, line, 9)
                    team.member_pos = []
                    if team.members is not None:
                        if not team.members:
                            add("    members: []")
                        else:
                            add("    members:")
                            for member in team.members:
                                team.member_pos.append((name, add(f"      - {member}"), 9))
                    if team.facilitator is not None:
                        line = add(f"    facilitator: {value(team.facilitator)}")
                        team.facilitator_pos = (name, line, 18)
            if doc.assets:
                add("assets:")
                for asset in doc.assets:
                    line = add(f"  - id: {asset.id}")
                    asset.pos, asset.id_pos = (name, line, 5), (name, line, 9)
                    add("    kind: system")
                    if asset.owner is not None:
                        asset.owner_pos = (name, add(f"    owner: {asset.owner}"), 12)
                    add("    supplier: Hosting Ltd")
            if doc.services:
                add("services:")
                for service in doc.services:
                    line = add(f"  - id: {service.id}")
                    service.pos, service.id_pos = (name, line, 5), (name, line, 9)
                    add("    name: A service of the generated repository")
                    if service.owner is not None:
                        service.owner_pos = (name, add(f"    owner: {value(service.owner)}"), 12)
                    if service.reviewed_on is not None:
                        service.reviewed_pos = (name, add(f"    reviewed_on: {service.reviewed_on.isoformat()}"), 18)
                    service.depends_pos = entries("depends_on", service.depends_on, "    ")
                    if service.needs is not None:
                        add("    customer:")
                        add("      name: Customers")
                        if service.needs:
                            add("      needs:")
                            for need in service.needs:
                                line = add(f"        - id: {need.id}")
                                need.pos, need.id_pos = (name, line, 11), (name, line, 15)
                                add("          text: What the customer really wants")
                                if need.requirements:
                                    add("          requirements:")
                                for requirement in need.requirements:
                                    line = add(f"            - id: {requirement.id}")
                                    requirement.pos, requirement.id_pos = (name, line, 15), (name, line, 19)
                                    add("              text: What the need takes")
                                    if requirement.kind is not None:
                                        add(f"              kind: {requirement.kind}")
                    if service.links:
                        add("    links:")
                    for link in service.links:
                        line = add(f"      - id: {link.id}")
                        link.pos, link.id_pos = (name, line, 9), (name, line, 13)
                        if link.owner is not None:
                            link.owner_pos = (name, add(f"        owner: {value(link.owner)}"), 16)
                        if link.deputy is not None:
                            link.deputy_pos = (name, add(f"        deputy: {link.deputy}"), 17)
                        if link.result is not None:
                            add(f"        result: {link.result}")
                        if link.measures:
                            add("        measures:")
                            for number_ in range(link.measures):
                                add(f"          - name: measure {number_}")
                                measure = link.measure(number_)
                                if measure.target is not None:
                                    add(f"            target: {json.dumps(measure.target.text, ensure_ascii=False)}")
                                if measure.actual is not None:
                                    text = measure.actual.text
                                    written = text if measure.plain else json.dumps(text, ensure_ascii=False)
                                    measure.actual_pos = (name, add(f"            actual: {written}"), 21)
                        link.after_pos = entries("after", link.after, "        ")
                        link.after_any_pos = entries("after_any", link.after_any, "        ")
                        link.delivers_pos = entries("delivers", link.delivers, "        ")
                        link.meets_pos = entries("meets", link.meets, "        ")
                        link.assets_pos = entries("assets", link.assets, "        ")
                        if link.reviewed_on is not None:
                            link.reviewed_pos = (name, add(f"        reviewed_on: {link.reviewed_on.isoformat()}"), 22)
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (folder / repo.file_name(index)).write_bytes(data)
        texts[name] = data
    return texts


# --------------------------------------------------------------------------- the oracle (from docs/format.md)

Expected = Counter


class Unpredictable(Exception):
    """The repository holds a case docs/format.md leaves open: the example is discarded."""


def _components(nodes: list, edges: dict) -> list[list]:
    """Strongly connected components with a cycle (size > 1, or a self-loop): Tarjan, iteratively."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    found = []
    counter = itertools.count()
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = next(counter)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = next(counter)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(edges.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member is node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    found.append(component)
    return found


#: SC404: what each operator of a target asks of the actual
MEETS = {
    ">=": operator.ge,
    "≥": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "≤": operator.le,
    "<": operator.lt,
    "=": operator.eq,
}


def _misses(measure: Measure) -> bool:
    """SC404: both read, the units are the same, and the actual does not meet the target."""
    target, actual = measure.target, measure.actual
    if target is None or actual is None or target.number is None or actual.number is None:
        return False
    if target.unit != actual.unit:
        return False
    assert target.op is not None
    return not MEETS[target.op](actual.number, target.number)


def oracle(repo: Repo, max_links_per_owner: int = 7) -> Expected:
    """Every finding docs/format.md predicts for the repository on its today, as (rule, file, line, column)."""
    out: Expected = Counter()
    today, window, review_every = repo.today, repo.leaving_warning_days, repo.review_every

    def at(rule: str, pos: Pos) -> None:
        out[(rule, *pos)] += 1

    # ids: the first occurrence is the one modelled; each repeat is SC003 at its id
    people: dict[str, Person] = {}
    teams: dict[str, Team] = {}
    for person in repo.people():
        if person.id in people:
            at("SC003", person.id_pos)
        else:
            people[person.id] = person
    for team in repo.teams():
        if team.id in teams:
            at("SC003", team.id_pos)
        else:
            teams[team.id] = team
    assert not set(people) & set(teams), "the generator keeps people and teams apart"
    assets: dict[str, Asset] = {}
    for asset in repo.assets():
        if asset.id in assets:
            at("SC003", asset.id_pos)
        else:
            assets[asset.id] = asset
    services: dict[str, Service] = {}
    for service in repo.services():
        if service.id in services:
            at("SC003", service.id_pos)
        else:
            services[service.id] = service
    links: dict[str, dict[str, Link]] = {}
    needs: dict[str, dict[str, Need]] = {}
    requirements: dict[str, dict[str, Requirement]] = {}
    order: dict[int, tuple] = {}  # file order of links and services
    for service in services.values():
        links[service.id], needs[service.id], requirements[service.id] = {}, {}, {}
        for need in service.needs or ():
            if need.id in needs[service.id]:
                at("SC003", need.id_pos)
                continue  # a repeated need is not modelled, nor are its requirements
            needs[service.id][need.id] = need
            for requirement in need.requirements:  # unique within the service, across its needs
                if requirement.id in requirements[service.id]:
                    at("SC003", requirement.id_pos)
                else:
                    requirements[service.id][requirement.id] = requirement
        for link in service.links:
            if link.id in links[service.id]:
                at("SC003", link.id_pos)
            else:
                links[service.id][link.id] = link
                order[id(link)] = link.pos

    # a reviewed_on after today is a schema finding of the document, modelled or not
    for service in repo.services():
        for entity in [service, *service.links]:
            if entity.reviewed_on is not None and entity.reviewed_on > today:
                at("SC002", entity.reviewed_pos)

    # SC102: members, facilitators, deputies and managers are people; owners people or teams
    for team in teams.values():
        for member, pos in zip(team.members or (), team.member_pos, strict=False):
            if member not in people:
                at("SC102", pos)
        if not _missing(team.facilitator) and team.facilitator not in people:
            at("SC102", team.facilitator_pos)
    for person in people.values():
        if person.manager is not None and person.manager not in people:
            at("SC102", person.manager_pos)
    for asset in assets.values():
        if asset.owner is None:
            at("SC502", asset.pos)
        elif asset.owner not in people and asset.owner not in teams:
            at("SC102", asset.owner_pos)

    # SC108/SC109: every value that names a person, at that value
    references: list[tuple[str, Pos]] = []
    for service in services.values():
        if not _missing(service.owner):
            references.append((service.owner, service.owner_pos))
        for link in links[service.id].values():
            if not _missing(link.owner):
                references.append((link.owner, link.owner_pos))
            if link.deputy is not None:
                references.append((link.deputy, link.deputy_pos))
    for team in teams.values():
        references += list(zip(team.members or (), team.member_pos, strict=False))
        if not _missing(team.facilitator):
            references.append((team.facilitator, team.facilitator_pos))
    references += [(p.manager, p.manager_pos) for p in people.values() if p.manager is not None]
    references += [(a.owner, a.owner_pos) for a in assets.values() if a.owner is not None]
    for ident, pos in references:
        person = people.get(ident)
        if person is None or person.active_until is None:
            continue
        days = (person.active_until - today).days
        if days < 0:
            at("SC108", pos)
        elif days <= window:
            at("SC109", pos)

    def present(ident: str) -> bool:
        """A declared person who has not left."""
        person = people.get(ident)
        return person is not None and (person.active_until is None or person.active_until >= today)

    owned: set[str] = set()
    load: Counter = Counter()
    delivered: dict[str, set[str]] = {sid: set() for sid in services}
    met: dict[str, set[str]] = {sid: set() for sid in services}
    handoffs: dict[int, list[int]] = {}  # link → links that build on it
    by_id: dict[int, Link] = {}
    link_service: dict[int, str] = {}
    declares_assets = bool(assets)
    for service in services.values():
        if _missing(service.owner):
            at("SC103", service.pos)
        elif service.owner not in people and service.owner not in teams:
            at("SC102", service.owner_pos)
        else:
            owned.add(service.owner)
            if service.owner in teams:
                at("SC110", service.owner_pos)
        if not needs[service.id]:
            at("SC303", service.pos)
        for entity in [service, *links[service.id].values()]:
            reviewed = entity.reviewed_on
            if reviewed is not None and reviewed <= today and (today - reviewed).days > review_every:
                at("SC403", entity.reviewed_pos)
        for link in links[service.id].values():
            by_id[id(link)] = link
            link_service[id(link)] = service.id
            alone = None  # the one person the link rests on
            if _missing(link.owner):
                at("SC101", link.pos)
            else:
                load[link.owner] += 1
                if link.owner in people:
                    owned.add(link.owner)
                    alone = link.owner
                elif link.owner in teams:
                    owned.add(link.owner)
                    members = set(teams[link.owner].members or ())
                    if len(members) == 1:
                        (alone,) = members
                else:
                    at("SC102", link.owner_pos)
            if link.deputy is not None and link.deputy not in people:
                at("SC102", link.deputy_pos)
            if alone is not None and not (link.deputy is not None and present(link.deputy) and link.deputy != alone):
                at("SC105", link.owner_pos)
            if _missing(link.result):
                at("SC401", link.pos)
            if not link.measures:
                at("SC402", link.pos)
            for index in range(link.measures):
                if _misses(link.measure(index)):
                    at("SC404", link.measure(index).actual_pos)
            for refs, positions in ((link.after, link.after_pos), (link.after_any, link.after_any_pos)):
                for ref, pos in zip(refs, positions, strict=False):
                    where, _, name = ref.rpartition("/")
                    target = links.get(where or service.id, {}).get(name)
                    if target is None:
                        at("SC201", pos)  # a broken after adds no handoff
                    else:
                        handoffs.setdefault(id(target), []).append(id(link))
            for ref, pos in zip(link.delivers, link.delivers_pos, strict=False):
                if ref in needs[service.id]:
                    delivered[service.id].add(ref)
                else:
                    at("SC302", pos)
            for ref, pos in zip(link.meets, link.meets_pos, strict=False):
                if ref in requirements[service.id]:
                    met[service.id].add(ref)
                else:
                    at("SC305", pos)
            for ref, pos in zip(link.assets, link.assets_pos, strict=False):
                if declares_assets and ref not in assets:
                    at("SC501", pos)
    for service in services.values():
        for need in needs[service.id].values():
            if need.id not in delivered[service.id]:
                at("SC301", need.pos)
        for requirement in requirements[service.id].values():
            if requirement.id not in met[service.id]:
                at("SC304", requirement.pos)

    for owner_id in owned:
        team = teams.get(owner_id)
        if team is not None:
            if not team.members:
                at("SC104", team.pos)
            if _missing(team.facilitator):
                at("SC106", team.pos)
    for owner_id, count in load.items():
        if count > max_links_per_owner:
            entity = people.get(owner_id) or teams.get(owner_id)
            if entity is None:  # docs/format.md does not say where an undeclared owner's SC107 points
                raise Unpredictable(f"{owner_id} is not declared and owns {count} links")
            at("SC107", entity.pos)

    # cycles: one finding per strongly connected component, at its first link (service) in file order
    link_nodes = sorted(by_id, key=lambda key: order[key])
    for component in _components(link_nodes, handoffs):
        at("SC202", min(order[key] for key in component))
    # dead ends: a link lives when it delivers, or when a link that builds on it lives
    live: set[int] = set()
    frontier = [key for key in link_nodes if by_id[key].delivers]
    reverse: dict[int, list[int]] = {}
    for source, targets in handoffs.items():
        for target in targets:
            reverse.setdefault(target, []).append(source)
    while frontier:
        key = frontier.pop()
        if key in live:
            continue
        live.add(key)
        frontier.extend(reverse.get(key, ()))
    for key in link_nodes:
        if key not in live and needs[link_service[key]]:
            at("SC203", by_id[key].pos)

    depends: dict[str, list[str]] = {}
    for service in services.values():
        for ref, pos in zip(service.depends_on, service.depends_pos, strict=False):
            if ref in services:
                depends.setdefault(service.id, []).append(ref)
            else:
                at("SC204", pos)
    for component in _components(list(services), depends):
        at("SC205", min(services[sid].pos for sid in component))
    return out


# --------------------------------------------------------------------------- targets and actuals

UNITS = ["%", "s", "days", "EUR", ""]
#: a target that does not read as OP NUMBER UNIT REST, or an actual that does not read as NUMBER UNIT
UNREADABLE_TARGETS = ["as agreed", "99.9% of the time", "at least 5 s", "fast", ">= a lot"]
UNREADABLE_ACTUALS = ["about 5 s", "5 s (estimate)", "n/a", "5 s, 6 s", "~99%"]


def _number(value: Decimal, comma: bool, extra_zero: bool) -> str:
    """A decimal number as written: '.' or ',' as the decimal mark, maybe with a trailing zero."""
    text = format(value, "f")
    if extra_zero:
        text += "0" if "." in text else ".0"
    return text.replace(".", ",") if comma else text


def reading_pair(
    op: str, target: Decimal, actual: Decimal, unit: str, actual_unit: str, style: int
) -> tuple[Reading, Reading, bool]:
    """A target and an actual written from their parts in one of many styles; whether the actual is plain."""
    spaces = ["", " ", "  "]
    before = spaces[style % 3]  # between OP and NUMBER
    # between NUMBER and UNIT: a word unit is kept apart from the number by at least one space
    between = "" if not unit else spaces[(style // 3) % 2 + (1 if unit != "%" else 0)]
    rest = ["", " per month", " (rolling)"][(style // 6) % 3] if unit else ""
    comma = bool((style // 18) % 2)
    zero = bool((style // 36) % 2)
    target_text = f"{op}{before}{_number(target, comma, zero)}{between}{unit}{rest}"
    actual_text = f"{_number(actual, comma, not zero)}{' ' if actual_unit not in ('%', '') else ''}{actual_unit}"
    plain = not actual_unit and not comma and (style // 72) % 2 == 1
    return (
        Reading(target_text, op, target, unit),
        Reading(actual_text, None, actual, actual_unit),
        plain,
    )


@st.composite
def measures(draw: Any) -> Measure:
    """A measure that raises no finding: its actual meets its target, or the two cannot be compared."""
    kind = draw(st.sampled_from(["default", "met", "met", "units-differ", "unreadable-target", "unreadable-actual"]))
    if kind == "default":
        return Measure(DEFAULT_TARGET)
    op = draw(st.sampled_from(sorted(MEETS)))
    target = Decimal(draw(st.integers(0, 10_000))).scaleb(-draw(st.integers(0, 2)))
    actual = Decimal(draw(st.integers(0, 10_000))).scaleb(-draw(st.integers(0, 2)))
    if not MEETS[op](actual, target):  # make it met
        actual = {"=": target, "<": target - target / 2, "<=": target, "≤": target}.get(op, target + 1)
        if op == "<" and target == 0:
            op = "<="
    unit = draw(st.sampled_from(UNITS))
    actual_unit = unit
    if kind == "units-differ":  # whatever the numbers say
        actual_unit = {"%": "", "": "%", "s": "min", "days": "weeks", "EUR": "USD"}[unit]
        actual = target + 1 if op in ("<", "<=", "≤", "=") else Decimal(0)
    pair = reading_pair(op, target, actual, unit, actual_unit, draw(st.integers(0, 143)))
    measure = Measure(pair[0], pair[1], pair[2])
    if kind == "unreadable-target":
        measure.target = Reading(draw(st.sampled_from(UNREADABLE_TARGETS)))
    elif kind == "unreadable-actual":
        measure.actual, measure.plain = Reading(draw(st.sampled_from(UNREADABLE_ACTUALS))), False
    return measure


def missed_measure(a: int, b: int) -> Measure:
    """A measure whose actual misses its target (chosen by ``a`` and ``b``)."""
    op = sorted(MEETS)[a % len(MEETS)]
    target = Decimal(b % 1000 + 1).scaleb(-(a % 3))  # more than 0
    actual = Decimal(0) if op in (">=", ">", "≥") else target + 1
    unit = UNITS[b % len(UNITS)]
    target_reading, actual_reading, plain = reading_pair(op, target, actual, unit, unit, a + b)
    return Measure(target_reading, actual_reading, plain)


# --------------------------------------------------------------------------- generating clean repositories


@st.composite
def clean_repos(draw: Any) -> Repo:
    """A repository with no finding at all on its today: every rule of docs/format.md satisfied."""
    today = draw(st.sampled_from(TODAYS))
    window = draw(st.sampled_from([30, 0, 7]))
    review_every = draw(st.sampled_from([365, 30, 1]))
    n_people = draw(st.integers(3, 7))
    people = []
    for i in range(n_people):
        person = Person(f"person-{i}")
        if draw(st.booleans()):  # someone else, never themselves
            person.manager = f"person-{(i + draw(st.integers(1, n_people - 1))) % n_people}"
        if draw(st.booleans()):  # a last day beyond the warning window
            person.active_until = today + datetime.timedelta(days=window + draw(st.integers(1, 3000)))
        people.append(person)
    person_ids = [p.id for p in people]
    n_services = draw(st.integers(1, 4))
    link_counts = [draw(st.integers(1, 5)) for _ in range(n_services)]
    n_teams = max(1, -(-sum(link_counts) // 7)) + draw(st.integers(0, 2))
    teams = []
    for i in range(n_teams):
        members = draw(st.lists(st.sampled_from(person_ids), min_size=2, max_size=3, unique=True))
        teams.append(Team(f"team-{i}", members, draw(st.sampled_from(person_ids))))
    owners = person_ids + [t.id for t in teams]
    assets = [Asset(f"asset-{i}", draw(st.sampled_from(owners))) for i in range(draw(st.integers(0, 3)))]
    free_names = ["old-fax", "rack-3", "the-contract"]

    def reviewed() -> datetime.date | None:
        if draw(st.booleans()):
            return None
        return today - datetime.timedelta(days=draw(st.integers(0, review_every)))

    services = []
    slot = itertools.count()
    for s in range(n_services):
        needs = [Need(f"need-{s}-{i}") for i in range(draw(st.integers(1, 3)))]
        for need in needs:
            for j in range(draw(st.integers(0, 2))):
                need.requirements.append(
                    Requirement(f"req-{need.id}-{j}", draw(st.sampled_from([None, "explicit", "implicit"])))
                )
        links = []
        for i in range(link_counts[s]):
            link = Link(f"link-{s}-{i}", teams[next(slot) % n_teams].id)
            if i:
                earlier = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True))
                link.after = sorted({f"link-{s}-{i - 1}", *(f"link-{s}-{j}" for j in earlier)})
                if draw(st.booleans()):  # alternatives: another handoff, maybe one already in 'after'
                    link.after_any = [f"link-{s}-{j}" for j in draw(st.lists(st.integers(0, i - 1), max_size=2))]
            if s and draw(st.booleans()):  # a handoff from an earlier service
                other = draw(st.integers(0, s - 1))
                ref = f"service-{other}/link-{other}-{draw(st.integers(0, link_counts[other] - 1))}"
                (link.after_any if draw(st.booleans()) else link.after).append(ref)
            if draw(st.booleans()):
                link.deputy = draw(st.sampled_from(person_ids))
            if assets:
                link.assets = draw(st.lists(st.sampled_from([a.id for a in assets]), max_size=2, unique=True))
            elif draw(st.booleans()):  # no asset declared anywhere: free-text names
                link.assets = draw(st.lists(st.sampled_from(free_names), max_size=2, unique=True))
            link.reviewed_on = reviewed()
            link.measures = draw(st.integers(1, 2))
            link.values = [draw(measures()) for _ in range(link.measures)]
            links.append(link)
        links[-1].delivers.append(needs[0].id)
        for need in needs[1:]:
            links[draw(st.integers(0, len(links) - 1))].delivers.append(need.id)
        for need in needs:
            for requirement in need.requirements:
                links[draw(st.integers(0, len(links) - 1))].meets.append(requirement.id)
        owner = draw(st.sampled_from(person_ids))  # a service is owned by one person (SC110)
        service = Service(f"service-{s}", owner, needs, links, reviewed_on=reviewed())
        service.depends_on = [
            f"service-{j}" for j in draw(st.lists(st.integers(0, max(0, s - 1)), max_size=2, unique=True)) if j < s
        ]
        services.append(service)
    n_files = draw(st.integers(1, 3))
    files = [[Doc() for _ in range(draw(st.integers(1, 2)))] for _ in range(n_files)]

    def place(entity: Any, section: str) -> None:
        docs = files[draw(st.integers(0, n_files - 1))]
        getattr(docs[draw(st.integers(0, len(docs) - 1))], section).append(entity)

    for person in people:
        place(person, "people")
    for team in teams:
        place(team, "teams")
    for asset in assets:
        place(asset, "assets")
    for service in services:
        place(service, "services")
    return Repo(files, today, window, review_every)


# --------------------------------------------------------------------------- injecting defects

DEFECTS = [
    "unown-link",
    "blank-link-owner",
    "ghost-link-owner",
    "person-owns-link",
    "unown-service",
    "ghost-service-owner",
    "team-owns-service",
    "team-no-facilitator",
    "team-no-members",
    "team-of-one",
    "ghost-member",
    "ghost-facilitator",
    "ghost-deputy",
    "team-deputy",
    "deputy-is-the-owner",
    "deputy-lifts-single-owner",
    "deputy-has-left",
    "ghost-manager",
    "team-manager",
    "left-person",
    "leaving-person",
    "ghost-asset-owner",
    "unowned-asset",
    "unknown-asset",
    "duplicate-asset",
    "broken-after",
    "broken-after-any",
    "self-after",
    "self-after-any",
    "cycle",
    "cycle-through-after-any",
    "undelivered-need",
    "unknown-need",
    "no-customer",
    "unmet-requirement",
    "unknown-requirement",
    "foreign-requirement",
    "duplicate-requirement",
    "no-result",
    "no-measures",
    "missed-target",
    "stale-review",
    "future-review",
    "dead-end",
    "ghost-dependency",
    "dependency-cycle",
    "overload",
    "duplicate-person",
    "duplicate-link",
    "duplicate-need",
    "duplicate-service",
]

#: The rule each defect is meant to raise (checked on its own in test_each_defect_raises_its_rule);
#: "-SCnnn": the defect is meant to take that finding away.
INTENDED = {
    "unown-link": "SC101",
    "blank-link-owner": "SC101",
    "ghost-link-owner": "SC102",
    "person-owns-link": "SC105",
    "unown-service": "SC103",
    "ghost-service-owner": "SC102",
    "team-owns-service": "SC110",
    "team-no-facilitator": "SC106",
    "team-no-members": "SC104",
    "team-of-one": "SC105",
    "ghost-member": "SC102",
    "ghost-facilitator": "SC102",
    "ghost-deputy": "SC102",
    "team-deputy": "SC102",
    "deputy-is-the-owner": "SC105",
    "deputy-lifts-single-owner": "-SC105",
    "deputy-has-left": "SC108",
    "ghost-manager": "SC102",
    "team-manager": "SC102",
    "left-person": "SC108",
    "leaving-person": "SC109",
    "ghost-asset-owner": "SC102",
    "unowned-asset": "SC502",
    "unknown-asset": "SC501",
    "duplicate-asset": "SC003",
    "broken-after": "SC201",
    "broken-after-any": "SC201",
    "self-after": "SC202",
    "self-after-any": "SC202",
    "cycle": "SC202",
    "cycle-through-after-any": "SC202",
    "undelivered-need": "SC301",
    "unknown-need": "SC302",
    "no-customer": "SC303",
    "unmet-requirement": "SC304",
    "unknown-requirement": "SC305",
    "foreign-requirement": "SC305",
    "duplicate-requirement": "SC003",
    "no-result": "SC401",
    "no-measures": "SC402",
    "missed-target": "SC404",
    "stale-review": "SC403",
    "future-review": "SC002",
    "dead-end": "SC203",
    "ghost-dependency": "SC204",
    "dependency-cycle": "SC205",
    "overload": "SC107",
    "duplicate-person": "SC003",
    "duplicate-link": "SC003",
    "duplicate-need": "SC003",
    "duplicate-service": "SC003",
}


def inject(repo: Repo, kind: str, a: int, b: int) -> None:
    """Apply one defect, choosing its target with ``a`` and ``b`` (so hypothesis can shrink them)."""
    services = repo.services()
    service = services[a % len(services)]
    all_links = [link for s in services for link in s.links]
    link = all_links[a % len(all_links)]
    teams = repo.teams()
    owning = [
        t for t in teams if any(link.owner == t.id for link in all_links) or any(s.owner == t.id for s in services)
    ]
    team = (owning or teams)[a % len(owning or teams)]
    people = repo.people()
    person = people[b % len(people)]
    other = people[(b + 1) % len(people)]
    docs = [d for docs in repo.files for d in docs]
    doc = docs[b % len(docs)]
    serial = f"{a % 1000}-{b % 1000}"
    today = repo.today
    assets = repo.assets()
    if kind in ("ghost-asset-owner", "unowned-asset", "unknown-asset", "duplicate-asset") and not assets:
        doc.assets.append(Asset(f"asset-{serial}", team.id))  # the repository now declares assets
        assets = repo.assets()
    asset = assets[a % len(assets)] if assets else None
    if kind == "unown-link":
        link.owner = None
    elif kind == "blank-link-owner":
        link.owner = Blank(["null", '""', "~", "''"][b % 4])
    elif kind == "ghost-link-owner":
        link.owner = f"ghost-{serial}"
    elif kind == "person-owns-link":
        link.owner = person.id
    elif kind == "unown-service":
        service.owner = None if b % 2 else Blank("null")
    elif kind == "ghost-service-owner":
        service.owner = f"ghost-{serial}"
    elif kind == "team-owns-service":
        service.owner = team.id
    elif kind == "team-no-facilitator":
        team.facilitator = None if b % 2 else Blank('""')
    elif kind == "team-no-members":
        team.members = None if b % 2 else []
    elif kind == "team-of-one":
        team.members = [person.id] * (1 + b % 2)  # one distinct member, maybe written twice
    elif kind == "ghost-member":
        team.members = [*(team.members or []), f"ghost-{serial}"]
    elif kind == "ghost-facilitator":
        team.facilitator = f"ghost-{serial}"
    elif kind == "ghost-deputy":
        link.deputy = f"ghost-{serial}"
    elif kind == "team-deputy":
        link.deputy = team.id
    elif kind == "deputy-is-the-owner":
        link.owner = link.deputy = person.id
    elif kind == "deputy-lifts-single-owner":
        link.owner, link.deputy = person.id, other.id
    elif kind == "deputy-has-left":
        link.owner, link.deputy = person.id, other.id
        other.active_until = today - datetime.timedelta(days=1 + a % 400)
    elif kind == "ghost-manager":
        person.manager = f"ghost-{serial}"
    elif kind == "team-manager":
        person.manager = team.id
    elif kind == "left-person":
        person.active_until = today - datetime.timedelta(days=1 + a % 400)
    elif kind == "leaving-person":
        person.active_until = today + datetime.timedelta(days=a % (repo.leaving_warning_days + 1))
    elif kind == "ghost-asset-owner":
        assert asset is not None
        asset.owner = f"ghost-{serial}"
    elif kind == "unowned-asset":
        assert asset is not None
        asset.owner = None
    elif kind == "unknown-asset":
        link.assets.append(f"no-such-asset-{serial}")
    elif kind == "duplicate-asset":
        assert asset is not None
        doc.assets.append(Asset(asset.id, None))  # the repeat has no owner: were it modelled, it would be SC502
    elif kind == "broken-after":
        link.after.append(
            [f"no-such-link-{serial}", f"no-such-service/link-{serial}", f"{service.id}/no-such-link-{serial}"][b % 3]
        )
    elif kind == "broken-after-any":
        link.after_any.append([f"no-such-link-{serial}", f"no-such-service/link-{serial}"][b % 2])
    elif kind == "self-after":
        link.after.append(link.id)
    elif kind == "self-after-any":
        link.after_any.append(link.id)
    elif kind in ("cycle", "cycle-through-after-any"):
        if len(service.links) >= 2:
            first, last = service.links[0], service.links[-1]
            # last builds on first through the chain: now a circle
            (first.after if kind == "cycle" else first.after_any).append(last.id)
    elif kind == "undelivered-need":
        service.needs = [*(service.needs or []), Need(f"extra-need-{serial}")]
    elif kind == "unknown-need":
        link.delivers.append(f"no-such-need-{serial}")
    elif kind == "no-customer":
        service.needs = None if b % 2 else []
    elif kind == "unmet-requirement":
        if service.needs:
            need = service.needs[b % len(service.needs)]
            need.requirements.append(Requirement(f"extra-req-{serial}", ["implicit", None][b % 2]))
    elif kind == "unknown-requirement":
        link.meets.append(f"no-such-requirement-{serial}")
    elif kind == "foreign-requirement":  # a requirement of another service, or of none
        own = next(s for s in services if link in s.links)
        theirs = [r.id for s in services if s is not own for n in s.needs or () for r in n.requirements]
        mine = {r.id for n in own.needs or () for r in n.requirements}
        link.meets.append(next((r for r in theirs if r not in mine), f"no-such-requirement-{serial}"))
    elif kind == "duplicate-requirement":
        if service.needs:
            need = service.needs[b % len(service.needs)]
            known = [r for n in service.needs for r in n.requirements]
            if not known:  # give the service one requirement, met, to repeat
                need.requirements.append(Requirement(f"req-{serial}"))
                service.links[0].meets.append(f"req-{serial}")
                known = need.requirements
            need.requirements.append(Requirement(known[a % len(known)].id))
    elif kind == "no-result":
        link.result = None if b % 2 else Blank('""')
    elif kind == "no-measures":
        link.measures = 0
    elif kind == "missed-target":
        if link.measures:
            link.values[:1] = [missed_measure(a, b)]
    elif kind == "stale-review":
        stale = today - datetime.timedelta(days=repo.review_every + 1 + b % 1000)
        if b % 2:
            service.reviewed_on = stale
        else:
            link.reviewed_on = stale
    elif kind == "future-review":
        future = today + datetime.timedelta(days=1 + b % 1000)
        if b % 2:
            service.reviewed_on = future
        else:
            link.reviewed_on = future
    elif kind == "dead-end":
        service.links.append(Link(f"dead-end-{serial}", service.links[0].owner))
    elif kind == "ghost-dependency":
        service.depends_on.append(f"no-such-service-{serial}")
    elif kind == "dependency-cycle":
        other_service = services[b % len(services)]
        service.depends_on.append(other_service.id)
        other_service.depends_on.append(service.id)
    elif kind == "overload":
        needs = service.needs or []
        for i in range(8):
            extra = Link(f"extra-{serial}-{i}", team.id)
            if needs:
                extra.delivers = [needs[0].id]
            service.links.append(extra)
    elif kind == "duplicate-person":
        doc.people.append(Person(person.id))
    elif kind == "duplicate-link":  # the repeat has no owner: were it modelled, it would be SC101
        service.links.append(Link(link.id if link in service.links else service.links[0].id, None))
    elif kind == "duplicate-need":
        if service.needs:
            service.needs.append(Need(service.needs[0].id))
    elif kind == "duplicate-service":  # the repeat has no owner and no customer: it must not be modelled
        doc.services.append(Service(service.id, None, None, [Link("link-of-the-repeat", None)]))
    else:  # pragma: no cover
        raise AssertionError(kind)


defects = st.lists(st.tuples(st.sampled_from(DEFECTS), st.integers(0, 10_000), st.integers(0, 10_000)), max_size=6)


def engine_findings(folder: Path, texts: dict[str, bytes], repo: Repo) -> Expected:
    """The check of the folder on the repository's today and settings."""
    with deadline(10):
        found = discover([str(folder)])
        report = check(found.files, repo.settings(), found.problems())
    assert_sane(report, texts)
    return Counter((f.rule, f.file, f.line, f.column) for f in report.findings)


def _diff(expected: Expected, actual: Expected) -> str:
    missing = sorted((expected - actual).elements())
    extra = sorted((actual - expected).elements())
    return f"\npredicted but not reported: {missing}\nreported but not predicted: {extra}"


@settings(CI, max_examples=500)
@given(repo=clean_repos(), injected=defects)
def test_findings_are_exactly_what_the_oracle_predicts(repo, injected):
    for kind, a, b in injected:
        inject(repo, kind, a, b)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        texts = emit(repo, folder)
        try:
            expected = oracle(repo)
        except Unpredictable:
            assume(False)
        actual = engine_findings(folder, texts, repo)
    GENERATED["generated: oracle"] += 1
    for rule, *_ in expected.elements():
        GENERATED["oracle predicted " + rule] += 1
    assert actual == expected, _diff(expected, actual)


@settings(CI, max_examples=60)
@given(repo=clean_repos())
def test_generated_clean_repositories_have_no_finding(repo):
    """The generator's promise, checked by both the oracle and svcchain."""
    with tempfile.TemporaryDirectory() as tmp:
        texts = emit(repo, Path(tmp))
        assert oracle(repo) == Counter()
        assert engine_findings(Path(tmp), texts, repo) == Counter()
    GENERATED["generated: clean"] += 1


@pytest.mark.parametrize("kind", DEFECTS)
def test_each_defect_raises_its_rule(kind, tmp_path):
    """Each injection alone, on a fixed repository: the oracle and svcchain agree, and the rule is there."""
    repo = _fixed_repo()
    inject(repo, kind, 1, 1)
    texts = emit(repo, tmp_path)
    expected = oracle(repo)
    actual = engine_findings(tmp_path, texts, repo)
    assert actual == expected, _diff(expected, actual)
    intended = INTENDED[kind]
    if intended.startswith("-"):  # the defect takes a finding away
        assert intended[1:] not in {rule for rule, *_ in expected}, (kind, expected)
    else:
        assert intended in {rule for rule, *_ in expected}, (kind, expected)


@pytest.mark.parametrize("kind", ["person-owns-link", "deputy-lifts-single-owner"])
def test_a_deputy_takes_away_the_single_owner_finding(kind, tmp_path):
    repo = _fixed_repo()
    inject(repo, kind, 1, 1)
    texts = emit(repo, tmp_path)
    rules = {rule for rule, *_ in engine_findings(tmp_path, texts, repo)}
    assert ("SC105" in rules) == (kind == "person-owns-link")


def _fixed_repo() -> Repo:
    people = [Person(f"person-{i}") for i in range(4)]
    people[2].manager = "person-3"
    people[3].active_until = datetime.date(2030, 1, 1)
    teams = [Team("team-0", ["person-0", "person-1"], "person-3"), Team("team-1", ["person-1", "person-2"], "person-3")]
    services = []
    for s in range(2):
        needs = [Need(f"need-{s}-0", [Requirement(f"req-{s}-0", "implicit")]), Need(f"need-{s}-1")]
        links = [
            Link(f"link-{s}-0", "team-0", delivers=[needs[1].id], reviewed_on=datetime.date(2026, 1, 1)),
            Link(f"link-{s}-1", "team-1", after=[f"link-{s}-0"], delivers=[needs[0].id], meets=[f"req-{s}-0"]),
        ]
        links[1].values = [missed_measure(0, 0)]
        links[1].values[0].actual = None  # no actual yet: nothing to compare
        services.append(Service(f"service-{s}", "person-0", needs, links, reviewed_on=datetime.date(2026, 3, 1)))
    services[1].depends_on = ["service-0"]
    services[0].links[0].assets = ["asset-0"]
    return Repo(
        [
            [Doc(people=people[:2], teams=teams, services=services[:1])],
            [Doc(people=people[2:], assets=[Asset("asset-0", "team-1")]), Doc(services=services[1:])],
        ]
    )


# --------------------------------------------------------------------------- mutations


WEIRD_VALUES = [
    "~",
    "null",
    "''",
    '""',
    "[]",
    "{}",
    "yes",
    "no",
    "on",
    "0",
    "-0",
    "0x1F",
    "0o17",
    "017",
    "1_000",
    "190:20:30",
    "1e3",
    ".inf",
    "-.INF",
    ".nan",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "2024-13-45",
    "9" * 5000,
    "1:" + "59:" * 2000 + "1",
    "!!binary aGk=",
    "!!str 1",
    "!!int 12",
    "!!float x",
    "!!python/none ''",
    "!custom value",
    "&anchor value",
    "*undefined",
    "'ünïcödé 名前 🙂'",
    '"\\e[31mred\\u202e\\0"',
    '"\\x85\\u2028line"',
    "'" + "x" * 100_000 + "'",
    "[" * 150 + "]" * 150,
    "{a: " * 120 + "b" + "}" * 120,
    "[a, b, {c: d}]",
    "{id: x, owner: [a, b]}",
    "|\n  block\n  text",
    ">-\n  folded",
    "? complex\n: key",
    "<<: *undefined",
    "- a\n- b",
    "{",
    "]",
    "'unterminated",
    '"bad \\q escape"',
    "@reserved",
    "`reserved",
    "%directive",
    "- - - - deep",
    "a: b: c",
    "x #comment",
    "#",
    "\t",
    "value\twith\ttabs",
]


@st.composite
def mutated_files(draw: Any) -> bytes:
    """A valid chain file, then one to four structure-aware text mutations."""
    repo = draw(clean_repos())
    with tempfile.TemporaryDirectory() as tmp:
        texts = emit(repo, Path(tmp))
    data = b"".join(texts.values())
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(
            st.sampled_from(
                [
                    "delete",
                    "duplicate",
                    "truncate",
                    "bytes",
                    "value",
                    "indent",
                    "tab",
                    "alias",
                    "deep",
                    "bom",
                    "crlf",
                    "marker",
                    "tag",
                    "swap",
                ]
            )
        )
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "delete" and lines:
            del lines[at]
        elif op == "duplicate" and lines:  # a repeated key, or a repeated list item
            lines.insert(at, lines[at])
        elif op == "truncate":
            joined = b"\n".join(lines)
            lines = joined[: draw(st.integers(0, len(joined)))].split(b"\n")
        elif op == "bytes":
            joined = b"\n".join(lines)
            cut = draw(st.integers(0, len(joined)))
            lines = (joined[:cut] + draw(st.binary(min_size=1, max_size=8)) + joined[cut:]).split(b"\n")
        elif op == "value" and lines:
            line = lines[at]
            head = line.split(b": ", 1)[0] if b": " in line else line.rstrip(b" -")
            weird = draw(st.sampled_from(WEIRD_VALUES)).encode("utf-8")
            indent = b" " * (len(head) - len(head.lstrip()) + 2)
            lines[at] = head + b": " + weird.replace(b"\n", b"\n" + indent)
        elif op == "indent" and lines:
            shift = draw(st.integers(-3, 3))
            lines[at] = b" " * max(0, shift) + lines[at][max(0, -shift) :]
        elif op == "tab" and lines:
            lines[at] = b"\t" + lines[at].lstrip(b" ")
        elif op == "alias" and lines:
            anchor_at = draw(st.integers(0, max(0, len(lines) - 1)))
            if b": " in lines[anchor_at]:
                key, value = lines[anchor_at].split(b": ", 1)
                lines[anchor_at] = key + b": &a " + value
            if b": " in lines[at]:
                lines[at] = lines[at].split(b": ", 1)[0] + b": *a"
        elif op == "deep" and lines:
            depth = draw(st.integers(1, 300))
            lines.insert(at, b"x-deep: " + b"[" * depth + b"]" * depth)
        elif op == "bom":
            lines[0] = b"\xef\xbb\xbf" + lines[0]
        elif op == "crlf":
            lines = [line + b"\r" for line in lines]
        elif op == "marker":
            lines.insert(at, draw(st.sampled_from([b"---", b"...", b"--- !!map", b"%YAML 1.1", b"svcchain: 2"])))
        elif op == "tag" and lines and b": " in lines[at]:
            key, value = lines[at].split(b": ", 1)
            lines[at] = key + b": " + draw(st.sampled_from([b"!!str ", b"!!python/str ", b"!x ", b"!!map "])) + value
        elif op == "swap" and len(lines) > 1:
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
    return b"\n".join(lines)


def _check_mutant(data: bytes) -> Any:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_good(folder)
        (folder / "mutant.yaml").write_bytes(data)
        start = time.perf_counter()
        with deadline(10):
            report = check_folder(folder)
        elapsed = time.perf_counter() - start
        assert elapsed < 2, f"a small mutated file took {elapsed:.1f} s"
        assert_sane(report, {str(folder / "mutant.yaml"): data})
        assert_good_checked(report)
        return report


@settings(CI, max_examples=500)
@given(data=mutated_files())
def test_text_mutations_never_crash_or_hang(data):
    _check_mutant(data)
    GENERATED["generated: text mutation"] += 1


# data-level mutations: any value, anywhere
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**60),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=10),
    st.dates(),
    st.binary(max_size=8),
    st.sampled_from(
        [
            "svcchain",
            "people",
            "teams",
            "services",
            "links",
            "owner",
            "after",
            "delivers",
            "x-meta",
            "id",
            "needs",
            "customer",
            "measures",
            "<<",
            "",
            " ",
            "no",
            "on",
            "1.0",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.none()), inner, max_size=4),
    ),
    max_leaves=12,
)


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*path, index)))
    return found


@st.composite
def mutated_data(draw: Any) -> bytes:
    repo = draw(clean_repos())
    with tempfile.TemporaryDirectory() as tmp:
        texts = emit(repo, Path(tmp))
    documents = [doc for text in texts.values() for doc in yaml.safe_load_all(text)]
    for _ in range(draw(st.integers(1, 4))):
        document = documents[draw(st.integers(0, len(documents) - 1))]
        paths = [path for path in _paths(document) if path]
        if not paths:
            continue
        path = draw(st.sampled_from(paths))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]  # a deleted key
        else:
            parent[path[-1]] = draw(values)  # a value of any type
    return yaml.safe_dump_all(documents, allow_unicode=draw(st.booleans()), sort_keys=False).encode("utf-8")


@settings(CI, max_examples=300)
@given(data=mutated_data())
def test_data_mutations_never_crash_or_hang(data):
    _check_mutant(data)
    GENERATED["generated: data mutation"] += 1


@settings(CI, max_examples=25)
@given(data=st.one_of(mutated_files(), mutated_data()), fmt=st.sampled_from(["text", "json"]))
def test_mutations_through_the_command_line(data, fmt):
    """The same through typer's CliRunner: exit 0, 1 or 2, never an exception or an internal error."""
    from typer.testing import CliRunner

    from svcchain.cli import app

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_good(folder)
        (folder / "mutant.yaml").write_bytes(data)
        with deadline(20):
            result = CliRunner().invoke(app, ["check", "--isolated", "--format", fmt, str(folder)])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert "good.yaml" in result.output
    GENERATED["generated: command-line mutation"] += 1
