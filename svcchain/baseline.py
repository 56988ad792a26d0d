"""Baselines: adopt svcchain in a large repository and fail only on new findings.

A finding is matched by rule, file and the entity it is about: its
``subject`` (``link:mail/deliver``, ``owner:ghost``) together with the
finding's ``service`` and ``link``, not by line number, so unrelated edits
do not break the baseline and a new finding is never traded against a known
one about another entity.  Matching counts occurrences: two known findings of
the same key cover two, a third is new.

Version 1 files recorded (rule, file, subject) only; they are still read and
match as before.  Writing always writes the current version.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from svcchain.findings import Finding
from svcchain.selectors import UNSILENCEABLE

BASELINE_VERSION = 2
#: versions this svcchain reads
READABLE_VERSIONS = (1, 2)

#: What a version-1 entry is matched by: (rule, file, subject)
Key = tuple[str, str, str]
#: What an entry is matched by: (rule, file, subject, service, link)
EntityKey = tuple[str, str, str, str | None, str | None]


class BaselineError(Exception):
    """A baseline file that cannot be used (exit status 2)."""


@dataclass(frozen=True)
class Known:
    """The findings a baseline file records, counted by what they are matched by."""

    entities: Counter[EntityKey] = field(default_factory=Counter)
    #: entries of a version-1 file: no service or link recorded
    legacy: Counter[Key] = field(default_factory=Counter)

    def total(self) -> int:
        return self.entities.total() + self.legacy.total()


def key_of(finding: Finding) -> Key:
    return (finding.rule, finding.file, finding.subject or finding.text)


def entity_key_of(finding: Finding) -> EntityKey:
    rule, file, subject = key_of(finding)
    return (rule, file, subject, finding.service, finding.link)


def _entry(finding: Finding) -> dict[str, str]:
    entry = {"rule": finding.rule, "file": finding.file, "subject": finding.subject or finding.text}
    if finding.service is not None:
        entry["service"] = finding.service
    if finding.link is not None:
        entry["link"] = finding.link
    entry["message"] = finding.text
    return entry


def render(findings: Iterable[Finding]) -> str:
    """The baseline file: sorted, deterministic JSON."""
    import json

    entries = sorted(
        (_entry(f) for f in findings),
        key=lambda e: (
            e["file"],
            e["rule"],
            e["subject"],
            e.get("service", ""),
            e.get("link", ""),
            e["message"],
        ),
    )
    return json.dumps({"svcchain-baseline": BASELINE_VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def parse(text: str, source: str = "baseline") -> Known:
    """The known findings of a baseline file (version 1 or 2), counted by key."""
    import json

    try:
        data = json.loads(text)
    except ValueError as exc:
        raise BaselineError(f"{source}: not a svcchain baseline (invalid JSON: {exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{source}: not a svcchain baseline (write one with --write-baseline)")
    version = data.get("svcchain-baseline")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        if isinstance(version, int) and not isinstance(version, bool) and version > BASELINE_VERSION:
            raise BaselineError(
                f"{source}: baseline version {version} is newer than this svcchain reads "
                f"(up to {BASELINE_VERSION}); upgrade svcchain"
            )
        raise BaselineError(f"{source}: not a svcchain baseline (write one with --write-baseline)")
    known = Known()
    for entry in data["findings"]:
        if not _well_formed(entry, version):
            raise BaselineError(f"{source}: malformed entry {entry!r}")
        rule, file, subject = entry["rule"], entry["file"], entry["subject"]
        if version == 1:
            known.legacy[(rule, file, subject)] += 1
        else:
            known.entities[(rule, file, subject, entry.get("service"), entry.get("link"))] += 1
    return known


def _well_formed(entry: Any, version: int) -> bool:
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("rule", "file", "subject")):
        return False
    return version == 1 or all(isinstance(entry.get(k), (str, type(None))) for k in ("service", "link"))


def split(findings: list[Finding], known: Known) -> tuple[list[Finding], int]:
    """(new findings, number matched by the baseline)."""
    entities = Counter(known.entities)
    legacy = Counter(known.legacy)
    new = []
    matched = 0
    for finding in findings:
        if finding.rule in UNSILENCEABLE:  # an unread file is never 'known'
            new.append(finding)
            continue
        entity = entity_key_of(finding)
        key = key_of(finding)
        if entities[entity] > 0:
            entities[entity] -= 1
            matched += 1
        elif legacy[key] > 0:
            legacy[key] -= 1
            matched += 1
        else:
            new.append(finding)
    return new, matched
