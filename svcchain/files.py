"""Writing files safely: never a half-written report, never a clobbered file by accident."""

from __future__ import annotations

import os
import tempfile


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".svcchain-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.chmod(temporary, _default_mode())  # mkstemp's 0600 would hide a report from others
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


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
