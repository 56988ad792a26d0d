"""What a rule sees: the model, its graph and the settings that tune rules."""

from __future__ import annotations

from dataclasses import dataclass

from svcchain.chainmodel import ChainModel
from svcchain.graph import ChainGraph


@dataclass(frozen=True)
class RuleSettings:
    max_links_per_owner: int = 7


@dataclass(frozen=True)
class Context:
    model: ChainModel
    graph: ChainGraph
    settings: RuleSettings = RuleSettings()
