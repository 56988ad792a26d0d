"""``check --statistics``: how many findings each rule raised."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from svcchain.findings import Finding
    from svcchain.report import Report


class Row(TypedDict):
    """One rule's line of the statistics (an object of the JSON output)."""

    rule: str
    name: str
    severity: str
    count: int


def counts(report: Report) -> list[Row]:
    by_rule = Counter(finding.rule for finding in report.findings)
    first: dict[str, Finding] = {}
    for finding in report.findings:
        first.setdefault(finding.rule, finding)
    rows: list[Row] = [
        {"rule": code, "name": first[code].name, "severity": first[code].severity.value, "count": count}
        for code, count in by_rule.items()
    ]
    rows.sort(key=lambda row: (-row["count"], row["rule"]))
    return rows


#: the formats ``--statistics`` writes (``check`` refuses the others)
FORMATS = ("text", "json")


def render(report: Report, fmt: str = "text") -> str:
    if fmt not in FORMATS:
        raise ValueError(f"statistics are written as {' or '.join(FORMATS)}, not {fmt}")
    rows = counts(report)
    if fmt == "json":
        return json.dumps({"version": report.version, "summary": report.summary(), "statistics": rows}, indent=2) + "\n"
    from svcchain.reporters.text import summary_line

    width = max((len(str(row["count"])) for row in rows), default=1)
    lines = [f"{row['count']:>{width}}  {row['rule']}  {row['name']} [{row['severity']}]" for row in rows]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
