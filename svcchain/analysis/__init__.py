"""What the views compute: pure functions of the checked model, graph and findings.

Every view (show, trace, owners, impact, graph, report) reads one
``Analysis`` so that the terminal, the diagrams and the report tell the same
story.  Nothing here prints, reads files or knows about a format.

Terms used throughout:

- *handoff order*: the links of a service sorted so that every link comes
  after the links of the same service it builds on (``after``); ties keep
  file order; a circle of handoffs (SC202) is broken at its first link in
  file order, so the order always exists and is found in linear time.
- *effective owner*: the owner of a link when it is a declared person, or a
  declared team with at least one declared member.  A link without one has
  *no effective owner* (missing or undeclared owner, or an empty team).
- *chain start*: a link that builds on no other link, or a link in a circle
  of links that no other link feeds.
- *delivering path* of a customer need: a path of handoffs from a chain start
  to a link that delivers the need.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from svcchain.findings import Finding, Severity

if TYPE_CHECKING:
    from svcchain.chainmodel import ChainModel, Link, Need, Service, Team
    from svcchain.graph import ChainGraph
    from svcchain.report import Report

Progress = Callable[[], None] | None

#: How many delivering paths ``trace`` lists per need before it says "and more".
DEFAULT_MAX_PATHS = 10
#: Search steps per need; keeps a dense graph from taking forever.
PATH_SEARCH_BUDGET = 20_000

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)

# --------------------------------------------------------------------------- health score

#: Points a chain loses per finding about it, by severity.
HEALTH_PENALTY = {Severity.ERROR: 20, Severity.WARNING: 5, Severity.INFO: 1}
HEALTH_BANDS = ((90, "healthy"), (70, "needs attention"), (0, "at risk"))
HEALTH_EXPLANATION = (
    "Chain health starts at 100 and loses 20 points per error, 5 per warning and 1 per info "
    "among the findings about the service: about the service itself, its links and needs, and "
    "the teams and people that own its links. It never drops below 0. 90 to 100 is healthy, "
    "70 to 89 needs attention, below 70 the chain is at risk."
)


def health_band(score: int) -> str:
    for floor, band in HEALTH_BANDS:
        if score >= floor:
            return band
    return HEALTH_BANDS[-1][1]


# --------------------------------------------------------------------------- owners


@dataclass(frozen=True)
class OwnerStatus:
    """Who answers for a link or service, as far as the model knows."""

    id: str | None
    kind: str  # "person" | "team" | "unknown" (not declared) | "missing" (no owner)
    members: tuple[str, ...] = ()  # a team's declared members, distinct, in declared order
    facilitator: str | None = None  # a team's facilitator, when declared as a person

    @property
    def effective(self) -> bool:
        return self.kind == "person" or (self.kind == "team" and bool(self.members))

    @property
    def label(self) -> str:
        return self.id if self.id is not None else "(no owner)"


@dataclass(frozen=True)
class Issue:
    """A weakness of one link as a hop of a chain."""

    code: str  # missing-owner, unknown-owner, empty-team, single-person, overloaded, no-result, no-measure
    text: str
    weight: int


ISSUE_WEIGHT = {
    "missing-owner": 5,
    "unknown-owner": 5,
    "empty-team": 5,
    "single-person": 3,
    "no-result": 2,
    "overloaded": 2,
    "no-measure": 1,
}


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    worst: Severity | None = None
    for finding in findings:
        if worst is None or finding.severity.rank > worst.rank:
            worst = finding.severity
    return worst


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(finding.severity.value for finding in findings)
    return {severity.value: counts.get(severity.value, 0) for severity in SEVERITY_ORDER}


# --------------------------------------------------------------------------- traces


@dataclass(frozen=True)
class Hop:
    link: Link
    owner: OwnerStatus
    issues: tuple[Issue, ...]

    @cached_property
    def weakness(self) -> int:
        return sum(issue.weight for issue in self.issues)


@dataclass(frozen=True)
class ChainPath:
    """One delivering path, upstream first; ``cycle`` when it was cut at a circle of handoffs."""

    hops: tuple[Hop, ...]
    cycle: bool = False

    @cached_property
    def weakest(self) -> int | None:
        """Index of the weakest hop (most serious issues; the upstream one on a tie), if any is weak."""
        best, best_index = 0, None
        for index, hop in enumerate(self.hops):
            if hop.weakness > best:
                best, best_index = hop.weakness, index
        return best_index

    @property
    def gap(self) -> bool:
        """A hop on this path has no effective owner."""
        return any(not hop.owner.effective for hop in self.hops)


@dataclass(frozen=True)
class NeedTrace:
    service: Service
    need: Need
    delivering: tuple[Link, ...]
    paths: tuple[ChainPath, ...]
    more: bool = False  # more paths exist than are listed

    @property
    def delivered(self) -> bool:
        return bool(self.delivering)

    @property
    def fully_owned(self) -> bool:
        """At least one listed path has an effective owner at every hop."""
        return any(not path.gap for path in self.paths)


# --------------------------------------------------------------------------- impact


@dataclass(frozen=True)
class LostLink:
    link: Link
    reason: str


@dataclass(frozen=True)
class NeedAtRisk:
    service: Service
    need: Need
    lost_on_paths: tuple[Link, ...]  # the lost links its delivering paths run through


@dataclass
class Impact:
    """What breaks when one person or team is unavailable."""

    owner: str
    kind: str  # person | team
    lost_links: list[LostLink] = field(default_factory=list)
    emptied_teams: list[Team] = field(default_factory=list)  # teams left with no member
    weakened_teams: list[Team] = field(default_factory=list)  # teams left resting on one person
    member_of: list[Team] = field(default_factory=list)
    services_without_owner: list[Service] = field(default_factory=list)
    teams_without_facilitator: list[Team] = field(default_factory=list)
    needs_at_risk: list[NeedAtRisk] = field(default_factory=list)
    services_affected: list[Service] = field(default_factory=list)
    facilitators: list[tuple[Team, str | None]] = field(default_factory=list)
    service_owners: list[tuple[Service, str | None]] = field(default_factory=list)  # of affected services

    @property
    def changes_nothing(self) -> bool:
        """No link, service or team is left without its owner, member or facilitator; no need at risk."""
        return not (
            self.lost_links
            or self.emptied_teams
            or self.weakened_teams
            or self.services_without_owner
            or self.teams_without_facilitator
            or self.needs_at_risk
        )

    @property
    def breaks_needs(self) -> bool:
        return bool(self.needs_at_risk)


IMPACT_DEFINITION = (
    "A link loses its owner when its owner is unavailable, or when its owner is a team whose "
    "last declared member is unavailable. A customer need is at risk when every delivering path "
    "to it - every path of handoffs from a chain start (a link that builds on no other link) to "
    "a link that delivers the need - runs through a link without an owner. Only needs that had "
    "such a path before count: a need nobody delivers is unmet already (SC301)."
)


# --------------------------------------------------------------------------- the analysis


class Analysis:
    """The model, its graph and its findings, with the computations the views share.

    Cheap to build; every computation is done once, on first use.
    """

    def __init__(
        self,
        model: ChainModel,
        graph: ChainGraph,
        findings: Iterable[Finding] = (),
        max_links_per_owner: int = 7,
        paths: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        self.graph = graph
        self.findings = list(findings)
        self.max_links_per_owner = max_links_per_owner
        self.paths = tuple(paths)
        self._cache: dict[str, Any] = {}

    @classmethod
    def from_report(cls, report: Report, max_links_per_owner: int = 7, paths: Iterable[str] = ()) -> Analysis:
        return cls(report.model, report.graph, report.findings, max_links_per_owner, tuple(paths))

    def _once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    # ----------------------------------------------------------------- basics

    @property
    def services(self) -> list[Service]:
        return list(self.model.services.values())

    def service(self, service_id: str) -> Service | None:
        return self.model.services.get(service_id)

    def owner_ids(self) -> list[str]:
        return list(self.model.people) + list(self.model.teams)

    def name_of(self, owner_id: str | None) -> str | None:
        if owner_id is None:
            return None
        entity = self.model.people.get(owner_id) or self.model.teams.get(owner_id)
        return entity.name if entity is not None else None

    def declared_members(self, team: Team) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for ref in team.members:
            if ref.value in self.model.people:
                seen.setdefault(ref.value)
        return tuple(seen)

    def owner_status(self, owner_id: str | None) -> OwnerStatus:
        cache = self._once("owner_status", dict)
        if owner_id in cache:
            return cache[owner_id]
        model = self.model
        if owner_id is None:
            status = OwnerStatus(None, "missing")
        elif owner_id in model.people:
            status = OwnerStatus(owner_id, "person")
        elif owner_id in model.teams:
            team = model.teams[owner_id]
            facilitator = team.facilitator.value if team.facilitator is not None else None
            status = OwnerStatus(
                owner_id, "team", self.declared_members(team), facilitator if facilitator in model.people else None
            )
        else:
            status = OwnerStatus(owner_id, "unknown")
        cache[owner_id] = status
        return status

    def link_owner(self, link: Link) -> OwnerStatus:
        return self.owner_status(link.owner.value if link.owner is not None else None)

    def direct_link_counts(self) -> Counter:
        """Links each owner id names directly (what SC107 counts)."""

        def count() -> Counter:
            counts: Counter = Counter()
            for link in self.model.links():
                if link.owner is not None:
                    counts[link.owner.value] += 1
            return counts

        return self._once("direct_counts", count)

    def link_issues(self, link: Link) -> tuple[Issue, ...]:
        cache = self._once("issues", dict)
        key = link.key
        if key in cache:
            return cache[key]
        issues: list[Issue] = []
        owner = self.link_owner(link)
        if owner.kind == "missing":
            issues.append(Issue("missing-owner", "no owner", ISSUE_WEIGHT["missing-owner"]))
        elif owner.kind == "unknown":
            issues.append(
                Issue(
                    "unknown-owner",
                    f"owner '{owner.id}' is not a declared person or team",
                    ISSUE_WEIGHT["unknown-owner"],
                )
            )
        elif owner.kind == "team" and not owner.members:
            issues.append(Issue("empty-team", f"team '{owner.id}' has no members", ISSUE_WEIGHT["empty-team"]))
        elif owner.kind == "person":
            issues.append(Issue("single-person", f"rests on one person: '{owner.id}'", ISSUE_WEIGHT["single-person"]))
        elif owner.kind == "team" and len(owner.members) == 1:
            issues.append(
                Issue(
                    "single-person",
                    f"rests on one person: team '{owner.id}' has only '{owner.members[0]}'",
                    ISSUE_WEIGHT["single-person"],
                )
            )
        if owner.id is not None and owner.kind in ("person", "team"):
            held = self.direct_link_counts()[owner.id]
            if held > self.max_links_per_owner:
                issues.append(
                    Issue(
                        "overloaded",
                        f"'{owner.id}' holds {held} links (limit {self.max_links_per_owner})",
                        ISSUE_WEIGHT["overloaded"],
                    )
                )
        if link.result is None:
            issues.append(Issue("no-result", "states no result", ISSUE_WEIGHT["no-result"]))
        if link.measures == 0:
            issues.append(Issue("no-measure", "no measure", ISSUE_WEIGHT["no-measure"]))
        result = tuple(issues)
        cache[key] = result
        return result

    def hop(self, link: Link) -> Hop:
        cache = self._once("hops", dict)
        found = cache.get(link.key)
        if found is None:
            found = cache[link.key] = Hop(link, self.link_owner(link), self.link_issues(link))
        return found

    # ----------------------------------------------------------------- findings

    def _findings_index(self) -> dict[str, Any]:
        by_link: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        by_service: dict[str, list[Finding]] = defaultdict(list)  # every finding about the service
        service_level: dict[str, list[Finding]] = defaultdict(list)  # about the service, no link
        by_owner: dict[str, list[Finding]] = defaultdict(list)
        repository: list[Finding] = []
        owned_by = self._services_by_owner()
        for finding in self.findings:
            if finding.service is not None and finding.service in self.model.services:
                by_service[finding.service].append(finding)
                if finding.link is not None:
                    by_link[(finding.service, finding.link)].append(finding)
                else:
                    service_level[finding.service].append(finding)
                continue
            owner = _owner_of_subject(finding.subject)
            if owner is not None:
                by_owner[owner].append(finding)
                services = owned_by.get(owner, ())
                for service_id in services:
                    by_service[service_id].append(finding)
                if services:
                    continue
            repository.append(finding)
        return {
            "link": by_link,
            "service": by_service,
            "service_level": service_level,
            "owner": by_owner,
            "repository": repository,
        }

    def _index(self) -> dict[str, Any]:
        return self._once("findings_index", self._findings_index)

    def link_findings(self, link: Link) -> list[Finding]:
        return self._index()["link"].get((link.service, link.id), [])

    def service_findings(self, service_id: str) -> list[Finding]:
        """Every finding about the service: its own, its links', its needs', its owners'."""
        return self._index()["service"].get(service_id, [])

    def service_level_findings(self, service_id: str) -> list[Finding]:
        """Findings about the service that are not about one of its links."""
        return self._index()["service_level"].get(service_id, [])

    def owner_findings(self, owner_id: str) -> list[Finding]:
        return self._index()["owner"].get(owner_id, [])

    def repository_findings(self) -> list[Finding]:
        """Findings no service can be held to: unreadable files, people no chain uses, ..."""
        return self._index()["repository"]

    def _services_by_owner(self) -> dict[str, list[str]]:
        """Owner id → services in which it owns the service or a link (file order)."""

        def compute() -> dict[str, list[str]]:
            found: dict[str, dict[str, None]] = defaultdict(dict)
            for service in self.model.services.values():
                if service.owner is not None:
                    found[service.owner.value].setdefault(service.id)
                for link in service.links.values():
                    if link.owner is not None:
                        found[link.owner.value].setdefault(service.id)
            return {owner: list(services) for owner, services in found.items()}

        return self._once("services_by_owner", compute)

    def health(self, service_id: str) -> int:
        penalty = sum(HEALTH_PENALTY[finding.severity] for finding in self.service_findings(service_id))
        return max(0, 100 - penalty)

    # ----------------------------------------------------------------- handoff order

    def handoff_order(self, service: Service) -> list[Link]:
        """The service's links, each after the links of the service it builds on (see module doc)."""
        cache = self._once("order", dict)
        if service.id not in cache:
            cache[service.id] = self._order(service)[0]
        return cache[service.id]

    def depths(self, service: Service) -> dict[str, int]:
        """Link id → handoff depth within the service (0 for a link that builds on none of its links)."""
        cache = self._once("depths", dict)
        if service.id not in cache:
            cache[service.id] = self._order(service)[1]
        return cache[service.id]

    def _order(self, service: Service) -> tuple[list[Link], dict[str, int]]:
        from svcchain.graph import link_node

        handoffs = self.graph.handoffs
        links = list(service.links.values())
        inside: dict[Any, Link] = {link_node(link): link for link in links}
        waiting = {link.id: 0 for link in links}
        for node, link in inside.items():
            waiting[link.id] = sum(1 for before in handoffs.pred[node] if before in inside and before != node)
        ready = [(link.seq, link.id) for link in links if waiting[link.id] == 0]
        heapq.heapify(ready)
        placed: dict[str, int] = {}  # link id → depth
        order: list[Link] = []
        by_seq = sorted(links, key=lambda link: link.seq)
        next_unplaced = 0
        while len(order) < len(links):
            if ready:
                _, link_id = heapq.heappop(ready)
                if link_id in placed:
                    continue
                link = service.links[link_id]
            else:  # only circles are left: break the first one in file order
                while by_seq[next_unplaced].id in placed:
                    next_unplaced += 1
                link = by_seq[next_unplaced]
            node = link_node(link)
            depth = 0
            for before in handoffs.pred[node]:
                if before in inside and inside[before].id in placed:
                    depth = max(depth, placed[inside[before].id] + 1)
            placed[link.id] = depth
            order.append(link)
            for after in handoffs.succ[node]:
                follower = inside.get(after)
                if follower is None or follower.id in placed:
                    continue
                waiting[follower.id] -= 1
                if waiting[follower.id] == 0:
                    heapq.heappush(ready, (follower.seq, follower.id))
        return order, placed

    def upstream_links(self, service: Service) -> list[Link]:
        """Links of other services that hand their result on to this service's links (file order)."""
        from svcchain.graph import link_node

        found: dict[str, Link] = {}
        for link in service.links.values():
            for before in self.graph.handoffs.pred[link_node(link)]:
                entity = self.graph.handoffs.nodes[before]["entity"]
                if before[0] == "link" and entity.service != service.id:
                    found.setdefault(entity.key, entity)
        return sorted(found.values(), key=lambda link: link.seq)

    def downstream_links(self, service: Service) -> list[Link]:
        """Links of other services that build on this service's links (file order)."""
        from svcchain.graph import link_node

        found: dict[str, Link] = {}
        for link in service.links.values():
            for after in self.graph.handoffs.succ[link_node(link)]:
                entity = self.graph.handoffs.nodes[after]["entity"]
                if after[0] == "link" and entity.service != service.id:
                    found.setdefault(entity.key, entity)
        return sorted(found.values(), key=lambda link: link.seq)

    def resolved_after(self, link: Link) -> list[Link]:
        """The links this link builds on, as far as they exist (file order of ``after``)."""
        from svcchain.graph import resolve_handoff

        found = []
        for ref in link.after:
            before = resolve_handoff(self.model, link.service, ref)
            if before is not None and before not in found:
                found.append(before)
        return found

    def delivering_links(self, service: Service, need: Need) -> list[Link]:
        pred = self.graph.handoffs.pred[("need", service.id, need.id)]
        links = [self.graph.handoffs.nodes[node]["entity"] for node in pred]
        return sorted(links, key=lambda link: link.seq)

    # ----------------------------------------------------------------- traces

    def _sorted_pred(self, node: Any) -> list[Any]:
        cache = self._once("sorted_pred", dict)
        if node not in cache:
            handoffs = self.graph.handoffs
            cache[node] = sorted(handoffs.pred[node], key=lambda other: handoffs.nodes[other]["entity"].seq)
        return cache[node]

    def trace(
        self, service: Service, need: Need, max_paths: int = DEFAULT_MAX_PATHS, budget: int = PATH_SEARCH_BUDGET
    ) -> NeedTrace:
        """The delivering paths of one need, at most ``max_paths`` of them.

        A depth-first walk backwards along ``after`` from each delivering link.
        A path starts at a link of the service that builds on no other link,
        at the link of another service that hands on into the service (its
        own chain is that service's trace), or where every earlier link is
        already on the path (a circle).  Every branch of the walk ends in a
        path, so the work is bounded by ``max_paths`` times the length of a
        path; ``budget`` steps stop a dense graph once a path has been found.
        """
        from svcchain.graph import link_node

        nodes = self.graph.handoffs.nodes
        delivering = self.delivering_links(service, need)
        found: list[ChainPath] = []
        more = False
        steps = 0
        for last in delivering:
            if more:
                break
            end = link_node(last)
            path: list[Any] = [end]
            on_path = {end}
            stack = [iter(self._sorted_pred(end))]
            extended = [False]
            while stack:
                before = next((node for node in stack[-1] if node not in on_path), None)
                if before is not None:
                    steps += 1  # count the steps forward: every step back undoes one
                    if steps > budget and found:
                        more = True
                        break
                    extended[-1] = True
                    path.append(before)
                    on_path.add(before)
                    # the walk enters from another service at its handoff link and goes no further
                    stack.append(iter(self._sorted_pred(before) if before[1] == service.id else ()))
                    extended.append(False)
                    continue
                if not extended[-1]:  # nothing earlier to walk to: a full path
                    if len(found) == max_paths:
                        more = True
                        break
                    top = path[-1]
                    cycle = top[1] == service.id and bool(self.graph.handoffs.pred[top])
                    found.append(ChainPath(tuple(self.hop(nodes[node]["entity"]) for node in reversed(path)), cycle))
                stack.pop()
                extended.pop()
                on_path.discard(path.pop())
        return NeedTrace(service, need, tuple(delivering), tuple(found), more)

    def traces(self, service: Service, max_paths: int = DEFAULT_MAX_PATHS) -> list[NeedTrace]:
        return [self.trace(service, need, max_paths) for need in service.needs.values()]

    # ----------------------------------------------------------------- impact

    def _starts(self) -> set[Any]:
        """Chain starts: link nodes of strongly connected groups that nothing else feeds."""

        def compute() -> set[Any]:
            import networkx as nx

            handoffs = self.graph.handoffs
            links = [node for node in handoffs if node[0] == "link"]
            sub = handoffs.subgraph(links)
            starts: set[Any] = set()
            for component in nx.strongly_connected_components(sub):
                if len(component) == 1:
                    (node,) = component
                    if not sub.pred[node] or (len(sub.pred[node]) == 1 and node in sub.pred[node]):
                        starts.add(node)
                    continue
                if not any(before not in component for node in component for before in sub.pred[node]):
                    starts.update(component)
            return starts

        return self._once("starts", compute)

    def _unowned_nodes(self) -> set[Any]:
        """Link nodes that have no effective owner today."""
        from svcchain.graph import link_node

        return self._once(
            "unowned", lambda: {link_node(link) for link in self.model.links() if not self.link_owner(link).effective}
        )

    def _reachable(self, lost: set[Any]) -> set[Any]:
        """Nodes reachable from a chain start without passing a lost link."""
        handoffs = self.graph.handoffs
        seen = {node for node in self._starts() if node not in lost}
        queue = deque(seen)
        while queue:
            node = queue.popleft()
            for after in handoffs.succ[node]:
                if after not in seen and after not in lost:
                    seen.add(after)
                    queue.append(after)
        return seen

    def _baseline(self) -> set[Any]:
        return self._once("baseline", lambda: self._reachable(self._unowned_nodes()))

    def _at_risk(self, newly_lost: set[Any]) -> list[tuple[Any, list[Any]]]:
        """Need nodes reachable today that ``newly_lost`` cuts off, with the lost links upstream of each.

        Only the part of the graph downstream of the lost links can change,
        so only that part is walked again: a node outside it keeps today's
        reachability, because no path to it passes a newly lost link.
        """
        if not newly_lost:
            return []
        handoffs = self.graph.handoffs
        baseline = self._baseline()
        lost = self._unowned_nodes() | newly_lost
        downstream = set(newly_lost)
        queue = deque(newly_lost)
        while queue:
            node = queue.popleft()
            for after in handoffs.succ[node]:
                if after not in downstream:
                    downstream.add(after)
                    queue.append(after)
        starts = self._starts()
        seeds = [
            node
            for node in downstream
            if node not in lost
            and (
                node in starts or any(before not in downstream and before in baseline for before in handoffs.pred[node])
            )
        ]
        reached = set(seeds)
        queue = deque(seeds)
        while queue:
            node = queue.popleft()
            for after in handoffs.succ[node]:
                if after in downstream and after not in reached and after not in lost:
                    reached.add(after)
                    queue.append(after)
        cut = [node for node in downstream if node[0] == "need" and node in baseline and node not in reached]
        result = []
        for need_node in cut:
            upstream = self.graph.reaching([need_node])
            result.append((need_node, [node for node in newly_lost if node in upstream]))
        return result

    def impact(self, owner_id: str) -> Impact:
        """What breaks when ``owner_id`` (a declared person or team) is unavailable."""
        from svcchain.graph import link_node

        model = self.model
        kind = "person" if owner_id in model.people else "team"
        impact = Impact(owner_id, kind)
        gone_owners = {owner_id}
        if kind == "person":
            for team in model.teams.values():
                members = self.declared_members(team)
                if owner_id not in members:
                    continue
                impact.member_of.append(team)
                if len(members) == 1:
                    impact.emptied_teams.append(team)
                    gone_owners.add(team.id)
                elif len(members) == 2:
                    impact.weakened_teams.append(team)
            for team in model.teams.values():
                if team.facilitator is not None and team.facilitator.value == owner_id:
                    impact.teams_without_facilitator.append(team)

        for link in model.links():
            if link.owner is None or link.owner.value not in gone_owners:
                continue
            if link.owner.value == owner_id:
                reason = f"owned by '{owner_id}'"
            else:
                reason = f"owned by team '{link.owner.value}', whose only member is '{owner_id}'"
            impact.lost_links.append(LostLink(link, reason))
        for service in model.services.values():
            if service.owner is not None and service.owner.value in gone_owners:
                impact.services_without_owner.append(service)

        newly_lost = {link_node(lost.link) for lost in impact.lost_links} - self._unowned_nodes()
        for need_node, lost_nodes in self._at_risk(newly_lost):
            service = model.services[need_node[1]]
            lost_links = sorted(
                (self.graph.handoffs.nodes[node]["entity"] for node in lost_nodes), key=lambda link: link.seq
            )
            impact.needs_at_risk.append(NeedAtRisk(service, service.needs[need_node[2]], tuple(lost_links)))
        impact.needs_at_risk.sort(key=lambda risk: (risk.service.seq, list(risk.service.needs).index(risk.need.id)))

        affected: dict[str, None] = {}
        for lost in impact.lost_links:
            affected.setdefault(lost.link.service)
        for risk in impact.needs_at_risk:
            affected.setdefault(risk.service.id)
        for service in impact.services_without_owner:
            affected.setdefault(service.id)
        impact.services_affected = sorted((model.services[sid] for sid in affected), key=lambda s: s.seq)

        teams: dict[str, Team] = {}
        if kind == "team":
            teams[owner_id] = model.teams[owner_id]
        for team in impact.member_of:
            teams.setdefault(team.id, team)
        for lost in impact.lost_links:
            team = model.teams.get(lost.link.owner.value) if lost.link.owner else None
            if team is not None:
                teams.setdefault(team.id, team)
        impact.facilitators = [
            (team, team.facilitator.value if team.facilitator is not None else None) for team in teams.values()
        ]
        impact.service_owners = [
            (
                service,
                service.owner.value if service.owner is not None and service.owner.value not in gone_owners else None,
            )
            for service in impact.services_affected
        ]
        return impact

    def single_points_of_failure(self, progress: Progress = None) -> list[Impact]:
        """People whose absence alone puts a customer need at risk (file order).

        Only a person who owns a link directly or is the last declared member
        of a team that owns one can take a link's owner away, so only they
        are checked; each check walks only the graph downstream of their links.
        """
        candidates: dict[str, None] = {}
        direct = self.direct_link_counts()
        for person_id in self.model.people:
            if direct[person_id]:
                candidates.setdefault(person_id)
        for team in self.model.teams.values():
            members = self.declared_members(team)
            if len(members) == 1 and direct[team.id]:
                candidates.setdefault(members[0])
        found = []
        for person_id in self.model.people:
            if person_id not in candidates:
                continue
            impact = self.impact(person_id)
            if impact.breaks_needs:
                found.append(impact)
            if progress is not None:
                progress()
        return found

    def spof_candidates(self) -> int:
        direct = self.direct_link_counts()
        people = {p for p in self.model.people if direct[p]}
        for team in self.model.teams.values():
            members = self.declared_members(team)
            if len(members) == 1 and direct[team.id]:
                people.add(members[0])
        return len(people)

    # ----------------------------------------------------------------- ownership matrix

    def ownership(self) -> list[OwnerRow]:
        """One row per declared person and team, then per undeclared owner named somewhere."""
        return self._once("ownership", self._ownership)

    def _ownership(self) -> list[OwnerRow]:
        model = self.model
        services_owned: dict[str, list[str]] = defaultdict(list)
        links_owned: dict[str, list[str]] = defaultdict(list)
        for service in model.services.values():
            if service.owner is not None:
                services_owned[service.owner.value].append(service.id)
            for link in self.handoff_order(service):
                if link.owner is not None:
                    links_owned[link.owner.value].append(link.key)
        teams_of: dict[str, list[str]] = defaultdict(list)
        facilitates: dict[str, list[str]] = defaultdict(list)
        for team in model.teams.values():
            for member in self.declared_members(team):
                teams_of[member].append(team.id)
            if team.facilitator is not None:
                facilitates[team.facilitator.value].append(team.id)
        rows: list[OwnerRow] = []
        for person in model.people.values():
            via = [key for team_id in teams_of[person.id] for key in links_owned.get(team_id, [])]
            rows.append(
                OwnerRow(
                    person.id,
                    "person",
                    person.name,
                    person.role,
                    teams=teams_of[person.id],
                    members=[],
                    facilitator=None,
                    facilitates=facilitates[person.id],
                    services=services_owned[person.id],
                    links=links_owned[person.id],
                    via_teams=list(dict.fromkeys(via)),
                    limit=self.max_links_per_owner,
                    findings=len(self.owner_findings(person.id)),
                )
            )
        for team in model.teams.values():
            facilitator = team.facilitator.value if team.facilitator is not None else None
            rows.append(
                OwnerRow(
                    team.id,
                    "team",
                    team.name,
                    None,
                    teams=[],
                    members=[ref.value for ref in _distinct(team.members)],
                    facilitator=facilitator,
                    facilitates=[],
                    services=services_owned[team.id],
                    links=links_owned[team.id],
                    via_teams=[],
                    limit=self.max_links_per_owner,
                    findings=len(self.owner_findings(team.id)),
                )
            )
        declared = set(model.people) | set(model.teams)
        undeclared = [
            owner for owner in dict.fromkeys(list(services_owned) + list(links_owned)) if owner not in declared
        ]
        for owner in undeclared:
            rows.append(
                OwnerRow(
                    owner,
                    "undeclared",
                    None,
                    None,
                    teams=[],
                    members=[],
                    facilitator=None,
                    facilitates=[],
                    services=services_owned[owner],
                    links=links_owned[owner],
                    via_teams=[],
                    limit=self.max_links_per_owner,
                    findings=len(self.owner_findings(owner)),
                )
            )
        return rows

    # ----------------------------------------------------------------- summary

    def summary(self) -> dict[str, int]:
        counts = severity_counts(self.findings)
        return {
            "services": len(self.model.services),
            "links": self.model.link_count,
            "needs": sum(len(service.needs) for service in self.model.services.values()),
            "people": len(self.model.people),
            "teams": len(self.model.teams),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
        }


@dataclass
class OwnerRow:
    """One line of the ownership matrix."""

    id: str
    kind: str  # person | team | undeclared
    name: str | None
    role: str | None
    teams: list[str]  # a person's teams
    members: list[str]  # a team's members
    facilitator: str | None  # a team's facilitator
    facilitates: list[str]  # teams a person facilitates
    services: list[str]  # services owned (accountable for the chain as a whole)
    links: list[str]  # links owned directly, as service/link
    via_teams: list[str]  # links owned by the person's teams
    limit: int
    findings: int = 0

    @property
    def load(self) -> int:
        """Links owned directly: what ``max-links-per-owner`` (SC107) limits."""
        return len(self.links)

    @property
    def overloaded(self) -> bool:
        return self.kind != "undeclared" and self.load > self.limit

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "role": self.role,
            "teams": self.teams,
            "members": self.members,
            "facilitator": self.facilitator,
            "facilitates": self.facilitates,
            "services": self.services,
            "links": self.links,
            "via_teams": self.via_teams,
            "load": self.load,
            "overloaded": self.overloaded,
            "findings": self.findings,
        }


def _distinct(refs: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for ref in refs:
        if ref.value not in seen:
            seen.add(ref.value)
            out.append(ref)
    return out


def _owner_of_subject(subject: str) -> str | None:
    """The team or owner a finding's subject names: ``team:ops``, ``owner:ann``, ``member:ops:x``."""
    if not subject:
        return None
    kind, _, rest = subject.partition(":")
    if kind in ("team", "owner") and rest:
        return rest
    if kind in ("member", "facilitator") and rest:
        return rest.partition(":")[0] or None
    return None


def suggest(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest candidate, or nothing."""
    from svcchain.suggestions import did_you_mean

    return did_you_mean(word, list(candidates))
