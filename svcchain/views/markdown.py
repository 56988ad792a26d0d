"""The consultant's report in Markdown, with ```mermaid diagrams GitHub and GitLab render.

Every string from a chain file is escaped for Markdown (``markdown_text``) or
for Mermaid (inside the diagrams), so a name can neither break a table nor
inject markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from svcchain import __version__
from svcchain.analysis import (
    HEALTH_EXPLANATION,
    IMPACT_DEFINITION,
    Analysis,
    OwnerRow,
    Progress,
    health_band,
    severity_counts,
)
from svcchain.analysis.trace import NOT_OWNED, shown_hops
from svcchain.views import diagram as diagrams
from svcchain.views import mermaid
from svcchain.views.advice import hop_name, location, weakest_text, what_and_todo
from svcchain.views.escape import markdown_code as code
from svcchain.views.escape import markdown_text as md

if TYPE_CHECKING:
    from svcchain.chainmodel import Service
    from svcchain.findings import Finding

REPORT_PATHS = 5


def _row(*cells: str) -> str:
    return "| " + " | ".join(cell if cell else " " for cell in cells) + " |"


def _counts(findings: Iterable[Finding]) -> str:
    counts = severity_counts(findings)
    parts = [f"{count} {name}{'s' if count != 1 else ''}" for name, count in counts.items() if count]
    return ", ".join(parts) if parts else "none"


def _owner(analysis: Analysis, owner_id: str | None) -> str:
    """The owner as the files name it; in bold only where the check reports a finding."""
    status = analysis.owner_status(owner_id)
    if status.kind == "missing":
        return "**no owner**"
    text = code(status.id)
    codes = status.codes
    if status.kind == "unknown":
        return text + (" (**not declared**)" if "SC102" in codes else "")
    if status.kind == "team":
        if status.members:
            members = ", ".join(
                md(member) + (" (**not declared**)" if status.finding_about("member", member) else "")
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
        text += f" (team: {members}; {facilitator})"
    return text


def findings_table(findings: list[Finding]) -> list[str]:
    if not findings:
        return ["No findings."]
    lines = [_row("Severity", "Rule", "Finding", "Where", "What to do"), "|---|---|---|---|---|"]
    for finding in findings:
        what, todo = what_and_todo(finding)
        lines.append(
            _row(
                f"**{finding.severity.value}**",
                f"{finding.rule} {md(finding.name)}",
                md(what),
                md(location(finding)),
                md(todo),
            )
        )
    return lines


def ownership_table(rows: list[OwnerRow]) -> list[str]:
    lines = [
        _row(
            "Owner",
            "Kind",
            "Name",
            "Teams / members",
            "Facilitates / facilitator",
            "Services",
            "Links",
            "Via teams",
            "Load",
        ),
        "|---|---|---|---|---|---|---|---|--:|",
    ]
    for row in rows:
        together = row.teams if row.kind == "person" else row.members
        helps = row.facilitates if row.kind == "person" else ([row.facilitator] if row.facilitator else [])
        load = f"**{row.load} (over {row.limit})**" if row.overloaded else str(row.load)
        name = " ".join(part for part in (md(row.name), f"({md(row.role)})" if row.role else "") if part)
        lines.append(
            _row(
                code(row.id),
                row.kind,
                name,
                md(", ".join(together)),
                md(", ".join(helps)),
                md(", ".join(row.services)),
                md(", ".join(row.links)),
                str(len(row.via_teams)),
                load,
            )
        )
    return lines


def _summary(analysis: Analysis) -> list[str]:
    summary = analysis.summary()
    lines = [
        "## Summary",
        "",
        _row("Services", "Links", "Customer needs", "People", "Teams", "Errors", "Warnings", "Infos"),
        "|--:|--:|--:|--:|--:|--:|--:|--:|",
        _row(
            *(
                str(summary[key])
                for key in ("services", "links", "needs", "people", "teams", "errors", "warnings", "infos")
            )
        ),
        "",
        "### Chain health",
        "",
        _row("Service", "Owner", "Needs delivered", "Links", "Findings", "Health"),
        "|---|---|--:|--:|---|---|",
    ]
    for service in analysis.services:
        score = analysis.health(service.id)
        delivered = sum(1 for need in service.needs.values() if analysis.delivering_links(service, need))
        lines.append(
            _row(
                f"{md(service.name or service.id)} ({code(service.id)})",
                _owner(analysis, service.owner.value if service.owner else None),
                f"{delivered} / {len(service.needs)}",
                str(len(service.links)),
                _counts(analysis.service_findings(service.id)),
                f"**{score}** {health_band(score)}",
            )
        )
    lines += ["", f"*How the score is computed:* {md(HEALTH_EXPLANATION)}", ""]
    return lines


def _spof(analysis: Analysis) -> list[str]:
    lines = ["### Single points of failure", ""]
    impacts = analysis.single_points_of_failure()
    if not impacts:
        lines.append("None: no single person's absence puts a customer need at risk.")
    else:
        lines += [
            _row("Person", "Customer needs at risk", "Links that lose their owner", "Facilitators to call"),
            "|---|---|---|---|",
        ]
        for impact in impacts:
            lines.append(
                _row(
                    code(impact.owner),
                    ", ".join(code(f"{risk.service.id}/{risk.need.id}") for risk in impact.needs_at_risk),
                    ", ".join(code(lost.link.key) for lost in impact.lost_links),
                    ", ".join(
                        f"{code(team.id)}: {code(facilitator) if facilitator else 'none'}"
                        for team, facilitator in impact.facilitators
                    ),
                )
            )
    lines += ["", f"*{md(IMPACT_DEFINITION)}*", ""]
    return lines


def _links(analysis: Analysis, service: Service) -> list[str]:
    order = analysis.handoff_order(service)
    if not order:
        return ["No links: who delivers this service?"]
    lines = [_row("#", "Link", "Owner", "Result", "Measures"), "|--:|---|---|---|---|"]
    for number, link in enumerate(order, 1):
        name = f"**{md(link.name)}** ({code(link.id)})" if link.name else code(link.id)
        after = analysis.resolved_after(link)
        if after:
            name += " after " + ", ".join(code(o.id if o.service == service.id else o.key) for o in after)
        measures = "; ".join(md(m.name) + (f": {md(m.target)}" if m.target else "") for m in link.measure_list)
        codes = analysis.link_codes(link)
        if link.result:
            result = md(link.result)
        elif "result" in link.invalid:
            result = "**not a valid text** (see the schema finding)"
        else:
            result = "**no result stated**" if "SC401" in codes else "no result stated"
        lines.append(
            _row(
                str(number),
                name,
                _owner(analysis, link.owner.value if link.owner else None),
                result,
                measures
                or ("**not a valid list** (see the schema finding)" if "measures" in link.invalid else "")
                or ("**none**" if "SC402" in codes else "none"),
            )
        )
    return lines


def _traces(analysis: Analysis, service: Service) -> list[str]:
    if not service.needs:
        return ["The service declares no customer needs: what does the customer really want?"]
    lines = [_row("Need", "Delivered by", "Delivering paths (chain start → need)", "Weakest hop"), "|---|---|---|---|"]
    for trace in analysis.traces(service, REPORT_PATHS):
        need = code(trace.need.id) + (f" {md(trace.need.text)}" if trace.need.text else "")
        if not trace.delivered:
            found = analysis.need_findings(service, trace.need)
            said = " ".join(md(finding.text) + "." for finding in found) or "no link delivers this need"
            lines.append(_row(need, "**not delivered**" if found else "not delivered", said, ""))
            continue
        if trace.same_as is not None:
            same = f"delivered along the same paths as need {code(trace.same_as.id)}"
            lines.append(_row(need, ", ".join(code(link.id) for link in trace.delivering), same, same))
            continue
        paths, weakest = [], []
        for path in trace.paths:
            paths.append(
                " → ".join(
                    f"… {shown} more hops …"
                    if isinstance(shown, int)
                    else f"**{md(hop_name(shown[1], service.id))}**"
                    if shown[0] == path.weakest
                    else md(hop_name(shown[1], service.id))
                    for shown in shown_hops(path)
                )
                + (" ↻" if path.cycle else "")
            )
            text = weakest_text(path, service.id)
            if text and text not in weakest:
                weakest.append(text)
        if trace.more:
            paths.append(f"… and more than these {len(trace.paths)}")
        if not trace.fully_owned:
            weakest.insert(0, NOT_OWNED)
        lines.append(
            _row(
                need,
                ", ".join(code(link.id) for link in trace.delivering),
                "<br>".join(paths),
                "<br>".join(md(text) for text in weakest) or "no weak hop",
            )
        )
    return lines


def _service(analysis: Analysis, service: Service) -> list[str]:
    score = analysis.health(service.id)
    lines = [f"## {md(service.name or service.id)} ({code(service.id)})", ""]
    if service.description:
        lines += [md(service.description), ""]
    lines.append(f"- **Service owner:** {_owner(analysis, service.owner.value if service.owner else None)}")
    lines.append(f"- **Customer:** {md(service.customer_name) if service.customer_name else 'not named'}")
    if service.depends_on:
        lines.append(f"- **Depends on:** {md(', '.join(ref.value for ref in service.depends_on))}")
    downstream = analysis.downstream_links(service)
    if downstream:
        lines.append(f"- **Hands on to:** {', '.join(code(link.key) for link in downstream)}")
    lines.append(f"- **Health:** {score} ({health_band(score)})")
    chart = diagrams.build(analysis, [service.id], downstream=False)
    lines += ["", "```mermaid", mermaid.render(chart).rstrip("\n"), "```", "", "### Links in handoff order", ""]
    lines += _links(analysis, service)
    lines += ["", "### Needs traceability", ""]
    lines += _traces(analysis, service)
    lines += ["", "### Findings", ""]
    lines += findings_table(analysis.service_findings(service.id))
    lines.append("")
    return lines


def render(analysis: Analysis, generated: str | None = None, progress: Progress = None) -> str:
    paths = ", ".join(analysis.paths) if analysis.paths else "chain files"
    lines = [
        "# Service chain report",
        "",
        f"{md(paths)} · svcchain {md(__version__)}" + (f" · generated {md(generated)}" if generated else ""),
        "",
    ]
    lines += _summary(analysis)
    lines += _spof(analysis)
    repository = analysis.repository_findings()
    if repository:
        lines += ["### Findings outside any service", ""]
        lines += findings_table(repository)
        lines.append("")
    for service in analysis.services:
        lines += _service(analysis, service)
        if progress is not None:
            progress()
    lines += [
        "## Ownership matrix",
        "",
        f"Load counts the links an owner holds directly (the limit is {analysis.max_links_per_owner}); "
        "a person also carries the links of their teams (via teams).",
        "",
    ]
    lines += ownership_table(analysis.ownership())
    return "\n".join(lines) + "\n"
