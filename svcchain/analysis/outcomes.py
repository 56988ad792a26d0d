"""What an absence breaks, as data: the impact of a person, team or date, and its words."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Need, Service, Team


@dataclass
class _Holders:
    link_position: dict[str, int] = field(default_factory=dict)
    links_of: dict[str, list[Link]] = field(default_factory=dict)
    #: deputy → the links they carry today: their owner has left (SC108) and they took over
    covering: dict[str, list[Link]] = field(default_factory=dict)
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
    covered_links: list[LostLink] = field(default_factory=list)  # owner away, a deputy takes over
    away: list[str] = field(default_factory=list)  # the others unavailable at the same time (--at)
    at: datetime.date | None = None  # the day asked about (--at), when one was

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
    "last declared member is unavailable, unless its deputy is there to take over (a deputy the "
    "check finds declared and not gone, who is not unavailable too): then it is covered. A link "
    "is delivered when it has an owner (the check reports no missing, undeclared or departed "
    "owner without a deputy, and no team without members for it), every link it builds on "
    "('after', as far as those links exist) is delivered, and, when it has alternatives "
    "('after_any'), at least one of them is delivered. "
    "Links that build on each other in a circle (SC202) are delivered together when every link in "
    "the circle has an owner and every link outside it that they build on is delivered. A "
    "customer need is at risk when no link that delivers it is delivered any more, while at "
    "least one was before: a need nobody delivers is unmet already (SC301), and a need already "
    "cut off by a link without an owner is not blamed on this absence."
)
