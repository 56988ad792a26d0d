"""The command line: options → settings → engine → reporter or view → exit status.

The only package that prints and exits.  Heavy modules (pydantic, networkx,
rich) are imported inside the commands that need them, so ``--version`` and
``--help`` stay fast.  Each module declares its commands on the one typer
``app``; importing it registers them.

A run registers only the command it runs (``svcchain check ...`` imports
``cli/check.py`` alone): typer builds the options of every registered
command before it runs one, which for all of them was a tenth of a small
check's start-up.  ``svcchain --help``, a mistyped command and
``from svcchain.cli import app`` get every command, in the order of
``COMMANDS``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from svcchain.cli.root import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    import typer

#: Each command and the modules that declare it and its subcommands, in the order of ``--help``.
COMMANDS: dict[str, tuple[str, ...]] = {
    "check": ("check",),
    "diff": ("diff",),
    "rules": ("rules",),
    "rule": ("rules",),
    "schema": ("project",),
    "init": ("project",),
    "show": ("views",),
    "trace": ("views",),
    "owners": ("views",),
    "graph": ("views",),
    "impact": ("impact",),
    "report": ("report",),
    "import": ("imports", "codeowners"),
    "export": ("exports", "codeowners"),
}

_EVERY_MODULE = tuple(dict.fromkeys(module for modules in COMMANDS.values() for module in modules))


def register(modules: tuple[str, ...] = _EVERY_MODULE) -> typer.Typer:
    """The app with the commands of ``modules`` registered (and ``--no-cache``/``--jobs`` on those reading chains)."""
    from svcchain.cli.root import app
    from svcchain.cli.runoptions import add_run_options

    for module in modules:
        importlib.import_module(f"svcchain.cli.{module}")
    add_run_options(app)
    return app


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: no traceback ever reaches the user."""
    import sys

    from svcchain.cli.root import main as run

    args = sys.argv[1:] if argv is None else argv
    register(COMMANDS.get(args[0], _EVERY_MODULE) if args else _EVERY_MODULE)
    run()


def __getattr__(name: str) -> Any:
    """``from svcchain.cli import app``: the app with every command."""
    if name == "app":
        return register()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMANDS", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "app", "main", "register"]
