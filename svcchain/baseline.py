"""Baselines: adopt svcchain in a large repository and fail only on new findings.

A finding is matched by rule, file and the entity it is about (its
``subject``: service, link, owner ids), not by line number, so unrelated
edits do not break the baseline.  Matching counts occurrences: two known
findings of the same key cover two, a third is new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from svcchain.findings import Finding

BASELINE_VERSION = 1

#: What a finding is matched by: (rule, file, subject)
Key = tuple[str, str, str]


class BaselineError(Exception):
    """A baseline file that cannot be used (exit status 2)."""


def key_of(finding: Finding) -> Key:
    return (finding.rule, finding.file, finding.subject or finding.text)


def render(findings: Iterable[Finding]) -> str:
    """The baseline file: sorted, deterministic JSON."""
    import json

    entries = sorted(
        ({"rule": f.rule, "file": f.file, "subject": f.subject or f.text, "message": f.text} for f in findings),
        key=lambda entry: (entry["file"], entry["rule"], entry["subject"], entry["message"]),
    )
    return json.dumps({"svcchain-baseline": BASELINE_VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def parse(text: str, source: str = "baseline") -> Counter[Key]:
    """The known findings of a baseline file, counted by key."""
    import json

    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BaselineError(f"{source}: not a svcchain baseline (invalid JSON: {exc})") from None
    if (
        not isinstance(data, dict)
        or data.get("svcchain-baseline") != BASELINE_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise BaselineError(f"{source}: not a svcchain baseline (write one with --write-baseline)")
    known: Counter[Key] = Counter()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("rule", "file", "subject")):
            raise BaselineError(f"{source}: malformed entry {entry!r}")
        known[(entry["rule"], entry["file"], entry["subject"])] += 1
    return known


def split(findings: list[Finding], known: Counter[Key]) -> tuple[list[Finding], int]:
    """(new findings, number matched by the baseline)."""
    remaining = Counter(known)
    new = []
    matched = 0
    for finding in findings:
        key = key_of(finding)
        if remaining[key] > 0:
            remaining[key] -= 1
            matched += 1
        else:
            new.append(finding)
    return new, matched
