"""Small shared pieces of the reports: what a finding says and what to do about it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.render.analysis import ChainPath

if TYPE_CHECKING:
    from svcchain.findings import Finding


def what_and_todo(finding: "Finding") -> tuple[str, str]:
    """Split a finding's message into what is wrong and what to do.

    Every message names the problem, then - after the first ``"; "`` - what
    to do.  A message without that part keeps its text; the advice then
    comes from the rule's summary.
    """
    what, separator, todo = finding.message.partition("; ")
    if separator and todo:
        return what, todo[:1].upper() + todo[1:]
    try:
        from svcchain.rules import find_rule

        declared = find_rule(finding.rule)
    except Exception:  # noqa: BLE001 - advice is a courtesy, never a failure
        declared = None
    return finding.message, (f"See rule {finding.rule} ({declared.name}): {declared.summary}."
                             if declared is not None else "")


def location(finding: "Finding") -> str:
    return f"{finding.file}:{finding.line}:{finding.column}"


def hop_names(path: ChainPath, service_id: str) -> list[str]:
    """Hops as a reader knows them: ``link`` in the service, ``service/link`` elsewhere."""
    return [hop.link.id if hop.link.service == service_id else hop.link.key for hop in path.hops]


def weakest_text(path: ChainPath, service_id: str) -> str:
    index = path.weakest
    if index is None:
        return ""
    hop = path.hops[index]
    name = hop_names(path, service_id)[index]
    return f"{name}: " + "; ".join(issue.text for issue in hop.issues)
