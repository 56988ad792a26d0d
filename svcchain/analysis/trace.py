"""Traces: the delivering paths of each customer need, and the weakest hop on each."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from svcchain.analysis.order import OrderAnalysis
from svcchain.analysis.owners import OwnerStatus

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Need, Service


#: How many delivering paths ``trace`` lists per need before it says "and more".
DEFAULT_MAX_PATHS = 10
#: Search steps per need; keeps a dense graph from taking forever.
PATH_SEARCH_BUDGET = 20_000


@dataclass(frozen=True)
class Issue:
    """A weakness of one link as a hop of a chain."""

    code: str  # missing-owner, unknown-owner, empty-team, single-person, overloaded, no-result, no-measure
    text: str
    weight: int


ISSUE_WEIGHT = {
    "missing-owner": 5,
    "unknown-owner": 5,
    "empty-team": 5,
    "single-person": 3,
    "no-result": 2,
    "overloaded": 2,
    "no-measure": 1,
}


@dataclass(frozen=True)
class Hop:
    link: Link
    owner: OwnerStatus
    issues: tuple[Issue, ...]

    @cached_property
    def weakness(self) -> int:
        return sum(issue.weight for issue in self.issues)


@dataclass(frozen=True)
class ChainPath:
    """One delivering path, upstream first; ``cycle`` when it was cut at a circle of handoffs."""

    hops: tuple[Hop, ...]
    cycle: bool = False

    @cached_property
    def weakest(self) -> int | None:
        """Index of the weakest hop (most serious issues; the upstream one on a tie), if any is weak."""
        best, best_index = 0, None
        for index, hop in enumerate(self.hops):
            if hop.weakness > best:
                best, best_index = hop.weakness, index
        return best_index

    @property
    def gap(self) -> bool:
        """A hop on this path has no effective owner."""
        return any(not hop.owner.effective for hop in self.hops)


@dataclass(frozen=True)
class NeedTrace:
    service: Service
    need: Need
    delivering: tuple[Link, ...]
    paths: tuple[ChainPath, ...]
    more: bool = False  # more paths exist than are listed

    @property
    def delivered(self) -> bool:
        return bool(self.delivering)

    @property
    def fully_owned(self) -> bool:
        """At least one listed path has an effective owner at every hop."""
        return any(not path.gap for path in self.paths)


class TraceAnalysis(OrderAnalysis):
    """Delivering paths of needs, hop by hop."""

    def link_issues(self, link: Link) -> tuple[Issue, ...]:
        cache = self._once("issues", dict)
        key = link.key
        if key in cache:
            return cache[key]
        issues: list[Issue] = []
        owner = self.link_owner(link)
        if owner.kind == "missing":
            issues.append(Issue("missing-owner", "no owner", ISSUE_WEIGHT["missing-owner"]))
        elif owner.kind == "unknown":
            issues.append(
                Issue(
                    "unknown-owner",
                    f"owner '{owner.id}' is not a declared person or team",
                    ISSUE_WEIGHT["unknown-owner"],
                )
            )
        elif owner.kind == "team" and not owner.members:
            issues.append(Issue("empty-team", f"team '{owner.id}' has no members", ISSUE_WEIGHT["empty-team"]))
        elif owner.kind == "person":
            issues.append(Issue("single-person", f"rests on one person: '{owner.id}'", ISSUE_WEIGHT["single-person"]))
        elif owner.kind == "team" and len(owner.members) == 1:
            issues.append(
                Issue(
                    "single-person",
                    f"rests on one person: team '{owner.id}' has only '{owner.members[0]}'",
                    ISSUE_WEIGHT["single-person"],
                )
            )
        if owner.id is not None and owner.kind in ("person", "team"):
            held = self.direct_link_counts()[owner.id]
            if held > self.max_links_per_owner:
                issues.append(
                    Issue(
                        "overloaded",
                        f"'{owner.id}' holds {held} links (limit {self.max_links_per_owner})",
                        ISSUE_WEIGHT["overloaded"],
                    )
                )
        if link.result is None:
            issues.append(Issue("no-result", "states no result", ISSUE_WEIGHT["no-result"]))
        if link.measures == 0:
            issues.append(Issue("no-measure", "no measure", ISSUE_WEIGHT["no-measure"]))
        result = tuple(issues)
        cache[key] = result
        return result

    def hop(self, link: Link) -> Hop:
        cache = self._once("hops", dict)
        found = cache.get(link.key)
        if found is None:
            found = cache[link.key] = Hop(link, self.link_owner(link), self.link_issues(link))
        return found

    # ----------------------------------------------------------------- traces

    def _sorted_pred(self, node: Any) -> list[Any]:
        cache = self._once("sorted_pred", dict)
        if node not in cache:
            handoffs = self.graph.handoffs
            cache[node] = sorted(handoffs.pred[node], key=lambda other: handoffs.nodes[other]["entity"].seq)
        return cache[node]

    def trace(
        self, service: Service, need: Need, max_paths: int = DEFAULT_MAX_PATHS, budget: int = PATH_SEARCH_BUDGET
    ) -> NeedTrace:
        """The delivering paths of one need, at most ``max_paths`` of them.

        A depth-first walk backwards along ``after`` from each delivering link.
        A path starts at a link of the service that builds on no other link,
        at the link of another service that hands on into the service (its
        own chain is that service's trace), or where every earlier link is
        already on the path (a circle).  Every branch of the walk ends in a
        path, so the work is bounded by ``max_paths`` times the length of a
        path; ``budget`` steps stop a dense graph once a path has been found.
        """
        from svcchain.graph import link_node

        nodes = self.graph.handoffs.nodes
        delivering = self.delivering_links(service, need)
        found: list[ChainPath] = []
        more = False
        steps = 0
        for last in delivering:
            if more:
                break
            end = link_node(last)
            path: list[Any] = [end]
            on_path = {end}
            stack = [iter(self._sorted_pred(end))]
            extended = [False]
            while stack:
                before = next((node for node in stack[-1] if node not in on_path), None)
                if before is not None:
                    steps += 1  # count the steps forward: every step back undoes one
                    if steps > budget and found:
                        more = True
                        break
                    extended[-1] = True
                    path.append(before)
                    on_path.add(before)
                    # the walk enters from another service at its handoff link and goes no further
                    stack.append(iter(self._sorted_pred(before) if before[1] == service.id else ()))
                    extended.append(False)
                    continue
                if not extended[-1]:  # nothing earlier to walk to: a full path
                    if len(found) == max_paths:
                        more = True
                        break
                    top = path[-1]
                    cycle = top[1] == service.id and bool(self.graph.handoffs.pred[top])
                    found.append(ChainPath(tuple(self.hop(nodes[node]["entity"]) for node in reversed(path)), cycle))
                stack.pop()
                extended.pop()
                on_path.discard(path.pop())
        return NeedTrace(service, need, tuple(delivering), tuple(found), more)

    def traces(self, service: Service, max_paths: int = DEFAULT_MAX_PATHS) -> list[NeedTrace]:
        return [self.trace(service, need, max_paths) for need in service.needs.values()]
