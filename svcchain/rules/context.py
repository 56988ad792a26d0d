"""What a rule sees: the model, its graph and the settings that tune rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from svcchain.chainmodel import ChainModel
from svcchain.codeowners import CodeOwners
from svcchain.graph import ChainGraph
from svcchain.today import system_today


@dataclass(frozen=True)
class RuleSettings:
    max_links_per_owner: int = 7
    today: datetime.date = field(default_factory=system_today)
    leaving_warning_days: int = 30
    review_every: int = 365
    #: the CODEOWNERS file configured or found (SC601 compares the links' ``paths`` with it); None: none
    codeowners: CodeOwners | None = None


@dataclass(frozen=True)
class Context:
    model: ChainModel
    graph: ChainGraph
    settings: RuleSettings = RuleSettings()
