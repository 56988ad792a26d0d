"""``svcchain impact --asset ID``: what depends on an asset, and who answers for it (terminal and JSON)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.rule import Rule
from rich.text import Text

from svcchain.views.escape import one_line
from svcchain.views.terminal import _join, _t
from svcchain.views.terminal_impact import needs_at_risk

if TYPE_CHECKING:
    from svcchain.analysis import Analysis, AssetImpact

ASSET_IMPACT_DEFINITION = (
    "When an asset fails, every link whose 'assets' names it stops, and with it every link that needs "
    "its result (all 'after' inputs, one of the 'after_any' alternatives). A customer need is at risk "
    "when no link that delivers it is delivered any more, while at least one was before."
)


def asset_view(analysis: Analysis, impact: AssetImpact) -> Group:
    asset = impact.asset
    title = _join(Text("If asset ", style="bold"), Text(one_line(impact.id), style="bold cyan"), Text(" fails"))
    if asset is not None and asset.name:
        title.append(f"  {one_line(asset.name)}", style="dim")
    parts: list[Any] = [Rule(title, align="left")]
    if asset is None:
        note = "not declared under 'assets:'"
        parts.append(Text(f"{note}: no owner or supplier on record", style="yellow"))
    else:
        facts = [("kind", asset.kind), ("supplier", asset.supplier)]
        owner = impact.owner
        line = Text("owner: ")
        if owner is None:
            line.append("none", style="bold red")
        else:
            line.append(one_line(owner.label), style="bold")
            name = analysis.name_of(owner.id)
            if name:
                line.append(f" ({one_line(name)})", style="dim")
        parts.append(line)
        for label, value in facts:
            if value:
                parts.append(_join(Text(f"{label}: "), _t(value)))
    for finding in impact.findings:
        parts.append(Text(f"{finding.rule} {one_line(finding.text)}", style="yellow"))
    if not impact.links:
        parts.append(Text("No link names it in 'assets': nothing depends on it in the chains.", style="dim"))
        return Group(*parts)
    parts.append(Text(f"Links that rest on it ({len(impact.links)})", style="bold"))
    for link in impact.links:
        owner_id = link.owner.value if link.owner is not None else "no owner"
        parts.append(
            _join(Text("  "), Text(link.key, style="bold"), Text(f"  owner: {one_line(owner_id)}", style="dim"))
        )
    if impact.needs_at_risk:
        parts += needs_at_risk(impact.needs_at_risk, "through")
    else:
        parts.append(Text("✔ no customer need is at risk: each still has a delivering link without it", style="green"))
    parts.append(_join(Text("Services affected: ", style="bold"), Text(", ".join(s.id for s in impact.services))))
    parts.append(Text(ASSET_IMPACT_DEFINITION, style="dim"))
    return Group(*parts)


def render_text(analysis: Analysis, impact: AssetImpact) -> Group:
    return asset_view(analysis, impact)


def render_json(analysis: Analysis, impact: AssetImpact) -> str:
    asset = impact.asset
    data = {
        "asset": impact.id,
        "declared": asset is not None,
        "name": asset.name if asset is not None else None,
        "kind": asset.kind if asset is not None else None,
        "owner": impact.owner.id if impact.owner is not None else None,
        "supplier": asset.supplier if asset is not None else None,
        "findings": [finding.to_dict() for finding in impact.findings],
        "links": [link.key for link in impact.links],
        "services_affected": [service.id for service in impact.services],
        "needs_at_risk": [
            {
                "service": risk.service.id,
                "need": risk.need.id,
                "text": risk.need.text,
                "through": [link.key for link in risk.lost_on_paths],
            }
            for risk in impact.needs_at_risk
        ],
        "definition": ASSET_IMPACT_DEFINITION,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
