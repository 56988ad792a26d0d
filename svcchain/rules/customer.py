"""SC3xx — customer: every customer need is delivered by the chain.

Control starts with knowing what the service is: what does the customer
really want, and is the chain able to deliver it?
"""

from __future__ import annotations

from collections.abc import Iterator

from svcchain.findings import Problem, Severity
from svcchain.rules import rule
from svcchain.rules.context import Context
from svcchain.rules.examples import MAIL, variant
from svcchain.suggestions import Budget, Suggester

_MAIL = (
    variant(
        MAIL,
        (
            "      needs: [{id: inbox, text: Mail arrives within a minute}]\n",
            "      name: Office staff\n"
            "      needs:\n"
            "        - {id: inbox, text: Mail arrives within a minute}\n"
            "        - {id: archive, text: Old mail can be found for seven years}\n",
        ),
    )
    + """\
      - id: keep
        owner: ops
        result: Every mail archived and retrievable for seven years
        measures: [{name: retrieval tests passed}]
        delivers: [archive]
"""
)


@rule(
    "SC301",
    "unmet-need",
    Severity.ERROR,
    "a customer need that no link delivers",
    """
    A need the customer has but no link delivers is a promise without a
    chain behind it: the customer will notice long before the organisation
    does.  Name the link that serves it in that link's `delivers`, or add the
    missing link.
    """,
    bad=variant(_MAIL, ("delivers: [archive]", "delivers: [inbox]")),
    good=_MAIL,
)
def unmet_need(ctx: Context) -> Iterator[Problem]:
    for service in ctx.model.services.values():
        if "links" in service.invalid or any("delivers" in link.invalid for link in service.links.values()):
            continue  # a 'delivers' or 'links' of the wrong type (SC002) may deliver any need
        delivered = {ref.value for link in service.links.values() for ref in link.delivers}
        for need in service.needs.values():
            if need.id not in delivered:
                yield Problem(
                    f"need '{need.id}' of the customer of service '{service.id}' is delivered by no link",
                    need.anchor,
                    fix="add it to the 'delivers:' of the link that serves it, or add that link",
                    service=service.id,
                    subject=f"need:{service.id}/{need.id}",
                )


@rule(
    "SC302",
    "unknown-need",
    Severity.ERROR,
    "`delivers` names a need the service's customer does not have",
    """
    `delivers` ties a link to what the customer wants.  A need id that the
    service's customer does not declare is a typo or a need that was
    dropped: the link looks useful while it serves nothing on record.
    """,
    bad=variant(
        _MAIL,
        ("delivers: [archive]", "delivers: [archief]"),
        ("        - {id: archive, text: Old mail can be found for seven years}\n", ""),
    ),
    good=_MAIL,
)
def unknown_need(ctx: Context) -> Iterator[Problem]:
    budget = Budget()  # shared by the services' needs: bounded however many services
    for service in ctx.model.services.values():
        if "customer" in service.invalid:
            continue  # the needs are unknown: the customer was of the wrong type (SC002)
        needs: Suggester | None = None  # the service's needs, made when first asked
        for link in service.links.values():
            for ref in link.delivers:
                if ref.value not in service.needs:
                    needs = needs or Suggester(service.needs, budget)
                    yield Problem(
                        f"link '{link.id}' of service '{service.id}' delivers '{ref.value}', which is not a "
                        f"need of the service's customer{needs.did_you_mean(ref.value)}",
                        ref.anchor,
                        fix="fix the id or add the need under 'customer: needs:'",
                        service=service.id,
                        link=link.id,
                        subject=f"delivers:{link.key}:{ref.value}",
                    )


@rule(
    "SC303",
    "no-customer",
    Severity.WARNING,
    "a service declares no customer needs",
    """
    It all starts with the customer.  A service that does not say who its
    customer is and what they really need cannot be checked end to end:
    nobody can tell whether the chain delivers anything that matters.
    """,
    bad=variant(
        MAIL,
        ("    customer:\n      needs: [{id: inbox, text: Mail arrives within a minute}]\n", ""),
        ("        delivers: [inbox]\n", ""),
    ),
    good=_MAIL,
)
def no_customer(ctx: Context) -> Iterator[Problem]:
    for service in ctx.model.services.values():
        if not service.needs and "customer" not in service.invalid:
            yield Problem(
                f"service '{service.id}' declares no customer needs",
                service.anchor,
                fix="add 'customer:' with 'needs:' - what does the customer really want from it?",
                service=service.id,
                subject=f"service:{service.id}",
            )


_REQUIREMENTS = """\
svcchain: 1
people: [{id: ann}, {id: bob}, {id: meg}]
teams:
  - {id: ops, members: [ann, bob], facilitator: meg}
services:
  - id: mail
    owner: meg
    customer:
      needs:
        - id: inbox
          text: Mail arrives within a minute
          requirements:
            - {id: fast, text: Delivered within 60 seconds}
            - {id: privacy, text: Mail is read by nobody else, kind: implicit, source: GDPR}
    links:
      - id: deliver
        owner: ops
        result: Mail delivered within a minute, encrypted in transit
        measures: [{name: delivery time, target: "< 60 s"}]
        delivers: [inbox]
        meets: [fast, privacy]
"""


@rule(
    "SC304",
    "unmet-requirement",
    Severity.WARNING,
    "a requirement of a customer need that no link of the service names in `meets`",
    """
    A customer need comes with requirements: the ones the customer states
    (explicit) and the ones the customer takes for granted (implicit: law,
    norms, common sense).  A requirement no link says it meets is one the
    chain may silently fail - the implicit ones most of all, because nobody
    asks for them until they are broken.  Each requirement is reported once,
    also when no link delivers its need at all.
    """,
    bad=variant(_REQUIREMENTS, ("meets: [fast, privacy]", "meets: [fast]")),
    good=_REQUIREMENTS,
)
def unmet_requirement(ctx: Context) -> Iterator[Problem]:
    for service in ctx.model.services.values():
        if not service.requirements:
            continue
        if "links" in service.invalid or any("meets" in link.invalid for link in service.links.values()):
            continue  # links or a 'meets' of the wrong type (SC002) may meet any of them
        met = {ref.value for link in service.links.values() for ref in link.meets}
        for requirement in service.requirements.values():
            if requirement.id not in met:
                yield Problem(
                    f"the {requirement.kind} requirement '{requirement.id}' of need '{requirement.need}' of "
                    f"service '{service.id}' is met by no link",
                    requirement.anchor,
                    fix=f"add '{requirement.id}' to the 'meets:' of the link that meets it, or add that link",
                    service=service.id,
                    requirement=requirement.id,
                    subject=f"requirement:{service.id}/{requirement.id}",
                )


@rule(
    "SC305",
    "unknown-requirement",
    Severity.ERROR,
    "`meets` names an id that is not a requirement of this service's customer needs",
    """
    `meets` ties a link to the requirements of its own service's customer
    needs.  An id that is not one of them is a typo, a requirement that was
    dropped, or one of another service: the link claims to meet something
    nobody asked of this chain.
    """,
    bad=variant(_REQUIREMENTS, ("meets: [fast, privacy]", "meets: [fast, privacy, speed]")),
    good=_REQUIREMENTS,
)
def unknown_requirement(ctx: Context) -> Iterator[Problem]:
    budget = Budget()  # shared by the services' requirements
    for service in ctx.model.services.values():
        if service.invalid & {"customer", "requirements"}:
            continue  # the requirements are unknown: a field of the wrong type (SC002)
        known: Suggester | None = None  # made when first asked
        for link in service.links.values():
            for ref in link.meets:
                if ref.value not in service.requirements:
                    known = known or Suggester(service.requirements, budget)
                    yield Problem(
                        f"link '{link.id}' of service '{service.id}' meets '{ref.value}', which is not a "
                        f"requirement of the service's customer needs{known.did_you_mean(ref.value)}",
                        ref.anchor,
                        fix="fix the id, or add the requirement under the need's 'requirements:'",
                        service=service.id,
                        link=link.id,
                        requirement=ref.value,
                        subject=f"meets:{link.key}:{ref.value}",
                    )
