"""Views and reports for people: the chain in the terminal, diagrams, the consultant's report.

``svcchain.analysis`` computes (handoff order, traces, impact, health,
ownership) from the check's report; every module here turns what a view
computed into one format and nothing else.

``VIEW_FORMATS`` is the one list of the formats each view command offers:
the CLI takes its ``--format`` choices and its renderers from it.  A new
format is a module with a renderer and one line here.  What a renderer of
each view is given:

=============  ==========================================================
view           renderer arguments
=============  ==========================================================
show           (analysis, service or None for all services)
trace          (analysis, [(service, [NeedTrace, ...]), ...])
impact         (analysis, Impact)
asset-impact   (analysis, AssetImpact)
single-points  (analysis, [Impact, ...])
owners         (analysis)
graph          (Diagram)
report         (analysis, ReportOptions or None, advance: callable or None)
=============  ==========================================================

A renderer returns text, or a rich renderable for the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True)
class ViewFormat:
    """Where one format of a view is rendered, as ``module:function`` (imported only when used)."""

    target: str
    #: file suffixes that choose this format when ``-o FILE`` is given without ``--format``
    suffixes: tuple[str, ...] = ()
    #: the format written instead when the output is a file (a terminal table becomes Markdown)
    to_file: str | None = None

    def load(self) -> Callable[..., Any]:
        module, _, function = self.target.partition(":")
        renderer: Callable[..., Any] = getattr(import_module(module), function)
        return renderer


#: view → format → renderer; the first format of a view is its default.
VIEW_FORMATS: dict[str, dict[str, ViewFormat]] = {
    "show": {
        "text": ViewFormat("svcchain.views.terminal:render_show"),
        "json": ViewFormat("svcchain.views.jsonviews:render_show"),
    },
    "trace": {
        "text": ViewFormat("svcchain.views.terminal_trace:render_traces"),
        "json": ViewFormat("svcchain.views.jsonviews:render_traces"),
    },
    "impact": {
        "text": ViewFormat("svcchain.views.terminal_impact:render_impact"),
        "json": ViewFormat("svcchain.views.jsonviews:render_impact"),
    },
    "asset-impact": {
        "text": ViewFormat("svcchain.views.asset_impact:render_text"),
        "json": ViewFormat("svcchain.views.asset_impact:render_json"),
    },
    "single-points": {
        "text": ViewFormat("svcchain.views.terminal_impact:render_single_points"),
        "json": ViewFormat("svcchain.views.jsonviews:render_single_points"),
    },
    "owners": {
        "table": ViewFormat("svcchain.views.terminal:owners_table", to_file="markdown"),
        "csv": ViewFormat("svcchain.views.owners:render_csv", suffixes=(".csv",)),
        "json": ViewFormat("svcchain.views.owners:render_json", suffixes=(".json",)),
        "markdown": ViewFormat("svcchain.views.owners:render_markdown", suffixes=(".md", ".markdown")),
    },
    "graph": {
        "mermaid": ViewFormat("svcchain.views.mermaid:render", suffixes=(".mmd", ".mermaid")),
        "dot": ViewFormat("svcchain.views.dot:render", suffixes=(".dot", ".gv")),
        "json": ViewFormat("svcchain.views.graphdata:render_json", suffixes=(".json",)),
        "graphml": ViewFormat("svcchain.views.graphdata:render_graphml", suffixes=(".graphml",)),
    },
    "report": {
        "html": ViewFormat("svcchain.views.html:render", suffixes=(".html", ".htm")),
        "markdown": ViewFormat("svcchain.views.markdown:render", suffixes=(".md", ".markdown")),
        # the HTML, printed to PDF by headless Chromium (svcchain.cli.pdf)
        "pdf": ViewFormat("svcchain.views.html:render", suffixes=(".pdf",)),
        "json": ViewFormat("svcchain.views.reportdoc:render_json", suffixes=(".json",)),
    },
}


def formats(view: str) -> list[str]:
    """The format names of a view, its default first."""
    return list(VIEW_FORMATS[view])


def suffixes(view: str) -> dict[str, tuple[str, ...]]:
    """Each format of a view and the file suffixes it writes (what ``-o FILE`` is matched against)."""
    return {name: entry.suffixes for name, entry in VIEW_FORMATS[view].items()}


def renderer(view: str, name: str, to_file: bool = False) -> Callable[..., Any]:
    """The render function of ``view`` in format ``name`` (its file format when writing a file)."""
    entry = VIEW_FORMATS[view][name]
    if to_file and entry.to_file is not None:
        entry = VIEW_FORMATS[view][entry.to_file]
    return entry.load()
