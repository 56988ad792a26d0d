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
    FOLLOW_OPTION,
    ISOLATED_OPTION,
    PATHS_ARGUMENT,
    PROFILE_OPTION,
    TODAY_OPTION,
    choice,
    count_option,
    load_repository,
    resolve_settings,
    split_selectors,
)
from svcchain.cli.output import emit, exit_status_if_the_reader_goes, pick_format, write, write_file
from svcchain.cli.root import EXIT_FINDINGS, EXIT_OK, app, err, fail, guarded
from svcchain.reporters import REPORTERS, suffixes

if TYPE_CHECKING:
    from svcchain.baseline import Known
    from svcchain.report import Report

#: What the flags that print something else than the findings can write, and the file suffixes of each.
PLAIN_FORMATS: dict[str, dict[str, tuple[str, ...]]] = {
    "--statistics": {"text": (".txt",), "json": (".json",)},
    "--show-config": {"text": (".toml", ".txt"), "json": (".json",)},
}


def choose_format(requested: str | None, output: str | None, flag: str | None = None) -> str:
    """``--format``, else the one the ``-o`` file's suffix names, else the default.

    The default is ``github`` inside GitHub Actions, else ``text``.  ``flag``
    is ``--statistics`` or ``--show-config`` when one of them replaces the
    report: they write text or json only (default text), and any other
    format, asked for or named by the suffix, is a usage error.
    """
    if requested is not None and requested not in REPORTERS:
        raise fail(f"unknown format '{requested}'; choose one of: {', '.join(REPORTERS)}")
    formats = suffixes()
    if flag is None:
        default = "github" if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in REPORTERS else "text"
        return pick_format("check", formats, requested, output, default)
    plain = PLAIN_FORMATS[flag]
    formats.update(plain)
    fmt = pick_format("check", formats, requested, output, "text")
    if fmt not in plain:
        files = " or ".join(f"-o FILE{suffix}" for written in plain.values() for suffix in written)
        raise fail(f"{flag} writes text or json, not {fmt}; use --format text or --format json ({files})")
    return fmt


def read_baseline(path: str) -> Known:
    from svcchain.baseline import BaselineError, parse
    from svcchain.files import UnreadableFile, read_limited

    try:
        return parse(read_limited(path), path)
    except UnreadableFile as exc:
        raise fail(f"cannot read the baseline '{path}': {exc}") from None
    except BaselineError as exc:
        raise fail(str(exc)) from None
    except RecursionError:
        raise fail(f"{path}: not a svcchain baseline (nested too deeply to read)") from None


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
            help="Links one owner may hold before SC107 (default: 7; the catalog profile: 20).",
            show_default=False,
        ),
    ] = None,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    show_config: Annotated[
        bool, typer.Option("--show-config", help="Print the resolved settings and where each came from (text or json).")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Count findings per rule instead (text or json).")
    ] = False,
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
    follow: Annotated[bool, FOLLOW_OPTION] = False,
    today: Annotated[str | None, TODAY_OPTION] = None,
    profile: Annotated[str | None, PROFILE_OPTION] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """Check chain files and report the gaps in the chains."""

    fmt = choose_format(
        output_format, output, "--show-config" if show_config else "--statistics" if statistics else None
    )
    settings, resolved = resolve_settings(
        paths,
        config,
        isolated,
        today,
        fail_on=fail_on,
        max_links_per_owner=max_links_per_owner,
        select=split_selectors(select),
        ignore=split_selectors(ignore),
        profile=profile,
    )
    if show_config:
        from svcchain.config import describe_settings

        emit(describe_settings(settings, resolved, fmt), output)
        raise typer.Exit(EXIT_OK)

    known = read_baseline(baseline) if baseline is not None else None
    if write_baseline is not None:
        write_new_baseline(write_baseline, load_repository(settings, follow=follow, model=False), known, baseline)
        raise typer.Exit(EXIT_OK)
    report = load_repository(settings, known, follow, model=False)
    status = EXIT_FINDINGS if report.fails() else EXIT_OK
    with exit_status_if_the_reader_goes(status):
        show_report(report, fmt, output, statistics, show_suppressed)
    raise typer.Exit(status)


def show_report(report: Report, fmt: str, output: str | None, statistics: bool, show_suppressed: bool) -> None:
    """The report in its format, to ``output`` or stdout (rich in a terminal)."""
    from svcchain.reporters import get_renderer

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


def write_new_baseline(path: str, report: Report, known: Known | None, old: str | None) -> None:
    """Record every current finding (an older baseline hides none of them); say what changed."""
    from svcchain.baseline import render, split

    write_file(path, render(report.findings))
    changed = ""
    if known is not None:
        new, matched = split(report.findings, known)
        changed = f" ({len(new)} new, {known.total() - matched} fixed since {old})"
    err(f"wrote {len(report.findings)} finding(s) to the baseline {path}{changed}")
