"""The report's HTML for owners, links, requirements and the asset register.

Facts as the files state them (``chainfacts``); marked ``weak`` only where
the check reports a finding.  Every string from a chain file goes through
``html_text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.views.chainfacts import (
    LinkFacts,
    PersonFact,
    Review,
    asset_register,
    departure_at,
    departure_text,
    link_facts,
    member_departure,
    owner_extras,
    requirements_of,
    review_of,
)
from svcchain.views.escape import html_text as h

if TYPE_CHECKING:
    import datetime

    from svcchain.analysis import Analysis
    from svcchain.chainmodel import Ref, Service
    from svcchain.findings import Finding


def weak(words: str) -> str:
    """Words (already escaped) that say what the check found wrong."""
    return f'<span class="weak">{words}</span>'


def _left(finding: Finding | None, active_until: datetime.date | None) -> str:
    return f" {weak(h(departure_text(finding, active_until)))}" if finding is not None else ""


def _member(analysis: Analysis, team_id: str | None, member: str, role: str = "member") -> str:
    person = analysis.model.people.get(member)
    found = member_departure(analysis, team_id, member, role)
    return _left(found, person.active_until if person is not None else None)


def owner_html(analysis: Analysis, owner_id: str | None, ref: Ref | None = None) -> str:
    """The owner as the files name it; marked weak only where the check reports a finding (about the owner,
    its members or facilitator, or at the owner value ``ref``: a person who has left or is leaving)."""
    status = analysis.owner_status(owner_id)
    if status.kind == "missing":
        return weak("no owner")
    text = f"<code>{h(status.id)}</code>"
    codes = status.codes

    def judged(words: str, code: str) -> str:
        return f'<span class="{"weak" if code in codes else "note"}">{words}</span>'

    if status.kind == "unknown":
        return text + (f" {weak('not declared')}" if "SC102" in codes else "")
    name = analysis.name_of(status.id)
    if name:
        text += f" {h(name)}"
    if status.kind == "person":
        person = analysis.model.people[status.id or ""]
        text += _left(departure_at(analysis, ref), person.active_until)
    if status.kind == "team":
        if status.members:
            members = ", ".join(
                h(member)
                + (" (not declared)" if status.finding_about("member", member) else "")
                + _member(analysis, status.id, member)
                for member in status.members
            )
            text += f'<br><span class="note">team of {len(status.members)}: {members}</span>'
        else:
            text += "<br>" + judged("team without members", "SC104")
        if status.facilitator is None:
            text += "<br>" + judged("no facilitator", "SC106")
        elif status.finding_about("facilitator", status.facilitator):
            text += f"<br>{weak(f'facilitator {h(status.facilitator)} is not declared')}"
        else:
            text += f'<br><span class="note">facilitator: {h(status.facilitator)}</span>'
            text += _member(analysis, status.id, status.facilitator, "facilitator")
    return text


def person_html(person: PersonFact) -> str:
    text = f"<code>{h(person.id)}</code>" + (f" {h(person.name)}" if person.name else "")
    if person.unknown is not None:
        text += f" {weak('not declared')}"
    return text + _left(person.departure, person.active_until)


def person_status_html(analysis: Analysis, person_id: str) -> str:
    """Under a person in the ownership matrix: has left or is leaving (SC108/SC109), and their manager."""
    extras = owner_extras(analysis, person_id)
    if extras.departure is None:
        return ""
    manager = f'<br><span class="note">manager: {h(extras.manager)}</span>' if extras.manager else ""
    return "<br>" + weak(h(departure_text(extras.departure, extras.active_until))) + manager


def review_html(review: Review) -> str:
    if review.on is None:
        return ""
    return h(review.on.isoformat()) + (f" {weak('stale: due for a review')}" if review.stale is not None else "")


def _measures(facts: LinkFacts) -> str:
    lines = []
    for measure in facts.measures:
        line = h(measure.name) + (f": {h(measure.target)}" if measure.target else "")
        if measure.actual is not None or measure.measured_on is not None:
            line += '<br><span class="note">'
            line += f"actual {h(measure.actual)}" if measure.actual is not None else "measured"
            line += f" on {measure.measured_on.isoformat()}" if measure.measured_on else ""
            line += "</span>"
        if measure.missed is not None:
            line += f" {weak('target missed')}"
        lines.append(line)
    return "<br>".join(lines)


def _link_notes(facts: LinkFacts) -> str:
    notes = []
    if facts.after_any:
        notes.append(f"after one of {h(', '.join(facts.after_any))}")
    if facts.meets:
        notes.append(
            "meets "
            + ", ".join(
                f"<code>{h(meets.id)}</code>" + (f" {weak('not a requirement')}" if meets.unknown else "")
                for meets in facts.meets
            )
        )
    if facts.assets:
        notes.append(
            "assets "
            + ", ".join(
                f"<code>{h(use.id)}</code>" + (f" {weak('not declared')}" if use.undeclared else "")
                for use in facts.assets
            )
        )
    if facts.review.on is not None:
        notes.append(f"reviewed {review_html(facts.review)}")
    return "".join(f'<br><span class="note">{note}</span>' for note in notes)


def links_table(analysis: Analysis, service: Service) -> list[str]:
    order = analysis.handoff_order(service)
    if not order:
        return ['<p class="note">No links: who delivers this service?</p>']
    out = [
        '<table><thead><tr><th class="num">#</th><th>Link</th><th>Owner</th><th>Result</th>'
        "<th>Measures</th></tr></thead><tbody>"
    ]
    for number, link in enumerate(order, 1):
        facts = link_facts(analysis, link)
        after = analysis.resolved_after(link)
        link_cell = f"<strong>{h(link.name or link.id)}</strong><br><code>{h(link.id)}</code>"
        if after:
            names = ", ".join(other.id if other.service == service.id else other.key for other in after)
            link_cell += f'<br><span class="note">after {h(names)}</span>'
        link_cell += _link_notes(facts)
        codes = analysis.link_codes(link)
        if link.result:
            result = h(link.result)
        elif "result" in link.invalid:
            result = weak("not a valid text (see the schema finding)")
        else:
            result = f'<span class="{"weak" if "SC401" in codes else "note"}">no result stated</span>'
        if link.measure_list:
            measures = _measures(facts)
        else:
            measures = (
                weak("not a valid list (see the schema finding)")
                if "measures" in link.invalid
                else f'<span class="{"weak" if "SC402" in codes else "note"}">none</span>'
            )
        owner = owner_html(analysis, link.owner.value if link.owner else None, link.owner)
        if facts.deputy is not None:
            owner += f'<br><span class="note">deputy:</span> {person_html(facts.deputy)}'
        out.append(
            f'<tr><td class="num">{number}</td><td>{link_cell}</td><td>{owner}</td>'
            f"<td>{result}</td><td>{measures}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def service_review(analysis: Analysis, service: Service) -> str:
    """``<dt>Reviewed</dt><dd>…</dd>`` for the facts of a service, when it states a review date."""
    review = review_of(analysis, service)
    return f"<dt>Reviewed</dt><dd>{review_html(review)}</dd>" if review.on is not None else ""


def requirements_table(analysis: Analysis, service: Service) -> list[str]:
    """The requirements of each need and the links that meet them; empty when the service states none."""
    if not service.requirements:
        return []
    out = [
        "<h3>Requirements</h3>",
        "<table><thead><tr><th>Need</th><th>Requirement</th><th>Kind</th><th>Met by</th></tr></thead><tbody>",
    ]
    for need in service.needs.values():
        for fact in requirements_of(analysis, service, need):
            requirement = fact.requirement
            kind = f"<strong>{h(requirement.kind)}</strong>" if fact.implicit else h(requirement.kind)
            if requirement.source:
                kind += f'<br><span class="note">{h(requirement.source)}</span>'
            if fact.met_by:
                met = ", ".join(f"<code>{h(link.id)}</code>" for link in fact.met_by)
            else:
                met = weak("met by no link") if fact.unmet is not None else '<span class="note">met by no link</span>'
            out.append(
                f"<tr><td><code>{h(need.id)}</code></td><td><code>{h(requirement.id)}</code>"
                + (f"<br>{h(requirement.text)}" if requirement.text else "")
                + f"</td><td>{kind}</td><td>{met}</td></tr>"
            )
    out.append("</tbody></table>")
    return out


def asset_register_section(analysis: Analysis) -> list[str]:
    """The asset register: every declared asset, its owner, supplier and the links that use it; omitted when
    the repository declares no assets."""
    if not analysis.model.assets:
        return []
    out = [
        '<section id="assets">',
        "<h2>Asset register</h2>",
        '<p class="note">What the links depend on: systems, contracts and places, each with the person or '
        "team that owns it and who supplies it.</p>",
        "<table><thead><tr><th>Asset</th><th>Kind</th><th>Owner</th><th>Supplier</th><th>Used by</th>"
        "</tr></thead><tbody>",
    ]
    for entry in asset_register(analysis):
        asset = f"<code>{h(entry.id)}</code>"
        if entry.asset is not None and entry.asset.name:
            asset += f"<br>{h(entry.asset.name)}"
        if entry.asset is None:
            owner = weak("not declared") if entry.undeclared else '<span class="note">not declared</span>'
        elif entry.owner is not None:
            owner = person_html(entry.owner)
        else:
            owner = weak("no owner") if entry.unowned is not None else '<span class="note">no owner</span>'
        kind = h(entry.asset.kind) if entry.asset is not None else ""
        supplier = h(entry.asset.supplier) if entry.asset is not None else ""
        links = "<br>".join(f"<code>{h(link.key)}</code>" for link in entry.links) or '<span class="note">-</span>'
        out.append(
            f'<tr><td>{asset}</td><td>{kind}</td><td>{owner}</td><td>{supplier}</td><td class="keys">{links}</td></tr>'
        )
    out.append("</tbody></table></section>")
    return out
