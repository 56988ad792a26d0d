"""The facts of format 1.1 each view shows, with what the check says is wrong with them.

Deputies, assets, requirements met, measured values and review dates are
shown as the files state them.  Anything marked as wrong is the finding the
check reports at that value (``Analysis.findings_at``: same file, line and
column) or about that entity: a missed target is the SC404 at the measure's
``actual``, a stale review the SC403 at ``reviewed_on``, a person who has
left or is leaving the SC108/SC109 at the reference, an unowned asset the
SC502 at the asset, an unmet requirement the SC304 at the requirement, an
undeclared asset or unknown requirement the SC501/SC305 at the entry.  No
rule's condition is worked out here.  The terminal, the JSON, the HTML and
the Markdown render these same records.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from svcchain.analysis.health import DEPARTURE

if TYPE_CHECKING:
    from svcchain.analysis import Analysis
    from svcchain.chainmodel import Asset, Link, Need, NeedRequirement, Ref, Service
    from svcchain.findings import Finding


def _first(found: list[Finding]) -> Finding | None:
    return found[0] if found else None


def departure_at(analysis: Analysis, ref: Ref | None) -> Finding | None:
    """SC108 (has left) or SC109 (is leaving) at one reference to a person."""
    return None if ref is None else _first(analysis.findings_at(ref.origin, ref.path, *DEPARTURE))


def departure_word(finding: Finding | None) -> str | None:
    """``left`` or ``leaving``, as the check's finding says; None without one."""
    if finding is None:
        return None
    return "left" if finding.rule == "SC108" else "leaving"


def departure_text(finding: Finding | None, active_until: datetime.date | None) -> str:
    """``has left: last day 2026-04-30`` / ``leaving: last day 2026-06-20``: the check's word, the file's
    date; empty without a finding."""
    if finding is None:
        return ""
    word = "has left" if departure_word(finding) == "left" else "leaving"
    return f"{word}: last day {active_until.isoformat()}" if active_until else word


def member_departure(analysis: Analysis, team_id: str | None, member: str, role: str = "member") -> Finding | None:
    """The SC108/SC109 at a team's member entry (``role`` member) or facilitator value (``facilitator``)."""
    team = analysis.model.teams.get(team_id or "")
    if team is None:
        return None
    refs = team.members if role == "member" else [team.facilitator] if team.facilitator is not None else []
    for ref in refs:
        if ref.value == member:
            found = departure_at(analysis, ref)
            if found is not None:
                return found
    return None


@dataclass(frozen=True)
class PersonFact:
    """A person a value names (a deputy, an asset owner), and what the check says at that value."""

    id: str
    name: str | None
    active_until: datetime.date | None
    departure: Finding | None = None  # SC108 / SC109 at the value
    unknown: Finding | None = None  # SC102 at the value: not declared

    @property
    def status(self) -> str | None:
        return departure_word(self.departure)


def person_fact(analysis: Analysis, ref: Ref) -> PersonFact:
    person = analysis.model.people.get(ref.value)
    team = analysis.model.teams.get(ref.value)
    return PersonFact(
        ref.value,
        person.name if person is not None else team.name if team is not None else None,
        person.active_until if person is not None else None,
        departure_at(analysis, ref),
        _first(analysis.findings_at(ref.origin, ref.path, "SC102")),
    )


@dataclass(frozen=True)
class Review:
    """When a link or service was last reviewed, and the SC403 that says it is stale."""

    on: datetime.date | None
    stale: Finding | None = None


def review_of(analysis: Analysis, entity: Link | Service) -> Review:
    if entity.reviewed_on is None:
        return Review(None)
    found = analysis.findings_at(entity.origin, (*entity.path, "reviewed_on"), "SC403")
    return Review(entity.reviewed_on, _first(found))


@dataclass(frozen=True)
class MeasureFact:
    """A measure as written: name, target, last actual value and when; ``missed`` is the SC404 at ``actual``."""

    name: str
    target: str | None
    actual: str | None
    measured_on: datetime.date | None
    missed: Finding | None = None


@dataclass(frozen=True)
class AssetUse:
    """One entry of a link's ``assets``: the declared asset it names, if any, and what the check says."""

    id: str
    asset: Asset | None
    owner: PersonFact | None  # the asset's owner value, with SC108/SC109/SC102 at it
    undeclared: Finding | None = None  # SC501 at the entry
    unowned: Finding | None = None  # SC502 at the asset


@dataclass(frozen=True)
class MeetsFact:
    """One entry of a link's ``meets``: the requirement it names, or SC305 at the entry."""

    id: str
    requirement: NeedRequirement | None
    unknown: Finding | None = None


@dataclass(frozen=True)
class LinkFacts:
    deputy: PersonFact | None
    after_any: tuple[str, ...]  # the alternatives that exist, as a reader of the service names them
    assets: tuple[AssetUse, ...]
    meets: tuple[MeetsFact, ...]
    measures: tuple[MeasureFact, ...]
    review: Review


def asset_owner(analysis: Analysis, asset: Asset | None) -> PersonFact | None:
    return person_fact(analysis, asset.owner) if asset is not None and asset.owner is not None else None


def unowned_asset(analysis: Analysis, asset: Asset | None) -> Finding | None:
    return None if asset is None else _first(analysis.findings_at(asset.origin, asset.path, "SC502"))


def link_facts(analysis: Analysis, link: Link) -> LinkFacts:
    from svcchain.graph import resolve_handoff

    model = analysis.model
    service = model.services.get(link.service)
    alternatives = []
    for ref in link.after_any:
        other = resolve_handoff(model, link.service, ref)
        if other is not None:
            alternatives.append(other.id if other.service == link.service else other.key)
    assets = []
    for ref in link.assets:
        asset = model.assets.get(ref.value)
        assets.append(
            AssetUse(
                ref.value,
                asset,
                asset_owner(analysis, asset),
                _first(analysis.findings_at(ref.origin, ref.path, "SC501")),
                unowned_asset(analysis, asset),
            )
        )
    meets = [
        MeetsFact(
            ref.value,
            service.requirements.get(ref.value) if service is not None else None,
            _first(analysis.findings_at(ref.origin, ref.path, "SC305")),
        )
        for ref in link.meets
    ]
    measures = [
        MeasureFact(
            measure.name,
            measure.target,
            measure.actual,
            measure.measured_on,
            None
            if measure.actual is None
            else _first(analysis.findings_at(link.origin, (*measure.path, "actual"), "SC404")),
        )
        for measure in link.measure_list
    ]
    return LinkFacts(
        person_fact(analysis, link.deputy) if link.deputy is not None else None,
        tuple(dict.fromkeys(alternatives)),
        tuple(assets),
        tuple(meets),
        tuple(measures),
        review_of(analysis, link),
    )


@dataclass(frozen=True)
class RequirementFact:
    """A requirement of a customer need, the links that name it in ``meets``, and the SC304 if none does."""

    requirement: NeedRequirement
    met_by: tuple[Link, ...]
    unmet: Finding | None = None

    @property
    def implicit(self) -> bool:
        return self.requirement.kind == "implicit"


def requirements_of(analysis: Analysis, service: Service, need: Need) -> list[RequirementFact]:
    out = []
    for requirement in need.requirements:
        met_by = tuple(
            link for link in service.links.values() if any(ref.value == requirement.id for ref in link.meets)
        )
        unmet = _first(analysis.findings_at(requirement.origin, requirement.path, "SC304"))
        out.append(RequirementFact(requirement, met_by, unmet))
    return out


@dataclass(frozen=True)
class AssetEntry:
    """One line of the asset register: a declared asset, or a name links use that nobody declared."""

    id: str
    asset: Asset | None
    owner: PersonFact | None
    links: tuple[Link, ...]  # the links whose ``assets`` name it, in file order
    unowned: Finding | None = None  # SC502
    undeclared: tuple[Finding, ...] = ()  # SC501 at the entries that name it


def asset_register(analysis: Analysis) -> list[AssetEntry]:
    """Declared assets in file order, then the names links use that are not declared."""
    model = analysis.model
    using: dict[str, list[Link]] = {}
    undeclared: dict[str, list[Finding]] = {}
    for link in model.links():
        for ref in link.assets:
            links = using.setdefault(ref.value, [])
            if link not in links:
                links.append(link)
            if ref.value not in model.assets:
                undeclared.setdefault(ref.value, []).extend(analysis.findings_at(ref.origin, ref.path, "SC501"))
    entries = [
        AssetEntry(
            asset.id,
            asset,
            asset_owner(analysis, asset),
            tuple(using.get(asset.id, ())),
            unowned_asset(analysis, asset),
        )
        for asset in model.assets.values()
    ]
    for name, findings in undeclared.items():
        entries.append(AssetEntry(name, None, None, tuple(using[name]), None, tuple(findings)))
    return entries


def assets_by_owner(analysis: Analysis) -> list[tuple[str | None, list[AssetEntry]]]:
    """The asset register grouped by owner: the owners of the ownership matrix first (its order), then
    owners that are not declared, then the assets without an owner."""
    groups: dict[str | None, list[AssetEntry]] = {}
    for entry in asset_register(analysis):
        groups.setdefault(entry.owner.id if entry.owner is not None else None, []).append(entry)
    order: list[str | None] = [row.id for row in analysis.ownership() if row.id in groups]
    order += [owner for owner in groups if owner is not None and owner not in order]
    if None in groups:
        order.append(None)
    return [(owner, groups[owner]) for owner in order]


@dataclass(frozen=True)
class PersonStatus:
    """The facts about a person the ownership views add, and whether the check says they leave."""

    manager: str | None
    active_until: datetime.date | None
    departure: Finding | None  # the first SC108/SC109 at a reference to them (all say the same date)
    assets: tuple[str, ...]  # ids of the assets they own

    @property
    def status(self) -> str | None:
        return departure_word(self.departure)


def owner_extras(analysis: Analysis, owner_id: str) -> PersonStatus:
    person = analysis.model.people.get(owner_id)
    departures = analysis.departures(owner_id)
    left = [finding for finding in departures if finding.rule == "SC108"]
    return PersonStatus(
        person.manager.value if person is not None and person.manager is not None else None,
        person.active_until if person is not None else None,
        _first(left or departures),
        tuple(
            asset.id
            for asset in analysis.model.assets.values()
            if asset.owner is not None and asset.owner.value == owner_id
        ),
    )
