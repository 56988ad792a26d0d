"""Single points of failure for everyone at once: one pass over the links, not one walk per need.

A need delivered today is at risk from a person's absence exactly when
every delivering link delivered today has one of the person's lost links
upstream of it (itself included); without alternatives (``after_any``)
nothing else can keep a link going.  So what matters of each link is which
people have a lost link upstream of it: a bit per person, carried down the
handoffs in one pass (``upstream_masks``).  A link that adds nobody shares
its input's mask, so a long chain costs a step per link, and links in a
circle share theirs: each builds on all the others.  The lost links of a
person who hits a need are then read off a second such pass, with a bit
per lost link, and only for people with more than one lost link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import reduce
from typing import Any, Protocol


class Handoffs(Protocol):
    """What the pass reads of the handoff graph (``svcchain.graph.Digraph``)."""

    def pred(self, node: Any) -> Sequence[Any]: ...

    def succ(self, node: Any) -> Sequence[Any]: ...

    def components(
        self, seeds: Iterable[Any], upstream: bool = False, follow: Callable[[Any], bool] | None = None
    ) -> Iterable[list[Any]]: ...


def _bits(mask: int) -> Iterable[int]:
    """The positions of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


def upstream_masks(handoffs: Handoffs, labels: Mapping[Any, int], wanted: Iterable[Any]) -> dict[Any, int]:
    """For each link node of ``wanted``: the OR of the ``labels`` of it and of every link upstream of it.

    One depth-first walk backwards from ``wanted`` (the graph's strongly
    connected components, ``Digraph.components``): a component is finished
    after every component upstream of it, so its mask is the OR of its
    links' labels and of the masks of the links outside it that it builds
    on.  A mask equal to one of those is that very object (a chain shares
    one), and a mask is dropped once every link that builds on it has read
    it, unless it is wanted.  Linear in the links and handoffs upstream of
    ``wanted``, times the words of a mask.
    """
    pred, succ = handoffs.pred, handoffs.succ
    keep = dict.fromkeys(wanted)
    mask: dict[Any, int] = {}
    unread: dict[Any, int] = {}  # node → the links after it that have not read its mask yet
    for component in handoffs.components(keep, upstream=True, follow=_is_link):
        _finish(component, pred, succ, labels, mask, unread, keep)
    return {node: mask[node] for node in keep}


def _is_link(node: Any) -> bool:
    return bool(node[0] == "link")


def _finish(
    component: list[Any],
    pred: Callable[[Any], Sequence[Any]],
    succ: Callable[[Any], Sequence[Any]],
    labels: Mapping[Any, int],
    mask: dict[Any, int],
    unread: dict[Any, int],
    keep: Mapping[Any, None],
) -> None:
    """Give a finished component (every component upstream of it has its mask) its mask."""
    inside = set(component) if len(component) > 1 else None
    found = 0
    for node in component:
        label = labels.get(node, 0)
        if label:
            found = label if not found else found | label
        for before in pred(node):
            if before[0] != "link" or before == node or (inside is not None and before in inside):
                continue
            other = mask[before]
            if other and other is not found:
                if not found:
                    found = other
                else:
                    both = found | other
                    if both != found:
                        found = other if both == other else both
    for node in component:
        mask[node] = found
        unread[node] = sum(1 for after in succ(node) if after[0] == "link")
    for node in component:
        for before in pred(node):
            if before[0] == "link":
                left = unread[before] - 1
                unread[before] = left
                if not left and before not in keep:
                    del mask[before]


def risks_of_groups(
    handoffs: Handoffs, groups: Mapping[frozenset[Any], list[Any]], lost_by_person: Mapping[str, Iterable[Any]]
) -> dict[str, list[tuple[Any, tuple[Any, ...]]]]:
    """For each person whose lost links (``lost_by_person``) put a group of needs at risk: those needs.

    ``groups``: the delivering links delivered today of needs → the need
    nodes they deliver.  A person puts a group at risk when each of its
    links has one of their lost links upstream (itself included); each
    need of the group is then listed with those lost links, the ones
    upstream of one of the group's links.  For a graph without
    alternatives (``after_any``), and people whose lost links are
    delivered today.
    """
    people = list(lost_by_person)
    lost_of = [dict.fromkeys(lost_by_person[person]) for person in people]
    labels: dict[Any, int] = {}
    for number, lost in enumerate(lost_of):
        for node in lost:
            labels[node] = labels.get(node, 0) | (1 << number)
    wanted = dict.fromkeys(link for delivering in groups for link in delivering)
    reach = upstream_masks(handoffs, labels, wanted)
    hits: list[tuple[frozenset[Any], int]] = []
    for delivering in groups:
        hit = reduce(int.__and__, (reach[link] for link in delivering))
        if hit:
            hits.append((delivering, hit))
    # the lost links upstream of a group: a second pass, one bit per lost link of the people
    # who hit a group and have more than one lost link (the only one of anyone else is it)
    several = reduce(int.__or__, (hit for _, hit in hits), 0)
    several = sum(1 << number for number in _bits(several) if len(lost_of[number]) > 1)
    node_bit: dict[Any, int] = {}
    for number in _bits(several):
        for node in lost_of[number]:
            node_bit.setdefault(node, len(node_bit))
    lost_reach: dict[Any, int] = {}
    if several:
        labels = {node: 1 << bit for node, bit in node_bit.items()}
        wanted = dict.fromkeys(link for delivering, hit in hits if hit & several for link in delivering)
        lost_reach = upstream_masks(handoffs, labels, wanted)
    # a need's lost links are a tuple, shared by the needs of a group (and, of one lost link, by all)
    found: list[list[tuple[Any, tuple[Any, ...]]]] = [[] for _ in people]
    only = [tuple(lost) if len(lost) == 1 else () for lost in lost_of]
    for delivering, hit in hits:
        need_nodes = groups[delivering]
        upstream = reduce(int.__or__, (lost_reach[link] for link in delivering)) if hit & several else 0
        for number in _bits(hit):
            lost_here = only[number] or tuple(node for node in lost_of[number] if upstream >> node_bit[node] & 1)
            found[number].extend([(need_node, lost_here) for need_node in need_nodes])
    return {person: entries for person, entries in zip(people, found, strict=True) if entries}
