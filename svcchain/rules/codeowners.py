"""SC6xx — CODEOWNERS: the owners the chains name and the owners the repository's CODEOWNERS names agree.

A link may declare ``paths``: the repository globs its owner is responsible
for.  The code host asks CODEOWNERS who reviews a change to those files;
when CODEOWNERS names someone else, the owner of the result does not see the
changes to it.  The rule compares the two where both exist: it raises nothing
unless a CODEOWNERS file is configured (``codeowners = "..."``) or found at
the usual places, and it looks only at links that declare ``paths``.

CODEOWNERS owners are matched to people and teams by their ``github:``
handle (``@octocat``, ``@acme/payments``), else by id (``@payments`` names
the person ``payments``, ``@acme/payments`` the team ``payments``), an
e-mail address by a person's ``email``; the owner directory counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from svcchain.chainmodel import ChainModel, Person, Team
from svcchain.codeowners import CodeOwners, Owner
from svcchain.findings import Problem, Severity
from svcchain.roster import DirectoryPerson, DirectoryTeam
from svcchain.rules import rule
from svcchain.rules.context import Context
from svcchain.rules.examples import MAIL, variant

_WITH_PATHS = variant(
    MAIL,
    ("facilitator: meg}", "facilitator: meg, github: example/ops}"),
    ("        delivers: [inbox]\n", "        delivers: [inbox]\n        paths: [src/mail/**]\n"),
)
_CODEOWNERS = """
# CODEOWNERS of the mail service's repository
/src/mail/  @example/ops
/docs/      @meg
"""


@dataclass(frozen=True)
class Resolved:
    """A CODEOWNERS owner and the person or team of the chains it names (None: nobody declared)."""

    owner: Owner
    kind: str | None  # person | team
    id: str | None

    def __str__(self) -> str:
        if self.id is None:
            what = "a role" if self.owner.kind == "role" else "no declared person or team"
            return f"{self.owner.text} ({what})"
        return f"{self.owner.text} ({self.kind} '{self.id}')"


class OwnerIndex:
    """CODEOWNERS owners → declared people and teams (chain files first, then the owner directory)."""

    def __init__(self, model: ChainModel) -> None:
        self.people: dict[str, str] = {}  # handle, id or e-mail (lower case) → person id
        self.teams: dict[str, str] = {}  # org/team handle or id (lower case) → team id
        handles: list[tuple[dict[str, str], str | None, str]] = []
        people: list[Person | DirectoryPerson] = [*model.people.values(), *model.directory_people.values()]
        for person in people:
            handles.append((self.people, person.github, person.id))
            if person.email:
                self.people.setdefault(f"email:{person.email.lower()}", person.id)
        teams: list[Team | DirectoryTeam] = [*model.teams.values(), *model.directory_teams.values()]
        for team in teams:
            handles.append((self.teams, team.github, team.id))
        for table, handle, ident in handles:  # handles before ids: a handle says who it is
            if handle:
                table.setdefault(f"handle:{handle.lower()}", ident)
        for table, _, ident in handles:
            table.setdefault(f"id:{ident.lower()}", ident)

    def resolve(self, owner: Owner) -> Resolved:
        handle = owner.handle
        if owner.kind == "team":
            found = self.teams.get(f"handle:{handle}") or self.teams.get(f"id:{handle.rsplit('/', 1)[-1]}")
            return Resolved(owner, "team" if found else None, found)
        if owner.kind == "user":
            found = self.people.get(f"handle:{handle}") or self.people.get(f"id:{handle}")
            return Resolved(owner, "person" if found else None, found)
        if owner.kind == "email":
            found = self.people.get(f"email:{owner.text.lower()}")
            return Resolved(owner, "person" if found else None, found)
        return Resolved(owner, None, None)


def undeclared(codeowners: CodeOwners, model: ChainModel) -> list[tuple[int, Resolved]]:
    """Each owner CODEOWNERS names that is no declared person or team, with its line (once per owner)."""
    index = OwnerIndex(model)
    seen: dict[str, tuple[int, Resolved]] = {}
    for found in codeowners.rules:
        for owner in found.owners:
            resolved = index.resolve(owner)
            if resolved.id is None:
                seen.setdefault(owner.text.lower(), (found.line, resolved))
    return list(seen.values())


@rule(
    "SC601",
    "codeowners-drift",
    Severity.WARNING,
    "a link's `paths` entry has another owner in CODEOWNERS, or none",
    """
    The owner of a link's result should see every change to the code that
    delivers it.  A link's `paths` name the repository globs it is
    responsible for; the code host asks CODEOWNERS who reviews a change to
    them.  When CODEOWNERS gives such a path to someone else, or to nobody,
    changes reach the wrong reviewers.  The rule checks only when a
    CODEOWNERS file is configured (`codeowners`) or found at the usual
    places, and only links that declare `paths`.  A path is looked up as a
    file of that name (`src/billing/**` falls under `/src/billing/`); the
    owners of the rule that decides it must include the link's owner, found
    by its `github:` handle, its id or a person's `email`.
    """,
    bad=variant(_WITH_PATHS, ("paths: [src/mail/**]", "paths: [src/mail/**, docs/**]")),
    good=_WITH_PATHS,
    files=(("CODEOWNERS", _CODEOWNERS),),
)
def codeowners_drift(ctx: Context) -> Iterator[Problem]:
    codeowners = ctx.settings.codeowners
    if codeowners is None:
        return
    model = ctx.model
    index: OwnerIndex | None = None
    for link in model.links():
        if link.owner is None or not link.paths:
            continue
        index = index or OwnerIndex(model)
        owner = link.owner.value
        holder = f"link '{link.id}' of service '{link.service}'"
        for ref in link.paths:
            decided = codeowners.owners_of(ref.value)
            named = [index.resolve(item) for found in decided for item in found.owners]
            if any(resolved.id == owner for resolved in named):
                continue
            where = ", ".join(f"{codeowners.file}:{found.line}" for found in decided)
            if not decided:
                message = f"{holder} is responsible for '{ref.value}', which no rule of {codeowners.file} covers"
                fix = f"add '{ref.value} @OWNER' to {codeowners.file} ('svcchain export codeowners' writes the lines)"
            elif not named:
                message = f"{holder} is responsible for '{ref.value}', which {where} leaves without owners"
                fix = f"give the line in {codeowners.file} the link's owner ('svcchain export codeowners' writes it)"
            else:
                others = ", ".join(str(resolved) for resolved in dict.fromkeys(named))
                message = f"{holder} is owned by '{owner}', but {where} gives '{ref.value}' to {others}"
                fix = (
                    "make them agree: change the CODEOWNERS line or the link's owner (when they are the same, give "
                    f"'{owner}' the 'github:' handle CODEOWNERS uses)"
                )
            yield Problem(
                message,
                ref.anchor,
                fix=fix,
                service=link.service,
                link=link.id,
                subject=f"codeowners:{link.key}:{ref.value}",
            )
