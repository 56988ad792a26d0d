"""Assets: what depends on a system, contract or place, and who answers for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from svcchain.analysis.impact import ImpactAnalysis, NeedAtRisk

if TYPE_CHECKING:
    from svcchain.analysis.owners import OwnerStatus
    from svcchain.chainmodel import Asset, Link, Service
    from svcchain.findings import Finding


@dataclass
class AssetImpact:
    """What stops when one asset fails: the links that rest on it and what they carry to the customer."""

    id: str
    asset: Asset | None  # None: not declared (a free-text name in the links' 'assets')
    owner: OwnerStatus | None  # the asset's owner, as declared, with the check's findings about it
    links: list[Link] = field(default_factory=list)  # in file order
    services: list[Service] = field(default_factory=list)
    needs_at_risk: list[NeedAtRisk] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # what the check says about the asset itself


class AssetAnalysis(ImpactAnalysis):
    """The asset register, and the impact of an asset that fails."""

    def asset_ids(self) -> list[str]:
        """Declared assets first (file order), then names links use that nobody declared."""
        seen = dict.fromkeys(self.model.assets)
        for link in self.model.links():
            for ref in link.assets:
                seen.setdefault(ref.value)
        return list(seen)

    def links_using(self, asset_id: str) -> list[Link]:
        index: dict[str, list[Link]] = self._once("links_using", self._asset_index)
        return index.get(asset_id, [])

    def _asset_index(self) -> dict[str, list[Link]]:
        index: dict[str, list[Link]] = {}
        for link in self.model.links():
            for value in dict.fromkeys(ref.value for ref in link.assets):
                index.setdefault(value, []).append(link)
        return index

    def asset_findings(self, asset_id: str) -> list[Finding]:
        """The check's findings about the asset: those that name it (SC501 at a link's entry, SC502, and
        SC003, SC102, SC108 and SC109 about its owner value)."""
        index: dict[str, list[Finding]] = self._once("asset_findings", self._asset_findings_index)
        return index.get(asset_id, [])

    def _asset_findings_index(self) -> dict[str, list[Finding]]:
        index: dict[str, list[Finding]] = {}
        for finding in self.findings:
            if finding.asset is not None:
                index.setdefault(finding.asset, []).append(finding)
        return index

    def asset_impact(self, asset_id: str) -> AssetImpact:
        """What breaks when the asset fails: every link that names it stops, and what they stop."""
        from svcchain.graph import link_node

        asset = self.model.assets.get(asset_id)
        owner = self.owner_status(asset.owner.value) if asset is not None and asset.owner is not None else None
        impact = AssetImpact(asset_id, asset, owner, findings=self.asset_findings(asset_id))
        impact.links = self.links_using(asset_id)
        services = dict.fromkeys(link.service for link in impact.links)
        model = self.model
        for need_node, lost_nodes in self._at_risk({link_node(link) for link in impact.links}):
            service = model.services[need_node[1]]
            lost = sorted((self.graph.handoffs.entity(node) for node in lost_nodes), key=lambda link: link.seq)
            impact.needs_at_risk.append(NeedAtRisk(service, service.needs[need_node[2]], tuple(lost)))
            services.setdefault(service.id)
        positions = {need: index for service in model.services.values() for index, need in enumerate(service.needs)}
        impact.needs_at_risk.sort(key=lambda risk: (risk.service.seq, positions[risk.need.id]))
        impact.services = sorted((model.services[sid] for sid in services), key=lambda service: service.seq)
        return impact
