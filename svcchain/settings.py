"""Settings of one check run, after config files and command-line flags."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from svcchain.codeowners import CodeOwners
from svcchain.loader import Limits
from svcchain.roster import Directory


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
    today: datetime.date | None = None  # None: the UTC date of the system clock (svcchain.today)
    leaving_warning_days: int = 30
    review_every: int = 365
    profile: str = "default"  # svcchain.profiles: the rule defaults of where the data comes from
    disabled: tuple[str, ...] = ()  # rule codes the profile turns off (an explicit select gave back the rest)
    directory: Directory | None = None  # the owner directory's people and teams (``directory = [...]``)
    codeowners: CodeOwners | None = None  # the CODEOWNERS file configured or found (SC601)
    cache_dir: str | None = None  # the cache folder (svcchain.cache; None: none, as for the API; the CLI sets one)
    no_cache: bool = False  # --no-cache: read and write no cache
    jobs: int | None = None  # worker processes that load files (None: the usable CPUs, serial when small)
