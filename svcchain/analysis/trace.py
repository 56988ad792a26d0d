"""Traces: the delivering paths of each customer need, and the weakest hop on each."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from svcchain.analysis.owners import OwnersAnalysis, OwnerStatus
from svcchain.findings import Finding
from svcchain.selectors import Severity

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Need, Service


#: How many delivering paths ``trace`` lists per need before it says "and more".
DEFAULT_MAX_PATHS = 10
#: Search steps per need; keeps a dense graph from taking forever.
PATH_SEARCH_BUDGET = 20_000
#: Hops a view shows of one path; a longer one keeps its first and last hops and its weakest one.
MAX_SHOWN_HOPS = 12
SHOWN_AT_EACH_END = 3
#: What the views say of a need none of whose delivering links is delivered as impact reads it.
NOT_OWNED = "no delivering link is delivered: each builds, itself included, on a link nobody answers for"


@dataclass(frozen=True)
class Issue:
    """A weakness of one hop: a finding of the check about its link or about the link's owner."""

    code: str  # the rule code of the finding
    text: str  # the finding's message: what is wrong
    weight: int  # how much it weakens the hop (by severity)
    about: str = "link"  # "link" or "owner"


#: How much a finding weakens a hop, by its severity.
ISSUE_WEIGHT = {Severity.ERROR: 5, Severity.WARNING: 2, Severity.INFO: 1}


def issue_of(finding: Finding, about: str) -> Issue:
    return Issue(finding.rule, finding.message, ISSUE_WEIGHT[finding.severity], about)


@dataclass(frozen=True)
class Hop:
    link: Link
    owner: OwnerStatus
    issues: tuple[Issue, ...]
    unowned: bool = False  # the check says nobody answers for this link (see OwnersAnalysis.unowned)

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
        """The check says nobody answers for one of the links on this path."""
        return any(hop.unowned for hop in self.hops)


def shown_hops(path: ChainPath) -> list[tuple[int, Hop] | int]:
    """The hops a view shows, as (index, hop); an int stands for that many hops left out.

    A path of up to ``MAX_SHOWN_HOPS`` hops is shown whole; of a longer one the
    first and last ``SHOWN_AT_EACH_END`` hops and the weakest hop.
    """
    count = len(path.hops)
    if count <= MAX_SHOWN_HOPS:
        return list(enumerate(path.hops))
    keep = set(range(SHOWN_AT_EACH_END)) | set(range(count - SHOWN_AT_EACH_END, count))
    if path.weakest is not None:
        keep.add(path.weakest)
    shown: list[tuple[int, Hop] | int] = []
    previous = -1
    for index in sorted(keep):
        if index - previous > 1:
            shown.append(index - previous - 1)
        shown.append((index, path.hops[index]))
        previous = index
    return shown


@dataclass(frozen=True)
class NeedTrace:
    service: Service
    need: Need
    delivering: tuple[Link, ...]
    paths: tuple[ChainPath, ...]
    more: bool = False  # more paths exist than are listed
    owned: bool = True  # a delivering link is delivered in impact's sense (see ``fully_owned``)
    same_as: Need | None = None  # an earlier need of the service with the same delivering links and paths

    @property
    def delivered(self) -> bool:
        return bool(self.delivering)

    @property
    def fully_owned(self) -> bool:
        """A delivering link is *delivered* as impact reads it: no link upstream of it, itself
        included, is one the check calls unowned (``ImpactAnalysis``: all inputs needed)."""
        return self.owned


class TraceAnalysis(OwnersAnalysis):
    """Delivering paths of needs, hop by hop."""

    def link_issues(self, link: Link) -> tuple[Issue, ...]:
        """What weakens a link as a hop: the check's findings about the link, then about its owner."""
        cache: dict[str, tuple[Issue, ...]] = self._once("issues", dict)
        found: tuple[Issue, ...] | None = cache.get(link.key)
        if found is None:
            owner = link.owner.value if link.owner is not None else None
            found = tuple(
                [issue_of(finding, "link") for finding in self.link_findings(link)]
                + [issue_of(finding, "owner") for finding in self.owner_entity_findings(owner)]
            )
            cache[link.key] = found
        return found

    def hop(self, link: Link) -> Hop:
        cache: dict[str, Hop] = self._once("hops", dict)
        found = cache.get(link.key)
        if found is None:
            found = cache[link.key] = Hop(link, self.link_owner(link), self.link_issues(link), self.unowned(link))
        return found

    # ------------------------------------------------------------ delivered

    def _unowned_nodes(self) -> set[Any]:
        """Link nodes the check says nobody answers for today (see ``unowned``)."""
        from svcchain.graph import link_node

        return self._once("unowned", lambda: {link_node(link) for link in self.model.links() if self.unowned(link)})

    def _propagate(self, seeds: Iterable[Any], cut_before: set[Any] | frozenset[Any] = frozenset()) -> set[Any]:
        """``seeds`` and every link they stop: the links not delivered once ``seeds`` are not.

        A link needs each of its ``after`` inputs and, when it has ``after_any``
        inputs, one of those (edges marked ``any``).  So a link stops when an
        ``after`` input stops, or when the last of its ``after_any`` inputs
        delivered before stops.  ``cut_before``: links not delivered already
        (never entered, and not counted as ``after_any`` inputs).  One walk:
        each edge is looked at once.
        """
        handoffs = self.graph.handoffs
        succ, pred = handoffs.succ, handoffs.pred
        cut = set(seeds)
        queue = deque(cut)
        alternatives: dict[Any, int] = {}  # link → its after_any inputs still delivered
        while queue:
            node = queue.popleft()
            for after in succ(node):
                if after[0] != "link" or after in cut or after in cut_before:
                    continue
                if handoffs.is_any(node, after):
                    left = alternatives.get(after)
                    if left is None:
                        # every input counted here is taken off once, when the walk leaves it
                        left = sum(
                            1 for other in pred(after) if handoffs.is_any(other, after) and other not in cut_before
                        )
                    left -= 1
                    alternatives[after] = left
                    if left > 0:
                        continue
                cut.add(after)
                queue.append(after)
        return cut

    def _undelivered(self) -> set[Any]:
        """Link nodes not delivered today (see ``ImpactAnalysis``): the links without an owner and
        every link they stop."""
        return self._once("undelivered", lambda: self._propagate(self._unowned_nodes()))

    # ----------------------------------------------------------------- traces

    def _sorted_pred(self, node: Any) -> list[Any]:
        cache: dict[Any, list[Any]] = self._once("sorted_pred", dict)
        if node not in cache:
            handoffs = self.graph.handoffs
            cache[node] = sorted(handoffs.pred(node), key=lambda other: handoffs.entity(other).seq)
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

        delivering = self.delivering_links(service, need)
        # needs delivered by the same links share one walk: the first need traced is referred to
        shared: dict[tuple[Any, ...], NeedTrace] = self._once("shared_traces", dict)
        key = (service.id, max_paths, budget, *(link.key for link in delivering))
        earlier = shared.get(key) if delivering else None
        if earlier is not None and earlier.need is not need:
            return NeedTrace(
                service, need, earlier.delivering, earlier.paths, earlier.more, earlier.owned, earlier.need
            )
        handoffs = self.graph.handoffs
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
                    cycle = top[1] == service.id and bool(self.graph.handoffs.pred(top))
                    found.append(ChainPath(tuple(self.hop(handoffs.entity(node)) for node in reversed(path)), cycle))
                stack.pop()
                extended.pop()
                on_path.discard(path.pop())
        undelivered = self._undelivered()
        owned = any(link_node(link) not in undelivered for link in delivering)
        traced = NeedTrace(service, need, tuple(delivering), tuple(found), more, owned)
        if delivering:
            shared[key] = traced
        return traced

    def traces(self, service: Service, max_paths: int = DEFAULT_MAX_PATHS) -> list[NeedTrace]:
        return [self.trace(service, need, max_paths) for need in service.needs.values()]
