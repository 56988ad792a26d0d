"""``svcchain report``: the consultant's report, as HTML, Markdown, PDF or its data as JSON.

Loads the repository as ``check`` does, computes with ``svcchain.analysis``
and renders with the ``report`` formats of ``svcchain.views.VIEW_FORMATS``.
The front matter (title, client, author, date, paper, show-paths) comes from
the command line, else from ``[tool.svcchain.report]`` (``[report]`` in
svcchain.toml) of the config file in use; the date defaults to *today*.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import replace
from typing import TYPE_CHECKING, Annotated, Any

import typer

from svcchain.cli.options import (
    CONFIG_OPTION,
    DEBUG_OPTION,
    ISOLATED_OPTION,
    PATHS_ARGUMENT,
    TODAY_OPTION,
    choice,
    load_repository,
    resolve_settings,
    source_date,
)
from svcchain.cli.output import emit
from svcchain.cli.progress import Progress
from svcchain.cli.root import app, fail, guarded
from svcchain.cli.views import choose
from svcchain.views import formats, renderer
from svcchain.views.reportdoc import DEFAULT_TITLE, PAPERS

if TYPE_CHECKING:
    from svcchain.analysis.compare import Comparison

#: The keys of ``[tool.svcchain.report]`` and the type of each.
REPORT_KEYS: dict[str, type] = {
    "title": str,
    "client": str,
    "author": str,
    "date": str,
    "paper": str,
    "show-paths": bool,
}
#: The most --compare reads: a large organisation's report is bigger than a config file.
COMPARE_LIMIT = 64 * 1024 * 1024


def timestamp() -> str:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds), in UTC."""
    return source_date().strftime("%Y-%m-%d %H:%M UTC")


def _toml(path: str) -> dict[str, Any]:
    from svcchain.config import ConfigError, read_toml

    try:
        return read_toml(path)
    except ConfigError as exc:  # the config's own reading has said so already
        raise fail(f"cannot read the report settings: {exc}") from None


def report_config(path: str | None) -> dict[str, Any]:
    """``[tool.svcchain.report]`` (pyproject.toml) or ``[report]`` (svcchain.toml) of the config file, checked."""
    if path is None:
        return {}
    data = _toml(path)
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        data = tool.get("svcchain", {}) if isinstance(tool, dict) else {}
        if not isinstance(data, dict):
            return {}
    table = data.get("report")
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise fail(f"{path}: report must be a table of report settings")
    found: dict[str, Any] = {}
    for key, value in table.items():
        wanted = REPORT_KEYS.get(key)
        if wanted is None:
            from svcchain.suggestions import did_you_mean

            raise fail(f"{path}: report.{key}: unknown key{did_you_mean(key, list(REPORT_KEYS))}")
        if key == "date" and isinstance(value, datetime.date):
            value = value.isoformat()
        if not isinstance(value, wanted):
            raise fail(f"{path}: report.{key}: must be {'true or false' if wanted is bool else 'a string'}")
        if key == "paper" and value not in PAPERS:
            raise fail(f"{path}: report.paper: must be one of {', '.join(PAPERS)}")
        found[key] = value
    return found


def _comparison(path: str, data: dict[str, Any], roots: tuple[str, ...]) -> Comparison:
    from svcchain.analysis.compare import PreviousError, compare, read_previous
    from svcchain.files import UnreadableFile, read_limited

    try:
        previous = read_previous(read_limited(path, COMPARE_LIMIT))
    except UnreadableFile as exc:
        raise fail(f"--compare '{path}': cannot read it: {exc}") from None
    except PreviousError as exc:
        raise fail(f"--compare '{path}': {exc}") from None
    return compare(previous, data, roots)


def _text(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    from svcchain.views.escape import one_line

    clean = one_line(value)
    if not clean:
        raise fail(f"{option} is empty: give the text to print, or leave the option out")
    return clean


@app.command("report")
@guarded
def report_command(
    paths: Annotated[list[str] | None, PATHS_ARGUMENT] = None,
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            **choice(formats("report")),
            help="Output format (default: from the -o suffix, else html); pdf needs Chromium or Google Chrome.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout (atomically)."),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help=f"The report's title (default: {DEFAULT_TITLE}).")
    ] = None,
    client: Annotated[str | None, typer.Option("--client", metavar="TEXT", help="Who the report is for.")] = None,
    author: Annotated[str | None, typer.Option("--author", metavar="TEXT", help="Who prepared it.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", metavar="TEXT", help="The report's date (default: today, see --today).")
    ] = None,
    paper: Annotated[
        str | None,
        typer.Option(
            "--paper",
            **choice(PAPERS),
            help="Page size of a PDF (default a4); HTML prints on the printer's.",
            show_default=False,
        ),
    ] = None,
    show_paths: Annotated[
        bool, typer.Option("--show-paths", help="Name the chain files' folders on the cover (never by default).")
    ] = False,
    compare: Annotated[
        str | None,
        typer.Option(
            "--compare",
            metavar="FILE",
            help="An earlier report (HTML or --format json) or 'check --format json': say what changed since.",
        ),
    ] = None,
    with_timestamp: Annotated[bool, typer.Option("--timestamp", help="Print when the report was made.")] = False,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    today: Annotated[str | None, TODAY_OPTION] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """The consultant's report: summary, recommendations, each chain as a diagram, RACI, findings in detail."""
    from svcchain.analysis import Analysis
    from svcchain.analysis.snapshot import snapshot
    from svcchain.views.reportdoc import ReportOptions

    fmt = choose("report", output_format, output)
    browser = None
    if fmt == "pdf":
        from svcchain.cli.pdf import browser_or_exit

        if output is None:
            raise fail("--format pdf writes a file: give -o FILE (e.g. -o report.pdf)")
        browser = browser_or_exit()
    settings, resolved = resolve_settings(paths, config, isolated, today)
    stated = report_config(resolved.file)
    with Progress() as progress:
        with progress.stage("Reading and checking chain files"):
            report = load_repository(settings)
        analysis = Analysis.from_report(report, settings.max_links_per_owner, settings.paths)
        day = report.today.isoformat() if report.today is not None else None
        options = ReportOptions(
            title=_text(title, "--title") or stated.get("title") or DEFAULT_TITLE,
            client=_text(client, "--client") or stated.get("client"),
            author=_text(author, "--author") or stated.get("author"),
            date=_text(date, "--date") or stated.get("date") or day,
            generated=timestamp() if with_timestamp else None,
            show_paths=show_paths or bool(stated.get("show-paths")),
            paper=paper or stated.get("paper") or ("a4" if fmt == "pdf" else None),
            accepted=tuple(report.suppressed),
        )
        data = snapshot(analysis, report.today, options.front(), options.accepted)
        comparison = _comparison(compare, data, settings.paths) if compare is not None else None
        options = replace(options, data=data, comparison=comparison)
        advance = progress.task("Writing the report", total=len(analysis.services))
        text = renderer("report", fmt)(analysis, options, advance)
    if browser is not None and output is not None:
        from svcchain.cli.pdf import write_pdf

        write_pdf(text, output, browser)
    else:
        emit(text, output)
