"""The outcome of one check: the findings and the model they are about."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from svcchain import __version__
from svcchain.findings import Finding
from svcchain.selectors import Severity, fails_at

if TYPE_CHECKING:
    from svcchain.chainmodel import ChainModel
    from svcchain.graph import ChainGraph
    from svcchain.suppress import Directive


@dataclass
class Report:
    """What ``svcchain check`` found; every reporter and view reads only this."""

    findings: list[Finding]
    files: int
    services: int
    links: int
    model: ChainModel | None = field(default=None, repr=False)
    graph: ChainGraph | None = field(default=None, repr=False)
    version: str = __version__
    #: codes of the rules this run checked (the others were disabled by select/ignore)
    enabled: tuple[str, ...] = ()
    #: findings silenced by an inline directive, with the directive
    suppressed: list[tuple[Finding, Directive]] = field(default_factory=list, repr=False)
    #: findings matched by the baseline (not reported)
    baselined: int = 0
    #: the run's fail level (``--fail-on``: error, warning, info or never): what the exit status follows
    fail_on: str = "error"
    #: the day the check measured dates against (--today, SOURCE_DATE_EPOCH or the clock)
    today: datetime.date | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    @property
    def infos(self) -> int:
        return self.count(Severity.INFO)

    def summary(self) -> dict[str, int]:
        return {
            "files": self.files,
            "services": self.services,
            "links": self.links,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
        }

    def failing(self, finding: Finding, fail_on: str | None = None) -> bool:
        """Is ``finding`` at or above the fail level (this run's, unless ``fail_on`` is given)?"""
        return fails_at(finding.severity, self.fail_on if fail_on is None else fail_on)

    def fails(self, fail_on: str | None = None) -> bool:
        """Does the run fail (exit status 1): a finding at or above the fail level?"""
        return any(self.failing(finding, fail_on) for finding in self.findings)
