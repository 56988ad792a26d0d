"""The consultant's report as one self-contained HTML file: a deliverable, on screen and printed.

Inline CSS and inline SVG diagrams only: no script that runs, no web font,
nothing fetched from the network (a Content-Security-Policy says so to the
browser too).  The report's data is embedded as a JSON data block
(``<script type="application/json">``, never executed) so that a later report
can say what changed (``--compare``).  Every string from a chain file is
escaped; no local path is written unless asked for (``show_paths``).

The sections, in order: the cover (title, client, author, date), the
executive summary, what changed since the last visit (with a comparison),
the recommendations, every service (facts, diagram, links, requirements,
traceability, RACI matrix), data quality, people and deputies, accepted
exceptions, the asset register, the ownership matrix, and the findings in
detail (file and line) as an appendix.
"""

from __future__ import annotations

import re

from svcchain import __version__
from svcchain.analysis import Analysis, Progress
from svcchain.analysis.briefing import briefing
from svcchain.analysis.recommendations import recommendations
from svcchain.views.escape import html_text as h
from svcchain.views.html_appendix import (
    appendix_section,
    data_quality_section,
    exceptions_section,
    ownership_section,
    people_section,
)
from svcchain.views.html_register import asset_register_section
from svcchain.views.html_service import service_section
from svcchain.views.html_style import CSS, PAGE_SIZE
from svcchain.views.html_summary import changes_section, recommendations_section, summary_section
from svcchain.views.reportdoc import (
    DEFAULT_TITLE,
    ReportOptions,
    data_block,
    front_lines,
    made_with,
    report_data,
    scope,
)

#: What is left alone by ``breakable``: the diagrams (SVG text has no line breaks) and the data block.
_KEEP = re.compile(r"(<svg .*?</svg>|<script .*?</script>)", re.DOTALL)
_TEXT = re.compile(r">([^<]+)<")
#: A run of 20 or more characters without a place to break a line (space, hyphen, slash) ...
_LONG = re.compile(r"[^\s/-]{20,}")
#: ... gets a break opportunity every 10 characters (an entity such as ``&amp;`` counts as one).
_CHARACTER = re.compile(r"&#?\w+;|.", re.DOTALL)
BREAK_EVERY = 10


def _wbr(match: re.Match[str]) -> str:
    characters = _CHARACTER.findall(match.group())
    return "<wbr>".join("".join(characters[i : i + BREAK_EVERY]) for i in range(0, len(characters), BREAK_EVERY))


def breakable(body: str) -> str:
    """``body`` with a line-break opportunity (``<wbr>``) in every long unbroken word of its text, so that no
    name or id, however long, pushes a table out of a printed page."""
    parts = _KEEP.split(body)
    for index in range(0, len(parts), 2):  # the odd parts are what _KEEP matched
        parts[index] = _TEXT.sub(lambda text: ">" + _LONG.sub(_wbr, text.group(1)) + "<", parts[index])
    return "".join(parts)


def _cover(analysis: Analysis, options: ReportOptions) -> list[str]:
    kicker = f'<p class="kicker">{DEFAULT_TITLE}</p>' if options.title != DEFAULT_TITLE else ""
    rows = [*front_lines(options), ("Scope", scope(analysis))]
    if options.show_paths:
        rows.append(("Chain files", ", ".join(analysis.paths) if analysis.paths else "chain files"))
    facts = "".join(f"<dt>{h(label)}</dt><dd>{h(value)}</dd>" for label, value in rows)
    return [
        '<header class="cover"><div class="inner">',
        kicker,
        f"<h1>{h(options.title)}</h1>",
        f"<dl>{facts}</dl>",
        f'<p class="made">{h(made_with(options))}</p>',
    ]


def _toc(analysis: Analysis, options: ReportOptions) -> list[str]:
    entries = [("summary", "Executive summary")]
    if options.comparison is not None:
        entries.append(("changes", "What changed since the last visit"))
    entries.append(("recommendations", "Recommendations"))
    entries += [(f"service-{service.id}", service.name or service.id) for service in analysis.services]
    entries += [("data-quality", "Data quality"), ("people", "People and deputies")]
    entries.append(("exceptions", "Accepted exceptions"))
    if analysis.model.assets:
        entries.append(("assets", "Asset register"))
    entries += [("ownership", "Ownership matrix"), ("appendix", "Appendix: the findings in detail")]
    items = "".join(f'<li><a href="#{h(anchor)}">{h(title)}</a></li>' for anchor, title in entries)
    return [f'<nav class="toc"><strong>Contents</strong><ol>{items}</ol></nav>', "</div></header>"]


def render(analysis: Analysis, options: ReportOptions | None = None, progress: Progress = None) -> str:
    """The whole report."""
    options = options or ReportOptions()
    brief = briefing(analysis)
    found = recommendations(analysis, options.accepted)
    title = options.title + (f" - {options.client}" if options.client else "")
    style = CSS + (f"@media print {{ {PAGE_SIZE[options.paper]} }}\n" if options.paper in PAGE_SIZE else "")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">',
        f'<meta name="generator" content="svcchain {h(__version__)}">',
        f"<title>{h(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
    ]
    out.extend(_cover(analysis, options))
    out.extend(_toc(analysis, options))
    out.append("<main>")
    out.extend(summary_section(analysis, brief, options))
    if options.comparison is not None:
        out.extend(changes_section(options.comparison))
    out.extend(recommendations_section(analysis, found))
    for index, service in enumerate(analysis.services):
        out.extend(service_section(analysis, service, index))
        if progress is not None:
            progress()
    out.extend(data_quality_section(analysis))
    out.extend(people_section(analysis))
    out.extend(exceptions_section(analysis, options))
    out.extend(asset_register_section(analysis))
    out.extend(ownership_section(analysis))
    out.extend(appendix_section(analysis))
    out.append(
        f"<footer>{h(made_with(options))}: every link of a service chain result-responsible for its part, "
        "every customer need delivered.</footer>"
    )
    out.append("</main>")
    start = out.index("<body>") + 1
    page = "\n".join(out[:start]) + "\n" + breakable("\n".join(out[start:]))
    return page + "\n" + data_block(report_data(analysis, options)) + "\n</body></html>\n"
