"""The views for a terminal, as rich renderables (the CLI prints them).

Every string from a chain file goes in as ``rich.text.Text`` built from
``one_line``: never parsed as rich markup, never carrying a terminal escape.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from svcchain.analysis import Analysis, health_band, severity_counts
from svcchain.findings import Finding
from svcchain.views import terminal_chain as chain
from svcchain.views.chainfacts import departure_at, link_facts, review_of
from svcchain.views.escape import one_line
from svcchain.views.terminal_chain import SEVERITY_MARK, SEVERITY_STYLE

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Ref, Service

BAND_STYLE = {"healthy": "green", "needs attention": "yellow", "at risk": "bold red"}


def _t(value: Any, style: str = "") -> Text:
    return Text(one_line(value), style=style)


def _join(*parts: Any) -> Text:
    """Concatenate ``Text`` pieces and plain strings (plain strings are ours, never user data)."""
    out = Text()
    for part in parts:
        out.append(part if isinstance(part, Text) else Text(str(part)))
    return out


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {plural or word + 's'}"


def findings_summary(findings: Iterable[Finding]) -> Text:
    counts = severity_counts(findings)
    parts = [(counts[name], name) for name in ("error", "warning", "info") if counts[name]]
    if not parts:
        return Text("none", style="green")
    out = Text()
    for index, (count, name) in enumerate(parts):
        if index:
            out.append(", ")
        out.append(_plural(count, name), style=SEVERITY_STYLE[name])
    return out


def finding_line(finding: Finding) -> Text:
    severity = finding.severity.value
    out = Text()
    out.append(f"{SEVERITY_MARK[severity]} {severity} {finding.rule} ", style=SEVERITY_STYLE[severity])
    out.append(one_line(finding.text))
    out.append(f"  ({one_line(finding.file)}:{finding.line}:{finding.column})", style="dim")
    return out


def owner_text(
    analysis: Analysis, owner_id: str | None, with_team: bool = True, brief: bool = False, ref: Ref | None = None
) -> Text:
    """``field-service`` (team of 2: ruben, sanne; facilitated by gert), with what the check says is wrong.

    The facts come from the files; anything marked as wrong is a finding of
    the check about this owner, its members or its facilitator, or at the
    owner value ``ref`` (a person who has left or is leaving).
    """
    status = analysis.owner_status(owner_id)
    if status.kind == "missing":
        return Text("no owner", style="bold red")
    out = _t(status.id, "bold")
    codes = status.codes
    name = analysis.name_of(status.id)
    if status.kind == "unknown":
        if "SC102" in codes:
            out.append(" (not a declared person or team)", style="bold red")
        return out
    if status.kind == "directory":  # known from the owner directory, not modelled in a chain file
        if name:
            out.append(f" ({one_line(name)})", style="dim")
        out.append(" in the directory", style="dim")
        return out
    if status.kind == "person":
        person = analysis.model.people[status.id or ""]
        details = ", ".join(one_line(value) for value in (name, None if brief else person.role) if value)
        if details:
            out.append(f" ({details})", style="dim")
        out.append_text(chain.departure_mark(departure_at(analysis, ref), person.active_until))
        return out
    if name:
        out.append(f" {one_line(name)}", style="dim")
    if not with_team:
        return out
    if not status.members:
        out.append(" - team without members", style="bold red" if "SC104" in codes else "dim")
    else:
        out.append(f" - team of {len(status.members)}: ", style="dim")
        for index, member in enumerate(status.members):
            if index:
                out.append(", ", style="dim")
            if status.finding_about("member", member) is not None:
                out.append(f"{one_line(member)} (not a declared person)", style="bold red")
            else:
                out.append(one_line(member), style="dim")
                out.append_text(chain.member_mark(analysis, status.id, member))
    if status.facilitator is None:
        out.append("; no facilitator", style="yellow" if "SC106" in codes else "dim")
    elif status.finding_about("facilitator", status.facilitator) is not None:
        out.append(f"; facilitator '{one_line(status.facilitator)}' is not a declared person", style="bold red")
    else:
        out.append("; facilitated by ")
        out.append(one_line(status.facilitator), style="bold")
        facilitator_name = analysis.name_of(status.facilitator)
        if facilitator_name:
            out.append(f" ({one_line(facilitator_name)})", style="dim")
        out.append_text(chain.member_mark(analysis, status.id, status.facilitator, "facilitator"))
    return out


def _health(analysis: Analysis, service_id: str) -> Text:
    score = analysis.health(service_id)
    band = health_band(score)
    return Text(f"{score} {band}", style=BAND_STYLE[band])


# --------------------------------------------------------------------------- show


def overview(analysis: Analysis) -> Table:
    """All services in one table: owner, needs, links, findings, health."""
    table = Table(title="Services", title_justify="left", show_lines=False, expand=False)
    table.add_column("Service", overflow="fold")
    table.add_column("Owner", overflow="fold")
    table.add_column("Needs", justify="right")
    table.add_column("Links", justify="right")
    table.add_column("Findings")
    table.add_column("Health")
    for service in analysis.services:
        label = _t(service.id, "bold")
        if service.name:
            label.append("\n")
            label.append(one_line(service.name), style="dim")
        owner = owner_text(
            analysis, service.owner.value if service.owner else None, with_team=False, brief=True, ref=service.owner
        )
        delivered = sum(1 for need in service.needs.values() if analysis.delivering_links(service, need))
        needs = Text(
            f"{delivered}/{len(service.needs)}",
            style="" if delivered == len(service.needs) and service.needs else "yellow",
        )
        table.add_row(
            label,
            owner,
            needs,
            str(len(service.links)),
            findings_summary(analysis.service_findings(service.id)),
            _health(analysis, service.id),
        )
    if not analysis.services:
        table.add_row(Text("no services", style="dim"), "", "", "", "", "")
    return table


def _link_block(analysis: Analysis, number: int, link: Link) -> Group:
    head = _join(Text(f"{number:>2}. ", style="dim"), _t(link.id, "bold cyan"))
    if link.name:
        head.append("  ")
        head.append(one_line(link.name))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("owner", owner_text(analysis, link.owner.value if link.owner else None, ref=link.owner))
    known = link_facts(analysis, link)
    if known.deputy is not None:
        grid.add_row("deputy", chain.person_text(known.deputy))
    codes = analysis.link_codes(link)
    if link.result:
        grid.add_row("result", _t(link.result))
    elif "result" in link.invalid:
        grid.add_row("result", Text("not a valid text (see the schema finding)", style="bold red"))
    else:
        grid.add_row("result", Text("no result stated", style="bold red" if "SC401" in codes else "dim"))
    if link.measure_list:
        grid.add_row("measures", chain.measures_text(known))
    else:
        invalid = "measures" in link.invalid
        grid.add_row(
            "measures",
            Text("not a valid list (see the schema finding)", style="bold red")
            if invalid
            else Text("none", style="yellow" if "SC402" in codes else "dim"),
        )
    after = analysis.resolved_after(link)
    if after:
        grid.add_row(
            "after", Text(", ".join(other.id if other.service == link.service else other.key for other in after))
        )
    delivers = [ref.value for ref in link.delivers]
    if delivers:
        grid.add_row("delivers", _t(", ".join(delivers), "green"))
    for label, text in chain.link_rows(known):
        grid.add_row(label, text)
    parts: list[Any] = [head, Padding(grid, (0, 0, 0, 4))]
    for finding in analysis.link_findings(link):
        parts.append(Padding(finding_line(finding), (0, 0, 0, 4)))
    return Group(*parts)


def show_service(analysis: Analysis, service: Service) -> Group:
    """One chain: the customer and their needs, the links in handoff order, owners, findings."""
    title = _t(service.name or service.id, "bold")
    title.append(f"  {service.id}", style="dim")
    parts: list[Any] = [Rule(title, align="left")]
    if service.description:
        parts.append(_t(service.description, "italic"))
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row(
        "service owner", owner_text(analysis, service.owner.value if service.owner else None, ref=service.owner)
    )
    if service.depends_on:
        facts.add_row("depends on", _t(", ".join(ref.value for ref in service.depends_on)))
    review = review_of(analysis, service)
    if review.on is not None:
        facts.add_row("reviewed", chain.review_text(review))
    facts.add_row("health", _health(analysis, service.id))
    facts.add_row("findings", findings_summary(analysis.service_findings(service.id)))
    parts.append(facts)

    parts.append(Text())
    customer = Text("Customer", style="bold underline")
    if service.customer_name:
        customer.append(": ")
        customer.append(one_line(service.customer_name), style="bold")
    parts.append(customer)
    if not service.needs:
        style = "yellow" if any(f.rule == "SC303" for f in analysis.service_level_findings(service.id)) else "dim"
        parts.append(Text("  no needs declared: what does the customer really want?", style=style))
    needs = Table.grid(padding=(0, 1))
    needs.add_column(no_wrap=True)
    needs.add_column(style="bold", overflow="fold")
    needs.add_column(overflow="fold")
    for need in service.needs.values():
        delivering = analysis.delivering_links(service, need)
        text = _t(need.text or "")
        if delivering:
            text.append(f"  ← {', '.join(link.id for link in delivering)}", style="dim")
            needs.add_row(Text("  ✔", style="green"), need.id, text)
        else:
            unmet = bool(analysis.need_findings(service, need))
            text.append("  delivered by no link", style="bold red" if unmet else "dim")
            needs.add_row(Text("  ✖" if unmet else "  ·", style="bold red" if unmet else "dim"), need.id, text)
        for row in chain.requirement_rows(analysis, service, need):
            needs.add_row(*row)
    if service.needs:
        parts.append(needs)

    for finding in analysis.service_level_findings(service.id):
        parts.append(Padding(finding_line(finding), (0, 0, 0, 2)))

    parts.append(Text())
    parts.append(Text("Chain in handoff order", style="bold underline"))
    upstream = analysis.upstream_links(service)
    if upstream:
        parts.append(_join(Text("  builds on ", style="dim"), Text(", ".join(link.key for link in upstream))))
    order = analysis.handoff_order(service)
    if not order:
        parts.append(Text("  no links: who delivers this service?", style="yellow"))
    for number, link in enumerate(order, 1):
        parts.append(_link_block(analysis, number, link))
    downstream = analysis.downstream_links(service)
    if downstream:
        parts.append(_join(Text("  hands on to ", style="dim"), Text(", ".join(link.key for link in downstream))))
    return Group(*parts)


# --------------------------------------------------------------------------- owners


def owners_table(analysis: Analysis, assets: bool = False) -> Table:
    """The ownership matrix: one row per person, team and undeclared owner (``assets``: the assets by owner)."""
    if assets:
        return chain.assets_table(analysis)
    table = Table(title="Ownership", title_justify="left", show_lines=True)
    table.add_column("Owner", overflow="fold", ratio=3)
    table.add_column("Teams / members", overflow="fold", ratio=2)
    table.add_column("Facilitates / facilitator", overflow="fold", ratio=2)
    table.add_column("Accountable for", overflow="fold", ratio=4)
    table.add_column("Load", justify="right", no_wrap=True)
    for row in analysis.ownership():
        owner = _t(row.id, "bold")
        owner.append(f" {row.kind}", style="red" if row.kind == "undeclared" else "dim")
        if row.in_directory:
            owner.append(" in the directory", style="dim")
        if row.name:
            owner.append(f"\n{one_line(row.name)}", style="dim")
        if row.kind == "person":
            owner.append_text(chain.owner_cell_marks(analysis, row.id))
        together = (
            _t(", ".join(row.teams)) if row.kind == "person" else chain.members_text(analysis, row.id, row.members)
        )
        helps = _t(", ".join(row.facilitates) if row.kind == "person" else (row.facilitator or ""))
        accountable = Text()
        if row.services:
            accountable.append("service ", style="dim")
            accountable.append(", ".join(row.services), style="bold")
        for key in row.links:
            accountable.append(("\n" if accountable else "") + key)
        if row.via_teams:
            accountable.append(
                ("\n" if accountable else "") + f"+{len(row.via_teams)} links through teams", style="dim"
            )
        load = Text(str(row.load), style="bold red" if row.overloaded else "")
        if row.overloaded:
            load.append(f" > {row.limit}", style="red")
        table.add_row(owner, together, helps, accountable, load)
    return table


def render_show(analysis: Analysis, service: Service | None) -> Table | Group:
    """``svcchain show``: every service in a table, or one service's chain."""
    return overview(analysis) if service is None else show_service(analysis, service)
