"""``--format json`` of trace and impact: the same data as the terminal view, for scripts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from svcchain.analysis import IMPACT_DEFINITION, Analysis, ChainPath, Impact, NeedTrace

if TYPE_CHECKING:
    from svcchain.chainmodel import Service


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
        "owner": impact.owner,
        "kind": impact.kind,
        "changes_nothing": impact.changes_nothing,
        "lost_links": [{"link": lost.link.key, "reason": lost.reason} for lost in impact.lost_links],
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
