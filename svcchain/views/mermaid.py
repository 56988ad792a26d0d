"""The chain graph as a Mermaid flowchart (GitHub and GitLab render it in Markdown).

Node ids are generated (``n0``, ``n1``, ...), never taken from a chain file;
every label is a quoted string whose user text is escaped with Mermaid entity
codes (``#quot;``, ``#lt;``, ...), so no quote, arrow, backtick, pipe or line
break from a chain file reaches the diagram source.
"""

from __future__ import annotations

from svcchain.views.diagram import Diagram, Node
from svcchain.views.escape import mermaid_text

CLASSES = (
    "classDef link fill:#ffffff,stroke:#4a5568,color:#1a202c",
    "classDef need fill:#e6f4ea,stroke:#2f855a,color:#1a202c",
    "classDef unmet fill:#fdecea,stroke:#c53030,color:#1a202c,stroke-dasharray:4 3",
    "classDef external fill:#f7fafc,stroke:#a0aec0,color:#4a5568,stroke-dasharray:4 3",
    "classDef error stroke:#c53030,stroke-width:3px",
    "classDef warning stroke:#d69e2e,stroke-width:2px",
)


def _label(node: Node) -> str:
    if node.kind == "need":
        text = f"{node.id}: {node.text}" if node.text else node.id
        if not node.delivered:
            return f"{mermaid_text(text)}<br/>delivered by no link"
        return mermaid_text(text)
    title = node.title if not node.external else f"{node.service} / {node.title}"
    owner = node.owner if node.owner is not None else "no owner"
    label = f"{mermaid_text(title)}<br/>owner: {mermaid_text(owner)}"
    if node.findings:
        label += f"<br/>{node.findings} finding{'s' if node.findings != 1 else ''}"
    return label


def _shape(node: Node, label: str) -> str:
    if node.kind == "need":
        return f'(["{label}"])'
    return f'["{label}"]'


def _class(node: Node) -> str:
    if node.kind == "need":
        return "need" if node.delivered else "unmet"
    if node.external:
        return "external"
    return node.severity if node.severity in ("error", "warning") else "link"


def render(diagram: Diagram, direction: str = "LR") -> str:
    ids = {key: f"n{index}" for index, key in enumerate(diagram.nodes)}
    lines = [f"flowchart {direction}"]
    for index, cluster in enumerate(diagram.clusters):
        title = cluster.name or cluster.service
        if cluster.name:
            title = f"{cluster.name} ({cluster.service})"
        if cluster.external:
            title += " - other service"
        lines.append(f'  subgraph s{index}["{mermaid_text(title)}"]')
        for key in cluster.nodes:
            node = diagram.nodes[key]
            lines.append(f"    {ids[key]}{_shape(node, _label(node))}")
        lines.append("  end")
    for edge in diagram.edges:
        arrow = "==>" if edge.kind == "delivers" else "-->"
        lines.append(f"  {ids[edge.source]} {arrow} {ids[edge.target]}")
    lines.extend(f"  {line}" for line in CLASSES)
    by_class: dict[str, list[str]] = {}
    for key, node in diagram.nodes.items():
        by_class.setdefault(_class(node), []).append(ids[key])
    for name in ("link", "need", "unmet", "external", "error", "warning"):
        if by_class.get(name):
            lines.append(f"  class {','.join(by_class[name])} {name}")
    return "\n".join(lines) + "\n"
