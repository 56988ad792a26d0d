"""The changes ``svcchain diff`` reports, as plain data: what ``svcchain.changes.compare`` returns.

Renderers (``svcchain.reporters.diff_*``) read only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from svcchain.findings import Finding
from svcchain.selectors import fails_at

if TYPE_CHECKING:
    from svcchain.report import Report

#: The states of a customer need, from good to bad: delivered; resting on one person (impact); not delivered,
#: as every delivering link builds on a link nobody answers for (trace); no link delivers it.
NEED_STATES = ("met", "at-risk", "cut-off", "unmet")


@dataclass(frozen=True)
class Move:
    """One reference that changed: a link's owner or deputy, a service's owner, a team's facilitator."""

    role: str  # owner | deputy | service owner | facilitator
    before: str | None
    after: str | None
    service: str | None = None
    link: str | None = None
    team: str | None = None

    @property
    def where(self) -> str:
        if self.team is not None:
            return f"team {self.team}"
        return f"{self.service}/{self.link}" if self.link is not None else f"{self.service}"


@dataclass(frozen=True)
class LinkEntry:
    """A link added or removed, with who owns it on the side it exists."""

    service: str
    link: str
    owner: str | None
    deputy: str | None = None


@dataclass(frozen=True)
class NeedChange:
    """A customer need whose state changes (``before`` is None for a need the change adds)."""

    service: str
    need: str
    before: str | None
    after: str
    #: the people whose absence alone leaves the need undelivered (state at-risk)
    people_before: tuple[str, ...] = ()
    people_after: tuple[str, ...] = ()

    @property
    def worse(self) -> bool:
        return NEED_STATES.index(self.after) > NEED_STATES.index(self.before or "met")


@dataclass(frozen=True)
class LoadChange:
    """An owner who gains or loses links (owned directly: what ``max-links-per-owner`` counts)."""

    owner: str
    kind: str  # person | team | undeclared
    before: int
    after: int
    limit: int
    overloaded_before: bool  # the check reports SC107 for this owner
    overloaded_after: bool
    gained: tuple[str, ...] = ()  # service/link
    lost: tuple[str, ...] = ()

    @property
    def crossing(self) -> str | None:
        """``over`` when the change overloads the owner, ``within`` when it relieves them."""
        if self.overloaded_after and not self.overloaded_before:
            return "over"
        if self.overloaded_before and not self.overloaded_after:
            return "within"
        return None


@dataclass
class ServiceChanges:
    id: str
    status: str  # added | removed | changed
    links_added: list[LinkEntry] = field(default_factory=list)
    links_removed: list[LinkEntry] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    needs: list[NeedChange] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)

    @property
    def touched(self) -> bool:
        lists = (self.links_added, self.links_removed, self.moves, self.needs, self.new, self.fixed)
        return self.status != "changed" or any(lists)


@dataclass
class TeamChanges:
    id: str
    status: str  # added | removed | changed
    facilitator: Move | None = None
    members_added: list[str] = field(default_factory=list)
    members_removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Unreadable:
    """A chain file one side cannot read or parse: what it holds there is unknown, not removed."""

    side: str  # base | head
    finding: Finding


@dataclass
class Changes:
    """Everything ``svcchain diff`` reports; the renderers read only this."""

    base: Report
    head: Report
    limit: int
    services: list[ServiceChanges] = field(default_factory=list)
    teams: list[TeamChanges] = field(default_factory=list)
    owners: list[LoadChange] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    #: new and fixed findings about no service of the list (owners, files, repository-wide)
    repository_new: list[Finding] = field(default_factory=list)
    repository_fixed: list[Finding] = field(default_factory=list)
    hidden: int = 0  # base findings in files the head side cannot read: not compared
    unreadable: list[Unreadable] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)

    def gate(self, fail_on: str) -> list[Finding]:
        """The new findings at or above ``fail_on`` (new-error, new-warning, new-info, never)."""
        level = fail_on.removeprefix("new-")
        return [finding for finding in self.new if fails_at(finding.severity, level)]

    def fails(self, fail_on: str) -> bool:
        return bool(self.gate(fail_on))

    @property
    def moves(self) -> list[Move]:
        """Every ownership change: of services and links, then of team facilitators."""
        found = [move for service in self.services for move in service.moves]
        return found + [team.facilitator for team in self.teams if team.facilitator is not None]

    @property
    def needs(self) -> list[NeedChange]:
        return [need for service in self.services for need in service.needs]
