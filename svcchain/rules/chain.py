"""SC2xx — chain: handoffs connect the links, and the chain reaches the customer.

A service is a chain of links: each link builds on the results of earlier
links (``after``) and the chain ends at the customer's needs.  These rules
find handoffs to nowhere, circles, and links whose work reaches no customer.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcchain.chainmodel import Link
from svcchain.findings import Problem, Severity
from svcchain.graph import link_node, resolve_handoff
from svcchain.rules import rule
from svcchain.rules.context import Context
from svcchain.rules.examples import MAIL, variant
from svcchain.suggestions import Budget, Suggester

_CLEAN_TWO_LINKS = variant(
    MAIL,
    (
        "    links:\n",
        "    links:\n"
        "      - id: accept\n"
        "        owner: ops\n"
        "        result: Every incoming mail accepted or bounced\n"
        "        measures: [{name: acceptance rate}]\n",
    ),
    ("        delivers: [inbox]\n", "        after: [accept]\n        delivers: [inbox]\n"),
)


@rule(
    "SC201",
    "broken-handoff",
    Severity.ERROR,
    "`after` names a link that does not exist",
    """
    A handoff says "this link builds on the result of that one".  When the
    link it names does not exist - a typo, a renamed or removed link - the
    chain has a gap nobody sees: the work this link depends on has no owner
    in the model.  Within a service write `link-id`; across services write
    `service-id/link-id`.  Entries of `after_any` (alternative inputs) are
    checked the same way.
    """,
    bad=variant(_CLEAN_TWO_LINKS, ("after: [accept]", "after: [accept, sort]")),
    good=_CLEAN_TWO_LINKS,
)
def broken_handoff(ctx: Context) -> Iterator[Problem]:
    model = ctx.model
    services = Suggester(model.services)  # one for the run: shared by every broken handoff
    links: dict[str, Suggester] = {}  # service id → its links, made when first asked
    budget = Budget()  # shared by the services' links: bounded however many services

    def link_of(service_id: str, link_id: str) -> str:
        if service_id not in links:
            links[service_id] = Suggester(model.services[service_id].links, budget)
        return links[service_id].did_you_mean(link_id)

    for service in model.services.values():
        for link in service.links.values():
            for key, ref in link.handoff_refs():
                if resolve_handoff(model, service.id, ref) is not None:
                    continue
                value = ref.value
                if "/" in value:
                    other, _, link_id = value.partition("/")
                    target = model.services.get(other)
                    if target is None:
                        detail = f"there is no service '{other}'{services.did_you_mean(other)}"
                    else:
                        detail = f"service '{other}' has no link '{link_id}'{link_of(other, link_id)}"
                else:
                    detail = f"service '{service.id}' has no link '{value}'{link_of(service.id, value)}"
                yield Problem(
                    f"link '{link.id}' of service '{service.id}' builds on '{value}', but {detail}",
                    ref.anchor,
                    fix=f"fix the id in '{key}:' (write 'service-id/link-id' for a link of another service)",
                    service=service.id,
                    link=link.id,
                    subject=f"{key}:{link.key}:{value}",
                )


def _names(links: list[Link]) -> str:
    services = {link.service for link in links}
    names = [link.id if len(services) == 1 else link.key for link in links]
    return " → ".join(f"'{name}'" for name in names + names[:1])


@rule(
    "SC202",
    "chain-cycle",
    Severity.ERROR,
    "links hand their results on in a circle",
    """
    A chain runs from earlier links to later ones and ends at the customer.
    When links build on each other in a circle, none of them can start and
    nobody can say where the chain begins.  Every circle (strongly connected
    group of links) is reported once, at its first link in file order.
    """,
    bad=variant(
        _CLEAN_TWO_LINKS,
        ("measures: [{name: acceptance rate}]\n", "measures: [{name: acceptance rate}]\n        after: [deliver]\n"),
    ),
    good=_CLEAN_TWO_LINKS,
)
def chain_cycle(ctx: Context) -> Iterator[Problem]:
    for links in ctx.graph.link_cycles():
        first = links[0]
        if len(links) == 1:
            message = f"link '{first.id}' of service '{first.service}' builds on its own result"
            fix = "remove it from its own 'after:'"
        else:
            message = f"links of service '{first.service}' hand their results on in a circle: {_names(links)}"
            fix = "break the circle by removing one of these 'after:' (or 'after_any:') handoffs"
        yield Problem(
            message,
            first.anchor,
            fix=fix,
            service=first.service,
            link=first.id,
            subject="cycle:" + ",".join(sorted(link.key for link in links)),
        )


@rule(
    "SC203",
    "dead-end",
    Severity.WARNING,
    "a link whose result reaches no customer need, directly or through later links",
    """
    It all starts with the customer: every link exists to contribute to what
    the customer really wants.  A link whose result no need receives -
    directly through `delivers`, or through the links that build on it - is
    work without a customer: either a handoff is missing or the link is not
    needed.  Links of services that declare no needs are left to SC303.
    """,
    bad=variant(_CLEAN_TWO_LINKS, ("        after: [accept]\n", "")),
    good=_CLEAN_TWO_LINKS,
)
def dead_end(ctx: Context) -> Iterator[Problem]:
    model, graph = ctx.model, ctx.graph
    seeds = [link_node(link) for link in model.links() if link.delivers or "delivers" in link.invalid]
    alive = graph.reaching(seeds)
    for service in model.services.values():
        if not service.needs:
            continue
        if any(link.invalid & {"after", "after_any"} for link in service.links.values()):
            continue  # an 'after' of the wrong type (SC002) may build on any link here
        for link in service.links.values():
            if link_node(link) not in alive:
                yield Problem(
                    f"link '{link.id}' of service '{service.id}' is a dead end: its result reaches no customer need",
                    link.anchor,
                    fix="add 'delivers:' with the need it serves, or name it in the 'after:' of the link "
                    "that builds on it",
                    service=service.id,
                    link=link.id,
                    subject=f"link:{link.key}",
                )


_TWO_SERVICES = (
    variant(
        MAIL,
        ("    owner: meg\n", "    owner: meg\n    depends_on: [network]\n"),
    )
    + """\
  - id: network
    owner: meg
    customer:
      needs: [{id: connectivity, text: The office is online}]
    links:
      - id: lan
        owner: ops
        result: Office network available during business hours
        measures: [{name: availability, target: ">= 99.9%"}]
        delivers: [connectivity]
"""
)


@rule(
    "SC204",
    "unknown-service",
    Severity.ERROR,
    "`depends_on` names a service that does not exist",
    """
    A service that relies on another service inherits its weaknesses.  When
    `depends_on` names a service that is not defined, that dependency is
    invisible: nobody checks whether its chain is sound.  Define the service
    (even a small one) or fix the id.
    """,
    bad=variant(_TWO_SERVICES, ("depends_on: [network]", "depends_on: [netwerk]")),
    good=_TWO_SERVICES,
)
def unknown_service(ctx: Context) -> Iterator[Problem]:
    model = ctx.model
    services = Suggester(model.services)  # one for the run: shared by every unknown service
    for service in model.services.values():
        for ref in service.depends_on:
            if ref.value not in model.services:
                yield Problem(
                    f"service '{service.id}' depends on '{ref.value}', which is not a defined service"
                    f"{services.did_you_mean(ref.value)}",
                    ref.anchor,
                    fix="define that service or fix the id in 'depends_on:'",
                    service=service.id,
                    subject=f"depends:{service.id}:{ref.value}",
                )


@rule(
    "SC205",
    "service-cycle",
    Severity.ERROR,
    "services depend on each other in a circle",
    """
    When services depend on each other in a circle, an outage anywhere in
    the circle takes all of them down and none can be restored first.  Each
    circle (strongly connected group of services) is reported once, at its
    first service in file order.
    """,
    bad=variant(
        _TWO_SERVICES,
        ("  - id: network\n    owner: meg\n", "  - id: network\n    owner: meg\n    depends_on: [mail]\n"),
    ),
    good=_TWO_SERVICES,
)
def service_cycle(ctx: Context) -> Iterator[Problem]:
    for services in ctx.graph.service_cycles():
        first = services[0]
        if len(services) == 1:
            message = f"service '{first.id}' depends on itself"
            fix = "remove it from its own 'depends_on:'"
        else:
            names = " → ".join(f"'{s.id}'" for s in services + services[:1])
            message = f"services depend on each other in a circle: {names}"
            fix = "break the circle by removing one of these 'depends_on:' entries"
        yield Problem(
            message,
            first.anchor,
            fix=fix,
            service=first.id,
            subject="cycle:" + ",".join(sorted(s.id for s in services)),
        )
