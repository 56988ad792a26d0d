"""The report's data, machine-readable: what a later report compares itself with.

Services with their owners, links (owner, deputy) and needs, the owners with
what they hold, every finding (with the entity it is about, as a baseline
matches it), the accepted exceptions and each service's health: plain JSON
data, written into the HTML report and as ``report --format json``.

No local path is in it: a finding's file is shown relative to the folder
given on the command line (``shown_file``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from svcchain import __version__
from svcchain.analysis.health import health_band

if TYPE_CHECKING:
    import datetime

    from svcchain.analysis import Analysis
    from svcchain.findings import Finding
    from svcchain.suppress import Directive

#: The key that marks the data of a report, and the version of its shape.
SNAPSHOT_KEY = "svcchain-report"
SNAPSHOT_VERSION = 1


def shown_file(file: str, roots: Iterable[str] = ()) -> str:
    """A chain file's path as a report shows it: never a local folder path.

    A relative path that stays inside the current folder is kept as the user
    named it (``chains/permits.yaml``).  Any other path is shown relative to
    the folder above the path named on the command line that holds it, so a
    report of ``/home/me/clients/eastbrook/chains`` says
    ``chains/permits.yaml``; a file under none of them by its name alone.
    """
    posix = file.replace(os.sep, "/")
    if not os.path.isabs(file) and not posix.startswith("../") and posix != "..":
        return posix
    absolute = os.path.abspath(file)
    best: str | None = None
    for root in roots:
        base = os.path.abspath(root)
        if absolute == base or absolute.startswith(base.rstrip(os.sep) + os.sep):
            parent = os.path.dirname(base.rstrip(os.sep)) or base
            candidate = os.path.relpath(absolute, parent).replace(os.sep, "/")
            if best is None or len(candidate) < len(best):
                best = candidate
    return best if best is not None else os.path.basename(absolute)


def scrub(text: str, roots: Iterable[str] = ()) -> str:
    """``text`` with the local folders above the named paths taken out (a message may quote a path)."""
    for root in roots:
        base = os.path.abspath(root).rstrip(os.sep)
        parent = os.path.dirname(base)
        if parent and parent != os.sep:
            text = text.replace(parent + os.sep, "")
    return text


def finding_data(finding: Finding, roots: Iterable[str] = ()) -> dict[str, Any]:
    """A finding as the check's JSON writes it, its file shown as the report shows it, with its subject."""
    data = finding.to_dict()
    data["file"] = shown_file(finding.file, roots)
    data["message"] = scrub(finding.text, roots)
    if finding.subject:
        data["subject"] = finding.subject
    return data


def snapshot(
    analysis: Analysis,
    today: datetime.date | None = None,
    front: dict[str, str] | None = None,
    accepted: Iterable[tuple[Finding, Directive]] = (),
) -> dict[str, Any]:
    """The data of a report: plain JSON values, in file order."""
    roots = analysis.paths
    services = []
    for service in analysis.services:
        score = analysis.health(service.id)
        services.append(
            {
                "id": service.id,
                "name": service.name,
                "owner": service.owner.value if service.owner is not None else None,
                "health": score,
                "band": health_band(score),
                "needs": list(service.needs),
                "links": [
                    {
                        "id": link.id,
                        "name": link.name,
                        "owner": link.owner.value if link.owner is not None else None,
                        "deputy": link.deputy.value if link.deputy is not None else None,
                    }
                    for link in analysis.handoff_order(service)
                ],
            }
        )
    owners = [
        {"id": row.id, "kind": row.kind, "services": row.services, "links": row.links}
        for row in analysis.ownership()
        if row.services or row.links
    ]
    return {
        SNAPSHOT_KEY: SNAPSHOT_VERSION,
        "version": __version__,
        "today": today.isoformat() if today is not None else None,
        "front": dict(front or {}),
        "summary": analysis.summary(),
        "services": services,
        "owners": owners,
        "findings": [finding_data(finding, roots) for finding in analysis.findings],
        "accepted": [
            {
                "rule": finding.rule,
                "file": shown_file(finding.file, roots),
                "line": finding.line,
                "service": finding.service,
                "link": finding.link,
                "reason": directive.reason,
            }
            for finding, directive in accepted
        ],
    }
