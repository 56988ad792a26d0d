"""The facts of format 1.1 in the terminal: deputies, assets, requirements, measured values, reviews.

Rendered from ``chainfacts``; a mark says what is wrong only where the check
reports a finding there, in the colour of that finding's severity.  Every
string from a chain file goes in through ``one_line`` as plain ``Text``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from svcchain.views.chainfacts import (
    AssetEntry,
    LinkFacts,
    PersonFact,
    Review,
    assets_by_owner,
    departure_text,
    member_departure,
    owner_extras,
    requirements_of,
)
from svcchain.views.escape import one_line

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.chainmodel import Need, Service
    from svcchain.findings import Finding

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
SEVERITY_MARK = {"error": "✖", "warning": "▲", "info": "●"}


def mark(finding: Finding, words: str, lead: str = " ") -> Text:
    """`` ▲ words`` in the colour of the finding's severity."""
    severity = finding.severity.value
    return Text(f"{lead}{SEVERITY_MARK[severity]} {words}", style=SEVERITY_STYLE[severity])


def _append(out: Text, value: Any, style: str = "") -> Text:
    out.append(one_line(value), style=style)
    return out


def departure_mark(finding: Finding | None, active_until: datetime.date | None) -> Text:
    """`` ✖ has left: last day 2026-04-30`` from an SC108/SC109 finding; empty without one."""
    return Text() if finding is None else mark(finding, departure_text(finding, active_until))


def member_mark(analysis: Analysis, team_id: str | None, member: str, role: str = "member") -> Text:
    """The mark after a team's member (or facilitator) where the check says they leave; empty if not."""
    found = member_departure(analysis, team_id, member, role)
    if found is None:
        return Text()
    person = analysis.model.people.get(member)
    return departure_mark(found, person.active_until if person is not None else None)


def person_text(person: PersonFact) -> Text:
    """``karel (Karel Visser)`` with the check's marks: not declared (SC102), left or leaving (SC108/SC109)."""
    out = Text(one_line(person.id), style="bold")
    if person.name:
        out.append(f" ({one_line(person.name)})", style="dim")
    if person.unknown is not None:
        out.append_text(mark(person.unknown, "not a declared person"))
    out.append_text(departure_mark(person.departure, person.active_until))
    return out


def review_text(review: Review) -> Text:
    out = Text(review.on.isoformat() if review.on else "")
    if review.stale is not None:
        out.append_text(mark(review.stale, "stale: due for a review"))
    return out


def measures_text(facts: LinkFacts) -> Text:
    """One line per measure: ``name: target · actual 99.1% on 2026-05-31 ▲ target missed``."""
    out = Text()
    for index, measure in enumerate(facts.measures):
        if index:
            out.append("\n")
        _append(out, measure.name)
        if measure.target:
            out.append(": ", style="dim")
            _append(out, measure.target, "green")
        if measure.actual is not None:
            out.append(" · actual ", style="dim")
            _append(out, measure.actual, "bold")
        if measure.measured_on is not None:
            out.append(f" on {measure.measured_on.isoformat()}", style="dim")
        if measure.missed is not None:
            out.append_text(mark(measure.missed, "target missed"))
    return out


def assets_text(facts: LinkFacts) -> Text:
    """One line per asset: ``db-cluster Database cluster · owner infra``, with the check's marks; names of
    a repository without an asset register on one line."""
    plain = all(use.asset is None and use.undeclared is None for use in facts.assets)
    out = Text()
    for index, use in enumerate(facts.assets):
        if index:
            out.append(", " if plain else "\n")
        _append(out, use.id, "" if plain else "bold")
        if use.undeclared is not None:
            out.append_text(mark(use.undeclared, "not a declared asset"))
        if use.asset is None:
            continue
        if use.asset.name:
            _append(out.append(" "), use.asset.name)
        if use.owner is not None:
            out.append(" · owner ", style="dim")
            _append(out, use.owner.id)
            out.append_text(departure_mark(use.owner.departure, use.owner.active_until))
        elif use.unowned is not None:
            out.append_text(mark(use.unowned, "no owner"))
    return out


def meets_text(facts: LinkFacts) -> Text:
    out = Text()
    for index, meets in enumerate(facts.meets):
        if index:
            out.append(", ")
        _append(out, meets.id, "green" if meets.requirement is not None else "")
        if meets.unknown is not None:
            out.append_text(mark(meets.unknown, "not a requirement of this service"))
    return out


def link_rows(facts: LinkFacts) -> list[tuple[str, Text]]:
    """The rows a link's block adds after ``delivers``: alternatives, meets, assets, review."""
    rows = []
    if facts.after_any:
        rows.append(("after one of", Text(", ".join(facts.after_any))))
    if facts.meets:
        rows.append(("meets", meets_text(facts)))
    if facts.assets:
        rows.append(("assets", assets_text(facts)))
    if facts.review.on is not None:
        rows.append(("reviewed", review_text(facts.review)))
    return rows


def requirement_rows(analysis: Analysis, service: Service, need: Need) -> list[tuple[Text, Text, Text]]:
    """Rows under a need in ``show``: each requirement, implicit ones marked, and the links that meet it."""
    rows = []
    for fact in requirements_of(analysis, service, need):
        requirement = fact.requirement
        text = Text()
        if fact.implicit:
            text.append("implicit: ", style="magenta")
        _append(text, requirement.text or "")
        if requirement.source:
            text.append(f" ({one_line(requirement.source)})", style="dim")
        if fact.met_by:
            text.append(f"  ← {', '.join(link.id for link in fact.met_by)}", style="dim")
            sign = Text("    ✔", style="green")
        elif fact.unmet is not None:
            text.append_text(mark(fact.unmet, "met by no link"))
            sign = Text(
                f"    {SEVERITY_MARK[fact.unmet.severity.value]}", style=SEVERITY_STYLE[fact.unmet.severity.value]
            )
        else:
            text.append("  met by no link", style="dim")
            sign = Text("    ·", style="dim")
        rows.append((sign, Text(one_line(requirement.id), style="not bold"), text))
    return rows


# --------------------------------------------------------------------------- owners


def owner_cell_marks(analysis: Analysis, owner_id: str) -> Text:
    """What the ownership matrix adds under a person the check says leaves (SC108/SC109): when, and
    their manager (who arranges the handover)."""
    extras = owner_extras(analysis, owner_id)
    out = Text()
    if extras.departure is not None:
        out.append_text(mark(extras.departure, departure_text(extras.departure, extras.active_until), lead="\n"))
        if extras.manager:
            out.append(f"; manager {one_line(extras.manager)}", style="dim")
    return out


def members_text(analysis: Analysis, team_id: str, members: list[str]) -> Text:
    """A team's members, each marked where the check says they leave."""
    out = Text()
    for index, member in enumerate(members):
        if index:
            out.append(", ")
        out.append(one_line(member))
        out.append_text(member_mark(analysis, team_id, member))
    return out


def _owner_cell(analysis: Analysis, owner_id: str, entry: AssetEntry) -> Text:
    out = Text(one_line(owner_id), style="bold")
    kind = analysis.model.owner_kind(owner_id)
    if kind is not None:
        out.append(f" {kind}", style="dim")
    elif entry.owner is not None and entry.owner.unknown is not None:
        out.append_text(mark(entry.owner.unknown, "not declared"))
    else:
        out.append(" not declared", style="dim")
    name = analysis.name_of(owner_id)
    if name:
        out.append(f"\n{one_line(name)}", style="dim")
    out.append_text(owner_cell_marks(analysis, owner_id))
    return out


def assets_table(analysis: Analysis) -> Table:
    """``owners --assets``: every asset under its owner, with kind, supplier and the links that use it."""
    table = Table(title="Assets by owner", title_justify="left", show_lines=True)
    table.add_column("Owner", overflow="fold", ratio=3)
    table.add_column("Asset", overflow="fold", ratio=3)
    table.add_column("Kind", overflow="fold", ratio=2)
    table.add_column("Supplier", overflow="fold", ratio=2)
    table.add_column("Used by", overflow="fold", ratio=4)
    groups = assets_by_owner(analysis)
    for owner_id, entries in groups:
        for index, entry in enumerate(entries):
            if owner_id is not None:
                owner = _owner_cell(analysis, owner_id, entry) if index == 0 else Text()
            elif entry.asset is not None:
                owner = mark(entry.unowned, "no owner", lead="") if entry.unowned else Text("no owner", style="dim")
            elif entry.undeclared:
                owner = mark(entry.undeclared[0], "not a declared asset", lead="")
            else:
                owner = Text("not in an asset register", style="dim")
            asset = Text(one_line(entry.id), style="bold")
            if entry.asset is not None and entry.asset.name:
                asset.append(f"\n{one_line(entry.asset.name)}", style="dim")
            table.add_row(
                owner,
                asset,
                Text(one_line(entry.asset.kind if entry.asset is not None else "")),
                Text(one_line(entry.asset.supplier if entry.asset is not None else "")),
                Text("\n".join(link.key for link in entry.links) or "no link", style="" if entry.links else "dim"),
            )
    if not groups:
        table.add_row(Text("no assets", style="dim"), "", "", "", "")
    return table
