"""The command line: options → settings → engine → reporter → exit status.

The only module that prints and exits.  Heavy modules (pydantic, networkx,
rich) are imported inside the commands that need them, so ``--version`` and
``--help`` stay fast.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from typing import Annotated, Any, Callable, Optional

import typer

from svcchain import __version__
from svcchain.reporters import REPORTERS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="svcchain",
    help="Check service chains: one accountable owner per link, every customer need delivered.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _err(message: str) -> None:
    sys.stderr.write(f"svcchain: {message}\n")
    sys.stderr.flush()


def _guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an unexpected exception into exit 2 and one line (traceback with --debug)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _err("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # the reader went away (e.g. `| head`): not our error
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - swallow the final flush
            except OSError:
                pass
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if kwargs.get("debug"):
                import traceback

                traceback.print_exc()
            _err(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback; "
                 "please report it)")
            raise typer.Exit(EXIT_USAGE) from None

    return run


def _version(value: bool) -> None:
    if value:
        typer.echo(f"svcchain {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Check service chains: one accountable owner per link, every customer need delivered."""


def _choose_format(name: Optional[str]) -> str:
    """The format asked for; without one, GitHub annotations inside GitHub Actions."""
    if name is None:
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in REPORTERS else "text"
    if name not in REPORTERS:
        _err(f"unknown format '{name}'; choose one of: {', '.join(REPORTERS)}")
        raise typer.Exit(EXIT_USAGE)
    return name


def _default_paths() -> list[str]:
    return ["chains"] if os.path.isdir("chains") else ["."]


def _settings(paths: Optional[list[str]], config: Optional[str] = None, isolated: bool = False,
              **options: Any) -> Any:
    """The settings of this run (see ``_resolve_settings``)."""
    return _resolve_settings(paths, config, isolated, **options)[0]


def _resolve_settings(paths: Optional[list[str]], config: Optional[str] = None, isolated: bool = False,
                      **options: Any) -> Any:
    """The settings of this run, and where each came from.

    Command line over config file over defaults.

    Paths: those given, else the config's ``paths``, else chains/ when it
    exists, else the current folder.
    """
    from svcchain.config import ConfigError, resolve

    try:
        resolved = resolve(config, isolated, options)
    except ConfigError as exc:
        _err(f"configuration error in {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    settings = resolved.settings
    if paths:
        chosen: tuple[str, ...] = tuple(paths)
    elif settings.paths:
        chosen = settings.paths
    elif resolved.root is not None:  # the project's root is where its config lives
        root = resolved.root
        target = os.path.join(root, "chains") if os.path.isdir(os.path.join(root, "chains")) else root
        rel = os.path.relpath(target, os.getcwd()).replace(os.sep, "/")
        chosen = (rel if not rel.startswith("../../..") else target,)
    else:
        chosen = tuple(_default_paths())
    from dataclasses import replace

    return replace(settings, paths=chosen), resolved


def _load_repository(settings: Any, baseline: Any = None) -> Any:
    """Discover, load and check the chain files; exits 2 on usage errors.

    Every command that reads chains (check and the views) goes through here,
    so they all see the same files, findings and model.
    """
    from svcchain.discover import UsageError, discover
    from svcchain.engine import check as run_check

    excluded = None
    if settings.exclude:
        from svcchain.config import matches_glob, relative_path

        def excluded(display: str, fs_path: str) -> bool:
            rel = relative_path(display, fs_path, settings.config_dir)
            return any(matches_glob(rel, pattern) for pattern in settings.exclude)

    try:
        found = discover(list(settings.paths), excluded)
    except UsageError as exc:
        _err(f"{exc}; name existing files or folders")
        raise typer.Exit(EXIT_USAGE) from None
    extra = found.problems()  # folders that cannot be read, links out of the tree
    if not found.files and not extra:
        _err(f"no chain files (*.yaml, *.yml) found in {', '.join(settings.paths)}")
        raise typer.Exit(EXIT_USAGE)
    return run_check(found.files, settings, extra, baseline)


def _split_selectors(values: Optional[list[str]]) -> Optional[list[str]]:
    """``--select SC1,SC203 --select dead-end`` → the list of selectors, checked."""
    if not values:
        return None
    from svcchain.config import check_selector

    out = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                try:
                    check_selector(part.strip())
                except ValueError as exc:
                    _err(str(exc))
                    raise typer.Exit(EXIT_USAGE) from None
                out.append(part.strip())
    return out


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


#: Options every command that reads chains shares (declared once, so they read alike).
_PATHS_ARGUMENT = typer.Argument(help="Chain files or folders (default: the config's paths, else chains/, else .).",
                                 show_default=False)
_CONFIG_OPTION = typer.Option("--config", help="Use this config file instead of searching for one.")
_ISOLATED_OPTION = typer.Option("--isolated", help="Ignore all config files.")
_DEBUG_OPTION = typer.Option("--debug", help="Show tracebacks of internal errors.")


@app.command()
@_guarded
def check(
    paths: Annotated[
        Optional[list[str]],
        _PATHS_ARGUMENT,
    ] = None,
    output_format: Annotated[
        Optional[str],
        typer.Option("--format", "-f", help=f"Output format: {', '.join(REPORTERS)}.", show_default=False),
    ] = None,
    output: Annotated[
        Optional[str], typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    fail_on: Annotated[
        Optional[FailOn],
        typer.Option("--fail-on", help="Lowest severity that fails the check with exit 1 (default: error).",
                     show_default=False),
    ] = None,
    select: Annotated[
        Optional[list[str]],
        typer.Option("--select", help="Check only these rules (codes, prefixes like SC1, names).",
                     show_default=False),
    ] = None,
    ignore: Annotated[
        Optional[list[str]],
        typer.Option("--ignore", help="Do not check these rules (codes, prefixes, names).", show_default=False),
    ] = None,
    max_links_per_owner: Annotated[
        Optional[int],
        typer.Option("--max-links-per-owner", min=1, help="Links one owner may hold before SC107 (default: 7).",
                     show_default=False),
    ] = None,
    config: Annotated[Optional[str], _CONFIG_OPTION] = None,
    isolated: Annotated[bool, _ISOLATED_OPTION] = False,
    show_config: Annotated[
        bool, typer.Option("--show-config", help="Print the resolved settings and where each came from.")
    ] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count findings per rule instead.")] = False,
    show_suppressed: Annotated[
        bool, typer.Option("--show-suppressed", help="Also list the findings inline comments silenced.")
    ] = False,
    baseline: Annotated[
        Optional[str], typer.Option("--baseline", help="Report only findings not recorded in this baseline.")
    ] = None,
    write_baseline: Annotated[
        Optional[str], typer.Option("--write-baseline", help="Record today's findings in this baseline file.")
    ] = None,
    debug: Annotated[bool, _DEBUG_OPTION] = False,
) -> None:
    """Check chain files and report the gaps in the chains."""
    from svcchain.reporters import get_renderer

    fmt = _choose_format(output_format)
    settings, resolved = _resolve_settings(
        paths, config, isolated,
        fail_on=fail_on.value if fail_on else None,
        max_links_per_owner=max_links_per_owner,
        select=_split_selectors(select),
        ignore=_split_selectors(ignore),
    )
    if show_config:
        from svcchain.config import describe_settings

        _write(describe_settings(settings, resolved))
        raise typer.Exit(EXIT_OK)

    known = None
    if baseline is not None:
        from svcchain.baseline import BaselineError, parse

        try:
            with open(baseline, encoding="utf-8") as handle:
                known = parse(handle.read(), baseline)
        except OSError as exc:
            _err(f"cannot read the baseline '{baseline}': {exc.strerror or exc}")
            raise typer.Exit(EXIT_USAGE) from None
        except BaselineError as exc:
            _err(str(exc))
            raise typer.Exit(EXIT_USAGE) from None

    report = _load_repository(settings, known)

    if write_baseline is not None:
        from svcchain.baseline import render as render_baseline
        from svcchain.files import write_atomic

        try:
            write_atomic(write_baseline, render_baseline(report.findings))
        except OSError as exc:
            _err(f"cannot write '{write_baseline}': {exc.strerror or exc}")
            raise typer.Exit(EXIT_USAGE) from None
        _err(f"wrote {len(report.findings)} finding(s) to the baseline {write_baseline}")
        raise typer.Exit(EXIT_OK)

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
        from svcchain.files import write_atomic

        try:
            write_atomic(output, text if text is not None else get_renderer(fmt)(report))
        except OSError as exc:
            _err(f"cannot write '{output}': {exc.strerror or exc}")
            raise typer.Exit(EXIT_USAGE) from None
    elif text is None:
        from rich.console import Console

        from svcchain.reporters.text import render_rich

        Console(highlight=False, soft_wrap=True).print(render_rich(report))
    else:
        _write(text)
    raise typer.Exit(EXIT_FINDINGS if report.fails(settings.fail_on) else EXIT_OK)


class RulesFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command("rules")
@_guarded
def rules_command(
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f", help="Output format.")] = RulesFormat.table,
) -> None:
    """List every rule with its code, name, severity and what it finds."""
    from svcchain import ruledocs
    from svcchain.rules import load_rules

    rules = list(load_rules().values())
    if output_format is RulesFormat.json:
        _write(ruledocs.render_json(rules))
    elif output_format is RulesFormat.markdown:
        _write(ruledocs.render_markdown(rules))
    else:
        from rich.console import Console

        Console().print(ruledocs.render_table(rules))


@app.command("rule")
@_guarded
def rule_command(
    rule: Annotated[str, typer.Argument(help="A rule code (SC203) or name (dead-end).")],
) -> None:
    """Explain one rule: why it matters, with a bad and a good example."""
    from svcchain import ruledocs
    from svcchain.rules import find_rule, load_rules
    from svcchain.validate import did_you_mean

    found = find_rule(rule)
    if found is None:
        rules = load_rules()
        hint = did_you_mean(rule.upper(), rules) or did_you_mean(rule.lower(), [r.name for r in rules.values()])
        _err(f"no rule '{rule}'{hint}; 'svcchain rules' lists them all")
        raise typer.Exit(EXIT_USAGE)
    from rich.console import Console

    Console().print(ruledocs.render_rule(found))


@app.command("schema")
@_guarded
def schema_command(
    output: Annotated[
        Optional[str], typer.Option("--output", "-o", help="Write the schema to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of chain files, for editors (yaml-language-server)."""
    from svcchain.schema import render_schema

    text = render_schema()
    if output is None:
        _write(text)
        return
    from svcchain.files import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        _err(f"cannot write '{output}': {exc.strerror or exc}")
        raise typer.Exit(EXIT_USAGE) from None


@app.command("init")
@_guarded
def init_command(
    directory: Annotated[str, typer.Argument(help="Folder of the new chain repository.")] = ".",
    service: Annotated[
        str, typer.Option("--service", help="Id of the example service (and the name of its file).")
    ] = "customer-portal",
) -> None:
    """Start a chain repository: an organisation, one service, svcchain.toml and the schema."""
    from svcchain.scaffold import ScaffoldError, scaffold

    try:
        result = scaffold(directory, service)
    except ScaffoldError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    for path in result.created:
        _write(f"created     {path}\n")
    for path in result.kept:
        _write(f"left alone  {path} (it exists)\n")
    for path, why in result.failed:
        _err(f"cannot write '{path}': {why}")
    if result.failed:
        raise typer.Exit(EXIT_USAGE)
    if result.created:
        import shlex

        where = "" if directory in ("", ".") else f"cd {shlex.quote(directory)} && "
        _write(f"Next: {where}svcchain check\n")


# --------------------------------------------------------------------------- views for people
# show, trace, owners, impact, graph, report: each loads through _settings and
# _load_repository (the same files, config and findings as check), computes
# with svcchain.render.analysis and renders with one module of svcchain.render.
# Views exit 0 whatever the findings; 2 on usage errors.

_VIEW_ARGS_HELP = ("then chain files or folders (default: the config's paths, else chains/, else .); "
                   "a first argument naming an existing file or folder is a path.")


class _Progress:
    """Progress on stderr for long work: rich, transient, and only when stderr is a terminal."""

    def __init__(self) -> None:
        self._progress: Any = None

    def __enter__(self) -> "_Progress":
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                      MofNCompleteColumn(), console=Console(stderr=True), transient=True)
            self._progress.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def task(self, description: str, total: Optional[int] = None) -> Callable[[], None]:
        """Start a task; returns the function that advances it by one."""
        progress = self._progress
        if progress is None:
            return lambda: None
        task_id = progress.add_task(description, total=total)
        return lambda: progress.advance(task_id)

    def stage(self, description: str) -> Any:
        """A spinner for work whose size is unknown, removed when the work is done."""
        import contextlib

        progress = self._progress
        if progress is None:
            return contextlib.nullcontext()

        @contextlib.contextmanager
        def spinning() -> Any:
            task_id = progress.add_task(description, total=None)
            try:
                yield
            finally:
                progress.remove_task(task_id)

        return spinning()


def _split_subject(args: Optional[list[str]], forced: Optional[str] = None) -> tuple[Optional[str], Optional[list[str]]]:
    """``[SUBJECT] [PATH]...``: the first argument is the subject unless it names an existing path."""
    if forced is not None:
        return forced, list(args) if args else None
    if not args:
        return None, None
    if os.path.exists(args[0]):
        return None, list(args)
    return args[0], list(args[1:]) or None


def _view_analysis(paths: Optional[list[str]], config: Optional[str], isolated: bool,
                   progress: "_Progress") -> Any:
    """Load the repository as check does and wrap it for the views."""
    from svcchain.render.analysis import Analysis

    settings = _settings(paths, config, isolated)
    with progress.stage("Reading and checking chain files"):
        report = _load_repository(settings)
    return Analysis.from_report(report, getattr(settings, "max_links_per_owner", 7), settings.paths)


def _unknown(kind: str, value: str, candidates: Any, hint: str, where: str = "") -> None:
    from svcchain.render.analysis import suggest
    from svcchain.render.escape import one_line

    _err(f"unknown {kind} '{one_line(value)}'{where}{suggest(value, candidates)}; {hint}")
    raise typer.Exit(EXIT_USAGE)


def _emit(text: str, output: Optional[str]) -> None:
    """Write a rendered view to ``output`` (atomically) or to stdout."""
    if output is None:
        _write(text)
        return
    from svcchain.files import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        _err(f"cannot write '{output}': {exc.strerror or exc}")
        raise typer.Exit(EXIT_USAGE) from None


def _print_rich(*renderables: Any) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    for renderable in renderables:
        console.print(renderable)




@app.command("show")
@_guarded
def show_command(
    args: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="SERVICE|PATH", show_default=False,
                       help="The service to show (all services in a table when left out), " + _VIEW_ARGS_HELP),
    ] = None,
    service_id: Annotated[
        Optional[str], typer.Option("--service", "-s", help="The service to show (when it is named like a folder).")
    ] = None,
    config: Annotated[Optional[str], _CONFIG_OPTION] = None,
    isolated: Annotated[bool, _ISOLATED_OPTION] = False,
    debug: Annotated[bool, _DEBUG_OPTION] = False,
) -> None:
    """Show the chain of a service: customer, links in handoff order, owners, facilitators, findings."""
    from svcchain.render import terminal

    subject, paths = _split_subject(args, service_id)
    with _Progress() as progress:
        analysis = _view_analysis(paths, config, isolated, progress)
    if subject is None:
        _print_rich(terminal.overview(analysis))
        return
    service = analysis.service(subject)
    if service is None:
        _unknown("service", subject, analysis.model.services, "run 'svcchain show' to list the services")
    _print_rich(terminal.show_service(analysis, service))


class TextOrJson(str, Enum):
    """The formats of the views that are text for people or JSON for tools."""

    text = "text"
    json = "json"


TraceFormat = ImpactFormat = TextOrJson


@app.command("trace")
@_guarded
def trace_command(
    args: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="SERVICE|PATH", show_default=False,
                       help="The service to trace (every service when left out), " + _VIEW_ARGS_HELP),
    ] = None,
    service_id: Annotated[
        Optional[str], typer.Option("--service", "-s", help="The service to trace (when it is named like a folder).")
    ] = None,
    need: Annotated[Optional[str], typer.Option("--need", "-n", help="Trace only this customer need.")] = None,
    max_paths: Annotated[
        int, typer.Option("--max-paths", min=1, help="Paths to list per need before saying there are more.")
    ] = 10,
    output_format: Annotated[TraceFormat, typer.Option("--format", "-f", help="Output format.")] = TraceFormat.text,
    config: Annotated[Optional[str], _CONFIG_OPTION] = None,
    isolated: Annotated[bool, _ISOLATED_OPTION] = False,
    debug: Annotated[bool, _DEBUG_OPTION] = False,
) -> None:
    """Trace every customer need back along the chain: who delivers it, and the weakest hop."""
    from svcchain.render import terminal

    subject, paths = _split_subject(args, service_id)
    with _Progress() as progress:
        analysis = _view_analysis(paths, config, isolated, progress)
        if subject is not None:
            service = analysis.service(subject)
            if service is None:
                _unknown("service", subject, analysis.model.services, "run 'svcchain show' to list the services")
            services = [service]
        else:
            services = analysis.services
        if need is not None:
            services = [service for service in services if need in service.needs]
            if not services:
                known = {need_id for service in ([analysis.service(subject)] if subject else analysis.services)
                         for need_id in service.needs}
                where = f" of service '{subject}'" if subject else " in any service"
                _unknown("need", need, sorted(known), "run 'svcchain trace' without --need to list the needs",
                         where)
        advance = progress.task("Tracing needs", total=len(services))
        traced = []
        for service in services:
            wanted = [service.needs[need]] if need is not None else list(service.needs.values())
            traced.append((service, [analysis.trace(service, item, max_paths) for item in wanted]))
            advance()
    if output_format is TraceFormat.json:
        from svcchain.render.jsonviews import render_traces

        _write(render_traces([trace for _, traces in traced for trace in traces]))
        return
    _print_rich(*(terminal.trace_service(analysis, service, traces) for service, traces in traced))


class OwnersFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@app.command("owners")
@_guarded
def owners_command(
    paths: Annotated[
        Optional[list[str]],
        _PATHS_ARGUMENT,
    ] = None,
    output_format: Annotated[
        OwnersFormat, typer.Option("--format", "-f", help="Output format (a table written with -o is Markdown).")
    ] = OwnersFormat.table,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    config: Annotated[Optional[str], _CONFIG_OPTION] = None,
    isolated: Annotated[bool, _ISOLATED_OPTION] = False,
    debug: Annotated[bool, _DEBUG_OPTION] = False,
) -> None:
    """The ownership matrix: who is accountable for which services and links, in which teams, with what load."""
    with _Progress() as progress:
        analysis = _view_analysis(paths, config, isolated, progress)
    if output_format is OwnersFormat.table and output is None:
        from svcchain.render import terminal

        _print_rich(terminal.owners_table(analysis))
        return
    from svcchain.render import owners

    render = {
        OwnersFormat.csv: owners.render_csv,
        OwnersFormat.json: owners.render_json,
        OwnersFormat.markdown: owners.render_markdown,
        OwnersFormat.table: owners.render_markdown,  # a table written to a file is the Markdown table
    }[output_format]
    _emit(render(analysis), output)


@app.command("impact")
@_guarded
def impact_command(
    args: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="OWNER|PATH", show_default=False,
                       help="The person or team who is unavailable (leave out with --all), " + _VIEW_ARGS_HELP),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="List the single points of failure: people whose absence alone puts a "
                           "customer need at risk.")
    ] = False,
    output_format: Annotated[ImpactFormat, typer.Option("--format", "-f", help="Output format.")] = ImpactFormat.text,
    config: Annotated[Optional[str], _CONFIG_OPTION] = None,
    isolated: Annotated[bool, _ISOLATED_OPTION] = False,
    debug: Annotated[bool, _DEBUG_OPTION] = False,
) -> None:
    """What breaks when a person or team is unavailable: links without owner, needs at risk, whom to call.

    A link loses its owner when its owner is unavailable, or when its owner
    is a team whose last member is.  A customer need is at risk when every
    delivering path to it (every path of handoffs from a link that builds on
    no other link to a link that delivers the need) runs through a link
    without an owner; needs nobody delivered before are not counted (SC301).
    """
    from svcchain.render import terminal
    from svcchain.render.jsonviews import render_impact, render_single_points

    if every:
        subject, paths = None, args
    else:
        subject, paths = _split_subject(args)
        if subject is None:
            _err("name the person or team who is unavailable, or use --all for every single point of failure")
            raise typer.Exit(EXIT_USAGE)
    with _Progress() as progress:
        analysis = _view_analysis(paths, config, isolated, progress)
        if every:
            advance = progress.task("Checking every person", total=analysis.spof_candidates())
            impacts = analysis.single_points_of_failure(advance)
    if every:
        if output_format is ImpactFormat.json:
            _write(render_single_points(analysis, impacts))
        else:
            _print_rich(terminal.spof_view(analysis, impacts), terminal.impact_definition())
        return
    if subject not in analysis.model.people and subject not in analysis.model.teams:
        _unknown("person or team", subject, analysis.owner_ids(), "run 'svcchain owners' to list them")
    result = analysis.impact(subject)
    if output_format is ImpactFormat.json:
        _write(render_impact(analysis, result))
    else:
        _print_rich(terminal.impact_view(analysis, result))


class GraphFormat(str, Enum):
    mermaid = "mermaid"
    dot = "dot"
    json = "json"
    graphml = "graphml"


@app.command("graph")
@_guarded
def graph_command(
    args: Annotated[
        Optional[list[str]],
        typer.Argument(metavar="SERVICE|PATH", show_default=False,
                       help="The service to draw with its neighbours (all services when left out), "
                       + _VIEW_ARGS_HELP),
    ] = None,
    service_id: Annotated[
        Optional[str], typer.Option("--service", "-s", help="The service to draw (when it is named like a folder).")
    ] = None,
    output_format: Annotated[GraphFormat, typer.Option("--format", "-f", help="Output format.")] = GraphFormat.mermaid,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    config: Annotated[Optional[str], _CONFIG_OPTION] = None,
    isolated: Annotated[bool, _ISOLATED_OPTION] = False,
    debug: Annotated[bool, _DEBUG_OPTION] = False,
) -> None:
    """The chain graph for other tools: Mermaid, Graphviz DOT, node-link JSON or GraphML."""
    from svcchain.render import diagram

    subject, paths = _split_subject(args, service_id)
    with _Progress() as progress:
        analysis = _view_analysis(paths, config, isolated, progress)
    if subject is not None and analysis.service(subject) is None:
        _unknown("service", subject, analysis.model.services, "run 'svcchain show' to list the services")
    chart = diagram.build(analysis, [subject] if subject is not None else None)
    if output_format is GraphFormat.mermaid:
        from svcchain.render import mermaid

        text = mermaid.render(chart)
    elif output_format is GraphFormat.dot:
        from svcchain.render import dot

        text = dot.render(chart)
    elif output_format is GraphFormat.json:
        from svcchain.render.graphdata import render_json

        text = render_json(chart)
    else:
        from svcchain.render.graphdata import render_graphml

        text = render_graphml(chart)
    _emit(text, output)


class ReportFormat(str, Enum):
    html = "html"
    markdown = "markdown"


def _timestamp() -> str:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds), in UTC."""
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch.isdigit() else datetime.now(timezone.utc)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


@app.command("report")
@_guarded
def report_command(
    paths: Annotated[
        Optional[list[str]],
        _PATHS_ARGUMENT,
    ] = None,
    output_format: Annotated[
        Optional[ReportFormat],
        typer.Option("--format", "-f", help="html or markdown [default: from the -o suffix, else html].",
                     show_default=False),
    ] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    timestamp: Annotated[bool, typer.Option("--timestamp", help="Print when the report was made.")] = False,
    config: Annotated[Optional[str], _CONFIG_OPTION] = None,
    isolated: Annotated[bool, _ISOLATED_OPTION] = False,
    debug: Annotated[bool, _DEBUG_OPTION] = False,
) -> None:
    """The consultant's report: summary, health, each chain as a diagram, traceability, findings, ownership."""
    if output_format is None:
        suffix = os.path.splitext(output or "")[1].lower()
        output_format = ReportFormat.markdown if suffix in (".md", ".markdown") else ReportFormat.html
    with _Progress() as progress:
        analysis = _view_analysis(paths, config, isolated, progress)
        advance = progress.task("Writing the report", total=len(analysis.services))
        generated = _timestamp() if timestamp else None
        if output_format is ReportFormat.html:
            from svcchain.render import html

            text = html.render(analysis, generated, advance)
        else:
            from svcchain.render import markdown

            text = markdown.render(analysis, generated, advance)
    _emit(text, output)


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app(prog_name="svcchain")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)
    except BaseException as exc:  # noqa: BLE001
        _err(f"internal error: {type(exc).__name__}: {exc}")
        sys.exit(EXIT_USAGE)
