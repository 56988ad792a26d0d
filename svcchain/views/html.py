"""The consultant's report as one self-contained HTML file.

Inline CSS and inline SVG diagrams only: no script, no web font, nothing
fetched from the network (a Content-Security-Policy says so to the browser
too).  Prints to PDF cleanly: every service starts on a new page, diagrams
and table rows are not split.  Every string from a chain file is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from svcchain import __version__
from svcchain.analysis import (
    HEALTH_EXPLANATION,
    IMPACT_DEFINITION,
    Analysis,
    Progress,
    health_band,
    severity_counts,
)
from svcchain.analysis.trace import NOT_OWNED, shown_hops
from svcchain.views import diagram as diagrams
from svcchain.views import svg
from svcchain.views.advice import hop_name, location, weakest_text, what_and_todo
from svcchain.views.escape import html_text as h
from svcchain.views.html_style import CSS

if TYPE_CHECKING:
    from svcchain.chainmodel import Service
    from svcchain.findings import Finding

REPORT_PATHS = 5  # delivering paths listed per need


def _pill(severity: str) -> str:
    return f'<span class="pill {severity}">{severity}</span>'


def _band_class(band: str) -> str:
    return band.replace(" ", "-")


def _findings_cell(findings: Iterable[Finding]) -> str:
    counts = severity_counts(findings)
    parts = [
        f'<span class="pill {name}">{count} {name}{"s" if count != 1 else ""}</span>'
        for name, count in counts.items()
        if count
    ]
    return " ".join(parts) if parts else '<span class="pill ok">none</span>'


def _owner_html(analysis: Analysis, owner_id: str | None) -> str:
    """The owner as the files name it; marked weak only where the check reports a finding."""
    status = analysis.owner_status(owner_id)
    if status.kind == "missing":
        return '<span class="weak">no owner</span>'
    text = f"<code>{h(status.id)}</code>"
    codes = status.codes

    def judged(words: str, code: str) -> str:
        return f'<span class="{"weak" if code in codes else "note"}">{words}</span>'

    if status.kind == "unknown":
        return text + (' <span class="weak">not declared</span>' if "SC102" in codes else "")
    name = analysis.name_of(status.id)
    if name:
        text += f" {h(name)}"
    if status.kind == "team":
        if status.members:
            members = ", ".join(
                h(member) + (" (not declared)" if status.finding_about("member", member) else "")
                for member in status.members
            )
            text += f'<br><span class="note">team of {len(status.members)}: {members}</span>'
        else:
            text += "<br>" + judged("team without members", "SC104")
        if status.facilitator is None:
            text += "<br>" + judged("no facilitator", "SC106")
        elif status.finding_about("facilitator", status.facilitator):
            text += f'<br><span class="weak">facilitator {h(status.facilitator)} is not declared</span>'
        else:
            text += f'<br><span class="note">facilitator: {h(status.facilitator)}</span>'
    return text


def _findings_table(findings: list[Finding]) -> str:
    if not findings:
        return '<p class="note">No findings.</p>'
    rows = []
    for finding in findings:
        what, todo = what_and_todo(finding)
        rows.append(
            f"<tr><td>{_pill(finding.severity.value)}</td><td><code>{h(finding.rule)}</code><br>"
            f'<span class="note">{h(finding.name)}</span></td><td>{h(what)}<br>'
            f'<span class="note">{h(location(finding))}</span></td><td>{h(todo)}</td></tr>'
        )
    return (
        "<table><thead><tr><th>Severity</th><th>Rule</th><th>Finding</th><th>What to do</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _summary(analysis: Analysis) -> list[str]:
    summary = analysis.summary()
    cards = [
        ("services", summary["services"], ""),
        ("links", summary["links"], ""),
        ("customer needs", summary["needs"], ""),
        ("people", summary["people"], ""),
        ("teams", summary["teams"], ""),
        ("errors", summary["errors"], "error"),
        ("warnings", summary["warnings"], "warning"),
        ("infos", summary["infos"], "info"),
    ]
    out = ['<section id="summary">', "<h2>Summary</h2>", '<div class="cards">']
    for label, number, kind in cards:
        out.append(f'<div class="card {kind}"><div class="n">{number}</div><div class="l">{label}</div></div>')
    out.append("</div>")

    out.append("<h3>Chain health</h3>")
    out.append(
        '<table><thead><tr><th>Service</th><th>Owner</th><th class="num">Needs delivered</th>'
        '<th class="num">Links</th><th>Findings</th><th>Health</th></tr></thead><tbody>'
    )
    for service in analysis.services:
        score = analysis.health(service.id)
        band = health_band(score)
        delivered = sum(1 for need in service.needs.values() if analysis.delivering_links(service, need))
        owner = service.owner.value if service.owner else None
        out.append(
            f'<tr><td><a href="#service-{h(service.id)}">{h(service.name or service.id)}</a><br>'
            f"<code>{h(service.id)}</code></td><td>{_owner_html(analysis, owner)}</td>"
            f'<td class="num">{delivered} / {len(service.needs)}</td><td class="num">{len(service.links)}</td>'
            f"<td>{_findings_cell(analysis.service_findings(service.id))}</td>"
            f'<td><span class="pill {_band_class(band)}">{score} {band}</span>'
            f'<div class="bar"><span class="{_band_class(band)}" style="width:{score}%"></span></div></td></tr>'
        )
    if not analysis.services:
        out.append('<tr><td colspan="6">No services.</td></tr>')
    out.append("</tbody></table>")
    out.append(f'<p class="note"><strong>How the score is computed.</strong> {h(HEALTH_EXPLANATION)}</p>')
    return out


def _spof(analysis: Analysis) -> list[str]:
    impacts = analysis.single_points_of_failure()
    out = ["<h3>Single points of failure</h3>"]
    if not impacts:
        out.append('<p class="note">None: no single person\'s absence puts a customer need at risk.</p>')
    else:
        out.append(
            "<table><thead><tr><th>Person</th><th>Customer needs at risk</th><th>Links that lose "
            "their owner</th><th>Facilitators to call</th></tr></thead><tbody>"
        )
        for impact in impacts:
            name = analysis.name_of(impact.owner)
            person = f"<code>{h(impact.owner)}</code>" + (f"<br>{h(name)}" if name else "")
            needs = "<br>".join(
                f"<code>{h(risk.service.id)}/{h(risk.need.id)}</code> {h(risk.need.text or '')}"
                for risk in impact.needs_at_risk
            )
            links = "<br>".join(f"<code>{h(lost.link.key)}</code>" for lost in impact.lost_links)
            call = "<br>".join(
                f"{h(team.id)}: {h(facilitator) if facilitator else '<span class=weak>none</span>'}"
                for team, facilitator in impact.facilitators
            )
            out.append(f"<tr><td>{person}</td><td>{needs}</td><td>{links}</td><td>{call}</td></tr>")
        out.append("</tbody></table>")
    out.append(f'<p class="note">{h(IMPACT_DEFINITION)}</p>')
    return out


def _links_table(analysis: Analysis, service: Service) -> list[str]:
    order = analysis.handoff_order(service)
    if not order:
        return ['<p class="note">No links: who delivers this service?</p>']
    out = [
        '<table><thead><tr><th class="num">#</th><th>Link</th><th>Owner</th><th>Result</th>'
        "<th>Measures</th></tr></thead><tbody>"
    ]
    for number, link in enumerate(order, 1):
        after = analysis.resolved_after(link)
        link_cell = f"<strong>{h(link.name or link.id)}</strong><br><code>{h(link.id)}</code>"
        if after:
            names = ", ".join(other.id if other.service == service.id else other.key for other in after)
            link_cell += f'<br><span class="note">after {h(names)}</span>'
        codes = analysis.link_codes(link)
        if link.result:
            result = h(link.result)
        elif "result" in link.invalid:
            result = '<span class="weak">not a valid text (see the schema finding)</span>'
        else:
            result = f'<span class="{"weak" if "SC401" in codes else "note"}">no result stated</span>'
        if link.measure_list:
            measures = "<br>".join(
                h(measure.name) + (f": {h(measure.target)}" if measure.target else "") for measure in link.measure_list
            )
        else:
            measures = (
                '<span class="weak">not a valid list (see the schema finding)</span>'
                if "measures" in link.invalid
                else f'<span class="{"weak" if "SC402" in codes else "note"}">none</span>'
            )
        owner = link.owner.value if link.owner else None
        out.append(
            f'<tr><td class="num">{number}</td><td>{link_cell}</td><td>{_owner_html(analysis, owner)}</td>'
            f"<td>{result}</td><td>{measures}</td></tr>"
        )
    out.append("</tbody></table>")
    return out


def _trace_table(analysis: Analysis, service: Service) -> list[str]:
    if not service.needs:
        return ['<p class="note">The service declares no customer needs: what does the customer really want?</p>']
    out = [
        "<table><thead><tr><th>Need</th><th>Delivered by</th><th>Delivering paths (chain start → need)</th>"
        "<th>Weakest hop</th></tr></thead><tbody>"
    ]
    for trace in analysis.traces(service, REPORT_PATHS):
        need = f"<code>{h(trace.need.id)}</code>" + (f"<br>{h(trace.need.text)}" if trace.need.text else "")
        if not trace.delivered:
            found = analysis.need_findings(service, trace.need)
            said = " ".join(h(finding.text) + "." for finding in found) or "No link delivers this need."
            out.append(
                f'<tr class="unmet"><td>{need}</td><td colspan="3"><span class="{"weak" if found else "note"}">'
                f"Not delivered: {said}</span></td></tr>"
            )
            continue
        delivered = ", ".join(f"<code>{h(link.id)}</code>" for link in trace.delivering)
        if trace.same_as is not None:
            same = (
                f'<span class="note">delivered along the same paths as need <code>{h(trace.same_as.id)}</code></span>'
            )
            out.append(f"<tr><td>{need}</td><td>{delivered}</td><td>{same}</td><td>{same}</td></tr>")
            continue
        paths, weakest = [], []
        for path in trace.paths:
            marked = [
                f'<span class="note">… {shown} more hops …</span>'
                if isinstance(shown, int)
                else f'<span class="weak">{h(hop_name(shown[1], service.id))}</span>'
                if shown[0] == path.weakest
                else h(hop_name(shown[1], service.id))
                for shown in shown_hops(path)
            ]
            paths.append(
                '<div class="path">'
                + '<span class="arrow">→</span>'.join(marked)
                + (" ↻" if path.cycle else "")
                + "</div>"
            )
            text = weakest_text(path, service.id)
            if text and text not in weakest:
                weakest.append(text)
        if trace.more:
            paths.append(f'<div class="note">… and more paths than these {len(trace.paths)}</div>')
        if not trace.fully_owned:
            weakest.insert(0, NOT_OWNED)
        weak_cell = (
            "<br>".join(f'<span class="weak">{h(text)}</span>' for text in weakest)
            or '<span class="pill ok">no weak hop</span>'
        )
        out.append(f"<tr><td>{need}</td><td>{delivered}</td><td>{''.join(paths)}</td><td>{weak_cell}</td></tr>")
    out.append("</tbody></table>")
    return out


def _service(analysis: Analysis, service: Service, index: int) -> list[str]:
    score = analysis.health(service.id)
    band = health_band(score)
    out = [
        f'<section class="service" id="service-{h(service.id)}">',
        f"<h2>{h(service.name or service.id)} <code>{h(service.id)}</code> "
        f'<span class="pill {_band_class(band)}">health {score}</span></h2>',
    ]
    if service.description:
        out.append(f"<p>{h(service.description)}</p>")
    out.append('<dl class="facts">')
    out.append(
        f"<dt>Service owner</dt><dd>{_owner_html(analysis, service.owner.value if service.owner else None)}</dd>"
    )
    customer = h(service.customer_name) if service.customer_name else '<span class="note">not named</span>'
    out.append(f"<dt>Customer</dt><dd>{customer}</dd>")
    if service.depends_on:
        out.append(f"<dt>Depends on</dt><dd>{h(', '.join(ref.value for ref in service.depends_on))}</dd>")
    downstream = analysis.downstream_links(service)
    if downstream:
        out.append(f"<dt>Hands on to</dt><dd>{h(', '.join(link.key for link in downstream))}</dd>")
    out.append("</dl>")

    chart = diagrams.build(analysis, [service.id], downstream=False)
    out.append('<figure class="diagram">')
    out.append(svg.render(chart, service.id, f"d{index}", f"Chain of {service.name or service.id}"))
    out.append(
        "<figcaption>Handoffs run left to right: from the links of other services this chain builds "
        "on, through its own links in handoff order, to the customer's needs.</figcaption>"
    )
    out.append(
        '<div class="legend"><span class="l-link">link and its owner</span>'
        '<span class="l-finding">link with findings</span><span class="l-need">customer need</span>'
        '<span class="l-unmet">need nobody delivers</span><span class="l-external">link of another service'
        "</span></div>"
    )
    out.append("</figure>")

    out.append("<h3>Links in handoff order</h3>")
    out.extend(_links_table(analysis, service))
    out.append("<h3>Needs traceability</h3>")
    out.extend(_trace_table(analysis, service))
    out.append("<h3>Findings</h3>")
    out.append(_findings_table(analysis.service_findings(service.id)))
    out.append("</section>")
    return out


def _ownership(analysis: Analysis) -> list[str]:
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


def render(analysis: Analysis, generated: str | None = None, progress: Progress = None) -> str:
    """The whole report; ``generated`` (a timestamp) only when the user asked for one."""
    paths = ", ".join(analysis.paths) if analysis.paths else "chain files"
    meta = f"{h(paths)} · svcchain {h(__version__)}" + (f" · generated {h(generated)}" if generated else "")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">',
        f'<meta name="generator" content="svcchain {h(__version__)}">',
        "<title>Service chain report</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f'<header class="top"><div class="inner"><h1>Service chain report</h1><p>{meta}</p></div></header>',
        "<main>",
    ]
    if analysis.services:
        out.append('<nav class="toc"><strong>Services</strong><ol>')
        for service in analysis.services:
            out.append(f'<li><a href="#service-{h(service.id)}">{h(service.name or service.id)}</a></li>')
        out.append('<li><a href="#ownership">Ownership matrix</a></li></ol></nav>')
    out.extend(_summary(analysis))
    out.extend(_spof(analysis))
    repository = analysis.repository_findings()
    if repository:
        out.append("<h3>Findings outside any service</h3>")
        out.append(_findings_table(repository))
    out.append("</section>")
    for index, service in enumerate(analysis.services):
        out.extend(_service(analysis, service, index))
        if progress is not None:
            progress()
    out.extend(_ownership(analysis))
    out.append(
        f"<footer>Made with svcchain {h(__version__)}: every link of a service chain result-responsible "
        "for its part, every customer need delivered.</footer>"
    )
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
