"""The links' ``paths`` → a CODEOWNERS file (``svcchain export codeowners``).

One line per ``paths`` entry, ``PATTERN @OWNER``, in the order of the chain
files (services, then their links, then their paths, as the files hold
them): CODEOWNERS lets the last matching line win, so a later, more specific
path of the chains wins there too.  The owner is written as its ``github:``
handle (``@octocat``, ``@acme/payments``); a team without one as
``@ORG/ID`` when ``--org`` is given; a person without one by their e-mail
address.  A link whose owner has none of these is not written and is
listed, so nothing is guessed.  Patterns are escaped for CODEOWNERS (spaces,
a leading ``#`` or ``!``); ids, the only other text, cannot hold anything to
escape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from svcchain.chainmodel import ChainModel
from svcchain.codeowners import escape_pattern, owner

HEADER = (
    "# Written by `svcchain export codeowners` from the links' `paths:` in the chain files.\n"
    "# Re-run the export instead of editing: it replaces this file. The last matching line wins.\n"
)


@dataclass
class Exported:
    text: str
    lines: int = 0
    #: links with paths whose owner could not be written, with why
    skipped: list[str] = field(default_factory=list)


def owner_handle(model: ChainModel, owner_id: str, org: str | None = None) -> str | None:
    """How CODEOWNERS names a person or team of the chains (or of the owner directory), or None."""
    person = model.people.get(owner_id) or model.directory_people.get(owner_id)
    if person is not None:
        if person.github:
            return "@" + person.github
        named = owner(person.email) if person.email else None  # an address that is one word, nothing more
        return named.text if named is not None and named.kind == "email" else None
    team = model.teams.get(owner_id) or model.directory_teams.get(owner_id)
    if team is not None:
        if team.github:
            return "@" + team.github
        return f"@{org}/{owner_id}" if org else None
    return None


def is_generated(text: str) -> bool:
    return text.startswith(HEADER.splitlines()[0])


def export(model: ChainModel, org: str | None = None) -> Exported:
    out = Exported(HEADER)
    body: list[str] = []
    for service in model.services.values():
        for link in service.links.values():
            if not link.paths:
                continue
            if link.owner is None:
                out.skipped.append(f"{link.key}: the link has no owner")
                continue
            handle = owner_handle(model, link.owner.value, org)
            if handle is None:
                kind = model.known_kind(link.owner.value)
                why = {
                    "team": "has no 'github:' handle (or give --org)",
                    "person": "has no 'github:' handle and no e-mail address CODEOWNERS can hold",
                }.get(kind or "", "is not a declared person or team")
                out.skipped.append(f"{link.key}: its owner '{link.owner.value}' {why}")
                continue
            body.append(f"\n# {link.key}")
            for ref in link.paths:
                body.append(f"{escape_pattern(ref.value)} {handle}")
                out.lines += 1
    out.text = HEADER + "\n".join(body) + ("\n" if body else "")
    return out
