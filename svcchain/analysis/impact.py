"""Impact: what breaks when a person or team is unavailable, and the single points of failure."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from svcchain.analysis.base import Progress
from svcchain.analysis.trace import TraceAnalysis

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Need, Service, Team


@dataclass
class _Holders:
    link_position: dict[str, int] = field(default_factory=dict)
    links_of: dict[str, list[Link]] = field(default_factory=dict)
    services_of: dict[str, list[Service]] = field(default_factory=dict)
    teams_of: dict[str, list[Team]] = field(default_factory=dict)  # person → teams they are a declared member of
    facilitated_by: dict[str, list[Team]] = field(default_factory=dict)
    team_position: dict[str, int] = field(default_factory=dict)
    need_position: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class LostLink:
    link: Link
    reason: str


@dataclass(frozen=True)
class NeedAtRisk:
    service: Service
    need: Need
    lost_on_paths: tuple[Link, ...]  # the lost links upstream of its delivering links (or one of them)


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
    "last declared member is unavailable. A link needs all of its inputs: it is delivered when it "
    "has an owner (the check reports no missing or undeclared owner and no team without members "
    "for it) and every link it builds on ('after', as far as those links exist) is delivered. "
    "Links that build on each other in a circle (SC202) are delivered together when every link in "
    "the circle has an owner and every link outside it that they build on is delivered. A "
    "customer need is at risk when no link that delivers it is delivered any more, while at "
    "least one was before: a need nobody delivers is unmet already (SC301), and a need already "
    "cut off by a link without an owner is not blamed on this absence."
)


class ImpactAnalysis(TraceAnalysis):
    """Availability: links that lose their owner, needs put at risk, whom to call.

    *Delivered* is the least fixed point of "owned and every input delivered"
    over the handoff graph with each circle of links (a strongly connected
    group) taken as one unit, delivered when all its links are owned and all
    its inputs from outside are delivered.  That makes a link delivered
    exactly when no link it builds on, directly or through further links
    (itself included), lacks an owner; so the links not delivered are the
    links downstream of the links without an owner, one forward walk over the
    handoff graph, and an absence changes only what is downstream of the links
    it takes away.
    """

    # ----------------------------------------------------------------- impact

    def _at_risk(self, newly_lost: set[Any]) -> list[tuple[Any, list[Any]]]:
        """Need nodes delivered today that ``newly_lost`` cuts off, with the lost links upstream of each.

        A link not delivered today stays so, and everything downstream of it
        too, so the walk never enters one: it visits only the links that are
        delivered today and stop being delivered (``cut``).  A need is cut
        off when every link that delivers it is undelivered now; it was
        delivered before because one of them is in ``cut``.  The walk carries
        along which lost links lie upstream of each link, as the bits of a
        mask: a link is walked again only when its mask grows.
        """
        before = self._undelivered()
        lost = [node for node in newly_lost if node not in before]
        if not lost:
            return []
        handoffs = self.graph.handoffs
        succ = handoffs.succ
        behind: dict[Any, int] = {}  # link of cut → mask of the lost links upstream of it (bit i: lost[i])
        for bit, source in enumerate(lost):
            behind[source] = behind.get(source, 0) | (1 << bit)
        queue = deque(lost)
        waiting = set(lost)
        needs: dict[Any, None] = {}
        while queue:
            node = queue.popleft()
            waiting.discard(node)
            mask = behind[node]
            for after in succ[node]:
                if after[0] == "need":
                    needs.setdefault(after)
                    continue
                if after in before:
                    continue
                grown = behind.get(after, 0) | mask
                if grown != behind.get(after):
                    behind[after] = grown
                    if after not in waiting:
                        waiting.add(after)
                        queue.append(after)
        result = []
        for need_node in needs:
            delivering = handoffs.pred[need_node]
            if all(link in behind or link in before for link in delivering):
                mask = 0
                for link in delivering:
                    mask |= behind.get(link, 0)
                result.append((need_node, [source for bit, source in enumerate(lost) if mask >> bit & 1]))
        return result

    def _holders(self) -> _Holders:
        """Links, services and teams by who holds them, built once (an impact then costs what it finds)."""

        def build() -> _Holders:
            index = _Holders()
            for position, link in enumerate(self.model.links()):
                index.link_position[link.key] = position
                if link.owner is not None:
                    index.links_of.setdefault(link.owner.value, []).append(link)
            for service in self.model.services.values():
                if service.owner is not None:
                    index.services_of.setdefault(service.owner.value, []).append(service)
            for position, team in enumerate(self.model.teams.values()):
                index.team_position[team.id] = position
                for member in self.declared_members(team):
                    index.teams_of.setdefault(member, []).append(team)
                if team.facilitator is not None:
                    index.facilitated_by.setdefault(team.facilitator.value, []).append(team)
            for service in self.model.services.values():
                for position, need_id in enumerate(service.needs):
                    index.need_position[(service.id, need_id)] = position
            return index

        return self._once("impact_index", build)

    def impact(self, owner_id: str, at_risk: list[tuple[Any, list[Any]]] | None = None) -> Impact:
        """What breaks when ``owner_id`` (a declared person or team) is unavailable.

        ``at_risk``: the needs it puts at risk with their lost links, when already known
        (``single_points_of_failure`` works them out for everyone at once).
        """
        from svcchain.graph import link_node

        model = self.model
        index = self._holders()
        kind = "person" if owner_id in model.people else "team"
        impact = Impact(owner_id, kind)
        gone_owners = {owner_id}
        if kind == "person":
            for team in index.teams_of.get(owner_id, []):
                members = self.declared_members(team)
                impact.member_of.append(team)
                if len(members) == 1:
                    impact.emptied_teams.append(team)
                    gone_owners.add(team.id)
                elif len(members) == 2:
                    impact.weakened_teams.append(team)
            impact.teams_without_facilitator.extend(index.facilitated_by.get(owner_id, []))

        held = [link for gone in gone_owners for link in index.links_of.get(gone, [])]
        for link in sorted(held, key=lambda link: index.link_position[link.key]):
            assert link.owner is not None
            if link.owner.value == owner_id:
                reason = f"owned by '{owner_id}'"
            else:
                reason = f"owned by team '{link.owner.value}', whose only member is '{owner_id}'"
            impact.lost_links.append(LostLink(link, reason))
        ownerless = [service for gone in gone_owners for service in index.services_of.get(gone, [])]
        impact.services_without_owner = sorted(ownerless, key=lambda service: service.seq)

        if at_risk is None:
            newly_lost = {link_node(lost.link) for lost in impact.lost_links} - self._unowned_nodes()
            at_risk = self._at_risk(newly_lost)
        for need_node, lost_nodes in at_risk:
            service = model.services[need_node[1]]
            lost_links = sorted(
                (self.graph.handoffs.nodes[node]["entity"] for node in lost_nodes), key=lambda link: link.seq
            )
            impact.needs_at_risk.append(NeedAtRisk(service, service.needs[need_node[2]], tuple(lost_links)))
        impact.needs_at_risk.sort(
            key=lambda risk: (risk.service.seq, index.need_position[(risk.service.id, risk.need.id)])
        )

        affected: dict[str, None] = {}
        for lost in impact.lost_links:
            affected.setdefault(lost.link.service)
        for risk in impact.needs_at_risk:
            affected.setdefault(risk.service.id)
        for service in impact.services_without_owner:
            affected.setdefault(service.id)
        impact.services_affected = sorted((model.services[sid] for sid in affected), key=lambda s: s.seq)

        # whom to call: the facilitators of the affected teams, and only those: the team that is
        # unavailable, teams that lose a link, teams this absence empties or leaves resting on one
        # person, and teams whose facilitator is the one who is away (nobody left to call there)
        affected_teams = {team.id for team in impact.emptied_teams + impact.weakened_teams}
        affected_teams |= {team.id for team in impact.teams_without_facilitator}
        affected_teams |= {lost.link.owner.value for lost in impact.lost_links if lost.link.owner is not None}
        if kind == "team":
            affected_teams.add(owner_id)
        impact.facilitators = [
            (team, team.facilitator.value if team.facilitator and team.facilitator.value != owner_id else None)
            for team in sorted(
                (model.teams[team_id] for team_id in affected_teams if team_id in model.teams),
                key=lambda team: index.team_position[team.id],
            )
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
        risks = self._risks_of(candidates)
        found = []
        for person_id in self.model.people:
            if person_id not in candidates:
                continue
            if risks.get(person_id):
                found.append(self.impact(person_id, risks[person_id]))
            if progress is not None:
                progress()
        return found

    def _risks_of(self, people: Iterable[str]) -> dict[str, list[tuple[Any, list[Any]]]]:
        """For each of ``people``: the needs their absence alone puts at risk, with the lost links of each.

        A need delivered today is at risk exactly when every delivering link
        delivered today has one of the person's lost links upstream of it
        (itself included).  So per set of delivering links, the links upstream
        of each are walked once, and the people who lose one of them counted:
        the work is the size of those walks, not one downstream walk per person.
        """
        from svcchain.graph import link_node

        index, before = self._holders(), self._undelivered()
        unowned = self._unowned_nodes()
        losers: dict[Any, list[str]] = {}  # link node → the people whose absence takes its owner away
        for person_id in people:
            gone = [person_id] + [
                team.id for team in index.teams_of.get(person_id, []) if len(self.declared_members(team)) == 1
            ]
            for owner in gone:
                for link in index.links_of.get(owner, []):
                    node = link_node(link)
                    if node not in unowned and node not in before:
                        losers.setdefault(node, []).append(person_id)
        handoffs = self.graph.handoffs
        groups: dict[frozenset[Any], list[Any]] = {}
        for node in handoffs.nodes:
            if node[0] == "need":
                delivered = frozenset(link for link in handoffs.pred[node] if link not in before)
                if delivered:
                    groups.setdefault(delivered, []).append(node)
        found: dict[str, list[tuple[Any, list[Any]]]] = {}
        for delivering, need_nodes in groups.items():
            hits: dict[str, int] = {}
            lost_by: dict[str, dict[Any, None]] = {}
            for last in delivering:
                upstream = self._upstream(last)
                for person_id in {p for node in upstream for p in losers.get(node, ())}:
                    hits[person_id] = hits.get(person_id, 0) + 1
                for node in upstream:
                    for person_id in losers.get(node, ()):
                        lost_by.setdefault(person_id, {}).setdefault(node)
            for person_id, count in hits.items():
                if count == len(delivering):
                    for need_node in need_nodes:
                        found.setdefault(person_id, []).append((need_node, list(lost_by[person_id])))
        return found

    def _upstream(self, last: Any) -> set[Any]:
        """``last`` and every link it builds on, directly or further up."""
        pred = self.graph.handoffs.pred
        seen = {last}
        queue = deque(seen)
        while queue:
            for before in pred[queue.popleft()]:
                if before[0] == "link" and before not in seen:
                    seen.add(before)
                    queue.append(before)
        return seen

    def spof_candidates(self) -> int:
        direct = self.direct_link_counts()
        people = {p for p in self.model.people if direct[p]}
        for team in self.model.teams.values():
            members = self.declared_members(team)
            if len(members) == 1 and direct[team.id]:
                people.add(members[0])
        return len(people)
