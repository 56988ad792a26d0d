"""Every chain file of a check, loaded and validated: from the cache, in worker processes, or here.

``load_all(files, settings, today)`` yields one ``FileResult`` per file, in
the order of ``files``, whichever way each was made: the engine builds the
model from them and cannot tell the ways apart (every result goes through
the same packed form; see ``filecheck``).

Workers are started only where they pay: with ``--jobs N`` (N of 2 or more)
whenever two files or more have to be parsed; by default (``jobs`` unset:
the usable CPUs) only when the files to parse hold ``PARALLEL_MIN_BYTES`` or
more besides the largest of them (measured on a 2-core machine: below it,
starting the workers and passing the results back costs more than it saves,
and one large file is parsed by one worker alone; see BENCHMARKS.md).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from svcchain.cache import ENV, FOLDER_NAME, Cache, note
from svcchain.filecheck import FileResult, unpack
from svcchain.loader import Limits
from svcchain.parallel import Task, Workers, entry_name, process, usable_cpus
from svcchain.reading import read_bytes

if TYPE_CHECKING:
    from svcchain.discover import FileRef


class LoadSettings(Protocol):
    """What loading reads of ``settings.Settings`` (a layer above this one)."""

    @property
    def limits(self) -> Limits: ...
    @property
    def cache_dir(self) -> str | None: ...
    @property
    def no_cache(self) -> bool: ...
    @property
    def jobs(self) -> int | None: ...


#: The default stays serial below this many bytes of files to parse (the largest not counted).
PARALLEL_MIN_BYTES = 3_000_000

__all__ = ["FOLDER_NAME", "PARALLEL_MIN_BYTES", "load_all", "open_cache"]


def open_cache(settings: LoadSettings) -> Cache | None:
    """The run's cache, or None: ``--no-cache``, no folder configured, or a folder that cannot be used."""
    folder = settings.cache_dir
    if settings.no_cache or not folder:
        return None
    return Cache.open(folder, follow=folder == os.environ.get(ENV))


def _local(task: Task, limits: Limits, today: datetime.date, cache: Cache | None) -> FileResult:
    result, payload, cached = process(task, limits, today, cache)
    if result is not None:
        return result
    assert payload is not None
    try:
        return unpack(payload)
    except Exception:  # a cache entry that does not unpack is a miss, whatever it holds
        if not cached:
            raise
    result, payload, _ = process(task, limits, today, cache, read=False)
    if result is not None:
        return result
    assert payload is not None
    return unpack(payload)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _worth_it(tasks: Sequence[Task]) -> bool:
    """Do the files hold ``PARALLEL_MIN_BYTES`` to parse beside the largest (which one worker parses alone)?"""
    sizes = [_size(fs_path) for _, fs_path, _ in tasks]
    return sum(sizes) - max(sizes, default=0) >= PARALLEL_MIN_BYTES


def _to_parse(tasks: Sequence[Task], limits: Limits, today: datetime.date, cache: Cache | None) -> list[str | None]:
    """The entry of each file the cache does not hold ("" without a cache), None for the others.

    Each file is read and hashed here; the worker that loads it reads it again.
    """
    if cache is None:
        return [""] * len(tasks)
    missing: list[str | None] = []
    for display, fs_path, walked in tasks:
        data, problem = read_bytes(display, fs_path, limits.max_file_bytes)
        name = entry_name(display, walked, data, limits, today) if problem is None and data is not None else None
        missing.append(name if name is not None and not cache.exists(name) else None)
    return missing


def _workers_for(
    tasks: Sequence[Task], jobs: int | None, limits: Limits, cache: Cache | None, today: datetime.date
) -> tuple[int, list[str | None]]:
    """How many workers to start (0: none) and which files they load (their entries, as ``_to_parse``)."""
    count = usable_cpus() if jobs is None else jobs
    if count < 2 or len(tasks) < 2:
        return 0, []
    if jobs is None and not _worth_it(tasks):
        return 0, []
    missing = _to_parse(tasks, limits, today, cache)
    parse = [task for task, miss in zip(tasks, missing, strict=True) if miss is not None]
    if len(parse) < 2:
        return 0, []
    if jobs is None and not _worth_it(parse):
        return 0, []
    return min(count, len(parse)), missing


def _start(count: int, limits: Limits, today: datetime.date, cache: Cache | None) -> Workers | None:
    """The workers, or None: none wanted, or none can be started here (no /dev/shm, no fork): then serially."""
    if not count:
        return None
    try:
        return Workers(count, limits, today, cache)
    except (OSError, ImportError, ValueError) as exc:
        note(f"cannot start worker processes ({exc}): loading the files in this one")
        return None


def load_all(files: Sequence[FileRef], settings: LoadSettings, today: datetime.date) -> Iterator[FileResult]:
    """Each file's loading problems, suppression comments and validated documents, in the order of ``files``."""
    limits = settings.limits
    cache = open_cache(settings)
    tasks = [(ref.display, ref.fs_path, ref.walked) for ref in files]
    count, missing = _workers_for(tasks, settings.jobs, limits, cache, today)
    workers = _start(count, limits, today, cache)
    if workers is None:
        for task in tasks:
            yield _local(task, limits, today, cache)
    else:
        try:
            made = workers.map([task for task, miss in zip(tasks, missing, strict=True) if miss is not None])
            for task, miss in zip(tasks, missing, strict=True):
                payload = next(made) if miss is not None else None
                yield unpack(payload) if payload is not None else _local(task, limits, today, cache)
        except BaseException:
            workers.terminate()
            raise
        workers.close()
        if cache is not None:  # what the workers wrote, for pruning
            cache.used.update(name for name in missing if name)
            cache.wrote += sum(1 for name in missing if name)
    if cache is not None:
        cache.prune(len(files))
