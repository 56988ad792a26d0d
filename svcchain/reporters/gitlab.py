"""``--format gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality``).

A JSON array, ``[]`` when all is well; UTF-8 without a byte-order mark.
Severities: error → ``major``, warning → ``minor``, info → ``info``
(``critical`` and ``blocker`` are left for the findings a team escalates
itself).  The fingerprint hashes rule, path and subject, not the line, so
the merge-request widget does not report a finding as fixed and new again
when unrelated lines move; same-subject duplicates get an occurrence number.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from svcchain.reporters._common import clean, fingerprints, repo_path

if TYPE_CHECKING:
    from svcchain.report import Report

SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(report: Report) -> str:
    issues = [
        {
            "description": clean(f"{finding.rule} {finding.name}: {finding.text}"),
            "check_name": finding.rule,
            "fingerprint": fingerprint,
            "severity": SEVERITIES[finding.severity.value],
            "location": {"path": repo_path(finding.file), "lines": {"begin": max(finding.line, 1)}},
        }
        for finding, fingerprint in zip(report.findings, fingerprints(report.findings), strict=False)
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
