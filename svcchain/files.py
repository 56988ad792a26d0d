"""Writing files safely: never a half-written report, never a clobbered file by accident."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from types import FrameType
from typing import Any


def write_atomic(path: str, text: str | bytes) -> None:
    """Write ``text`` to ``path`` so that readers see the old content or the new, never half of it.

    ``text`` is written as UTF-8, or as it is when it is bytes (a PDF).

    What ``path`` is decides how:

    - not a regular file (a device such as ``/dev/null`` or ``/dev/stdout``,
      a FIFO, a socket): opened and written through, as a shell redirect
      does; renaming over it would replace the device with a file;
    - a symbolic link: followed; its target is replaced atomically and the
      link stays a link;
    - a regular file: replaced through a temporary file in the same folder
      and a rename, keeping the file's permissions;
    - missing: created the same way, with the permissions a plain ``open()``
      gives (0666 minus the umask).

    The temporary file never outlives the write: it is removed on any error
    and when SIGTERM, SIGHUP or SIGINT arrives while it exists.
    """
    try:
        found = os.stat(path)  # what the path leads to, through any links
    except FileNotFoundError:
        found = None
    if found is not None and not stat.S_ISREG(found.st_mode):
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(errno.EISDIR, "it is a folder", path)
        with _opened(path, text) as out:  # a device or a pipe: write through
            out.write(text)
        return
    target = os.path.realpath(path) if os.path.islink(path) else path
    mode = stat.S_IMODE(found.st_mode) if found is not None else _default_mode()
    folder = os.path.dirname(os.path.abspath(target))
    handle, temporary = tempfile.mkstemp(prefix=".svcchain-", suffix=".tmp", dir=folder)
    with _removed_on_signal(temporary):
        try:
            with _opened(handle, text) as out:
                out.write(text)
            os.chmod(temporary, mode)
            os.replace(temporary, target)
        except BaseException:
            _unlink(temporary)
            raise


def _opened(file: str | int, text: str | bytes) -> Any:
    """``file`` (a path or a descriptor) opened to write ``text``: binary for bytes, else UTF-8 text."""
    if isinstance(text, bytes):
        return open(file, "wb")
    return open(file, "w", encoding="utf-8", newline="")


_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name))


@contextlib.contextmanager
def _removed_on_signal(temporary: str) -> Iterator[None]:
    """Remove ``temporary`` if the process is told to stop while it exists, then stop as told."""

    def cleanup(signum: int, frame: FrameType | None) -> None:
        _unlink(temporary)
        signal.signal(signum, previous.get(signum, signal.SIG_DFL))
        if signum == getattr(signal, "SIGINT", None):
            raise KeyboardInterrupt
        os.kill(os.getpid(), signum)

    previous: dict[int, Any] = {}
    try:
        for signum in _SIGNALS:
            previous[signum] = signal.signal(signum, cleanup)
    except ValueError:  # not the main thread: signals stay as they are
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        previous.clear()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _default_mode() -> int:
    """The permissions a plain ``open()`` would give a new file (0666 minus the umask)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_new(path: str, text: str) -> bool:
    """Create ``path`` with ``text`` atomically; never replace a file that exists.

    Returns False (and writes nothing) when ``path`` already exists.  The
    file appears complete or not at all: it is written to a temporary file,
    then hard-linked into place, which fails rather than overwrite.  Where
    the file system has no hard links, it falls back to check-then-rename.
    """
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".svcchain-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, _default_mode())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        except OSError:  # no hard links on this file system
            if os.path.lexists(path):
                return False
            os.replace(temporary, path)
        return True
    finally:
        try:
            os.unlink(temporary)
        except OSError:
            pass


#: The most svcchain reads of a file it consumes besides chain files (config, baseline): 10 MiB.
SIDE_FILE_LIMIT = 10 * 1024 * 1024


class UnreadableFile(Exception):
    """A config or baseline file that cannot be read safely; the message says why, for one line."""


def read_limited(path: str, limit: int = SIDE_FILE_LIMIT) -> str:
    """The text of a small file svcchain consumes, read as chain files are: a regular file, within a size limit, UTF-8.

    A config or a baseline comes with a pull request too: ``--baseline
    /dev/zero`` once read until memory ran out.
    """
    try:
        found = os.stat(path)
        if not stat.S_ISREG(found.st_mode):
            raise UnreadableFile("it is not a regular file")
        if found.st_size > limit:
            raise UnreadableFile(f"it is over {limit:,} bytes")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UnreadableFile(exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise UnreadableFile(f"it is over {limit:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"it is not UTF-8 (byte {exc.start + 1})") from None
