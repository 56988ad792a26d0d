"""``svcchain trace`` for a terminal: every need, the paths that deliver it, the weakest hop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from svcchain.analysis.trace import NOT_OWNED, shown_hops
from svcchain.views.escape import one_line
from svcchain.views.terminal import _join, _t

if TYPE_CHECKING:
    from svcchain.analysis import Analysis, ChainPath, NeedTrace
    from svcchain.chainmodel import Service


def _hop_text(analysis: Analysis, path: ChainPath, service_id: str) -> Text:
    out = Text()
    weakest = path.weakest
    if path.cycle:
        out.append("↻ ", style="yellow")
    for place, shown in enumerate(shown_hops(path)):
        if place:
            out.append(" → ", style="dim")
        if isinstance(shown, int):
            out.append(f"… {shown} more hops …", style="yellow")
            continue
        index, hop = shown
        name = hop.link.id if hop.link.service == service_id else hop.link.key
        out.append(name, style="bold red" if index == weakest else "bold")
        owner = hop.owner
        owner_style = "red" if hop.unowned else "dim"
        out.append(f" [{one_line(owner.label)}]", style=owner_style)
    return out


def trace_view(analysis: Analysis, traces: list[NeedTrace]) -> Group:
    """Every need of a service and the paths that deliver it, the weakest hop flagged."""
    parts: list[Any] = []
    for trace in traces:
        head = _join(Text("need ", style="dim"), _t(trace.need.id, "bold"))
        if trace.need.text:
            head.append(f"  {one_line(trace.need.text)}")
        parts.append(head)
        if not trace.delivered:
            found = analysis.need_findings(trace.service, trace.need)
            if found:  # what the check says about the need, with what to do
                for finding in found:
                    parts.append(Text(f"  ✖ NOT DELIVERED: {one_line(finding.text)}", style="bold red"))
            else:
                parts.append(Text("  delivered by no link", style="dim"))
            parts.append(Text())
            continue
        parts.append(
            _join(
                Text("  delivered by ", style="dim"),
                Text(", ".join(link.id for link in trace.delivering), style="green"),
            )
        )
        if not trace.fully_owned:
            parts.append(Text(f"  ✖ {NOT_OWNED}", style="bold red"))
        if trace.same_as is not None:
            parts.append(Text(f"  delivered along the same paths as need {one_line(trace.same_as.id)}", style="dim"))
            parts.append(Text())
            continue
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", style="dim", no_wrap=True)
        grid.add_column(overflow="fold")
        for number, path in enumerate(trace.paths, 1):
            cell = _hop_text(analysis, path, trace.service.id)
            weakest = path.weakest
            if weakest is not None:
                hop = path.hops[weakest]
                name = hop.link.id if hop.link.service == trace.service.id else hop.link.key
                cell.append("\nweakest hop: ", style="yellow")
                cell.append(name, style="bold")
                cell.append(" - " + one_line("; ".join(issue.text for issue in hop.issues)))
            if path.cycle:
                cell.append("\n↻ the walk stopped at a circle of handoffs (SC202)", style="yellow")
            grid.add_row(f"  {number}.", cell)
        if trace.paths:
            parts.append(grid)
        if trace.more:
            parts.append(
                Text(f"  … more paths than the {len(trace.paths)} shown; raise --max-paths to see more", style="yellow")
            )
        parts.append(Text())
    if not traces:
        parts.append(Text("no customer needs declared", style="yellow"))
    return Group(*parts)


def trace_service(analysis: Analysis, service: Service, traces: list[NeedTrace]) -> Group:
    title = _t(service.name or service.id, "bold")
    title.append(f"  {service.id}", style="dim")
    legend = Text("path: chain start → … → delivering link; [owner]; ", style="dim")
    legend.append("red", style="bold red")
    legend.append(" = weakest hop", style="dim")
    return Group(Rule(title, align="left"), legend, Text(), trace_view(analysis, traces))


def render_traces(analysis: Analysis, traced: list[tuple[Service, list[NeedTrace]]]) -> Group:
    """``svcchain trace``: each service's needs traced back along the chain."""
    return Group(*(trace_service(analysis, service, traces) for service, traces in traced))
