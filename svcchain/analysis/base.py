"""The model, its graph and its findings, shared by every topic of the analysis."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from svcchain.findings import Finding

if TYPE_CHECKING:
    from svcchain.chainmodel import ChainModel, Service, Team
    from svcchain.graph import ChainGraph
    from svcchain.report import Report


Progress = Callable[[], None] | None


AnalysisT = TypeVar("AnalysisT", bound="AnalysisBase")
T = TypeVar("T")


class AnalysisBase:
    """What every topic reads: the checked model, its graph, its findings; computed once, on first use."""

    def __init__(
        self,
        model: ChainModel,
        graph: ChainGraph,
        findings: Iterable[Finding] = (),
        max_links_per_owner: int = 7,
        paths: tuple[str, ...] = (),
    ) -> None:
        self.model = model
        self.graph = graph
        self.findings = list(findings)
        self.max_links_per_owner = max_links_per_owner
        self.paths = tuple(paths)
        self._cache: dict[str, Any] = {}

    @classmethod
    def from_report(
        cls: type[AnalysisT], report: Report, max_links_per_owner: int = 7, paths: Iterable[str] = ()
    ) -> AnalysisT:
        """The analysis of a finished check: its model, graph and findings."""
        if report.model is None or report.graph is None:
            raise ValueError("the report holds no model: it was not made by svcchain.engine.check")
        return cls(report.model, report.graph, report.findings, max_links_per_owner, tuple(paths))

    def _once(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()`` the first time ``key`` is asked for, the same object after that."""
        if key not in self._cache:
            self._cache[key] = compute()
        found: T = self._cache[key]
        return found

    # ----------------------------------------------------------------- basics

    @property
    def services(self) -> list[Service]:
        return list(self.model.services.values())

    def service(self, service_id: str) -> Service | None:
        return self.model.services.get(service_id)

    def owner_ids(self) -> list[str]:
        return list(self.model.people) + list(self.model.teams)

    def name_of(self, owner_id: str | None) -> str | None:
        if owner_id is None:
            return None
        model = self.model
        entity = model.people.get(owner_id) or model.teams.get(owner_id)
        if entity is None:  # the owner directory's people and teams have names too
            listed = model.directory_people.get(owner_id) or model.directory_teams.get(owner_id)
            return listed.name if listed is not None else None
        return entity.name

    def declared_members(self, team: Team) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for ref in team.members:
            if self.model.is_person(ref.value):  # in a chain file or in the owner directory
                seen.setdefault(ref.value)
        return tuple(seen)
