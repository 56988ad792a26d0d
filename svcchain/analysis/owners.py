"""Who answers for what: owner status of links and services, the ownership matrix."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from svcchain.analysis.health import FindingsAnalysis

if TYPE_CHECKING:
    from svcchain.chainmodel import Link


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


class OwnersAnalysis(FindingsAnalysis):
    """Owners as the model declares them, and the ownership matrix."""

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
