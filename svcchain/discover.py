"""Which files a check reads: paths as given, folders walked in byte order."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """A problem with what the user asked for (exit status 2)."""


@dataclass(frozen=True)
class FileRef:
    display: str  # the path as the user named it, POSIX style
    fs_path: str  # the path to open


@dataclass
class Discovery:
    files: list[FileRef] = field(default_factory=list)
    unreadable_folders: list[FileRef] = field(default_factory=list)


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def _join(given: str, relative: str) -> str:
    if given in (".", "./", ""):
        return relative
    return given.rstrip("/") + "/" + relative


def _walk(top: str, excluded: "callable | None", found: Discovery) -> list[tuple[bytes, str, str]]:
    entries: list[tuple[bytes, str, str]] = []

    def on_error(error: OSError) -> None:
        where = os.path.relpath(error.filename, top) if error.filename else "."
        rel = "" if where == "." else _posix(where)
        found.unreadable_folders.append(FileRef(_join(top, rel) if rel else top, error.filename or top))

    for folder, dirs, files in os.walk(top, onerror=on_error, followlinks=False):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        rel_folder = os.path.relpath(folder, top)
        for name in files:
            if name.startswith(".") or not name.endswith(SUFFIXES):
                continue
            rel = name if rel_folder == "." else os.path.join(rel_folder, name)
            rel = _posix(rel)
            display = _join(top, rel)
            if excluded is not None and excluded(display, os.path.join(folder, name)):
                continue
            entries.append((os.fsencode(rel), display, os.path.join(folder, name)))
    entries.sort()
    return entries


def discover(paths: list[str], excluded: "callable | None" = None) -> Discovery:
    """Expand the given paths into chain files, in the order the contract fixes.

    Paths are taken in the order given; a folder is walked for ``*.yaml`` and
    ``*.yml`` in byte-wise path order, skipping hidden files and folders.  A
    file named explicitly is read whatever its name.  A path that does not
    exist is a usage error.  Each file is read once.
    """
    found = Discovery()
    seen: set[str] = set()

    def add(ref: FileRef) -> None:
        key = os.path.realpath(ref.fs_path)
        if key not in seen:
            seen.add(key)
            found.files.append(ref)

    for given in paths:
        display = _posix(given)
        if os.path.isdir(given):
            for _, shown, fs_path in _walk(given, excluded, found):
                add(FileRef(shown, fs_path))
        elif os.path.lexists(given):
            add(FileRef(display, given))
        else:
            raise UsageError(f"path '{display}' does not exist")
    return found
