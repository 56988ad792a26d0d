"""Impact: what breaks when a person or team is unavailable, and the single points of failure."""

from __future__ import annotations

import datetime
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from svcchain.analysis.base import Progress
from svcchain.analysis.outcomes import IMPACT_DEFINITION, Impact, LostLink, NeedAtRisk, _Holders
from svcchain.analysis.spof import risks_of_groups
from svcchain.analysis.trace import TraceAnalysis

if TYPE_CHECKING:
    pass

__all__ = ["IMPACT_DEFINITION", "Impact", "ImpactAnalysis", "LostLink", "NeedAtRisk"]


class ImpactAnalysis(TraceAnalysis):
    """Availability: links that lose their owner, needs put at risk, whom to call.

    *Delivered* is the greatest fixed point of "owned, every ``after`` input
    delivered and, if it has ``after_any`` inputs, one of them delivered":
    the links not delivered are the links without an owner and every link
    they stop (``_propagate``: one forward walk that counts, per link, its
    alternatives still delivered), so a circle of owned links with its
    outside inputs delivered is delivered, and an absence changes only what
    is downstream of the links it takes away.
    """

    # ----------------------------------------------------------------- impact

    def _at_risk(self, newly_lost: set[Any]) -> list[tuple[Any, list[Any]]]:
        """Need nodes delivered today that ``newly_lost`` cuts off, with the lost links upstream of each.

        The links that stop are found in one walk (``_propagate``: every
        ``after`` input needed, one ``after_any`` input enough).  A need is
        cut off when every link that delivers it is undelivered now; it was
        delivered before because one of them stopped.  A second walk, over
        the stopped links only, carries along which lost links lie upstream
        of each, as the bits of a mask: a link is walked again only when its
        mask grows.
        """
        before = self._undelivered()
        lost = [node for node in newly_lost if node not in before]
        if not lost:
            return []
        cut = self._propagate(lost, before)
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
            for after in succ(node):
                if after[0] == "need":
                    needs.setdefault(after)
                    continue
                if after not in cut:
                    continue
                grown = behind.get(after, 0) | mask
                if grown != behind.get(after):
                    behind[after] = grown
                    if after not in waiting:
                        waiting.add(after)
                        queue.append(after)
        result = []
        for need_node in needs:
            delivering = handoffs.pred(need_node)
            if all(link in cut or link in before for link in delivering):
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
                if link.deputy is not None and self.covered_today(link):
                    index.covering.setdefault(link.deputy.value, []).append(link)
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

    def impact(
        self,
        owner_id: str | None,
        at_risk: Sequence[tuple[Any, Sequence[Any]]] | None = None,
        also_away: Iterable[str] = (),
        at: datetime.date | None = None,
    ) -> Impact:
        """What breaks when ``owner_id`` (a declared person or team) is unavailable.

        ``also_away``: people unavailable at the same time (``--at DATE``: everyone
        whose ``active_until`` is before it; ``owner_id`` may then be None).  A link
        whose owner is away but whose deputy is there is covered, not lost.
        ``at_risk``: the needs it puts at risk with their lost links, when already
        known (``single_points_of_failure`` works them out for everyone at once).
        """
        from svcchain.graph import link_node

        model = self.model
        index = self._holders()
        kind = "person" if owner_id is None or owner_id in model.people else "team"
        away = dict.fromkeys([*([owner_id] if owner_id is not None else []), *also_away])
        impact = Impact(owner_id or "", kind, away=[person for person in away if person != owner_id], at=at)
        gone_owners = dict(away)
        for person in [person for person in away if person in model.people]:
            for team in index.teams_of.get(person, []):
                if person == owner_id:
                    impact.member_of.append(team)
                if team.id in gone_owners:
                    continue
                left = [member for member in self.declared_members(team) if member not in away]
                if not left:
                    impact.emptied_teams.append(team)
                    gone_owners.setdefault(team.id)
                elif len(left) == 1 and team not in impact.weakened_teams:
                    impact.weakened_teams.append(team)
            impact.teams_without_facilitator.extend(index.facilitated_by.get(person, []))
        impact.weakened_teams = [team for team in impact.weakened_teams if team.id not in gone_owners]
        impact.emptied_teams.sort(key=lambda team: index.team_position[team.id])
        impact.weakened_teams.sort(key=lambda team: index.team_position[team.id])
        impact.teams_without_facilitator.sort(key=lambda team: index.team_position[team.id])

        frozen_away = frozenset(away)
        held = dict.fromkeys(link for gone in gone_owners for link in index.links_of.get(gone, []))
        held.update(dict.fromkeys(link for person in away for link in index.covering.get(person, [])))
        for link in sorted(held, key=lambda link: index.link_position[link.key]):
            assert link.owner is not None
            owner = link.owner.value
            if (
                link.deputy is not None
                and link.deputy.value in away
                and link in index.covering.get(link.deputy.value, ())
            ):
                impact.lost_links.append(
                    LostLink(link, f"its owner '{owner}' has left and its deputy '{link.deputy.value}' carries it")
                )
                continue
            if owner in away:
                reason = f"owned by '{owner}'"
            else:
                members = ", ".join(f"'{member}'" for member in self.declared_members(model.teams[owner]))
                reason = f"owned by team '{owner}', whose {'only member is' if ',' not in members else 'members are'} {members}"
            if self.deputy_present(link, frozen_away):
                assert link.deputy is not None
                impact.covered_links.append(LostLink(link, f"{reason}: covered by the deputy '{link.deputy.value}'"))
            else:
                impact.lost_links.append(LostLink(link, reason))
        ownerless = [service for gone in gone_owners for service in index.services_of.get(gone, [])]
        impact.services_without_owner = sorted(ownerless, key=lambda service: service.seq)

        if at_risk is None:
            newly_lost = {link_node(lost.link) for lost in impact.lost_links} - self._unowned_nodes()
            at_risk = self._at_risk(newly_lost)
        for need_node, lost_nodes in at_risk:
            service = model.services[need_node[1]]
            lost_links = sorted((self.graph.handoffs.entity(node) for node in lost_nodes), key=lambda link: link.seq)
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
        if kind == "team" and owner_id is not None:
            affected_teams.add(owner_id)
        impact.facilitators = [
            (team, team.facilitator.value if team.facilitator and team.facilitator.value not in away else None)
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

        Only a person who owns a link directly, is the last declared member
        of a team that owns one, or is the deputy carrying a link whose owner
        has left can take a link's owner away, so only they are checked, all
        of them in one pass over the links (``_risks_of``).
        """
        candidates: dict[str, None] = {}
        direct = self.direct_link_counts()
        covering = self._holders().covering  # deputies who carry a link whose owner has left
        for person_id in self.model.people:
            if direct[person_id] or person_id in covering:
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

    def _risks_of(self, people: Iterable[str]) -> Mapping[str, Sequence[tuple[Any, Sequence[Any]]]]:
        """For each of ``people``: the needs their absence alone puts at risk, with the lost links of each.

        A need delivered today is at risk exactly when every delivering link
        delivered today has one of the person's lost links upstream of it
        (itself included).  So which people have a lost link upstream of each
        link is carried down the handoffs once, for everyone together
        (``spof.risks_of_groups``), per set of delivering links: the work is
        the size of the graph, not one walk per person or per need.
        """
        from svcchain.graph import link_node

        index, before = self._holders(), self._undelivered()
        unowned = self._unowned_nodes()
        lost_by_person: dict[str, dict[Any, None]] = {}  # person → the links whose owner their absence takes away
        for person_id in people:
            gone = [person_id] + [
                team.id for team in index.teams_of.get(person_id, []) if len(self.declared_members(team)) == 1
            ]
            held = [link for owner in gone for link in index.links_of.get(owner, [])]
            for link in held + index.covering.get(person_id, []):
                node = link_node(link)
                if node in unowned or node in before or self.deputy_present(link, frozenset((person_id,))):
                    continue
                lost_by_person.setdefault(person_id, {}).setdefault(node)
        if not lost_by_person:
            return {}
        handoffs = self.graph.handoffs
        if handoffs.has_alternatives:
            # alternatives: a lost link upstream need not stop a link, so walk per person
            return {person: risks for person, lost in lost_by_person.items() if (risks := self._at_risk(set(lost)))}
        groups: dict[frozenset[Any], list[Any]] = {}
        for node in handoffs:
            if node[0] == "need":
                delivered = frozenset(link for link in handoffs.pred(node) if link not in before)
                if delivered:
                    groups.setdefault(delivered, []).append(node)
        return risks_of_groups(handoffs, groups, lost_by_person)

    def spof_candidates(self) -> int:
        direct = self.direct_link_counts()
        people = {p for p in self.model.people if direct[p] or p in self._holders().covering}
        for team in self.model.teams.values():
            members = self.declared_members(team)
            if len(members) == 1 and direct[team.id]:
                people.add(members[0])
        return len(people)
