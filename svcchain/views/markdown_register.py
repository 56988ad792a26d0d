"""The report's Markdown for owners, links, requirements and the asset register.

Facts as the files state them (``chainfacts``); in bold only where the check
reports a finding.  Every string from a chain file goes through
``markdown_text`` or ``markdown_code``, so a name can neither break a table
nor inject markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.views.chainfacts import (
    AssetEntry,
    LinkFacts,
    PersonFact,
    Review,
    asset_register,
    assets_by_owner,
    departure_at,
    departure_text,
    link_facts,
    member_departure,
    owner_extras,
    requirements_of,
    review_of,
)
from svcchain.views.escape import markdown_code as code
from svcchain.views.escape import markdown_text as md

if TYPE_CHECKING:
    import datetime

    from svcchain.analysis import Analysis
    from svcchain.chainmodel import Ref, Service
    from svcchain.findings import Finding


def row(*cells: str) -> str:
    return "| " + " | ".join(cell if cell else " " for cell in cells) + " |"


def _left(finding: Finding | None, active_until: datetime.date | None) -> str:
    return f" **{md(departure_text(finding, active_until))}**" if finding is not None else ""


def _member(analysis: Analysis, team_id: str | None, member: str, role: str = "member") -> str:
    person = analysis.model.people.get(member)
    return _left(member_departure(analysis, team_id, member, role), person.active_until if person else None)


def owner_md(analysis: Analysis, owner_id: str | None, ref: Ref | None = None) -> str:
    """The owner as the files name it; in bold only where the check reports a finding (about the owner,
    its members or facilitator, or at the owner value ``ref``: a person who has left or is leaving)."""
    status = analysis.owner_status(owner_id)
    if status.kind == "missing":
        return "**no owner**"
    text = code(status.id)
    codes = status.codes
    if status.kind == "unknown":
        return text + (" (**not declared**)" if "SC102" in codes else "")
    if status.kind == "person":
        person = analysis.model.people[status.id or ""]
        text += _left(departure_at(analysis, ref), person.active_until)
    if status.kind == "team":
        if status.members:
            members = ", ".join(
                md(member)
                + (" (**not declared**)" if status.finding_about("member", member) else "")
                + _member(analysis, status.id, member)
                for member in status.members
            )
        else:
            members = "**no members**" if "SC104" in codes else "no members"
        if status.facilitator is None:
            facilitator = "**no facilitator**" if "SC106" in codes else "no facilitator"
        elif status.finding_about("facilitator", status.facilitator):
            facilitator = f"**facilitator {md(status.facilitator)} is not declared**"
        else:
            facilitator = f"facilitator {code(status.facilitator)}"
            facilitator += _member(analysis, status.id, status.facilitator, "facilitator")
        text += f" (team: {members}; {facilitator})"
    return text


def person_md(person: PersonFact) -> str:
    text = code(person.id) + (f" {md(person.name)}" if person.name else "")
    return text + (" (**not declared**)" if person.unknown else "") + _left(person.departure, person.active_until)


def person_status_md(analysis: Analysis, person_id: str) -> str:
    """After a person in the ownership matrix: has left or is leaving (SC108/SC109), and their manager."""
    extras = owner_extras(analysis, person_id)
    if extras.departure is None:
        return ""
    manager = f" (manager {code(extras.manager)})" if extras.manager else ""
    return _left(extras.departure, extras.active_until) + manager


def review_md(review: Review) -> str:
    if review.on is None:
        return ""
    return review.on.isoformat() + (" **stale: due for a review**" if review.stale is not None else "")


def _measures(facts: LinkFacts) -> str:
    parts = []
    for measure in facts.measures:
        text = md(measure.name) + (f": {md(measure.target)}" if measure.target else "")
        if measure.actual is not None:
            text += f", actual {md(measure.actual)}"
        if measure.measured_on is not None:
            text += f" on {measure.measured_on.isoformat()}"
        if measure.missed is not None:
            text += " **target missed**"
        parts.append(text)
    return "; ".join(parts)


def _link_notes(facts: LinkFacts) -> str:
    notes = []
    if facts.after_any:
        notes.append("after one of " + ", ".join(code(name) for name in facts.after_any))
    if facts.meets:
        notes.append(
            "meets " + ", ".join(code(m.id) + (" (**not a requirement**)" if m.unknown else "") for m in facts.meets)
        )
    if facts.assets:
        notes.append(
            "assets "
            + ", ".join(code(use.id) + (" (**not declared**)" if use.undeclared else "") for use in facts.assets)
        )
    if facts.review.on is not None:
        notes.append(f"reviewed {review_md(facts.review)}")
    return "".join(f"<br>{note}" for note in notes)


def links_table(analysis: Analysis, service: Service) -> list[str]:
    order = analysis.handoff_order(service)
    if not order:
        return ["No links: who delivers this service?"]
    lines = [row("#", "Link", "Owner", "Result", "Measures"), "|--:|---|---|---|---|"]
    for number, link in enumerate(order, 1):
        facts = link_facts(analysis, link)
        name = f"**{md(link.name)}** ({code(link.id)})" if link.name else code(link.id)
        after = analysis.resolved_after(link)
        if after:
            name += " after " + ", ".join(code(o.id if o.service == service.id else o.key) for o in after)
        name += _link_notes(facts)
        codes = analysis.link_codes(link)
        if link.result:
            result = md(link.result)
        elif "result" in link.invalid:
            result = "**not a valid text** (see the schema finding)"
        else:
            result = "**no result stated**" if "SC401" in codes else "no result stated"
        owner = owner_md(analysis, link.owner.value if link.owner else None, link.owner)
        if facts.deputy is not None:
            owner += f"<br>deputy {person_md(facts.deputy)}"
        lines.append(
            row(
                str(number),
                name,
                owner,
                result,
                _measures(facts)
                or ("**not a valid list** (see the schema finding)" if "measures" in link.invalid else "")
                or ("**none**" if "SC402" in codes else "none"),
            )
        )
    return lines


def service_review(analysis: Analysis, service: Service) -> list[str]:
    review = review_of(analysis, service)
    return [f"- **Reviewed:** {review_md(review)}"] if review.on is not None else []


def requirements_table(analysis: Analysis, service: Service) -> list[str]:
    """``### Requirements``: each need's requirements and the links that meet them; empty when none."""
    if not service.requirements:
        return []
    lines = ["", "### Requirements", "", row("Need", "Requirement", "Kind", "Met by"), "|---|---|---|---|"]
    for need in service.needs.values():
        for fact in requirements_of(analysis, service, need):
            requirement = fact.requirement
            kind = f"*{md(requirement.kind)}*" if fact.implicit else md(requirement.kind)
            if requirement.source:
                kind += f" ({md(requirement.source)})"
            if fact.met_by:
                met = ", ".join(code(link.id) for link in fact.met_by)
            else:
                met = "**met by no link**" if fact.unmet is not None else "met by no link"
            text = code(requirement.id) + (f" {md(requirement.text)}" if requirement.text else "")
            lines.append(row(code(need.id), text, kind, met))
    return lines


def _owner_cell(entry: AssetEntry) -> str:
    if entry.asset is None:
        return "**not declared**" if entry.undeclared else "not declared"
    if entry.owner is not None:
        return person_md(entry.owner)
    return "**no owner**" if entry.unowned is not None else "no owner"


def _asset_cells(entry: AssetEntry) -> tuple[str, str, str, str]:
    asset = entry.asset
    name = md(asset.name) if asset is not None and asset.name else ""
    return (
        code(entry.id) + (f" {name}" if name else ""),
        md(asset.kind) if asset is not None and asset.kind else "",
        md(asset.supplier) if asset is not None and asset.supplier else "",
        ", ".join(code(link.key) for link in entry.links),
    )


def asset_register_section(analysis: Analysis) -> list[str]:
    """``## Asset register``; omitted when the repository declares no assets."""
    if not analysis.model.assets:
        return []
    lines = [
        "## Asset register",
        "",
        "What the links depend on: systems, contracts and places, each with the person or team that owns it "
        "and who supplies it.",
        "",
        row("Asset", "Kind", "Owner", "Supplier", "Used by"),
        "|---|---|---|---|---|",
    ]
    for entry in asset_register(analysis):
        asset, kind, supplier, links = _asset_cells(entry)
        lines.append(row(asset, kind, _owner_cell(entry), supplier, links))
    return [*lines, ""]


def _owner_kind(analysis: Analysis, entry: AssetEntry) -> str:
    """``person``, ``team``, or not declared (in bold where the check reports SC102 at the owner value)."""
    kind = analysis.model.owner_kind(entry.owner.id) if entry.owner is not None else None
    if kind is not None:
        return kind
    return "**not declared**" if entry.owner is not None and entry.owner.unknown else "not declared"


def assets_by_owner_table(analysis: Analysis) -> list[str]:
    """``owners --assets`` in Markdown: every asset under its owner."""
    lines = [row("Owner", "Asset", "Kind", "Supplier", "Used by"), "|---|---|---|---|---|"]
    groups = assets_by_owner(analysis)
    for owner_id, entries in groups:
        for index, entry in enumerate(entries):
            if owner_id is None:
                owner = _owner_cell(entry)
            elif index:
                owner = ""
            else:
                owner = f"{code(owner_id)} {_owner_kind(analysis, entry)}" + person_status_md(analysis, owner_id)
            asset, kind_cell, supplier, links = _asset_cells(entry)
            lines.append(row(owner, asset, kind_cell, supplier, links))
    if not groups:
        lines.append(row("no assets", "", "", "", ""))
    return lines
