"""Which files a check reads: paths as given, folders walked in byte order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from svcchain.findings import Problem, printable

SUFFIXES = (".yaml", ".yml")

#: ``excluded(display, fs_path)``: whether a file or folder found by walking is left out
Excluded = Callable[[str, str], bool]


class UsageError(Exception):
    """A problem with what the user asked for (exit status 2)."""


@dataclass(frozen=True)
class FileRef:
    display: str  # the path as the user named it, POSIX style
    fs_path: str  # the path to open
    #: found by walking a folder, not named by the user: it may be some other YAML file
    walked: bool = False


@dataclass
class Discovery:
    files: list[FileRef] = field(default_factory=list)
    unreadable_folders: list[FileRef] = field(default_factory=list)
    #: symbolic links in a walked folder that lead out of it: not followed
    outside_links: list[FileRef] = field(default_factory=list)
    #: paths as given that lead out of the repository through a symbolic link: not followed
    outside_paths: list[FileRef] = field(default_factory=list)

    def problems(self) -> list[Problem]:
        """SC001 for every folder that could not be read and every link not followed."""
        found = [
            Problem(
                "cannot read the folder",
                (ref.display, 1, 1),
                fix="check its permissions (its files are not checked)",
                code="SC001",
            )
            for ref in self.unreadable_folders
        ]
        found.extend(
            Problem(
                "not read: this is a symbolic link that leads out of the folder being checked, "
                "and svcchain does not follow such links (a link in a pull request could expose "
                "other files of the machine running the check)",
                (ref.display, 1, 1),
                fix="name the target on the command line to check it",
                code="SC001",
            )
            for ref in self.outside_links
        )
        found.extend(
            Problem(
                "not read: this path leads out of the repository through a symbolic link, and svcchain "
                "does not follow such links unless told to (a link in a pull request could expose "
                "other files of the machine running the check)",
                (ref.display, 1, 1),
                fix="name the files inside the repository, or run with --follow if reading outside it is intended",
                code="SC001",
            )
            for ref in self.outside_paths
        )
        return found


def folders_up(start: str) -> Iterator[str]:
    """``start`` and each folder above it, up to the repository's root (the one holding ``.git``) at most."""
    folder = start
    while True:
        yield folder
        parent = os.path.dirname(folder)
        if parent == folder or os.path.exists(os.path.join(folder, ".git")):
            return
        folder = parent


def repository_root(start: str | None = None) -> str:
    """The real path of the repository around ``start``: the nearest folder up that holds ``.git``, else ``start``."""
    here = os.path.realpath(start or os.getcwd())
    for folder in folders_up(here):
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
    return here


def _leaves_through_a_link(given: str, root: str) -> bool:
    """Is ``given`` a symbolic link to a place outside ``root``?

    Only the path itself counts (``chains`` → ``/``): a link among the folders
    above it (a home folder that is a link) is where the user works.
    """
    if not os.path.islink(given.rstrip("/\\") or given):
        return False
    real = os.path.realpath(given)
    try:
        return os.path.commonpath([root, real]) != root
    except ValueError:  # different drives on Windows
        return True


def _posix(path: str) -> str:
    """The path with ``/`` separators, safe to print (see ``findings.printable``)."""
    return printable(path.replace(os.sep, "/") if os.sep != "/" else path)


def _inside(root: str, link: str) -> bool:
    """Whether the symbolic link ``link`` resolves to a place inside the real folder ``root``."""
    target = os.path.realpath(link)
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:  # different drives on Windows
        return False


def _join(given: str, relative: str) -> str:
    if given in (".", "./", ""):
        return relative
    return given.rstrip("/") + "/" + relative


def _walk(top: str, excluded: Excluded | None, found: Discovery) -> list[tuple[bytes, str, str, str]]:
    """(sort key, display, path to open, real path) of every chain file under ``top``."""
    entries: list[tuple[bytes, str, str, str]] = []

    def on_error(error: OSError) -> None:
        where = os.path.relpath(error.filename, top) if error.filename else "."
        rel = "" if where == "." else _posix(where)
        found.unreadable_folders.append(FileRef(_join(top, rel) if rel else top, error.filename or top))

    root = os.path.realpath(top)
    for folder, dirs, files in os.walk(top, onerror=on_error, followlinks=False):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        rel_folder = os.path.relpath(folder, top)
        for name in dirs:
            # A link to a folder is never walked (one that stays inside the tree is
            # walked at its real place); one that leads out of it is reported.
            fs_path = os.path.join(folder, name)
            if os.path.islink(fs_path) and not _inside(root, fs_path):
                display = _join(top, _posix(name if rel_folder == "." else os.path.join(rel_folder, name)))
                if excluded is None or not excluded(display, fs_path):
                    found.outside_links.append(FileRef(display, fs_path))
        for name in files:
            if name.startswith(".") or not name.endswith(SUFFIXES):
                continue
            fs_path = os.path.join(folder, name)
            rel = name if rel_folder == "." else os.path.join(rel_folder, name)
            display = _join(top, _posix(rel))
            if excluded is not None and excluded(display, fs_path):
                continue
            real = os.path.join(root, rel)  # folder links are not walked: only a file link moves it
            if os.path.islink(fs_path):
                if not _inside(root, fs_path):
                    found.outside_links.append(FileRef(display, fs_path))
                    continue
                real = os.path.realpath(fs_path)
            entries.append((os.fsencode(rel), display, fs_path, real))
    entries.sort()
    return entries


def discover(
    paths: list[str], excluded: Excluded | None = None, follow: bool = False, root: str | None = None
) -> Discovery:
    """Expand the given paths into chain files, in the order the contract fixes.

    Paths are taken in the order given; a folder is walked for ``*.yaml`` and
    ``*.yml`` in byte-wise path order, skipping hidden files and folders.  A
    file named explicitly is read whatever its name.  A path that does not
    exist is a usage error.  Each file is read once.  A path that leads out of
    the repository (``root``, see ``repository_root``) through a symbolic
    link (``ln -s / chains``) is not read unless ``follow`` is set: SC001.
    """
    repository = root if root is not None else repository_root()
    found = Discovery()
    seen: set[str] = set()

    def add(ref: FileRef, real: str | None = None) -> None:
        key = real if real is not None else os.path.realpath(ref.fs_path)
        if key not in seen:
            seen.add(key)
            found.files.append(ref)

    for given in paths:
        display = _posix(given)
        if not follow and os.path.lexists(given) and _leaves_through_a_link(given, repository):
            found.outside_paths.append(FileRef(display, given))
            continue
        if os.path.isdir(given):
            for _, shown, fs_path, real in _walk(given, excluded, found):
                add(FileRef(shown, fs_path, walked=True), real)
        elif os.path.lexists(given):
            add(FileRef(display, given))
        else:
            raise UsageError(f"path '{display}' does not exist")
    return found
