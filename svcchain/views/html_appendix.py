"""The back of the HTML report: data quality, people, accepted exceptions, ownership, the findings in detail.

Findings are listed as the check reports them, with their file and line (a
path the report shows without any local folder, ``snapshot.shown_file``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.analysis.snapshot import scrub, shown_file
from svcchain.views.advice import what_and_todo
from svcchain.views.chainfacts import departure_text, link_facts, owner_extras
from svcchain.views.escape import html_text as h
from svcchain.views.html_register import person_html, person_status_html
from svcchain.views.reportdoc import APPENDIX_INTRO, DATA_QUALITY_INTRO, EXCEPTIONS_INTRO, NO_REASON

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.findings import Finding
    from svcchain.views.reportdoc import ReportOptions


def _pill(severity: str) -> str:
    return f'<span class="pill {severity}">{severity}</span>'


def where(analysis: Analysis, finding: Finding) -> str:
    return f"{shown_file(finding.file, analysis.paths)}:{finding.line}:{finding.column}"


def findings_table(analysis: Analysis, findings: list[Finding]) -> str:
    if not findings:
        return '<p class="note">No findings.</p>'
    rows = []
    for finding in findings:
        what, todo = what_and_todo(finding)
        rows.append(
            f'<tr><td>{_pill(finding.severity.value)}</td><td class="rule"><code>{h(finding.rule)}</code><br>'
            f'<span class="note">{h(finding.name)}</span></td><td>{h(scrub(what, analysis.paths))}<br>'
            f'<span class="note">{h(where(analysis, finding))}</span></td><td>{h(scrub(todo, analysis.paths))}</td></tr>'
        )
    return (
        "<table><thead><tr><th>Severity</th><th>Rule</th><th>Finding</th><th>What to change in the files</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def data_quality_section(analysis: Analysis) -> list[str]:
    found = analysis.data_quality_findings()
    out = ['<section id="data-quality">', "<h2>Data quality</h2>", f'<p class="note">{h(DATA_QUALITY_INTRO)}</p>']
    out.append(findings_table(analysis, found) if found else "<p>No format or syntax problems.</p>")
    out.append("</section>")
    return out


def people_section(analysis: Analysis) -> list[str]:
    """People who have left or are leaving (SC108/SC109) and what they hold; every deputy."""
    out = ['<section id="people">', "<h2>People and deputies</h2>"]
    leaving = [row for row in analysis.ownership() if row.kind == "person" and analysis.departures(row.id)]
    out.append("<h3>People leaving</h3>")
    if leaving:
        out.append(
            "<table><thead><tr><th>Person</th><th>Last day</th><th>Holds</th><th>Manager</th></tr></thead><tbody>"
        )
        for row in leaving:
            extras = owner_extras(analysis, row.id)
            holds = [*(f"service {key}" for key in row.services), *row.links, *(f"team {t}" for t in row.teams)]
            holds += [f"facilitator of {team}" for team in row.facilitates]
            out.append(
                f"<tr><td><code>{h(row.id)}</code>{' ' + h(row.name) if row.name else ''}</td>"
                f'<td><span class="weak">{h(departure_text(extras.departure, extras.active_until))}</span></td>'
                f"<td>{'<br>'.join(h(item) for item in holds) or '-'}</td><td>{h(extras.manager or '-')}</td></tr>"
            )
        out.append("</tbody></table>")
    else:
        out.append('<p class="note">Nobody the chains name has left or leaves soon.</p>')
    out.append("<h3>Deputies</h3>")
    deputies = [(link, link_facts(analysis, link).deputy) for link in analysis.model.links() if link.deputy]
    if deputies:
        out.append("<table><thead><tr><th>Link</th><th>Owner</th><th>Deputy</th></tr></thead><tbody>")
        for link, deputy in deputies:
            owner = h(link.owner.value) if link.owner is not None else '<span class="note">none</span>'
            shown = person_html(deputy) if deputy is not None else ""
            out.append(f"<tr><td><code>{h(link.key)}</code></td><td><code>{owner}</code></td><td>{shown}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append('<p class="note">No link names a deputy.</p>')
    out.append("</section>")
    return out


def exceptions_section(analysis: Analysis, options: ReportOptions) -> list[str]:
    out = ['<section id="exceptions">', "<h2>Accepted exceptions</h2>", f'<p class="note">{h(EXCEPTIONS_INTRO)}</p>']
    if not options.accepted:
        out.append("<p>None: no finding is suppressed in the chain files.</p>")
    else:
        out.append("<table><thead><tr><th>Rule</th><th>What is accepted</th><th>Reason given</th></tr></thead><tbody>")
        for finding, directive in options.accepted:
            reason = h(directive.reason) if directive.reason else f'<span class="note">{NO_REASON}</span>'
            out.append(
                f'<tr><td class="rule"><code>{h(finding.rule)}</code><br><span class="note">{h(finding.name)}</span></td>'
                f'<td>{h(scrub(finding.message, analysis.paths))}<br><span class="note">'
                f"{h(shown_file(finding.file, analysis.paths))}:{directive.line}</span></td><td>{reason}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def ownership_section(analysis: Analysis) -> list[str]:
    out = [
        '<section id="ownership">',
        "<h2>Ownership matrix</h2>",
        '<p class="note">Who is accountable for what. Load counts the links an owner holds directly (the '
        f"limit is {analysis.max_links_per_owner}); a person also carries the links of their teams.</p>",
        "<table><thead><tr><th>Owner</th><th>Teams / members</th><th>Facilitates / facilitator</th>"
        '<th>Services</th><th>Links</th><th class="num">Load</th></tr></thead><tbody>',
    ]
    for row in analysis.ownership():
        owner = f'<code>{h(row.id)}</code> <span class="note">{row.kind}</span>'
        if row.name:
            owner += f"<br>{h(row.name)}"
        if row.role:
            owner += f'<br><span class="note">{h(row.role)}</span>'
        if row.kind == "person":
            owner += person_status_html(analysis, row.id)
        together = h(", ".join(row.teams if row.kind == "person" else row.members))
        helps = h(", ".join(row.facilitates)) if row.kind == "person" else h(row.facilitator or "")
        links = "<br>".join(f"<code>{h(key)}</code>" for key in row.links)
        if row.via_teams:
            links += ("<br>" if links else "") + f'<span class="note">+{len(row.via_teams)} through teams</span>'
        load = f'<span class="weak">{row.load} &gt; {row.limit}</span>' if row.overloaded else str(row.load)
        out.append(
            f'<tr><td class="who">{owner}</td><td>{together}</td><td>{helps}</td>'
            f'<td>{h(", ".join(row.services))}</td><td class="keys">{links}</td><td class="num">{load}</td></tr>'
        )
    out.append("</tbody></table></section>")
    return out


def appendix_section(analysis: Analysis) -> list[str]:
    out = [
        '<section id="appendix">',
        "<h2>Appendix: the findings in detail</h2>",
        f'<p class="note">{h(APPENDIX_INTRO)}</p>',
    ]
    for service in analysis.services:
        found = analysis.service_findings(service.id)
        out.append(
            f'<h3 id="findings-{h(service.id)}">{h(service.name or service.id)} <code>{h(service.id)}</code></h3>'
        )
        out.append(findings_table(analysis, found))
    repository = analysis.repository_findings()
    if repository:
        out.append("<h3>Findings outside any service</h3>")
        out.append(findings_table(analysis, repository))
    out.append("</section>")
    return out
