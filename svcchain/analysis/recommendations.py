"""The report's recommendations: the check's findings and the single points of failure, for managers.

Each recommendation is one thing a manager can do, grouped by what it is
about (``gaps.GROUPS``) and ordered by how serious the findings behind it
are and by how many customer needs it touches.  A recommendation carries the
findings it stands for, so the report can list them (file and line) in its
appendix.  The single points of failure come from ``impact``; a person's
departures (SC108, SC109 at every reference to them) become one
recommendation per person; the SC105 of a link that a single point of
failure carries is part of that person's recommendation.  Format and syntax
problems (SC0xx) are data quality, not recommendations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from svcchain.analysis.gaps import GROUPS, WHY, NeedKey, Words, action_and_why, departure, group_of
from svcchain.selectors import Severity

if TYPE_CHECKING:
    from svcchain.analysis import Analysis, Impact
    from svcchain.findings import Finding
    from svcchain.suppress import Directive

#: How urgent a recommendation is, from the severity of its findings.
RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}
PRIORITY = {3: "high", 2: "medium", 1: "low"}
#: A single point of failure puts customer needs at risk: as urgent as an error.
SPOF_RANK = 3
SPOF_WHY = "When {who} is ill, on leave or gone, nobody takes over their steps, and the customer needs they carry stop."


@dataclass(frozen=True)
class Recommendation:
    """One thing to do, for the people who can do it."""

    group: str  # one of gaps.GROUPS
    rank: int  # 3 high, 2 medium, 1 low
    action: str  # what to do, in plain words
    why: str  # why it matters for the customer
    service: str | None  # the service it is about, when one
    needs: tuple[NeedKey, ...]  # the customer needs it touches
    findings: tuple[Finding, ...]  # the findings it stands for (the appendix lists them)
    order: int  # file order of its first finding (ties)
    kind: str = "finding"  # "finding", "departure" or "single point of failure"

    @property
    def priority(self) -> str:
        return PRIORITY[self.rank]

    def sort_key(self) -> tuple[int, int, int]:
        return (-self.rank, -len(self.needs), self.order)


def _rank(findings: list[Finding]) -> int:
    return max((RANK[finding.severity] for finding in findings), default=1)


def _spof(words: Words, impact: Impact, merged: list[Finding], order: int, accepted: dict[str, str]) -> Recommendation:
    who = words.person(impact.owner)
    why = SPOF_WHY.format(who=who)
    for lost in impact.lost_links:
        if lost.link.key in accepted:
            reason = accepted[lost.link.key]
            why += f" An exception is accepted for {words.link(lost.link.service, lost.link.id)}" + (
                f": “{reason}”." if reason else "."
            )
    links = ", ".join(words.link(lost.link.service, lost.link.id) for lost in impact.lost_links)
    needs = tuple(dict.fromkeys((risk.service.id, risk.need.id) for risk in impact.needs_at_risk))
    services = {risk.service.id for risk in impact.needs_at_risk}
    return Recommendation(
        "safety net",
        SPOF_RANK,
        f"Name a deputy for what {who} carries alone: {links}",
        why,
        next(iter(services)) if len(services) == 1 else None,
        needs,
        tuple(merged),
        order,
        "single point of failure",
    )


def _departure(words: Words, person: str, found: list[Finding], order: int) -> Recommendation:
    """One recommendation for everything a person who has left (SC108) or is leaving (SC109) still holds."""
    model = words.model
    roles: list[str] = []
    owner = False
    for finding in found:
        read = departure(finding)
        if read is None:
            continue
        role, kind, holder, _ = read
        owner = owner or (role == "owner" and kind in ("link", "service"))
        text = f"{role} of {words.holder(kind, holder)}"
        if text not in roles:
            roles.append(text)
    entity = model.people.get(person)
    day = entity.active_until.isoformat() if entity is not None and entity.active_until is not None else None
    who = words.person(person)
    left = found[0].rule == "SC108"
    if left:
        action = f"Hand over what {who} ({'left on ' + day if day else 'has left'}) still holds"
        action += ": " + "; ".join(roles) if roles else ""
    else:
        action = f"Plan the handover of {who} before their last day" + (f" ({day})" if day else "")
        action += ": name a successor as " + "; ".join(roles) if roles else ""
    services = {finding.service for finding in found if finding.service is not None}
    return Recommendation(
        "ownership" if left and owner else "safety net",
        _rank(found),
        action,
        WHY.get(found[0].rule, ""),
        next(iter(services)) if len(services) == 1 else None,
        words.links_reach(words.owner_links(person)),
        tuple(found),
        order,
        "departure",
    )


def recommendations(analysis: Analysis, accepted: Iterable[tuple[Finding, Directive]] = ()) -> list[Recommendation]:
    """Every recommendation, in the order of ``GROUPS``, then by rank, customer needs touched and file order.

    ``accepted``: the suppressed findings and their directives; a single point of failure whose link has
    an accepted SC105 says so, with the reason given.
    """
    words = Words(analysis)
    excepted = {
        f"{finding.service}/{finding.link}": directive.reason
        for finding, directive in accepted
        if finding.rule == "SC105" and finding.link is not None
    }
    order = {id(finding): index for index, finding in enumerate(analysis.findings)}
    impacts = analysis.single_points_of_failure()
    carried: dict[str, int] = {}  # link key -> the single point of failure that carries it
    for number, impact in enumerate(impacts):
        for lost in impact.lost_links:
            carried.setdefault(lost.link.key, number)
    merged: dict[int, list[Finding]] = {number: [] for number in range(len(impacts))}
    departures: dict[tuple[str, str], list[Finding]] = {}
    single: dict[tuple[str, str, str | None], list[Finding]] = {}
    for finding in analysis.findings:
        group = group_of(finding)
        if group is None:
            continue
        read = departure(finding) if finding.rule in ("SC108", "SC109") else None
        if read is not None:
            departures.setdefault((finding.rule, read[3]), []).append(finding)
            continue
        key = f"{finding.service}/{finding.link}"
        if finding.rule == "SC105" and key in carried:
            merged[carried[key]].append(finding)
            continue
        action, _ = action_and_why(words, finding)
        single.setdefault((group, action, finding.service), []).append(finding)

    found: list[Recommendation] = []
    for number, impact in enumerate(impacts):
        first = min((order[id(f)] for f in merged[number]), default=-len(impacts) + number)
        found.append(_spof(words, impact, merged[number], first, excepted))
    for (_, person), items in departures.items():
        found.append(_departure(words, person, items, order[id(items[0])]))
    for (group, action, service), items in single.items():
        _, why = action_and_why(words, items[0])
        needs = tuple(sorted({need for finding in items for need in words.reach(finding)}))
        found.append(
            Recommendation(group, _rank(items), action, why, service, needs, tuple(items), order[id(items[0])])
        )
    found.sort(key=lambda rec: (GROUPS.index(rec.group), *rec.sort_key()))
    return found


def by_group(found: list[Recommendation]) -> list[tuple[str, list[Recommendation]]]:
    """The recommendations of each group that has any, in the order of ``GROUPS``."""
    return [(group, items) for group in GROUPS if (items := [rec for rec in found if rec.group == group])]
