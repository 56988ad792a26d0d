"""What a change does to the chains: who owns what, which needs it breaks, which findings it brings.

``compare(base, head)`` takes two finished checks (``Report``s of
``svcchain.engine.check``) and says, per service: links added and removed,
owner and deputy changes (from → to), customer needs whose state changes,
and the findings the change introduces and fixes; per team: facilitator and
member changes; per owner: the load (links held directly) before and after.

Nothing here works out a rule's condition: the state of a need comes from
the analysis (``trace``: delivered, ``impact``: single points of failure),
an overload from the check's SC107 findings, new and fixed findings from
``svcchain.matching``.  A file that one side cannot read (SC001) hides its
entities: they are not reported as added or removed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from svcchain.analysis import Analysis
from svcchain.changeset import Changes, LinkEntry, LoadChange, Move, NeedChange, ServiceChanges, TeamChanges, Unreadable
from svcchain.matching import match, unreadable_files

if TYPE_CHECKING:
    from svcchain.chainmodel import ChainModel, Link, Need, Service
    from svcchain.report import Report


def _value(ref: Any) -> str | None:
    value = getattr(ref, "value", None)
    return value if isinstance(value, str) else None


def _deputy(link: Link) -> str | None:
    return _value(getattr(link, "deputy", None))  # format 1.1; absent from older models


def _entry(link: Link) -> LinkEntry:
    return LinkEntry(link.service, link.id, _value(link.owner), _deputy(link))


class _Sides:
    """The two checks, their analyses, and which of their files the other side cannot read."""

    def __init__(self, base: Report, head: Report, renamed: Mapping[str, str], limit: int) -> None:
        if base.model is None or head.model is None:
            raise ValueError("compare needs the reports of svcchain.engine.check")
        self.base_model: ChainModel = base.model
        self.head_model: ChainModel = head.model
        self.base = Analysis.from_report(base, limit)
        self.head = Analysis.from_report(head, limit)
        self.renamed = renamed
        self.head_unreadable = set(unreadable_files(head.findings))
        self.base_unreadable = {renamed.get(file, file) for file in unreadable_files(base.findings)}

    def gone_unseen(self, file: str) -> bool:
        """An entity of the base side's ``file`` is missing because the head side cannot read that file."""
        return self.renamed.get(file, file) in self.head_unreadable

    def new_unseen(self, file: str) -> bool:
        """An entity of the head side's ``file`` is new only because the base side could not read it."""
        return file in self.base_unreadable


def _need_states(analysis: Analysis) -> dict[tuple[str, str], tuple[str, tuple[str, ...]]]:
    """(service, need) → (state, people it rests on), from the analysis: trace and impact."""
    resting: dict[tuple[str, str], list[str]] = {}
    for impact in analysis.single_points_of_failure():
        for risk in impact.needs_at_risk:
            resting.setdefault((risk.service.id, risk.need.id), []).append(impact.owner)
    states: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {}
    for service in analysis.services:
        for need in service.needs.values():
            states[(service.id, need.id)] = _state(analysis, service, need, resting)
    return states


def _state(
    analysis: Analysis, service: Service, need: Need, resting: Mapping[tuple[str, str], list[str]]
) -> tuple[str, tuple[str, ...]]:
    trace = analysis.trace(service, need, max_paths=1)
    if not trace.delivered:
        return "unmet", ()
    if not trace.fully_owned:
        return "cut-off", ()
    people = tuple(resting.get((service.id, need.id), ()))
    return ("at-risk", people) if people else ("met", ())


def _service_changes(sides: _Sides, service_id: str) -> ServiceChanges | None:
    before = sides.base_model.services.get(service_id)
    after = sides.head_model.services.get(service_id)
    if before is None and after is not None:
        if sides.new_unseen(after.origin.file):
            return None
        return ServiceChanges(service_id, "added", links_added=[_entry(link) for link in after.links.values()])
    if after is None and before is not None:
        if sides.gone_unseen(before.origin.file):
            return None
        return ServiceChanges(service_id, "removed", links_removed=[_entry(link) for link in before.links.values()])
    assert before is not None and after is not None
    changed = ServiceChanges(service_id, "changed")
    if _value(before.owner) != _value(after.owner):
        changed.moves.append(Move("service owner", _value(before.owner), _value(after.owner), service_id))
    for link in after.links.values():
        old = before.links.get(link.id)
        if old is None:
            if not sides.new_unseen(link.origin.file):
                changed.links_added.append(_entry(link))
            continue
        for role, was, now in (
            ("owner", _value(old.owner), _value(link.owner)),
            ("deputy", _deputy(old), _deputy(link)),
        ):
            if was != now:
                changed.moves.append(Move(role, was, now, service_id, link.id))
    for link in before.links.values():
        if link.id not in after.links and not sides.gone_unseen(link.origin.file):
            changed.links_removed.append(_entry(link))
    return changed


def _need_changes(sides: _Sides, services: Mapping[str, ServiceChanges]) -> None:
    before = _need_states(sides.base)
    after = _need_states(sides.head)
    for (service_id, need_id), (state, people) in after.items():
        entry = services.get(service_id)
        if entry is None:
            continue  # a service hidden by a file the base side cannot read
        old = before.get((service_id, need_id))
        if old is None and state == "met":
            continue
        if old is not None and old[0] == state:
            continue
        entry.needs.append(
            NeedChange(service_id, need_id, old[0] if old else None, state, old[1] if old else (), people)
        )


def _links_by_owner(model: ChainModel, skip: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for link in model.links():
        owner = _value(link.owner)
        if owner is not None and not skip(link.origin.file):
            found.setdefault(owner, []).append(link.key)
    return found


def _owner_order(sides: _Sides, ids: Iterable[str]) -> list[str]:
    """Head's people and teams in file order, then base's, then undeclared ids by name."""
    models = (sides.head_model, sides.base_model)
    order = dict.fromkeys(owner for model in models for owner in [*model.people, *model.teams])
    wanted = set(ids)
    return [owner for owner in order if owner in wanted] + sorted(wanted - set(order))


def _load_changes(sides: _Sides, limit: int) -> list[LoadChange]:
    held_before = _links_by_owner(sides.base_model, sides.gone_unseen)
    held_after = _links_by_owner(sides.head_model, sides.new_unseen)
    count_before = sides.base.direct_link_counts()
    count_after = sides.head.direct_link_counts()
    found = []
    for owner in _owner_order(sides, set(held_before) | set(held_after)):
        was, now = held_before.get(owner, []), held_after.get(owner, [])
        gained = tuple(key for key in now if key not in set(was))
        lost = tuple(key for key in was if key not in set(now))
        over_before = "SC107" in sides.base.owner_codes(owner)
        over_after = "SC107" in sides.head.owner_codes(owner)
        if not (gained or lost or over_before != over_after):
            continue
        kind = sides.head_model.known_kind(owner) or sides.base_model.known_kind(owner) or "undeclared"
        found.append(
            LoadChange(
                owner, kind, count_before[owner], count_after[owner], limit, over_before, over_after, gained, lost
            )
        )
    return found


def _team_changes(sides: _Sides) -> list[TeamChanges]:
    found = []
    before, after = sides.base_model.teams, sides.head_model.teams
    for team_id in list(after) + [team_id for team_id in before if team_id not in after]:
        old, new = before.get(team_id), after.get(team_id)
        if old is None and new is not None:
            if not sides.new_unseen(new.origin.file):
                found.append(TeamChanges(team_id, "added", None, [ref.value for ref in new.members]))
            continue
        if new is None and old is not None:
            if not sides.gone_unseen(old.origin.file):
                found.append(TeamChanges(team_id, "removed", None, [], [ref.value for ref in old.members]))
            continue
        assert old is not None and new is not None
        was_members = list(dict.fromkeys(ref.value for ref in old.members))
        now_members = list(dict.fromkeys(ref.value for ref in new.members))
        changed = TeamChanges(
            team_id,
            "changed",
            members_added=[member for member in now_members if member not in was_members],
            members_removed=[member for member in was_members if member not in now_members],
        )
        if _value(old.facilitator) != _value(new.facilitator):
            changed.facilitator = Move("facilitator", _value(old.facilitator), _value(new.facilitator), team=team_id)
        if changed.facilitator or changed.members_added or changed.members_removed:
            found.append(changed)
    return found


def _service_order(sides: _Sides) -> list[str]:
    head = list(sides.head_model.services)
    return head + [
        service_id for service_id in sides.base_model.services if service_id not in sides.head_model.services
    ]


def compare(base: Report, head: Report, renamed: Mapping[str, str] | None = None, limit: int = 7) -> Changes:
    """What changes from ``base`` to ``head`` (two checks with the same settings).

    ``renamed``: files renamed without a change to their content (base path → head path),
    see ``svcchain.matching.renames``.  ``limit``: ``max-links-per-owner``.
    """
    renamed = dict(renamed or {})
    sides = _Sides(base, head, renamed, limit)
    services: dict[str, ServiceChanges] = {}
    for service_id in _service_order(sides):
        found = _service_changes(sides, service_id)
        if found is not None:
            services[service_id] = found
    _need_changes(sides, services)
    matched = match(base.findings, head.findings, renamed)
    changes = Changes(base, head, limit, new=matched.new, fixed=matched.fixed, hidden=len(matched.hidden))
    for finding in matched.new:
        entry = services.get(finding.service) if finding.service is not None else None
        (entry.new if entry is not None else changes.repository_new).append(finding)
    for finding in matched.fixed:
        entry = services.get(finding.service) if finding.service is not None else None
        (entry.fixed if entry is not None else changes.repository_fixed).append(finding)
    changes.services = [entry for entry in services.values() if entry.touched]
    changes.teams = _team_changes(sides)
    changes.owners = _load_changes(sides, limit)
    changes.unreadable = [Unreadable("head", f) for f in unreadable_files(head.findings).values()]
    changes.unreadable += [  # a file neither side can read is listed once, as the head side sees it
        Unreadable("base", f)
        for file, f in unreadable_files(base.findings).items()
        if renamed.get(file, file) not in sides.head_unreadable
    ]
    changes.renamed = renamed
    return changes
