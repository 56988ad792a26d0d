"""The ownership matrix as CSV, JSON and Markdown (the table view lives in ``terminal``).

CSV goes through the csv module; a cell that a spreadsheet would read as a
formula (leading ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets a
leading ``'``.
"""

from __future__ import annotations

import csv
import io
import json

from svcchain.analysis import Analysis
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
)


def render_csv(analysis: Analysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in analysis.ownership():
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
                )
            ]
        )
    return out.getvalue()


def render_json(analysis: Analysis) -> str:
    data = {
        "max_links_per_owner": analysis.max_links_per_owner,
        "owners": [row.to_dict() for row in analysis.ownership()],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_markdown(analysis: Analysis) -> str:
    from svcchain.views.markdown import ownership_table

    lines = [
        "# Ownership matrix",
        "",
        f"Load counts the links an owner holds directly (the limit is {analysis.max_links_per_owner}); "
        "a person also carries the links of their teams (via teams).",
        "",
    ]
    lines += ownership_table(analysis.ownership())
    return "\n".join(lines) + "\n"
