"""Progress on stderr for long work: rich, transient, and only when stderr is a terminal."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any


class Progress:
    """A context in which views report progress; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self._progress: Any = None

    def __enter__(self) -> Progress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn
            from rich.progress import Progress as RichProgress

            self._progress = RichProgress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def task(self, description: str, total: int | None = None) -> Callable[[], None]:
        """Start a task; returns the function that advances it by one."""
        progress = self._progress
        if progress is None:
            return lambda: None
        task_id = progress.add_task(description, total=total)
        return lambda: progress.advance(task_id)

    def stage(self, description: str) -> contextlib.AbstractContextManager[None]:
        """A spinner for work whose size is unknown, removed when the work is done."""
        progress = self._progress
        if progress is None:
            return contextlib.nullcontext()

        @contextlib.contextmanager
        def spinning() -> Iterator[None]:
            task_id = progress.add_task(description, total=None)
            try:
                yield
            finally:
                progress.remove_task(task_id)

        return spinning()
