"""``svcchain diff --format text``: what the change does, service by service; rich in a terminal.

One block per service the change touches (links added ``+`` and removed
``-``, owner and deputy changes ``~``, customer needs ``!`` worse or ``✓``
better, findings new and fixed), then teams, owners whose load changes,
findings about no service, files a side cannot read and files renamed, and a
last line with the counts and the gate's verdict.  ``render`` is plain text,
``render_rich`` the same lines styled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from svcchain.reporters._common import clean
from svcchain.reporters.diff_common import headline_facts, new_counts, plural, side_label, state_text, verdict
from svcchain.views.escape import one_line

if TYPE_CHECKING:
    from rich.text import Text

    from svcchain.changeset import Changes, LinkEntry, LoadChange, ServiceChanges, TeamChanges
    from svcchain.findings import Finding
    from svcchain.reporters.diff_common import DiffContext

#: (text, style) runs of one line
Line = list[tuple[str, str]]

SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _id(value: str | None) -> str:
    return clean(one_line(value)) if value is not None else "(none)"


def _where(file: str) -> str:
    """A path at the start of a line is never a CI workflow command (``::``)."""
    return f"./{file}" if file.startswith(":") else file


def _finding(label: str, finding: Finding) -> Line:
    return [
        (f"  {label:<5} ", "green" if label == "fixed" else "bold"),
        (f"{_where(clean(finding.file))}:{finding.line}:{finding.column}: {finding.rule} ", ""),
        (f"[{finding.severity.value}]", SEVERITY_STYLES[finding.severity.value] if label == "new" else "dim"),
        (f" {clean(one_line(finding.text))}", ""),
    ]


def _link(mark: str, entry: LinkEntry) -> Line:
    deputy = f", deputy {_id(entry.deputy)}" if entry.deputy is not None else ""
    return [(f"  {mark} link {_id(entry.link)} (owner {_id(entry.owner)}{deputy})", "green" if mark == "+" else "red")]


def _service(service: ServiceChanges) -> list[Line]:
    lines: list[Line] = [[(f"service {_id(service.id)}", "bold"), (f" ({service.status})", "dim")]]
    if service.status == "changed":
        lines += [_link("+", entry) for entry in service.links_added]
        lines += [_link("-", entry) for entry in service.links_removed]
    else:  # a whole service added or removed: its links, briefly
        links = service.links_added or service.links_removed
        if links:
            lines.append([(f"  {plural(len(links), 'link')}: " + ", ".join(_id(entry.link) for entry in links), "")])
    for move in service.moves:
        what = f"link {_id(move.link)}: {move.role}" if move.link is not None else move.role
        lines.append([(f"  ~ {what} {_id(move.before)} → {_id(move.after)}", "yellow")])
    for need in service.needs:
        mark, style = ("!", "bold red") if need.worse else ("✓", "green")
        before = state_text(need.before, need.people_before, _id)
        after = state_text(need.after, need.people_after, _id)
        lines.append([(f"  {mark} need {_id(need.need)}: {before} → {after}", style)])
    lines += [_finding("new", finding) for finding in service.new]
    lines += [_finding("fixed", finding) for finding in service.fixed]
    return lines


def _team(team: TeamChanges) -> list[Line]:
    lines: list[Line] = [[(f"team {_id(team.id)}", "bold"), (f" ({team.status})", "dim")]]
    if team.facilitator is not None:
        move = team.facilitator
        lines.append([(f"  ~ facilitator {_id(move.before)} → {_id(move.after)}", "yellow")])
    lines += [[(f"  + member {_id(member)}", "green")] for member in team.members_added]
    lines += [[(f"  - member {_id(member)}", "red")] for member in team.members_removed]
    return lines


def _load(load: LoadChange) -> Line:
    text = f"  {_id(load.owner)} ({load.kind}): {load.before} → {load.after} links"
    style = ""
    if load.crossing == "over":
        text += f", now over the limit of {load.limit}"
        style = "bold red"
    elif load.crossing == "within":
        text += f", back within the limit of {load.limit}"
        style = "green"
    if load.gained:
        text += "; gains " + ", ".join(_id(key) for key in load.gained)
    if load.lost:
        text += "; loses " + ", ".join(_id(key) for key in load.lost)
    return [(text, style)]


def lines(changes: Changes, context: DiffContext) -> list[Line]:
    """Every line of the text output, as styled runs."""
    out: list[Line] = [
        [("svcchain diff: ", "bold"), (f"{_id(side_label(context.base))} → {_id(side_label(context.head))}", "")]
    ]
    for side in (context.base, context.head):
        out += [
            [(f"  {_id(path)} is not in {_id(side.name)}: no files there on that side", "dim")] for path in side.missing
        ]
    for service in changes.services:
        out += _service(service)
    for team in changes.teams:
        out += _team(team)
    if changes.owners:
        out.append([(f"owners (links held directly; max-links-per-owner: {changes.limit})", "bold")])
        out += [_load(load) for load in changes.owners]
    if changes.repository_new or changes.repository_fixed:
        out.append([("not about one service", "bold")])
        out += [_finding("new", finding) for finding in changes.repository_new]
        out += [_finding("fixed", finding) for finding in changes.repository_fixed]
    if changes.unreadable:
        out.append([("files that cannot be read", "bold")])
        for entry in changes.unreadable:
            side = context.head if entry.side == "head" else context.base
            finding = entry.finding
            out.append(
                [
                    (f"  {_where(clean(finding.file))}:{finding.line}:{finding.column}: ", "bold red"),
                    (
                        f"not readable in {_id(side.name)}, so its changes are not shown: {clean(one_line(finding.text))}",
                        "",
                    ),
                ]
            )
    if changes.renamed:
        out.append([("renamed without a change", "bold")])
        out += [[(f"  {_where(_id(old))} → {_id(new)}", "")] for old, new in sorted(changes.renamed.items())]
    if changes.hidden:
        out.append([(f"{plural(changes.hidden, 'finding')} in files that cannot be read now: not compared", "dim")])
    out.append(_summary(changes, context))
    return out


def _summary(changes: Changes, context: DiffContext) -> Line:
    facts = [new_counts(changes.new), *headline_facts(changes)]
    if not (changes.services or changes.teams or changes.owners or changes.unreadable):
        facts.append("no change to the chains")
    style = "bold red" if changes.fails(context.fail_on) else "green"
    return [(f"{'; '.join(facts)}. The gate {verdict(changes, context)}.", style)]


def render(changes: Changes, context: DiffContext) -> str:
    return "\n".join("".join(text for text, _ in line) for line in lines(changes, context)) + "\n"


def render_rich(changes: Changes, context: DiffContext) -> Text:
    from rich.text import Text

    out = Text()
    for line in lines(changes, context):
        for text, style in line:
            out.append(text, style=style or None)
        out.append("\n")
    out.rstrip()
    return out
