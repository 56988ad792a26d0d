"""The chain graph: links and needs joined by handoffs, services by dependencies.

Built once per check; every chain rule and every view reads it.  Node ids are
tuples: ``("link", service, link)``, ``("need", service, need)`` in the handoff
graph, and plain service ids in the dependency graph.  Each node carries its
model entity (which knows its file and model path).

The graph is a ``Digraph``: each node's entity and its predecessors and
successors in insertion order, kept in lists and tuples.  A networkx
``DiGraph`` of the same repository keeps a dictionary per node, per
adjacency and per edge: at 100,000 links that was 110 MB of the check's
430 MB, and importing networkx was a sixth of a small check's start-up, so
the check never imports it: circles are found by Tarjan's walk here, held
to networkx's answer by the tests (tests/test_digraph.py).  networkx stays
the library of the exports (``svcchain graph``: node-link JSON, GraphML).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from svcchain.chainmodel import ChainModel, Link, Ref, Service

#: A node of the handoff graph: ``("link", service, link)`` or ``("need", service, need)``.
HandoffNode = tuple[str, str, str]

_N = TypeVar("_N", bound=Hashable)

_NONE: tuple[Any, ...] = ()  # the adjacency of a node without edges on that side (shared)
_WIDE = 16  # successors past which a node's are also kept in a set while the graph is built


class Digraph(Generic[_N]):
    """A directed graph without parallel edges: nodes, their entities, edges in the order added.

    Edges may carry one mark, ``any``: an input that is one of alternatives.
    """

    __slots__ = ("_any", "_edges", "_entities", "_index", "_nodes", "_pred", "_succ", "_wide")

    def __init__(self) -> None:
        self._index: dict[_N, int] = {}
        self._nodes: list[_N] = []
        self._entities: list[Any] = []
        self._pred: list[Any] = []  # per node, its row of neighbours: a tuple (a list while a long one grows)
        self._succ: list[Any] = []
        self._any: set[tuple[_N, _N]] = set()
        self._edges = 0
        self._wide: dict[int, set[_N]] = {}  # while building: the successors of nodes with many, as sets

    # -- building

    def add_node(self, node: _N, entity: Any) -> None:
        if node in self._index:
            self._entities[self._index[node]] = entity
            return
        self._index[node] = len(self._nodes)
        self._nodes.append(node)
        self._entities.append(entity)
        self._pred.append(_NONE)
        self._succ.append(_NONE)

    def add_edge(self, before: _N, after: _N, any: bool = False) -> bool:
        """Add the edge ``before → after`` (both nodes known); False when it is there already."""
        i, j = self._index[before], self._index[after]
        before, after = self._nodes[i], self._nodes[j]  # the nodes as added: an equal tuple made for the call is let go
        wide = self._wide.get(i)
        if (after in wide) if wide is not None else (after in self._succ[i]):  # a long row has a set
            return False
        self._succ[i] = self._grown(self._succ[i], after)
        if wide is not None:
            wide.add(after)
        elif len(self._succ[i]) >= _WIDE:
            self._wide[i] = set(self._succ[i])
        self._pred[j] = self._grown(self._pred[j], before)
        if any:
            self._any.add((before, after))
        self._edges += 1
        return True

    @staticmethod
    def _grown(row: Any, node: _N) -> Any:
        """A short row is a tuple, copied to grow (most nodes have one or two neighbours); a long one a list."""
        if type(row) is list:
            row.append(node)
            return row
        if len(row) < _WIDE:
            return (*row, node)
        return [*row, node]

    def freeze(self) -> None:
        """Turn the long rows into tuples too: nothing can change the graph after this."""
        for rows in (self._pred, self._succ):
            for i, row in enumerate(rows):
                if type(row) is list:
                    rows[i] = tuple(row)
        self._wide = {}

    # -- reading

    def __contains__(self, node: object) -> bool:
        return node in self._index

    def __iter__(self) -> Iterator[_N]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    @property
    def edge_count(self) -> int:
        return self._edges

    def entity(self, node: _N) -> Any:
        return self._entities[self._index[node]]

    def pred(self, node: _N) -> tuple[_N, ...] | list[_N]:
        """The nodes with an edge to ``node``, in the order the edges were added."""
        return self._pred[self._index[node]]  # type: ignore[no-any-return]

    def succ(self, node: _N) -> tuple[_N, ...] | list[_N]:
        return self._succ[self._index[node]]  # type: ignore[no-any-return]

    def has_edge(self, before: _N, after: _N) -> bool:
        return before in self._index and after in self._succ[self._index[before]]

    def is_any(self, before: _N, after: _N) -> bool:
        """The edge is an ``after_any`` input: one of alternatives."""
        return (before, after) in self._any

    @property
    def has_alternatives(self) -> bool:
        return bool(self._any)

    def edges(self) -> Iterator[tuple[_N, _N]]:
        for node, successors in zip(self._nodes, self._succ, strict=True):
            for after in successors:
                yield node, after

    def descendants(self, node: _N) -> set[_N]:
        """Every node reachable from ``node``, itself excluded (as networkx's ``descendants``)."""
        found = self._walk([node], self._succ, include_seeds=False)
        found.discard(node)
        return found

    def ancestors_and(self, seeds: Iterable[_N]) -> set[_N]:
        """``seeds`` and every node from which one of them can be reached: one reverse pass."""
        return self._walk(seeds, self._pred, include_seeds=True)

    def _walk(self, seeds: Iterable[_N], adjacency: list[Any], include_seeds: bool) -> set[_N]:
        index = self._index
        start = list(seeds)
        seen: set[_N] = set(start) if include_seeds else set()
        queue = deque(start)
        while queue:
            for other in adjacency[index[queue.popleft()]]:
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        return seen

    def cyclic_components(self) -> list[set[_N]]:
        """The strongly connected components that hold a circle (two nodes or more, or a loop).

        Nodes with no circle upstream, then those with none downstream, are
        peeled off first; Tarjan's walk splits what is left, if anything, into
        its components.  Both are linear; the tests hold the answer to
        networkx's ``strongly_connected_components``.
        """
        count = len(self._nodes)
        left = [True] * count
        for adjacency, other in ((self._pred, self._succ), (self._succ, self._pred)):
            degree = [
                sum(1 for n in nodes if left[self._index[n]]) if left[i] else 0 for i, nodes in enumerate(adjacency)
            ]
            queue = deque(i for i in range(count) if left[i] and degree[i] == 0)
            while queue:
                i = queue.popleft()
                left[i] = False
                for n in other[i]:
                    j = self._index[n]
                    if left[j]:
                        degree[j] -= 1
                        if degree[j] == 0:
                            queue.append(j)
        index = self._index
        found: list[set[_N]] = []
        rest = [node for node, kept in zip(self._nodes, left, strict=True) if kept]
        for component in self.components(rest, follow=lambda node: left[index[node]]):
            if len(component) > 1 or component[0] in self.succ(component[0]):
                found.append(set(component))
        return found

    def components(
        self, seeds: Iterable[_N], upstream: bool = False, follow: Callable[[_N], bool] | None = None
    ) -> Iterator[list[_N]]:
        """The strongly connected components reached from ``seeds``, each as soon as it is finished.

        Along the edges, or against them when ``upstream``; only through the
        nodes ``follow`` accepts.  A component comes after every component it
        reaches.  Tarjan's walk, without recursion: a chain of 100,000 links is
        no deeper than one of two.
        """
        index = self._index
        rows = self._pred if upstream else self._succ
        order: dict[_N, int] = {}  # node → its number in the walk
        low: dict[_N, int] = {}  # node → the lowest number it reaches while on the stack
        stack: list[_N] = []  # the nodes of components not finished yet
        on_stack: set[_N] = set()
        for root in seeds:
            if root in order:
                continue
            order[root] = low[root] = len(order)
            stack.append(root)
            on_stack.add(root)
            work = [(root, iter(rows[index[root]]))]
            while work:
                node, nexts = work[-1]
                for other in nexts:
                    if follow is not None and not follow(other):
                        continue
                    if other not in order:  # deeper: this node's walk goes on when the other's is done
                        order[other] = low[other] = len(order)
                        stack.append(other)
                        on_stack.add(other)
                        work.append((other, iter(rows[index[other]])))
                        break
                    if other in on_stack and order[other] < low[node]:
                        low[node] = order[other]
                else:
                    work.pop()
                    if work and low[node] < low[work[-1][0]]:
                        low[work[-1][0]] = low[node]
                    if low[node] == order[node]:
                        at = len(stack) - 1
                        while stack[at] != node:
                            at -= 1
                        component = stack[at:]
                        del stack[at:]
                        on_stack.difference_update(component)
                        yield component


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
    # links → links that build on them → needs; an edge from an ``after_any`` entry is marked ``any``
    handoffs: Digraph[HandoffNode] = field(default_factory=Digraph)
    dependencies: Digraph[str] = field(default_factory=Digraph)  # service id → service ids it depends on

    def link_cycles(self) -> list[list[Link]]:
        """Strongly connected groups of links that hand on in a circle, in file order."""
        return self._cycles(self.handoffs, lambda node: node[0] == "link")

    def service_cycles(self) -> list[list[Service]]:
        return self._cycles(self.dependencies, lambda node: True)

    @staticmethod
    def _cycles(graph: Digraph[_N], keep: Callable[[_N], bool]) -> list[list[Any]]:
        groups: list[list[Any]] = []
        for component in graph.cyclic_components():
            nodes = [node for node in component if keep(node)]
            if len(nodes) > 1 or (nodes and graph.has_edge(nodes[0], nodes[0])):
                groups.append(sorted((graph.entity(node) for node in nodes), key=lambda e: e.seq))
        groups.sort(key=lambda group: group[0].seq)
        return groups

    def reaching(self, seeds: Iterable[HandoffNode]) -> set[HandoffNode]:
        """Every node from which one of ``seeds`` can be reached (seeds included): one reverse pass."""
        return self.handoffs.ancestors_and(seeds)


def build_graph(model: ChainModel) -> ChainGraph:
    graph = ChainGraph()
    handoffs, dependencies = graph.handoffs, graph.dependencies
    for service in model.services.values():
        dependencies.add_node(service.id, service)
        for need in service.needs.values():
            handoffs.add_node(("need", service.id, need.id), need)
        for link in service.links.values():
            handoffs.add_node(link_node(link), link)
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
                if before is not None:
                    handoffs.add_edge(link_node(before), node, any=True)
            for ref in link.delivers:
                if ref.value in service.needs:
                    handoffs.add_edge(node, ("need", service.id, ref.value))
    handoffs.freeze()
    dependencies.freeze()
    return graph
