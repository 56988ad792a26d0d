"""Who answers for what: owner status of links and services, the ownership matrix."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from svcchain.analysis.order import OrderAnalysis
from svcchain.findings import Finding

if TYPE_CHECKING:
    from svcchain.chainmodel import Link


#: Findings at a link that mean it has no owner to answer for it: none named, or one nobody declared
#: (SC102 at the owner value), or one who has left (SC108 at the owner value) with no deputy present.
OWNERLESS_LINK = frozenset({"SC101", "SC102", "SC108"})
#: Findings about a link's owner that mean nobody carries it: a team without members.
OWNERLESS_OWNER = frozenset({"SC104"})


@dataclass(frozen=True)
class OwnerStatus:
    """Who answers for a link or service: the facts as the files state them, and the check's findings.

    A view states facts from here (kind, members, facilitator) and says what
    is wrong only through ``findings``: it never judges an owner itself.
    """

    id: str | None
    #: "person" | "team" | "directory" (a person or team of the owner directory: known, not modelled)
    #: | "unknown" (not declared) | "missing" (no owner)
    kind: str
    members: tuple[str, ...] = ()  # a team's members as written, distinct, in file order
    facilitator: str | None = None  # a team's facilitator as written
    findings: tuple[Finding, ...] = ()  # what the check reports about this owner

    @property
    def label(self) -> str:
        return self.id if self.id is not None else "(no owner)"

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(finding.rule for finding in self.findings)

    def finding_about(self, role: str, value: str) -> Finding | None:
        """The finding about one member or the facilitator of this team (``role``: member, facilitator)."""
        subject = f"{role}:{self.id}:{value}"
        return next((finding for finding in self.findings if finding.subject == subject), None)


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
    findings: int = 0  # findings the check reports about this owner
    overloaded: bool = False  # the check reports SC107 (overloaded-owner) for this owner
    in_directory: bool = False  # from the owner directory: known, not modelled in a chain file

    @property
    def load(self) -> int:
        """Links owned directly: what ``max-links-per-owner`` (SC107) counts."""
        return len(self.links)

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
            "in_directory": self.in_directory,
        }


def _distinct(refs: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for ref in refs:
        if ref.value not in seen:
            seen.add(ref.value)
            out.append(ref)
    return out


class OwnersAnalysis(OrderAnalysis):
    """Owners as the model declares them, and the ownership matrix."""

    def owner_status(self, owner_id: str | None) -> OwnerStatus:
        cache: dict[str | None, OwnerStatus] = self._once("owner_status", dict)
        if owner_id in cache:
            return cache[owner_id]
        model = self.model
        if owner_id is None:
            status = OwnerStatus(None, "missing")
        else:
            findings = tuple(self.owner_findings(owner_id))
            if owner_id in model.people:
                status = OwnerStatus(owner_id, "person", findings=findings)
            elif owner_id in model.teams:
                team = model.teams[owner_id]
                members = tuple(ref.value for ref in _distinct(team.members))
                facilitator = team.facilitator.value if team.facilitator is not None else None
                status = OwnerStatus(owner_id, "team", members, facilitator, findings)
            elif owner_id in model.directory_teams:
                members = model.directory_teams[owner_id].members
                status = OwnerStatus(owner_id, "directory", members, findings=findings)
            elif owner_id in model.directory_people:
                status = OwnerStatus(owner_id, "directory", findings=findings)
            else:
                status = OwnerStatus(owner_id, "unknown", findings=findings)
        cache[owner_id] = status
        return status

    def link_owner(self, link: Link) -> OwnerStatus:
        return self.owner_status(link.owner.value if link.owner is not None else None)

    def unowned(self, link: Link) -> bool:
        """The check says nobody answers for this link today: no owner, an undeclared one, a team
        without members, or an owner who has left while no deputy is there to take over."""
        if not self.link_codes(link) & OWNERLESS_LINK:
            return bool(self.owner_codes(link.owner.value if link.owner is not None else None) & OWNERLESS_OWNER)
        for finding in self.link_findings(link):
            if finding.rule == "SC101" or (finding.rule == "SC102" and finding.subject.startswith("owner:")):
                return True
            if finding.rule == "SC108" and finding.subject.startswith("left:owner:") and not self.deputy_present(link):
                return True
        return bool(self.owner_codes(link.owner.value if link.owner is not None else None) & OWNERLESS_OWNER)

    def covered_today(self, link: Link) -> bool:
        """The link's owner has left (SC108 at the owner value) and its deputy carries it."""
        left = any(
            finding.rule == "SC108" and finding.subject.startswith("left:owner:")
            for finding in self.link_findings(link)
        )
        return left and self.deputy_present(link)

    def deputy_present(self, link: Link, away: frozenset[str] = frozenset()) -> bool:
        """A deputy takes over: the check finds the deputy declared (no SC102) and not gone (no SC108)
        at the link, and the deputy is not one of ``away``."""
        if link.deputy is None or link.deputy.value in away or "deputy" in link.invalid:
            return False
        for finding in self.link_findings(link):
            if finding.rule == "SC102" and finding.subject.startswith("deputy:"):
                return False
            if finding.rule == "SC108" and finding.subject.startswith("left:deputy:"):
                return False
        return True

    def direct_link_counts(self) -> Counter[str]:
        """Links each owner id names directly (the load the ownership matrix shows)."""

        def count() -> Counter[str]:
            counts: Counter[str] = Counter()
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
                    overloaded="SC107" in self.owner_codes(person.id),
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
                    overloaded="SC107" in self.owner_codes(team.id),
                )
            )
        rows += self._directory_rows(services_owned, links_owned, teams_of, facilitates)
        declared = set(model.people) | set(model.teams) | set(model.directory_people) | set(model.directory_teams)
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
                    overloaded="SC107" in self.owner_codes(owner),
                )
            )
        return rows

    def _directory_rows(
        self,
        services_owned: dict[str, list[str]],
        links_owned: dict[str, list[str]],
        teams_of: dict[str, list[str]],
        facilitates: dict[str, list[str]],
    ) -> list[OwnerRow]:
        """A row for each person and team of the owner directory the chains name (the directory's
        other thousands stay out), with the members of its teams, marked as in the directory."""
        model = self.model
        if not model.directory_people and not model.directory_teams:
            return []
        named: dict[str, None] = {}
        for ref, _ in model.person_refs():
            if ref.value in model.directory_people or ref.value in model.directory_teams:
                named.setdefault(ref.value)
        teams = [model.directory_teams[key] for key in named if key in model.directory_teams]
        for team in teams:
            for member in team.members:
                if member in model.directory_people:
                    named.setdefault(member)
                    teams_of[member].append(team.id)
        rows = []
        for team in teams:
            rows.append(
                self._directory_row(team.id, "team", team.name, services_owned, links_owned, members=list(team.members))
            )
        for key in named:
            person = model.directory_people.get(key)
            if person is None:
                continue
            via = [link for team_id in teams_of[key] for link in links_owned.get(team_id, [])]
            row = self._directory_row(key, "person", person.name, services_owned, links_owned, teams=teams_of[key])
            row.facilitates, row.via_teams = facilitates[key], list(dict.fromkeys(via))
            rows.append(row)
        return rows

    def _directory_row(
        self,
        key: str,
        kind: str,
        name: str | None,
        services_owned: dict[str, list[str]],
        links_owned: dict[str, list[str]],
        members: list[str] | None = None,
        teams: list[str] | None = None,
    ) -> OwnerRow:
        return OwnerRow(
            key,
            kind,
            name,
            "in the directory",
            teams=teams or [],
            members=members or [],
            facilitator=None,
            facilitates=[],
            services=services_owned[key],
            links=links_owned[key],
            via_teams=[],
            limit=self.max_links_per_owner,
            findings=len(self.owner_findings(key)),
            overloaded="SC107" in self.owner_codes(key),
            in_directory=True,
        )
