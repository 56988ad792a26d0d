"""``svcchain impact`` for a terminal: what breaks when someone is unavailable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from svcchain.analysis import IMPACT_DEFINITION
from svcchain.views.escape import one_line
from svcchain.views.terminal import _join, _plural, _t

if TYPE_CHECKING:
    from svcchain.analysis import Analysis, Impact, NeedAtRisk
    from svcchain.chainmodel import Service, Team


def _service_need(service: Service, need_id: str) -> str:
    return f"{service.id}/{need_id}"


def _contacts(
    analysis: Analysis,
    title: str,
    pairs: Sequence[tuple[str, str | None]],
    missing: str,
    missing_style: str,
    missing_for: dict[str, str] | None = None,
) -> list[Text]:
    """A titled list of 'entity: person (name)' lines, or nothing when there are none.

    ``missing`` stands where there is nobody, or ``missing_for[entity]`` when given.
    """
    if not pairs:
        return []
    lines: list[Text] = [Text(title, style="bold")]
    for ident, person in pairs:
        line = _join(Text("  "), Text(ident, style="bold"), Text(": "))
        if person:
            line.append(one_line(person))
            name = analysis.name_of(person)
            if name:
                line.append(f" ({one_line(name)})", style="dim")
        else:
            line.append((missing_for or {}).get(ident, missing), style=missing_style)
        lines.append(line)
    return lines


def needs_at_risk(risks: Sequence[NeedAtRisk], how: str) -> list[Any]:
    """The customer needs at risk: a title, then each need with its text and the lost links it hangs on."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for risk in risks:
        detail = _t(risk.need.text or "")
        detail.append(
            ("\n" if risk.need.text else "") + f"{how} " + ", ".join(link.key for link in risk.lost_on_paths),
            style="dim",
        )
        grid.add_row(Text("  " + _service_need(risk.service, risk.need.id), style="bold"), detail)
    return [Text(f"✖ {_plural(len(risks), 'customer need')} at risk", style="bold red"), grid]


def _covered(impact: Impact) -> list[Text]:
    """The links whose owner is away but whose deputy takes over."""
    if not impact.covered_links:
        return []
    lines = [Text(f"Links still owned: covered by the deputy ({len(impact.covered_links)})", style="green")]
    for covered in impact.covered_links:
        lines.append(_join(Text("  "), Text(covered.link.key, style="bold"), Text(f"  {covered.reason}", style="dim")))
    return lines


def impact_view(analysis: Analysis, impact: Impact) -> Group:
    """What breaks when one person or team is unavailable (with --at: with everyone gone by then)."""
    if impact.owner:
        who = _join(
            Text("If ", style="bold"),
            Text(one_line(impact.owner), style="bold cyan"),
            Text(f" ({impact.kind}) is unavailable", style="bold"),
        )
        name = analysis.name_of(impact.owner)
        if name:
            who.append(f"  {one_line(name)}", style="dim")
    else:
        who = Text(f"On {impact.at.isoformat() if impact.at else 'that day'}", style="bold")
    parts: list[Any] = [Rule(who, align="left")]
    if impact.at is not None:
        gone = ", ".join(one_line(person) for person in impact.away) or "nobody else"
        parts.append(
            _join(
                Text(
                    f"Gone by {impact.at.isoformat()} ('active_until' before it){' as well' if impact.owner else ''}: "
                ),
                Text(gone, style="bold"),
            )
        )
    if impact.changes_nothing:
        parts.append(
            Text(
                "Nothing breaks: no link or service loses its owner, no team loses its facilitator "
                "and no customer need is at risk.",
                style="green",
            )
        )
        if impact.member_of:
            parts.append(
                Text(
                    "The teams they are in keep at least two members: "
                    + ", ".join(team.id for team in impact.member_of),
                    style="dim",
                )
            )
        parts += _covered(impact)
        return Group(*parts)

    if impact.needs_at_risk:
        parts += needs_at_risk(impact.needs_at_risk, "cut off by the loss of")
    else:
        parts.append(
            Text(
                "✔ no customer need is at risk: every need delivered before still has a delivering link "
                "with an owner and all its inputs delivered",
                style="green",
            )
        )

    if impact.lost_links:
        parts.append(Text(f"Links that lose their owner ({len(impact.lost_links)})", style="bold"))
        for lost in impact.lost_links:
            parts.append(_join(Text("  "), Text(lost.link.key, style="bold"), Text(f"  {lost.reason}", style="dim")))
    parts += _covered(impact)
    lists: tuple[tuple[str, str, list[Team] | list[Service]], ...] = (
        ("Teams left without members: ", "bold red", impact.emptied_teams),
        ("Teams left resting on one person: ", "yellow", impact.weakened_teams),
        ("Services that lose their owner: ", "bold red", impact.services_without_owner),
        ("Teams that lose their facilitator: ", "yellow", impact.teams_without_facilitator),
        ("Services affected: ", "bold", impact.services_affected),
    )
    for title, style, entities in lists:
        if entities:
            parts.append(_join(Text(title, style=style), Text(", ".join(entity.id for entity in entities))))
    parts += _contacts(
        analysis,
        "Service owners to inform (accountable for the affected chains)",
        [(service.id, owner) for service, owner in impact.service_owners],
        "no owner left",
        "bold red",
    )
    parts += _contacts(
        analysis,
        "Who to call (the facilitators of the affected teams)",
        [(team.id, facilitator) for team, facilitator in impact.facilitators],
        "no facilitator",
        "yellow",
        {team.id: "nobody: its facilitator is the one unavailable" for team in impact.teams_without_facilitator},
    )
    return Group(*parts)


def spof_view(analysis: Analysis, impacts: list[Impact]) -> Group:
    """Single points of failure across the repository."""
    parts: list[Any] = [
        Rule(Text("Single points of failure", style="bold"), align="left"),
        Text("People whose absence alone puts a customer need at risk.", style="dim"),
    ]
    if not impacts:
        parts.append(Text("None: no single person's absence puts a customer need at risk.", style="green"))
        return Group(*parts)
    table = Table(show_lines=True)
    table.add_column("Person", overflow="fold")
    table.add_column("Needs at risk", overflow="fold")
    table.add_column("Through links", overflow="fold")
    table.add_column("Call", overflow="fold")
    for impact in impacts:
        person = _t(impact.owner, "bold")
        name = analysis.name_of(impact.owner)
        if name:
            person.append(f"\n{one_line(name)}", style="dim")
        needs = Text("\n".join(_service_need(risk.service, risk.need.id) for risk in impact.needs_at_risk), style="red")
        links = Text("\n".join(lost.link.key for lost in impact.lost_links))
        call = Text(
            "\n".join(
                [f"{team.id}: {one_line(facilitator) or 'no facilitator'}" for team, facilitator in impact.facilitators]
                + [
                    f"{service.id}: {one_line(owner) or 'no owner left'} (service owner)"
                    for service, owner in impact.service_owners
                ]
            )
        )
        table.add_row(person, needs, links, call)
    parts.append(table)
    return Group(*parts)


def impact_definition() -> Text:
    return Text(IMPACT_DEFINITION, style="dim")


def render_impact(analysis: Analysis, impact: Impact) -> Group:
    """``svcchain impact OWNER``."""
    return impact_view(analysis, impact)


def render_single_points(analysis: Analysis, impacts: list[Impact]) -> Group:
    """``svcchain impact --all``: the single points of failure, then what the words mean."""
    return Group(spof_view(analysis, impacts), impact_definition())
