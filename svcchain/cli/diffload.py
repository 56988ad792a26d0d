"""The two sides of ``svcchain diff``: git revisions, the working tree, or two folders, each checked as ``check`` is.

Both sides use the settings of the working tree's configuration (its paths,
rules, severities, excludes and limits): a change to the configuration in
the pull request itself is not what is compared.  In a git repository every
side's files are named by their path in the repository (``chains/a.yaml``),
whatever folder svcchain runs in; two folders name their files relative to
each folder.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from svcchain.cli.root import fail
from svcchain.findings import Problem, printable

if TYPE_CHECKING:
    from svcchain.discover import FileRef
    from svcchain.report import Report
    from svcchain.settings import Settings

WORKING_TREE = "working tree"


@dataclass
class Side:
    """One side of the comparison, checked."""

    name: str  # as the user named it: origin/main, working tree, old/
    kind: str  # revision | worktree | folder
    report: Report
    #: each file's path → a digest of its content (None when unreadable): finds renames
    digests: dict[str, str | None]
    commit: str | None = None
    #: configured paths this side does not hold
    missing: tuple[str, ...] = ()


def _digest(path: str, max_bytes: int) -> str | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest()


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


def check_tree(tree: str, paths: list[str], settings: Settings) -> tuple[Report, dict[str, str | None], list[str]]:
    """Check ``paths`` (relative to ``tree``, POSIX) as ``svcchain check`` would, naming files relative to ``tree``.

    A path the tree does not hold is left out (and returned): a folder
    added or deleted by the change is a side with no files, not an error.
    """
    from svcchain import engine
    from svcchain.discover import FileRef, UsageError, discover

    given = [(path, tree if path == "." else os.path.join(tree, *path.split("/"))) for path in paths]
    missing = [path for path, place in given if not os.path.lexists(place)]
    from svcchain.globs import excluder

    excluded = excluder(settings.exclude, settings.config_dir)

    try:
        found = discover([place for path, place in given if path not in missing], excluded, root=tree)
    except UsageError as exc:  # pragma: no cover - only existing paths are given
        raise fail(str(exc)) from None
    prefixes = tuple({_posix(tree) + "/", printable(_posix(tree)) + "/"})

    def shown(display: str) -> str:
        display = _posix(display)
        for prefix in prefixes:
            if display.startswith(prefix):
                return display[len(prefix) :]
        return "." if display in (_posix(tree), printable(_posix(tree))) else display

    files: list[FileRef] = [FileRef(shown(ref.display), ref.fs_path, ref.walked) for ref in found.files]
    extra: list[Problem] = []
    for problem in found.problems():
        where = problem.where
        extra.append(
            replace(problem, where=(shown(where[0]), where[1], where[2])) if isinstance(where, tuple) else problem
        )
    digests = {ref.display: _digest(ref.fs_path, settings.limits.max_file_bytes) for ref in files}
    return engine.check(files, settings, extra), digests, missing


def _in_tree(settings: Settings, root: str, tree: str) -> Settings:
    """The settings with the folder their globs are rooted at moved from ``root`` into ``tree``."""
    rel = os.path.relpath(os.path.realpath(settings.config_dir), root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return settings
    return replace(settings, config_dir=os.path.normpath(os.path.join(tree, rel)))


def load_folders(base: str, head: str, settings: Settings) -> tuple[Side, Side]:
    """Two folders, each checked whole (as ``svcchain check FOLDER``), files named relative to each."""
    sides = []
    for name in (base, head):
        tree = os.path.realpath(name)
        report, digests, _ = check_tree(tree, ["."], replace(settings, config_dir=tree))
        sides.append(Side(name, "folder", report, digests))
    return sides[0], sides[1]


def load_revisions(base: str, head: str | None, settings: Settings, temp: str) -> tuple[Side, Side]:
    """``base`` and ``head`` (None: the working tree) of the git repository around the current folder."""
    from svcchain.revisions import RevisionError, materialize, repository_path, repository_root, resolve_revision

    cwd = os.path.realpath(os.getcwd())
    try:
        root = repository_root(cwd)
        paths = []
        for path in settings.paths:
            inside = repository_path(root, cwd, path)
            if inside is None:
                raise RevisionError(
                    f"the path '{path}' is outside the git repository at {root}: svcchain diff compares "
                    "files of one repository; name paths inside it"
                )
            paths.append(inside)
        commits = [resolve_revision(root, base), resolve_revision(root, head) if head is not None else None]
        sides: list[Side] = []
        for index, (name, commit) in enumerate(zip((base, head), commits, strict=True)):
            if commit is None:
                report, digests, missing = check_tree(root, paths, _in_tree(settings, root, root))
                sides.append(Side(WORKING_TREE, "worktree", report, digests, None, tuple(missing)))
                continue
            tree = os.path.join(temp, f"side{index}")
            os.makedirs(tree)
            held = materialize(root, commit, paths, tree, settings.limits.max_file_bytes)
            report, digests, _ = check_tree(tree, paths, _in_tree(settings, root, tree))
            sides.append(Side(name or commit, "revision", report, digests, commit, tuple(held.missing)))
    except RevisionError as exc:
        raise fail(str(exc)) from None
    return sides[0], sides[1]


def load_sides(base: str, head: str | None, settings: Settings, temp: str) -> tuple[Side, Side]:
    """Two folders when both arguments name folders, else two git revisions (HEAD: the working tree)."""
    if head is not None:
        folders = [os.path.isdir(base), os.path.isdir(head)]
        if all(folders):
            return load_folders(base, head, settings)
        if any(folders):
            folder, other = (base, head) if folders[0] else (head, base)
            raise fail(
                f"'{folder}' is a folder but '{other}' is not: compare two folders (svcchain diff OLD/ NEW/) "
                "or two revisions (svcchain diff origin/main HEAD)"
            )
    return load_revisions(base, head, settings, temp)
