"""What every command that reads chains shares: its options, its settings and its repository.

Every command that reads chains (check and the views) resolves its settings
and loads through here, so they all see the same files, config and findings.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import typer

from svcchain.cli.root import fail
from svcchain.profiles import profile_names
from svcchain.selectors import FAIL_LEVELS

if TYPE_CHECKING:
    from datetime import datetime

    from svcchain.baseline import Known
    from svcchain.config import ResolvedConfig
    from svcchain.discover import FileRef
    from svcchain.findings import Problem
    from svcchain.report import Report
    from svcchain.settings import Settings


def choice(values: Sequence[str], metavar: str | None = None) -> dict[str, Any]:
    """Option settings that accept one of ``values`` (typer's Enum choices, from a list we keep once).

    The metavar lists the choices (``[a|b|c]``) unless a name is given for a long list.
    """

    def parse(value: str) -> str:
        if value not in values:
            raise typer.BadParameter(f"'{value}' is not one of {', '.join(repr(v) for v in values)}.")
        return value

    return {"parser": parse, "metavar": metavar or "[" + "|".join(values) + "]"}


def count_option() -> dict[str, Any]:
    """Option settings for a whole number of 1 or more (a count, a limit)."""

    def parse(value: str) -> int:
        text = str(value).strip()
        if not text.isdigit() or int(text) < 1:
            raise typer.BadParameter(f"'{value}' is not a whole number of 1 or more.")
        return int(text)

    return {"parser": parse, "metavar": "N"}


#: Declared once, so every command reads alike.
PATHS_ARGUMENT = typer.Argument(
    metavar="PATH",
    help="Chain files or folders (default: the config's paths, else chains/, else .).",
    show_default=False,
)
CONFIG_OPTION = typer.Option("--config", metavar="FILE", help="Use this config file instead of searching for one.")
ISOLATED_OPTION = typer.Option("--isolated", help="Ignore all config files.")
DEBUG_OPTION = typer.Option("--debug", help="Show tracebacks of internal errors.")
FOLLOW_OPTION = typer.Option(
    "--follow",
    help="Read a path that is a symbolic link out of the repository (by default it is SC001, not read).",
)
TODAY_OPTION = typer.Option(
    "--today",
    metavar="YYYY-MM-DD",
    help="The day to measure dates against: who has left, stale reviews (default: SOURCE_DATE_EPOCH, else the "
    "UTC date).",
    show_default=False,
)
FAIL_ON_OPTION = typer.Option(
    "--fail-on",
    **choice(FAIL_LEVELS),
    help="Lowest severity that fails the check with exit 1 (default: error).",
    show_default=False,
)
PROFILE_OPTION = typer.Option(
    "--profile",
    **choice(profile_names()),
    help="The rule defaults of where the data comes from: 'catalog' for chains imported from a software catalog "
    "(default: the config's profile, else 'default').",
    show_default=False,
)
VIEW_ARGS_HELP = (
    "then chain files or folders (default: the config's paths, else chains/, else .); "
    "a first argument naming an existing file or folder is a path."
)


def default_paths() -> list[str]:
    return ["chains"] if os.path.isdir("chains") else ["."]


def split_selectors(values: list[str] | None) -> list[str] | None:
    """``--select SC1,SC203 --select dead-end`` → the list of selectors, checked."""
    if not values:
        return None
    from svcchain.rules import check_selector

    out = []
    for value in values:
        for part in value.split(","):
            if part.strip():
                try:
                    check_selector(part.strip())
                except ValueError as exc:
                    raise fail(str(exc)) from None
                out.append(part.strip())
    return out


def resolve_settings(
    paths: list[str] | None, config: str | None = None, isolated: bool = False, today: str | None = None, **options: Any
) -> tuple[Settings, ResolvedConfig]:
    """The settings of this run, and where each came from.

    Command line over config file over defaults.  Paths: those given, else
    the config's ``paths``, else chains/ when it exists, else the current
    folder.  *Today*: ``--today``, else SOURCE_DATE_EPOCH, else the clock
    (a bad value is exit 2).
    """
    from svcchain.config import ConfigError, resolve
    from svcchain.today import TodayError, resolve_today

    try:
        options["today"] = resolve_today(today)
    except TodayError as exc:
        raise fail(str(exc)) from None

    from svcchain.cli.runoptions import RUN, cache_folder

    options.setdefault("no_cache", RUN.get("no_cache") or None)
    options.setdefault("jobs", RUN.get("jobs"))
    try:
        resolved = resolve(config, isolated, options)
    except ConfigError as exc:
        raise fail(f"configuration error in {exc}") from None
    settings = replace(resolved.settings, cache_dir=cache_folder(resolved))
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
        chosen = tuple(default_paths())
    return replace(settings, paths=chosen), resolved


def load_repository(
    settings: Settings, baseline: Known | None = None, follow: bool = False, model: bool = True
) -> Report:
    """Discover, load and check the chain files; exits 2 on usage errors.

    ``model=False``: the report's findings are all the caller needs (``check``), so an identical
    earlier run's report may be read back from the cache (``runcache``), without model or graph.
    """
    from svcchain import runcache

    files, extra = chain_files(settings, follow)
    return runcache.check(files, settings, extra, baseline, model)


def chain_files(settings: Settings, follow: bool = False) -> tuple[list[FileRef], list[Problem]]:
    """The chain files the settings name, and the problems of discovering them; exits 2 on usage errors."""
    from svcchain.discover import UsageError, discover
    from svcchain.globs import excluder

    excluded = excluder(settings.exclude, settings.config_dir)

    try:
        found = discover(list(settings.paths), excluded, follow=follow)
    except UsageError as exc:
        raise fail(f"{exc}; name existing files or folders") from None
    extra = found.problems()  # folders that cannot be read, links out of the tree
    if not found.files and not extra:
        raise fail(f"no chain files (*.yaml, *.yml) found in {', '.join(settings.paths)}")
    return found.files, extra


def split_subject(args: list[str] | None, forced: str | None = None) -> tuple[str | None, list[str] | None]:
    """``[SUBJECT] [PATH]...``: the first argument is the subject unless it names an existing path.

    With ``forced`` (``--service``) every argument must be a path: a word
    that is none is a second subject, and the user is told so.
    """
    if forced is not None:
        for arg in args or ():
            if not os.path.exists(arg):
                raise fail(
                    f"'{arg}' is not a file or folder, and --service already names the service "
                    f"('{forced}'); give the service once, either way, and only paths besides it"
                )
        return forced, list(args) if args else None
    if not args:
        return None, None
    if os.path.exists(args[0]):
        return None, list(args)
    return args[0], list(args[1:]) or None


def source_date() -> datetime:
    """Now in UTC, or the moment ``SOURCE_DATE_EPOCH`` names (reproducible builds); a bad value is exit 2.

    The reproducible-builds convention: a whole number of seconds since
    1970-01-01 UTC.  Anything else (a negative number, text, a moment past
    the year 9999) would silently change or break what is reproduced.
    """
    from datetime import datetime, timezone

    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return datetime.now(timezone.utc)
    text = raw.strip()
    try:
        if not text.isdigit():
            raise ValueError
        return datetime.fromtimestamp(int(text), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise fail(
            f"SOURCE_DATE_EPOCH='{raw}' is not a moment svcchain can use; give whole seconds since "
            "1970-01-01 UTC up to the year 9999 (e.g. 1767225600), or unset it"
        ) from None
