"""The chain graph's own digraph agrees with networkx on every graph hypothesis makes.

``svcchain.graph.Digraph`` keeps the chain graph in lists (a tenth of
networkx's memory); networkx is the oracle for what it answers: circles
(strongly connected components: svcchain's are Tarjan's, without
recursion), what lies downstream and upstream, the edges and their order.
"""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from svcchain.graph import Digraph

edges_strategy = st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), max_size=80)


def both(edges: list[tuple[int, int]], nodes: int = 25) -> tuple[Digraph[int], nx.DiGraph[int]]:
    ours: Digraph[int] = Digraph()
    theirs: nx.DiGraph[int] = nx.DiGraph()
    for node in range(nodes):
        ours.add_node(node, f"entity {node}")
        theirs.add_node(node)
    for before, after in edges:
        ours.add_edge(before, after)
        theirs.add_edge(before, after)
    ours.freeze()
    return ours, theirs


def cyclic(graph: nx.DiGraph[int]) -> list[frozenset[int]]:
    found = []
    for component in nx.strongly_connected_components(graph):
        node = next(iter(component))
        if len(component) > 1 or graph.has_edge(node, node):
            found.append(frozenset(component))
    return sorted(found, key=sorted)


@settings(max_examples=500, deadline=None)
@given(edges_strategy)
def test_circles_are_networkx_strongly_connected_components_with_a_circle(edges):
    ours, theirs = both(edges)
    assert sorted((frozenset(c) for c in ours.cyclic_components()), key=sorted) == cyclic(theirs)


@settings(max_examples=200, deadline=None)
@given(edges_strategy, st.integers(0, 24))
def test_downstream_and_upstream_are_networkx_descendants_and_ancestors(edges, node):
    ours, theirs = both(edges)
    assert ours.descendants(node) == nx.descendants(theirs, node)
    assert ours.ancestors_and([node]) == nx.ancestors(theirs, node) | {node}


@settings(max_examples=200, deadline=None)
@given(edges_strategy)
def test_edges_neighbours_and_their_order_are_networkx(edges):
    ours, theirs = both(edges)
    assert list(ours.edges()) == list(theirs.edges())
    assert ours.edge_count == theirs.number_of_edges()
    for node in theirs:
        assert list(ours.succ(node)) == list(theirs.succ[node])
        assert list(ours.pred(node)) == list(theirs.pred[node])
        assert ours.entity(node) == f"entity {node}"
    for before, after in edges:
        assert ours.has_edge(before, after)


def test_a_node_with_many_successors_keeps_each_edge_once():
    ours, theirs = both([(0, n % 20 + 1) for n in range(200)] + [(0, 0)], nodes=21)
    assert ours.edge_count == theirs.number_of_edges() == 21
    assert list(ours.succ(0)) == list(theirs.succ[0])


def test_an_input_among_alternatives_is_marked_and_the_first_mark_stays():
    graph: Digraph[str] = Digraph()
    for node in "abc":
        graph.add_node(node, node)
    assert graph.add_edge("a", "c")
    assert not graph.add_edge("a", "c", any=True)  # the edge is there already: ``after`` wins
    assert graph.add_edge("b", "c", any=True)
    assert not graph.is_any("a", "c")
    assert graph.is_any("b", "c")
    assert graph.has_alternatives


def test_circles_are_found_without_importing_networkx():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from svcchain.graph import Digraph\n"
        "def chain(circle):\n"
        "    g = Digraph()\n"
        "    [g.add_node(n, n) for n in range(1000)]\n"
        "    [g.add_edge(n, n + 1) for n in range(999)]\n"
        "    if circle:\n"
        "        g.add_edge(999, 0)\n"
        "    g.freeze()\n"
        "    return g.cyclic_components()\n"
        "assert chain(False) == []\n"
        "assert len(chain(True)[0]) == 1000\n"
        "assert 'networkx' not in sys.modules, 'networkx was imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_a_long_circle_is_walked_without_recursion():
    size = 20_000  # far past Python's recursion limit
    ours, theirs = both([(n, (n + 1) % size) for n in range(size)] + [(5, 5)], nodes=size)
    assert [len(c) for c in ours.cyclic_components()] == [size]
    assert sorted((frozenset(c) for c in ours.cyclic_components()), key=sorted) == cyclic(theirs)


@settings(max_examples=200, deadline=None)
@given(edges_strategy, st.booleans())
def test_every_component_comes_after_the_components_it_reaches(edges, upstream):
    ours, theirs = both(edges)
    found = list(ours.components(range(25), upstream=upstream))
    assert sorted(sorted(c) for c in found) == sorted(sorted(c) for c in nx.strongly_connected_components(theirs))
    place = {node: number for number, component in enumerate(found) for node in component}
    for before, after in theirs.edges():
        reached, reaching = (before, after) if upstream else (after, before)
        assert place[reached] <= place[reaching]


def test_a_walk_goes_only_through_the_nodes_it_may_follow():
    ours, _ = both([(0, 1), (1, 2), (2, 0), (0, 3)], nodes=4)
    assert [sorted(c) for c in ours.components([0], follow=lambda node: node != 2)] == [
        [1],
        [3],
        [0],
    ]  # 2 is not followed: no circle
