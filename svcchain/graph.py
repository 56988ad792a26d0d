"""The chain graph: links and needs joined by handoffs, services by dependencies.

Built once per check; every chain rule and every view reads it.  Node ids are
tuples: ``("link", service, link)``, ``("need", service, need)`` in the handoff
graph, and plain service ids in the dependency graph.  Nodes carry the model
entity under ``"entity"`` (which knows its file and model path).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import networkx as nx

from svcchain.chainmodel import ChainModel, Link, Ref, Service

#: A node of the handoff graph: ``("link", service, link)`` or ``("need", service, need)``.
HandoffNode = tuple[str, str, str]

_N = TypeVar("_N", bound=Hashable)


def link_node(link: Link) -> HandoffNode:
    return ("link", link.service, link.id)


def resolve_handoff(model: ChainModel, service_id: str, ref: Ref) -> Link | None:
    """The link an ``after`` entry names: ``link`` in the service, or ``service/link``."""
    value = ref.value
    if "/" in value:
        other, _, link_id = value.partition("/")
        if "/" in link_id:
            return None
        service = model.services.get(other)
        return service.links.get(link_id) if service else None
    service = model.services.get(service_id)
    return service.links.get(value) if service else None


@dataclass(eq=False)
class ChainGraph:
    # node data: {"entity": the Link, Need or Service}
    # links → links that build on them → needs; an edge from an ``after_any`` entry carries ``any=True``
    handoffs: nx.DiGraph[HandoffNode] = field(default_factory=nx.DiGraph)
    dependencies: nx.DiGraph[str] = field(default_factory=nx.DiGraph)  # service id → service ids it depends on

    def link_cycles(self) -> list[list[Link]]:
        """Strongly connected groups of links that hand on in a circle, in file order."""
        return self._cycles(self.handoffs, lambda node: node[0] == "link")

    def service_cycles(self) -> list[list[Service]]:
        return self._cycles(self.dependencies, lambda node: True)

    @staticmethod
    def _cycles(graph: nx.DiGraph[_N], keep: Callable[[_N], bool]) -> list[list[Any]]:
        groups: list[list[Any]] = []
        for component in nx.strongly_connected_components(graph):
            nodes = [node for node in component if keep(node)]
            if len(nodes) > 1 or (nodes and graph.has_edge(nodes[0], nodes[0])):
                entities = sorted((graph.nodes[node]["entity"] for node in nodes), key=lambda e: e.seq)
                groups.append(entities)
        groups.sort(key=lambda group: group[0].seq)
        return groups

    def reaching(self, seeds: Iterable[HandoffNode]) -> set[HandoffNode]:
        """Every node from which one of ``seeds`` can be reached (seeds included): one reverse pass."""
        graph = self.handoffs
        seen = set(seeds)
        queue = deque(seen)
        pred = graph.pred
        while queue:
            node = queue.popleft()
            for before in pred[node]:
                if before not in seen:
                    seen.add(before)
                    queue.append(before)
        return seen


def build_graph(model: ChainModel) -> ChainGraph:
    graph = ChainGraph()
    handoffs, dependencies = graph.handoffs, graph.dependencies
    for service in model.services.values():
        dependencies.add_node(service.id, entity=service)
        for need in service.needs.values():
            handoffs.add_node(("need", service.id, need.id), entity=need)
        for link in service.links.values():
            handoffs.add_node(link_node(link), entity=link)
    for service in model.services.values():
        for ref in service.depends_on:
            if ref.value in model.services:
                dependencies.add_edge(service.id, ref.value)
        for link in service.links.values():
            node = link_node(link)
            for ref in link.after:
                before = resolve_handoff(model, service.id, ref)
                if before is not None:
                    handoffs.add_edge(link_node(before), node)
            for ref in link.after_any:  # alternatives: one of them is enough (edge marked "any")
                before = resolve_handoff(model, service.id, ref)
                if before is not None and not handoffs.has_edge(link_node(before), node):
                    handoffs.add_edge(link_node(before), node, any=True)
            for ref in link.delivers:
                if ref.value in service.needs:
                    handoffs.add_edge(node, ("need", service.id, ref.value))
    return graph
