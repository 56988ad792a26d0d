"""Small shared pieces of the reports: what a finding says and what to do about it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.analysis import ChainPath, Hop

if TYPE_CHECKING:
    from svcchain.findings import Finding


def what_and_todo(finding: Finding) -> tuple[str, str]:
    """What is wrong and what to do, as the rule that found it said them.

    A finding without its own advice (there is none today, but a rule may
    leave it out) points at the rule's summary instead.
    """
    if finding.fix:
        return finding.message, finding.fix[:1].upper() + finding.fix[1:]
    from svcchain.rules import find_rule

    declared = find_rule(finding.rule)
    return finding.message, (
        f"See rule {finding.rule} ({declared.name}): {declared.summary}." if declared is not None else ""
    )


def location(finding: Finding) -> str:
    return f"{finding.file}:{finding.line}:{finding.column}"


def hop_name(hop: Hop, service_id: str) -> str:
    """A hop as a reader knows it: ``link`` in the service, ``service/link`` elsewhere."""
    return hop.link.id if hop.link.service == service_id else hop.link.key


def hop_names(path: ChainPath, service_id: str) -> list[str]:
    """The hops of a path as a reader knows them (see ``hop_name``)."""
    return [hop_name(hop, service_id) for hop in path.hops]


def weakest_text(path: ChainPath, service_id: str) -> str:
    index = path.weakest
    if index is None:
        return ""
    hop = path.hops[index]
    name = hop_names(path, service_id)[index]
    return f"{name}: " + "; ".join(issue.text for issue in hop.issues)
