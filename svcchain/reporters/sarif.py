"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

One run, one tool.  The driver lists every rule of the registry (sorted by
code) with its documentation, so code scanning can explain an alert without
svcchain installed.  Locations are repository-relative URIs under
``%SRCROOT%``; fingerprints hash rule, path and subject (not the line), so an
alert survives unrelated edits.  No timestamps: the same input gives the same
bytes.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from svcchain.reporters._common import clean, fingerprints, repo_path

if TYPE_CHECKING:
    from svcchain.report import Report
    from svcchain.rules import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "svcchain/v1"

LEVELS = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
_MAX_DESCRIPTION = 1024  # GitHub's limit for short and full descriptions

_DRIVE = re.compile(r"^[A-Za-z]:/")


def artifact_location(file: str) -> dict[str, str]:
    """A relative path as a URI reference under %SRCROOT%; an absolute one as a file: URI."""
    path = repo_path(file)
    raw = path.encode("utf-8", "surrogatepass")
    if path.startswith("/") or _DRIVE.match(path):
        prefix = "file://" if path.startswith("/") else "file:///"
        return {"uri": prefix + quote(raw, safe="/:" if _DRIVE.match(path) else "/")}
    return {"uri": quote(raw, safe="/"), "uriBaseId": SRCROOT}


def _sentence(text: str) -> str:
    """One paragraph of plain text: the registry's wrapped lines joined, within the limit."""
    flat = " ".join(text.split())
    if flat[:1].isalpha():
        flat = flat[0].upper() + flat[1:]
    if len(flat) > _MAX_DESCRIPTION:
        flat = flat[: _MAX_DESCRIPTION - 1].rstrip() + "…"
    return flat


def _indented(block: str) -> str:
    return "".join(f"    {line}\n" for line in block.rstrip("\n").split("\n"))


def _help_text(rule: Rule) -> str:
    return f"{_sentence(rule.why)}\n\nBad:\n{_indented(rule.bad)}\nGood:\n{_indented(rule.good)}"


def _help_markdown(rule: Rule) -> str:
    return (
        f"**{rule.code} {rule.name}**: {rule.summary}.\n\n"
        f"{rule.why.strip()}\n\n"
        f"Bad:\n\n```yaml\n{rule.bad.rstrip()}\n```\n\n"
        f"Good:\n\n```yaml\n{rule.good.rstrip()}\n```\n"
    )


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _sentence(rule.summary)},
        "fullDescription": {"text": _sentence(rule.why)},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
        "properties": {
            "tags": ["svcchain", rule.family] if rule.family else ["svcchain"],
            "precision": "very-high",
            "problem.severity": PROBLEM_SEVERITY[rule.severity.value],
        },
    }


def to_sarif(report: Report) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    from svcchain.rules import load_rules

    rules = list(load_rules().values())
    index = {rule.code: position for position, rule in enumerate(rules)}
    results = []
    for finding, fingerprint in zip(report.findings, fingerprints(report.findings), strict=False):
        physical: dict[str, Any] = {"artifactLocation": artifact_location(finding.file)}
        if finding.line >= 1:  # a file-level finding has no region rather than line 0
            region: dict[str, int] = {"startLine": finding.line}
            if finding.column >= 1:
                region["startColumn"] = finding.column
            physical["region"] = region
        result: dict[str, Any] = {"ruleId": finding.rule}
        if finding.rule in index:
            result["ruleIndex"] = index[finding.rule]
        result.update(
            {
                "level": LEVELS[finding.severity.value],
                "message": {"text": clean(finding.text)},
                "locations": [{"physicalLocation": physical}],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
            }
        )
        results.append(result)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "svcchain",
                        "version": report.version,
                        "semanticVersion": report.version,
                        "informationUri": _homepage(),
                        "rules": [rule_descriptor(rule) for rule in rules],
                    }
                },
                "originalUriBaseIds": {
                    SRCROOT: {
                        "description": {
                            "text": "The root of the repository: svcchain ran there, "
                            "and the paths of the results are relative to it."
                        }
                    },
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _homepage() -> str:
    from svcchain.project import HOMEPAGE

    return HOMEPAGE


def render(report: Report) -> str:
    return json.dumps(to_sarif(report), indent=2, ensure_ascii=False) + "\n"
