"""The cache folder: entries that make a second run fast, and nothing in them trusted blindly.

``.svcchain_cache/`` beside the config file (else in the current folder),
``cache-dir`` in the config, or ``SVCCHAIN_CACHE_DIR``; it holds a
``.gitignore`` (``*``) and a ``CACHEDIR.TAG``.  Each entry is one file named
by a hash of everything its content depends on (``key``): the content hash of
a chain file, svcchain's code and the versions of the libraries it parses and
validates with, and the settings that change the result.  A changed input is a
new name; an entry is never updated in place.

An entry is ``MAGIC``, the entry format, svcchain's version, a keyed
BLAKE2b checksum of its name and payload, and the payload (``marshal`` of
plain values, see ``filecheck``).  The checksum's key is derived from a
random secret in the folder *and* from that file's inode and modification
time on this machine: a cache folder that arrives with a checkout - committed
to the repository, planted by a pull request, restored from elsewhere - has
entries no key here matches, so they are ignored and rebuilt, never trusted.
A truncated, corrupt, foreign-version or hostile entry is likewise a miss,
never an error.  Entries are written to a temporary file and renamed (two
runs at once see a whole entry or none), and a folder that cannot be written
means running without a cache: silently, unless ``--debug`` (the
``svcchain.cache`` logger).
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterable

from svcchain import __version__

MAGIC = b"SVCCHAIN-CACHE\n"
#: The layout of an entry; a change makes every entry a miss.
FORMAT = 1
FOLDER_NAME = ".svcchain_cache"
ENV = "SVCCHAIN_CACHE_DIR"
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by svcchain.\n"
_KEY_FILE = "key"
#: What a cache folder holds besides its entries (another run may be making them this moment).
_OURS = frozenset({".gitignore", "CACHEDIR.TAG", _KEY_FILE})
_SECRET_BYTES = 32
#: Never read an entry larger than this (a planted huge file costs nothing).
MAX_ENTRY_BYTES = 1 << 30
#: Temporary files of runs that were killed are removed after this many seconds.
_STALE_TEMPORARY = 3600


def note(message: str) -> None:
    """Why the cache is not used, or an entry not written: shown with ``--debug`` only."""
    import logging

    logging.getLogger("svcchain.cache").debug("svcchain: cache: %s", message)


def _header() -> bytes:
    version = __version__.encode()
    return MAGIC + bytes([FORMAT, len(version)]) + version


_CODE: bytes | None = None


def code_fingerprint() -> bytes:
    """svcchain's version and source files, Python's version and the libraries a result depends on.

    The files' sizes and modification times, so an edited checkout (``pip
    install -e``) never reads an entry an older code wrote.
    """
    global _CODE
    if _CODE is None:
        import importlib.util

        parts = [__version__, sys.version, sys.implementation.cache_tag or ""]
        package = os.path.dirname(os.path.abspath(__file__))
        for folder, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    info = os.stat(os.path.join(folder, name))
                    parts.append(
                        f"{os.path.relpath(os.path.join(folder, name), package)}:{info.st_size}:{info.st_mtime_ns}"
                    )
        for module in ("yaml", "_yaml", "pydantic_core", "networkx"):
            try:
                spec = importlib.util.find_spec(module)
                origin = spec.origin if spec is not None else None
                if origin:
                    found = os.stat(origin)
                    parts.append(f"{module}:{origin}:{found.st_size}:{found.st_mtime_ns}")
                else:
                    parts.append(f"{module}:-")
            except (ImportError, ValueError, OSError):
                parts.append(f"{module}:?")
        _CODE = hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogatepass")).digest()
    return _CODE


def key(*parts: bytes | str) -> str:
    """An entry's name: a hash of everything its content depends on (and of the code)."""
    digest = hashlib.blake2b(code_fingerprint(), digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """An open cache folder: read and write entries by name."""

    def __init__(self, folder: str, secret: bytes) -> None:
        self.folder = folder
        self.secret = secret  # the checksum key, bound to this folder on this machine
        self.writable = True
        self.used: set[str] = set()
        self.wrote = 0

    # -- opening -------------------------------------------------------------
    @classmethod
    def open(cls, folder: str, follow: bool = False) -> Cache | None:
        """The cache in ``folder`` (made when missing), or None when it cannot be used.

        ``follow``: the folder may be a symbolic link (it was named by
        ``SVCCHAIN_CACHE_DIR``).  A folder found in the repository must not be
        one, and an existing folder is used only if svcchain made it (its
        ``CACHEDIR.TAG``) or it is empty: a config that names some other
        folder gets no files written into it.
        """
        try:
            if follow:
                os.makedirs(folder, exist_ok=True)
            else:
                try:
                    os.mkdir(folder)
                except FileExistsError:
                    if stat.S_ISLNK(os.lstat(folder).st_mode):
                        note(f"{folder} is a symbolic link: not used (set {ENV} to use a folder elsewhere)")
                        return None
            if not os.path.isdir(folder):
                note(f"{folder} is not a folder")
                return None
            tag = os.path.join(folder, "CACHEDIR.TAG")
            if not _is_ours(tag):
                if any(name not in _OURS and not name.startswith(".tmp-") for name in os.listdir(folder)):
                    note(f"{folder} holds files svcchain did not write: not used as its cache")
                    return None
                _write(os.path.join(folder, ".gitignore"), b"# Created by svcchain automatically.\n*\n")
                _write(tag, TAG.encode())
            secret = _secret(folder)
        except OSError as exc:
            note(f"cannot use {folder}: {exc}")
            return None
        return cls(folder, secret) if secret is not None else None

    # -- entries -------------------------------------------------------------
    def _path(self, name: str) -> str:
        return os.path.join(self.folder, name)

    def _checksum(self, name: str, payload: bytes) -> bytes:
        mac = hashlib.blake2b(name.encode(), key=self.secret, digest_size=32)
        mac.update(payload)
        return mac.digest()

    def exists(self, name: str) -> bool:
        return os.path.isfile(self._path(name))

    def read(self, name: str) -> bytes | None:
        """The payload of entry ``name``, or None: missing, unreadable, not ours or not whole."""
        self.used.add(name)
        try:
            raw = _read_regular(self._path(name))
        except OSError:
            return None
        header = _header()
        if raw is None or not raw.startswith(header) or len(raw) < len(header) + 32:
            return None
        checksum, payload = raw[len(header) : len(header) + 32], raw[len(header) + 32 :]
        if not _same(checksum, self._checksum(name, payload)):
            return None
        return payload

    def write(self, name: str, payload: bytes) -> None:
        """Write entry ``name`` atomically; on any failure stop writing for this run."""
        self.used.add(name)
        if not self.writable:
            return
        try:
            _write(self._path(name), _header() + self._checksum(name, payload) + payload)
            self.wrote += 1
        except IsADirectoryError:  # a folder planted under an entry's name: that entry is not kept
            note(f"{self._path(name)} is a folder: not replaced")
        except OSError as exc:
            self.writable = False
            note(f"cannot write to {self.folder}: {exc}; running without writing the cache")

    def prune(self, files: int) -> None:
        """Keep the folder bounded: past 4 entries a file, drop the oldest entries this run did not use."""
        if not self.wrote or not self.writable:
            return
        try:
            entries = list(os.scandir(self.folder))
            now = time.time()
            stale = [e for e in entries if e.name.startswith(".tmp-") and now - e.stat().st_mtime > _STALE_TEMPORARY]
            names = [e for e in entries if _is_entry(e.name)]
            if len(names) > 4 * files + 256:
                unused = sorted((e for e in names if e.name not in self.used), key=lambda e: e.stat().st_mtime)
                stale += unused[: len(names) - (2 * files + 256)]
            for entry in stale:
                os.unlink(entry.path)
        except OSError as exc:
            note(f"cannot prune {self.folder}: {exc}")


def _is_entry(name: str) -> bool:
    return len(name) == 40 and all(c in "0123456789abcdef" for c in name)


def _same(a: bytes, b: bytes) -> bool:
    import hmac

    return hmac.compare_digest(a, b)


def _read_regular(path: str, limit: int = MAX_ENTRY_BYTES) -> bytes | None:
    """The bytes of a regular file (no links, FIFOs or devices are opened), or None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks = []
        left = info.st_size + 1
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= info.st_size else None
    finally:
        os.close(handle)


def _write(path: str, data: bytes) -> None:
    """Write a file whole or not at all: a temporary file in the same folder, then a rename."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _is_ours(tag: str) -> bool:
    try:
        data = _read_regular(tag, 4096)
    except OSError:
        return False
    return data is not None and data.startswith(TAG.split("\n", 1)[0].encode())


def _secret(folder: str) -> bytes | None:
    """The checksum key: the folder's random secret, bound to that file's inode and time on this machine."""
    path = os.path.join(folder, _KEY_FILE)
    for _ in range(3):
        try:
            handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except FileNotFoundError:
            _create_secret(path)
            continue
        except OSError:  # a link or worse: replace it
            _replace_secret(path)
            continue
        try:
            info = os.fstat(handle)
            secret = os.read(handle, _SECRET_BYTES + 1) if stat.S_ISREG(info.st_mode) else b""
        finally:
            os.close(handle)
        if len(secret) != _SECRET_BYTES:  # secrets are published whole: this one is damaged
            _replace_secret(path)
            continue
        bound = f"{info.st_dev}:{info.st_ino}:{info.st_mtime_ns}".encode()
        return hashlib.blake2b(secret + bound, digest_size=32).digest()
    return None


def _create_secret(path: str) -> None:
    """Publish a new secret whole: written to a temporary file, then linked (never over another run's)."""
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=os.path.dirname(path))
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(os.urandom(_SECRET_BYTES))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another run made it first: use theirs
        except OSError:  # a file system without hard links
            os.replace(temporary, path)
            return
    except BaseException:
        os.unlink(temporary)
        raise
    os.unlink(temporary)


def _replace_secret(path: str) -> None:
    _write(path, os.urandom(_SECRET_BYTES))


def entries(folder: str) -> Iterable[str]:
    """The names of the entries in a cache folder (for tests and ``--debug``)."""
    try:
        return sorted(name for name in os.listdir(folder) if _is_entry(name))
    except OSError:
        return []
