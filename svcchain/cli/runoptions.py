"""``--no-cache`` and ``--jobs`` on every command that reads chains, and where the cache lives.

The options are added to the commands once, here (``add_run_options``), not
declared in each: the command runs with them in ``RUN``, where
``options.resolve_settings`` reads them, like every other setting of the run.
With ``--debug`` the cache says why it is not used or not written.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from svcchain.config import ResolvedConfig

#: The commands that read chain files (check, the views and diff).
CHAIN_COMMANDS = frozenset({"check", "show", "trace", "owners", "impact", "graph", "report", "diff"})

NO_CACHE_OPTION = typer.Option(
    "--no-cache", help="Read and write no cache (default: .svcchain_cache/ beside the config file)."
)


def _count(value: str) -> int:
    text = str(value).strip()
    if not text.isdigit() or int(text) < 1:
        raise typer.BadParameter(f"'{value}' is not a whole number of 1 or more.")
    return int(text)


JOBS_OPTION = typer.Option(
    "--jobs",
    parser=_count,
    metavar="N",
    help="Worker processes that load the files (default: the usable CPUs; a small repository loads in one).",
    show_default=False,
)

#: ``--no-cache``, ``--jobs`` and ``--debug`` of the command being run.
RUN: dict[str, Any] = {}


def cache_folder(resolved: ResolvedConfig) -> str:
    """``SVCCHAIN_CACHE_DIR``, else the config's ``cache-dir``, else ``.svcchain_cache`` beside the config file
    (else in the current folder); the source is recorded for ``--show-config``."""
    from svcchain.cache import ENV, FOLDER_NAME

    env = os.environ.get(ENV)
    if env:
        resolved.sources["cache_dir"] = ENV
        return env
    if resolved.settings.cache_dir:
        return resolved.settings.cache_dir
    resolved.sources["cache_dir"] = "default: beside the config file, else in the current folder"
    folder = os.path.join(resolved.root or os.getcwd(), FOLDER_NAME)
    shown = os.path.relpath(folder)
    return shown.replace(os.sep, "/") if len(shown) < len(folder) else folder


class WithRunOptions:
    """A command with ``--no-cache`` and ``--jobs N`` added to its options.

    Its signature (what typer reads the options from) is made when typer asks
    for it, not when the command is registered: ``svcchain --version`` pays nothing.
    """

    def __init__(self, command: Callable[..., Any]) -> None:
        functools.update_wrapper(self, command)
        self._command = command
        self._signature: inspect.Signature | None = None

    @property
    def __signature__(self) -> inspect.Signature:
        if self._signature is None:
            signature = inspect.signature(self._command, eval_str=True)
            added = [
                inspect.Parameter(
                    "no_cache",
                    inspect.Parameter.KEYWORD_ONLY,
                    default=False,
                    annotation=Annotated[bool, NO_CACHE_OPTION],
                ),
                inspect.Parameter(
                    "jobs", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[int | None, JOBS_OPTION]
                ),
            ]
            self._signature = signature.replace(parameters=[*signature.parameters.values(), *added])
        return self._signature

    def __call__(self, *args: Any, no_cache: bool = False, jobs: int | None = None, **kwargs: Any) -> Any:
        RUN.update(no_cache=no_cache, jobs=jobs)
        handler = _debug_handler() if kwargs.get("debug") else None
        try:
            return self._command(*args, **kwargs)
        finally:
            RUN.clear()
            if handler is not None:
                import logging

                logging.getLogger("svcchain.cache").removeHandler(handler)


def _debug_handler() -> Any:
    import logging

    handler = logging.StreamHandler()
    logger = logging.getLogger("svcchain.cache")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    return handler


def add_run_options(app: typer.Typer) -> None:
    """Give every command that reads chains ``--no-cache`` and ``--jobs``."""
    for info in app.registered_commands:
        callback = info.callback
        if callback is None or isinstance(callback, WithRunOptions):  # none, or given them already
            continue
        name = info.name or callback.__name__.replace("_", "-")
        if name in CHAIN_COMMANDS:
            info.callback = WithRunOptions(callback)
