"""The ownership matrix as CSV, JSON and Markdown (the table view lives in ``terminal``).

CSV goes through the csv module; a cell that a spreadsheet would read as a
formula (leading ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a
leading ``'``.  With ``assets`` (``owners --assets``) the CSV and Markdown
list the assets per owner instead; the JSON always holds both.  Whether a
person has left or is leaving is the check's SC108/SC109 finding.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from svcchain.analysis import Analysis
from svcchain.views.chainfacts import AssetEntry, asset_register, assets_by_owner, owner_extras
from svcchain.views.escape import csv_cell

COLUMNS = (
    "owner",
    "kind",
    "name",
    "role",
    "teams",
    "members",
    "facilitator",
    "facilitates",
    "services",
    "links",
    "via_teams",
    "load",
    "overloaded",
    "findings",
    "manager",
    "active_until",
    "departure",
    "assets",
)

ASSET_COLUMNS = ("owner", "owner_kind", "departure", "asset", "name", "kind", "supplier", "links", "issues")


def _issues(entry: AssetEntry) -> list[str]:
    """Rule codes of the check's findings about an entry of the asset register."""
    found = [*entry.undeclared, entry.unowned]
    if entry.owner is not None:
        found += [entry.owner.unknown, entry.owner.departure]
    return sorted({finding.rule for finding in found if finding is not None})


def _assets_csv(analysis: Analysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ASSET_COLUMNS)
    for owner_id, entries in assets_by_owner(analysis):
        extras = owner_extras(analysis, owner_id) if owner_id is not None else None
        for entry in entries:
            asset = entry.asset
            values = (
                owner_id or "",
                (analysis.model.owner_kind(owner_id) or "undeclared") if owner_id is not None else "",
                (extras.status or "") if extras is not None else "",
                entry.id,
                asset.name if asset is not None else "",
                asset.kind if asset is not None else "",
                asset.supplier if asset is not None else "",
                "; ".join(link.key for link in entry.links),
                "; ".join(_issues(entry)),
            )
            writer.writerow([csv_cell(value or "") for value in values])
    return out.getvalue()


def render_csv(analysis: Analysis, assets: bool = False) -> str:
    if assets:
        return _assets_csv(analysis)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in analysis.ownership():
        extras = owner_extras(analysis, row.id)
        writer.writerow(
            [
                csv_cell(value)
                for value in (
                    row.id,
                    row.kind,
                    row.name or "",
                    row.role or "",
                    "; ".join(row.teams),
                    "; ".join(row.members),
                    row.facilitator or "",
                    "; ".join(row.facilitates),
                    "; ".join(row.services),
                    "; ".join(row.links),
                    "; ".join(row.via_teams),
                    row.load,
                    "yes" if row.overloaded else "no",
                    row.findings,
                    extras.manager or "",
                    extras.active_until.isoformat() if extras.active_until else "",
                    extras.status or "",
                    "; ".join(extras.assets),
                )
            ]
        )
    return out.getvalue()


def _asset(entry: AssetEntry) -> dict[str, Any]:
    asset = entry.asset
    return {
        "id": entry.id,
        "declared": asset is not None,
        "name": asset.name if asset is not None else None,
        "kind": asset.kind if asset is not None else None,
        "owner": entry.owner.id if entry.owner is not None else None,
        "supplier": asset.supplier if asset is not None else None,
        "links": [link.key for link in entry.links],
        "issues": _issues(entry),
    }


def render_json(analysis: Analysis, assets: bool = False) -> str:
    """Every owner with the assets they own, and the asset register (the same with or without ``assets``)."""
    register = asset_register(analysis)
    owned: dict[str, list[dict[str, Any]]] = {}
    for entry in register:
        if entry.owner is not None and entry.asset is not None:
            asset = entry.asset
            owned.setdefault(entry.owner.id, []).append(
                {"id": entry.id, "name": asset.name, "kind": asset.kind, "supplier": asset.supplier}
            )
    owners = []
    for row in analysis.ownership():
        extras = owner_extras(analysis, row.id)
        data = row.to_dict()
        data["manager"] = extras.manager
        data["active_until"] = extras.active_until.isoformat() if extras.active_until else None
        data["departure"] = extras.status  # "left" (SC108), "leaving" (SC109) or null: the check's findings
        data["assets"] = owned.get(row.id, [])
        owners.append(data)
    result = {
        "max_links_per_owner": analysis.max_links_per_owner,
        "owners": owners,
        "assets": [_asset(entry) for entry in register],
    }
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def render_markdown(analysis: Analysis, assets: bool = False) -> str:
    from svcchain.views.markdown import ownership_table

    if assets:
        from svcchain.views.markdown_register import assets_by_owner_table

        lines = ["# Assets by owner", "", *assets_by_owner_table(analysis)]
        return "\n".join(lines) + "\n"

    lines = [
        "# Ownership matrix",
        "",
        f"Load counts the links an owner holds directly (the limit is {analysis.max_links_per_owner}); "
        "a person also carries the links of their teams (via teams).",
        "",
    ]
    lines += ownership_table(analysis.ownership(), analysis)
    return "\n".join(lines) + "\n"
