"""``--format json`` of trace, impact and show: the same data as the terminal view, for scripts."""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING, Any

from svcchain.analysis import IMPACT_DEFINITION, Analysis, ChainPath, Impact, NeedTrace
from svcchain.views.chainfacts import PersonFact, link_facts, requirements_of, review_of

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Service
    from svcchain.findings import Finding


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _path(path: ChainPath, path_id: str) -> dict[str, Any]:
    return {
        "id": path_id,
        "hops": [
            {
                "link": hop.link.key,
                "owner": hop.owner.id,
                "owner_kind": hop.owner.kind,
                "unowned": hop.unowned,
                # rule codes of the check's findings about the link, and about its owner
                "issues": [issue.code for issue in hop.issues if issue.about == "link"],
                "owner_issues": [issue.code for issue in hop.issues if issue.about == "owner"],
            }
            for hop in path.hops
        ],
        "weakest": path.hops[path.weakest].link.key if path.weakest is not None else None,
        "cycle": path.cycle,
    }


def trace_data(trace: NeedTrace, path_ids: list[str]) -> dict[str, Any]:
    return {
        "service": trace.service.id,
        "need": trace.need.id,
        "text": trace.need.text,
        "delivered": trace.delivered,
        "delivering": [link.key for link in trace.delivering],
        "fully_owned": trace.fully_owned,
        "paths": path_ids,
        "same_paths_as": trace.same_as.id if trace.same_as is not None else None,
        "more": trace.more,
    }


def render_traces(analysis: Analysis, traced: list[tuple[Service, list[NeedTrace]]]) -> str:
    """``svcchain trace --format json``: every path once, with an id; every traced need refers to its paths."""
    paths: list[dict[str, Any]] = []
    ids: dict[int, str] = {}  # id() of a ChainPath → its path id (needs with the same links share them)
    needs = []
    for _, service_traces in traced:
        for trace in service_traces:
            path_ids = []
            for path in trace.paths:
                if id(path) not in ids:
                    ids[id(path)] = f"p{len(paths) + 1}"
                    paths.append(_path(path, ids[id(path)]))
                path_ids.append(ids[id(path)])
            needs.append(trace_data(trace, path_ids))
    return _dumps({"paths": paths, "needs": needs})


def impact_data(analysis: Analysis, impact: Impact) -> dict[str, Any]:
    return {
        "owner": impact.owner or None,
        "kind": impact.kind,
        "changes_nothing": impact.changes_nothing,
        "lost_links": [{"link": lost.link.key, "reason": lost.reason} for lost in impact.lost_links],
        "covered_links": [
            {"link": covered.link.key, "deputy": covered.link.deputy.value if covered.link.deputy else None}
            for covered in impact.covered_links
        ],
        "also_away": impact.away,
        "at": impact.at.isoformat() if impact.at is not None else None,
        "needs_at_risk": [
            {
                "service": risk.service.id,
                "need": risk.need.id,
                "text": risk.need.text,
                "through": [link.key for link in risk.lost_on_paths],
            }
            for risk in impact.needs_at_risk
        ],
        "services_affected": [service.id for service in impact.services_affected],
        "services_without_owner": [service.id for service in impact.services_without_owner],
        "teams_emptied": [team.id for team in impact.emptied_teams],
        "teams_left_with_one_member": [team.id for team in impact.weakened_teams],
        "teams_without_facilitator": [team.id for team in impact.teams_without_facilitator],
        "member_of": [team.id for team in impact.member_of],
        "facilitators": [{"team": team.id, "facilitator": facilitator} for team, facilitator in impact.facilitators],
        "service_owners": [{"service": service.id, "owner": owner} for service, owner in impact.service_owners],
    }


def render_impact(analysis: Analysis, impact: Impact) -> str:
    data = impact_data(analysis, impact)
    data["definition"] = IMPACT_DEFINITION
    return _dumps(data)


def render_single_points(analysis: Analysis, impacts: list[Impact]) -> str:
    return _dumps(
        {
            "definition": IMPACT_DEFINITION,
            "single_points_of_failure": [impact_data(analysis, impact) for impact in impacts],
        }
    )


# --------------------------------------------------------------------------- show


def _codes(*found: Finding | None) -> list[str]:
    return [finding.rule for finding in found if finding is not None]


def _person(person: PersonFact | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {
        "id": person.id,
        "name": person.name,
        "active_until": _day(person.active_until),
        "departure": person.status,  # "left" (SC108), "leaving" (SC109) or null: the check's finding
        "issues": _codes(person.unknown, person.departure),
    }


def _day(day: datetime.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _link(analysis: Analysis, link: Link) -> dict[str, Any]:
    facts = link_facts(analysis, link)
    return {
        "id": link.id,
        "name": link.name,
        "owner": link.owner.value if link.owner is not None else None,
        "deputy": _person(facts.deputy),
        "result": link.result,
        "measures": [
            {
                "name": measure.name,
                "target": measure.target,
                "actual": measure.actual,
                "measured_on": _day(measure.measured_on),
                "missed": measure.missed is not None,  # the check reports SC404 at 'actual'
            }
            for measure in facts.measures
        ],
        "after": [other.id if other.service == link.service else other.key for other in analysis.resolved_after(link)],
        "after_any": list(facts.after_any),
        "delivers": [ref.value for ref in link.delivers],
        "meets": [{"id": meets.id, "issues": _codes(meets.unknown)} for meets in facts.meets],
        "assets": [
            {
                "id": use.id,
                "declared": use.asset is not None,
                "name": use.asset.name if use.asset is not None else None,
                "kind": use.asset.kind if use.asset is not None else None,
                "owner": _person(use.owner),
                "supplier": use.asset.supplier if use.asset is not None else None,
                "issues": _codes(use.undeclared, use.unowned),
            }
            for use in facts.assets
        ],
        "reviewed_on": _day(facts.review.on),
        "stale_review": facts.review.stale is not None,  # the check reports SC403 at 'reviewed_on'
        "issues": sorted({finding.rule for finding in analysis.link_findings(link)}),
    }


def show_data(analysis: Analysis, service: Service) -> dict[str, Any]:
    """One service's chain with the facts of its links and needs, and the rule codes the check reports."""
    review = review_of(analysis, service)
    return {
        "id": service.id,
        "name": service.name,
        "description": service.description,
        "owner": service.owner.value if service.owner is not None else None,
        "reviewed_on": _day(review.on),
        "stale_review": review.stale is not None,
        "health": analysis.health(service.id),
        "customer": service.customer_name,
        "needs": [
            {
                "id": need.id,
                "text": need.text,
                "delivered_by": [link.id for link in analysis.delivering_links(service, need)],
                "issues": sorted({finding.rule for finding in analysis.need_findings(service, need)}),
                "requirements": [
                    {
                        "id": fact.requirement.id,
                        "text": fact.requirement.text,
                        "kind": fact.requirement.kind,
                        "source": fact.requirement.source,
                        "met_by": [link.id for link in fact.met_by],
                        "unmet": fact.unmet is not None,  # the check reports SC304 at the requirement
                    }
                    for fact in requirements_of(analysis, service, need)
                ],
            }
            for need in service.needs.values()
        ],
        "links": [_link(analysis, link) for link in analysis.handoff_order(service)],
        "issues": sorted({finding.rule for finding in analysis.service_level_findings(service.id)}),
    }


def render_show(analysis: Analysis, service: Service | None) -> str:
    """``show --format json``: one service's chain, or every service's."""
    services = [service] if service is not None else analysis.services
    return _dumps({"services": [show_data(analysis, item) for item in services]})
