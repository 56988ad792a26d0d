"""``svcchain impact``: what breaks when a person, a team or an asset is unavailable."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from svcchain.cli.options import (
    CONFIG_OPTION,
    DEBUG_OPTION,
    ISOLATED_OPTION,
    PROFILE_OPTION,
    TODAY_OPTION,
    split_subject,
)
from svcchain.cli.progress import Progress
from svcchain.cli.root import app, fail, guarded
from svcchain.cli.views import _format_option, _subject_argument, analyse, choose, show_result, unknown


def _no_names(args: list[str] | None, flag: str, what: str, instead: str) -> None:
    """Only paths besides ``flag``: a word that names no file or folder is a name given by mistake."""
    from svcchain.views.escape import one_line

    for arg in args or ():
        if not os.path.exists(arg):
            name = one_line(arg)
            raise fail(f"{flag} {what}, so it takes no name ('{name}' is not a file or folder); {instead.format(name)}")


@app.command("impact")
@guarded
def impact_command(
    args: Annotated[
        list[str] | None,
        _subject_argument("OWNER|PATH", "The person or team who is unavailable (leave out with --all or --asset)"),
    ] = None,
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            help="List the single points of failure: people whose absence alone puts a customer need at risk.",
        ),
    ] = False,
    asset: Annotated[
        str | None,
        typer.Option(
            "--asset",
            metavar="ASSET",
            help="What depends on this asset: its links, services and customer needs, its owner and supplier.",
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="YYYY-MM-DD",
            help="Also everyone whose 'active_until' is before this day is gone (with or without OWNER).",
        ),
    ] = None,
    output_format: Annotated[str | None, _format_option("impact")] = None,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    today: Annotated[str | None, TODAY_OPTION] = None,
    profile: Annotated[str | None, PROFILE_OPTION] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """What breaks when a person, team or asset is unavailable: links without owner, needs at risk, whom to call.

    A link loses its owner when its owner is unavailable, or when its owner
    is a team whose last member is, unless its deputy is there: then it is
    covered by the deputy.  A link is delivered when it has an owner, every
    link it builds on ('after', as far as those links exist) is delivered,
    and one of its alternatives ('after_any') when it has any; links in a
    circle (SC202) are delivered together when all of them have an owner and
    every link outside the circle they build on is delivered.  A customer
    need is at risk when no link that delivers it is delivered any more,
    while at least one was before: needs nobody delivered before are not
    counted (SC301).  With --at DATE, everyone whose 'active_until' is
    before DATE is gone too: "what breaks when the people leaving this
    quarter are gone".
    """
    from svcchain.today import parse_date
    from svcchain.views.escape import one_line

    fmt = choose("impact", output_format, None)
    day = None
    if at is not None:
        day = parse_date(at.strip())
        if day is None:
            raise fail(f"--at '{one_line(at)}' is not a date: write it as YYYY-MM-DD, e.g. --at 2026-03-31")
    if sum((every, asset is not None)) > 1 or (day is not None and (every or asset is not None)):
        raise fail("--all, --asset and --at each ask a different question: give one of them")
    if every:
        _no_names(args, "--all", "checks every person", "leave out --all to see what breaks when '{}' is unavailable")
        with Progress() as progress:
            analysis = analyse(args, config, isolated, progress, today, profile)
            advance = progress.task("Checking every person", total=analysis.spof_candidates())
            impacts = analysis.single_points_of_failure(advance)
        show_result("single-points", fmt, None, analysis, impacts)
        return
    if asset is not None:
        _no_names(args, "--asset", "names the asset", "give the asset's id after --asset, and only paths besides it")
        with Progress() as progress:
            analysis = analyse(args, config, isolated, progress, today, profile)
        if asset not in analysis.asset_ids():
            unknown("asset", asset, analysis.asset_ids(), "run 'svcchain owners --assets' to list them")
        show_result("asset-impact", fmt, None, analysis, analysis.asset_impact(asset))
        return
    subject, paths = split_subject(args)
    if subject is None and day is None:
        raise fail(
            "name the person or team who is unavailable, or use --all for every single point of failure, "
            "--asset ID for an asset, or --at DATE for everyone gone by then"
        )
    with Progress() as progress:
        analysis = analyse(paths, config, isolated, progress, today, profile)
    model = analysis.model
    if subject is not None and subject not in model.people and subject not in model.teams:
        unknown("person or team", subject, analysis.owner_ids(), "run 'svcchain owners' to list them")
    away: list[str] = []
    if day is not None:
        away = [
            person.id
            for person in model.people.values()
            if person.active_until is not None and person.active_until < day and person.id != subject
        ]
    show_result("impact", fmt, None, analysis, analysis.impact(subject, also_away=away, at=day))
