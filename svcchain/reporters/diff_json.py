"""``svcchain diff --format json``: the object docs/diff.md fixes, field for field."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from svcchain import __version__
from svcchain.reporters._common import clean
from svcchain.reporters.diff_common import by_severity

if TYPE_CHECKING:
    from svcchain.changeset import Changes, LinkEntry, Move
    from svcchain.report import Report
    from svcchain.reporters.diff_common import DiffContext, Side

#: The version of this object's layout; it grows by new fields only.
DIFF_VERSION = 1


def _side(side: Side, report: Report) -> dict[str, Any]:
    return {
        "name": side.name,
        "kind": side.kind,
        "commit": side.commit,
        "missing_paths": list(side.missing),
        "summary": report.summary(),
    }


def _link(entry: LinkEntry) -> dict[str, Any]:
    return {"link": entry.link, "owner": entry.owner, "deputy": entry.deputy}


def _move(move: Move) -> dict[str, Any]:
    return {"link": move.link, "role": move.role, "before": move.before, "after": move.after}


def to_dict(changes: Changes, context: DiffContext) -> dict[str, Any]:
    """The diff as plain data (what ``render`` writes)."""
    services = [
        {
            "id": service.id,
            "status": service.status,
            "links_added": [_link(entry) for entry in service.links_added],
            "links_removed": [_link(entry) for entry in service.links_removed],
            "ownership": [_move(move) for move in service.moves],
            "needs": [
                {
                    "need": need.need,
                    "before": need.before,
                    "after": need.after,
                    "worse": need.worse,
                    "people_before": list(need.people_before),
                    "people_after": list(need.people_after),
                }
                for need in service.needs
            ],
            "new_findings": len(service.new),
            "fixed_findings": len(service.fixed),
        }
        for service in changes.services
    ]
    teams = [
        {
            "id": team.id,
            "status": team.status,
            "facilitator": None
            if team.facilitator is None
            else {"before": team.facilitator.before, "after": team.facilitator.after},
            "members_added": team.members_added,
            "members_removed": team.members_removed,
        }
        for team in changes.teams
    ]
    owners = [
        {
            "id": load.owner,
            "kind": load.kind,
            "before": load.before,
            "after": load.after,
            "limit": load.limit,
            "overloaded_before": load.overloaded_before,
            "overloaded_after": load.overloaded_after,
            "gained": list(load.gained),
            "lost": list(load.lost),
        }
        for load in changes.owners
    ]
    return {
        "svcchain-diff": DIFF_VERSION,
        "version": __version__,
        "base": _side(context.base, changes.base),
        "head": _side(context.head, changes.head),
        "fail_on": context.fail_on,
        "passed": not changes.fails(context.fail_on),
        "summary": {
            "new": by_severity(changes.new),
            "fixed": by_severity(changes.fixed),
            "hidden": changes.hidden,
            "services_added": sum(1 for service in changes.services if service.status == "added"),
            "services_removed": sum(1 for service in changes.services if service.status == "removed"),
            "links_added": sum(len(service.links_added) for service in changes.services),
            "links_removed": sum(len(service.links_removed) for service in changes.services),
            "ownership_changes": len(changes.moves),
            "needs_worse": sum(1 for need in changes.needs if need.worse),
            "needs_better": sum(1 for need in changes.needs if not need.worse),
            "owners_over_limit": sum(1 for load in changes.owners if load.crossing == "over"),
            "unreadable_files": len(changes.unreadable),
        },
        "services": services,
        "teams": teams,
        "owners": owners,
        "new_findings": [finding.to_dict() for finding in changes.new],
        "fixed_findings": [finding.to_dict() for finding in changes.fixed],
        "unreadable": [{"side": entry.side, **entry.finding.to_dict()} for entry in changes.unreadable],
        "renamed": [{"from": old, "to": new} for old, new in sorted(changes.renamed.items())],
    }


def render(changes: Changes, context: DiffContext) -> str:
    # lone surrogates (undecodable bytes of a name) cannot be written as UTF-8: U+FFFD instead
    return clean(json.dumps(to_dict(changes, context), indent=2, ensure_ascii=False)) + "\n"
