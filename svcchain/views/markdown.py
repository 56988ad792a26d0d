"""The consultant's report in Markdown (for wikis and pull requests), with ```mermaid diagrams GitHub and
GitLab render.

The same sections as the HTML report, in the same order: front matter,
executive summary, what changed (with ``--compare``), recommendations, every
service (facts, diagram, links, requirements, traceability, RACI matrix),
data quality, people and deputies, accepted exceptions, the asset register,
the ownership matrix and the findings in detail.  Every string from a chain
file is escaped for Markdown (``markdown_text``) or for Mermaid (inside the
diagrams), so a name can neither break a table nor inject markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.analysis import Analysis, OwnerRow, Progress, health_band
from svcchain.analysis.briefing import briefing
from svcchain.analysis.recommendations import recommendations
from svcchain.analysis.trace import NOT_OWNED, shown_hops
from svcchain.views import diagram as diagrams
from svcchain.views import mermaid
from svcchain.views.advice import hop_name, weakest_text
from svcchain.views.escape import markdown_code as code
from svcchain.views.escape import markdown_text as md
from svcchain.views.markdown_register import (
    asset_register_section,
    links_table,
    owner_md,
    person_status_md,
    requirements_table,
    service_review,
)
from svcchain.views.markdown_register import row as _row
from svcchain.views.markdown_summary import (
    appendix,
    back_matter,
    changes_section,
    raci_table,
    recommendations_section,
    summary_section,
)
from svcchain.views.reportdoc import (
    SERVICE_FINDINGS,
    TRACE_LEGEND,
    ReportOptions,
    front_lines,
    made_with,
    rules_found,
    scope,
)

if TYPE_CHECKING:
    from svcchain.chainmodel import Service

REPORT_PATHS = 5


def ownership_table(rows: list[OwnerRow], analysis: Analysis | None = None) -> list[str]:
    """The ownership matrix; with ``analysis``, people the check says leave are marked (SC108/SC109)."""
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
        if analysis is not None and row.kind == "person":
            name += person_status_md(analysis, row.id)
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
    lines += ["", "*" + "; ".join(f"{md(symbol)}: {md(text)}" for symbol, text in TRACE_LEGEND) + ".*"]
    return lines


def _service(analysis: Analysis, service: Service) -> list[str]:
    score = analysis.health(service.id)
    lines = [f"## {md(service.name or service.id)} ({code(service.id)})", ""]
    if service.description:
        lines += [md(service.description), ""]
    lines.append(
        f"- **Service owner:** {owner_md(analysis, service.owner.value if service.owner else None, service.owner)}"
    )
    lines += service_review(analysis, service)
    lines.append(f"- **Customer:** {md(service.customer_name) if service.customer_name else 'not named'}")
    if service.depends_on:
        lines.append(f"- **Depends on:** {md(', '.join(ref.value for ref in service.depends_on))}")
    upstream = analysis.upstream_links(service)
    if upstream:
        lines.append(f"- **Builds on:** {', '.join(code(link.key) for link in upstream)}")
    downstream = analysis.downstream_links(service)
    if downstream:
        lines.append(f"- **Hands on to:** {', '.join(code(link.key) for link in downstream)}")
    lines.append(f"- **Health:** {score} ({health_band(score)})")
    chart = diagrams.build(analysis, [service.id], downstream=True)
    lines += ["", "```mermaid", mermaid.render(chart).rstrip("\n"), "```", "", "### Links in handoff order", ""]
    lines += links_table(analysis, service)
    lines += requirements_table(analysis, service)
    lines += ["", "### Needs traceability", ""]
    lines += _traces(analysis, service)
    lines += raci_table(analysis, service)
    found = analysis.service_findings(service.id)
    if found:
        lines += ["", f"**Findings about this service:** {md(rules_found(found))}. {SERVICE_FINDINGS}"]
    lines.append("")
    return lines


def render(analysis: Analysis, options: ReportOptions | None = None, progress: Progress = None) -> str:
    """The whole report in Markdown."""
    options = options or ReportOptions()
    lines = [f"# {md(options.title)}", ""]
    front = [f"**{label}:** {md(value)}" for label, value in front_lines(options)]
    front.append(f"**Scope:** {md(scope(analysis))}")
    if options.show_paths:
        front.append(f"**Chain files:** {md(', '.join(analysis.paths) if analysis.paths else 'chain files')}")
    lines += [" · ".join(front), "", f"*{md(made_with(options))}*", ""]
    lines += summary_section(analysis, briefing(analysis), options)
    if options.comparison is not None:
        lines += changes_section(options.comparison)
    lines += recommendations_section(analysis, recommendations(analysis, options.accepted))
    for service in analysis.services:
        lines += _service(analysis, service)
        if progress is not None:
            progress()
    lines += back_matter(analysis, options)
    lines += asset_register_section(analysis)
    lines += [
        "## Ownership matrix",
        "",
        f"Load counts the links an owner holds directly (the limit is {analysis.max_links_per_owner}); "
        "a person also carries the links of their teams (via teams).",
        "",
    ]
    lines += ownership_table(analysis.ownership(), analysis)
    lines.append("")
    lines += appendix(analysis)
    return "\n".join(lines).rstrip("\n") + "\n"
