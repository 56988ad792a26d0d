"""SC4xx — accountability: every link states its result, measures it, and looks at it again.

Result responsibility means being able to account for the result: it must be
stated, there must be a way to show it was delivered, and it is accounted for
over time - reviewed, and measured against its target.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from decimal import Decimal

from svcchain.chainmodel import Link, Service
from svcchain.findings import Anchor, Problem, Severity
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


@rule(
    "SC403",
    "stale-review",
    Severity.WARNING,
    "a link or service was last reviewed more than `review-every` days (default 365) before today",
    """
    Accounting for a result is not done once.  `reviewed_on` says when the
    owner last looked at the link's result and measures (or the service
    owner at the chain) with the people involved.  When that was longer ago
    than `review-every` days (365 by default), results and measures may no
    longer say what the customer needs today.  Links and services without
    `reviewed_on` are not reported.
    """,
    bad=variant(MAIL, ("        delivers: [inbox]\n", "        delivers: [inbox]\n        reviewed_on: 2025-01-15\n")),
    good=variant(MAIL, ("        delivers: [inbox]\n", "        delivers: [inbox]\n        reviewed_on: 2026-02-01\n")),
    today="2026-06-01",
)
def stale_review(ctx: Context) -> Iterator[Problem]:
    today, every = ctx.settings.today, ctx.settings.review_every
    for service in ctx.model.services.values():
        entities: list[tuple[Service | Link, str, str | None]] = [(service, f"service '{service.id}'", None)]
        entities += [(link, f"link '{link.id}' of service '{service.id}'", link.id) for link in service.links.values()]
        for entity, what, link_id in entities:
            day = entity.reviewed_on
            if day is None or (today - day).days <= every:
                continue
            key = f"link:{service.id}/{link_id}" if link_id else f"service:{service.id}"
            yield Problem(
                f"{what} was last reviewed on {day.isoformat()}, {(today - day).days} days ago "
                f"(more than the {every} of 'review-every')",
                Anchor(entity.origin, (*entity.path, "reviewed_on")),
                fix="review its result and measures with the owner, then update 'reviewed_on'",
                service=service.id,
                link=link_id,
                subject=key,
            )


_OPERATORS = (">=", "<=", "≥", "≤", ">", "<", "=")  # two-character ones first
_NUMBER = re.compile(r"[-+]?[0-9]+(?:[.,][0-9]+)?")
_UNIT = re.compile(r"%|[^\W\d_]+")  # '%' or a word
_COMPARE = {
    ">=": operator.ge,
    "≥": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "≤": operator.le,
    "<": operator.lt,
    "=": operator.eq,
}


def _number_and_unit(text: str) -> tuple[Decimal, str, str] | None:
    """``NUMBER UNIT`` at the start of ``text`` (spaces allowed between): the number, the unit, the rest.

    Read left to right with anchored matches that cannot backtrack across
    each other, so no input costs more than one pass.
    """
    number = _NUMBER.match(text)
    if number is None:
        return None
    value = Decimal(number.group().replace(",", "."))
    rest = text[number.end() :].lstrip()
    unit = _UNIT.match(rest)
    if unit is None:
        return value, "", rest
    return value, unit.group(), rest[unit.end() :].lstrip()


def target_met(target: str, actual: str) -> bool | None:
    """Whether ``actual`` meets ``target``; None when either does not read so or the units differ.

    ``target`` reads ``OP NUMBER UNIT REST`` (">= 99.9% per month"), ``actual``
    ``NUMBER UNIT`` ("99.95%"): a comma works as the decimal mark, the unit is
    '%', a word or nothing.
    """
    wanted = target.strip()
    op = next((op for op in _OPERATORS if wanted.startswith(op)), None)
    if op is None:
        return None
    goal = _number_and_unit(wanted[len(op) :].lstrip())
    got = _number_and_unit(actual.strip())
    if goal is None or got is None or got[2]:  # an actual is a number and a unit, nothing more
        return None
    if goal[1] != got[1]:
        return None
    return bool(_COMPARE[op](got[0], goal[0]))


_MEASURED = variant(
    MAIL,
    (
        '        measures: [{name: delivery time, target: "< 60 s"}]\n',
        '        measures: [{name: delivery time, target: "< 60 s", actual: 42 s, measured_on: 2026-05-31}]\n',
    ),
)


@rule(
    "SC404",
    "target-missed",
    Severity.WARNING,
    "a measure's `actual` does not meet its `target`",
    """
    A measure with a target and an actual value says whether the result was
    delivered.  When the last measured value misses the target, the owner
    has something to account for: what happened, and what is done about
    it.  The target reads `OP NUMBER UNIT REST` (`>= 99.9% per month`,
    `< 60 s`), the actual `NUMBER UNIT` (`99.2%`, `75 s`); a comma works as
    the decimal mark.  When either does not read so, or the units differ,
    nothing is reported.
    """,
    bad=variant(_MEASURED, ("actual: 42 s", "actual: 75 s")),
    good=_MEASURED,
)
def target_missed(ctx: Context) -> Iterator[Problem]:
    for link in ctx.model.links():
        for measure in link.measure_list:
            if measure.target is None or measure.actual is None:
                continue
            if target_met(measure.target, measure.actual) is not False:
                continue
            when = f" (measured on {measure.measured_on.isoformat()})" if measure.measured_on else ""
            yield Problem(
                f"measure '{measure.name}' of link '{link.id}' of service '{link.service}' missed its target: "
                f"actual '{measure.actual}'{when} does not meet target '{measure.target}'",
                Anchor(link.origin, (*measure.path, "actual")),
                fix="agree with the owner what is done about the gap (or update 'actual' if it is out of date)",
                service=link.service,
                link=link.id,
                subject=f"measure:{link.key}:{measure.name}",
            )
