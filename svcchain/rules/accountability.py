"""SC4xx — accountability: every link states its result and how it is measured.

Result responsibility means being able to account for the result: it must be
stated, and there must be a way to show it was delivered.
"""

from __future__ import annotations

from collections.abc import Iterator

from svcchain.findings import Problem, Severity
from svcchain.rules import rule
from svcchain.rules.context import Context
from svcchain.rules.examples import MAIL, variant


@rule(
    "SC401",
    "no-result",
    Severity.ERROR,
    "a link states no result",
    """
    Every link is result-responsible for its part of the chain, so the result
    must be written down: one sentence the owner can be held to and the next
    link can build on.  Without it, owner and customer each assume their own.
    """,
    bad=variant(MAIL, ("        result: Mail delivered within a minute\n", "")),
    good=MAIL,
)
def no_result(ctx: Context) -> Iterator[Problem]:
    for link in ctx.model.links():
        if link.result is None and "result" not in link.invalid:
            yield Problem(
                f"link '{link.id}' of service '{link.service}' states no result",
                link.anchor,
                fix="add 'result:' with the one sentence its owner is accountable for",
                service=link.service,
                link=link.id,
                subject=f"link:{link.key}",
            )


@rule(
    "SC402",
    "unmeasured-result",
    Severity.WARNING,
    "a link's result has no measures",
    """
    An owner must be able to account for the result.  Without a measure (and
    preferably a target) nobody can tell whether the result was delivered,
    and the conversation about it turns into opinions.
    """,
    bad=variant(MAIL, ('        measures: [{name: delivery time, target: "< 60 s"}]\n', "")),
    good=MAIL,
)
def unmeasured_result(ctx: Context) -> Iterator[Problem]:
    for link in ctx.model.links():
        if link.measures == 0 and "measures" not in link.invalid:
            yield Problem(
                f"link '{link.id}' of service '{link.service}' has no measures",
                link.anchor,
                fix="add 'measures:' with how its result is measured (a name and a target)",
                service=link.service,
                link=link.id,
                subject=f"link:{link.key}",
            )
