"""Impact: what breaks when a person or team is unavailable, and the single points of failure."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from svcchain.analysis.base import Progress
from svcchain.analysis.trace import TraceAnalysis

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Need, Service, Team


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


class ImpactAnalysis(TraceAnalysis):
    """Availability: links that lose their owner, needs put at risk, whom to call."""

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
        """Link nodes the check says nobody answers for today (see ``unowned``)."""
        from svcchain.graph import link_node

        return self._once("unowned", lambda: {link_node(link) for link in self.model.links() if self.unowned(link)})

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
            owning = model.teams.get(lost.link.owner.value) if lost.link.owner else None
            if owning is not None:
                teams.setdefault(owning.id, owning)
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
