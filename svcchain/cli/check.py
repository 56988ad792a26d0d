"""``svcchain check``: the linter run that CI, pre-commit and people start."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from svcchain.cli.options import (
    CONFIG_OPTION,
    DEBUG_OPTION,
    FAIL_ON_OPTION,
    ISOLATED_OPTION,
    PATHS_ARGUMENT,
    choice,
    count_option,
    load_repository,
    resolve_settings,
    split_selectors,
)
from svcchain.cli.output import write, write_file
from svcchain.cli.root import EXIT_FINDINGS, EXIT_OK, app, err, fail, guarded
from svcchain.reporters import REPORTERS

if TYPE_CHECKING:
    from collections import Counter


def choose_format(name: str | None) -> str:
    """The format asked for; without one, GitHub annotations inside GitHub Actions."""
    if name is None:
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in REPORTERS else "text"
    if name not in REPORTERS:
        raise fail(f"unknown format '{name}'; choose one of: {', '.join(REPORTERS)}")
    return name


def read_baseline(path: str) -> Counter[tuple[str, str, str]]:
    from svcchain.baseline import BaselineError, parse

    try:
        with open(path, encoding="utf-8") as handle:
            return parse(handle.read(), path)
    except OSError as exc:
        raise fail(f"cannot read the baseline '{path}': {exc.strerror or exc}") from None
    except BaselineError as exc:
        raise fail(str(exc)) from None


@app.command()
@guarded
def check(
    paths: Annotated[list[str] | None, PATHS_ARGUMENT] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            **choice(list(REPORTERS), "FORMAT"),
            help=f"{', '.join(REPORTERS)} (default: from the -o suffix, else text; github inside GitHub Actions).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report to this file instead of stdout (atomically)."
        ),
    ] = None,
    fail_on: Annotated[str | None, FAIL_ON_OPTION] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(
            "--select",
            metavar="RULES",
            help="Check only these rules: codes, prefixes like SC1, names; comma-separated or repeated.",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore", metavar="RULES", help="Do not check these rules (codes, prefixes, names).", show_default=False
        ),
    ] = None,
    max_links_per_owner: Annotated[
        int | None,
        typer.Option(
            "--max-links-per-owner",
            **count_option(),
            help="Links one owner may hold before SC107 (default: 7).",
            show_default=False,
        ),
    ] = None,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    show_config: Annotated[
        bool, typer.Option("--show-config", help="Print the resolved settings and where each came from.")
    ] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count findings per rule instead.")] = False,
    show_suppressed: Annotated[
        bool, typer.Option("--show-suppressed", help="Also list the findings inline comments silenced.")
    ] = False,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", metavar="FILE", help="Report only findings not recorded in this baseline."),
    ] = None,
    write_baseline: Annotated[
        str | None,
        typer.Option("--write-baseline", metavar="FILE", help="Record every current finding in this baseline file."),
    ] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """Check chain files and report the gaps in the chains."""
    from svcchain.reporters import get_renderer

    fmt = choose_format(output_format)
    settings, resolved = resolve_settings(
        paths,
        config,
        isolated,
        fail_on=fail_on,
        max_links_per_owner=max_links_per_owner,
        select=split_selectors(select),
        ignore=split_selectors(ignore),
    )
    if show_config:
        from svcchain.config import describe_settings

        write(describe_settings(settings, resolved))
        raise typer.Exit(EXIT_OK)

    known = read_baseline(baseline) if baseline is not None else None
    report = load_repository(settings, known)

    if write_baseline is not None:
        from svcchain.baseline import render as render_baseline

        write_file(write_baseline, render_baseline(report.findings))
        err(f"wrote {len(report.findings)} finding(s) to the baseline {write_baseline}")
        raise typer.Exit(EXIT_OK)

    text: str | None
    if statistics:
        from svcchain.reporters.statistics import render as render_statistics

        text = render_statistics(report, fmt)
    elif output is None and fmt == "text" and sys.stdout.isatty():
        text = None
    else:
        text = get_renderer(fmt)(report)
    if show_suppressed and report.suppressed:
        from svcchain.reporters.text import render_suppressed

        sys.stderr.write(render_suppressed(report))
    if output is not None:
        write_file(output, text if text is not None else get_renderer(fmt)(report))
    elif text is None:
        from rich.console import Console

        from svcchain.reporters.text import render_rich

        Console(highlight=False, soft_wrap=True).print(render_rich(report))
    else:
        write(text)
    raise typer.Exit(EXIT_FINDINGS if report.fails(settings.fail_on) else EXIT_OK)
