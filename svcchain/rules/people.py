"""SC108–SC110 — ownership over time: people who leave, and one accountable person per service.

Part of the ownership family (SC1xx).  An owner is a person you can talk to
*today*: someone whose last day has passed no longer carries a result, and
someone whose last day is near needs a successor before the handover.  A
service is accountable through one person, not through a team.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import NamedTuple

from svcchain.chainmodel import ChainModel, Person, Ref
from svcchain.findings import Problem, Severity
from svcchain.roster import DirectoryPerson
from svcchain.rules import rule
from svcchain.rules.context import Context
from svcchain.rules.examples import MAIL, variant

FAMILY = "ownership"


class PersonRef(NamedTuple):
    """A value that names a person (or may: an owner can be a team), and what it makes that person."""

    ref: Ref
    role: str  # owner, member, facilitator, deputy, manager, asset owner
    kind: str  # what holds the reference: service, link, team, person, asset
    holder_id: str  # its id (a link's key: service/link)
    service: str | None = None
    link: str | None = None
    asset: str | None = None

    @property
    def holder(self) -> str:
        """What holds the reference, for messages: "link 'x' of service 'y'"."""
        if self.kind == "link":
            return f"link '{self.link}' of service '{self.service}'"
        return f"{self.kind} '{self.holder_id}'"

    @property
    def subject(self) -> str:
        """The holder, independent of line numbers: "link:y/x"."""
        return f"{self.kind}:{self.holder_id}"


def person_refs(model: ChainModel) -> Iterator[PersonRef]:
    """Every owner, member, facilitator, deputy, manager and asset-owner value of the model.

    Cheap per value (the words for a message are made only for a finding): every rule about
    people walks them all.
    """
    for service in model.services.values():
        if service.owner is not None:
            yield PersonRef(service.owner, "owner", "service", service.id, service.id)
        for link in service.links.values():
            if link.owner is not None:
                yield PersonRef(link.owner, "owner", "link", link.key, service.id, link.id)
            if link.deputy is not None:
                yield PersonRef(link.deputy, "deputy", "link", link.key, service.id, link.id)
    for team in model.teams.values():
        for member in team.members:
            yield PersonRef(member, "member", "team", team.id)
        if team.facilitator is not None:
            yield PersonRef(team.facilitator, "facilitator", "team", team.id)
    for person in model.people.values():
        if person.manager is not None:
            yield PersonRef(person.manager, "manager", "person", person.id)
    for asset in model.assets.values():
        if asset.owner is not None:
            yield PersonRef(asset.owner, "asset owner", "asset", asset.id, asset=asset.id)


#: what to do when the person a reference names leaves, by the role it gives them
_SUCCESSOR = {
    "owner": "name a new owner who stays",
    "member": "remove them from the team's members and add who replaces them",
    "facilitator": "name a new facilitator for the team",
    "deputy": "name a new deputy",
    "manager": "name their new manager",
    "asset owner": "give the asset a new owner",
}


def _departures(ctx: Context, leaving: bool) -> Iterator[Problem]:
    """SC108 (``leaving`` false: gone before today) or SC109 (gone within the warning window)."""
    model, today = ctx.model, ctx.settings.today
    window = ctx.settings.leaving_warning_days
    directory = model.directory_people
    if not any(person.active_until is not None for person in model.people.values()) and not any(
        person.active_until is not None for person in directory.values()
    ):
        return
    for found in person_refs(model):
        # a person of the owner directory is declared too: leaving it is the same finding
        person = model.people.get(found.ref.value) or directory.get(found.ref.value)
        if person is None or person.active_until is None:
            continue
        days = (person.active_until - today).days  # a difference of dates never overflows
        if (0 <= days <= window) if leaving else days < 0:
            yield _problem(found, person, person.active_until, days)


def _problem(found: PersonRef, person: Person | DirectoryPerson, last_day: datetime.date, days: int) -> Problem:
    role = found.role
    what = f"the {role} of {found.holder}" if role != "member" else f"a member of {found.holder}"
    if days < 0:
        message = f"'{person.id}', {what}, has left: their last day was {last_day.isoformat()}"
        fix = _SUCCESSOR[role]
    else:
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        message = f"'{person.id}', {what}, is leaving: their last day is {last_day.isoformat()} ({when})"
        fix = f"{_SUCCESSOR[role]} and hand over before then"
    return Problem(
        message,
        found.ref.anchor,
        fix=f"{fix} (or correct 'active_until' of '{person.id}')",
        service=found.service,
        link=found.link,
        asset=found.asset,
        # "left:owner:link:svc/l:ann": the kind, the role, what holds the reference, and who
        subject=f"{'left' if days < 0 else 'leaving'}:{role}:{found.subject}:{person.id}",
    )


_LEFT = variant(MAIL, ("{id: bob}", "{id: bob, active_until: 2026-03-31}"))


@rule(
    "SC108",
    "left-owner",
    Severity.ERROR,
    "an owner, member, facilitator, deputy, manager or asset owner is a person whose `active_until` is before today",
    """
    `active_until` is the last day a person is available.  After it they
    have left, and every result they carried is carried by nobody: a link
    they owned, a team they were the only member or facilitator of, the
    links they were deputy for.  The finding sits at every place that still
    names them, with the date, so the handover can be done place by place.
    A person who has left still counts as declared (no SC102), and their
    own declaration is never a finding: keep it as the record.
    """,
    bad=_LEFT,
    good=variant(MAIL, ("{id: bob}", "{id: bob}, {id: cas, active_until: 2026-03-31}")),
    today="2026-06-01",
)
def left_owner(ctx: Context) -> Iterator[Problem]:
    yield from _departures(ctx, leaving=False)


@rule(
    "SC109",
    "leaving-owner",
    Severity.WARNING,
    "an owner, member, facilitator, deputy, manager or asset owner leaves today or within "
    "`leaving-warning-days` (default 30)",
    """
    Someone whose last day is near still carries results that need a new
    owner before they go.  The warning starts `leaving-warning-days` (30 by
    default) before the day in `active_until` and lasts through that day;
    from the next day on it is SC108.  Name the successor and hand over
    while both are there.
    """,
    bad=variant(MAIL, ("{id: bob}", "{id: bob, active_until: 2026-06-15}")),
    good=variant(MAIL, ("{id: bob}", "{id: bob, active_until: 2026-12-31}")),
    today="2026-06-01",
)
def leaving_owner(ctx: Context) -> Iterator[Problem]:
    yield from _departures(ctx, leaving=True)


@rule(
    "SC110",
    "team-owned-service",
    Severity.WARNING,
    "a service's owner is a team: no one person is accountable for the chain",
    """
    A link can be carried by a team, but the chain as a whole needs one
    person who answers to the customer when a need is not met and who makes
    sure every link knows its part.  When a team owns the service, everyone
    in it can assume someone else does that.  Name one person as the
    service's owner; the team can still own links.
    """,
    bad=variant(MAIL, ("    owner: meg\n", "    owner: ops\n")),
    good=MAIL,
)
def team_owned_service(ctx: Context) -> Iterator[Problem]:
    model = ctx.model
    for service in model.services.values():
        owner = service.owner
        if owner is not None and model.known_kind(owner.value) == "team":
            yield Problem(
                f"service '{service.id}' is owned by team '{owner.value}': no one person is accountable "
                "for the chain as a whole",
                owner.anchor,
                fix="name one person as the service's owner (the team can still own its links)",
                service=service.id,
                subject=f"service:{service.id}",
            )
