"""Handoff order: the links of a service in the order their results are handed on."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

from svcchain.analysis.health import FindingsAnalysis

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Need, Service


class OrderAnalysis(FindingsAnalysis):
    """The order of a service's links and its neighbours along the chain."""

    def handoff_order(self, service: Service) -> list[Link]:
        """The service's links, each after the links of the service it builds on (see module doc)."""
        cache: dict[str, list[Link]] = self._once("order", dict)
        if service.id not in cache:
            cache[service.id] = self._order(service)[0]
        return cache[service.id]

    def depths(self, service: Service) -> dict[str, int]:
        """Link id → handoff depth within the service (0 for a link that builds on none of its links)."""
        cache: dict[str, dict[str, int]] = self._once("depths", dict)
        if service.id not in cache:
            cache[service.id] = self._order(service)[1]
        return cache[service.id]

    def _order(self, service: Service) -> tuple[list[Link], dict[str, int]]:
        from svcchain.graph import link_node

        handoffs = self.graph.handoffs
        links = list(service.links.values())
        inside: dict[Any, Link] = {link_node(link): link for link in links}
        waiting = {link.id: 0 for link in links}
        for node, link in inside.items():
            waiting[link.id] = sum(1 for before in handoffs.pred(node) if before in inside and before != node)
        ready = [(link.seq, link.id) for link in links if waiting[link.id] == 0]
        heapq.heapify(ready)
        placed: dict[str, int] = {}  # link id → depth
        order: list[Link] = []
        by_seq = sorted(links, key=lambda link: link.seq)
        next_unplaced = 0
        while len(order) < len(links):
            if ready:
                _, link_id = heapq.heappop(ready)
                if link_id in placed:
                    continue
                link = service.links[link_id]
            else:  # only circles are left: break the first one in file order
                while by_seq[next_unplaced].id in placed:
                    next_unplaced += 1
                link = by_seq[next_unplaced]
            node = link_node(link)
            depth = 0
            for before in handoffs.pred(node):
                if before in inside and inside[before].id in placed:
                    depth = max(depth, placed[inside[before].id] + 1)
            placed[link.id] = depth
            order.append(link)
            for after in handoffs.succ(node):
                follower = inside.get(after)
                if follower is None or follower.id in placed:
                    continue
                waiting[follower.id] -= 1
                if waiting[follower.id] == 0:
                    heapq.heappush(ready, (follower.seq, follower.id))
        return order, placed

    def upstream_links(self, service: Service) -> list[Link]:
        """Links of other services that hand their result on to this service's links (file order)."""
        from svcchain.graph import link_node

        found: dict[str, Link] = {}
        for link in service.links.values():
            for before in self.graph.handoffs.pred(link_node(link)):
                entity = self.graph.handoffs.entity(before)
                if before[0] == "link" and entity.service != service.id:
                    found.setdefault(entity.key, entity)
        return sorted(found.values(), key=lambda link: link.seq)

    def downstream_links(self, service: Service) -> list[Link]:
        """Links of other services that build on this service's links (file order)."""
        from svcchain.graph import link_node

        found: dict[str, Link] = {}
        for link in service.links.values():
            for after in self.graph.handoffs.succ(link_node(link)):
                entity = self.graph.handoffs.entity(after)
                if after[0] == "link" and entity.service != service.id:
                    found.setdefault(entity.key, entity)
        return sorted(found.values(), key=lambda link: link.seq)

    def resolved_after(self, link: Link) -> list[Link]:
        """The links this link builds on, as far as they exist (file order of ``after``)."""
        from svcchain.graph import resolve_handoff

        found = []
        for ref in link.after:
            before = resolve_handoff(self.model, link.service, ref)
            if before is not None and before not in found:
                found.append(before)
        return found

    def delivering_links(self, service: Service, need: Need) -> list[Link]:
        pred = self.graph.handoffs.pred(("need", service.id, need.id))
        links = [self.graph.handoffs.entity(node) for node in pred]
        return sorted(links, key=lambda link: link.seq)
