"""Files loaded and validated in worker processes, and the one step a worker (or the parent) takes per file.

``process`` reads a file, looks it up in the cache, else parses and
validates it (``filecheck``), packs the result and writes the entry.  A
worker returns the packed bytes; the parent unpacks them in file order and
builds the model from them, exactly as from a cache entry.

``Workers`` is the pool: processes forked from the parent where that is safe
(one thread), else started afresh.  They ignore SIGINT (blocked until they
do): a Ctrl-C reaches the parent alone, which terminates them all at once
and exits 130 without a traceback from any of them.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from svcchain.cache import Cache, key
from svcchain.filecheck import PACK_VERSION, FileResult, check_bytes, pack
from svcchain.loader import Limits
from svcchain.packedpositions import Unpackable
from svcchain.reading import read_bytes

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

#: One file to load: its display name, the path to open, and whether a folder walk found it.
Task = tuple[str, str, bool]


def entry_name(display: str, walked: bool, data: bytes, limits: Limits, today: datetime.date) -> str:
    """The cache entry of one file's result: its content and everything else the result depends on."""
    return key(
        "file",
        str(PACK_VERSION),
        repr((limits.max_file_bytes, limits.max_depth, limits.max_alias_nodes)),
        today.isoformat(),
        "walked" if walked else "named",
        display,
        hashlib.blake2b(data).digest(),
    )


def process(
    task: Task, limits: Limits, today: datetime.date, cache: Cache | None, read: bool = True
) -> tuple[FileResult | None, bytes | None, bool]:
    """One file: its packed result (from the cache, or made and written to it), or the result itself.

    Returns ``(result, packed, from the cache)``.  The result itself comes back
    when it has no packed form (``filecheck.Unpackable``) or the file could not
    be read at all; otherwise the packed bytes do, and the caller unpacks them.
    ``read=False`` makes the result anew and replaces the entry.
    """
    display, fs_path, walked = task
    data, problem = read_bytes(display, fs_path, limits.max_file_bytes)
    if problem is not None or data is None:
        return FileResult(display, [problem] if problem else [], [], []), None, False
    name = entry_name(display, walked, data, limits, today) if cache is not None else ""
    if cache is not None and read:
        payload = cache.read(name)
        if payload is not None:
            return None, payload, True
    result = check_bytes(display, data, walked, limits, today)
    try:
        payload = pack(result)
    except Unpackable:
        return result, None, False
    if cache is not None:
        cache.write(name, payload)
    return None, payload, False


# --------------------------------------------------------------------------- the workers

_WORKER: dict[str, Any] = {}


def _start(limits: Limits, today: datetime.date, folder: str | None, secret: bytes) -> None:
    """In each worker: Ctrl-C is the parent's to handle; then unblock what the parent blocked."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _WORKER.update(limits=limits, today=today, cache=Cache(folder, secret) if folder is not None else None)


def _work(task: Task) -> bytes | None:
    """A worker's file: the packed result, or None when the parent has to load it itself."""
    result, payload, _ = process(task, _WORKER["limits"], _WORKER["today"], _WORKER["cache"])
    return payload if result is None else None


def _context() -> Any:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")  # the parent's modules are loaded already: cheap
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class Workers:
    """A pool of worker processes that load files; ``terminate`` ends them all at once."""

    def __init__(self, count: int, limits: Limits, today: datetime.date, cache: Cache | None) -> None:
        blocked = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
        if blocked:  # no worker may see a Ctrl-C before it ignores it; the parent gets it after this
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            folder, secret = (cache.folder, cache.secret) if cache is not None else (None, b"")
            self.pool: Pool = _context().Pool(count, _start, (limits, today, folder, secret))
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        self.count = count

    def map(self, tasks: Sequence[Task]) -> Iterator[bytes | None]:
        """The workers' results, in the order of ``tasks``."""
        chunk = max(1, min(16, len(tasks) // (self.count * 4)))
        return self.pool.imap(_work, tasks, chunk)

    def close(self) -> None:
        self.pool.close()
        self.pool.join()

    def terminate(self) -> None:
        self.pool.terminate()


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1
