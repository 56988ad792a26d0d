"""The executive summary: the organisation in numbers, and the few gaps that matter most to the customer.

Every number and every gap comes from the analysis the other views use:
needs delivered end to end are the traces whose delivering links are
delivered (no link upstream that the check calls unowned), single points of
failure are ``impact``'s, and unowned links, people leaving, missed targets
and stale reviews are the check's findings (SC101/SC102/SC104/SC108 as
``unowned`` reads them, SC108/SC109, SC404, SC403).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from svcchain.analysis.gaps import NeedKey, Words
from svcchain.analysis.health import health_band, is_data_quality

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.chainmodel import Link

#: How many gaps the summary names at most, and the order of their kinds on a tie.
MAX_GAPS = 5
GAP_KINDS = (
    "single points of failure",
    "needs not delivered",
    "links without an owner",
    "people leaving",
    "missed targets",
    "stale reviews",
)


@dataclass(frozen=True)
class KeyGap:
    """One of the gaps the executive summary names, with why it matters for the customer."""

    kind: str  # one of GAP_KINDS
    headline: str
    why: str
    needs: tuple[NeedKey, ...]
    rank: int  # 3 high, 2 medium


@dataclass
class Briefing:
    services: int
    links: int
    people: int
    teams: int
    needs: int
    delivered: int  # customer needs delivered end to end
    not_delivered: list[NeedKey] = field(default_factory=list)
    bands: dict[str, int] = field(default_factory=dict)  # health band -> services
    data_quality: int = 0
    gaps: list[KeyGap] = field(default_factory=list)


def _names(items: list[str], most: int = 4) -> str:
    shown = items[:most]
    more = len(items) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def need_text(analysis: Analysis, need: NeedKey) -> str:
    service = analysis.model.services[need[0]]
    found = service.needs[need[1]]
    return f"‘{found.text or found.id}’"


def _needs_clause(analysis: Analysis, needs: tuple[NeedKey, ...]) -> str:
    if not needs:
        return ""
    return f" It touches {_plural(len(needs), 'customer need', 'customer needs')}: " + (
        _names([need_text(analysis, need) for need in needs], 3) + "."
    )


def _gaps(analysis: Analysis, words: Words, not_delivered: list[NeedKey]) -> list[KeyGap]:
    gaps: list[KeyGap] = []
    impacts = analysis.single_points_of_failure()
    if impacts:
        needs = tuple(dict.fromkeys((r.service.id, r.need.id) for i in impacts for r in i.needs_at_risk))
        people = [words.person(impact.owner) for impact in impacts]
        gaps.append(
            KeyGap(
                GAP_KINDS[0],
                f"{_plural(len(people), 'person is a single point', 'people are single points')} of failure: "
                f"{_names(people)}.",
                "When one of them is ill, on leave or gone, nobody takes over, and what the customer waits "
                "for stops." + _needs_clause(analysis, needs),
                needs,
                3,
            )
        )
    if not_delivered:
        texts = [need_text(analysis, need) for need in not_delivered]
        gaps.append(
            KeyGap(
                GAP_KINDS[1],
                f"{_plural(len(texts), 'customer need is', 'customer needs are')} not delivered end to end: "
                f"{_names(texts)}.",
                "The customer asks for "
                + (
                    "this, and today no complete chain of owned steps delivers it."
                    if len(texts) == 1
                    else "these, and today no complete chain of owned steps delivers them."
                ),
                tuple(not_delivered),
                3,
            )
        )
    unowned = [link for link in analysis.model.links() if analysis.unowned(link)]
    if unowned:
        needs = words.links_reach(unowned)
        gaps.append(
            KeyGap(
                GAP_KINDS[2],
                f"{_plural(len(unowned), 'step has nobody who answers for it', 'steps have nobody who answers for them')}: "
                f"{_names([_link(words, link) for link in unowned])}.",
                "When such a step stalls, nobody notices or acts, and the customer waits."
                + _needs_clause(analysis, needs),
                needs,
                3,
            )
        )
    gaps += _people_and_measures(analysis, words)
    order = {kind: index for index, kind in enumerate(GAP_KINDS)}
    gaps.sort(key=lambda gap: (-gap.rank, -len(gap.needs), order[gap.kind]))
    return gaps[:MAX_GAPS]


def _link(words: Words, link: Link) -> str:
    service = words.model.services[link.service]
    return f"{words.link(link.service, link.id)} ({service.name or service.id})"


def _people_and_measures(analysis: Analysis, words: Words) -> list[KeyGap]:
    gaps: list[KeyGap] = []
    leaving: list[str] = []
    left = False
    reach: set[NeedKey] = set()
    for person in analysis.model.people.values():
        found = analysis.departures(person.id)
        if not found:
            continue
        gone = any(finding.rule == "SC108" for finding in found)
        left = left or gone
        day = f" {person.active_until.isoformat()}" if person.active_until is not None else ""
        leaving.append(f"{words.person(person.id)} ({'left' if gone else 'leaves'}{day})")
        reach.update(words.links_reach(words.owner_links(person.id)))
    if leaving:
        needs = tuple(sorted(reach))
        gaps.append(
            KeyGap(
                GAP_KINDS[3],
                f"{_plural(len(leaving), 'person has', 'people have')} left or leave soon and still hold work: "
                f"{_names(leaving)}.",
                "Unless someone takes over, their steps lose their owner." + _needs_clause(analysis, needs),
                needs,
                3 if left else 2,
            )
        )
    for rule, kind, why in (
        ("SC404", GAP_KINDS[4], "The agreed result is not delivered: the customer already feels it."),
        ("SC403", GAP_KINDS[5], "Nobody has checked for a long time that these still deliver what the customer needs."),
    ):
        found = [finding for finding in analysis.findings if finding.rule == rule]
        if not found:
            continue
        what = list(
            dict.fromkeys(
                words.link(finding.service, finding.link) if finding.link else words.service(finding.service)
                for finding in found
            )
        )
        if rule == "SC404":
            headline = f"{_plural(len(what), 'step missed its target', 'steps missed their targets')}: {_names(what)}."
        else:
            headline = f"{_plural(len(what), 'agreement is', 'agreements are')} overdue for a review: {_names(what)}."
        needs = tuple(sorted({need for finding in found for need in words.reach(finding)}))
        gaps.append(KeyGap(kind, headline, why + _needs_clause(analysis, needs), needs, 2))
    return gaps


def briefing(analysis: Analysis) -> Briefing:
    """The numbers and the most important gaps of the executive summary."""
    words = Words(analysis)
    summary = analysis.summary()
    not_delivered: list[NeedKey] = []
    delivered = 0
    for service in analysis.services:
        for need in service.needs.values():
            trace = analysis.trace(service, need, 1)
            if trace.delivered and trace.fully_owned:
                delivered += 1
            else:
                not_delivered.append((service.id, need.id))
    bands: dict[str, int] = {}
    for service in analysis.services:
        band = health_band(analysis.health(service.id))
        bands[band] = bands.get(band, 0) + 1
    return Briefing(
        services=summary["services"],
        links=summary["links"],
        people=summary["people"],
        teams=summary["teams"],
        needs=summary["needs"],
        delivered=delivered,
        not_delivered=not_delivered,
        bands=bands,
        data_quality=sum(1 for finding in analysis.findings if is_data_quality(finding)),
        gaps=_gaps(analysis, words, not_delivered),
    )
