"""One service in the HTML report: its facts, its chain as a diagram, its links, needs and RACI matrix.

Every string from a chain file goes through ``html_text``; what is marked as
wrong is the check's finding (``html_register``, ``chainfacts``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.analysis import health_band
from svcchain.analysis.raci import raci
from svcchain.analysis.trace import NOT_OWNED, shown_hops
from svcchain.views import diagram as diagrams
from svcchain.views import svg
from svcchain.views.advice import hop_name, weakest_text
from svcchain.views.escape import html_text as h
from svcchain.views.html_register import links_table, owner_html, requirements_table, service_review
from svcchain.views.reportdoc import (
    DIAGRAM_CAPTION,
    DIAGRAM_LEGEND,
    RACI_LEGEND,
    RACI_NOTE,
    TRACE_LEGEND,
    rules_found,
)

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.chainmodel import Service

REPORT_PATHS = 5  # delivering paths listed per need
#: People and teams per RACI table; more go into a second table with the same rows.
RACI_COLUMNS = 12


def band_class(band: str) -> str:
    return band.replace(" ", "-")


def _trace_table(analysis: Analysis, service: Service) -> list[str]:
    if not service.needs:
        return ['<p class="note">The service declares no customer needs: what does the customer really want?</p>']
    out = [
        '<table class="trace"><thead><tr><th>Need</th><th>Delivered by</th><th>Delivering paths (chain start → need)'
        "</th><th>Weakest hop</th></tr></thead><tbody>"
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
    legend = "".join(f"<span><b>{h(symbol)}</b> {h(text)}</span>" for symbol, text in TRACE_LEGEND)
    out.append(f'<div class="legend symbols">{legend}</div>')
    return out


def raci_tables(analysis: Analysis, service: Service) -> list[str]:
    """The RACI matrix: links × people and teams, with a legend of the letters in svcchain's terms."""
    matrix = raci(analysis, service)
    if not matrix.rows:
        return []
    out = ["<h3>RACI matrix</h3>"]
    parties = list(enumerate(matrix.parties))
    for start in range(0, max(len(parties), 1), RACI_COLUMNS):
        chunk = parties[start : start + RACI_COLUMNS]
        head = "".join(
            f'<th class="party">{h(party.name or party.id)}'
            + (f" ({h(party.kind)})" if party.kind != "person" else "")
            + "</th>"
            for _, party in chunk
        )
        out.append(f'<table class="raci"><thead><tr><th class="link">Link</th>{head}</tr></thead><tbody>')
        for row in matrix.rows:
            link = row.link
            cell = f"{h(link.name or link.id)}" + (
                ' <span class="note">(no owner)</span>' if link.owner is None else ""
            )
            letters = "".join(f'<td class="letters">{h(row.cells[index])}</td>' for index, _ in chunk)
            out.append(f'<tr><td class="link">{cell}</td>{letters}</tr>')
        out.append("</tbody></table>")
    legend = "".join(f"<span><b>{letter}</b> {h(text)}</span>" for letter, text in RACI_LEGEND)
    out.append(f'<div class="legend symbols">{legend}<span>{h(RACI_NOTE)}</span></div>')
    return out


def _diagram(analysis: Analysis, service: Service, index: int) -> list[str]:
    chart = diagrams.build(analysis, [service.id], downstream=True)
    title = f"Chain of {service.name or service.id}"
    parts = svg.render_parts(chart, service.id, f"d{index}", title)
    out = ['<figure class="diagram">']
    if not parts:
        out.append(svg.render(chart, service.id, f"d{index}", title))
    else:
        if svg.columns_of(chart, service.id) <= svg.SCREEN_COLUMNS:  # whole on screen, in parts on paper
            out.append(f'<div class="screen-only">{svg.render(chart, service.id, f"d{index}", title)}</div>')
            out.append('<div class="print-only">')
        else:  # too wide to follow on screen too: its parts everywhere
            out.append("<div>")
        for number, (part, first, last) in enumerate(parts, 1):
            columns = f"column {first}" if first == last else f"columns {first} to {last}"
            more = "; arrows at the right edge go on in the next part" if number < len(parts) else ""
            out.append(f'<div class="part"><p>Part {number} of {len(parts)}: {columns}{more}.</p>{part}</div>')
        out.append("</div>")
    out.append(f"<figcaption>{h(DIAGRAM_CAPTION)}</figcaption>")
    legend = "".join(f'<span class="{css}">{h(text)}</span>' for css, text in DIAGRAM_LEGEND)
    out.append(f'<div class="legend">{legend}</div>')
    out.append("</figure>")
    return out


def service_section(analysis: Analysis, service: Service, index: int) -> list[str]:
    score = analysis.health(service.id)
    band = health_band(score)
    out = [
        f'<section class="service" id="service-{h(service.id)}">',
        f"<h2>{h(service.name or service.id)} <code>{h(service.id)}</code> "
        f'<span class="pill {band_class(band)}">health {score}</span></h2>',
    ]
    if service.description:
        out.append(f"<p>{h(service.description)}</p>")
    out.append('<dl class="facts">')
    owner = owner_html(analysis, service.owner.value if service.owner else None, service.owner)
    out.append(f"<dt>Service owner</dt><dd>{owner}</dd>")
    out.append(service_review(analysis, service))
    customer = h(service.customer_name) if service.customer_name else '<span class="note">not named</span>'
    out.append(f"<dt>Customer</dt><dd>{customer}</dd>")
    if service.depends_on:
        out.append(f"<dt>Depends on</dt><dd>{h(', '.join(ref.value for ref in service.depends_on))}</dd>")
    upstream = analysis.upstream_links(service)
    if upstream:
        out.append(f"<dt>Builds on</dt><dd>{h(', '.join(link.key for link in upstream))}</dd>")
    downstream = analysis.downstream_links(service)
    if downstream:
        out.append(f"<dt>Hands on to</dt><dd>{h(', '.join(link.key for link in downstream))}</dd>")
    out.append("</dl>")
    out.extend(_diagram(analysis, service, index))
    out.append("<h3>Links in handoff order</h3>")
    out.extend(links_table(analysis, service))
    out.extend(requirements_table(analysis, service))
    out.append("<h3>Needs traceability</h3>")
    out.extend(_trace_table(analysis, service))
    out.extend(raci_tables(analysis, service))
    found = analysis.service_findings(service.id)
    if found:
        out.append(
            f'<p class="note"><strong>Findings about this service:</strong> {h(rules_found(found))}. What to do '
            f'about them is under <a href="#recommendations">Recommendations</a>; where they are, in the '
            f'<a href="#findings-{h(service.id)}">appendix</a>.</p>'
        )
    out.append("</section>")
    return out
