"""The typer application, its exit statuses and the guard that keeps tracebacks from users."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import typer

from svcchain import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="svcchain",
    help="Check service chains: one accountable owner per link, every customer need delivered.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Command = TypeVar("Command", bound=Callable[..., Any])


def _help_for_people() -> None:
    """Help that reads like a command, not like Python: no ``<bool>`` on flags, no ``<list[str]>`` on arguments.

    typer's rich help shows a parameter's Python type unless it has a
    metavar; flags and arguments cannot take one.  Every option of svcchain
    has a metavar (FILE, RULES, N, the choices), so the type column is
    dropped where a metavar or flag already says it all.  Guarded: a typer
    without these internals keeps its own help.
    """
    from typer import core

    for kind in ("TyperArgument", "TyperOption"):
        cls = getattr(core, kind, None)
        original = getattr(cls, "display_type_rich", None)
        if cls is None or original is None:
            continue

        def display(self: Any, ctx: Any, _original: Any = original) -> Any:
            if getattr(self, "is_flag", False) or getattr(self, "param_type_name", "") == "argument":
                return None
            return _original(self, ctx)

        cls.display_type_rich = display


_help_for_people()


def err(message: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    sys.stderr.write(f"svcchain: {message}\n")
    sys.stderr.flush()


def fail(message: str) -> typer.Exit:
    """Say what went wrong and return the exit (status 2) to raise: ``raise fail(...)``."""
    err(message)
    return typer.Exit(EXIT_USAGE)


def guarded(command: Command) -> Command:
    """Turn an unexpected exception into exit 2 and one line (traceback with --debug)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            err("interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # the reader went away (e.g. `| head`): not our error
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - swallow the final flush
            except OSError:
                pass
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:  # the last line of defence
            if kwargs.get("debug"):
                import traceback

                traceback.print_exc()
            err(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback; please report it)")
            raise typer.Exit(EXIT_USAGE) from None

    return run  # type: ignore[return-value]


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


def main() -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    try:
        app(prog_name="svcchain")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err("interrupted")
        sys.exit(130)
    except BaseException as exc:
        err(f"internal error: {type(exc).__name__}: {exc}")
        sys.exit(EXIT_USAGE)
