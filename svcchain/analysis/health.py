"""Findings by entity and chain health: what the views say is wrong comes from here."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from svcchain.analysis.base import AnalysisBase
from svcchain.findings import Finding
from svcchain.selectors import Severity

if TYPE_CHECKING:
    from svcchain.chainmodel import Link, Need, Service
    from svcchain.findings import Origin
    from svcchain.source import Path


SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
#: The findings that a person named somewhere has left (SC108) or is leaving (SC109).
DEPARTURE = ("SC108", "SC109")

# --------------------------------------------------------------------------- health score

#: Points a chain loses per finding about it, by severity.
HEALTH_PENALTY = {Severity.ERROR: 20, Severity.WARNING: 5, Severity.INFO: 1}
HEALTH_BANDS = ((90, "healthy"), (70, "needs attention"), (0, "at risk"))
#: The rule family of format and syntax problems (SC0xx): the quality of the data, not of the chain.
DATA_QUALITY_FAMILY = "SC0"
HEALTH_EXPLANATION = (
    "Chain health starts at 100 and loses 20 points per error, 5 per warning and 1 per info "
    "among the findings about the service: about the service itself, its links and needs, the "
    "teams and people that own its links, and every circle of services or links it is part of "
    "(each circle once). Format and syntax problems (SC0xx: a file that cannot be read, a value "
    "that does not match the format, an id or key given twice, a suppression that silences "
    "nothing) are data quality, not chain health: they do not count. It never drops below 0. "
    "90 to 100 is healthy, 70 to 89 needs attention, below 70 the chain is at risk."
)


def is_data_quality(finding: Finding) -> bool:
    """A format or syntax problem (SC0xx): reported apart from the chain's gaps, and never in its health."""
    return finding.rule.startswith(DATA_QUALITY_FAMILY)


def health_band(score: int) -> str:
    for floor, band in HEALTH_BANDS:
        if score >= floor:
            return band
    return HEALTH_BANDS[-1][1]


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    worst: Severity | None = None
    for finding in findings:
        if worst is None or finding.severity.rank > worst.rank:
            worst = finding.severity
    return worst


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(finding.severity.value for finding in findings)
    return {severity.value: counts.get(severity.value, 0) for severity in SEVERITY_ORDER}


def _owner_of_subject(subject: str) -> str | None:
    """The team or owner a finding's subject names: ``team:ops``, ``owner:ann``, ``member:ops:x``,
    ``left:owner:link:mail/deliver:ann`` (SC108/SC109: the person)."""
    if not subject:
        return None
    kind, _, rest = subject.partition(":")
    if kind in ("team", "owner") and rest:
        return rest
    if kind in ("member", "facilitator") and rest:
        return rest.partition(":")[0] or None
    if kind in ("left", "leaving") and rest:  # left:ROLE:HOLDER:PERSON is about the person who leaves
        return rest.rpartition(":")[2] or None
    return None


def _need_of_subject(subject: str, service_id: str) -> str | None:
    """The need a finding's subject names: ``need:service/need``."""
    kind, _, rest = subject.partition(":")
    if kind != "need":
        return None
    service, _, need = rest.partition("/")
    return need if service == service_id and need else None


def _services_of_cycle(finding: Finding) -> list[str]:
    """Every service a cycle finding names, first the one it sits at, each once.

    Its subject is ``cycle:a,b,c``: service ids for SC205, link keys
    ``service/link`` for SC202.
    """
    kind, _, rest = finding.subject.partition(":")
    if kind != "cycle" or not rest or finding.service is None:
        return [finding.service] if finding.service is not None else []
    named: dict[str, None] = {finding.service: None}
    for member in rest.split(","):
        named.setdefault(member.partition("/")[0] if "/" in member else member)
    return list(named)


@dataclass
class FindingsIndex:
    """The check's findings by what they are about (built once, in one pass)."""

    link: defaultdict[tuple[str, str], list[Finding]] = field(default_factory=lambda: defaultdict(list))
    service: defaultdict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))  # all about it
    service_level: defaultdict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))  # no link
    owner: defaultdict[str, list[Finding]] = field(default_factory=lambda: defaultdict(list))
    need: defaultdict[tuple[str, str], list[Finding]] = field(default_factory=lambda: defaultdict(list))
    repository: list[Finding] = field(default_factory=list)  # about no service


class FindingsAnalysis(AnalysisBase):
    """The check's findings indexed by what they are about, and the health they add up to."""

    def _findings_index(self) -> FindingsIndex:
        index = FindingsIndex()
        owned_by = self._services_by_owner()
        for finding in self.findings:
            owner = _owner_of_subject(finding.subject)
            if owner is not None:
                index.owner[owner].append(finding)  # also when it sits at a link: 'owner:x' is about x
            if finding.service is not None and finding.service in self.model.services:
                for service_id in _services_of_cycle(finding):  # a circle is every member's (SC202, SC205)
                    if service_id in self.model.services:
                        index.service[service_id].append(finding)
                if finding.link is not None:
                    index.link[(finding.service, finding.link)].append(finding)
                else:
                    for service_id in _services_of_cycle(finding):
                        if service_id in self.model.services:
                            index.service_level[service_id].append(finding)
                    need = _need_of_subject(finding.subject, finding.service)
                    if need is not None:
                        index.need[(finding.service, need)].append(finding)
                continue
            if owner is not None:
                services = owned_by.get(owner, ())
                for service_id in services:
                    index.service[service_id].append(finding)
                if services:
                    continue
            index.repository.append(finding)
        return index

    def _index(self) -> FindingsIndex:
        return self._once("findings_index", self._findings_index)

    def link_findings(self, link: Link) -> list[Finding]:
        return self._index().link.get((link.service, link.id), [])

    def service_findings(self, service_id: str) -> list[Finding]:
        """Every finding about the service: its own, its links', its needs', its owners'."""
        return self._index().service.get(service_id, [])

    def service_level_findings(self, service_id: str) -> list[Finding]:
        """Findings about the service that are not about one of its links."""
        return self._index().service_level.get(service_id, [])

    def owner_findings(self, owner_id: str) -> list[Finding]:
        """Findings about a person, a team or an undeclared owner id (wherever they point)."""
        return self._index().owner.get(owner_id, [])

    def owner_entity_findings(self, owner_id: str | None) -> list[Finding]:
        """Findings about an owner as such (SC104, SC106, SC107, its members), not about a reference to it."""
        if owner_id is None:
            return []
        return [finding for finding in self.owner_findings(owner_id) if finding.service is None]

    def need_findings(self, service: Service, need: Need) -> list[Finding]:
        """Findings about one customer need of a service (e.g. SC301: nobody delivers it)."""
        return self._index().need.get((service.id, need.id), [])

    def link_codes(self, link: Link) -> frozenset[str]:
        """The rule codes the check reports for a link: what a view may say is wrong with it."""
        return frozenset(finding.rule for finding in self.link_findings(link))

    def owner_codes(self, owner_id: str | None) -> frozenset[str]:
        """The rule codes the check reports for an owner id."""
        if owner_id is None:
            return frozenset()
        return frozenset(finding.rule for finding in self.owner_entity_findings(owner_id))

    def repository_findings(self) -> list[Finding]:
        """Findings no service can be held to: unreadable files, people no chain uses, ..."""
        return self._index().repository

    def findings_at(self, origin: Origin, path: Path, *rules: str) -> list[Finding]:
        """The findings the check reports at one node of a document (of ``rules`` when given).

        What a view marks on a value (a measure's ``actual``, a ``reviewed_on``, a reference to a
        person) is the finding that points at that value, matched by file, line and column.
        """
        index: dict[tuple[str, int, int], list[Finding]] = self._once("findings_at", self._position_index)
        span = origin.source.locate(path)
        found = index.get((origin.file, span.line, span.column), [])
        return [finding for finding in found if not rules or finding.rule in rules]

    def _position_index(self) -> dict[tuple[str, int, int], list[Finding]]:
        index: dict[tuple[str, int, int], list[Finding]] = defaultdict(list)
        for finding in self.findings:
            index[(finding.file, finding.line, finding.column)].append(finding)
        return index

    def departures(self, person_id: str) -> list[Finding]:
        """SC108/SC109: the findings at the references to a person who has left or is leaving."""

        def compute() -> dict[str, list[Finding]]:
            found: dict[str, list[Finding]] = defaultdict(list)
            for ref, _ in self.model.person_refs():
                found[ref.value] += self.findings_at(ref.origin, ref.path, *DEPARTURE)
            return found

        index: dict[str, list[Finding]] = self._once("departures", compute)
        return index.get(person_id, [])

    def _services_by_owner(self) -> dict[str, list[str]]:
        """Owner id → services in which it owns the service or a link (file order)."""

        def compute() -> dict[str, list[str]]:
            found: dict[str, dict[str, None]] = defaultdict(dict)
            for service in self.model.services.values():
                if service.owner is not None:
                    found[service.owner.value].setdefault(service.id)
                for link in service.links.values():
                    if link.owner is not None:
                        found[link.owner.value].setdefault(service.id)
            return {owner: list(services) for owner, services in found.items()}

        return self._once("services_by_owner", compute)

    def health(self, service_id: str) -> int:
        """100 less the penalties of the findings about the service; data-quality findings do not count."""
        penalty = sum(
            HEALTH_PENALTY[finding.severity]
            for finding in self.service_findings(service_id)
            if not is_data_quality(finding)
        )
        return max(0, 100 - penalty)

    def data_quality_findings(self) -> list[Finding]:
        """Format and syntax problems (SC0xx), in the check's order: what the data-quality section lists."""
        return [finding for finding in self.findings if is_data_quality(finding)]

    def summary(self) -> dict[str, int]:
        counts = severity_counts(self.findings)
        return {
            "services": len(self.model.services),
            "links": self.model.link_count,
            "needs": sum(len(service.needs) for service in self.model.services.values()),
            "people": len(self.model.people),
            "teams": len(self.model.teams),
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
        }
