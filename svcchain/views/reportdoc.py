"""What the HTML and the Markdown report share: the front matter, the words of each section, the data block.

Both formats say the same things in the same order; this module holds the
sentences (plain text: each format escapes them where they land) and the
report's options, so the two cannot drift apart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from svcchain import __version__

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.analysis.briefing import Briefing
    from svcchain.analysis.compare import Comparison
    from svcchain.findings import Finding
    from svcchain.suppress import Directive

DEFAULT_TITLE = "Service chain report"
PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class ReportOptions:
    """The front matter and extras of one report (command line over ``[tool.svcchain.report]``)."""

    title: str = DEFAULT_TITLE
    client: str | None = None
    author: str | None = None
    date: str | None = None  # as given, else *today*
    generated: str | None = None  # --timestamp: when the report was made
    show_paths: bool = False  # name the chain files' folders (never by default: they are local paths)
    paper: str | None = None  # "a4" or "letter": the page size of a PDF; None: the printer's
    accepted: tuple[tuple[Finding, Directive], ...] = ()  # the inline suppressions and what they silence
    comparison: Comparison | None = None  # --compare
    data: dict[str, Any] = field(default_factory=dict)  # the report's data (snapshot), embedded in the HTML

    def front(self) -> dict[str, str]:
        """The front matter as the report's data records it."""
        found = {"title": self.title, "client": self.client, "author": self.author, "date": self.date}
        return {key: value for key, value in found.items() if value}


def front_lines(options: ReportOptions) -> list[tuple[str, str]]:
    """(label, value) of the front matter, in the order the cover lists them."""
    lines = []
    if options.client:
        lines.append(("Client", options.client))
    if options.author:
        lines.append(("Prepared by", options.author))
    if options.date:
        lines.append(("Date", options.date))
    return lines


def made_with(options: ReportOptions) -> str:
    return f"Made with svcchain {__version__}" + (f", generated {options.generated}" if options.generated else "")


def scope(analysis: Analysis) -> str:
    summary = analysis.summary()
    return (
        f"{_count(summary['services'], 'service')}, {_count(summary['links'], 'link')}, "
        f"{_count(summary['needs'], 'customer need')}, {_count(summary['people'], 'person', 'people')}, "
        f"{_count(summary['teams'], 'team')}"
    )


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def lead(analysis: Analysis, brief: Briefing, options: ReportOptions) -> list[str]:
    """The executive summary's opening, in plain sentences."""
    whose = f"{options.client}'s" if options.client else "the"
    first = (
        f"This report looks at {whose} service {'chain' if brief.services == 1 else 'chains'}: "
        f"{_count(brief.services, 'service')}, delivered in {_count(brief.links, 'step')} (links) by "
        f"{_count(brief.people, 'person', 'people')} in {_count(brief.teams, 'team')}. "
    )
    if brief.needs:
        first += (
            f"Their customers have {_count(brief.needs, 'need')}; "
            f"{brief.delivered} of them {'is' if brief.delivered == 1 else 'are'} delivered end to end today, "
            "by a complete chain of steps that each have an owner."
        )
    else:
        first += "No service states what its customers need."
    bands = ", ".join(f"{count} {band}" for band, count in brief.bands.items() if count)
    second = f"Chain health per service: {bands}." if bands else ""
    if brief.data_quality:
        second += (
            f" The chain files also hold {_count(brief.data_quality, 'format problem')} (data quality): "
            "they are listed apart and do not lower the health scores."
        )
    return [first, second.strip()] if second.strip() else [first]


#: The groups of recommendations: title and what the manager does there.
GROUP_TEXT = {
    "ownership": ("Ownership", "Who answers for what: every step, service and asset needs one owner who is there."),
    "safety net": (
        "Safety net",
        "Who takes over when someone is away: deputies, facilitators, and handovers before people leave.",
    ),
    "customer needs": ("Customer needs", "What the customer asks for and takes for granted, and who delivers it."),
    "chain breaks": ("Chain breaks", "Where the chain is broken: handoffs to nowhere, circles and dead ends."),
    "measurement": ("Measurement", "How results are agreed, measured and reviewed with their owners."),
}
RECOMMENDATIONS_INTRO = (
    "What to do, grouped by what a manager can act on. Within each group the most serious first, then "
    "what touches the most customer needs. Priority: high for what stops a customer need today (errors and "
    "single points of failure), medium for what weakens it (warnings), low for advice (infos). The file "
    "and line of every finding behind a recommendation are in the appendix."
)
RACI_LEGEND = (
    ("A", "Accountable: the service's owner, who answers to the customer for the chain as a whole."),
    ("R", "Responsible: the link's owner, result-responsible for that step (a person or a team)."),
    ("F", "Facilitator: the facilitator of the team that owns the link, the team's safety net."),
    ("D", "Deputy: takes over when the link's owner is unavailable."),
)
RACI_NOTE = "Chain files record no consulted or informed parties, so the matrix has no C or I."
DIAGRAM_CAPTION = (
    "Handoffs run left to right: from the links of other services this chain builds on, through its own "
    "links in handoff order, to the customer's needs and to the links of other services that build on it."
)
DIAGRAM_LEGEND = (
    ("l-link", "link and its owner (green bar: no findings)"),
    ("l-finding", "link with an error"),
    ("l-warning", "link with a warning"),
    ("l-info", "info marker: link with advice only (e.g. it rests on one person)"),
    ("l-badge", "number of findings about the link"),
    ("l-need", "customer need"),
    ("l-unmet", "need nobody delivers"),
    ("l-external", "link of another service (hands on to or builds on this chain)"),
    ("l-handoff", "handoff"),
    ("l-delivers", "delivers to the customer"),
    ("l-back", "handoff back: a circle of handoffs"),
)
TRACE_LEGEND = (
    ("→", "hands its result on to"),
    ("↻", "the path was cut where it runs into a circle of handoffs"),
    ("…", "hops left out of a long path"),
    ("bold red", "the weakest hop of the path"),
)
DATA_QUALITY_INTRO = (
    "Format and syntax problems in the chain files (SC0xx): they say nothing about the chains themselves, "
    "so they do not lower chain health, but what they hide is not checked until they are fixed."
)
EXCEPTIONS_INTRO = (
    "Findings the organisation has accepted where they sit, with an inline suppression in the chain file and "
    "the reason given for it. They count in no health score."
)
APPENDIX_INTRO = (
    "Every finding of the check, per service, with where it is in the chain files and what to change there."
)
NO_REASON = "no reason given"


def rules_found(findings: list[Finding]) -> str:
    """``2 errors, 1 warning: SC101 unowned-link, SC105 single-owner (2), ...``: what the check found about a
    service, most serious first, for the line under its section (the detail is in the appendix)."""
    from collections import Counter

    counts = Counter((finding.severity.rank, finding.rule, finding.name) for finding in findings)
    by_severity = Counter(finding.severity.value for finding in findings)
    severities = ", ".join(
        f"{count} {name}{'s' if count != 1 else ''}"
        for name in ("error", "warning", "info")
        if (count := by_severity.get(name, 0))
    )
    rules = ", ".join(
        f"{rule} {name}" + (f" ({count})" if count > 1 else "")
        for (_, rule, name), count in sorted(counts.items(), key=lambda item: (-item[0][0], item[0][1]))
    )
    return f"{severities}: {rules}"


SERVICE_FINDINGS = "What to do about them is under Recommendations; where they are, in the appendix."


def data_block(data: dict[str, Any]) -> str:
    """The report's data as a JSON data block for HTML: nothing in it can end the script element."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="svcchain-data">{text}</script>'


def report_data(analysis: Analysis, options: ReportOptions) -> dict[str, Any]:
    """The report's data: as the command made it (with *today*), else from the analysis alone."""
    if options.data:
        return options.data
    from svcchain.analysis.snapshot import snapshot

    return snapshot(analysis, None, options.front(), options.accepted)


def render_json(analysis: Analysis, options: ReportOptions | None = None, progress: Any = None) -> str:
    """``report --format json``: the report's data, as the HTML embeds it (what ``--compare`` reads)."""
    data = report_data(analysis, options or ReportOptions())
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
