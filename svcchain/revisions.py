"""Chain files as a git revision holds them, read with git itself: no checkout, no change to the working tree.

``svcchain diff`` compares two revisions of a repository.  A revision's
files under the configured paths are listed with ``git ls-tree`` and read
with one ``git cat-file --batch``; they are written into a temporary folder
that mirrors the repository (the caller removes it), so the loader reads them
as it reads any file, with every limit it applies.  Nothing here touches the
repository: git is run read-only (no index refresh, no lock).

Every failure is a ``RevisionError`` whose message says what to do.
"""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO

#: What a chain file found by walking a folder ends with (as ``discover`` walks).
SUFFIXES = (".yaml", ".yml")
#: Modes of the tree entries that are files: regular, executable, symbolic link.
_FILE_MODES = {"100644": "file", "100755": "file", "120000": "link"}


class RevisionError(Exception):
    """A revision or repository svcchain cannot read; the message says what to do (exit status 2)."""


@dataclass
class Materialized:
    """What a revision holds under the given paths, written into ``folder``."""

    commit: str
    folder: str
    #: repository paths written (files and symbolic links), in the order git lists them
    written: list[str] = field(default_factory=list)
    #: the given paths that the revision does not hold
    missing: list[str] = field(default_factory=list)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LC_ALL="C",  # messages svcchain can read
        GIT_TERMINAL_PROMPT="0",  # never wait for a password
        GIT_OPTIONAL_LOCKS="0",  # read-only: no index refresh, no lock
        GIT_LITERAL_PATHSPECS="1",  # a path is a path, never a glob or magic
    )
    return env


def git(root: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run ``git -C root ARGS``; a missing git is a ``RevisionError``."""
    try:
        done = subprocess.run(
            ["git", "-C", root, *args], capture_output=True, env=_environment(), stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed or not on PATH: install git to compare revisions") from None
    except OSError as exc:
        raise RevisionError(f"cannot run git: {exc.strerror or exc}") from None
    if check and done.returncode != 0:
        raise RevisionError(f"git {args[0]} failed: {_first_line(done.stderr)}")
    return done


def _first_line(data: bytes) -> str:
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines() if line.strip()]
    text = lines[0] if lines else "no message"
    return text.removeprefix("fatal: ").removeprefix("error: ")


def repository_root(start: str) -> str:
    """The real path of the top folder of the git repository around ``start``."""
    done = git(start, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")
        if "not a git repository" in message:
            raise RevisionError(
                f"'{start}' is not in a git repository: run svcchain diff inside a clone, "
                "or compare two folders (svcchain diff OLD/ NEW/)"
            )
        raise RevisionError(f"git cannot read the repository at '{start}': {_first_line(done.stderr)}")
    return os.path.realpath(done.stdout.decode("utf-8", "surrogateescape").rstrip("\n"))


def _fetch_hint(root: str, revision: str) -> str:
    """``git fetch origin main`` for ``origin/main``; ``git fetch origin X`` for another name."""
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", revision):  # HEAD~3, main^, v1:path: not something to fetch by name
        return "git fetch --unshallow, or a deeper fetch"
    remote, _, branch = revision.partition("/")
    if branch:
        remotes = git(root, "remote", check=False).stdout.decode("utf-8", "replace").split()
        if remote in remotes:
            return f"git fetch {remote} {branch}"
    return f"git fetch origin {revision}"


def resolve_revision(root: str, revision: str) -> str:
    """The commit ``revision`` names, or a ``RevisionError`` that says how to get it."""
    if not revision or revision.startswith("-") or any(char in revision for char in "\0\n\r"):
        raise RevisionError(f"'{revision}' is not a revision: name a branch, tag or commit (e.g. origin/main)")
    done = git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", check=False)
    if done.returncode == 0:
        return done.stdout.decode("ascii", "replace").strip()
    shallow = git(root, "rev-parse", "--is-shallow-repository", check=False).stdout.strip() == b"true"
    hint = _fetch_hint(root, revision)
    if shallow:
        raise RevisionError(
            f"revision '{revision}' is not in this shallow clone: fetch the history "
            f"(actions/checkout with fetch-depth: 0, or git fetch --unshallow), or fetch it ({hint})"
        )
    raise RevisionError(f"unknown revision '{revision}': fetch it ({hint}) or check the name")


@dataclass(frozen=True)
class _Entry:
    kind: str  # file | link
    oid: str
    path: str  # repository path, POSIX


def _safe(path: str) -> bool:
    """A repository path that stays inside the folder it is written to."""
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and all(part not in ("", ".", "..") for part in parts)


def _wanted(path: str, named: set[str]) -> bool:
    """A chain file a walk would read, or a file the configuration names itself."""
    return path.endswith(SUFFIXES) or path in named


def list_files(root: str, commit: str, paths: Sequence[str]) -> tuple[list[_Entry], list[str]]:
    """The chain files of ``commit`` under ``paths`` (repository paths), and the paths it does not hold."""
    done = git(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths)
    named = {path for path in paths if path != "."}
    entries: list[_Entry] = []
    seen_under: set[str] = set()
    for record in done.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        fields = meta.decode("ascii", "replace").split()
        if len(fields) != 3 or fields[1] != "blob" or fields[0] not in _FILE_MODES:
            continue  # trees are recursed; submodules (commits) hold no chain file
        path = raw_path.decode("utf-8", "surrogateescape")
        for given in paths:
            if given == "." or path == given or path.startswith(given.rstrip("/") + "/"):
                seen_under.add(given)
        if _safe(path) and _wanted(path, named):
            entries.append(_Entry(_FILE_MODES[fields[0]], fields[2], path))
    missing = [path for path in paths if path not in seen_under and path != "."]
    return entries, missing


def _feed(stream: IO[bytes], oids: Iterable[str]) -> None:
    try:
        for oid in oids:
            stream.write(oid.encode("ascii") + b"\n")
    except (BrokenPipeError, OSError):
        pass
    finally:
        try:
            stream.close()
        except OSError:
            pass


def _copy(source: IO[bytes], size: int, target: str, max_bytes: int) -> None:
    """``size`` bytes of ``source`` into ``target``; past ``max_bytes`` only the size is kept.

    A file over the loader's limit is not stored whole: its first
    ``max_bytes + 1`` bytes are written and the file is extended (sparsely)
    to its real size, so the loader reports it exactly as it would in the
    working tree.
    """
    remaining = size
    with open(target, "wb") as out:
        while remaining > 0:
            chunk = source.read(min(remaining, 1 << 20))
            if not chunk:
                raise RevisionError("git cat-file stopped early: the repository may be damaged")
            remaining -= len(chunk)
            room = max_bytes + 1 - out.tell()
            if room > 0:
                out.write(chunk[:room])
        if size > out.tell():
            out.truncate(size)
    source.read(1)  # the newline after the content


def read_blobs(root: str, entries: list[_Entry], folder: str, max_bytes: int) -> list[str]:
    """Write each entry's content under ``folder`` (symbolic links as links); the paths written."""
    if not entries:
        return []
    try:
        process = subprocess.Popen(
            ["git", "-C", root, "cat-file", "--batch"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_environment(),
        )
    except OSError as exc:
        raise RevisionError(f"cannot run git: {exc.strerror or exc}") from None
    assert process.stdin is not None and process.stdout is not None
    feeder = threading.Thread(target=_feed, args=(process.stdin, [entry.oid for entry in entries]), daemon=True)
    feeder.start()
    written: list[str] = []
    try:
        for entry in entries:
            header = process.stdout.readline().decode("ascii", "replace").split()
            if len(header) != 3 or header[1] != "blob" or not header[2].isdigit():
                raise RevisionError(f"git cannot read '{entry.path}' ({' '.join(header) or 'no answer'})")
            target = os.path.join(folder, *entry.path.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if entry.kind == "link":
                link_target = process.stdout.read(int(header[2])).decode("utf-8", "surrogateescape")
                process.stdout.read(1)
                try:
                    os.symlink(link_target, target)  # the loader decides whether to follow it, as in a checkout
                except OSError:
                    continue  # a system without symbolic links: the link is not there, as in a checkout
            else:
                _copy(process.stdout, int(header[2]), target, max_bytes)
            written.append(entry.path)
    finally:
        process.stdout.close()
        process.kill()
        process.wait()
        feeder.join()
    return written


def materialize(root: str, commit: str, paths: Sequence[str], folder: str, max_bytes: int) -> Materialized:
    """Write the chain files ``commit`` holds under ``paths`` (repository paths) into ``folder``."""
    entries, missing = list_files(root, commit, paths)
    written = read_blobs(root, entries, folder, max_bytes)
    return Materialized(commit, folder, written, missing)


def repository_path(root: str, cwd: str, path: str) -> str | None:
    """``path`` (relative to ``cwd``, or absolute) as a repository path; None when it is outside ``root``."""
    absolute = os.path.normpath(path if os.path.isabs(path) else os.path.join(cwd, path))
    for candidate in (absolute, os.path.join(os.path.realpath(os.path.dirname(absolute)), os.path.basename(absolute))):
        rel = posixpath.normpath(os.path.relpath(candidate, root).replace(os.sep, "/"))
        if rel != ".." and not rel.startswith("../"):
            return rel
    return None
