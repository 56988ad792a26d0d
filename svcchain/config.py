"""Project configuration: ``[tool.svcchain]`` in pyproject.toml, or svcchain.toml.

Found by walking up from the current folder (nearest wins; in one folder
``.svcchain.toml`` before ``svcchain.toml`` before ``pyproject.toml`` with a
``[tool.svcchain]`` table), stopping at the repository root (the folder that
holds ``.git``).  Paths and globs in a config file are relative to its folder.
Validated by pydantic: a bad key or value is a usage error (exit 2) that names
the file and the key.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from svcchain.loader import Limits
from svcchain.settings import Settings

if TYPE_CHECKING:
    from pydantic import ValidationError

    from svcchain.codeowners import CodeOwners
    from svcchain.configfile import FileConfig
    from svcchain.roster import Directory

CONFIG_NAMES = (".svcchain.toml", "svcchain.toml", "pyproject.toml")


class ConfigError(Exception):
    """A config file that cannot be used (exit status 2)."""


@dataclass
class ResolvedConfig:
    """Settings plus where each came from, for ``--show-config``."""

    settings: Settings
    file: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    #: the folder the config's paths and globs are relative to (the project root)
    root: str | None = None


def read_toml(path: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        # tomli is tomllib's backport; imported by name because it is not installed where
        # the type checks run (mypy checks as Python 3.10, the checks run on a later one)
        import importlib

        tomllib = importlib.import_module("tomli")
    from svcchain.files import UnreadableFile, read_limited

    try:
        data: dict[str, Any] = tomllib.loads(read_limited(path))
        return data
    except UnreadableFile as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply to read") from None


def _table(path: str) -> dict[str, Any] | None:
    """The svcchain settings in a config file, or None when it has none."""
    data = read_toml(path)
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool")
        if not isinstance(tool, dict) or "svcchain" not in tool:
            return None
        table = tool["svcchain"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.svcchain] must be a table")
        return table
    return data


def find_config(start: str) -> str | None:
    """The nearest config file from ``start`` upwards, stopping at the repository root."""
    from svcchain.discover import folders_up

    for folder in folders_up(os.path.abspath(start)):
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _table(candidate) is not None):
                return candidate
    return None


def _format_errors(path: str, error: ValidationError) -> str:
    lines = []
    for item in error.errors(include_url=False):
        key = ".".join(str(part) for part in item["loc"]) or "(table)"
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            from svcchain.configfile import FileConfig
            from svcchain.suggestions import did_you_mean

            known = [f.alias or name for name, f in FileConfig.model_fields.items()]
            message = f"unknown key{did_you_mean(key, known)}"
        elif message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        lines.append(f"{key}: {message}")
    prefix = f"{path}: " if len(lines) == 1 else f"{path}:\n  "
    return prefix + "\n  ".join(lines)


def load_file_config(path: str) -> FileConfig:
    """The validated settings of a config file (pydantic is imported only when there is one)."""
    from pydantic import ValidationError

    from svcchain.configfile import FileConfig

    table = _table(path)
    if table is None:
        raise ConfigError(f"{path}: has no [tool.svcchain] table")
    try:
        return FileConfig.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_format_errors(path, exc)) from None


def _shown(path: str, cwd: str) -> str:
    """A path as the user would write it from ``cwd``: relative when that is shorter."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        return absolute
    return rel.replace(os.sep, "/") if len(rel) < len(absolute) else absolute


def resolve(
    config_path: str | None = None,
    isolated: bool = False,
    cli: dict[str, Any] | None = None,
    cwd: str | None = None,
) -> ResolvedConfig:
    """Defaults, then the config file, then the command line (flags win)."""
    cli = {key: value for key, value in (cli or {}).items() if value is not None}
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    file_path = None
    base = os.path.abspath(cwd or os.getcwd())
    if not isolated:
        if config_path is not None:
            if not os.path.isfile(config_path):
                what = "not a regular file" if os.path.exists(config_path) else "no such config file"
                raise ConfigError(f"{config_path}: {what}")
            file_path = config_path
        else:
            file_path = find_config(base)
    if file_path is not None:
        loaded = load_file_config(file_path)
        # a config found by search is rooted where it lives; one named with
        # --config applies to the current folder (as ruff does)
        config_dir = base if config_path is not None else os.path.dirname(os.path.abspath(file_path))
        shown = _shown(file_path, base)
        for name in loaded.model_fields_set:
            value = getattr(loaded, name)
            if name in ("paths", "directory"):
                value = [p if os.path.isabs(p) else _shown(os.path.join(config_dir, p), base) for p in value]
            elif name in ("codeowners", "cache_dir") and value:
                value = value if os.path.isabs(value) else _shown(os.path.join(config_dir, value), base)
            values[name] = value
            sources[name] = shown
        values["config_dir"] = config_dir
    for name, value in cli.items():
        values[name] = value
        sources[name] = "command line"

    limits = Limits(
        max_file_bytes=values.get("max_file_bytes", Limits.max_file_bytes),
        max_depth=values.get("max_nesting_depth", Limits.max_depth),
        max_alias_nodes=values.get("max_alias_nodes", Limits.max_alias_nodes),
    )
    from svcchain.profiles import PROFILES
    from svcchain.rules import find_rule

    profile = PROFILES[values.get("profile") or "default"]
    severity = {code: level for code, (level, _) in profile.severity.items()}
    for key, level in (values.get("severity") or {}).items():
        found = find_rule(key)
        if found is not None:
            severity[found.code] = level
    if profile.name != "default":
        if "max_links_per_owner" not in values:
            sources["max_links_per_owner"] = f"profile {profile.name}"
        if profile.severity:
            sources["severity"] = (
                sources["severity"] + f" and profile {profile.name}"
                if "severity" in sources
                else f"profile {profile.name}"
            )
    codeowners, sources["codeowners"] = _codeowners(values, sources, base)
    settings = Settings(
        paths=tuple(values.get("paths") or ()),
        fail_on=values.get("fail_on", "error"),
        max_links_per_owner=values.get("max_links_per_owner", profile.max_links_per_owner),
        limits=limits,
        select=tuple(values.get("select") or ()),
        ignore=tuple(values.get("ignore") or ()),
        severity=severity,
        exclude=tuple(values.get("exclude") or ()),
        per_file_ignores=tuple((glob, tuple(codes)) for glob, codes in (values.get("per_file_ignores") or {}).items()),
        config_dir=values.get("config_dir") or base,
        today=values.get("today"),
        leaving_warning_days=values.get("leaving_warning_days", 30),
        review_every=values.get("review_every", 365),
        profile=profile.name,
        disabled=_disabled(profile.off, values.get("select") or ()),
        directory=_directory(values.get("directory") or (), base),
        codeowners=codeowners,
        cache_dir=values.get("cache_dir"),
        no_cache=bool(values.get("no_cache")),
        jobs=values.get("jobs"),
    )
    return ResolvedConfig(settings, file_path, sources, values.get("config_dir"))


def _disabled(off: Iterable[str], select: Iterable[str]) -> tuple[str, ...]:
    """The rules a profile turns off, but for those ``select`` names (by code, name or prefix: not ALL)."""
    off = tuple(off)
    if not off:  # the default profile: the rules (and networkx) need not be loaded to say so
        return ()
    from svcchain.rules import rule_names
    from svcchain.selectors import matches

    named = [selector for selector in select if selector.upper() != "ALL"]
    names = rule_names()
    return tuple(code for code in sorted(off) if not matches(code, names.get(code, ""), named))


def _directory(files: Iterable[str], base: str) -> Directory | None:
    """The owner directory's people and teams; a file missing or malformed is a ConfigError naming file and line."""
    files = list(files)
    if not files:
        return None
    from svcchain.directory import DirectoryError, load

    try:
        return load([(path, os.path.join(base, path)) for path in files])
    except DirectoryError as exc:
        raise ConfigError(str(exc)) from None


def _codeowners(values: dict[str, Any], sources: dict[str, str], base: str) -> tuple[CodeOwners | None, str]:
    """The CODEOWNERS file: the config's ``codeowners`` ('' for none), else the first at the usual places
    of the project root (the config's folder, else the repository root); with where it came from."""
    from svcchain.codeowners import MAX_BYTES, USUAL_PLACES, parse
    from svcchain.files import UnreadableFile, read_limited

    configured = values.get("codeowners")
    if configured is not None:
        if not configured:
            return None, sources.get("codeowners", "default")
        path, source = configured, sources.get("codeowners", "default")
        if not os.path.isfile(os.path.join(base, path)):
            raise ConfigError(f"{source}: codeowners: no such file '{path}'")
    else:
        from svcchain.discover import repository_root

        root = values.get("config_dir") or repository_root(base)
        found = [p for p in USUAL_PLACES if os.path.isfile(os.path.join(root, *p.split("/")))]
        if not found:
            return None, "default: none at .github/, the root, docs/ or .gitlab/"
        path, source = _shown(os.path.join(root, *found[0].split("/")), base), "found"
    try:
        text = read_limited(os.path.join(base, path), MAX_BYTES)
    except UnreadableFile as exc:
        raise ConfigError(f"{path}: cannot read the CODEOWNERS file: {exc}") from None
    return parse(text, path), source


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))


def _setting_rows(settings: Settings, resolved: ResolvedConfig) -> list[tuple[str, Any, str]]:
    """(config key, resolved value, where it came from) for every setting, in config-file order."""
    rows = [
        ("paths", "paths", list(settings.paths)),
        ("exclude", "exclude", list(settings.exclude)),
        ("select", "select", list(settings.select) or ["ALL"]),
        ("ignore", "ignore", list(settings.ignore)),
        ("severity", "severity", dict(settings.severity)),
        ("per-file-ignores", "per_file_ignores", {glob: list(codes) for glob, codes in settings.per_file_ignores}),
        ("fail-on", "fail_on", settings.fail_on),
        ("max-links-per-owner", "max_links_per_owner", settings.max_links_per_owner),
        ("leaving-warning-days", "leaving_warning_days", settings.leaving_warning_days),
        ("review-every", "review_every", settings.review_every),
        ("profile", "profile", settings.profile),
        ("directory", "directory", list(settings.directory.files) if settings.directory else []),
        ("codeowners", "codeowners", settings.codeowners.file if settings.codeowners else ""),
        ("max-file-bytes", "max_file_bytes", settings.limits.max_file_bytes),
        ("max-nesting-depth", "max_nesting_depth", settings.limits.max_depth),
        ("max-alias-nodes", "max_alias_nodes", settings.limits.max_alias_nodes),
        ("cache-dir", "cache_dir", "" if settings.no_cache else settings.cache_dir or ""),
    ]
    out = [(key, value, resolved.sources.get(name, "default")) for key, name, value in rows]
    if "paths" not in resolved.sources:
        out[0] = (out[0][0], out[0][1], "default: chains/ when it exists, else .")
    return out


def describe_settings(settings: Settings, resolved: ResolvedConfig, fmt: str = "text") -> str:
    """The resolved settings, each with where it came from (``--show-config``).

    ``text`` is TOML with the source as a comment; ``json`` is one object:
    ``{"config_file": PATH or null, "settings": {KEY: {"value": ..., "source": ...}}}``.
    """
    rows = _setting_rows(settings, resolved)
    if fmt == "json":
        import json

        data = {
            "config_file": resolved.file,
            "settings": {key: {"value": value, "source": source} for key, value, source in rows},
        }
        profile: dict[str, Any] = data["settings"]["profile"]  # type: ignore[index,assignment]
        profile["off"] = list(settings.disabled)  # the rules the profile turns off
        return json.dumps(data, indent=2) + "\n"
    header = f"config file: {resolved.file}" if resolved.file else "no config file (defaults)"
    lines = [f"# svcchain settings; {header}"]
    rendered = [(f"{key} = {_toml_value(value)}", source) for key, value, source in rows]
    width = max(len(text) for text, _ in rendered)
    lines += [f"{text:<{width}}  # {source}" for text, source in rendered]
    if settings.disabled:
        lines.append(f"# profile {settings.profile} turns off: {', '.join(settings.disabled)}")
    return "\n".join(lines) + "\n"
