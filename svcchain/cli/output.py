"""Where a command's text goes: stdout, a rich console, or a file written atomically."""

from __future__ import annotations

import sys
from typing import Any

from svcchain.cli.root import fail


def write(text: str) -> None:
    """Text to stdout, flushed (a closed pipe surfaces here, inside the guard)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def write_file(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically; on failure one line and exit 2."""
    from svcchain.files import write_atomic

    try:
        write_atomic(path, text)
    except OSError as exc:
        raise fail(f"cannot write '{path}': {exc.strerror or exc}") from None


def emit(text: str, output: str | None) -> None:
    """A rendered text to ``output`` (atomically) or to stdout."""
    if output is None:
        write(text)
    else:
        write_file(output, text)


def print_rich(*renderables: Any) -> None:
    """rich renderables to stdout (colour and width as the terminal allows)."""
    from rich.console import Console

    console = Console(highlight=False)
    for renderable in renderables:
        console.print(renderable)
