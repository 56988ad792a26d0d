"""The chain graph as the diagram formats see it: nodes, edges and service clusters.

One selection logic for Mermaid, DOT, JSON, GraphML and the report's SVG:
every link and need of the chosen services, plus - as *external* nodes - the
links of other services that hand on to them (and, when asked, the links
that build on them).  Values are the raw strings of the chain files; each
format escapes them where they land.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from svcchain.analysis import Analysis, worst_severity

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Need, Service


@dataclass
class Node:
    key: str  # "link:service/link" or "need:service/need": unique and stable
    kind: str  # "link" | "need"
    service: str
    id: str
    name: str | None = None
    owner: str | None = None
    owner_kind: str = "missing"  # person | team | unknown | missing (links only)
    result: str | None = None
    measures: list[tuple[str, str | None]] = field(default_factory=list)
    text: str | None = None  # a need's text
    delivered: bool = True  # a need: some link delivers it
    external: bool = False  # belongs to a service outside the selection
    side: str = ""  # an external link: "upstream" (hands on into the selection) or "downstream" (builds on it)
    findings: int = 0
    severity: str | None = None  # the worst finding on a link, or "error" for an unmet need
    depth: int = 0  # a link's handoff depth within its service

    @property
    def title(self) -> str:
        return self.name or self.id


@dataclass
class Edge:
    source: str
    target: str
    kind: str  # "handoff" | "delivers"


@dataclass
class Cluster:
    service: str
    name: str | None
    owner: str | None
    external: bool
    nodes: list[str] = field(default_factory=list)
    depends_on: list[str] = field(default_factory=list)


@dataclass
class Diagram:
    clusters: list[Cluster]
    nodes: dict[str, Node]
    edges: list[Edge]
    selection: list[str]  # the services asked for (all when none was named)


def link_key(link: Link) -> str:
    return f"link:{link.service}/{link.id}"


def need_key(service_id: str, need_id: str) -> str:
    return f"need:{service_id}/{need_id}"


def _link_node(analysis: Analysis, link: Link, external: bool, depth: int) -> Node:
    status = analysis.link_owner(link)
    findings = analysis.link_findings(link)
    worst = worst_severity(findings)
    return Node(
        key=link_key(link),
        kind="link",
        service=link.service,
        id=link.id,
        name=link.name,
        owner=status.id,
        owner_kind=status.kind,
        result=link.result,
        measures=[(measure.name, measure.target) for measure in link.measure_list],
        external=external,
        findings=len(findings),
        severity=worst.value if worst else None,
        depth=depth,
    )


def _need_node(analysis: Analysis, service: Service, need: Need) -> Node:
    delivered = bool(analysis.delivering_links(service, need))
    return Node(
        key=need_key(service.id, need.id),
        kind="need",
        service=service.id,
        id=need.id,
        text=need.text,
        delivered=delivered,
        severity=None if delivered else "error",
    )


def build(analysis: Analysis, service_ids: Iterable[str] | None = None, downstream: bool = True) -> Diagram:
    """The diagram of the named services (all when ``service_ids`` is None)."""
    from svcchain.graph import link_node

    model = analysis.model
    chosen = list(model.services) if service_ids is None else list(dict.fromkeys(service_ids))
    chosen_set = set(chosen)
    nodes: dict[str, Node] = {}
    clusters: dict[str, Cluster] = {}
    external_links: dict[str, Link] = {}
    upstream: set[str] = set()  # keys of the external links that hand on into a chosen service

    for service_id in sorted(chosen, key=lambda sid: model.services[sid].seq):
        service = model.services[service_id]
        cluster = Cluster(
            service.id,
            service.name,
            service.owner.value if service.owner else None,
            False,
            depends_on=[ref.value for ref in service.depends_on],
        )
        clusters[service.id] = cluster
        depths = analysis.depths(service)
        for link in analysis.handoff_order(service):
            node = _link_node(analysis, link, False, depths.get(link.id, 0))
            nodes[node.key] = node
            cluster.nodes.append(node.key)
        for need in service.needs.values():
            node = _need_node(analysis, service, need)
            nodes[node.key] = node
            cluster.nodes.append(node.key)
        if service_ids is not None:
            for link in analysis.upstream_links(service):
                if link.service not in chosen_set:
                    external_links.setdefault(link.key, link)
                    upstream.add(link.key)
            if downstream:
                for link in analysis.downstream_links(service):
                    if link.service not in chosen_set:
                        external_links.setdefault(link.key, link)

    for link in sorted(external_links.values(), key=lambda link: link.seq):
        service = model.services[link.service]
        if service.id not in clusters:
            clusters[service.id] = Cluster(
                service.id,
                service.name,
                service.owner.value if service.owner else None,
                True,
                depends_on=[ref.value for ref in service.depends_on],
            )
        node = _link_node(analysis, link, True, 0)
        node.side = "upstream" if link.key in upstream else "downstream"
        nodes[node.key] = node
        clusters[service.id].nodes.append(node.key)

    edges: list[Edge] = []
    handoffs = analysis.graph.handoffs
    for key, node in nodes.items():
        if node.kind != "link":
            continue
        link = model.services[node.service].links[node.id]
        for after in handoffs.succ(link_node(link)):
            if after[0] == "link":
                target = f"link:{after[1]}/{after[2]}"
                if target in nodes and not (node.external and nodes[target].external):
                    edges.append(Edge(key, target, "handoff"))
            else:
                target = need_key(after[1], after[2])
                if target in nodes:
                    edges.append(Edge(key, target, "delivers"))
    ordered_clusters = sorted(clusters.values(), key=lambda c: (c.external, model.services[c.service].seq))
    return Diagram(ordered_clusters, nodes, edges, chosen)
