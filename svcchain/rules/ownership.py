"""SC1xx — ownership: every link and service has one accountable owner.

Service delivery is done by people.  Every link of a chain is
result-responsible for its part and must be able to account for it; the
service owner does so for the chain as a whole; every team has a facilitator
who supports it and is its safety net.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from svcchain.chainmodel import ChainModel, Person, Ref
from svcchain.findings import Problem, Severity
from svcchain.roster import DirectoryPerson
from svcchain.rules import rule
from svcchain.rules.context import Context
from svcchain.rules.examples import MAIL, variant
from svcchain.rules.people import person_refs
from svcchain.suggestions import Suggester


def _members(model: ChainModel, team_id: str) -> set[str] | None:
    """The distinct members of a team declared in a chain file or in the owner directory; None for no team."""
    team = model.teams.get(team_id)
    if team is not None:
        return team.distinct_members
    listed = model.directory_teams.get(team_id)
    return set(listed.members) if listed is not None else None


def _person(model: ChainModel, person_id: str) -> Person | DirectoryPerson | None:
    return model.people.get(person_id) or model.directory_people.get(person_id)


def _owned(ctx: Context) -> Counter[str]:
    """How many links and services each owner id owns (directly)."""
    counts: Counter[str] = Counter()
    for service in ctx.model.services.values():
        if service.owner is not None:
            counts[service.owner.value] += 1
        for link in service.links.values():
            if link.owner is not None:
                counts[link.owner.value] += 1
    return counts


@rule(
    "SC101",
    "unowned-link",
    Severity.ERROR,
    "a link has no owner",
    """
    Every link of the chain is result-responsible for its part, and that
    responsibility needs a name: one person or team that accounts for the
    result.  A link without an owner is where a chain breaks unnoticed -
    everybody assumes somebody else delivers it.
    """,
    bad=variant(MAIL, ("        owner: ops\n", "")),
    good=MAIL,
)
def unowned_link(ctx: Context) -> Iterator[Problem]:
    for link in ctx.model.links():
        if link.owner is None and "owner" not in link.invalid:
            yield Problem(
                f"link '{link.id}' of service '{link.service}' has no owner",
                link.anchor,
                fix="add 'owner:' with the person or team that is result-responsible for it",
                service=link.service,
                link=link.id,
                subject=f"link:{link.key}",
            )


@rule(
    "SC102",
    "unknown-owner",
    Severity.ERROR,
    "an owner, member, facilitator, deputy or manager is not a declared person or team",
    """
    An owner must be somebody you can talk to.  Owners of links, services
    and assets must be declared people or teams; team members, facilitators,
    deputies and managers must be declared people.  An unknown id is usually
    a typo or someone nobody declared: either way the link has no real
    owner.  (Someone who has left is still declared: that is SC108.)
    """,
    bad=variant(MAIL, ("owner: ops", "owner: opps")),
    good=MAIL,
)
def unknown_owner(ctx: Context) -> Iterator[Problem]:
    model = ctx.model
    # one Suggester per candidate set for the whole run: a difflib scan per unknown id over
    # every declared person would be quadratic (20,000 people x 3,000 unknown owners)
    # the owner directory's people and teams are declared too (known, not modelled)
    owners = Suggester([*model.people, *model.teams, *model.directory_people, *model.directory_teams])
    people = Suggester([*model.people, *model.directory_people])

    def unknown(ref: Ref, holder: str, service: str | None = None, link: str | None = None) -> Problem:
        return Problem(
            f"{holder} is owned by '{ref.value}', which is not a declared person or team"
            f"{owners.did_you_mean(ref.value)}",
            ref.anchor,
            fix="declare it under 'people:' or 'teams:', or fix the id",
            service=service,
            link=link,
            subject=f"owner:{ref.value}",
        )

    for service in model.services.values():
        if service.owner is not None and model.known_kind(service.owner.value) is None:
            yield unknown(service.owner, f"service '{service.id}'", service.id)
        for link in service.links.values():
            if link.owner is not None and model.known_kind(link.owner.value) is None:
                yield unknown(link.owner, f"link '{link.id}' of service '{service.id}'", service.id, link.id)
    for found in person_refs(model):
        ref, role = found.ref, found.role
        if role == "owner" or model.is_person(ref.value):
            continue  # owners of links and services: above
        if role == "asset owner":
            if model.known_kind(ref.value) is None:
                yield Problem(
                    f"{found.holder} is owned by '{ref.value}', which is not a declared person or team"
                    f"{owners.did_you_mean(ref.value)}",
                    ref.anchor,
                    fix="declare it under 'people:' or 'teams:', or fix the id",
                    asset=found.asset,
                    subject=f"owner:{ref.value}",
                )
            continue
        if model.known_kind(ref.value) == "team":
            detail = "a team, not a person"
            fix = f"a {role} must be a person: name the people instead"
        else:
            detail = f"not a declared person{people.did_you_mean(ref.value)}"
            fix = "declare it under 'people:' or fix the id"
        yield Problem(
            f"{found.holder} has {role} '{ref.value}', which is {detail}",
            ref.anchor,
            fix=fix,
            service=found.service,
            link=found.link,
            subject=f"{role}:{found.holder_id}:{ref.value}",
        )


@rule(
    "SC103",
    "unowned-service",
    Severity.ERROR,
    "a service has no owner",
    """
    The service owner is accountable for the chain as a whole: the one who
    answers to the customer when a need is not met, and who makes sure every
    link knows its part.  Without one, nobody looks at the chain end to end.
    """,
    bad=variant(MAIL, ("    owner: meg\n", "")),
    good=MAIL,
)
def unowned_service(ctx: Context) -> Iterator[Problem]:
    for service in ctx.model.services.values():
        if service.owner is None and "owner" not in service.invalid:
            yield Problem(
                f"service '{service.id}' has no owner",
                service.anchor,
                fix="add 'owner:' with the person or team accountable for the chain as a whole",
                service=service.id,
                subject=f"service:{service.id}",
            )


@rule(
    "SC104",
    "empty-team",
    Severity.WARNING,
    "a team that owns something has no members",
    """
    A team is only as result-responsible as the people in it.  A team that
    owns a link or a service but lists no members is an owner on paper only:
    nobody can be asked to account for the result.
    """,
    bad=variant(MAIL, ("[{id: ann}, {id: bob}, {id: meg}]", "[{id: meg}]"), ("members: [ann, bob], ", "")),
    good=MAIL,
)
def empty_team(ctx: Context) -> Iterator[Problem]:
    owned = _owned(ctx)
    for team in ctx.model.teams.values():
        if owned[team.id] and not team.members and "members" not in team.invalid:
            yield Problem(
                f"team '{team.id}' owns {_things(owned[team.id])} but has no members",
                team.anchor,
                fix="add 'members:' with the people who carry its results",
                subject=f"team:{team.id}",
            )


def _things(count: int) -> str:
    return "1 link or service" if count == 1 else f"{count} links and services"


@rule(
    "SC105",
    "single-owner",
    Severity.INFO,
    "a link rests on one person: owned by a person, or by a team of one",
    """
    A link owned by one person stops when that person is ill, on holiday or
    gone.  That can be a deliberate choice, so this is information, not an
    error: consider a team of two or more, or name a `deputy` - a declared
    person, other than the one the link rests on, who has not left - who
    takes over when the owner is away.  A link with such a deputy is not
    reported.
    """,
    bad=variant(MAIL, ("members: [ann, bob]", "members: [bob]")),
    good=MAIL,
)
def single_owner(ctx: Context) -> Iterator[Problem]:
    model, today = ctx.model, ctx.settings.today
    for link in model.links():
        owner = link.owner
        if owner is None:
            continue
        where = f"link '{link.id}' of service '{link.service}' rests on one person"
        members = _members(model, owner.value)
        if model.is_person(owner.value):
            alone = owner.value
            message = f"{where}: '{owner.value}' owns it alone"
            fix = "consider a team of two or more, or name a 'deputy:' who steps in"
        elif members is not None and len(members) == 1:
            (alone,) = members
            message = f"{where}: team '{owner.value}' has '{alone}' as its only member"
            fix = "add a second member, or name a 'deputy:' who steps in"
        else:
            continue
        if "deputy" in link.invalid:
            continue  # a deputy of the wrong type (SC002) may be a safety net: no further finding
        deputy = _person(model, link.deputy.value) if link.deputy is not None else None
        if deputy is not None and deputy.id != alone and (deputy.active_until is None or deputy.active_until >= today):
            continue  # the safety net: someone else takes over
        yield Problem(message, owner.anchor, fix=fix, service=link.service, link=link.id, subject=f"link:{link.key}")


@rule(
    "SC106",
    "no-facilitator",
    Severity.WARNING,
    "a team that owns something has no facilitator",
    """
    Managers facilitate: "how can I support you in delivering your
    responsibility?"  Every team that owns a link or a service needs a
    facilitator - the safety net that lets the front line take
    responsibility, and the one to call when the team cannot deliver.
    """,
    bad=variant(MAIL, (", facilitator: meg}", "}")),
    good=MAIL,
)
def no_facilitator(ctx: Context) -> Iterator[Problem]:
    owned = _owned(ctx)
    for team in ctx.model.teams.values():
        if owned[team.id] and team.facilitator is None and "facilitator" not in team.invalid:
            yield Problem(
                f"team '{team.id}' owns {_things(owned[team.id])} but has no facilitator",
                team.anchor,
                fix="add 'facilitator:' with the manager who supports the team and is its safety net",
                subject=f"team:{team.id}",
            )


@rule(
    "SC107",
    "overloaded-owner",
    Severity.WARNING,
    "an owner holds more links than `max-links-per-owner` (default 7)",
    """
    Result responsibility has to be carried.  An owner who holds more links
    than anyone can account for becomes a bottleneck and a single point of
    failure across chains.  Links count when their `owner` names the person
    or team directly.  An owner nobody declared counts too (it is also
    SC102 at every value): the finding then points at its first owner value
    in file order.  Tune the limit with `max-links-per-owner`.
    """,
    bad="""
    svcchain: 1
    people: [{id: ann}, {id: bob}, {id: meg}]
    teams:
      - {id: ops, members: [ann, bob], facilitator: meg}
    services:
      - id: mail
        owner: meg
        customer:
          needs: [{id: inbox, text: Mail arrives within a minute}]
        links:
          - {id: l1, owner: ops, result: Step 1 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l2, owner: ops, result: Step 2 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l3, owner: ops, result: Step 3 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l4, owner: ops, result: Step 4 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l5, owner: ops, result: Step 5 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l6, owner: ops, result: Step 6 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l7, owner: ops, result: Step 7 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l8, owner: ops, result: Step 8 done, measures: [{name: m}], delivers: [inbox]}
    """,
    good="""
    svcchain: 1
    people: [{id: ann}, {id: bob}, {id: cas}, {id: dev}, {id: meg}]
    teams:
      - {id: ops, members: [ann, bob], facilitator: meg}
      - {id: mail-team, members: [cas, dev], facilitator: meg}
    services:
      - id: mail
        owner: meg
        customer:
          needs: [{id: inbox, text: Mail arrives within a minute}]
        links:
          - {id: l1, owner: ops, result: Step 1 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l2, owner: ops, result: Step 2 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l3, owner: ops, result: Step 3 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l4, owner: ops, result: Step 4 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l5, owner: mail-team, result: Step 5 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l6, owner: mail-team, result: Step 6 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l7, owner: mail-team, result: Step 7 done, measures: [{name: m}], delivers: [inbox]}
          - {id: l8, owner: mail-team, result: Step 8 done, measures: [{name: m}], delivers: [inbox]}
    """,
)
def overloaded_owner(ctx: Context) -> Iterator[Problem]:
    model = ctx.model
    limit = ctx.settings.max_links_per_owner
    counts: Counter[str] = Counter()
    first: dict[str, Ref] = {}  # owner id → its first owner value in file order
    for link in model.links():
        if link.owner is not None:
            counts[link.owner.value] += 1
            first.setdefault(link.owner.value, link.owner)
    for owner_id, count in counts.items():
        if count <= limit:
            continue
        entity = model.people.get(owner_id) or model.teams.get(owner_id)
        known = model.known_kind(owner_id)
        if entity is None and known is not None:  # in the owner directory: at its first owner value
            kind, anchor = known, first[owner_id].anchor
        elif entity is None:  # nobody declared it (SC102 at each value): it still holds the links
            kind, anchor = "undeclared owner", first[owner_id].anchor
        else:
            kind, anchor = ("person" if owner_id in model.people else "team"), entity.anchor
        yield Problem(
            f"{kind} '{owner_id}' owns {count} links, more than the limit of {limit}",
            anchor,
            fix="share the links with other owners (or raise 'max-links-per-owner' if this is deliberate)",
            subject=f"owner:{owner_id}",
        )
