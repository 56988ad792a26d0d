"""``check --statistics``: how many findings each rule raised."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from svcchain.report import Report


def counts(report: Report) -> list[dict]:
    by_rule = Counter(finding.rule for finding in report.findings)
    first = {}
    for finding in report.findings:
        first.setdefault(finding.rule, finding)
    rows = [
        {"rule": code, "name": first[code].name, "severity": first[code].severity.value, "count": count}
        for code, count in by_rule.items()
    ]
    rows.sort(key=lambda row: (-row["count"], row["rule"]))
    return rows


def render(report: Report, fmt: str = "text") -> str:
    rows = counts(report)
    if fmt == "json":
        return json.dumps({"version": report.version, "summary": report.summary(), "statistics": rows}, indent=2) + "\n"
    from svcchain.reporters.text import summary_line

    width = max((len(str(row["count"])) for row in rows), default=1)
    lines = [f"{row['count']:>{width}}  {row['rule']}  {row['name']} [{row['severity']}]" for row in rows]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
