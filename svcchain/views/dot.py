"""The chain graph in Graphviz DOT (``dot -Tsvg``).

Every id and label is a quoted DOT string: backslashes and quotes escaped,
no raw line break; the line breaks in labels are DOT's own ``\\n``.
"""

from __future__ import annotations

from svcchain.views.diagram import Diagram, Node
from svcchain.views.escape import dot_string

FONT = "Helvetica,Arial,sans-serif"
SEVERITY_COLOUR = {"error": "#c53030", "warning": "#d69e2e", "info": "#3182ce"}


def _label(*lines: str) -> str:
    """A quoted label of several lines, each escaped on its own."""
    return '"' + "\\n".join(dot_string(line)[1:-1] for line in lines) + '"'


def _node(node: Node) -> str:
    attributes: list[str] = []
    if node.kind == "need":
        text = f"{node.id}: {node.text}" if node.text else node.id
        lines = [text] if node.delivered else [text, "delivered by no link"]
        attributes += [
            f"label={_label(*lines)}",
            "shape=box",
            'style="rounded,filled"',
            'fillcolor="#e6f4ea"' if node.delivered else 'fillcolor="#fdecea"',
            'color="#2f855a"' if node.delivered else 'color="#c53030"',
        ]
    else:
        title = node.title if not node.external else f"{node.service} / {node.title}"
        lines = [title, f"owner: {node.owner if node.owner is not None else 'no owner'}"]
        if node.findings:
            lines.append(f"{node.findings} finding{'s' if node.findings != 1 else ''}")
        attributes.append(f"label={_label(*lines)}")
        if node.external:
            attributes += ['style="rounded,dashed"', 'color="#a0aec0"', 'fontcolor="#4a5568"']
        elif node.severity:
            attributes += [f'color="{SEVERITY_COLOUR[node.severity]}"', "penwidth=2"]
    if node.result:
        attributes.append(f"tooltip={dot_string(node.result)}")
    return f"{dot_string(node.key)} [{', '.join(attributes)}];"


def render(diagram: Diagram) -> str:
    lines = [
        'digraph "svcchain" {',
        f'  graph [rankdir=LR, fontname="{FONT}", fontsize=11, compound=true];',
        f'  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#4a5568", fontname="{FONT}", fontsize=10];',
        f'  edge [color="#718096", fontname="{FONT}"];',
    ]
    for index, cluster in enumerate(diagram.clusters):
        title = f"{cluster.name} ({cluster.service})" if cluster.name else cluster.service
        if cluster.external:
            title += " - other service"
        lines.append(f'  subgraph "cluster_{index}" {{')
        lines.append(f"    label={dot_string(title)};")
        lines.append('    style="rounded,dashed";' if cluster.external else '    style="rounded";')
        lines.append('    color="#cbd5e0";')
        for key in cluster.nodes:
            lines.append(f"    {_node(diagram.nodes[key])}")
        lines.append("  }")
    for edge in diagram.edges:
        style = ' [color="#2f855a", penwidth=1.5]' if edge.kind == "delivers" else ""
        lines.append(f"  {dot_string(edge.source)} -> {dot_string(edge.target)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"
