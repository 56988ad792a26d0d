"""Settings of one check run, after config files and command-line flags."""

from __future__ import annotations

from dataclasses import dataclass, field

from svcchain.loader import Limits


@dataclass(frozen=True)
class Settings:
    paths: tuple[str, ...] = ()
    fail_on: str = "error"
    max_links_per_owner: int = 7
    limits: Limits = field(default_factory=Limits)
    select: tuple[str, ...] = ()  # codes, names or prefixes; empty = all
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # code → a name of SEVERITIES
    exclude: tuple[str, ...] = ()  # globs, relative to config_dir
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, selectors)
    config_dir: str = "."  # where globs in the config are rooted
