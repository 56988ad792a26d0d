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
        Optional[bool],
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = None,
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


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


@app.command()
@_guarded
def check(
    paths: Annotated[
        Optional[list[str]],
        typer.Argument(help="Chain files or folders (default: chains/ when it exists, else .).",
                       show_default=False),
    ] = None,
    output_format: Annotated[
        Optional[str],
        typer.Option("--format", "-f", help=f"Output format: {', '.join(REPORTERS)}.", show_default=False),
    ] = None,
    output: Annotated[
        Optional[str], typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the check fail (exit 1).")
    ] = FailOn.error,
    max_links_per_owner: Annotated[
        int, typer.Option("--max-links-per-owner", min=1, help="Links one owner may hold before SC107.")
    ] = 7,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Check chain files and report the gaps in the chains."""
    from svcchain.discover import UsageError, discover
    from svcchain.engine import check as run_check
    from svcchain.findings import Problem
    from svcchain.reporters import get_renderer
    from svcchain.settings import Settings

    fmt = _choose_format(output_format)
    chosen = list(paths) if paths else _default_paths()
    try:
        found = discover(chosen)
    except UsageError as exc:
        _err(f"{exc}; name existing files or folders")
        raise typer.Exit(EXIT_USAGE) from None
    if not found.files and not found.unreadable_folders:
        _err(f"no chain files (*.yaml, *.yml) found in {', '.join(chosen)}")
        raise typer.Exit(EXIT_USAGE)
    extra = [
        Problem("SC001", "cannot read the folder; check its permissions (its files are not checked)",
                (ref.display, 1, 1))
        for ref in found.unreadable_folders
    ]
    settings = Settings(paths=tuple(chosen), fail_on=fail_on.value, max_links_per_owner=max_links_per_owner)
    report = run_check(found.files, settings, extra)

    if output is not None:
        from svcchain.files import write_atomic

        try:
            write_atomic(output, get_renderer(fmt)(report))
        except OSError as exc:
            _err(f"cannot write '{output}': {exc.strerror or exc}")
            raise typer.Exit(EXIT_USAGE) from None
    elif fmt == "text" and sys.stdout.isatty():
        from rich.console import Console

        from svcchain.reporters.text import render_rich

        Console(highlight=False, soft_wrap=True).print(render_rich(report))
    else:
        _write(get_renderer(fmt)(report))
    raise typer.Exit(EXIT_FINDINGS if report.fails(settings.fail_on) else EXIT_OK)


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
