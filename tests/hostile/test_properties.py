"""Property-based tests: generated chain repositories and structure-aware mutations.

1. **The oracle.** Hypothesis builds a valid chain repository (people, teams,
   services, customer needs, links with owners, handoffs and deliveries,
   spread over several files and documents) that has no finding at all, then
   injects defects (an owner removed, an ``after`` to nowhere, a need nobody
   delivers, a team without facilitator, ...).  A small oracle written here
   from docs/format.md - not from svcchain's rules - predicts every finding with
   its file, line and column (the test writes the YAML itself, so it knows
   where every node is).  The check must report exactly those.

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

import itertools
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

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

# --------------------------------------------------------------------------- the test's own model


class Blank(str):
    """A value that counts as missing (docs/format.md: null and "" count as missing), written as is."""


Pos = tuple[str, int, int]  # file, line, column


@dataclass(eq=False)
class Person:
    id: str
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)


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
class Need:
    id: str
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)


@dataclass(eq=False)
class Link:
    id: str
    owner: str | None
    result: str | None = "Done as agreed"
    measures: int = 1
    after: list = field(default_factory=list)
    delivers: list = field(default_factory=list)
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)
    owner_pos: Pos = ("", 0, 0)
    after_pos: list = field(default_factory=list)
    delivers_pos: list = field(default_factory=list)


@dataclass(eq=False)
class Service:
    id: str
    owner: str | None
    needs: list[Need] | None  # None: no customer at all
    links: list[Link]
    depends_on: list = field(default_factory=list)
    pos: Pos = ("", 0, 0)
    id_pos: Pos = ("", 0, 0)
    owner_pos: Pos = ("", 0, 0)
    depends_pos: list = field(default_factory=list)


@dataclass(eq=False)
class Doc:
    people: list = field(default_factory=list)
    teams: list = field(default_factory=list)
    services: list = field(default_factory=list)


@dataclass(eq=False)
class Repo:
    files: list[list[Doc]]  # files in name order; each a list of documents

    def people(self) -> list[Person]:
        return [p for docs in self.files for d in docs for p in d.people]

    def teams(self) -> list[Team]:
        return [t for docs in self.files for d in docs for t in d.teams]

    def services(self) -> list[Service]:
        return [s for docs in self.files for d in docs for s in d.services]

    def file_name(self, index: int) -> str:
        return f"chain-{index:02d}.yaml"


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

        for number, doc in enumerate(docs):
            if number:
                add("---")
            add("svcchain: 1")
            if doc.people:
                add("people:")
                for person in doc.people:
                    line = add(f"  - id: {person.id}")
                    person.pos, person.id_pos = (name, line, 5), (name, line, 9)
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
            if doc.services:
                add("services:")
                for service in doc.services:
                    line = add(f"  - id: {service.id}")
                    service.pos, service.id_pos = (name, line, 5), (name, line, 9)
                    add("    name: A service of the generated repository")
                    if service.owner is not None:
                        service.owner_pos = (name, add(f"    owner: {value(service.owner)}"), 12)
                    service.depends_pos = []
                    if service.depends_on:
                        add("    depends_on:")
                        for ref in service.depends_on:
                            service.depends_pos.append((name, add(f"      - {ref}"), 9))
                    if service.needs is not None:
                        add("    customer:")
                        add("      name: Customers")
                        if service.needs:
                            add("      needs:")
                            for need in service.needs:
                                line = add(f"        - id: {need.id}")
                                need.pos, need.id_pos = (name, line, 11), (name, line, 15)
                                add("          text: What the customer really wants")
                    if service.links:
                        add("    links:")
                    for link in service.links:
                        line = add(f"      - id: {link.id}")
                        link.pos, link.id_pos = (name, line, 9), (name, line, 13)
                        if link.owner is not None:
                            link.owner_pos = (name, add(f"        owner: {value(link.owner)}"), 16)
                        if link.result is not None:
                            add(f"        result: {link.result}")
                        if link.measures:
                            add("        measures:")
                            for number_ in range(link.measures):
                                add(f"          - name: measure {number_}")
                                add('            target: ">= 99%"')
                        link.after_pos = []
                        if link.after:
                            add("        after:")
                            for ref in link.after:
                                link.after_pos.append((name, add(f"          - {ref}"), 13))
                        link.delivers_pos = []
                        if link.delivers:
                            add("        delivers:")
                            for ref in link.delivers:
                                link.delivers_pos.append((name, add(f"          - {ref}"), 13))
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


def oracle(repo: Repo, max_links_per_owner: int = 7) -> Expected:
    """Every finding docs/format.md predicts for the repository, as (rule, file, line, column)."""
    out: Expected = Counter()

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
    services: dict[str, Service] = {}
    for service in repo.services():
        if service.id in services:
            at("SC003", service.id_pos)
        else:
            services[service.id] = service
    links: dict[str, dict[str, Link]] = {}
    needs: dict[str, dict[str, Need]] = {}
    order: dict[int, tuple] = {}  # file order of links and services
    for service in services.values():
        links[service.id], needs[service.id] = {}, {}
        for need in service.needs or ():
            if need.id in needs[service.id]:
                at("SC003", need.id_pos)
            else:
                needs[service.id][need.id] = need
        for link in service.links:
            if link.id in links[service.id]:
                at("SC003", link.id_pos)
            else:
                links[service.id][link.id] = link
                order[id(link)] = link.pos

    # teams: members and facilitators are people (SC102)
    for team in teams.values():
        for member, pos in zip(team.members or (), team.member_pos, strict=False):
            if member not in people:
                at("SC102", pos)
        if not _missing(team.facilitator) and team.facilitator not in people:
            at("SC102", team.facilitator_pos)

    owned: set[str] = set()
    load: Counter = Counter()
    delivered: dict[str, set[str]] = {sid: set() for sid in services}
    handoffs: dict[int, list[int]] = {}  # link → links that build on it
    by_id: dict[int, Link] = {}
    link_service: dict[int, str] = {}
    for service in services.values():
        if _missing(service.owner):
            at("SC103", service.pos)
        elif service.owner not in people and service.owner not in teams:
            at("SC102", service.owner_pos)
        else:
            owned.add(service.owner)
        if not needs[service.id]:
            at("SC303", service.pos)
        for link in links[service.id].values():
            by_id[id(link)] = link
            link_service[id(link)] = service.id
            if _missing(link.owner):
                at("SC101", link.pos)
            else:
                load[link.owner] += 1
                if link.owner in people:
                    owned.add(link.owner)
                    at("SC105", link.owner_pos)
                elif link.owner in teams:
                    owned.add(link.owner)
                    if len(set(teams[link.owner].members or ())) == 1:
                        at("SC105", link.owner_pos)
                else:
                    at("SC102", link.owner_pos)
            if _missing(link.result):
                at("SC401", link.pos)
            if not link.measures:
                at("SC402", link.pos)
            for ref, pos in zip(link.after, link.after_pos, strict=False):
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
    for service in services.values():
        for need in needs[service.id].values():
            if need.id not in delivered[service.id]:
                at("SC301", need.pos)

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


# --------------------------------------------------------------------------- generating clean repositories


@st.composite
def clean_repos(draw: Any) -> Repo:
    """A repository with no finding at all: every rule of docs/format.md satisfied."""
    n_people = draw(st.integers(3, 7))
    people = [Person(f"person-{i}") for i in range(n_people)]
    n_services = draw(st.integers(1, 4))
    link_counts = [draw(st.integers(1, 5)) for _ in range(n_services)]
    n_teams = max(1, -(-sum(link_counts) // 7)) + draw(st.integers(0, 2))
    teams = []
    for i in range(n_teams):
        members = draw(st.lists(st.sampled_from([p.id for p in people]), min_size=2, max_size=3, unique=True))
        teams.append(Team(f"team-{i}", members, draw(st.sampled_from([p.id for p in people]))))
    services = []
    slot = itertools.count()
    for s in range(n_services):
        needs = [Need(f"need-{s}-{i}") for i in range(draw(st.integers(1, 3)))]
        links = []
        for i in range(link_counts[s]):
            link = Link(f"link-{s}-{i}", teams[next(slot) % n_teams].id)
            if i:
                earlier = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True))
                link.after = sorted({f"link-{s}-{i - 1}", *(f"link-{s}-{j}" for j in earlier)})
            if s and draw(st.booleans()):  # a handoff from an earlier service
                other = draw(st.integers(0, s - 1))
                link.after.append(f"service-{other}/link-{other}-{draw(st.integers(0, link_counts[other] - 1))}")
            links.append(link)
        links[-1].delivers.append(needs[0].id)
        for need in needs[1:]:
            links[draw(st.integers(0, len(links) - 1))].delivers.append(need.id)
        owner = draw(st.sampled_from([p.id for p in people] + [t.id for t in teams]))
        service = Service(f"service-{s}", owner, needs, links)
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
    for service in services:
        place(service, "services")
    return Repo(files)


# --------------------------------------------------------------------------- injecting defects

DEFECTS = [
    "unown-link",
    "blank-link-owner",
    "ghost-link-owner",
    "person-owns-link",
    "unown-service",
    "ghost-service-owner",
    "team-no-facilitator",
    "team-no-members",
    "team-of-one",
    "ghost-member",
    "ghost-facilitator",
    "broken-after",
    "self-after",
    "cycle",
    "undelivered-need",
    "unknown-need",
    "no-customer",
    "no-result",
    "no-measures",
    "dead-end",
    "ghost-dependency",
    "dependency-cycle",
    "overload",
    "duplicate-person",
    "duplicate-link",
    "duplicate-need",
    "duplicate-service",
]

#: The rule each defect is meant to raise (checked on its own in test_each_defect_raises_its_rule).
INTENDED = {
    "unown-link": "SC101",
    "blank-link-owner": "SC101",
    "ghost-link-owner": "SC102",
    "person-owns-link": "SC105",
    "unown-service": "SC103",
    "ghost-service-owner": "SC102",
    "team-no-facilitator": "SC106",
    "team-no-members": "SC104",
    "team-of-one": "SC105",
    "ghost-member": "SC102",
    "ghost-facilitator": "SC102",
    "broken-after": "SC201",
    "self-after": "SC202",
    "cycle": "SC202",
    "undelivered-need": "SC301",
    "unknown-need": "SC302",
    "no-customer": "SC303",
    "no-result": "SC401",
    "no-measures": "SC402",
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
    docs = [d for docs in repo.files for d in docs]
    doc = docs[b % len(docs)]
    serial = f"{a % 1000}-{b % 1000}"
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
    elif kind == "broken-after":
        link.after.append(
            [f"no-such-link-{serial}", f"no-such-service/link-{serial}", f"{service.id}/no-such-link-{serial}"][b % 3]
        )
    elif kind == "self-after":
        link.after.append(link.id)
    elif kind == "cycle":
        if len(service.links) >= 2:
            first, last = service.links[0], service.links[-1]
            first.after.append(last.id)  # last builds on first through the chain: now a circle
    elif kind == "undelivered-need":
        service.needs = [*(service.needs or []), Need(f"extra-need-{serial}")]
    elif kind == "unknown-need":
        link.delivers.append(f"no-such-need-{serial}")
    elif kind == "no-customer":
        service.needs = None if b % 2 else []
    elif kind == "no-result":
        link.result = None if b % 2 else Blank('""')
    elif kind == "no-measures":
        link.measures = 0
    elif kind == "dead-end":
        service.links.append(Link(f"dead-end-{serial}", service.links[0].owner))
    elif kind == "ghost-dependency":
        service.depends_on.append(f"no-such-service-{serial}")
    elif kind == "dependency-cycle":
        other = services[b % len(services)]
        service.depends_on.append(other.id)
        other.depends_on.append(service.id)
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


def engine_findings(folder: Path, texts: dict[str, bytes]) -> Expected:
    with deadline(10):
        report = check_folder(folder)
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
        actual = engine_findings(folder, texts)
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
        assert engine_findings(Path(tmp), texts) == Counter()
    GENERATED["generated: clean"] += 1


@pytest.mark.parametrize("kind", DEFECTS)
def test_each_defect_raises_its_rule(kind, tmp_path):
    """Each injection alone, on a fixed repository: the oracle and svcchain agree, and the rule is there."""
    repo = _fixed_repo()
    inject(repo, kind, 1, 1)
    texts = emit(repo, tmp_path)
    expected = oracle(repo)
    actual = engine_findings(tmp_path, texts)
    assert actual == expected, _diff(expected, actual)
    assert INTENDED[kind] in {rule for rule, *_ in expected}, (kind, expected)


def _fixed_repo() -> Repo:
    people = [Person(f"person-{i}") for i in range(4)]
    teams = [Team("team-0", ["person-0", "person-1"], "person-3"), Team("team-1", ["person-1", "person-2"], "person-3")]
    services = []
    for s in range(2):
        needs = [Need(f"need-{s}-0"), Need(f"need-{s}-1")]
        links = [
            Link(f"link-{s}-0", "team-0", delivers=[needs[1].id]),
            Link(f"link-{s}-1", "team-1", after=[f"link-{s}-0"], delivers=[needs[0].id]),
        ]
        services.append(Service(f"service-{s}", "person-0", needs, links))
    services[1].depends_on = ["service-0"]
    return Repo(
        [
            [Doc(people=people[:2], teams=teams, services=services[:1])],
            [Doc(people=people[2:]), Doc(services=services[1:])],
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
