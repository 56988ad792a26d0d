"""The front of the HTML report: executive summary, what changed since the last visit, recommendations.

All of it is the analysis said in plain words (``analysis.briefing``,
``analysis.recommendations``, ``analysis.compare``); every string from a
chain file goes through ``html_text``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from svcchain.analysis import HEALTH_EXPLANATION, health_band, severity_counts
from svcchain.analysis.briefing import need_text
from svcchain.analysis.recommendations import by_group
from svcchain.views.escape import html_text as h
from svcchain.views.html_register import owner_html
from svcchain.views.html_service import band_class
from svcchain.views.reportdoc import GROUP_TEXT, RECOMMENDATIONS_INTRO, lead

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.analysis.briefing import Briefing
    from svcchain.analysis.compare import Comparison
    from svcchain.analysis.recommendations import Recommendation
    from svcchain.findings import Finding
    from svcchain.views.reportdoc import ReportOptions


def findings_cell(findings: Iterable[Finding]) -> str:
    counts = severity_counts(findings)
    parts = [
        f'<span class="pill {name}">{count} {name}{"s" if count != 1 else ""}</span>'
        for name, count in counts.items()
        if count
    ]
    return " ".join(parts) if parts else '<span class="pill ok">none</span>'


def _health_table(analysis: Analysis) -> list[str]:
    out = [
        "<h3>Chain health</h3>",
        '<table><thead><tr><th>Service</th><th>Owner</th><th class="num">Needs delivered end to end</th>'
        '<th class="num">Links</th><th>Findings</th><th>Health</th></tr></thead><tbody>',
    ]
    for service in analysis.services:
        score = analysis.health(service.id)
        band = health_band(score)
        delivered = 0
        for need in service.needs.values():
            trace = analysis.trace(service, need, 1)
            delivered += trace.delivered and trace.fully_owned
        owner = service.owner.value if service.owner else None
        out.append(
            f'<tr><td><a href="#service-{h(service.id)}">{h(service.name or service.id)}</a><br>'
            f"<code>{h(service.id)}</code></td><td>{owner_html(analysis, owner)}</td>"
            f'<td class="num">{delivered} / {len(service.needs)}</td><td class="num">{len(service.links)}</td>'
            f"<td>{findings_cell(analysis.service_findings(service.id))}</td>"
            f'<td><span class="pill {band_class(band)}">{score} {band}</span>'
            f'<div class="bar"><span class="{band_class(band)}" style="width:{score}%"></span></div></td></tr>'
        )
    if not analysis.services:
        out.append('<tr><td colspan="6">No services.</td></tr>')
    out.append("</tbody></table>")
    out.append(f'<p class="note"><strong>How the score is computed.</strong> {h(HEALTH_EXPLANATION)}</p>')
    return out


def _cards(analysis: Analysis) -> list[str]:
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
    out = ["<h3>Facts and figures</h3>", '<div class="cards">']
    for label, number, kind in cards:
        out.append(f'<div class="card {kind}"><div class="n">{number}</div><div class="l">{label}</div></div>')
    out.append("</div>")
    return out


def summary_section(analysis: Analysis, brief: Briefing, options: ReportOptions) -> list[str]:
    out = ['<section id="summary">', "<h2>Executive summary</h2>"]
    out.extend(f'<p class="lead">{h(paragraph)}</p>' for paragraph in lead(analysis, brief, options))
    out.append("<h3>The most important gaps</h3>")
    if brief.gaps:
        out.append('<ol class="gaps">')
        for gap in brief.gaps:
            out.append(f'<li><strong>{h(gap.headline)}</strong> <span class="why">{h(gap.why)}</span></li>')
        out.append("</ol>")
    else:
        out.append(
            "<p>None of the gaps that matter most to a customer: no single point of failure, every need "
            "delivered end to end, every step owned, nobody leaving, no missed target and no overdue review.</p>"
        )
    out.extend(_health_table(analysis))
    out.extend(_cards(analysis))
    out.append("</section>")
    return out


def _needs_cell(analysis: Analysis, rec: Recommendation) -> str:
    if not rec.needs:
        return '<span class="note">-</span>'
    shown = ", ".join(h(need_text(analysis, need)) for need in rec.needs[:3])
    more = len(rec.needs) - 3
    return f'<span class="num">{len(rec.needs)}</span>: {shown}' + (
        f' <span class="note">and {more} more</span>' if more > 0 else ""
    )


def recommendations_section(analysis: Analysis, recommendations: list[Recommendation]) -> list[str]:
    out = [
        '<section id="recommendations">',
        "<h2>Recommendations</h2>",
        f'<p class="note">{h(RECOMMENDATIONS_INTRO)}</p>',
    ]
    groups = by_group(recommendations)
    if not groups:
        out.append("<p>Nothing to recommend: the check finds no gap in the chains.</p>")
    number = 0
    for group, items in groups:
        title, intro = GROUP_TEXT[group]
        out.append(f"<h3>{h(title)}</h3>")
        out.append(f'<p class="note">{h(intro)}</p>')
        out.append(
            '<table class="recs"><thead><tr><th class="num">#</th><th>Priority</th><th>What to do</th>'
            "<th>Why it matters for the customer</th><th>Customer needs touched</th></tr></thead><tbody>"
        )
        for rec in items:
            number += 1
            service = analysis.model.services.get(rec.service or "")
            where = f'<br><span class="note">{h(service.name or service.id)}</span>' if service is not None else ""
            out.append(
                f'<tr><td class="num">{number}</td><td class="priority"><span class="pill {rec.priority}">'
                f"{rec.priority}</span></td><td>{h(rec.action)}{where}</td><td>{h(rec.why)}</td>"
                f"<td>{_needs_cell(analysis, rec)}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def _list(items: list[str]) -> str:
    return ", ".join(f"<code>{h(item)}</code>" for item in items) if items else '<span class="note">none</span>'


def changes_section(comparison: Comparison) -> list[str]:
    since = f" (the report of {h(comparison.date)})" if comparison.date else ""
    what = "an earlier report" if comparison.kind == "report" else "an earlier check's JSON"
    out = [
        '<section id="changes">',
        "<h2>What changed since the last visit</h2>",
        f"<p>Compared with {what}{since}: {len(comparison.fixed)} finding{'s' if len(comparison.fixed) != 1 else ''} "
        f"fixed, {len(comparison.new)} new, {comparison.known} still open.</p>",
    ]
    if comparison.kind == "report":
        rows = [
            ("Services added", _list(comparison.services_added)),
            ("Services removed", _list(comparison.services_removed)),
            ("Links added", _list(comparison.links_added)),
            ("Links removed", _list(comparison.links_removed)),
            ("Owners added", _list(comparison.owners_added)),
            ("Owners removed", _list(comparison.owners_removed)),
        ]
        out.append('<dl class="facts">')
        out.extend(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
        out.append("</dl>")
        if comparison.owner_changes:
            out.append("<h3>Owners and deputies changed</h3>")
            out.append("<table><thead><tr><th>What</th><th>Then</th><th>Now</th></tr></thead><tbody>")
            for what_changed, then, now in comparison.owner_changes:
                out.append(f"<tr><td>{h(what_changed)}</td><td>{h(then or '-')}</td><td>{h(now or '-')}</td></tr>")
            out.append("</tbody></table>")
    else:
        out.append(
            '<p class="note">Not compared: ' + h("; ".join(comparison.not_compared)) + ". Findings are matched by "
            "rule, file, service, link and message. Compare with an earlier report (its HTML or "
            "<code>--format json</code>) to see these too.</p>"
        )
    out.append("<h3>Health per service</h3>")
    out.append(
        '<table><thead><tr><th>Service</th><th class="num">Then</th><th class="num">Now</th></tr></thead><tbody>'
    )
    for service_id, score_then, score_now in comparison.health:
        out.append(
            f'<tr><td><code>{h(service_id)}</code></td><td class="num">{"-" if score_then is None else score_then}'
            f'</td><td class="num">{"-" if score_now is None else score_now}</td></tr>'
        )
    out.append("</tbody></table>")
    for title, found in (("Findings fixed", comparison.fixed), ("New findings", comparison.new)):
        out.append(f"<h3>{title}</h3>")
        if not found:
            out.append('<p class="note">None.</p>')
            continue
        out.append("<table><thead><tr><th>Severity</th><th>Rule</th><th>Finding</th></tr></thead><tbody>")
        for finding in found:
            out.append(
                f'<tr><td><span class="pill {finding.severity.value}">{finding.severity.value}</span></td>'
                f"<td><code>{h(finding.rule)}</code></td><td>{h(finding.message)}</td></tr>"
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return out
