"""What the views compute: pure functions of the checked model, graph and findings.

Every view (show, trace, owners, impact, graph, report) reads one
``Analysis`` so that the terminal, the diagrams and the report tell the same
story.  Nothing here prints, reads files or knows about a format.

Terms used throughout:

- *handoff order*: the links of a service sorted so that every link comes
  after the links of the same service it builds on (``after``); ties keep
  file order; a circle of handoffs (SC202) is broken at its first link in
  file order, so the order always exists and is found in linear time.
- *effective owner*: the owner of a link when it is a declared person, or a
  declared team with at least one declared member.  A link without one has
  *no effective owner* (missing or undeclared owner, or an empty team).
- *chain start*: a link that builds on no other link, or a link in a circle
  of links that no other link feeds.
- *delivering path* of a customer need: a path of handoffs from a chain start
  to a link that delivers the need (what ``trace`` lists).
- *delivered* link (impact): it has an owner (the check does not call it
  unowned) and every link it builds on with ``after`` is delivered, and one
  of its ``after_any`` alternatives when it has any.  A circle of links
  counts as delivered when all its links have an owner and all its inputs
  from outside the circle are delivered.  A need is delivered when one of
  the links that deliver it is.
"""

from svcchain.analysis.assets import AssetAnalysis, AssetImpact
from svcchain.analysis.base import Progress
from svcchain.analysis.health import (
    HEALTH_BANDS,
    HEALTH_EXPLANATION,
    HEALTH_PENALTY,
    SEVERITY_ORDER,
    health_band,
    severity_counts,
    worst_severity,
)
from svcchain.analysis.impact import IMPACT_DEFINITION, Impact, LostLink, NeedAtRisk
from svcchain.analysis.owners import OwnerRow, OwnerStatus
from svcchain.analysis.trace import DEFAULT_MAX_PATHS, ChainPath, Hop, Issue, NeedTrace


class Analysis(AssetAnalysis):
    """The model, its graph and its findings, with the computations the views share.

    Each topic builds on the ones before it: base (model, graph, findings),
    health (findings by entity), owners, order, trace, impact, assets.  Cheap to
    build; every computation is done once, on first use.
    """


__all__ = [
    "DEFAULT_MAX_PATHS",
    "HEALTH_BANDS",
    "HEALTH_EXPLANATION",
    "HEALTH_PENALTY",
    "IMPACT_DEFINITION",
    "SEVERITY_ORDER",
    "Analysis",
    "AssetImpact",
    "ChainPath",
    "Hop",
    "Impact",
    "Issue",
    "LostLink",
    "NeedAtRisk",
    "NeedTrace",
    "OwnerRow",
    "OwnerStatus",
    "Progress",
    "health_band",
    "severity_counts",
    "worst_severity",
]
