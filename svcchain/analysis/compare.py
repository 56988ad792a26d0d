"""What changed since the last visit: an earlier report's data (or check's JSON) against today's.

The earlier side is the data a report embeds (``snapshot``), or the JSON of
``svcchain check --format json``.  Findings are matched as ``svcchain diff``
matches them (``svcchain.matching``: by rule, file and the entity they are
about, counting repeats).  A check's JSON holds findings only, without the
entity keys and without the model: its findings are matched by rule, file,
service, link and message, and services, links, owners and health are not
compared (``Comparison.not_compared`` says so).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from svcchain.analysis.snapshot import SNAPSHOT_KEY, scrub, shown_file
from svcchain.findings import Finding
from svcchain.matching import match
from svcchain.selectors import Severity

#: The data block of an HTML report.
DATA_BLOCK = re.compile(r'<script type="application/json" id="svcchain-data">(.*?)</script>', re.DOTALL)
CHECK_ONLY = (
    "services, links and owners added or removed (a check's JSON holds no model)",
    "health per service (a check's JSON holds no model to say which findings are about which service's people)",
)


class PreviousError(ValueError):
    """An earlier file that is neither a report's data nor a check's JSON (the message says why)."""


@dataclass
class Previous:
    kind: str  # "report" (a report's data) or "check" (the JSON of svcchain check)
    data: dict[str, Any]
    findings: list[Finding]

    @property
    def date(self) -> str | None:
        front = self.data.get("front")
        stated = front.get("date") if isinstance(front, dict) else None
        today = self.data.get("today")
        found = stated or today
        return found if isinstance(found, str) else None


@dataclass
class Comparison:
    kind: str  # what the earlier side was: "report" or "check"
    date: str | None  # the earlier report's date, when it says
    services_added: list[str] = field(default_factory=list)
    services_removed: list[str] = field(default_factory=list)
    links_added: list[str] = field(default_factory=list)  # service/link
    links_removed: list[str] = field(default_factory=list)
    owners_added: list[str] = field(default_factory=list)  # people and teams that hold something now, not then
    owners_removed: list[str] = field(default_factory=list)
    owner_changes: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # what, then, now
    new: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    known: int = 0
    health: list[tuple[str, int | None, int | None]] = field(default_factory=list)  # service, then, now
    not_compared: list[str] = field(default_factory=list)


def _finding(entry: Any, with_subject: bool) -> Finding | None:
    if not isinstance(entry, dict):
        return None
    try:
        severity = Severity(entry.get("severity"))
    except ValueError:
        return None
    rule, file, message = entry.get("rule"), entry.get("file"), entry.get("message")
    line, column = entry.get("line"), entry.get("column")
    if not all(isinstance(value, str) for value in (rule, file, message)):
        return None
    if not isinstance(line, int) or not isinstance(column, int):
        return None

    def text(key: str) -> str | None:
        value = entry.get(key)
        return value if isinstance(value, str) else None

    return Finding(
        str(rule),
        text("name") or "",
        severity,
        str(message),  # the whole sentence ("message; fix"), as the check's JSON writes it
        str(file),
        line,
        column,
        text("service"),
        text("link"),
        (text("subject") or "") if with_subject else "",
        "",
        text("asset"),
        text("requirement"),
    )


def findings_of(entries: Any, with_subject: bool = True) -> list[Finding]:
    return [found for entry in entries if (found := _finding(entry, with_subject)) is not None]


def read_previous(text: str) -> Previous:
    """An earlier report (its HTML, or its JSON) or a check's JSON; ``PreviousError`` when it is neither."""
    block = DATA_BLOCK.search(text) if text.lstrip().startswith("<") else None
    if text.lstrip().startswith("<") and block is None:
        raise PreviousError("an HTML file that holds no report data (a report of an older svcchain, or no report)")
    try:
        data = json.loads(block.group(1) if block is not None else text)
    except (ValueError, RecursionError) as exc:
        raise PreviousError(f"not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise PreviousError("not the JSON of 'svcchain check --format json' or of a report")
    if data.get(SNAPSHOT_KEY) is not None:
        if not isinstance(data.get("services"), list) or not isinstance(data.get("findings"), list):
            raise PreviousError("a report's data without its services and findings")
        return Previous("report", data, findings_of(data["findings"]))
    if isinstance(data.get("summary"), dict) and isinstance(data.get("findings"), list):
        return Previous("check", data, findings_of(data["findings"], with_subject=False))
    raise PreviousError("not the JSON of 'svcchain check --format json' or of a report")


def _services(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for entry in data.get("services") or ():
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            found[entry["id"]] = entry
    return found


def _links(services: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = {}
    for service_id, entry in services.items():
        for link in entry.get("links") or ():
            if isinstance(link, dict) and isinstance(link.get("id"), str):
                found[f"{service_id}/{link['id']}"] = link
    return found


def _owners(data: dict[str, Any]) -> list[str]:
    return [
        entry["id"]
        for entry in data.get("owners") or ()
        if isinstance(entry, dict) and isinstance(entry.get("id"), str)
    ]


def _by_name(findings: list[Finding]) -> list[Finding]:
    return [replace(finding, file=finding.file.rpartition("/")[2]) for finding in findings]


def compare(previous: Previous, now: dict[str, Any], roots: Iterable[str] = ()) -> Comparison:
    """Today's report data (``snapshot``) against the earlier side; ``roots``: the paths checked today (a
    check's JSON names files as its command line did: they are shown as the report shows them)."""
    comparison = Comparison(previous.kind, previous.date)
    current = findings_of(now.get("findings") or (), with_subject=previous.kind == "report")
    before = previous.findings
    if previous.kind != "report":
        roots = tuple(roots)
        before = [replace(f, file=shown_file(f.file, roots), message=scrub(f.message, roots)) for f in before]
    matched = match(before, current)
    # the same files checked from another folder (a copy, another working copy): what is left over is matched
    # again by the file's name alone
    gone, came = _by_name(matched.fixed), _by_name(matched.new)
    again = match(gone, came)
    still_fixed, still_new = {id(f) for f in again.fixed + again.hidden}, {id(f) for f in again.new}
    fixed = [finding for finding, named in zip(matched.fixed, gone, strict=True) if id(named) in still_fixed]
    new = [finding for finding, named in zip(matched.new, came, strict=True) if id(named) in still_new]
    comparison.new, comparison.fixed = new, fixed + matched.hidden
    comparison.known = matched.known + again.known
    now_services = _services(now)
    if previous.kind != "report":
        comparison.not_compared = list(CHECK_ONLY)
        comparison.health = [(sid, None, entry.get("health")) for sid, entry in now_services.items()]
        return comparison
    then_services = _services(previous.data)
    comparison.services_added = [sid for sid in now_services if sid not in then_services]
    comparison.services_removed = [sid for sid in then_services if sid not in now_services]
    then_links, now_links = _links(then_services), _links(now_services)
    comparison.links_added = [key for key in now_links if key not in then_links]
    comparison.links_removed = [key for key in then_links if key not in now_links]
    then_owners, now_owners = _owners(previous.data), _owners(now)
    comparison.owners_added = [owner for owner in now_owners if owner not in then_owners]
    comparison.owners_removed = [owner for owner in then_owners if owner not in now_owners]
    for sid, entry in now_services.items():
        was = then_services.get(sid)
        if was is not None and was.get("owner") != entry.get("owner"):
            comparison.owner_changes.append((f"owner of service {sid}", was.get("owner"), entry.get("owner")))
    for key, link in now_links.items():
        had = then_links.get(key)
        for role in ("owner", "deputy"):
            if had is not None and had.get(role) != link.get(role):
                comparison.owner_changes.append((f"{role} of {key}", had.get(role), link.get(role)))
    for sid in dict.fromkeys([*then_services, *now_services]):
        then, later = then_services.get(sid, {}).get("health"), now_services.get(sid, {}).get("health")
        comparison.health.append(
            (sid, then if isinstance(then, int) else None, later if isinstance(later, int) else None)
        )
    return comparison
