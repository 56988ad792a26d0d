"""Gitignore-like globs of config files (``exclude``, ``per-file-ignores``).

A config file can come with a pull request too, so globs are matched name by
name, without backtracking.
"""

from __future__ import annotations

import os
from collections.abc import Callable


def _glob_parts(pattern: str) -> tuple[str, ...]:
    pattern = pattern.strip().replace(os.sep, "/")
    anchored = "/" in pattern.rstrip("/")
    parts = [part for part in pattern.strip("/").split("/") if part]
    if not anchored:
        parts.insert(0, "**")  # a bare name matches at any depth
    parts.append("**")  # a folder covers everything in it
    return tuple(parts)


def matches_glob(path: str, pattern: str) -> bool:
    """Does ``path`` (relative, POSIX) match the gitignore-like ``pattern``?

    ``*`` and ``?`` stay within a name, ``**`` crosses folders; a pattern
    without ``/`` matches a file or folder name at any depth; a pattern that
    names a folder matches everything below it.  Matched name by name with
    ``fnmatch`` and a table over the path's names: linear in pattern times
    path, never backtracking (a config file comes with a pull request too).
    """
    from fnmatch import fnmatchcase

    parts = _glob_parts(pattern)
    names = path.split("/")
    # reach[j]: the pattern's parts so far match the first j names
    reach = [True] + [False] * len(names)
    for part in parts:
        if part == "**":
            for j in range(1, len(names) + 1):
                reach[j] = reach[j] or reach[j - 1]
        else:
            reach = [False] + [reach[j] and fnmatchcase(names[j], part) for j in range(len(names))]
    return reach[len(names)]


def relative_path(display: str, fs_path: str, base: str) -> str:
    """The path of a file relative to the config folder, for glob matching."""
    absolute = os.path.abspath(fs_path)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return display
    return display if rel.startswith("..") else rel.replace(os.sep, "/")


def excluder(patterns: tuple[str, ...] | list[str], base: str) -> Callable[[str, str], bool] | None:
    """The test of ``exclude`` globs for discovery: ``(display, fs_path) -> excluded?``, or None without globs.

    Globs are relative to ``base`` (the config's folder), as every config glob is.
    """
    if not patterns:
        return None

    def excluded(display: str, fs_path: str) -> bool:
        rel = relative_path(display, fs_path, base)
        return any(matches_glob(rel, pattern) for pattern in patterns)

    return excluded
