"""The Markdown report's sections around the services: summary, changes, recommendations, RACI, back matter.

The same sections as the HTML report (``html_summary``, ``html_appendix``),
with the same sentences (``reportdoc``); every string from a chain file goes
through ``markdown_text`` or ``markdown_code``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from svcchain.analysis import HEALTH_EXPLANATION, health_band, severity_counts
from svcchain.analysis.briefing import need_text
from svcchain.analysis.raci import raci
from svcchain.analysis.recommendations import by_group
from svcchain.analysis.snapshot import scrub, shown_file
from svcchain.views.advice import what_and_todo
from svcchain.views.chainfacts import departure_text, link_facts, owner_extras
from svcchain.views.escape import markdown_code as code
from svcchain.views.escape import markdown_text as md
from svcchain.views.markdown_register import owner_md, person_md
from svcchain.views.markdown_register import row as _row
from svcchain.views.reportdoc import (
    APPENDIX_INTRO,
    DATA_QUALITY_INTRO,
    EXCEPTIONS_INTRO,
    GROUP_TEXT,
    NO_REASON,
    RACI_LEGEND,
    RACI_NOTE,
    RECOMMENDATIONS_INTRO,
    lead,
)

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.analysis.briefing import Briefing
    from svcchain.analysis.compare import Comparison
    from svcchain.analysis.recommendations import Recommendation
    from svcchain.chainmodel import Service
    from svcchain.findings import Finding
    from svcchain.views.reportdoc import ReportOptions


def counts(findings: Iterable[Finding]) -> str:
    found = severity_counts(findings)
    parts = [f"{count} {name}{'s' if count != 1 else ''}" for name, count in found.items() if count]
    return ", ".join(parts) if parts else "none"


def findings_table(analysis: Analysis, findings: list[Finding]) -> list[str]:
    if not findings:
        return ["No findings."]
    lines = [_row("Severity", "Rule", "Finding", "Where", "What to change in the files"), "|---|---|---|---|---|"]
    for finding in findings:
        what, todo = what_and_todo(finding)
        where = f"{shown_file(finding.file, analysis.paths)}:{finding.line}:{finding.column}"
        lines.append(
            _row(
                f"**{finding.severity.value}**",
                f"{finding.rule} {md(finding.name)}",
                md(scrub(what, analysis.paths)),
                md(where),
                md(scrub(todo, analysis.paths)),
            )
        )
    return lines


def summary_section(analysis: Analysis, brief: Briefing, options: ReportOptions) -> list[str]:
    lines = ["## Executive summary", ""]
    for paragraph in lead(analysis, brief, options):
        lines += [md(paragraph), ""]
    lines += ["### The most important gaps", ""]
    if brief.gaps:
        lines += [f"{number}. **{md(gap.headline)}** {md(gap.why)}" for number, gap in enumerate(brief.gaps, 1)]
    else:
        lines.append(
            "None of the gaps that matter most to a customer: no single point of failure, every need delivered end "
            "to end, every step owned, nobody leaving, no missed target and no overdue review."
        )
    lines += [
        "",
        "### Chain health",
        "",
        _row("Service", "Owner", "Needs delivered end to end", "Links", "Findings", "Health"),
        "|---|---|--:|--:|---|---|",
    ]
    for service in analysis.services:
        score = analysis.health(service.id)
        delivered = 0
        for need in service.needs.values():
            trace = analysis.trace(service, need, 1)
            delivered += trace.delivered and trace.fully_owned
        lines.append(
            _row(
                f"{md(service.name or service.id)} ({code(service.id)})",
                owner_md(analysis, service.owner.value if service.owner else None),
                f"{delivered} / {len(service.needs)}",
                str(len(service.links)),
                counts(analysis.service_findings(service.id)),
                f"**{score}** {health_band(score)}",
            )
        )
    summary = analysis.summary()
    keys = ("services", "links", "needs", "people", "teams", "errors", "warnings", "infos")
    lines += [
        "",
        f"*How the score is computed:* {md(HEALTH_EXPLANATION)}",
        "",
        "### Facts and figures",
        "",
        _row("Services", "Links", "Customer needs", "People", "Teams", "Errors", "Warnings", "Infos"),
        "|--:|--:|--:|--:|--:|--:|--:|--:|",
        _row(*(str(summary[key]) for key in keys)),
        "",
    ]
    return lines


def _needs(analysis: Analysis, rec: Recommendation) -> str:
    if not rec.needs:
        return "-"
    shown = ", ".join(md(need_text(analysis, need)) for need in rec.needs[:3])
    more = len(rec.needs) - 3
    return f"{len(rec.needs)}: {shown}" + (f" and {more} more" if more > 0 else "")


def recommendations_section(analysis: Analysis, found: list[Recommendation]) -> list[str]:
    lines = ["## Recommendations", "", md(RECOMMENDATIONS_INTRO), ""]
    groups = by_group(found)
    if not groups:
        lines += ["Nothing to recommend: the check finds no gap in the chains.", ""]
    number = 0
    for group, items in groups:
        title, intro = GROUP_TEXT[group]
        lines += [f"### {title}", "", f"*{md(intro)}*", ""]
        lines += [_row("#", "Priority", "What to do", "Why it matters for the customer", "Customer needs touched")]
        lines.append("|--:|---|---|---|---|")
        for rec in items:
            number += 1
            service = analysis.model.services.get(rec.service or "")
            where = f" ({md(service.name or service.id)})" if service is not None else ""
            lines.append(_row(str(number), rec.priority, md(rec.action) + where, md(rec.why), _needs(analysis, rec)))
        lines.append("")
    return lines


def _ids(items: list[str]) -> str:
    return ", ".join(code(item) for item in items) if items else "none"


def changes_section(comparison: Comparison) -> list[str]:
    what = "an earlier report" if comparison.kind == "report" else "an earlier check's JSON"
    since = f" (the report of {md(comparison.date)})" if comparison.date else ""
    lines = [
        "## What changed since the last visit",
        "",
        f"Compared with {what}{since}: {len(comparison.fixed)} finding{'s' if len(comparison.fixed) != 1 else ''} "
        f"fixed, {len(comparison.new)} new, {comparison.known} still open.",
        "",
    ]
    if comparison.kind == "report":
        lines += [
            f"- **Services added:** {_ids(comparison.services_added)}",
            f"- **Services removed:** {_ids(comparison.services_removed)}",
            f"- **Links added:** {_ids(comparison.links_added)}",
            f"- **Links removed:** {_ids(comparison.links_removed)}",
            f"- **Owners added:** {_ids(comparison.owners_added)}",
            f"- **Owners removed:** {_ids(comparison.owners_removed)}",
            "",
        ]
        if comparison.owner_changes:
            lines += ["### Owners and deputies changed", "", _row("What", "Then", "Now"), "|---|---|---|"]
            lines += [
                _row(md(what_changed), md(then or "-"), md(now or "-"))
                for what_changed, then, now in comparison.owner_changes
            ]
            lines.append("")
    else:
        lines += [
            f"Not compared: {md('; '.join(comparison.not_compared))}. Findings are matched by rule, file, service, "
            "link and message. Compare with an earlier report (its HTML or `--format json`) to see these too.",
            "",
        ]
    lines += ["### Health per service", "", _row("Service", "Then", "Now"), "|---|--:|--:|"]
    for service_id, score_then, score_now in comparison.health:
        lines.append(
            _row(
                code(service_id),
                "-" if score_then is None else str(score_then),
                "-" if score_now is None else str(score_now),
            )
        )
    lines.append("")
    for title, found in (("Findings fixed", comparison.fixed), ("New findings", comparison.new)):
        lines += [f"### {title}", ""]
        if not found:
            lines += ["None.", ""]
            continue
        lines += [_row("Severity", "Rule", "Finding"), "|---|---|---|"]
        lines += [_row(finding.severity.value, finding.rule, md(finding.message)) for finding in found]
        lines.append("")
    return lines


def raci_table(analysis: Analysis, service: Service) -> list[str]:
    matrix = raci(analysis, service)
    if not matrix.rows:
        return []
    heads = [
        md(party.name or party.id) + (f" ({party.kind})" if party.kind != "person" else "") for party in matrix.parties
    ]
    lines = ["", "### RACI matrix", "", _row("Link", *heads), "|---|" + ":-:|" * len(heads)]
    for row in matrix.rows:
        link = md(row.link.name or row.link.id) + (" (no owner)" if row.link.owner is None else "")
        lines.append(_row(link, *row.cells))
    lines.append("")
    lines += [f"- **{letter}** {md(text)}" for letter, text in RACI_LEGEND]
    lines += [f"- {md(RACI_NOTE)}"]
    return lines


def back_matter(analysis: Analysis, options: ReportOptions) -> list[str]:
    """Data quality, people and deputies, accepted exceptions."""
    found = analysis.data_quality_findings()
    lines = ["## Data quality", "", md(DATA_QUALITY_INTRO), ""]
    lines += findings_table(analysis, found) if found else ["No format or syntax problems."]
    lines += ["", "## People and deputies", "", "### People leaving", ""]
    leaving = [row for row in analysis.ownership() if row.kind == "person" and analysis.departures(row.id)]
    if leaving:
        lines += [_row("Person", "Last day", "Holds", "Manager"), "|---|---|---|---|"]
        for row in leaving:
            extras = owner_extras(analysis, row.id)
            holds = [*(f"service {key}" for key in row.services), *row.links, *(f"team {t}" for t in row.teams)]
            holds += [f"facilitator of {team}" for team in row.facilitates]
            lines.append(
                _row(
                    code(row.id) + (f" {md(row.name)}" if row.name else ""),
                    f"**{md(departure_text(extras.departure, extras.active_until))}**",
                    "<br>".join(md(item) for item in holds) or "-",
                    code(extras.manager) if extras.manager else "-",
                )
            )
    else:
        lines.append("Nobody the chains name has left or leaves soon.")
    lines += ["", "### Deputies", ""]
    deputies = [(link, link_facts(analysis, link).deputy) for link in analysis.model.links() if link.deputy]
    if deputies:
        lines += [_row("Link", "Owner", "Deputy"), "|---|---|---|"]
        for link, deputy in deputies:
            owner = code(link.owner.value) if link.owner is not None else "none"
            lines.append(_row(code(link.key), owner, person_md(deputy) if deputy is not None else ""))
    else:
        lines.append("No link names a deputy.")
    lines += ["", "## Accepted exceptions", "", md(EXCEPTIONS_INTRO), ""]
    if not options.accepted:
        lines.append("None: no finding is suppressed in the chain files.")
    else:
        lines += [_row("Rule", "What is accepted", "Where", "Reason given"), "|---|---|---|---|"]
        for finding, directive in options.accepted:
            lines.append(
                _row(
                    f"{finding.rule} {md(finding.name)}",
                    md(scrub(finding.message, analysis.paths)),
                    md(f"{shown_file(finding.file, analysis.paths)}:{directive.line}"),
                    md(directive.reason) if directive.reason else f"*{NO_REASON}*",
                )
            )
    return [*lines, ""]


def appendix(analysis: Analysis) -> list[str]:
    lines = ["## Appendix: the findings in detail", "", md(APPENDIX_INTRO), ""]
    for service in analysis.services:
        lines += [f"### {md(service.name or service.id)} ({code(service.id)})", ""]
        lines += findings_table(analysis, analysis.service_findings(service.id))
        lines.append("")
    repository = analysis.repository_findings()
    if repository:
        lines += ["### Findings outside any service", ""]
        lines += findings_table(analysis, repository)
        lines.append("")
    return lines
