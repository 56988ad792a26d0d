"""The chain graph for other tools: node-link JSON and GraphML.

The JSON is networkx's node-link shape (``networkx.node_link_graph(data,
edges="edges")`` reads it back) with the raw values of the chain files; the
GraphML is written by networkx's writer, which escapes for XML, from values
cleaned of characters XML cannot hold.  Node ids are strings:
``link:service/link`` and ``need:service/need``.
"""

from __future__ import annotations

import json
from typing import Any

from svcchain.views.diagram import Diagram, Node
from svcchain.views.escape import one_line


def _node_data(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {"id": node.key, "kind": node.kind, "service": node.service}
    if node.kind == "link":
        data.update(
            {
                "link": node.id,
                "name": node.name,
                "owner": node.owner,
                "owner_kind": node.owner_kind,
                "result": node.result,
                "measures": [{"name": name, "target": target} for name, target in node.measures],
                "external": node.external,
                "depth": node.depth,
                "findings": node.findings,
                "severity": node.severity,
            }
        )
    else:
        data.update({"need": node.id, "text": node.text, "delivered": node.delivered})
    return data


def render_json(diagram: Diagram) -> str:
    services = [
        {
            "id": cluster.service,
            "name": cluster.name,
            "owner": cluster.owner,
            "external": cluster.external,
            "depends_on": cluster.depends_on,
        }
        for cluster in diagram.clusters
    ]
    data = {
        "directed": True,
        "multigraph": False,
        "graph": {"name": "svcchain", "selection": diagram.selection, "services": services},
        "nodes": [_node_data(node) for node in diagram.nodes.values()],
        "edges": [{"source": edge.source, "target": edge.target, "kind": edge.kind} for edge in diagram.edges],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_graphml(diagram: Diagram) -> str:
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph(name="svcchain")
    for node in diagram.nodes.values():
        attributes: dict[str, Any] = {}
        for key, value in _node_data(node).items():
            if key == "id" or value is None:
                continue
            if key == "measures":
                value = "; ".join(
                    f"{item['name']}: {item['target']}" if item["target"] else item["name"] for item in value
                )
            attributes[key] = one_line(value) if isinstance(value, str) else value
        attributes["label"] = one_line(node.title if node.kind == "link" else (node.text or node.id))
        graph.add_node(node.key, **attributes)
    for edge in diagram.edges:
        graph.add_edge(edge.source, edge.target, kind=edge.kind)
    lines = nx.generate_graphml(graph, prettyprint=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(lines) + "\n"
