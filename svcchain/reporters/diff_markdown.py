"""``svcchain diff --format markdown``: the pull-request comment.

A hidden marker (``<!-- svcchain-diff -->``, so CI can find and update its
one comment), a headline with the gate's verdict and the new findings, one
sentence of facts, a table of ownership changes, a table of customer needs
whose state changes, the new findings with file:line links (to
``--link-base``, e.g. the pull request's commit on GitHub), and a collapsed
detail section: links added and removed, owners' loads, teams, fixed
findings, files that cannot be read, renames.

Every string from a chain file is escaped for GitHub-flavoured Markdown
(``reporters.markdown.cell``, ``views.escape``): no markup, no HTML, no
images, no links or cross-references, and no @mention from an id.  The only
HTML is svcchain's own: the marker and the ``<details>`` around the detail
section.  Tables stop within a character budget so the comment stays under
GitHub's limit of 65,536 characters.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from svcchain.reporters._common import repo_path
from svcchain.reporters.diff_common import headline_facts, new_counts, plural, side_label, state_text, verdict
from svcchain.reporters.markdown import cell
from svcchain.views.escape import one_line

if TYPE_CHECKING:
    from svcchain.changeset import Changes
    from svcchain.findings import Finding
    from svcchain.reporters.diff_common import DiffContext

MARKER = "<!-- svcchain-diff -->"
#: an id shown as inline code: nothing in it is markup, a mention or a link
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
#: characters the tables may take in all; the rest of a table is counted, not shown
BUDGET = 50_000
#: the longest text of one cell (a message quoting a very long value is cut)
MAX_CELL = 400


class _Tables:
    """Tables that share one character budget."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.left = budget

    def table(self, header: list[str], rows: list[list[str]]) -> list[str]:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        shown = 0
        for row in rows:
            line = "| " + " | ".join(row) + " |"
            if len(line) + 1 > self.left:
                break
            self.left -= len(line) + 1
            lines.append(line)
            shown += 1
        if shown < len(rows):
            lines += ["", f"… and {plural(len(rows) - shown, 'more row')}: run `svcchain diff` to see them all."]
        return [*lines, ""]


def _id(value: str | None) -> str:
    """An id as inline code; any other reference (a chain file may name an owner anything) as escaped text."""
    if value is None:
        return "*none*"
    text = one_line(value)
    return f"`{text}`" if _PLAIN_ID.fullmatch(text) else _text(text)


def _text(value: str) -> str:
    if len(value) > MAX_CELL:
        value = value[:MAX_CELL] + "…"
    return cell(value)


def _location(finding: Finding, link_base: str | None) -> str:
    path = repo_path(finding.file)
    shown = _text(f"{path}:{finding.line}")
    if not link_base or not path or path.startswith(("/", "../")) or path == "..":
        return shown
    return f"[{shown}]({link_base}{quote(path, safe='/')}#L{max(finding.line, 1)})"


def _findings(tables: _Tables, findings: list[Finding], link_base: str | None) -> list[str]:
    rows = [
        [
            _location(finding, link_base),
            _text(f"{finding.rule} {finding.name}"),
            finding.severity.value,
            _text(finding.text),
        ]
        for finding in findings
    ]
    return tables.table(["Location", "Rule", "Severity", "Message"], rows)


def _headline(changes: Changes, context: DiffContext) -> list[str]:
    mark = "❌" if changes.fails(context.fail_on) else "✅"
    facts = headline_facts(changes) or ["no change to owners, links or needs"]
    sides = f"{_text(side_label(context.base))} → {_text(side_label(context.head))}"
    return [
        MARKER,
        f"### {mark} svcchain diff: {new_counts(changes.new)}",
        "",
        f"{sides}: {', '.join(facts)}. The gate {_text(verdict(changes, context))}.",
        "",
    ]


def _ownership(tables: _Tables, changes: Changes) -> list[str]:
    if not changes.moves:
        return []
    rows = []
    for move in changes.moves:
        if move.team is not None:
            where = f"team {_id(move.team)}"
        elif move.link is not None:
            where = _id(f"{move.service}/{move.link}")
        else:
            where = f"service {_id(move.service)}"
        rows.append([where, move.role, _id(move.before), _id(move.after)])
    return ["#### Ownership changes", "", *tables.table(["Where", "Role", "Before", "After"], rows)]


def _needs(tables: _Tables, changes: Changes) -> list[str]:
    if not changes.needs:
        return []
    rows = [
        [
            _id(need.service),
            _id(need.need),
            state_text(need.before, need.people_before, _id),
            ("**" + state_text(need.after, need.people_after, _id) + "**")
            if need.worse
            else state_text(need.after, need.people_after, _id),
        ]
        for need in changes.needs
    ]
    return ["#### Customer needs", "", *tables.table(["Service", "Need", "Before", "After"], rows)]


def _details(tables: _Tables, changes: Changes, context: DiffContext) -> list[str]:
    out: list[str] = []
    links = [
        [_id(entry.service), _id(entry.link), change, _id(entry.owner), _id(entry.deputy)]
        for service in changes.services
        for change, entries in (("added", service.links_added), ("removed", service.links_removed))
        for entry in entries
    ]
    if links:
        out += ["#### Links", "", *tables.table(["Service", "Link", "Change", "Owner", "Deputy"], links)]
    if changes.owners:
        rows = []
        for load in changes.owners:
            crossing = {"over": "**over the limit**", "within": "back within the limit"}.get(load.crossing or "", "")
            moved = [f"+{len(load.gained)}"] if load.gained else []
            moved += [f"−{len(load.lost)}"] if load.lost else []
            rows.append([_id(load.owner), load.kind, f"{load.before} → {load.after}", " ".join(moved), crossing])
        out += [f"#### Owners (links held directly; limit {changes.limit})", ""]
        out += tables.table(["Owner", "Kind", "Links", "Moved", "Limit"], rows)
    teams = [
        [
            _id(team.id),
            team.status,
            ", ".join(_id(member) for member in team.members_added),
            ", ".join(_id(member) for member in team.members_removed),
        ]
        for team in changes.teams
        if team.status != "changed" or team.members_added or team.members_removed
    ]
    if teams:
        out += ["#### Teams", "", *tables.table(["Team", "Change", "Members added", "Members removed"], teams)]
    if changes.fixed:
        out += ["#### Fixed findings", "", *_findings(tables, changes.fixed, None)]
    if changes.unreadable:
        rows = [
            [
                _text(f"{repo_path(entry.finding.file)}:{entry.finding.line}"),
                _text((context.head if entry.side == "head" else context.base).name),
                _text(entry.finding.text),
            ]
            for entry in changes.unreadable
        ]
        out += ["#### Files that cannot be read (their changes are not shown)", ""]
        out += tables.table(["File", "Side", "Message"], rows)
    if changes.renamed:
        rows = [[_text(old), _text(new)] for old, new in sorted(changes.renamed.items())]
        out += ["#### Renamed without a change", "", *tables.table(["From", "To"], rows)]
    if not out:
        return []
    return ["<details>", "<summary>Details: links, owners, teams, fixed findings</summary>", "", *out, "</details>", ""]


def render(changes: Changes, context: DiffContext) -> str:
    tables = _Tables()
    out = _headline(changes, context)
    out += _ownership(tables, changes)
    out += _needs(tables, changes)
    if changes.new:
        out += ["#### New findings", "", *_findings(tables, changes.new, context.link_base)]
    out += _details(tables, changes, context)
    return "\n".join(out).rstrip("\n") + "\n"
