"""The views for people: show, trace, owners, graph (impact: ``cli/impact.py``, report: ``cli/report.py``).

Each loads the repository exactly as ``check`` does (same files, config and
findings), computes with ``svcchain.analysis`` and renders with the format
``svcchain.views.VIEW_FORMATS`` names.  Views exit 0 whatever the findings;
2 on usage errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from svcchain.cli.options import (
    CONFIG_OPTION,
    DEBUG_OPTION,
    ISOLATED_OPTION,
    PATHS_ARGUMENT,
    PROFILE_OPTION,
    TODAY_OPTION,
    VIEW_ARGS_HELP,
    choice,
    count_option,
    load_repository,
    resolve_settings,
    split_subject,
)
from svcchain.cli.output import emit, pick_format, print_rich
from svcchain.cli.progress import Progress
from svcchain.cli.root import app, fail, guarded
from svcchain.views import formats, renderer, suffixes

if TYPE_CHECKING:
    from svcchain.analysis import Analysis, NeedTrace
    from svcchain.chainmodel import Service


def _format_option(view: str, help_text: str = "Output format.") -> Any:
    return typer.Option("--format", "-f", **choice(formats(view)), help=help_text, show_default=False)


def _output_option() -> Any:
    return typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout (atomically).")


def _service_option(verb: str) -> Any:
    return typer.Option(
        "--service", "-s", metavar="SERVICE", help=f"The service to {verb} (when it is named like a folder)."
    )


def _subject_argument(metavar: str, help_text: str) -> Any:
    return typer.Argument(metavar=metavar, show_default=False, help=f"{help_text}, {VIEW_ARGS_HELP}")


def analyse(
    paths: list[str] | None,
    config: str | None,
    isolated: bool,
    progress: Progress,
    today: str | None = None,
    profile: str | None = None,
) -> Analysis:
    """Load the repository as check does and wrap its report for the views."""
    from svcchain.analysis import Analysis

    settings, _ = resolve_settings(paths, config, isolated, today, profile=profile)
    with progress.stage("Reading and checking chain files"):
        report = load_repository(settings)
    return Analysis.from_report(report, settings.max_links_per_owner, settings.paths)


def unknown(kind: str, value: str, candidates: Iterable[str], hint: str, where: str = "") -> NoReturn:
    from svcchain.suggestions import did_you_mean
    from svcchain.views.escape import one_line

    raise fail(f"unknown {kind} '{one_line(value)}'{where}{did_you_mean(value, candidates)}; {hint}")


def known_service(analysis: Analysis, service_id: str) -> Service:
    service = analysis.service(service_id)
    if service is None:
        unknown("service", service_id, analysis.model.services, "run 'svcchain show' to list the services")
    return service


def choose(view: str, requested: str | None, output: str | None, command: str | None = None) -> str:
    """The format of a view: --format, else the -o file's suffix, else the view's default."""
    return pick_format(command or view, suffixes(view), requested, output, formats(view)[0])


def show_result(view: str, fmt: str, output: str | None, *args: Any) -> None:
    """Render ``view`` in ``fmt`` and send it where it goes: text to stdout or a file, rich to the terminal."""
    result = renderer(view, fmt, to_file=output is not None)(*args)
    if isinstance(result, str):
        emit(result, output)
    elif output is None:
        print_rich(result)
    else:
        from io import StringIO

        from rich.console import Console

        buffer = StringIO()
        Console(file=buffer, width=100, color_system=None, highlight=False).print(result)
        emit(buffer.getvalue(), output)


@app.command("show")
@guarded
def show_command(
    args: Annotated[
        list[str] | None,
        _subject_argument("SERVICE|PATH", "The service to show (all services in a table when left out)"),
    ] = None,
    service_id: Annotated[str | None, _service_option("show")] = None,
    output_format: Annotated[str | None, _format_option("show")] = None,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    today: Annotated[str | None, TODAY_OPTION] = None,
    profile: Annotated[str | None, PROFILE_OPTION] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """Show the chain of a service: customer, links in handoff order, owners, facilitators, findings."""
    fmt = choose("show", output_format, None)
    subject, paths = split_subject(args, service_id)
    with Progress() as progress:
        analysis = analyse(paths, config, isolated, progress, today, profile)
    service = known_service(analysis, subject) if subject is not None else None
    show_result("show", fmt, None, analysis, service)


@app.command("trace")
@guarded
def trace_command(
    args: Annotated[
        list[str] | None, _subject_argument("SERVICE|PATH", "The service to trace (every service when left out)")
    ] = None,
    service_id: Annotated[str | None, _service_option("trace")] = None,
    need: Annotated[
        str | None, typer.Option("--need", "-n", metavar="NEED", help="Trace only this customer need.")
    ] = None,
    max_paths: Annotated[
        int, typer.Option("--max-paths", **count_option(), help="Paths to list per need before saying there are more.")
    ] = 10,
    output_format: Annotated[str | None, _format_option("trace")] = None,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    today: Annotated[str | None, TODAY_OPTION] = None,
    profile: Annotated[str | None, PROFILE_OPTION] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """Trace every customer need back along the chain: who delivers it, and the weakest hop."""
    subject, paths = split_subject(args, service_id)
    with Progress() as progress:
        analysis = analyse(paths, config, isolated, progress, today, profile)
        services = [known_service(analysis, subject)] if subject is not None else analysis.services
        if need is not None:
            having = [service for service in services if need in service.needs]
            if not having:
                needs = sorted({need_id for service in services for need_id in service.needs})
                where = f" of service '{subject}'" if subject else " in any service"
                unknown("need", need, needs, "run 'svcchain trace' without --need to list the needs", where)
            services = having
        advance = progress.task("Tracing needs", total=len(services))
        traced: list[tuple[Service, list[NeedTrace]]] = []
        for service in services:
            wanted = [service.needs[need]] if need is not None else list(service.needs.values())
            traced.append((service, [analysis.trace(service, item, max_paths) for item in wanted]))
            advance()
    show_result("trace", choose("trace", output_format, None), None, analysis, traced)


@app.command("owners")
@guarded
def owners_command(
    paths: Annotated[list[str] | None, PATHS_ARGUMENT] = None,
    output_format: Annotated[
        str | None,
        _format_option(
            "owners", "Output format (default: from the -o suffix, else table; a table written with -o is Markdown)."
        ),
    ] = None,
    output: Annotated[str | None, _output_option()] = None,
    assets: Annotated[
        bool,
        typer.Option(
            "--assets",
            help="List the assets per owner (id, name, kind, supplier, the links that use them) instead of "
            "the ownership matrix; the JSON always holds both.",
        ),
    ] = False,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    today: Annotated[str | None, TODAY_OPTION] = None,
    profile: Annotated[str | None, PROFILE_OPTION] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """The ownership matrix: who is accountable for which services and links, in which teams, with what load."""
    with Progress() as progress:
        analysis = analyse(paths, config, isolated, progress, today, profile)
    show_result("owners", choose("owners", output_format, output), output, analysis, assets)


@app.command("graph")
@guarded
def graph_command(
    args: Annotated[
        list[str] | None,
        _subject_argument("SERVICE|PATH", "The service to draw with its neighbours (all services when left out)"),
    ] = None,
    service_id: Annotated[str | None, _service_option("draw")] = None,
    output_format: Annotated[
        str | None, _format_option("graph", "Output format (default: from the -o suffix, else mermaid).")
    ] = None,
    output: Annotated[str | None, _output_option()] = None,
    config: Annotated[str | None, CONFIG_OPTION] = None,
    isolated: Annotated[bool, ISOLATED_OPTION] = False,
    today: Annotated[str | None, TODAY_OPTION] = None,
    profile: Annotated[str | None, PROFILE_OPTION] = None,
    debug: Annotated[bool, DEBUG_OPTION] = False,
) -> None:
    """The chain graph for other tools: Mermaid, Graphviz DOT, node-link JSON or GraphML."""
    from svcchain.views import diagram

    subject, paths = split_subject(args, service_id)
    with Progress() as progress:
        analysis = analyse(paths, config, isolated, progress, today, profile)
    if subject is not None:
        known_service(analysis, subject)
    chart = diagram.build(analysis, [subject] if subject is not None else None)
    show_result("graph", choose("graph", output_format, output), output, chart)
