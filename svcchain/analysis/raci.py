"""The RACI matrix of a service: who does what for each link, in svcchain's terms.

- **A**, accountable: the service's owner, who answers to the customer for the
  chain as a whole (on every link of the service);
- **R**, responsible: the link's owner, result-responsible for its part (a
  person or a team);
- **F**, facilitator: the facilitator of the team that owns the link, the
  team's safety net;
- **D**, deputy: who takes over when the link's owner is unavailable.

Chain files record no "consulted" or "informed", so the matrix has no C or I.
The parties are the people and teams named, as the files name them, in the
order they first appear: the service owner, the link owners in handoff
order, then the facilitators, then the deputies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.chainmodel import Link, Service

#: The letters, in the order a cell lists them.
LETTERS = ("A", "R", "F", "D")


@dataclass(frozen=True)
class RaciParty:
    id: str
    kind: str  # person | team | unknown (not declared)
    name: str | None


@dataclass(frozen=True)
class RaciRow:
    link: Link
    cells: tuple[str, ...]  # per party: its letters ("A R", "F", "")


@dataclass(frozen=True)
class Raci:
    service: Service
    parties: tuple[RaciParty, ...]
    rows: tuple[RaciRow, ...]


def raci(analysis: Analysis, service: Service) -> Raci:
    """The service's links (handoff order) × the people and teams that carry them."""
    model = analysis.model
    links = analysis.handoff_order(service)
    letters: list[dict[str, set[str]]] = []
    found: dict[str, int] = {}  # party -> first role rank (A 0, R 1, F 2, D 3), then first appearance

    def mark(row: dict[str, set[str]], party: str | None, letter: str) -> None:
        if party is None:
            return
        row.setdefault(party, set()).add(letter)
        found.setdefault(party, LETTERS.index(letter))
        found[party] = min(found[party], LETTERS.index(letter))

    accountable = service.owner.value if service.owner is not None else None
    for link in links:
        row: dict[str, set[str]] = {}
        mark(row, accountable, "A")
        owner = link.owner.value if link.owner is not None else None
        mark(row, owner, "R")
        team = model.teams.get(owner or "")
        if team is not None and team.facilitator is not None:
            mark(row, team.facilitator.value, "F")
        if link.deputy is not None:
            mark(row, link.deputy.value, "D")
        letters.append(row)
    appearance = list(found)
    order = sorted(found, key=lambda party: (found[party], appearance.index(party)))
    parties = tuple(RaciParty(party, model.owner_kind(party) or "unknown", analysis.name_of(party)) for party in order)
    rows = tuple(
        RaciRow(link, tuple(" ".join(letter for letter in LETTERS if letter in row.get(party, ())) for party in order))
        for link, row in zip(links, letters, strict=True)
    )
    return Raci(service, parties, rows)
